/* xlsx_numfmt.h — a cell's number as Excel shows it through its number format (he-IL). */
#ifndef PB_XLSX_NUMFMT_H
#define PB_XLSX_NUMFMT_H

#include <stdbool.h>

#include "util.h"

/* The format code of a built-in number format id (ECMA-376 §18.8.30), as a Hebrew
 * Excel shows it; NULL for an id that is not built in. Id 14 is the locale's short date:
 * "dd/mm/yyyy" in Hebrew Excel. */
const char *numfmt_builtin(int id);

/* Whether a format code shows a date or time: d, m, y, h or s outside quotes, \x escapes
 * and [...] brackets (after stripping [$-40D], [$-he-IL], [Red], [Color10], [<100] conditions). */
bool numfmt_is_date(const char *code);

/* The text Excel shows for value through code. date1904: the workbook's 1904 date system.
 * Returns NULL (never crashes) when the value cannot be shown as that format, e.g. a date
 * format for a negative or huge serial (Excel shows #####); the caller reports that. */
const char *numfmt_format(struct arena *a, double value, const char *code, bool date1904);

#endif
