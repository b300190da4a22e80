/* write_export.c — every metric line of the book as one flat table (planbook export), for
 * pivot tables and BI tools.
 *
 * One row per metric line, with everything above it in the book repeated on it (its
 * administration, unit, goal and metric type), so that any column can be filtered or
 * pivoted on alone; then each measurement period's result, status and explanation, and the
 * CEO-metric flag. Texts are exported as the plans wrote them; only the metric type is
 * its vocabulary label, so that the spellings of one type are counted together.
 *
 * CSV is written as Excel writes it, with a BOM so that Excel reads it as UTF-8 (without
 * one it takes Windows-1255 and the Hebrew comes out garbled). The workbook is right to
 * left with a frozen, filtered header row. */
#include "write_export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET "מדדים"
#define MIN_WIDTH 8.0  /* in characters: a header must stay readable with its filter button */
#define MAX_WIDTH 50.0 /* a goal's long text is cut, not made a column wider than the screen */
#define MAX_DIGITS 15  /* a double holds 15 significant digits exactly */

/* The columns before the measurement's, in the order of the book's page. */
enum fixed_column {
	X_PART,
	X_UNIT_ID, /* for joins with other data: the names of units change, their ids do not */
	X_UNIT,
	X_TOPIC,
	X_VISION,
	X_POLICY,
	X_ACCOUNT,
	X_BUDGET,
	X_GOAL,
	X_TYPE,
	X_METRIC,
	X_VALUE,
	X_FIXED
};

static const char *const fixed_names[X_FIXED] = {
	"מינהל", "מזהה יחידה", "יחידה", "נושא", "חזון ראש העיר", "הדגשי מדיניות",
	"שם החשבון", "תקציב", "מטרה", "סוג מדד", "מדד", "ערך"};

/* The table being written: its header, and the row being filled, whose cells are set
 * from the outside in (a unit's on its first line, a goal's on each of its lines…). */
struct sheet {
	const struct book *b;
	size_t first, nperiods; /* the periods exported: first .. first + nperiods - 1 */
	size_t ncols;
	const char **names;
	const char **cells;
	bool *numeric;          /* per column: a plain number goes into the workbook as one */
	size_t rows;
};

/* The row of a line once its unit, goal and group are in the cells. */
static void set_line(struct sheet *s, const struct metric_line *l)
{
	const struct measurement *m = &s->b->measurement;
	s->cells[X_METRIC] = l->text;
	s->cells[X_VALUE] = l->value;
	const char **c = s->cells + X_FIXED;
	for (size_t p = s->first; p < s->first + s->nperiods; p++) {
		const struct line_result *r = l->results ? &l->results[p] : NULL;
		*c++ = r ? r->result : "";
		*c++ = r ? r->status : "";
		*c++ = r ? r->explanation : "";
	}
	*c = l->ceo ? m->ceo_yes : "";
}

static void set_goal(struct sheet *s, const struct goal *g)
{
	s->cells[X_TOPIC] = g->topic;
	s->cells[X_VISION] = g->vision;
	s->cells[X_POLICY] = g->policy;
	s->cells[X_ACCOUNT] = g->account;
	s->cells[X_BUDGET] = g->budget;
	s->cells[X_GOAL] = g->text;
}

/* ---------------------------------------------------------------- the walk */

typedef void emit_fn(void *out, struct sheet *s);

static void unit_lines(struct sheet *s, const struct plan *plan, emit_fn *emit, void *out)
{
	for (size_t g = 0; g < plan->ngoals; g++) {
		set_goal(s, &plan->goals[g]);
		for (size_t t = 0; t < plan->goals[g].ngroups; t++) {
			const struct metric_group *grp = &plan->goals[g].groups[t];
			s->cells[X_TYPE] = grp->canonical ? grp->canonical : grp->type;
			for (size_t l = 0; l < grp->nlines; l++) {
				set_line(s, &grp->lines[l]);
				emit(out, s);
				s->rows++;
			}
		}
	}
}

/* Every unit with a plan, in book order. A plan printed under two units (a unit shown in
 * two administrations) is exported under each, as the book prints it: filtered by
 * administration or unit, every one shows its whole plan. */
static void each_line(struct sheet *s, emit_fn *emit, void *out)
{
	for (size_t i = 0; i < s->b->nparts; i++)
		for (size_t k = 0; k < s->b->parts[i].nunits; k++) {
			const struct unit *u = &s->b->parts[i].units[k];
			if (!u->plan)
				continue;
			s->cells[X_PART] = s->b->parts[i].title;
			s->cells[X_UNIT_ID] = u->id;
			s->cells[X_UNIT] = u->name;
			unit_lines(s, u->plan, emit, out);
		}
}

/* The header: the fixed columns, each period's three as the plans name them, the CEO's. */
static void make_sheet(struct arena *a, struct sheet *s, const struct book *b, int period)
{
	const struct measurement *m = &b->measurement;
	s->b = b;
	s->first = period < 0 ? 0 : (size_t)period;
	s->nperiods = period < 0 ? m->nperiods : 1;
	s->ncols = X_FIXED + 3 * s->nperiods + 1;
	s->names = arena_calloc(a, s->ncols, sizeof *s->names);
	s->cells = arena_calloc(a, s->ncols, sizeof *s->cells);
	s->numeric = arena_calloc(a, s->ncols, sizeof *s->numeric);
	memcpy(s->names, fixed_names, sizeof fixed_names);
	s->numeric[X_BUDGET] = s->numeric[X_VALUE] = true;
	size_t c = X_FIXED;
	for (size_t p = s->first; p < s->first + s->nperiods; p++) {
		s->numeric[c] = true; /* the result: summed in pivot tables */
		s->names[c++] = m->periods[p].result_column;
		s->names[c++] = m->periods[p].status_column;
		s->names[c++] = m->periods[p].explanation_column;
	}
	s->names[c] = m->ceo_column;
}

/* ---------------------------------------------------------------- CSV */

/* Quoted only when it must be, as Excel does: a comma, a quote or a line break. */
static void csv_cell(FILE *f, const char *text)
{
	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, f);
		return;
	}
	putc('"', f);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	putc('"', f);
}

static void csv_row(FILE *f, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		csv_cell(f, cells[i] ? cells[i] : "");
	}
	fputs("\r\n", f);
}

static void csv_emit(void *out, struct sheet *s)
{
	csv_row(out, s->cells, s->ncols);
}

/* Returns false with errno set when the file cannot be written. */
static bool write_csv(struct sheet *s, const char *tmp)
{
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return false;
	fputs("\xEF\xBB\xBF", f);
	csv_row(f, s->names, s->ncols);
	each_line(s, csv_emit, f);
	/* a full disk shows at the last write or at the close */
	int err = ferror(f) ? (errno ? errno : EIO) : 0;
	if (fclose(f) != 0 && !err)
		err = errno;
	errno = err;
	return !err;
}

/* ---------------------------------------------------------------- xlsx */

struct book_out {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *grouped;
	double *widths; /* per column, in characters */
	lxw_error err;  /* the first error libxlsxwriter returned */
};

static void keep_error(struct book_out *o, lxw_error e)
{
	if (e != LXW_NO_ERROR && o->err == LXW_NO_ERROR)
		o->err = e;
}

/* A number as a person writes it, "1500", "-2.5" or "1,500" (the commas grouping by
 * thousands); not "007" nor "31.12.20", which are codes and dates and stay text. */
static bool plain_number(const char *text, double *value, bool *grouped)
{
	char digits[MAX_DIGITS + 4];
	size_t n = 0, run = 0;
	const char *p = text;
	*grouped = false;
	if (*p == '-')
		digits[n++] = *p++;
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return false;
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (run == 0 || run > 3 || (*grouped && run != 3))
				return false;
			*grouped = true, run = 0;
			continue;
		}
		if (n >= MAX_DIGITS + 1)
			return false;
		digits[n++] = *p, run++;
	}
	if (*grouped && run != 3)
		return false;
	if (*p == '.' && p[1] >= '0' && p[1] <= '9')
		for (digits[n++] = *p++; *p >= '0' && *p <= '9' && n < MAX_DIGITS + 2; p++)
			digits[n++] = *p;
	if (*p)
		return false;
	digits[n] = '\0';
	*value = strtod(digits, NULL);
	return true;
}

/* Characters, not bytes: a Hebrew letter takes two. */
static double text_width(const char *text)
{
	double w = 0;
	for (const char *p = text; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	return w;
}

static void xlsx_cell(struct book_out *o, lxw_row_t row, lxw_col_t col, const char *text,
		      bool numeric)
{
	double value;
	bool grouped;
	if (!text || !text[0])
		return; /* an empty cell, which the filter lists as (Blanks) */
	if (numeric && plain_number(text, &value, &grouped))
		keep_error(o, worksheet_write_number(o->ws, row, col, value,
						     grouped ? o->grouped : NULL));
	else
		keep_error(o, worksheet_write_string(o->ws, row, col, text, NULL));
	double w = text_width(text);
	if (w > o->widths[col])
		o->widths[col] = w;
}

static void xlsx_emit(void *out, struct sheet *s)
{
	struct book_out *o = out;
	for (size_t c = 0; c < s->ncols; c++)
		xlsx_cell(o, (lxw_row_t)(s->rows + 1), (lxw_col_t)c, s->cells[c], s->numeric[c]);
}

static void xlsx_header(struct book_out *o, const struct sheet *s)
{
	o->head = workbook_add_format(o->wb);
	format_set_bold(o->head);
	format_set_bg_color(o->head, 0xD9E1F2);
	format_set_text_wrap(o->head);
	format_set_align(o->head, LXW_ALIGN_VERTICAL_TOP);
	o->grouped = workbook_add_format(o->wb);
	format_set_num_format(o->grouped, "#,##0");
	for (size_t c = 0; c < s->ncols; c++) {
		keep_error(o, worksheet_write_string(o->ws, 0, (lxw_col_t)c, s->names[c], o->head));
		o->widths[c] = text_width(s->names[c]) + 3; /* and the filter's button */
	}
}

/* Right to left, the header frozen, a filter over every row, each column as wide as its
 * longest text within bounds. */
static void xlsx_view(struct book_out *o, const struct sheet *s)
{
	worksheet_right_to_left(o->ws);
	worksheet_freeze_panes(o->ws, 1, 0);
	keep_error(o, worksheet_autofilter(o->ws, 0, 0, (lxw_row_t)s->rows, (lxw_col_t)(s->ncols - 1)));
	for (size_t c = 0; c < s->ncols; c++) {
		double w = o->widths[c] + 1;
		w = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
		keep_error(o, worksheet_set_column(o->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
	}
}

static lxw_error write_xlsx(struct arena *a, struct sheet *s, const char *tmp)
{
	struct book_out o = {.widths = arena_calloc(a, s->ncols, sizeof(double))};
	o.wb = workbook_new(tmp);
	o.ws = o.wb ? workbook_add_worksheet(o.wb, SHEET) : NULL;
	if (!o.ws)
		keep_error(&o, LXW_ERROR_MEMORY_MALLOC_FAILED);
	else {
		xlsx_header(&o, s);
		each_line(s, xlsx_emit, &o);
		xlsx_view(&o, s);
		lxw_doc_properties props = {.title = (char *)s->b->title,
					    .company = (char *)s->b->organisation,
					    .comments = "planbook export"};
		keep_error(&o, workbook_set_properties(o.wb, &props));
	}
	/* closing writes the file, and frees the workbook whatever happened before */
	keep_error(&o, o.wb ? workbook_close(o.wb) : LXW_ERROR_MEMORY_MALLOC_FAILED);
	return o.err;
}

/* ---------------------------------------------------------------- the file */

bool export_is_xlsx(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && !strcasecmp(path + n - 5, ".xlsx");
}

bool export_write(struct arena *a, struct diag *d, const struct book *b, int period,
		  const char *path, size_t *rows)
{
	struct sheet s = {0};
	make_sheet(a, &s, b, period);
	*rows = 0;
	char *tmp = path_temp_beside(a, path);
	if (!tmp) {
		diag_report(d, D_EXPORT, path, 0, 0, strerror(errno));
		return false;
	}
	const char *failed = NULL;
	if (export_is_xlsx(path)) {
		lxw_error e = write_xlsx(a, &s, tmp);
		failed = e != LXW_NO_ERROR ? lxw_strerror(e) : NULL;
	} else if (!write_csv(&s, tmp))
		failed = strerror(errno);
	if (!failed && rename(tmp, path) != 0)
		failed = strerror(errno);
	if (failed) {
		diag_report(d, D_EXPORT, path, 0, 0, failed);
		unlink(tmp);
		return false;
	}
	*rows = s.rows;
	return true;
}
