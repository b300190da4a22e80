/* write_export.h — every metric line of the book as one flat table (planbook export), for
 * pivot tables and BI tools: CSV or an Excel workbook. */
#ifndef PB_WRITE_EXPORT_H
#define PB_WRITE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "util.h"

/* Writes one row per metric line of every unit with a plan, in book order, to path: an
 * Excel workbook when path ends in .xlsx, else CSV (UTF-8 with a BOM, CRLF). period is
 * the one measurement period whose columns are written, or -1 for all of them. Written
 * through a temporary file beside path, renamed when complete. Reports D_EXPORT and
 * returns false when the file cannot be written; *rows is the number of lines written. */
bool export_write(struct arena *a, struct diag *d, const struct book *b, int period,
		  const char *path, size_t *rows);

/* Whether path names an Excel workbook (.xlsx, in any case) rather than CSV. */
bool export_is_xlsx(const char *path);

#endif
