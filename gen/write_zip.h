/* write_zip.h — a folder's files as one zip (every section of the book, for the web). */
#ifndef PB_WRITE_ZIP_H
#define PB_WRITE_ZIP_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

/* Writes the regular files directly in dir into the zip at path, through a temporary file
 * beside it that is renamed when complete. false after writing why to msg. */
bool zip_folder(struct arena *a, const char *dir, const char *path, FILE *msg);

#endif
