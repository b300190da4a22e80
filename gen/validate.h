/* validate.h — the checks an editor of the book would make, as diagnostics. */
#ifndef PB_VALIDATE_H
#define PB_VALIDATE_H

#include "diag.h"
#include "model.h"
#include "util.h"

/* Reports every problem found; also sets each metric group's canonical type. */
void validate_book(struct arena *a, struct diag *d, const struct book *b);

/* One plan against the book's vocabularies, dates, budgets and statuses, as validate_book
 * checks each (for a plan checked alone: an upload). Also sets its groups' canonical
 * types and its results' statuses. */
void validate_plan(struct diag *d, const struct book *b, struct plan *p);

/* Sets each result's status from the book's statuses; an unknown one is reported at its
 * cell. Called by validate_book. validate_measurement.c. */
void validate_results(struct diag *d, const struct book *b);
/* The same for one plan. */
void validate_plan_results(struct diag *d, const struct book *b, struct plan *p);
/* The period being measured (an index of b->measurement.periods): per unit, the lines
 * with no status, and at their cells a "done" with no result and a "not done" or "partly
 * done" with no explanation. */
void validate_period(struct arena *a, struct diag *d, const struct book *b, size_t period);

/* Before a period's booklet: a warning when no plan has its columns, and the number of
 * lines not reported (validate_measurement.c). */
void booklet_inputs(struct diag *d, const struct book *b, size_t period);

#endif
