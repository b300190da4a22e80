/* read_plan.c — builds a unit's plan from the rows of a table, whatever file it came from.
 *
 * One row per metric line. Cells of the goal's columns left empty continue the value
 * above, and so does a cell inside a merged region (which is what the empty cell of a CSV
 * saved from Excel was); a row that fills any of them starts a new goal. The metric type
 * continues within its goal. Values are kept exactly as the spreadsheet shows them. */
#include "read_plan.h"

#include <stdlib.h>
#include <string.h>

#include "table.h"

/* ---------------------------------------------------------------- columns */

struct column_name {
	enum column col;
	const char *name;
};

/* The names printed in the book first, then the variants the 2020 files use. A budget
 * column may carry a year ("תקציב 2019"): see match_column. */
static const struct column_name column_names[] = {
	{COL_TOPIC, "נושאים"},         {COL_VISION, "חזון ראש העיר"}, {COL_POLICY, "הדגשי מדיניות"},
	{COL_ACCOUNT, "שם החשבון"},    {COL_TABAR, "תב\"ר"},          {COL_BUDGET, "תקציב"},
	{COL_GOAL, "מטרה"},            {COL_TYPE, "סוג מדד"},         {COL_METRIC, "מדד"},
	{COL_VALUE, "ערך"},            {COL_NOTES, "הערות"},
	{COL_TOPIC, "נושא"},           {COL_VISION, "חזון"},          {COL_POLICY, "דגשי מדיניות"},
	{COL_ACCOUNT, "שם חשבון"},     {COL_TABAR, "תב״ר"},           {COL_TABAR, "תבר"},
	{COL_GOAL, "מטרות"},           {COL_TYPE, "סוג המדד"},        {COL_METRIC, "מדדים"},
	{COL_VALUE, "לו\"ז"},          {COL_VALUE, "לו״ז"},           {COL_NOTES, "הערה"},
};
enum { NCOLUMN_NAMES = sizeof column_names / sizeof column_names[0] };

const char *plan_column_name(enum column c)
{
	return c >= 0 && c < COL__COUNT ? column_names[c].name : NULL;
}

static bool is_year(const char *s)
{
	return strlen(s) == 4 && s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
	       s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9';
}

#define BUDGET_WORD "תקציב "

/* Returns the column a header names, or COL_NONE. */
static enum column match_column(const char *h)
{
	for (size_t i = 0; i < NCOLUMN_NAMES; i++)
		if (strcmp(h, column_names[i].name) == 0)
			return column_names[i].col;
	if (strncmp(h, BUDGET_WORD, strlen(BUDGET_WORD)) == 0 && is_year(h + strlen(BUDGET_WORD)))
		return COL_BUDGET;
	return COL_NONE;
}

static const char *nearest_column(const char *h)
{
	const char *best = NULL;
	int best_d = 3; /* a slip of a letter or two, not another word */
	for (size_t i = 0; i < NCOLUMN_NAMES; i++) {
		int d = edit_distance(h, column_names[i].name);
		if (d < best_d)
			best_d = d, best = column_names[i].name;
	}
	return best;
}

static bool is_extra(const struct plan_options *o, const char *name)
{
	for (size_t k = 0; k < o->nextra; k++)
		if (strcmp(o->extra_columns[k], name) == 0)
			return true;
	return false;
}

/* Two headings that differ only in the quote marks Hebrew typists use for geresh and
 * gershayim (' or ׳, " or ״) name the same column. */
static bool same_heading(const char *a, const char *b)
{
	while (*a && *b) {
		size_t la = 1, lb = 1;
		char ca = *a, cb = *b;
		if (!strncmp(a, "׳", 2))
			ca = '\'', la = 2;
		if (!strncmp(b, "׳", 2))
			cb = '\'', lb = 2;
		if (!strncmp(a, "״", 2))
			ca = '"', la = 2;
		if (!strncmp(b, "״", 2))
			cb = '"', lb = 2;
		if (ca != cb)
			return false;
		a += la, b += lb;
	}
	return !*a && !*b;
}

/* The measurement column a heading names: period * 3 + (0 result, 1 status, 2
 * explanation), MEASURE_CEO for the CEO-metric flag, or -1. */
enum { MEASURE_CEO = 1 << 20 };
static int measurement_column(const struct plan_options *o, const char *h)
{
	const struct measurement *m = o->measurement;
	for (size_t p = 0; m && p < m->nperiods; p++) {
		const char *names[3] = {m->periods[p].result_column, m->periods[p].status_column,
					m->periods[p].explanation_column};
		for (int k = 0; k < 3; k++)
			if (same_heading(h, names[k]))
				return (int)p * 3 + k;
	}
	return m && same_heading(h, m->ceo_column) ? MEASURE_CEO : -1;
}

/* How many cells of a row name a column: the header row is the one that names some. */
static int named_columns(const struct trow *r, const struct plan_options *o)
{
	int n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += match_column(r->cells[i].text) != COL_NONE || is_extra(o, r->cells[i].text) ||
		     measurement_column(o, r->cells[i].text) >= 0;
	return n;
}

static bool names_column(const struct trow *r, enum column c)
{
	for (size_t i = 0; i < r->n; i++)
		if (match_column(r->cells[i].text) == c)
			return true;
	return false;
}

/* A header split over two rows: the first lacks a required column that the second names
 * (a data row may well hold a word like "מדד"; a complete header is never split). */
static bool names_missing_below(const struct trow *first, const struct trow *second)
{
	static const enum column required[] = {COL_GOAL, COL_TYPE, COL_METRIC, COL_VALUE};
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (!names_column(first, required[k]) && names_column(second, required[k]))
			return true;
	return false;
}

/* ---------------------------------------------------------------- the builder */

struct builder {
	struct arena *a;
	struct arena *scratch; /* the vectors being filled; kept in a at their final size */
	struct diag *d;
	const struct table *t;
	const struct plan_options *o;
	int index[COL__COUNT]; /* cell index of each column, -1 if absent */
	int *extra_index;
	int *measure_index;    /* cell index of period p's result, status, explanation: p*3+k */
	int ceo_index;
	const struct trow *header;
	struct plan *plan;
	struct vec goals;
	struct goal *goal;
	struct vec groups, lines;
	int warned_span_column, warned_span_row; /* the merged region last reported */
	int *warned_line_span; /* by cell index: the top row of the line's region reported */
};

static const char *heading(const struct builder *b, int i)
{
	return i >= 0 && (size_t)i < b->header->n ? b->header->cells[i].text : NULL;
}

static struct source place(const struct builder *b, const struct trow *r, int i)
{
	return table_place(b->t, r, i >= 0 ? i + 1 : 0, heading(b, i));
}

static const char *cell_at(const struct trow *r, int i)
{
	return i >= 0 && (size_t)i < r->n ? r->cells[i].text : "";
}

/* The value of a merged region that covers the cell from above, or NULL. */
static const struct tcell *span_at(const struct trow *r, int i)
{
	return i >= 0 && (size_t)i < r->n && r->cells[i].span ? &r->cells[i] : NULL;
}

static void report_unknown_column(struct builder *b, const struct trow *h, size_t i)
{
	const char *name = h->cells[i].text;
	struct source at = place(b, h, (int)i);
	at.heading = NULL; /* the cell is the heading */
	diag_at(b->d, D_COLUMN_UNKNOWN, &at, name, diag_hint(nearest_column(name)));
}

/* A budget column named after another year than the book's, as a plan carried over from
 * last year would be. */
static void check_header_year(struct builder *b, const struct trow *h, size_t i)
{
	const char *name = h->cells[i].text;
	if (!b->o->year || strncmp(name, BUDGET_WORD, strlen(BUDGET_WORD)) != 0)
		return;
	int year = atoi(name + strlen(BUDGET_WORD));
	if (year != b->o->year) {
		struct source at = place(b, h, (int)i);
		at.heading = NULL;
		diag_at(b->d, D_HEADER_YEAR, &at, name, year, b->o->year);
	}
}

static bool read_header(struct builder *b, const struct trow *h)
{
	for (int c = 0; c < COL__COUNT; c++)
		b->index[c] = -1;
	size_t nmeasure = b->o->measurement ? b->o->measurement->nperiods * 3 : 0;
	b->measure_index = arena_calloc(b->scratch, nmeasure + 1, sizeof *b->measure_index);
	for (size_t k = 0; k < nmeasure; k++)
		b->measure_index[k] = -1;
	b->ceo_index = -1;
	b->header = h;
	b->extra_index = arena_calloc(b->a, h->n ? h->n : 1, sizeof *b->extra_index);
	b->warned_line_span = arena_calloc(b->scratch, h->n ? h->n : 1, sizeof(int));
	b->plan->extra_labels = arena_calloc(b->a, h->n ? h->n : 1, sizeof *b->plan->extra_labels);
	bool ok = true;
	for (size_t i = 0; i < h->n; i++) {
		const char *name = h->cells[i].text;
		if (!name[0])
			continue;
		enum column col = match_column(name);
		int measure = col == COL_NONE ? measurement_column(b->o, name) : -1;
		if (measure >= 0) {
			if (measure == MEASURE_CEO)
				b->ceo_index = (int)i;
			else
				b->measure_index[measure] = (int)i;
			b->plan->measured = true;
			continue;
		}
		if (col == COL_NONE && is_extra(b->o, name)) {
			b->extra_index[b->plan->nextra] = (int)i;
			b->plan->extra_labels[b->plan->nextra++] = name;
			continue;
		}
		if (col == COL_NONE) {
			report_unknown_column(b, h, i);
			ok = false;
			continue;
		}
		if (b->index[col] >= 0) {
			struct source at = place(b, h, (int)i);
			at.heading = NULL;
			diag_at(b->d, D_COLUMN_TWICE, &at, name);
			ok = false;
			continue;
		}
		b->index[col] = (int)i;
		if (col == COL_BUDGET && strcmp(name, "תקציב") != 0) {
			b->plan->budget_label = name;
			check_header_year(b, h, i);
		}
		if (col == COL_VALUE)
			b->plan->value_label = name;
		if (col == COL_VISION)
			b->plan->vision_label = name;
	}
	if (b->plan->measured) {
		size_t n = b->o->measurement->nperiods;
		b->plan->has_period = arena_calloc(b->a, n, sizeof *b->plan->has_period);
		for (size_t p = 0; p < n; p++)
			b->plan->has_period[p] = b->measure_index[p * 3 + 1] >= 0;
	}
	static const enum column required[] = {COL_GOAL, COL_TYPE, COL_METRIC, COL_VALUE};
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (b->index[required[k]] < 0) {
			struct source at = place(b, h, -1);
			diag_at(b->d, D_COLUMN_MISSING, &at, plan_column_name(required[k]));
			ok = false;
		}
	return ok;
}

static void close_group(struct builder *b)
{
	if (!b->groups.len)
		return;
	struct metric_group *g = &VEC_AT(&b->groups, struct metric_group, b->groups.len - 1);
	g->lines = vec_keep(b->a, &b->lines);
	g->nlines = b->lines.len;
	b->lines.len = 0;
}

static void close_goal(struct builder *b)
{
	if (!b->goal)
		return;
	close_group(b);
	b->goal->groups = vec_keep(b->a, &b->groups);
	b->goal->ngroups = b->groups.len;
	b->groups.len = 0;
	size_t lines = 0;
	for (size_t i = 0; i < b->goal->ngroups; i++)
		lines += b->goal->groups[i].nlines;
	if (lines == 0)
		diag_at(b->d, D_GOAL_NO_METRIC, &b->goal->at);
	b->goal = NULL;
}

static const enum column goal_columns[] = {COL_TOPIC,  COL_VISION, COL_POLICY, COL_ACCOUNT,
					   COL_TABAR,  COL_BUDGET, COL_GOAL};

/* The value of a goal's cell on the row that starts it. A merged region reaching down
 * from the goal above gives its value to this goal too, said once per region: the
 * second goal would otherwise print the cell empty. The topic spans goals by design. */
static const char *goal_value(struct builder *b, const struct trow *r, enum column c,
			      struct source *at)
{
	int i = b->index[c];
	*at = place(b, r, i);
	const struct tcell *span = span_at(r, i);
	if (cell_at(r, i)[0] || !span)
		return cell_at(r, i);
	bool reported = b->warned_span_column == i && b->warned_span_row == span->span_row;
	if (c != COL_TOPIC && !reported) {
		struct source top = *at;
		top.row = span->span_row;
		top.line = top.col = 0;
		diag_at(b->d, D_MERGED_ACROSS_GOALS, &top, r->row);
		b->warned_span_column = i, b->warned_span_row = span->span_row;
	}
	return span->span;
}

static void start_goal(struct builder *b, const struct trow *r)
{
	const char *topic = b->goal ? b->goal->topic : NULL;
	if (!b->goal && b->goals.len)
		topic = VEC_AT(&b->goals, struct goal, b->goals.len - 1).topic;
	close_goal(b);
	struct goal *g = b->goal = vec_push(b->scratch, &b->goals, sizeof *b->goal);
	struct source ignored;
	const char *t = goal_value(b, r, COL_TOPIC, &ignored);
	g->topic = t[0] ? t : topic ? topic : ""; /* an empty topic continues the one above */
	g->vision = goal_value(b, r, COL_VISION, &g->vision_at);
	g->policy = goal_value(b, r, COL_POLICY, &g->policy_at);
	g->account = goal_value(b, r, COL_ACCOUNT, &ignored);
	g->tabar = goal_value(b, r, COL_TABAR, &ignored);
	g->budget = goal_value(b, r, COL_BUDGET, &g->budget_at);
	g->text = goal_value(b, r, COL_GOAL, &g->at);
}

/* The metric type: a new group where the row names one, else the goal's current group. */
static void read_type(struct builder *b, const struct trow *r, bool new_goal)
{
	int i = b->index[COL_TYPE];
	const char *type = cell_at(r, i);
	struct source at;
	if (!type[0] && new_goal && span_at(r, i))
		type = goal_value(b, r, COL_TYPE, &at); /* a type merged down from the goal above */
	if (type[0]) {
		close_group(b);
		struct metric_group *g = vec_push(b->scratch, &b->groups, sizeof *g);
		g->type = type;
		g->at = place(b, r, i);
	} else if (!b->groups.len) {
		at = place(b, r, i);
		diag_at(b->d, D_TYPE_MISSING, &at);
		struct metric_group *g = vec_push(b->scratch, &b->groups, sizeof *g);
		g->type = "";
		g->at = at;
	}
}

/* Values in columns the header does not name would not be printed: each is reported. */
static void check_unnamed(struct builder *b, const struct trow *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->cells[i].text[0] && !(i < b->header->n && b->header->cells[i].text[0])) {
			struct source at = place(b, r, (int)i);
			diag_at(b->d, D_VALUE_NO_COLUMN, &at, r->cells[i].text);
		}
}

/* A cell of a line (metric, target, note, extra column) inside a region merged down from
 * the line above: Excel shows the value beside both lines, the book prints it on the
 * first only. Said once per region. */
static void check_line_span(struct builder *b, const struct trow *r, int i)
{
	const struct tcell *span = span_at(r, i);
	if (!span || cell_at(r, i)[0] || (size_t)i >= b->header->n ||
	    b->warned_line_span[i] == span->span_row)
		return;
	b->warned_line_span[i] = span->span_row;
	struct source top = place(b, r, i);
	top.row = span->span_row;
	top.line = top.col = 0;
	diag_at(b->d, D_MERGED_LINES, &top, r->row, span->span_row);
}

/* The line's results, statuses and explanations, a set per period, and its CEO flag. */
static void read_results(struct builder *b, const struct trow *r, struct metric_line *l)
{
	const struct measurement *m = b->o->measurement;
	l->results = arena_calloc(b->a, m->nperiods, sizeof *l->results);
	for (size_t p = 0; p < m->nperiods; p++) {
		struct line_result *res = &l->results[p];
		const int *at = &b->measure_index[p * 3];
		res->result = cell_at(r, at[0]);
		res->status = cell_at(r, at[1]);
		res->explanation = cell_at(r, at[2]);
		res->status_index = -1;
		res->result_at = place(b, r, at[0]);
		res->status_at = place(b, r, at[1]);
		res->explanation_at = place(b, r, at[2]);
	}
	l->ceo_at = place(b, r, b->ceo_index);
	const char *flag = cell_at(r, b->ceo_index);
	l->ceo = same_heading(flag, m->ceo_yes);
	if (flag[0] && !l->ceo) /* "V" or "x" meant as yes would otherwise be lost */
		diag_at(b->d, D_CEO_VALUE, &l->ceo_at, flag, m->ceo_yes);
}

static void read_line(struct builder *b, const struct trow *r)
{
	static const enum column line_columns[] = {COL_METRIC, COL_VALUE, COL_NOTES};
	for (size_t k = 0; k < sizeof line_columns / sizeof line_columns[0]; k++)
		check_line_span(b, r, b->index[line_columns[k]]);
	for (size_t k = 0; k < b->plan->nextra; k++)
		check_line_span(b, r, b->extra_index[k]);
	const char *text = cell_at(r, b->index[COL_METRIC]);
	const char *value = cell_at(r, b->index[COL_VALUE]);
	const char *note = cell_at(r, b->index[COL_NOTES]);
	bool any_extra = false;
	for (size_t k = 0; k < b->plan->nextra; k++)
		any_extra |= cell_at(r, b->extra_index[k])[0] != '\0';
	bool any_result = cell_at(r, b->ceo_index)[0] != '\0';
	for (size_t k = 0; b->plan->measured && k < b->o->measurement->nperiods * 3; k++)
		any_result |= cell_at(r, b->measure_index[k])[0] != '\0';
	if (!text[0] && !value[0] && !note[0] && !any_extra && !any_result)
		return; /* a type printed with no line under it */
	struct metric_line *l = vec_push(b->scratch, &b->lines, sizeof *l);
	l->text = text;
	l->value = value;
	l->note = note;
	l->at = place(b, r, b->index[COL_METRIC]);
	l->value_at = place(b, r, b->index[COL_VALUE]);
	l->note_at = place(b, r, b->index[COL_NOTES]);
	if (!text[0] && value[0])
		diag_at(b->d, D_VALUE_NO_METRIC, &l->value_at, value);
	if (b->plan->nextra)
		l->extra = arena_calloc(b->a, b->plan->nextra, sizeof *l->extra);
	for (size_t k = 0; k < b->plan->nextra; k++)
		l->extra[k] = cell_at(r, b->extra_index[k]);
	if (b->plan->measured)
		read_results(b, r, l);
}

static void read_data_row(struct builder *b, const struct trow *r)
{
	if (r->hidden) {
		struct source at = place(b, r, -1);
		diag_at(b->d, D_ROW_HIDDEN, &at);
	}
	check_unnamed(b, r);
	bool starts_goal = false;
	for (size_t k = 0; k < sizeof goal_columns / sizeof goal_columns[0]; k++)
		starts_goal |= cell_at(r, b->index[goal_columns[k]])[0] != '\0';
	if (starts_goal) {
		start_goal(b, r);
	} else if (!b->goal) {
		struct source at = place(b, r, 0);
		diag_at(b->d, D_NO_GOAL, &at);
		return;
	}
	read_type(b, r, starts_goal);
	read_line(b, r);
}

/* The header row is the first; a file whose names come lower (a title above them, or the
 * printed book's two-row header) is told which row must hold them. */
static const struct trow *find_header(struct builder *b)
{
	const struct table *t = b->t;
	if (!t->nrows)
		return NULL;
	if (named_columns(&t->rows[0], b->o) >= 2) {
		/* names under names: the printed book's header, its group titles (משאבים,
		 * יעדים) above some names and merged down beside them; read as it is, the first
		 * row would miss the names of the second and the second be taken for a goal */
		if (t->nrows > 1 && names_missing_below(&t->rows[0], &t->rows[1])) {
			struct source at = table_place(t, &t->rows[1], 0, NULL);
			diag_at(b->d, D_HEADER_TWO_ROWS, &at, t->rows[0].row, t->rows[1].row,
				t->rows[0].row);
			return NULL;
		}
		return &t->rows[0];
	}
	for (size_t i = 1; i < t->nrows && i < 12; i++)
		if (named_columns(&t->rows[i], b->o) >= 3) {
			struct source at = table_place(t, &t->rows[i], 0, NULL);
			diag_at(b->d, D_HEADER_NOT_FIRST, &at, t->rows[0].row, t->rows[i].row);
			return NULL;
		}
	struct source at = table_place(t, &t->rows[0], 0, NULL);
	diag_at(b->d, D_HEADER_MISSING, &at);
	return NULL;
}

static void build(struct builder *b)
{
	const struct trow *h = find_header(b);
	if (!h || !read_header(b, h))
		return;
	for (const struct trow *r = h + 1; r < b->t->rows + b->t->nrows; r++)
		read_data_row(b, r);
	close_goal(b);
}

struct plan *plan_read(struct arena *a, struct diag *d, const char *path,
		       const struct plan_options *o)
{
	static const struct plan_options none = {0};
	if (!o)
		o = &none;
	struct arena scratch = {0};
	struct table t;
	if (!table_read(a, &scratch, d, path, o->sheet, &t)) {
		arena_free(&scratch);
		return NULL;
	}
	int errors = d->errors;
	struct plan *plan = arena_alloc(a, sizeof *plan);
	plan->path = path;
	plan->value_label = "ערך";
	plan->vision_label = "חזון ראש העיר";
	struct builder b = {.a = a, .scratch = &scratch, .d = d, .t = &t, .o = o, .plan = plan,
			    .warned_span_column = -1};
	if (t.nrows == 0)
		diag_report(d, D_PLAN_EMPTY, path, 0, 0, _("the file is empty"));
	else
		build(&b);
	plan->goals = vec_keep(a, &b.goals);
	plan->ngoals = b.goals.len;
	arena_free(&scratch);
	if (t.nrows && d->errors == errors && !plan->ngoals && !o->may_be_empty)
		diag_report(d, D_PLAN_EMPTY, path, 0, 0, _("it has a header row but no plan under it"));
	return plan;
}
