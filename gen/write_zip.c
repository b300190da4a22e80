/* write_zip.c — a folder's PDFs as one zip, with libzip (read_xlsx.c reads zips with it). */
#include "write_zip.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool zip_folder(struct arena *a, const char *dir, const char *path, FILE *msg)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(msg, _("planbook: cannot read %s\n"), dir);
		return false;
	}
	struct vec names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			*(const char **)vec_push(a, &names, sizeof(char *)) = arena_strdup(a, e->d_name);
	closedir(d);
	if (names.len)
		qsort(names.items, names.len, sizeof(char *), cmp_names);
	const char *tmp = path_temp_beside(a, path);
	int err = 0;
	zip_t *z = tmp ? zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &err) : NULL;
	bool ok = z != NULL;
	for (size_t i = 0; ok && i < names.len; i++) {
		const char *name = VEC_AT(&names, const char *, i);
		const char *file = path_join(a, dir, name);
		struct stat st;
		if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		zip_source_t *src = zip_source_file(z, file, 0, -1);
		/* PDFs are compressed already: stored, the zip is made at once */
		zip_int64_t at = src ? zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) : -1;
		if (at < 0) {
			if (src)
				zip_source_free(src);
			ok = false;
		} else {
			zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0);
		}
	}
	if (z && (!ok || zip_close(z) != 0)) {
		zip_discard(z);
		ok = false;
	}
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		fprintf(msg, _("planbook: cannot write %s\n"), path);
		if (tmp)
			unlink(tmp);
	}
	return ok;
}
