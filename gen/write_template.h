/* write_template.h — a unit's plan as an Excel workbook for its department to fill in. */
#ifndef PB_WRITE_TEMPLATE_H
#define PB_WRITE_TEMPLATE_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"
#include "util.h"

/* Writes unit u's workbook (its current rows when it has a plan) to path, through a
 * temporary file beside it that is renamed when complete. Reports D_TEMPLATE and
 * returns false when the workbook cannot be written. */
bool template_write(struct arena *a, struct diag *d, const struct book *b, const struct unit *u,
		    const char *path);

#endif
