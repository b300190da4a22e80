/* table.c — chooses the reader of a plan file by what it holds, and names a cell's place. */
#include "table.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A plan is a few hundred rows; a file past this is not one, and reading it whole would
 * only cost memory. */
enum { MAX_FILE_BYTES = 64 << 20 };

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

static bool starts_with(const struct buf *b, const char *magic, size_t n)
{
	return b->len >= n && memcmp(b->data, magic, n) == 0;
}

bool table_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
		const char *sheet, struct table *t)
{
	memset(t, 0, sizeof *t);
	struct stat st;
	if (stat(path, &st) == 0 && st.st_size > MAX_FILE_BYTES) {
		diag_report(d, D_FILE_TOO_LARGE, path, 0, 0, (long)(st.st_size >> 20),
			    (long)(MAX_FILE_BYTES >> 20));
		return false;
	}
	struct buf bytes = {0};
	if (!file_read(path, &bytes)) {
		diag_report(d, D_FILE_OPEN, path, 0, 0, strerror(errno));
		buf_free(&bytes);
		return false;
	}
	bool ok;
	if (starts_with(&bytes, "PK\3\4", 4) || starts_with(&bytes, "PK\5\6", 4)) {
		if (!ends_with(path, ".xlsx") && !ends_with(path, ".xlsm"))
			diag_report(d, D_WORKBOOK_NAMED, path, 0, 0);
		ok = xlsx_read(a, scratch, d, path, &bytes, sheet, t);
	} else if (starts_with(&bytes, "\xD0\xCF\x11\xE0", 4)) {
		diag_report(d, D_OLD_XLS, path, 0, 0); /* Excel 97–2003 */
		ok = false;
	} else if (ends_with(path, ".xlsx")) {
		diag_report(d, D_NOT_WORKBOOK, path, 0, 0);
		ok = false;
	} else {
		if (sheet)
			diag_report(d, D_SHEET_IN_CSV, path, 0, 0, sheet);
		ok = csv_read(a, scratch, d, path, &bytes, t);
	}
	buf_free(&bytes);
	return ok;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *table_text(struct arena *a, const char *s, size_t n)
{
	while (n && space(*s))
		s++, n--;
	while (n && space(s[n - 1]))
		n--;
	return n ? arena_strndup(a, s, n) : "";
}

struct source table_place(const struct table *t, const struct trow *r, int column,
			  const char *heading)
{
	struct source at = {.file = t->file, .sheet = t->sheet, .heading = heading};
	if (!r)
		return at;
	at.row = r->row;
	at.line = r->line;
	at.col = r->line ? 1 : 0;
	if (column > 0) {
		at.column = column;
		if ((size_t)column <= r->n && r->cells[column - 1].line) {
			at.line = r->cells[column - 1].line;
			at.col = r->cells[column - 1].col;
		}
	}
	return at;
}
