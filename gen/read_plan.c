/* read_plan.c — a unit's plan: a CSV file as Excel saves it, one row per metric line.
 *
 * Cells of the goal's columns left empty continue the value above (what Excel writes for
 * merged cells); a row that fills any of them starts a new goal. The metric type
 * continues within its goal. Values are kept exactly as written. */
#include "read_plan.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

/* ---------------------------------------------------------------- columns */

struct column_name {
	enum column col;
	const char *name;
};

/* The names printed in the book and the variants the 2020 files use. A budget column
 * may carry a year ("תקציב 2019"): see match_column. */
static const struct column_name column_names[] = {
	{COL_TOPIC, "נושאים"},         {COL_TOPIC, "נושא"},
	{COL_VISION, "חזון ראש העיר"}, {COL_VISION, "חזון"},
	{COL_POLICY, "הדגשי מדיניות"}, {COL_POLICY, "דגשי מדיניות"},
	{COL_ACCOUNT, "שם החשבון"},    {COL_ACCOUNT, "שם חשבון"},
	{COL_TABAR, "תב\"ר"},          {COL_TABAR, "תב״ר"},
	{COL_TABAR, "תבר"},            {COL_BUDGET, "תקציב"},
	{COL_GOAL, "מטרה"},            {COL_GOAL, "מטרות"},
	{COL_TYPE, "סוג מדד"},         {COL_TYPE, "סוג המדד"},
	{COL_METRIC, "מדד"},           {COL_METRIC, "מדדים"},
	{COL_VALUE, "ערך"},            {COL_VALUE, "לו\"ז"},
	{COL_VALUE, "לו״ז"},           {COL_NOTES, "הערות"},
	{COL_NOTES, "הערה"},
};

static const char *trim(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n ? arena_strndup(a, s, n) : ""; /* most cells of a plan are empty */
}

static bool is_year(const char *s)
{
	return strlen(s) == 4 && s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
	       s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9';
}

/* Returns the column a header names, or COL_NONE. */
static enum column match_column(const char *h)
{
	for (size_t i = 0; i < sizeof column_names / sizeof column_names[0]; i++)
		if (strcmp(h, column_names[i].name) == 0)
			return column_names[i].col;
	if (strncmp(h, "תקציב ", strlen("תקציב ")) == 0 && is_year(h + strlen("תקציב ")))
		return COL_BUDGET;
	return COL_NONE;
}

static const char *nearest_column(const char *h)
{
	const char *best = NULL;
	int best_d = 3; /* a slip of a letter or two, not another word */
	for (size_t i = 0; i < sizeof column_names / sizeof column_names[0]; i++) {
		int d = edit_distance(h, column_names[i].name);
		if (d < best_d)
			best_d = d, best = column_names[i].name;
	}
	return best;
}

/* ---------------------------------------------------------------- CSV */

struct cell {
	const char *text;
	int line, col;
};

struct row {
	struct cell *cells;
	size_t n;
	int line;
};

struct csv {
	struct arena *a;       /* where cell texts go: they live in the plan */
	struct arena *scratch; /* rows, freed when the file is read */
	struct diag *d;
	const char *path;
	const char *s;
	size_t len, pos;
	int line, line_start; /* current line number and the offset where it starts */
};

static int column_of(struct csv *c, size_t off)
{
	return utf8_column(c->s + c->line_start, off - (size_t)c->line_start);
}

/* Reads one cell starting at pos; stops before the separator or line end. Double quotes
 * open a quoted cell ("" is a quote inside it); a quote in the middle of a plain cell is
 * kept as it is (how a person types תב"ר). */
static bool read_cell(struct csv *c, struct buf *out, struct cell *cell)
{
	out->len = 0;
	cell->line = c->line;
	cell->col = column_of(c, c->pos);
	if (c->pos < c->len && c->s[c->pos] == '"') {
		c->pos++;
		for (;;) {
			if (c->pos >= c->len) {
				diag_report(c->d, D_CSV_QUOTE, c->path, cell->line, cell->col);
				return false;
			}
			char ch = c->s[c->pos];
			if (ch == '"') {
				if (c->pos + 1 < c->len && c->s[c->pos + 1] == '"') {
					buf_addc(out, '"');
					c->pos += 2;
					continue;
				}
				c->pos++;
				break;
			}
			if (ch == '\n') {
				c->line++;
				c->line_start = (int)c->pos + 1;
			}
			if (ch != '\r')
				buf_addc(out, ch);
			c->pos++;
		}
		/* anything between the closing quote and the separator is kept */
		while (c->pos < c->len && c->s[c->pos] != ',' && c->s[c->pos] != '\n')
			if (c->s[c->pos++] != '\r')
				buf_addc(out, c->s[c->pos - 1]);
	} else {
		while (c->pos < c->len && c->s[c->pos] != ',' && c->s[c->pos] != '\n') {
			if (c->s[c->pos] != '\r')
				buf_addc(out, c->s[c->pos]);
			c->pos++;
		}
	}
	cell->text = trim(c->a, out->data ? buf_cstr(out) : "");
	return true;
}

/* Reads one row; false at the end of the file or after an error (*ok false). */
static bool read_row(struct csv *c, struct row *r, bool *ok)
{
	*ok = true;
	if (c->pos >= c->len)
		return false;
	struct vec cells = {0};
	struct buf text = {0};
	r->line = c->line;
	for (;;) {
		struct cell *cell = vec_push(c->scratch, &cells, sizeof *cell);
		if (!read_cell(c, &text, cell)) {
			*ok = false;
			break;
		}
		if (c->pos < c->len && c->s[c->pos] == ',') {
			c->pos++;
			continue;
		}
		if (c->pos < c->len && c->s[c->pos] == '\n') {
			c->pos++;
			c->line++;
			c->line_start = (int)c->pos;
		}
		break;
	}
	buf_free(&text);
	r->cells = cells.items;
	r->n = cells.len;
	return *ok;
}

static bool row_empty(const struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->cells[i].text[0])
			return false;
	return true;
}

/* ---------------------------------------------------------------- encoding */

/* Hebrew Excel saves plain "CSV" in Windows-1255. A file that is not UTF-8 is converted
 * from it, with a warning that says how to save it as UTF-8. */
static bool to_utf8(struct diag *d, const char *path, struct buf *raw, bool *converted)
{
	*converted = false;
	if (utf8_check(raw->data, raw->len) < 0)
		return true;
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1255");
	if (cd == (iconv_t)-1)
		return diag_check_utf8(d, path, raw->data, raw->len, 0);
	struct buf out = {0};
	char *in = raw->data;
	size_t inleft = raw->len;
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
		return diag_check_utf8(d, path, raw->data, raw->len, 0);
	}
	buf_free(raw);
	*raw = out;
	buf_cstr(raw);
	*converted = true;
	diag_report(d, D_ENCODING, path, 0, 0);
	return true;
}

/* ---------------------------------------------------------------- plan */

struct reader {
	struct arena *a;
	struct arena *scratch; /* the vectors being filled; kept in a at their final size */
	struct diag *d;
	const char *path;
	int index[COL__COUNT]; /* cell index of each column, -1 if absent */
	int *extra_index;
	struct plan *plan;
	struct vec goals;
	struct goal *goal;
	struct vec groups, lines;
};

static const char *cell_at(const struct row *r, int i)
{
	return i >= 0 && (size_t)i < r->n ? r->cells[i].text : "";
}

static struct source cell_source(const struct reader *rd, const struct row *r, int i)
{
	struct source at = {rd->path, r->line, 1};
	if (i >= 0 && (size_t)i < r->n)
		at.line = r->cells[i].line, at.col = r->cells[i].col;
	return at;
}

static bool read_header(struct reader *rd, const struct row *h, const char *const *allowed,
			size_t nallowed)
{
	for (int c = 0; c < COL__COUNT; c++)
		rd->index[c] = -1;
	rd->extra_index = arena_calloc(rd->a, h->n ? h->n : 1, sizeof *rd->extra_index);
	rd->plan->extra_labels = arena_calloc(rd->a, h->n ? h->n : 1, sizeof *rd->plan->extra_labels);
	bool ok = true;
	for (size_t i = 0; i < h->n; i++) {
		const char *name = h->cells[i].text;
		if (!name[0])
			continue;
		enum column col = match_column(name);
		if (col == COL_NONE) {
			bool extra = false;
			for (size_t k = 0; k < nallowed; k++)
				extra |= strcmp(allowed[k], name) == 0;
			if (extra) {
				rd->extra_index[rd->plan->nextra] = (int)i;
				rd->plan->extra_labels[rd->plan->nextra++] = name;
				continue;
			}
			const char *near = nearest_column(name);
			diag_report(rd->d, D_COLUMN_UNKNOWN, rd->path, h->cells[i].line, h->cells[i].col,
				    name, near ? " (did you mean '" : "", near ? near : "",
				    near ? "'?)" : "");
			ok = false;
			continue;
		}
		if (rd->index[col] >= 0) {
			diag_report(rd->d, D_COLUMN_TWICE, rd->path, h->cells[i].line, h->cells[i].col,
				    name);
			ok = false;
			continue;
		}
		rd->index[col] = (int)i;
		if (col == COL_BUDGET && strcmp(name, "תקציב") != 0)
			rd->plan->budget_label = name;
		if (col == COL_VALUE)
			rd->plan->value_label = name;
		if (col == COL_VISION)
			rd->plan->vision_label = name;
	}
	static const enum column required[] = {COL_GOAL, COL_TYPE, COL_METRIC, COL_VALUE};
	static const char *const required_names[] = {"מטרה", "סוג מדד", "מדד", "ערך"};
	for (size_t k = 0; k < 4; k++)
		if (rd->index[required[k]] < 0) {
			diag_report(rd->d, D_COLUMN_MISSING, rd->path, h->line, 1, required_names[k]);
			ok = false;
		}
	return ok;
}

static void close_group(struct reader *rd)
{
	if (!rd->groups.len)
		return;
	struct metric_group *g = &VEC_AT(&rd->groups, struct metric_group, rd->groups.len - 1);
	g->lines = vec_keep(rd->a, &rd->lines);
	g->nlines = rd->lines.len;
	rd->lines.len = 0;
}

static void close_goal(struct reader *rd)
{
	if (!rd->goal)
		return;
	close_group(rd);
	rd->goal->groups = vec_keep(rd->a, &rd->groups);
	rd->goal->ngroups = rd->groups.len;
	rd->groups.len = 0;
	size_t lines = 0;
	for (size_t i = 0; i < rd->goal->ngroups; i++)
		lines += rd->goal->groups[i].nlines;
	if (lines == 0)
		diag_report(rd->d, D_GOAL_NO_METRIC, rd->path, rd->goal->at.line, rd->goal->at.col);
	rd->goal = NULL;
}

static const enum column goal_columns[] = {COL_TOPIC,  COL_VISION, COL_POLICY, COL_ACCOUNT,
					   COL_TABAR,  COL_BUDGET, COL_GOAL};

static void read_data_row(struct reader *rd, const struct row *r)
{
	bool starts_goal = false;
	for (size_t k = 0; k < sizeof goal_columns / sizeof goal_columns[0]; k++)
		starts_goal |= cell_at(r, rd->index[goal_columns[k]])[0] != '\0';
	if (starts_goal) {
		const char *topic = rd->goal ? rd->goal->topic : NULL;
		if (!rd->goal && rd->goals.len)
			topic = VEC_AT(&rd->goals, struct goal, rd->goals.len - 1).topic;
		close_goal(rd);
		rd->goal = vec_push(rd->scratch, &rd->goals, sizeof *rd->goal);
		const char *t = cell_at(r, rd->index[COL_TOPIC]);
		/* the topic alone spans goals: an empty topic continues the one above */
		rd->goal->topic = t[0] ? t : topic;
		rd->goal->vision = cell_at(r, rd->index[COL_VISION]);
		rd->goal->policy = cell_at(r, rd->index[COL_POLICY]);
		rd->goal->account = cell_at(r, rd->index[COL_ACCOUNT]);
		rd->goal->tabar = cell_at(r, rd->index[COL_TABAR]);
		rd->goal->budget = cell_at(r, rd->index[COL_BUDGET]);
		rd->goal->text = cell_at(r, rd->index[COL_GOAL]);
		rd->goal->at = cell_source(rd, r, rd->index[COL_GOAL]);
		rd->goal->vision_at = cell_source(rd, r, rd->index[COL_VISION]);
		rd->goal->policy_at = cell_source(rd, r, rd->index[COL_POLICY]);
		rd->goal->budget_at = cell_source(rd, r, rd->index[COL_BUDGET]);
		if (!rd->goal->topic)
			rd->goal->topic = "";
	} else if (!rd->goal) {
		struct source at = cell_source(rd, r, 0);
		diag_report(rd->d, D_NO_GOAL, rd->path, at.line, at.col);
		return;
	}
	const char *type = cell_at(r, rd->index[COL_TYPE]);
	if (type[0]) {
		close_group(rd);
		struct metric_group *g = vec_push(rd->scratch, &rd->groups, sizeof *g);
		g->type = type;
		g->at = cell_source(rd, r, rd->index[COL_TYPE]);
	} else if (!rd->groups.len) {
		struct source at = cell_source(rd, r, rd->index[COL_TYPE]);
		diag_report(rd->d, D_TYPE_MISSING, rd->path, at.line, at.col);
		struct metric_group *g = vec_push(rd->scratch, &rd->groups, sizeof *g);
		g->type = "";
		g->at = at;
	}
	const char *text = cell_at(r, rd->index[COL_METRIC]);
	const char *value = cell_at(r, rd->index[COL_VALUE]);
	const char *note = cell_at(r, rd->index[COL_NOTES]);
	bool any_extra = false;
	for (size_t k = 0; k < rd->plan->nextra; k++)
		any_extra |= cell_at(r, rd->extra_index[k])[0] != '\0';
	if (!text[0] && !value[0] && !note[0] && !any_extra)
		return; /* a type printed with no line under it */
	struct metric_line *l = vec_push(rd->scratch, &rd->lines, sizeof *l);
	l->text = text;
	l->value = value;
	l->note = note;
	l->at = cell_source(rd, r, rd->index[COL_METRIC]);
	l->value_at = cell_source(rd, r, rd->index[COL_VALUE]);
	l->note_at = cell_source(rd, r, rd->index[COL_NOTES]);
	if (rd->plan->nextra)
		l->extra = arena_calloc(rd->a, rd->plan->nextra, sizeof *l->extra);
	for (size_t k = 0; k < rd->plan->nextra; k++)
		l->extra[k] = cell_at(r, rd->extra_index[k]);
}

struct plan *plan_read(struct arena *a, struct diag *d, const char *path,
		       const char *const *extra_columns, size_t nextra)
{
	struct buf raw = {0};
	if (!file_read(path, &raw)) {
		diag_report(d, D_FILE_OPEN, path, 0, 0, strerror(errno));
		buf_free(&raw);
		return NULL;
	}
	int errors = d->errors;
	struct plan *plan = arena_alloc(a, sizeof *plan);
	plan->path = path;
	plan->value_label = "ערך";
	plan->vision_label = "חזון ראש העיר";
	if (!to_utf8(d, path, &raw, &plan->converted)) {
		buf_free(&raw);
		return NULL;
	}
	struct arena scratch = {0};
	struct csv c = {a, &scratch, d, path, raw.data ? raw.data : "", raw.len, 0, 1, 0};
	if (c.len >= 3 && memcmp(c.s, "\xEF\xBB\xBF", 3) == 0)
		c.pos = c.line_start = 3; /* the byte-order mark Excel writes */
	struct reader rd = {.a = a, .scratch = &scratch, .d = d, .path = path, .plan = plan};
	struct row r;
	bool ok;
	bool have_header = false;
	while (read_row(&c, &r, &ok)) {
		if (row_empty(&r))
			continue;
		if (!have_header) {
			have_header = true;
			if (!read_header(&rd, &r, extra_columns, nextra))
				break;
			continue;
		}
		read_data_row(&rd, &r);
	}
	close_goal(&rd);
	plan->goals = vec_keep(a, &rd.goals);
	plan->ngoals = rd.goals.len;
	buf_free(&raw);
	arena_free(&scratch);
	if (ok && !have_header)
		diag_report(d, D_PLAN_EMPTY, path, 0, 0, "the file is empty");
	else if (ok && d->errors == errors && rd.goals.len == 0)
		diag_report(d, D_PLAN_EMPTY, path, 0, 0, "it has a header row but no plan under it");
	return plan;
}
