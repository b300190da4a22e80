/* layout_table.c — a unit's plan as its work-plan table.
 *
 * Columns run right to left: topic, vision, policy, resources (account, תב"ר, budget),
 * goals (goal, metric type, metric, extra columns, value), notes. A goal's cells span its
 * metric lines, a metric type spans its group. Pages break between metric lines; a goal
 * that goes on to the next page has its spanning cells printed again there, marked as a
 * continuation. A cell taller than a whole page is split inside the cell. */
#include "layout.h"

#include <math.h>
#include <string.h>

/* The column names the book prints (the same words a plan's header row uses). */
static const char *const header_names[TC__COUNT] = {
	[TC_TOPIC] = "נושאים",  [TC_VISION] = "חזון ראש העיר", [TC_POLICY] = "הדגשי מדיניות",
	[TC_ACCOUNT] = "שם החשבון", [TC_TABAR] = "תב\"ר",     [TC_BUDGET] = "תקציב",
	[TC_GOAL] = "מטרה",     [TC_TYPE] = "מדד",          [TC_METRIC] = "מדד",
	[TC_EXTRA] = "",        [TC_VALUE] = "ערך",          [TC_NOTES] = "הערות",
	[TC_MEASURE] = "",
};
static const char resources_name[] = "משאבים";
static const char goals_name[] = "יעדים";


struct col {
	enum table_column kind;
	size_t extra; /* which extra column */
	double x, w;  /* left edge and width */
};

/* A cell's text, laid out, and how far it has been drawn (for a cell split across pages). */
struct cell {
	struct tx_lines lines;
	size_t next;
};

struct table {
	struct layout *L;
	struct tx_engine *e;
	const struct style *s;
	const struct table_style *ts;
	const struct book *book;
	const struct part *part;
	const struct unit *unit;
	const struct plan *plan;
	const struct table_measure *m; /* the booklet's columns, or NULL */
	const char *title;
	struct col cols[TC__COUNT + 8];
	size_t ncols;
	int index[TC__COUNT]; /* column of each kind (the first extra), -1 if absent */
	double h1, h2; /* the header rows' heights */
	struct page *page;
	double y, bottom;
	double body_top; /* below the header rows of the current page */
	size_t first_page;
	/* structure: the table, its body, and each column's header cells (row 1 and row 2 of
	 * the header; a column whose name spans both rows has only the first) */
	struct node *table, *thead, *tbody;
	struct node *th1[TC__COUNT + 8], *th2[TC__COUNT + 8];
	bool tagged_head; /* the first page's title and header are the table's; later ones repeat */
};

/* ---------------------------------------------------------------- text */

static struct tx_lines lay(struct table *t, const struct text_style *st, const char *text,
			   double width, uint32_t color)
{
	struct tx_style s = style_span(t->s, st, 0);
	s.color = color;
	return layout_text_lines(t->L, &s, text, width > 1 ? width : 1, st->align);
}

static double line_step(const struct text_style *st, const struct tx_line *l)
{
	double h = l->size * st->leading;
	return h > l->ascent + l->descent ? h : l->ascent + l->descent;
}

static double text_height(const struct text_style *st, const struct tx_lines *l, size_t from)
{
	double h = 0;
	for (size_t i = from; i < l->n; i++)
		h += line_step(st, &l->lines[i]);
	return h;
}

/* Draws the lines of a cell from c->next that fit in height h at (x, y); returns how many. */
static size_t draw_cell_text(struct table *t, const struct text_style *st, struct cell *c,
			     double x, double w, double y, double h, const char *role, bool force)
{
	double pad = t->ts->padding, used = 0;
	size_t drawn = 0;
	while (c->next < c->lines.n) {
		const struct tx_line *l = &c->lines.lines[c->next];
		double step = line_step(st, l);
		if (used + step > h - 2 * pad + 0.01 && !(force && drawn == 0))
			break;
		layout_add_line(t->L, t->page, role, l, x + pad, y + pad + used, w - 2 * pad, step);
		used += step;
		c->next++;
		drawn++;
	}
	return drawn;
}

static void grid_box(struct table *t, double x, double y, double w, double h, bool fill,
		     uint32_t color)
{
	struct box *b = layout_add_box(t->L, t->page, BOX_RECT, fill ? "header-cell" : "cell");
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->stroked = true;
	b->stroke = t->ts->border;
	b->stroke_width = t->ts->border_width;
	b->filled = fill;
	b->fill = color;
}

/* ---------------------------------------------------------------- columns and page */

static void add_col(struct table *t, enum table_column kind, size_t extra)
{
	if (t->index[kind] < 0)
		t->index[kind] = (int)t->ncols;
	t->cols[t->ncols++] = (struct col){kind, extra, 0, 0};
}

static double col_weight(const struct table *t, const struct col *c)
{
	return c->kind == TC_MEASURE ? t->m->weights[c->extra] : t->ts->widths[c->kind];
}

/* ---------------------------------------------------------------- column widths
 *
 * Every column is at least as wide as its widest word: a number, a date or a word of its
 * cells or of its header (measured in the font it is printed in), so that none is cut in
 * two between lines (the value column once printed "31/03/202" over "1"). The columns
 * wider than their least give way, each in proportion to what it has to spare. When the
 * least widths of all the words do not fit the page, only the numbers, the dates and the
 * header's words are kept whole; when even those do not fit, the table is scaled down to
 * the page and a warning names the plan. */

static const char *header_text(struct table *t, const struct col *c);
static const char *span_text(const struct goal *g, enum table_column k);

/* What a column's words need: all of them, and only those that must never be cut. */
struct need {
	double word, keep;
};

/* A word's width in style st: the text engine keeps what it measured, and a book
 * measures the same words (dates, a plan's vision on every goal) thousands of times. */
static double word_width(struct table *t, const char *word, const struct tx_style *st)
{
	return tx_measure(t->e, word, st);
}

/* Widens n to hold each word of text in style st, with the cell's padding; a word with a
 * digit, or any word when always, must be kept whole. */
static void need_words(struct table *t, struct need *n, const struct tx_style *st,
		       const char *text, bool always)
{
	for (const char *w = text ? text : ""; *w;) {
		size_t len = strcspn(w, " \n");
		char word[256];
		size_t take = len < 255 ? len : 255;
		memcpy(word, w, take);
		word[take] = '\0';
		bool keep = always || strpbrk(word, "0123456789");
		/* measured only if it may be the widest yet: the estimate is within a few per
		 * cent, and measuring lays the word out */
		double most = tx_width_estimate(t->e, word, st) * 1.1 + 1 + 2 * t->ts->padding + 0.5;
		if (len && (most > n->word || (keep && most > n->keep))) {
			double need = word_width(t, word, st) + 2 * t->ts->padding + 0.5;
			n->word = fmax(n->word, need);
			if (keep)
				n->keep = fmax(n->keep, need);
		}
		w += len;
		while (*w == ' ' || *w == '\n')
			w++;
	}
}

static void need_text(struct table *t, struct need *n, const struct tx_style *st,
		      const char *text)
{
	need_words(t, n, st, text, false);
}

/* The needs of the columns of one metric line. */
static void need_line(struct table *t, struct need *need, const struct metric_line *ml,
		      const struct tx_style *cell)
{
	need_text(t, &need[t->index[TC_METRIC]], cell, ml->text);
	need_text(t, &need[t->index[TC_VALUE]], cell, ml->value);
	need_text(t, &need[t->index[TC_NOTES]], cell, ml->note);
	for (size_t e = 0; e < t->plan->nextra && e < 8; e++)
		need_text(t, &need[t->index[TC_EXTRA] + (int)e], cell, ml->extra ? ml->extra[e] : "");
	for (size_t i = 0; t->m && i < t->m->ncols && i < 4; i++) {
		uint32_t color;
		const char *x = t->m->text(t->m->ctx, ml, i, &color);
		struct need *n = &need[t->index[TC_MEASURE] + (int)i];
		if (!t->m->mark[i]) {
			need_text(t, n, cell, x);
			continue;
		}
		/* a status is one label, kept whole beside its mark */
		double w = word_width(t, x, cell) + 3 * t->ts->padding + t->s->measure.mark + 0.5;
		n->word = fmax(n->word, w);
		n->keep = fmax(n->keep, w);
	}
}

/* The least width of each column, from its header and its cells. */
static void column_needs(struct table *t, struct need *need)
{
	struct tx_style cell = style_span(t->s, &t->ts->cell, 0);
	struct tx_style type = style_span(t->s, &t->ts->type, 0);
	struct tx_style head = style_span(t->s, &t->ts->header, 0);
	for (size_t i = 0; i < t->ncols; i++) {
		enum table_column k = t->cols[i].kind;
		/* "מדד" heads the type and metric columns together */
		if (k != TC_TYPE && k != TC_METRIC)
			need_words(t, &need[i], &head, header_text(t, &t->cols[i]), true);
	}
	for (size_t g = 0; g < t->plan->ngoals; g++) {
		const struct goal *goal = &t->plan->goals[g];
		for (int k = TC_TOPIC; k <= TC_GOAL; k++)
			need_text(t, &need[t->index[k]], &cell, span_text(goal, (enum table_column)k));
		/* the goal printed again on a continuation page starts with its label */
		need_text(t, &need[t->index[TC_GOAL]], &cell, t->ts->continued_label);
		for (size_t k = 0; k < goal->ngroups; k++) {
			/* cutting "התארגנות" would be worse than a slightly narrower goal column */
			need_words(t, &need[t->index[TC_TYPE]], &type, goal->groups[k].type, true);
			for (size_t l = 0; l < goal->groups[k].nlines; l++)
				need_line(t, need, &goal->groups[k].lines[l], &cell);
		}
	}
}

/* Raises the columns narrower than least to it, the others giving way in proportion to
 * what they have to spare. Returns false, changing nothing, when the page is too narrow. */
static bool give_way(struct table *t, const double *least)
{
	double short_by = 0, spare = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		double d = t->cols[i].w - least[i];
		if (d < 0)
			short_by -= d;
		else
			spare += d;
	}
	if (short_by > spare + 0.01)
		return false;
	for (size_t i = 0; i < t->ncols; i++) {
		double d = t->cols[i].w - least[i];
		t->cols[i].w = d < 0 ? least[i] : t->cols[i].w - (spare > 0 ? short_by * d / spare : 0);
	}
	return true;
}

/* The columns' widths: the layout's proportions, then every column's least (see above). */
static void fit_columns(struct table *t, double width)
{
	struct need need[TC__COUNT + 8] = {{0, 0}};
	column_needs(t, need);
	double word[TC__COUNT + 8], keep[TC__COUNT + 8], total = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		word[i] = need[i].word;
		keep[i] = need[i].keep;
		total += keep[i];
	}
	if (give_way(t, word) || give_way(t, keep))
		return;
	/* even the numbers do not fit: scaled to the page, they are cut; the editor is told */
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i].w = keep[i] * width / total;
	if (t->L->d) {
		const double mm = 72 / 25.4;
		diag_report(t->L->d, D_TABLE_TOO_NARROW, t->plan->path, 0, 0, t->ncols,
			    total / mm, width / mm);
	}
}

/* Relative widths from the layout, scaled to the page; right to left. */
static void set_columns(struct table *t)
{
	for (int i = 0; i < TC__COUNT; i++)
		t->index[i] = -1;
	for (int k = TC_TOPIC; k <= TC_METRIC; k++)
		add_col(t, (enum table_column)k, 0);
	for (size_t e = 0; e < t->plan->nextra && e < 8; e++)
		add_col(t, TC_EXTRA, e);
	add_col(t, TC_VALUE, 0);
	for (size_t i = 0; t->m && i < t->m->ncols && i < 4; i++)
		add_col(t, TC_MEASURE, i);
	add_col(t, TC_NOTES, 0);
	const struct page_geometry *g = &t->ts->page;
	double total = 0;
	for (size_t i = 0; i < t->ncols; i++)
		total += col_weight(t, &t->cols[i]);
	double width = g->width - g->left - g->right;
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i].w = width * col_weight(t, &t->cols[i]) / (total > 0 ? total : 1);
	fit_columns(t, width);
	double x = g->width - g->right;
	for (size_t i = 0; i < t->ncols; i++) {
		x -= t->cols[i].w;
		t->cols[i].x = x;
	}
}

static const char *header_text(struct table *t, const struct col *c)
{
	switch (c->kind) {
	case TC_VISION:
		return t->plan->vision_label;
	case TC_BUDGET:
		return t->plan->budget_label ? t->plan->budget_label
					     : arena_printf(t->L->a, "תקציב %d", t->book->year);
	case TC_VALUE:
		return t->plan->value_label;
	case TC_EXTRA:
		return t->plan->extra_labels[c->extra];
	case TC_MEASURE:
		return t->m->headers[c->extra];
	default:
		return header_names[c->kind];
	}
}

/* A header cell spanning columns [from, to] (indexes, right to left), rows r0..r1 of two. */
static double header_cell(struct table *t, size_t from, size_t to, const char *text, double y,
			  double h, bool draw)
{
	double x = t->cols[to].x, w = t->cols[from].x + t->cols[from].w - x;
	struct cell c = {lay(t, &t->ts->header, text, w - 2 * t->ts->padding, t->ts->header.color),
			 0};
	double need = text_height(&t->ts->header, &c.lines, 0) + 2 * t->ts->padding;
	if (draw) {
		grid_box(t, x, y, w, h, true, t->ts->header_fill);
		/* centred vertically */
		double pad = (h - need) / 2;
		draw_cell_text(t, &t->ts->header, &c, x, w, y + pad, h - pad, "header", true);
	}
	return need;
}

/* Two header rows: the groups (resources, goals) above their columns; the other columns
 * span both rows; "מדד" spans the type and the metric column. */
static void draw_header(struct table *t, double y, double h1, double h2)
{
	struct node *was = t->L->cur; /* NULL when the header is printed again */
	for (size_t i = 0; i < t->ncols; i++) {
		enum table_column k = t->cols[i].kind;
		if (was)
			t->L->cur = k == TC_TOPIC || k == TC_VISION || k == TC_POLICY || k == TC_NOTES
					    ? t->th1[i] : t->th2[i];
		if (k == TC_TOPIC || k == TC_VISION || k == TC_POLICY || k == TC_NOTES)
			header_cell(t, i, i, header_text(t, &t->cols[i]), y, h1 + h2, true);
		else if (k == TC_METRIC)
			header_cell(t, i - 1, i, header_names[TC_METRIC], y + h1, h2, true);
		else if (k != TC_TYPE)
			header_cell(t, i, i, header_text(t, &t->cols[i]), y + h1, h2, true);
	}
	if (was)
		t->L->cur = t->th1[t->index[TC_ACCOUNT]];
	header_cell(t, (size_t)t->index[TC_ACCOUNT], (size_t)t->index[TC_BUDGET], resources_name,
		    y, h1, true);
	if (was)
		t->L->cur = t->th1[t->index[TC_GOAL]];
	header_cell(t, (size_t)t->index[TC_GOAL], (size_t)t->index[TC_VALUE], goals_name, y, h1,
		    true);
	if (t->m && t->m->ncols) {
		if (was)
			t->L->cur = t->th1[t->index[TC_MEASURE]];
		header_cell(t, (size_t)t->index[TC_MEASURE],
			    (size_t)t->index[TC_MEASURE] + t->m->ncols - 1, t->m->group, y, h1, true);
	}
	t->L->cur = was;
}

/* A header cell's element: a TH of the header's row, naming the column(s) below it. */
static struct node *th(struct table *t, struct node *row, int rowspan, int colspan)
{
	struct node *n = layout_node(t->L, row, SR_TH);
	n->scope = SCOPE_COLUMN;
	n->rowspan = rowspan;
	n->colspan = colspan;
	n->cell_id = arena_printf(t->L->keep, "h%zu", n->id);
	return n;
}

/* The table's elements and its header's, in reading order: row 1 holds the names that
 * span both rows and the groups (resources, goals, the measurement), row 2 the rest. */
static void make_header_nodes(struct table *t)
{
	struct layout *L = t->L;
	if (!L->cur)
		return;
	t->table = layout_node(L, L->cur, SR_TABLE);
	t->thead = layout_node(L, t->table, SR_THEAD);
	struct node *r1 = layout_node(L, t->thead, SR_TR), *r2 = layout_node(L, t->thead, SR_TR);
	t->tbody = layout_node(L, t->table, SR_TBODY);
	for (size_t i = 0; i < t->ncols; i++) {
		enum table_column k = t->cols[i].kind;
		size_t last = i;
		if (k == TC_TOPIC || k == TC_VISION || k == TC_POLICY || k == TC_NOTES) {
			t->th1[i] = th(t, r1, 2, 1);
			continue;
		}
		if ((int)i == t->index[TC_ACCOUNT])
			last = (size_t)t->index[TC_BUDGET];
		else if ((int)i == t->index[TC_GOAL])
			last = (size_t)t->index[TC_VALUE];
		else if (k == TC_MEASURE && t->cols[i].extra == 0)
			last = i + t->m->ncols - 1;
		else
			continue;
		struct node *group = th(t, r1, 1, (int)(last - i + 1));
		for (size_t c = i; c <= last; c++)
			t->th1[c] = group;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		enum table_column k = t->cols[i].kind;
		if (k == TC_TOPIC || k == TC_VISION || k == TC_POLICY || k == TC_NOTES ||
		    k == TC_METRIC)
			continue;
		t->th2[i] = th(t, r2, 1, k == TC_TYPE ? 2 : 1);
		if (k == TC_TYPE)
			t->th2[i + 1] = t->th2[i];
	}
}

/* A data cell's element in row tr, column col, naming its column's header cells. */
static struct node *td(struct table *t, struct node *tr, size_t col, int rowspan)
{
	struct node *n = layout_node(t->L, tr, SR_TD);
	n->rowspan = rowspan > 1 ? rowspan : 0;
	if (t->th2[col])
		n->headers[n->nheaders++] = t->th2[col]->cell_id;
	if (t->th1[col])
		n->headers[n->nheaders++] = t->th1[col]->cell_id;
	return n;
}

/* The heights of the two header rows: row 1 holds the group names, row 2 the column
 * names; a column that spans both needs half its text in each. */
static void measure_header(struct table *t, double *h1, double *h2)
{
	double r1 = 0, r2 = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		enum table_column k = t->cols[i].kind;
		const struct col *c = &t->cols[i];
		if (k == TC_TYPE)
			continue;
		double w = k == TC_METRIC ? c->w + t->cols[i - 1].w : c->w;
		struct tx_lines l = lay(t, &t->ts->header,
					      k == TC_METRIC ? header_names[TC_METRIC] : header_text(t, c),
					      w - 2 * t->ts->padding, t->ts->header.color);
		double need = text_height(&t->ts->header, &l, 0) + 2 * t->ts->padding;
		if (k == TC_TOPIC || k == TC_VISION || k == TC_POLICY || k == TC_NOTES)
			r1 = need / 2 > r1 ? need / 2 : r1;
		else
			r2 = need > r2 ? need : r2;
	}
	double group = header_cell(t, (size_t)t->index[TC_ACCOUNT], (size_t)t->index[TC_BUDGET],
				   resources_name, 0, 0, false);
	r1 = group > r1 ? group : r1;
	group = header_cell(t, (size_t)t->index[TC_GOAL], (size_t)t->index[TC_VALUE], goals_name, 0,
			    0, false);
	r1 = group > r1 ? group : r1;
	if (t->m && t->m->ncols)
		r1 = fmax(r1, header_cell(t, (size_t)t->index[TC_MEASURE],
					  (size_t)t->index[TC_MEASURE] + t->m->ncols - 1, t->m->group,
					  0, 0, false));
	*h1 = r1;
	*h2 = r2;
}

static void make_header_nodes(struct table *t);

static void new_page(struct table *t)
{
	const struct page_geometry *g = &t->ts->page;
	t->page = layout_new_page(t->L, g->width, g->height, "table", t->plan->path);
	double width = g->width - g->left - g->right;
	/* the running head: the administration and the unit, above the title band */
	const struct text_style *rh = &t->s->text[ST_RUNNING_HEAD];
	struct cell head = {lay(t, rh, arena_printf(t->L->a, "%s | %s", t->part->title, t->unit->toc),
				width, rh->color), 0};
	struct layout_mark outer = layout_artifact(t->L, ART_HEADER);
	draw_cell_text(t, rh, &head, g->left - t->ts->padding, width + 2 * t->ts->padding,
		       g->top - rh->size * rh->leading - 2 * t->ts->padding, rh->size * rh->leading + 2 * t->ts->padding,
		       "running-head", true);
	/* the title, the unit's summary and the header rows are the table's on its first page;
	 * printed again on the next ones, they are pagination */
	if (!t->tagged_head)
		layout_resume(t->L, outer);
	else
		t->L->art = ART_PAGINATION;
	struct box *band = layout_add_box(t->L, t->page, BOX_RECT, "title-band");
	band->x = g->left;
	band->y = g->top;
	band->w = width;
	band->h = t->ts->title_height;
	band->filled = true;
	band->fill = t->ts->title_fill;
	struct cell title = {lay(t, &t->ts->title, t->title, width - 2 * t->ts->padding,
				 t->ts->title.color), 0};
	double th = text_height(&t->ts->title, &title.lines, 0);
	double pad = (t->ts->title_height - th) / 2;
	struct node *h = t->L->cur ? layout_begin(t->L, SR_H2) : NULL;
	draw_cell_text(t, &t->ts->title, &title, g->left, width, g->top + pad - t->ts->padding,
		       t->ts->title_height, "title", true);
	if (h)
		layout_end(t->L, h);
	double y = g->top + t->ts->title_height;
	if (t->m && t->m->summary) { /* the unit's summary, between the title and the header */
		const struct text_style *cs = &t->ts->header;
		struct cell sum = {lay(t, cs, t->m->summary, width - 2 * t->ts->padding, cs->color),
				   0};
		double sh = text_height(cs, &sum.lines, 0) + 2 * t->ts->padding;
		struct node *para = t->L->cur ? layout_begin(t->L, SR_P) : NULL;
		draw_cell_text(t, cs, &sum, g->left, width, y, sh, "summary", true);
		if (para)
			layout_end(t->L, para);
		y += sh;
	}
	if (t->h1 == 0)
		measure_header(t, &t->h1, &t->h2);
	if (!t->tagged_head)
		make_header_nodes(t);
	draw_header(t, y, t->h1, t->h2);
	layout_resume(t->L, outer);
	t->tagged_head = true;
	t->y = t->body_top = y + t->h1 + t->h2;
	t->bottom = g->height - g->bottom;
}

/* ---------------------------------------------------------------- goals */

/* The cells of one goal, laid out once. */
struct goal_cells {
	const struct goal *g;
	struct cell span[TC_GOAL + 1];     /* topic … goal */
	struct cell repeat[TC_GOAL + 1];   /* the same, as printed again on a continuation */
	size_t nlines;
	const struct metric_line **lines;
	size_t *group_of;                  /* group index of each line */
	struct cell *group_cells;          /* the type label of each group */
	struct cell (*line_cells)[3 + 8 + 4]; /* metric, value, notes, extras, measurement */
	double *height;                    /* each line's own height */
	double span_height;
	double *group_height;
	/* structure: a row per line; the spanning cells in the goal's first row, a type's cell
	 * in its group's first row */
	struct node *span_td[TC_GOAL + 1];
	struct node **type_td;             /* per group */
	struct node *(*line_td)[3 + 8 + 4];
};

static const char *span_text(const struct goal *g, enum table_column k)
{
	switch (k) {
	case TC_TOPIC:
		return g->topic;
	case TC_VISION:
		return g->vision;
	case TC_POLICY:
		return g->policy;
	case TC_ACCOUNT:
		return g->account;
	case TC_TABAR:
		return g->tabar;
	case TC_BUDGET:
		return g->budget;
	default:
		return g->text;
	}
}

/* Room left beside a status mark in a measurement column. */
static double mark_space(const struct table *t, const struct col *c)
{
	return c->kind == TC_MEASURE && t->m->mark[c->extra] ? t->s->measure.mark + t->ts->padding
							       : 0;
}

static double col_text_width(const struct table *t, enum table_column k, size_t extra)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].kind == k && t->cols[i].extra == extra)
			return t->cols[i].w - 2 * t->ts->padding - mark_space(t, &t->cols[i]);
	return 10;
}

static void measure_goal(struct table *t, const struct goal *g, struct goal_cells *gc)
{
	struct arena *a = t->L->a;
	const struct table_style *ts = t->ts;
	memset(gc, 0, sizeof *gc);
	gc->g = g;
	double pad2 = 2 * ts->padding;
	for (int k = TC_TOPIC; k <= TC_GOAL; k++) {
		gc->span[k].lines = lay(t, &ts->cell, span_text(g, (enum table_column)k),
					col_text_width(t, (enum table_column)k, 0), ts->cell.color);
		double h = text_height(&ts->cell, &gc->span[k].lines, 0) + pad2;
		gc->span_height = h > gc->span_height ? h : gc->span_height;
	}

	for (size_t k = 0; k < g->ngroups; k++)
		gc->nlines += g->groups[k].nlines ? g->groups[k].nlines : 1;
	gc->lines = arena_calloc(a, gc->nlines, sizeof *gc->lines);
	gc->group_of = arena_calloc(a, gc->nlines, sizeof *gc->group_of);
	gc->line_cells = arena_calloc(a, gc->nlines, sizeof *gc->line_cells);
	gc->height = arena_calloc(a, gc->nlines, sizeof *gc->height);
	gc->group_cells = arena_calloc(a, g->ngroups ? g->ngroups : 1, sizeof *gc->group_cells);
	gc->group_height = arena_calloc(a, g->ngroups ? g->ngroups : 1, sizeof *gc->group_height);
	static const struct metric_line empty_line = {.text = "", .value = "", .note = ""};
	size_t n = 0;
	for (size_t k = 0; k < g->ngroups; k++) {
		const struct metric_group *grp = &g->groups[k];
		gc->group_cells[k].lines = lay(t, &ts->type, grp->type, col_text_width(t, TC_TYPE, 0),
					       ts->type.color);
		gc->group_height[k] = text_height(&ts->type, &gc->group_cells[k].lines, 0) + pad2;
		size_t count = grp->nlines ? grp->nlines : 1; /* a type with no line keeps a row */
		for (size_t l = 0; l < count; l++, n++) {
			const struct metric_line *ml = grp->nlines ? &grp->lines[l] : &empty_line;
			gc->lines[n] = ml;
			gc->group_of[n] = k;
			const char *texts[3] = {ml->text, ml->value, ml->note};
			enum table_column kinds[3] = {TC_METRIC, TC_VALUE, TC_NOTES};
			double h = 0;
			for (int c = 0; c < 3; c++) {
				gc->line_cells[n][c].lines = lay(t, &ts->cell, texts[c],
								 col_text_width(t, kinds[c], 0),
								 ts->cell.color);
				double ch = text_height(&ts->cell, &gc->line_cells[n][c].lines, 0);
				h = ch > h ? ch : h;
			}
			for (size_t e = 0; e < t->plan->nextra && e < 8; e++) {
				const char *x = ml->extra ? ml->extra[e] : "";
				gc->line_cells[n][3 + e].lines = lay(t, &ts->cell, x ? x : "",
								     col_text_width(t, TC_EXTRA, e),
								     ts->cell.color);
				double ch = text_height(&ts->cell, &gc->line_cells[n][3 + e].lines, 0);
				h = ch > h ? ch : h;
			}
			for (size_t i = 0; t->m && i < t->m->ncols && i < 4; i++) {
				uint32_t color = ts->cell.color;
				const char *x = t->m->text(t->m->ctx, ml, i, &color);
				struct cell *c = &gc->line_cells[n][3 + 8 + i];
				c->lines = lay(t, &ts->cell, grp->nlines ? x : "",
					       col_text_width(t, TC_MEASURE, i), color);
				h = fmax(h, text_height(&ts->cell, &c->lines, 0));
			}
			gc->height[n] = h + pad2;
		}
	}
}

/* Slot of a column in a line's cells (metric, value, notes, extras, measurement), or -1. */
static int line_slot(const struct col *col)
{
	return col->kind == TC_METRIC ? 0 : col->kind == TC_VALUE ? 1 : col->kind == TC_NOTES ? 2
	       : col->kind == TC_EXTRA ? 3 + (int)col->extra
	       : col->kind == TC_MEASURE ? 11 + (int)col->extra : -1;
}

/* The goal's rows and cells, in reading order: each row's cells right to left. */
static void make_goal_nodes(struct table *t, struct goal_cells *gc)
{
	struct layout *L = t->L;
	if (!t->tbody)
		return;
	gc->type_td = arena_calloc(L->a, gc->g->ngroups ? gc->g->ngroups : 1, sizeof *gc->type_td);
	gc->line_td = arena_calloc(L->a, gc->nlines ? gc->nlines : 1, sizeof *gc->line_td);
	for (size_t i = 0; i < gc->nlines; i++) {
		struct node *tr = layout_node(L, t->tbody, SR_TR);
		size_t grp = gc->group_of[i];
		bool group_start = i == 0 || gc->group_of[i - 1] != grp;
		for (size_t c = 0; c < t->ncols; c++) {
			const struct col *col = &t->cols[c];
			if (col->kind <= TC_GOAL) {
				if (i == 0)
					gc->span_td[col->kind] = td(t, tr, c, (int)gc->nlines);
			} else if (col->kind == TC_TYPE) {
				if (!group_start)
					continue;
				size_t n = 0;
				while (i + n < gc->nlines && gc->group_of[i + n] == grp)
					n++;
				gc->type_td[grp] = td(t, tr, c, (int)n);
			} else if (line_slot(col) >= 0) {
				gc->line_td[i][line_slot(col)] = td(t, tr, c, 1);
			}
		}
	}
}

/* The spanning cells as printed again on a continuation, laid out when first needed and
 * apart from the first printing (whose segments stay as they are). */
static void lay_repeat(struct table *t, struct goal_cells *gc)
{
	if (gc->repeat[TC_GOAL].lines.lines)
		return;
	for (int k = TC_TOPIC; k <= TC_GOAL; k++) {
		const char *text = span_text(gc->g, (enum table_column)k);
		if (k == TC_GOAL)
			text = arena_printf(t->L->a, "%s %s", t->ts->continued_label, gc->g->text);
		gc->repeat[k].lines = lay(t, &t->ts->cell, text,
					  col_text_width(t, (enum table_column)k, 0),
					  t->ts->continued_color);
	}
}

/* Heights of lines [from, to) as a fragment on one page: each group's lines grow to hold
 * its type label, the fragment to hold the goal's spanning cells (the last line of a group
 * or of the fragment takes the extra). Returns the total. */
static double fragment_heights(const struct goal_cells *gc, size_t from, size_t to, double *h,
			       bool spans)
{
	double total = 0;
	for (size_t i = from; i < to; i++)
		h[i] = gc->height[i];
	for (size_t i = from; i < to;) {
		size_t j = i;
		double sum = 0;
		while (j < to && gc->group_of[j] == gc->group_of[i])
			sum += h[j++];
		double need = gc->group_height[gc->group_of[i]];
		if (sum < need)
			h[j - 1] += need - sum;
		i = j;
	}
	for (size_t i = from; i < to; i++)
		total += h[i];
	if (spans && total < gc->span_height) {
		h[to - 1] += gc->span_height - total;
		total = gc->span_height;
	}
	return total;
}

/* Draws lines [from, to) of a goal at t->y. continued: the goal began on an earlier page;
 * split: the cells are drawn from where they stopped and may not finish (an over-tall cell). */
static bool draw_fragment(struct table *t, struct goal_cells *gc, size_t from, size_t to,
			  double *h, bool continued, bool split)
{
	const struct table_style *ts = t->ts;
	double total = 0;
	for (size_t i = from; i < to; i++)
		total += h[i];
	bool unfinished = false;
	if (continued && !split)
		lay_repeat(t, gc);
	struct node *was = t->L->cur;
	bool tag = was && gc->type_td;
	/* spanning cells: topic … goal */
	for (int k = TC_TOPIC; k <= TC_GOAL; k++) {
		const struct col *c = &t->cols[t->index[k]];
		grid_box(t, c->x, t->y, c->w, total, false, 0);
		struct cell *cell = &gc->span[k];
		struct cell again = gc->repeat[k];
		again.next = 0;
		struct cell *use = continued && !split ? &again : cell;
		const char *role = continued && !split ? "cell-continued" : "cell";
		/* printed again on a continuation page, the goal's cells are pagination */
		t->L->cur = tag && !(continued && !split) ? gc->span_td[k] : NULL;
		t->L->art = ART_PAGINATION;
		draw_cell_text(t, &ts->cell, use, c->x, c->w, t->y, total, role, split);
		unfinished |= split && cell->next < cell->lines.n;
	}
	/* type labels span their group's lines */
	double y = t->y;
	for (size_t i = from; i < to;) {
		size_t j = i;
		double gh = 0;
		while (j < to && gc->group_of[j] == gc->group_of[i])
			gh += h[j++];
		const struct col *c = &t->cols[t->index[TC_TYPE]];
		grid_box(t, c->x, y, c->w, gh, false, 0);
		struct cell *label = &gc->group_cells[gc->group_of[i]];
		struct cell again = *label;
		again.next = 0;
		bool first_print = i == 0 || gc->group_of[i - 1] != gc->group_of[i];
		t->L->cur = tag && (first_print || split) ? gc->type_td[gc->group_of[i]] : NULL;
		draw_cell_text(t, &ts->type, split ? label : &again, c->x, c->w, y, gh, "type", split);
		unfinished |= split && label->next < label->lines.n;
		y += gh;
		i = j;
	}
	/* the metric lines */
	y = t->y;
	for (size_t i = from; i < to; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const struct col *col = &t->cols[c];
			int slot = line_slot(col);
			if (slot < 0)
				continue;
			t->L->cur = tag ? gc->line_td[i][slot] : NULL;
			grid_box(t, col->x, y, col->w, h[i], false, 0);
			struct cell *cell = &gc->line_cells[i][slot];
			bool first = cell->next == 0;
			double ms = mark_space(t, col);
			draw_cell_text(t, &ts->cell, cell, col->x, col->w - ms, y, h[i], "cell", split);
			unfinished |= cell->next < cell->lines.n;
			t->L->cur = NULL; /* the mark beside a status repeats it: the look */
			t->L->art = ART_LAYOUT;
			if (ms > 0 && first && gc->lines[i]->text[0] && t->m->draw_mark)
				t->m->draw_mark(t->m->ctx, t->L, t->page, gc->lines[i], col->extra,
						col->x + col->w - ms, y + ts->padding);
		}
		y += h[i];
	}
	t->L->cur = was;
	t->L->art = ART_LAYOUT;
	t->y += total;
	return unfinished;
}

/* The least number of a goal's lines kept together on either side of a page break. */
enum { MIN_LINES = 2 };

/* Where lines [i, …) of a goal stop on this page, with avail left below t->y and fresh
 * when nothing is on the page below its header yet. Lines [i, k) go here and the rest
 * after a page break; k == i puts none here (on a fresh page: not even one line fits).
 * What it keeps (tests/e2e/table_breaks.sh checks it on every goal of two books):
 *  - the lines that fit in avail all stay: a goal that fits is never split, and a line
 *    goes over only when it does not fit, or to keep MIN_LINES together;
 *  - a goal split after its first page leaves it at least MIN_LINES lines, unless the goal
 *    is at the top of the page (nowhere better to go) or going over would leave more than
 *    widow-space empty at the foot of the page;
 *  - its last page holds at least MIN_LINES of its lines, unless the page before holds no
 *    more than MIN_LINES (one fewer there would be a lone line too) or moving a line over
 *    would leave more than widow-space empty;
 *  - the rule against a lone first line is applied after the one against a lone last
 *    line, so that moving a last line over never leaves a first line alone. */
static size_t break_goal(struct table *t, const struct goal_cells *gc, size_t i, double avail,
			 bool fresh, double *h)
{
	size_t n = gc->nlines, k = i;
	while (k < n && fragment_heights(gc, i, k + 1, h, true) <= avail + 0.01)
		k++;
	if (k == n || k == i)
		return k;
	double ws = t->ts->widow_space;
	bool whole_goal_can_go = i == 0 && !fresh && avail <= ws;
	if (n - k < MIN_LINES && avail - fragment_heights(gc, i, k, h, true) <= ws) {
		if (k - 1 - i >= MIN_LINES)
			k--; /* a lone last line: one more goes with it */
		else if (whole_goal_can_go)
			return i; /* one more would leave the first line alone */
	}
	if (k - i < MIN_LINES && whole_goal_can_go)
		return i; /* a lone first line: the goal starts on the next page */
	return k;
}

/* Places one goal, breaking pages between its lines (see break_goal). */
static void place_goal(struct table *t, const struct goal *g)
{
	struct goal_cells gc;
	measure_goal(t, g, &gc);
	make_goal_nodes(t, &gc);
	double *h = arena_calloc(t->L->a, gc.nlines ? gc.nlines : 1, sizeof *h);
	size_t i = 0;
	bool continued = false;
	while (i < gc.nlines) {
		bool fresh = t->y <= t->body_top + 0.01; /* nothing below the header yet */
		size_t k = break_goal(t, &gc, i, t->bottom - t->y, fresh, h);
		if (k == i && !fresh) {
			new_page(t);
			continued = i > 0;
			continue;
		}
		if (k == i) {
			/* not even one line fits on an empty page: split its cells across pages */
			h[i] = t->bottom - t->y;
			while (draw_fragment(t, &gc, i, i + 1, h, continued, true)) {
				new_page(t);
				h[i] = t->bottom - t->y;
				continued = true;
			}
			i++;
			continue;
		}
		fragment_heights(&gc, i, k, h, true);
		draw_fragment(t, &gc, i, k, h, continued, false);
		i = k;
		if (i < gc.nlines) {
			new_page(t);
			continued = true;
		}
	}
}

static const char *table_title(struct arena *a, const struct style *s, const struct book *b,
			       const struct part *p, const struct unit *u)
{
	if (u->title)
		return u->title;
	const char *name = u->title_pattern ? u->title_pattern
			   : p->title_pattern   ? p->title_pattern
			   : b->title_pattern   ? b->title_pattern
						: "default";
	const char *pattern = s->table.titles[0].pattern;
	for (int i = 0; i < s->table.ntitles; i++)
		if (!strcmp(s->table.titles[i].name, name))
			pattern = s->table.titles[i].pattern;
	struct buf out = {0};
	for (const char *q = pattern; *q;) {
		if (!strncmp(q, "{unit}", 6)) {
			buf_adds(&out, u->name);
			q += 6;
		} else if (!strncmp(q, "{year}", 6)) {
			buf_printf(&out, "%d", b->year);
			q += 6;
		} else {
			buf_addc(&out, *q++);
		}
	}
	const char *title = arena_strdup(a, buf_cstr(&out));
	buf_free(&out);
	return title;
}

void layout_table(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct book *b, const struct part *p, const struct unit *u,
		  const struct table_measure *m)
{
	if (!u->plan || !u->plan->ngoals)
		return;
	struct table t = {.L = L, .e = e, .s = s, .ts = &s->table, .book = b, .part = p, .unit = u,
			  .plan = u->plan, .m = m};
	t.title = table_title(L->a, s, b, p, u);
	set_columns(&t);
	new_page(&t);
	for (size_t g = 0; g < u->plan->ngoals; g++)
		place_goal(&t, &u->plan->goals[g]);
}
