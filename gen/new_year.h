/* new_year.h — planbook new: next year's input folder, started from this year's. */
#ifndef PB_NEW_YEAR_H
#define PB_NEW_YEAR_H

#include "diag.h"
#include "util.h"

/* Writes the book of `year` into out (NULL: the folder `year` beside from) from the book
 * in from: book.yaml with its years moved on and every plan pending, each unit's blank
 * workbook, the prose pages with a note to update them. Nothing is left behind on
 * failure, and an existing folder that is not empty is refused. Returns the exit status:
 * 0 written, 1 the manifest cannot be used, 2 wrong usage or a file not read or written. */
int new_year_write(struct arena *a, struct diag *d, const char *from, int year, const char *out);

#endif
