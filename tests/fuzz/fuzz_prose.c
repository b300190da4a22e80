/* fuzz_prose.c — a prose page (header block and Markdown): the input is written as page.md
 * and read by prose_read. */
#include "fuzz.h"
#include "read_prose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = fuzz_diag();
	struct arena a = {0};
	prose_read(&a, &d, fuzz_write("page.md", data, size), "page.md");
	arena_free(&a);
	return 0;
}
