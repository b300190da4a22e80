/* folder.h — for the tests that read a whole input folder: a temporary folder (dir) that a
 * test writes its files into, and a run of planbook check on it that returns what was
 * printed. All memory comes from the arena A. */
#ifndef PB_TEST_FOLDER_H
#define PB_TEST_FOLDER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_manifest.h"
#include "validate.h"

static char dir[64];
static struct arena A;

/* Writes name in the folder: len bytes of text, or all of it when len is 0. */
static void write_file(const char *name, const char *text, size_t len)
{
	FILE *f = fopen(arena_printf(&A, "%s/%s", dir, name), "wb");
	fwrite(text, 1, len ? len : strlen(text), f);
	fclose(f);
}

/* Reads and checks the folder; returns the diagnostics printed. Each out may be NULL. */
static char *run(struct book **out, int *errors, int *warnings)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag d = {.out = mem};
	struct book *b = manifest_read(&A, &d, dir);
	if (b)
		validate_book(&A, &d, b);
	fclose(mem);
	if (out)
		*out = b;
	if (errors)
		*errors = d.errors;
	if (warnings)
		*warnings = d.warnings;
	char *copy = arena_strdup(&A, text);
	free(text);
	return copy;
}

#endif
