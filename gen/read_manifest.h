/* read_manifest.h — the book's manifest, input/<year>/book.yaml, and everything it names. */
#ifndef PB_READ_MANIFEST_H
#define PB_READ_MANIFEST_H

#include "diag.h"
#include "model.h"
#include "read_yaml.h"
#include "util.h"

/* Reads dir/book.yaml and the files it lists. Returns NULL if the manifest itself cannot
 * be used; otherwise a book (check d->errors for problems in the files it names). */
struct book *manifest_read(struct arena *a, struct diag *d, const char *dir);

/* How manifest_read_with departs from reading everything. */
struct manifest_options {
	const char *unit;  /* read only this unit's plan ("": none); NULL: every plan */
};
struct book *manifest_read_with(struct arena *a, struct diag *d, const char *dir,
				const struct manifest_options *o);

/* The measurement settings (book.yaml's `measurement:`, or NULL for the defaults).
 * read_measurement.c. */
bool measurement_read(struct arena *a, struct diag *d, const struct ynode *n,
		      struct measurement *m);
/* The index of the period with this id or name, or -1. */
int measurement_period(const struct measurement *m, const char *id);

/* Reads the plan of every unit that names one (only: of that unit alone), on two threads
 * where there are two cores; the messages come in the book's order. read_plans.c. */
void plans_read(struct arena *a, struct diag *d, struct book *b, const char *only);
/* Reads one unit's plan as plans_read does (its sheet and extra columns, the book's year
 * and measurement), on this thread; u->plan is NULL when it cannot be read. */
void plan_read_unit(struct arena *a, struct diag *d, const struct book *b, struct unit *u);

#endif
