/* validate.h — the checks an editor of the book would make, as diagnostics. */
#ifndef PB_VALIDATE_H
#define PB_VALIDATE_H

#include "diag.h"
#include "model.h"
#include "util.h"

/* Reports every problem found; also sets each metric group's canonical type. */
void validate_book(struct arena *a, struct diag *d, const struct book *b);

#endif
