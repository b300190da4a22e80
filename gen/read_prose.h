/* read_prose.h — prose pages (CommonMark with an optional header block). */
#ifndef PB_READ_PROSE_H
#define PB_READ_PROSE_H

#include "diag.h"
#include "model.h"
#include "util.h"

/* Reads the file at path; display_path is how messages name it. NULL after an error. */
struct prose *prose_read(struct arena *a, struct diag *d, const char *path,
			 const char *display_path);

#endif
