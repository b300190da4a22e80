/* test_lookups.c — what `planbook check` finds by looking a value up (gen/hash.c since the
 * lookups stopped being scans): unit ids used again, each earlier use told oldest first; a
 * plan file two units list, checked once; files in the folder that book.yaml does not list;
 * vocabulary values not in their list, the same slip in many rows, and items that YAML split
 * at a comma. Every expected line number is counted in the text the test writes. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "folder.h"

/* The line of book.yaml text on which the n-th (from 1) occurrence of what begins. */
static int line_of(const char *text, const char *what, int n)
{
	const char *p = strstr(text, what);
	for (; p && n > 1; n--)
		p = strstr(p + 1, what);
	if (!p)
		return -1;
	int line = 1;
	for (const char *q = text; q < p; q++)
		line += *q == '\n';
	return line;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static const char manifest_head[] =
	"id: t\nyear: 2020\ntitle: t\n"
	"vocabularies:\n"
	"  vision:\n"
	"    - pillar: עיר מקיימת\n"
	"      themes: [ניצול חכם, ויעיל של משאבים, עיר בריאה ופעילה]\n"
	"  policy:\n"
	"    - emphasis: פיתוח עירוני\n"
	"      items: [התחדשות עירונית]\n"
	"  metric-types:\n"
	"    - label: מדד התארגנות\n"
	"  budget-texts: [במסגרת התקציב השוטף]\n";

static const char header[] =
	"נושאים,חזון ראש העיר,הדגשי מדיניות,שם החשבון,תב\"ר,תקציב,מטרה,סוג מדד,מדד,ערך,הערות\n";

static void test_unit_ids(void)
{
	char m[4096];
	snprintf(m, sizeof m,
		 "%sparts:\n  - id: a\n    title: מינהל\n    units:\n"
		 "      - id: u1\n        toc: יחידה\n        plan: plan.csv\n"
		 "      - id: u2\n        toc: יחידה ב\n        plan: plan.csv\n"
		 "      - id: u1\n        toc: יחידה ג\n        plan: plan.csv\n"
		 "  - id: b\n    title: מינהל ב\n    units:\n"
		 "      - id: u1\n        toc: יחידה ד\n        plan: plan.csv\n"
		 "      - id: u2\n        toc: יחידה ה\n        plan: plan.csv\n",
		 manifest_head);
	write_file("book.yaml", m, 0);
	write_file("plan.csv", arena_printf(&A, "%sא,,,,,,מטרה,מדד התארגנות,מדד,1,\n", header), 0);
	int errors, warnings;
	char *out = run(NULL, &errors, &warnings);
	int u1[3] = {line_of(m, "- id: u1", 1), line_of(m, "- id: u1", 2), line_of(m, "- id: u1", 3)};
	int u2[2] = {line_of(m, "- id: u2", 1), line_of(m, "- id: u2", 2)};
	const char *want[4] = {
		arena_printf(&A, "%s/book.yaml:%d:9: error: the unit id 'u1' is already used at line %d [PB029]",
			     dir, u1[1], u1[0]),
		arena_printf(&A, "%s/book.yaml:%d:9: error: the unit id 'u1' is already used at line %d [PB029]",
			     dir, u1[2], u1[0]),
		arena_printf(&A, "%s/book.yaml:%d:9: error: the unit id 'u1' is already used at line %d [PB029]",
			     dir, u1[2], u1[1]),
		arena_printf(&A, "%s/book.yaml:%d:9: error: the unit id 'u2' is already used at line %d [PB029]",
			     dir, u2[1], u2[0]),
	};
	const char *at[4];
	for (int i = 0; i < 4; i++)
		at[i] = strstr(out, want[i]);
	CHECK(at[0] && at[1] && at[2] && at[3] && errors == 4,
	      "unit ids: an id used a second and a third time, and another used twice: 4 errors (%d)",
	      errors);
	CHECK(at[0] && at[1] && at[2] && at[3] && at[0] < at[1] && at[1] < at[2] && at[2] < at[3],
	      "unit ids: in the book's order, the earlier uses of an id oldest first");
	if (errors != 4 || !at[0] || !at[1] || !at[2] || !at[3])
		printf("%s", out);
	CHECK(count(out, "[PB029]") == 4, "unit ids: no other unit is reported");
	unlink(arena_printf(&A, "%s/plan.csv", dir));
}

/* Two units list one plan, which has one value not in the vision list: told once. */
static void test_shared_plan(void)
{
	char m[4096];
	snprintf(m, sizeof m,
		 "%sparts:\n  - id: a\n    title: מינהל\n    units:\n"
		 "      - id: u1\n        toc: יחידה\n        plan: sub/plan.csv\n"
		 "      - id: u2\n        toc: יחידה ב\n        plan: sub/plan.csv\n"
		 "      - id: u3\n        toc: יחידה ג\n        plan: sub/other.csv\n",
		 manifest_head);
	mkdir(arena_printf(&A, "%s/sub", dir), 0755);
	write_file("book.yaml", m, 0);
	const char *plan = arena_printf(&A, "%sא,עיר מקיימת - עיר בריאה ופעילהה,,,,,מטרה,מדד התארגנות,מדד,1,\n",
					header);
	write_file("sub/plan.csv", plan, 0);
	write_file("sub/other.csv", plan, 0);
	write_file("sub/stray.csv", header, 0);
	write_file("sub/NOTES.md", "notes\n", 0);
	write_file("sub/README.csv", header, 0);
	write_file("sub/~$lock.xlsx", "", 0);
	write_file("sub/stray.xlsx", "", 0);
	int errors, warnings;
	char *out = run(NULL, &errors, &warnings);
	const char *slip = "'עיר מקיימת - עיר בריאה ופעילהה' is not in the mayor's vision list of book.yaml "
			   "(did you mean 'עיר מקיימת - עיר בריאה ופעילה'?) [PB024]";
	CHECK(count(out, arena_printf(&A, "%s/sub/plan.csv:2:3: row 2, column B (חזון ראש העיר): warning: %s",
				      dir, slip)) == 1,
	      "shared plan: a plan two units list is checked once");
	CHECK(count(out, arena_printf(&A, "%s/sub/other.csv:2:3: row 2, column B (חזון ראש העיר): warning: %s",
				      dir, slip)) == 1,
	      "shared plan: the same slip in another file is told there too, with its hint");
	CHECK(count(out, "[PB030]") == 2 &&
	      strstr(out, arena_printf(&A, "%s/sub/stray.csv: warning: this file is in the input folder "
				       "but book.yaml does not list it [PB030]", dir)) &&
	      strstr(out, arena_printf(&A, "%s/sub/stray.xlsx: warning: this file", dir)) &&
	      strstr(out, "stray.csv") < strstr(out, "stray.xlsx"),
	      "unlisted files: the two in a sub-folder that nothing lists, in name order; not the "
	      "listed ones, the notes or Excel's lock file");
	if (warnings != 4)
		printf("%s", out);
	CHECK(errors == 0 && warnings == 4, "shared plan: 4 warnings in all (%d)", warnings);
	unlink(arena_printf(&A, "%s/sub/plan.csv", dir));
	unlink(arena_printf(&A, "%s/sub/other.csv", dir));
	unlink(arena_printf(&A, "%s/sub/stray.csv", dir));
	unlink(arena_printf(&A, "%s/sub/NOTES.md", dir));
	unlink(arena_printf(&A, "%s/sub/README.csv", dir));
	unlink(arena_printf(&A, "%s/sub/~$lock.xlsx", dir));
	unlink(arena_printf(&A, "%s/sub/stray.xlsx", dir));
	rmdir(arena_printf(&A, "%s/sub", dir));
}

/* Values against the lists: found however spaced and dashed, the same slip in two rows
 * told in both with the same hint, one far from everything told without a hint, items that
 * YAML split at their comma found joined. */
static void test_vocabulary(void)
{
	char m[4096];
	snprintf(m, sizeof m,
		 "%sparts:\n  - id: a\n    title: מינהל\n    units:\n"
		 "      - id: u1\n        toc: יחידה\n        plan: plan.csv\n",
		 manifest_head);
	write_file("book.yaml", m, 0);
	write_file("plan.csv", arena_printf(&A,
		"%s"
		"א,עיר מקיימת -עיר  בריאה ופעילה,פיתוח עירוני – התחדשות עירונית,,,,מטרה,מדד התארגנות,מדד,1,\n"
		"ב,עיר מקיימת - עיר בריאה ופעלה,פיתוח עירוני,,,,מטרה ב,מדד התארגנות,מדד,1,\n"
		"ג,עיר מקיימת - עיר בריאה ופעלה,-,,,,מטרה ג,מדד התארגנות,מדד,1,\n"
		"ד,משהו אחר לגמרי,פיתוח עירוני - התחדשות עירונת,,,,מטרה ד,מדד התארגנות,מדד,1,\n"
		"ה,\"עיר מקיימת - ניצול חכם, ויעיל של משאבים\",,,,,מטרה ה,מדד התארגנות,מדד,1,\n",
		header), 0);
	int errors, warnings;
	char *out = run(NULL, &errors, &warnings);
	const char *slip = "warning: 'עיר מקיימת - עיר בריאה ופעלה' is not in the mayor's vision list of "
			   "book.yaml (did you mean 'עיר מקיימת - עיר בריאה ופעילה'?) [PB024]";
	CHECK(strstr(out, arena_printf(&A, "plan.csv:3:3: row 3, column B (חזון ראש העיר): %s", slip)) &&
	      strstr(out, arena_printf(&A, "plan.csv:4:3: row 4, column B (חזון ראש העיר): %s", slip)),
	      "vocabulary: the same slip in two rows, told at each with the same hint");
	CHECK(strstr(out, "row 5, column B (חזון ראש העיר): warning: 'משהו אחר לגמרי' is not in the "
			  "mayor's vision list of book.yaml [PB024]") != NULL,
	      "vocabulary: a value far from every entry, told without a hint");
	CHECK(strstr(out, "row 5, column C (הדגשי מדיניות): warning: 'פיתוח עירוני - התחדשות עירונת' "
			  "is not in the policy emphases of book.yaml (did you mean 'פיתוח עירוני - התחדשות "
			  "עירונית'?) [PB025]") != NULL,
	      "vocabulary: a policy value, hinted from the policy list");
	int line = line_of(m, "themes:", 1);
	CHECK(strstr(out, arena_printf(&A, "row 6, column B (חזון ראש העיר): warning: 'ניצול חכם, ויעיל של "
				       "משאבים' is one item, but the list in book.yaml (line %d) splits "
				       "it at its comma: put that item in quotes there, \"ניצול חכם, "
				       "ויעיל של משאבים\" [PB066]", line)) != NULL,
	      "vocabulary: an item YAML split at its comma is found joined, with its line");
	CHECK(errors == 0 && warnings == 5,
	      "vocabulary: nothing else (spacing, dash style, an emphasis alone, a lone dash) (%d)",
	      warnings);
	if (warnings != 5)
		printf("%s", out);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/pb-lookups-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	test_unit_ids();
	test_shared_plan();
	test_vocabulary();
	unlink(arena_printf(&A, "%s/book.yaml", dir));
	unlink(arena_printf(&A, "%s/plan.csv", dir));
	rmdir(dir);
	arena_free(&A);
	return check_failed ? 1 : 0;
}
