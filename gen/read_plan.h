/* read_plan.h — a unit's plan, built from the rows of any table reader (table.h). */
#ifndef PB_READ_PLAN_H
#define PB_READ_PLAN_H

#include "diag.h"
#include "model.h"
#include "read_yaml.h"
#include "util.h"

enum column {
	COL_NONE = -1,
	COL_TOPIC,
	COL_VISION,
	COL_POLICY,
	COL_ACCOUNT,
	COL_TABAR,
	COL_BUDGET,
	COL_GOAL,
	COL_TYPE,
	COL_METRIC,
	COL_VALUE,
	COL_NOTES,
	COL__COUNT
};

struct plan_options {
	const char *sheet;                  /* a workbook's sheet; NULL: the first visible */
	const char *const *extra_columns;   /* columns besides the standard ones (book.yaml) */
	size_t nextra;
	int year;                           /* the book's year, for headers that name one; 0 */
	bool may_be_empty;                  /* a pending unit's template: no rows is no error */
	const struct measurement *measurement; /* its columns are read; NULL: none */
};

/* Reads a plan (CSV or workbook). NULL if the file cannot be used at all. o may be NULL. */
struct plan *plan_read(struct arena *a, struct diag *d, const char *path,
		       const struct plan_options *o);

/* The column names a template writes, in order (the printed book's), and the first name of
 * each column. */
const char *plan_column_name(enum column c);

#endif
