/* read_csv.c — a plan saved as text from Excel: CSV (comma or semicolon, as the regional
 * settings choose), "Unicode text" (tab-separated UTF-16), in UTF-8, UTF-16 or Hebrew
 * Windows-1255. Gives rows of cells with their file positions and spreadsheet places. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "table.h"

/* Excel's own limits: a file past them did not come from a spreadsheet. */
enum { MAX_ROWS = 1048576, MAX_COLUMNS = 16384 };

/* ---------------------------------------------------------------- encoding */

/* Converts raw from the given encoding to UTF-8; false when it is not valid there. */
static bool convert(struct buf *raw, const char *from, size_t skip)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return false;
	struct buf out = {0};
	char *in = raw->data + skip;
	size_t inleft = raw->len - skip;
	char chunk[4096];
	bool ok = true;
	while (inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof chunk;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(&out, chunk, sizeof chunk - oleft);
		if (rc == (size_t)-1 && errno != E2BIG) {
			ok = false;
			break;
		}
	}
	iconv_close(cd);
	if (!ok) {
		buf_free(&out);
		return false;
	}
	buf_free(raw);
	*raw = out;
	buf_cstr(raw);
	return true;
}

/* UTF-16 without a byte-order mark: every other byte of Latin text is zero. */
static const char *utf16_guess(const struct buf *raw)
{
	size_t n = raw->len < 512 ? raw->len : 512, even = 0, odd = 0;
	for (size_t i = 0; i < n; i++)
		if (!raw->data[i]) {
			if (i % 2)
				odd++;
			else
				even++;
		}
	if (n >= 4 && odd > n / 4 && even == 0)
		return "UTF-16LE";
	if (n >= 4 && even > n / 4 && odd == 0)
		return "UTF-16BE";
	return NULL;
}

/* Brings the file to UTF-8. Excel's "CSV" in a Hebrew Windows is Windows-1255, its
 * "Unicode text" UTF-16: both are converted, the first with a warning. */
static bool to_utf8(struct diag *d, const char *path, struct buf *raw)
{
	const unsigned char *u = (const unsigned char *)raw->data;
	const char *utf16 = NULL;
	size_t skip = 0;
	if (raw->len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		utf16 = "UTF-16LE", skip = 2;
	else if (raw->len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		utf16 = "UTF-16BE", skip = 2;
	else
		utf16 = utf16_guess(raw);
	if (utf16) {
		if (convert(raw, utf16, skip))
			return true;
		diag_report(d, D_UTF16, path, 0, 0);
		return false;
	}
	if (utf8_check(raw->data, raw->len) < 0)
		return true;
	struct buf copy = {0};
	buf_add(&copy, raw->data, raw->len);
	if (convert(&copy, "WINDOWS-1255", 0)) {
		buf_free(raw);
		*raw = copy;
		diag_report(d, D_ENCODING, path, 0, 0);
		return true;
	}
	buf_free(&copy);
	return diag_check_utf8(d, path, raw->data, raw->len, 0);
}

/* ---------------------------------------------------------------- separator */

/* The separator of the first line that holds anything: the most frequent of comma,
 * semicolon and tab outside quotes (a comma on a tie). */
static char find_separator(const char *s, size_t len)
{
	size_t count[3] = {0};
	static const char seps[3] = {',', ';', '\t'};
	bool quoted = false, seen = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		if (quoted)
			continue;
		if (c == '\n' && seen)
			break;
		for (int k = 0; k < 3; k++)
			count[k] += c == seps[k];
		seen |= c != '\n' && c != '\r' && c != ' ';
	}
	int best = 0;
	for (int k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return seps[best];
}

/* ---------------------------------------------------------------- cells */

struct csv {
	struct arena *a, *scratch;
	struct diag *d;
	const char *path;
	const char *s;
	size_t len, pos;
	char sep;
	int line;
	size_t line_start; /* offset where the current line starts */
	size_t col_pos;    /* where the last cell started, */
	int col;           /* and its column, when on the current line */
};

static bool at_cell_end(const struct csv *c)
{
	return c->pos >= c->len || c->s[c->pos] == c->sep || c->s[c->pos] == '\n';
}

/* The column of pos, counted on from the cell before on the same line: counting from the
 * line's start for every cell took time in the square of a long line's length. */
static int column(struct csv *c)
{
	if (c->col_pos < c->line_start) {
		c->col_pos = c->line_start;
		c->col = 1;
	}
	c->col += utf8_column(c->s + c->col_pos, c->pos - c->col_pos) - 1;
	c->col_pos = c->pos;
	return c->col;
}

/* The text up to the separator or the line's end, carriage returns left out; copied a run
 * at a time. */
static void add_to_cell_end(struct csv *c, struct buf *out)
{
	size_t from = c->pos;
	for (; !at_cell_end(c); c->pos++)
		if (c->s[c->pos] == '\r') {
			buf_add(out, c->s + from, c->pos - from);
			from = c->pos + 1;
		}
	buf_add(out, c->s + from, c->pos - from);
}

/* A quoted cell ("" is a quote inside it); what follows the closing quote up to the
 * separator is kept. */
static bool read_quoted(struct csv *c, struct buf *out, const struct tcell *cell)
{
	size_t from = ++c->pos; /* the start of the run not yet copied */
	for (;;) {
		if (c->pos >= c->len) {
			diag_report(c->d, D_CSV_QUOTE, c->path, cell->line, cell->col);
			return false;
		}
		char ch = c->s[c->pos];
		if (ch == '"') {
			buf_add(out, c->s + from, c->pos - from);
			if (c->pos + 1 < c->len && c->s[c->pos + 1] == '"') {
				buf_addc(out, '"');
				from = c->pos += 2;
				continue;
			}
			c->pos++;
			break;
		}
		if (ch == '\n') {
			c->line++;
			c->line_start = c->pos + 1;
		}
		if (ch == '\r') {
			buf_add(out, c->s + from, c->pos - from);
			from = c->pos + 1;
		}
		c->pos++;
	}
	add_to_cell_end(c, out);
	return true;
}

/* One cell from pos, up to the separator or the line's end. A quote in the middle of a
 * plain cell is kept as it is (how a person types תב"ר). */
static bool read_cell(struct csv *c, struct buf *out, struct tcell *cell)
{
	out->len = 0;
	cell->line = c->line;
	cell->col = column(c);
	if (c->pos < c->len && c->s[c->pos] == '"') {
		if (!read_quoted(c, out, cell))
			return false;
	} else {
		add_to_cell_end(c, out);
	}
	cell->text = table_text(c->a, out->data ? out->data : "", out->len);
	return true;
}

/* One record: false at the end of the file, or after an error (*ok false). */
static bool read_record(struct csv *c, struct trow *r, bool *ok)
{
	*ok = true;
	if (c->pos >= c->len)
		return false;
	struct vec cells = {0};
	struct buf text = {0};
	r->line = c->line;
	for (;;) {
		struct tcell *cell = vec_push(c->scratch, &cells, sizeof *cell);
		if (!read_cell(c, &text, cell)) {
			*ok = false;
			break;
		}
		if (cells.len > MAX_COLUMNS) {
			diag_report(c->d, D_TOO_MANY_COLUMNS, c->path, cell->line, cell->col,
				    MAX_COLUMNS);
			*ok = false;
			break;
		}
		if (c->pos < c->len && c->s[c->pos] == c->sep) {
			c->pos++;
			continue;
		}
		if (c->pos < c->len && c->s[c->pos] == '\n') {
			c->pos++;
			c->line++;
			c->line_start = c->pos;
		}
		break;
	}
	buf_free(&text);
	r->cells = cells.items;
	r->n = *ok ? cells.len : 0;
	while (r->n && !r->cells[r->n - 1].text[0])
		r->n--;
	return *ok;
}

bool csv_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
	      struct buf *bytes, struct table *t)
{
	if (!to_utf8(d, path, bytes))
		return false;
	struct csv c = {a, scratch, d, path, bytes->data ? bytes->data : "", bytes->len, 0, ',', 1, 0,
			0, 1};
	if (c.len >= 3 && memcmp(c.s, "\xEF\xBB\xBF", 3) == 0)
		c.pos = c.line_start = 3; /* the byte-order mark Excel writes */
	c.sep = find_separator(c.s + c.pos, c.len - c.pos);
	t->file = path;
	t->sheet = NULL;
	struct vec rows = {0};
	struct trow r = {0};
	bool ok = true;
	for (int row = 1; read_record(&c, &r, &ok); row++) {
		if (row > MAX_ROWS) {
			diag_report(d, D_TOO_MANY_ROWS, path, r.line, 1, MAX_ROWS);
			return false;
		}
		r.row = row;
		if (r.n)
			*(struct trow *)vec_push(scratch, &rows, sizeof r) = r;
	}
	t->rows = rows.items;
	t->nrows = rows.len;
	return ok;
}
