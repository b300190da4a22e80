/* fuzz_layout.c — the layout file: the input is written as layouts/book.yaml in a folder
 * whose fonts/ links to the repository's fonts (a layout names its fonts relative to
 * itself, ../fonts/…), then read by style_load.
 *
 * The text engine is made afresh for every input: it keeps the fonts it has loaded (16 at
 * most, by path), so one kept for the process would make a result depend on the inputs
 * before it. */
#include <sys/stat.h>

#include "fuzz.h"
#include "style.h"
#include "text.h"

#ifndef FUZZ_FONTS
#error "FUZZ_FONTS: the absolute path of the repository's fonts/ folder"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *path;
	if (!path) {
		const char *fonts = fuzz_path("fonts"), *layouts = fuzz_path("layouts");
		if (symlink(FUZZ_FONTS, fonts) != 0 || mkdir(layouts, 0700) != 0) {
			perror("fuzz_layout: set-up");
			abort();
		}
		path = fuzz_path("layouts/book.yaml");
	}
	fuzz_write("layouts/book.yaml", data, size);
	struct tx_engine *e = tx_new();
	if (!e)
		abort();
	struct diag d = fuzz_diag();
	struct arena a = {0};
	struct style s;
	style_load(&a, &d, e, path, FUZZ_FONTS, &s);
	arena_free(&a);
	tx_free(e);
	return 0;
}
