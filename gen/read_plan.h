/* read_plan.h — a unit's plan (CSV). */
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

/* Reads a plan. extra_columns names the columns besides the standard ones that this
 * unit's plan may have (from book.yaml). NULL if the file cannot be used. */
struct plan *plan_read(struct arena *a, struct diag *d, const char *path,
		       const char *const *extra_columns, size_t nextra);

#endif
