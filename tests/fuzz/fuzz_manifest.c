/* fuzz_manifest.c — the manifest: the input is written as book.yaml in a folder that also
 * holds a small plan (plan.csv) and prose page (page.md) for it to name, then read with
 * manifest_read and checked with validate_book, as 'planbook check' does. */
#include "fuzz.h"
#include "read_manifest.h"
#include "validate.h"

static const char plan[] =
	"נושאים,חזון ראש העיר,הדגשי מדיניות,שם החשבון,תב\"ר,תקציב,מטרה,סוג מדד,מדד,ערך,הערות\n"
	"חינוך,עיר לומדת,מצוינות,שכר,,\"1,000\",מטרה אחת,מדד תפוקה,מדד,31/12/2020,\n"
	",,,,,,,,מדד שני,50%,הערה\n";
static const char page[] = "---\nsubject: עמוד\n---\n# כותרת\n\nפסקה עם **הדגשה**.\n\n- פריט\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dir;
	if (!dir) {
		fuzz_write("plan.csv", plan, sizeof plan - 1);
		fuzz_write("page.md", page, sizeof page - 1);
		dir = fuzz_dir();
	}
	fuzz_write("book.yaml", data, size);
	struct diag d = fuzz_diag();
	struct arena a = {0};
	struct book *b = manifest_read(&a, &d, dir);
	if (b)
		validate_book(&a, &d, b);
	arena_free(&a);
	return 0;
}
