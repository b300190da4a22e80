/* read_xlsx.c — placeholder while the workbook reader is written. */
#include "table.h"
bool xlsx_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
	       struct buf *bytes, const char *sheet, struct table *t)
{
	(void)a, (void)scratch, (void)bytes, (void)sheet, (void)t;
	diag_report(d, D_NOT_WORKBOOK, path, 0, 0);
	return false;
}
