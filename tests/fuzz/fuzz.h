/* fuzz.h — what every harness shares: a sink for the diagnostics and a private folder
 * where the input is written as the file its reader expects. Included once per harness. */
#ifndef PB_FUZZ_H
#define PB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_root[256];
static char fuzz_made[8][320]; /* what the harness put in its folder, removed at exit */
static int fuzz_nmade;

static void fuzz_cleanup(void)
{
	for (int i = fuzz_nmade - 1; i >= 0; i--)
		if (unlink(fuzz_made[i]) != 0)
			rmdir(fuzz_made[i]);
	if (fuzz_root[0])
		rmdir(fuzz_root);
}

/* The process's private folder, made once (under $TMPDIR or /tmp). */
static const char *fuzz_dir(void)
{
	if (!fuzz_root[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(fuzz_root, sizeof fuzz_root, "%s/pbfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(fuzz_root)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(fuzz_cleanup);
	}
	return fuzz_root;
}

/* DIR/name, remembered so that it is removed at exit. */
static const char *fuzz_path(const char *name)
{
	char path[sizeof fuzz_made[0]];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	for (int i = 0; i < fuzz_nmade; i++)
		if (!strcmp(fuzz_made[i], path))
			return fuzz_made[i];
	if (fuzz_nmade == 8)
		abort();
	strcpy(fuzz_made[fuzz_nmade], path);
	return fuzz_made[fuzz_nmade++];
}

/* Writes bytes to DIR/name and returns its path. */
static inline const char *fuzz_write(const char *name, const void *data, size_t size)
{
	const char *path = fuzz_path(name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

/* A diagnostics printer that prints nowhere (opened once). */
static struct diag fuzz_diag(void)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	return (struct diag){.out = sink};
}

#endif
