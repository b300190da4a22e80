/* read_xlsx_sheet.c — one worksheet of a workbook into rows of cells: each cell's text as
 * Excel shows it (shared, inline and rich-text strings, numbers and dates through their
 * number formats, the cached results of formulas), hidden rows, and merged regions as
 * spans whose value belongs to every row they cover. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "read_xlsx.h"
#include "xlsx_numfmt.h"

/* Excel's limits, and what a plan could ever hold: a hostile sheet stops at these. */
enum {
	MAX_ROW = 1048576,
	MAX_COLUMN = 16384,
	MAX_CELLS = 1 << 20,       /* cells with a value */
	MAX_GRID = 4 << 20,        /* cells of the rows as arrays, empty ones included */
	MAX_MERGES = 1 << 16,
	MAX_SPAN_WORK = 16 << 20,  /* cells visited to spread merged values */
};

struct raw_cell {
	int row, col;
	size_t order;  /* in the file: the later of two cells at one place wins */
	const char *text;
};

struct merge {
	int r1, c1, r2, c2;
};

struct sheet {
	struct xlsx *x;
	struct table *t;
	struct vec cells, hidden, merges; /* struct raw_cell, int, struct merge */
	int row, col;                     /* the row being read, the last column seen */
	/* the cell being read */
	int c_row, c_col, c_style;
	const char *c_type;
	bool has_f, has_v, in_cell;
	int in_v, in_is, in_t, in_phonetic;
	struct buf v, inline_text;
};

/* ---------------------------------------------------------------- references */

/* "B7" → column 2, row 7. A missing row part leaves *row as it was. */
static bool parse_ref(const char *ref, int *row, int *col)
{
	int c = 0, r = 0;
	const char *p = ref;
	if (*p == '$')
		p++;
	for (; *p >= 'A' && *p <= 'Z'; p++)
		if ((c = c * 26 + (*p - 'A' + 1)) > MAX_COLUMN)
			return false;
	if (*p == '$')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((r = r * 10 + (*p - '0')) > MAX_ROW)
			return false;
	if (*p || !c)
		return false;
	*col = c;
	if (r)
		*row = r;
	return r || *row;
}

static bool parse_range(const char *ref, struct merge *m)
{
	const char *colon = strchr(ref, ':');
	char first[32];
	if (!colon || (size_t)(colon - ref) >= sizeof first)
		return false;
	memcpy(first, ref, (size_t)(colon - ref));
	first[colon - ref] = '\0';
	m->r1 = m->r2 = 0;
	if (!parse_ref(first, &m->r1, &m->c1) || !parse_ref(colon + 1, &m->r2, &m->c2))
		return false;
	return m->r1 <= m->r2 && m->c1 <= m->c2;
}

static struct source cell_place(const struct sheet *s)
{
	struct source at = {.file = s->x->path, .sheet = s->t->sheet, .row = s->c_row,
			    .column = s->c_col};
	return at;
}

/* ---------------------------------------------------------------- values */

static const char *number_text(struct sheet *s, double value)
{
	const char *code = s->c_style >= 0 && (size_t)s->c_style < s->x->nformats
				   ? s->x->formats[s->c_style]
				   : NULL;
	if (!code)
		code = "General";
	const char *text = numfmt_format(s->x->a, value, code, s->x->date1904);
	if (!text) {
		struct source at = cell_place(s);
		diag_at(s->x->d, D_NUMBER_FORMAT, &at, buf_cstr(&s->v), code);
		return "";
	}
	return text;
}

/* A date written as ISO 8601 text (t="d"): its serial number in the workbook's system. */
static bool iso_serial(const char *v, bool date1904, double *serial)
{
	int y, m, d, hh = 0, mm = 0, ss = 0;
	if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31 ||
	    y < 1900 || y > 9999)
		return false;
	const char *tee = strchr(v, 'T');
	if (tee)
		sscanf(tee + 1, "%2d:%2d:%2d", &hh, &mm, &ss);
	/* days from 1899-12-30 by the civil calendar (the 1900 system after February 1900) */
	int a = (14 - m) / 12, yy = y + 4800 - a, mo = m + 12 * a - 3;
	long jdn = d + (153 * mo + 2) / 5 + 365L * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
	double days = (double)(jdn - 2415019L) + (hh * 3600 + mm * 60 + ss) / 86400.0;
	*serial = date1904 ? days - 1462 : days;
	return true;
}

static const char *typed_value(struct sheet *s, const char *type)
{
	const char *v = buf_cstr(&s->v);
	struct source at = cell_place(s);
	if (!strcmp(type, "s")) {
		char *end;
		errno = 0;
		long i = strtol(v, &end, 10);
		if (errno || *end || end == v || i < 0 || (size_t)i >= s->x->nstrings) {
			diag_at(s->x->d, D_SHARED_STRING, &at, i, (long)s->x->nstrings);
			return "";
		}
		return s->x->strings[i];
	}
	if (!strcmp(type, "str")) {
		xlsx_unescape(&s->v);
		return arena_strndup(s->x->a, s->v.data ? s->v.data : "", s->v.len);
	}
	if (!strcmp(type, "b"))
		return !strcmp(v, "1") || !strcmp(v, "true") ? "TRUE" : "FALSE";
	if (!strcmp(type, "e")) {
		diag_at(s->x->d, D_CELL_ERROR, &at, v);
		return "";
	}
	double value;
	if (!strcmp(type, "d")) {
		if (iso_serial(v, s->x->date1904, &value))
			return number_text(s, value);
		return arena_strdup(s->x->a, v);
	}
	char *end;
	value = strtod(v, &end);
	if (end == v || *end || !isfinite(value)) {
		diag_at(s->x->d, D_NUMBER_FORMAT, &at, v, "General");
		return "";
	}
	return number_text(s, value);
}

/* The text of the cell just read, as Excel shows it. */
static const char *cell_text(struct sheet *s)
{
	const char *type = s->c_type ? s->c_type : "n";
	if (!strcmp(type, "inlineStr")) {
		xlsx_unescape(&s->inline_text);
		return arena_strndup(s->x->a, s->inline_text.data ? s->inline_text.data : "",
				     s->inline_text.len);
	}
	if (s->has_f && !s->has_v) {
		struct source at = cell_place(s);
		diag_at(s->x->d, D_FORMULA_NO_VALUE, &at);
		return "";
	}
	/* <v></v>: an empty cell as some programs write it, which Excel opens as empty; read
	 * as a number it would be reported as one that cannot be shown */
	return s->has_v && s->v.len ? typed_value(s, type) : "";
}

/* ---------------------------------------------------------------- the XML */

static void fail_too_large(struct sheet *s, const char *what)
{
	diag_report(s->x->d, D_XLSX_TOO_LARGE, s->x->path, 0, 0, s->t->sheet, what);
	s->x->failed = true;
}

static void start_row(struct sheet *s, const char **attrs)
{
	const char *r = xlsx_attr(attrs, "r"), *hidden = xlsx_attr(attrs, "hidden");
	int row = r ? atoi(r) : s->row + 1;
	if (row < 1 || row > MAX_ROW) {
		s->c_row = row, s->c_col = 0;
		struct source at = cell_place(s);
		diag_at(s->x->d, D_CELL_REF, &at, r ? r : "?");
		s->x->failed = true;
		return;
	}
	s->row = row;
	s->col = 0;
	if (hidden && (!strcmp(hidden, "1") || !strcmp(hidden, "true")))
		*(int *)vec_push(s->x->scratch, &s->hidden, sizeof(int)) = row;
}

static void start_cell(struct sheet *s, const char **attrs)
{
	const char *r = xlsx_attr(attrs, "r"), *style = xlsx_attr(attrs, "s");
	const char *type = xlsx_attr(attrs, "t");
	int row = s->row ? s->row : 1, col = s->col + 1;
	if (r && !parse_ref(r, &row, &col)) {
		diag_report(s->x->d, D_CELL_REF, s->x->path, 0, 0, r);
		s->x->failed = true;
		return;
	}
	if (col > MAX_COLUMN) {
		fail_too_large(s, arena_printf(s->x->a, _("more than %d columns"), MAX_COLUMN));
		return;
	}
	s->col = col;
	s->c_row = row, s->c_col = col;
	s->c_style = style ? atoi(style) : -1;
	s->c_type = type ? arena_strdup(s->x->scratch, type) : NULL;
	s->has_f = s->has_v = false;
	s->in_cell = true;
	s->v.len = s->inline_text.len = 0;
}

static void end_cell(struct sheet *s)
{
	s->in_cell = false;
	const char *shown = cell_text(s);
	const char *text = table_text(s->x->a, shown, strlen(shown));
	if (!text[0])
		return;
	if (s->cells.len >= MAX_CELLS) {
		fail_too_large(s, arena_printf(s->x->a, _("more than %d cells"), MAX_CELLS));
		return;
	}
	struct raw_cell *c = vec_push(s->x->scratch, &s->cells, sizeof *c);
	*c = (struct raw_cell){s->c_row, s->c_col, s->cells.len, text};
}

/* The parts of a worksheet that come after the merged cells (ECMA-376 §18.3.1.99): once
 * one of them begins, nothing more is needed. */
static bool after_merges(const char *local)
{
	static const char *const names[] = {"phoneticPr", "conditionalFormatting",
					    "dataValidations", "hyperlinks", "printOptions",
					    "pageMargins", "pageSetup", "headerFooter", "drawing",
					    "legacyDrawing", "tableParts", "extLst"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(local, names[i]))
			return true;
	return false;
}

static void sheet_start(void *user, const char *name, const char **attrs)
{
	struct sheet *s = user;
	const char *local = xlsx_local(name);
	if (s->x->failed || s->x->done)
		return;
	if (!strcmp(local, "c")) { /* the commonest first */
		start_cell(s, attrs);
	} else if (!strcmp(local, "row")) {
		start_row(s, attrs);
	} else if (s->in_cell && !strcmp(local, "v")) {
		s->in_v = 1, s->has_v = true;
	} else if (s->in_cell && !strcmp(local, "f")) {
		s->has_f = true;
	} else if (s->in_cell && !strcmp(local, "is")) {
		s->in_is = 1;
	} else if (s->in_is && !strcmp(local, "t")) {
		s->in_t = 1;
	} else if (s->in_is && !strcmp(local, "rPh")) {
		s->in_phonetic++;
	} else if (!strcmp(local, "mergeCell")) {
		const char *ref = xlsx_attr(attrs, "ref");
		struct merge m;
		if (!ref || !parse_range(ref, &m))
			return; /* a region that names no cells merges nothing */
		if (s->merges.len >= MAX_MERGES)
			fail_too_large(s, arena_printf(s->x->a, _("more than %d merged regions"),
						       MAX_MERGES));
		else
			*(struct merge *)vec_push(s->x->scratch, &s->merges, sizeof m) = m;
	} else if (!s->in_cell && after_merges(local)) {
		xlsx_part_done(s->x);
	}
}

static void sheet_end(void *user, const char *name)
{
	struct sheet *s = user;
	const char *local = xlsx_local(name);
	if (s->x->failed)
		return;
	if (!strcmp(local, "c") && s->in_cell)
		end_cell(s);
	else if (!strcmp(local, "v"))
		s->in_v = 0;
	else if (!strcmp(local, "is"))
		s->in_is = 0;
	else if (!strcmp(local, "t"))
		s->in_t = 0;
	else if (!strcmp(local, "rPh") && s->in_phonetic)
		s->in_phonetic--;
}

static void sheet_text(void *user, const char *text, int len)
{
	struct sheet *s = user;
	if (s->in_v)
		buf_add(&s->v, text, (size_t)len);
	else if (s->in_is && s->in_t && !s->in_phonetic)
		buf_add(&s->inline_text, text, (size_t)len);
}

/* ---------------------------------------------------------------- rows */

static int by_place(const void *pa, const void *pb)
{
	const struct raw_cell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int by_int(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	return (a > b) - (a < b);
}

static struct tcell *empty_cells(struct arena *a, size_t n)
{
	struct tcell *cells = arena_calloc(a, n, sizeof *cells);
	for (size_t i = 0; i < n; i++)
		cells[i].text = "";
	return cells;
}

/* The cells, sorted, as rows of arrays indexed by column. */
static bool build_rows(struct sheet *s)
{
	struct raw_cell *cells = s->cells.items;
	size_t n = s->cells.len, grid = 0;
	if (n)
		qsort(cells, n, sizeof *cells, by_place);
	if (s->hidden.len)
		qsort(s->hidden.items, s->hidden.len, sizeof(int), by_int);
	struct vec rows = {0};
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && cells[j].row == cells[i].row)
			j++;
		int width = cells[j - 1].col;
		if ((grid += (size_t)width) > MAX_GRID) {
			fail_too_large(s, arena_printf(s->x->a, _("more than %d cells"), MAX_GRID));
			return false;
		}
		struct trow *r = vec_push(s->x->scratch, &rows, sizeof *r);
		r->row = cells[i].row;
		r->n = (size_t)width;
		r->cells = empty_cells(s->x->scratch, r->n);
		for (size_t k = i; k < j; k++) /* the later of two at one place wins */
			r->cells[cells[k].col - 1].text = cells[k].text;
		r->hidden = s->hidden.len && bsearch(&r->row, s->hidden.items, s->hidden.len,
						     sizeof(int), by_int);
		i = j;
	}
	s->t->rows = rows.items;
	s->t->nrows = rows.len;
	return true;
}

/* The first row at or after row number want. */
static size_t row_index(const struct table *t, int want)
{
	size_t lo = 0, hi = t->nrows;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->rows[mid].row < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A merged region's value belongs to every row it covers: each covered cell of its first
 * column gets it as a span (the others of a wide region are empty in Excel too). */
static bool spread_merges(struct sheet *s)
{
	struct table *t = s->t;
	size_t work = 0;
	for (size_t m = 0; m < s->merges.len; m++) {
		const struct merge *g = &VEC_AT(&s->merges, struct merge, m);
		size_t top = row_index(t, g->r1);
		if (top >= t->nrows || t->rows[top].row != g->r1 ||
		    (size_t)g->c1 > t->rows[top].n || !t->rows[top].cells[g->c1 - 1].text[0])
			continue;
		const char *value = t->rows[top].cells[g->c1 - 1].text;
		for (size_t i = top + 1; i < t->nrows && t->rows[i].row <= g->r2; i++) {
			struct trow *r = &t->rows[i];
			if (++work > MAX_SPAN_WORK) {
				fail_too_large(s, _("too many merged cells"));
				return false;
			}
			if (r->n < (size_t)g->c1) { /* the row ends before the region's column */
				struct tcell *wider = empty_cells(s->x->scratch, (size_t)g->c1);
				memcpy(wider, r->cells, r->n * sizeof *wider);
				r->cells = wider;
				r->n = (size_t)g->c1;
			}
			struct tcell *c = &r->cells[g->c1 - 1];
			if (!c->text[0])
				c->span = value, c->span_row = g->r1;
		}
	}
	return true;
}

bool xlsx_read_sheet(struct xlsx *x, const char *part, struct table *t)
{
	struct sheet s = {.x = x, .t = t};
	bool ok = xlsx_parse_part(x, part, true, &s, sheet_start, sheet_end, sheet_text);
	buf_free(&s.v);
	buf_free(&s.inline_text);
	if (!ok || x->failed)
		return false;
	return build_rows(&s) && spread_merges(&s);
}
