/* layout_summary.c — the measurement booklet's summaries: lines counted by status, the
 * status marks, a table of rows that runs over pages, and the chart of stacked bars. */
#include "layout_booklet.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- counting */

int booklet_status(const struct book *b, const struct metric_line *ml, size_t period)
{
	if (!ml->results || period >= b->measurement.nperiods)
		return MS_NOT_REPORTED;
	int i = ml->results[period].status_index;
	if (i < 0 || (size_t)i >= b->measurement.nstatuses)
		return MS_NOT_REPORTED;
	return (int)b->measurement.statuses[i].meaning;
}

void tally_goal(struct tally *t, const struct book *b, const struct goal *g, size_t period)
{
	for (size_t k = 0; k < g->ngroups; k++)
		for (size_t l = 0; l < g->groups[k].nlines; l++) {
			t->lines++;
			t->n[booklet_status(b, &g->groups[k].lines[l], period)]++;
		}
}

void tally_plan(struct tally *t, const struct book *b, const struct plan *p, size_t period)
{
	for (size_t g = 0; p && g < p->ngoals; g++)
		tally_goal(t, b, &p->goals[g], period);
}

const char *tally_percent(struct arena *a, const struct tally *t)
{
	size_t den = t->lines - t->n[STATUS_CANCELLED];
	if (!den)
		return "—";
	/* integer arithmetic: half a percent rounds up, as people round */
	return arena_printf(a, "%zu%%", (200 * t->n[STATUS_DONE] + den) / (2 * den));
}

bool booklet_first_print(const struct book *b, size_t i, size_t k, bool whole)
{
	const char *path = b->parts[i].units[k].plan_path;
	if (!path)
		return true;
	for (size_t pi = whole ? 0 : i; pi <= i; pi++)
		for (size_t pk = 0; pk < b->parts[pi].nunits && (pi < i || pk < k); pk++) {
			const char *other = b->parts[pi].units[pk].plan_path;
			if (other && !strcmp(other, path))
				return false;
		}
	return true;
}

const char *booklet_status_label(const struct book *b, const struct style *s, int status)
{
	for (size_t i = 0; status != MS_NOT_REPORTED && i < b->measurement.nstatuses; i++)
		if ((int)b->measurement.statuses[i].meaning == status)
			return b->measurement.statuses[i].label;
	return s->measure.not_reported;
}

/* ---------------------------------------------------------------- marks */

static void stroke(struct layout *L, struct page *pg, double x0, double y0, double x1, double y1,
		   uint32_t color, double width)
{
	struct box *b = layout_add_box(L, pg, BOX_RULE, "mark");
	b->x = x0;
	b->y = y0;
	b->w = x1 - x0;
	b->h = y1 - y0;
	b->stroked = true;
	b->stroke = color;
	b->stroke_width = width;
}

static void rect(struct layout *L, struct page *pg, const char *role, double x, double y,
		 double w, double h, uint32_t fill, bool stroked, uint32_t color)
{
	struct box *b = layout_add_box(L, pg, BOX_RECT, role);
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->filled = !stroked;
	b->fill = fill;
	b->stroked = stroked;
	b->stroke = color;
	b->stroke_width = 0.8;
}

/* Vector shapes, because Liberation Sans has no ✓, ✗ or ◐: a tick, half a square filled,
 * a cross, a dash. */
static void mark_in(struct layout *L, struct page *pg, const struct style *s, int status,
		    double x, double y, double z, uint32_t color)
{
	const struct status_look *look = &s->measure.status[status];
	double w = z * 0.16;
	switch (look->symbol) {
	case SYM_CHECK:
		stroke(L, pg, x + 0.08 * z, y + 0.55 * z, x + 0.38 * z, y + 0.85 * z, color, w);
		stroke(L, pg, x + 0.38 * z, y + 0.85 * z, x + 0.92 * z, y + 0.15 * z, color, w);
		break;
	case SYM_CROSS:
		stroke(L, pg, x + 0.15 * z, y + 0.15 * z, x + 0.85 * z, y + 0.85 * z, color, w);
		stroke(L, pg, x + 0.15 * z, y + 0.85 * z, x + 0.85 * z, y + 0.15 * z, color, w);
		break;
	case SYM_HALF: /* the right half filled: the half that comes first in Hebrew */
		rect(L, pg, "mark", x + 0.1 * z, y + 0.1 * z, 0.8 * z, 0.8 * z, 0, true, color);
		rect(L, pg, "mark", x + 0.5 * z, y + 0.1 * z, 0.4 * z, 0.8 * z, color, false, 0);
		break;
	case SYM_DASH:
		stroke(L, pg, x + 0.1 * z, y + 0.5 * z, x + 0.9 * z, y + 0.5 * z, color, w * 1.2);
		break;
	case SYM_TEXT: {
		const struct text_style *ts = &s->table.cell;
		struct tx_style st = style_span(s, ts, SPAN_BOLD);
		st.size = z * 1.15;
		st.color = color;
		struct tx_lines l = layout_text_lines(L, &st, look->text ? look->text : "?", z * 3,
						      TX_CENTER);
		if (l.n)
			layout_add_line(L, pg, "mark", &l.lines[0], x - z, y, z * 3, z);
		break;
	}
	}
}

void booklet_mark(struct layout *L, struct page *pg, const struct style *s, int status,
		  double x, double y, double size)
{
	mark_in(L, pg, s, status, x, y, size, s->measure.status[status].color);
}

/* ---------------------------------------------------------------- the grid */

static double step(const struct text_style *st, const struct tx_line *l)
{
	return fmax(l->size * st->leading, l->ascent + l->descent);
}

static struct tx_lines lay(struct grid *g, const struct text_style *ts, const char *text,
			   double width, uint32_t color, enum tx_align align)
{
	struct tx_style st = style_span(g->s, ts, 0);
	if (color)
		st.color = color;
	return layout_text_lines(g->L, &st, text ? text : "", width > 1 ? width : 1, align);
}

/* Lines of text from y down, in the cell (x, w); returns their height. */
static double put_lines(struct grid *g, const struct text_style *ts, const struct tx_lines *l,
			double x, double w, double y, const char *role)
{
	double h = 0;
	for (size_t i = 0; i < l->n; i++) {
		double s = step(ts, &l->lines[i]);
		layout_add_line(g->L, g->page, role, &l->lines[i], x, y + h, w, s);
		h += s;
	}
	return h;
}

static double lines_height(const struct text_style *ts, const struct tx_lines *l)
{
	double h = 0;
	for (size_t i = 0; i < l->n; i++)
		h += step(ts, &l->lines[i]);
	return h;
}

void grid_fit(struct grid *g, size_t c, const char *text, bool digits)
{
	const struct table_style *ts = &g->s->table;
	struct tx_style st = style_span(g->s, &ts->cell, 0);
	for (const char *w = text ? text : ""; *w;) {
		size_t n = strcspn(w, " ");
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)(n < 255 ? n : 255), w);
		if (n && (!digits || strpbrk(word, "0123456789")))
			g->need[c] = fmax(g->need[c], tx_measure(g->L->e, word, &st) + 2 * ts->padding + 1);
		w += n;
		while (*w == ' ')
			w++;
	}
}

void grid_fit_whole(struct grid *g, size_t c, const char *text)
{
	const struct table_style *ts = &g->s->table;
	struct tx_style st = style_span(g->s, &ts->cell, 0);
	g->need[c] = fmax(g->need[c], tx_measure(g->L->e, text ? text : "", &st) + 2 * ts->padding + 1);
}

/* A header's words in the header style (bold, larger than the cells). */
static void fit_header(struct grid *g, size_t c)
{
	const struct table_style *ts = &g->s->table;
	struct tx_style st = style_span(g->s, &ts->header, 0);
	for (const char *w = g->cols[c].header; w && *w;) {
		size_t n = strcspn(w, " ");
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)(n < 255 ? n : 255), w);
		g->need[c] = fmax(g->need[c], tx_measure(g->L->e, word, &st) + 2 * ts->padding + 1);
		w += n;
		while (*w == ' ')
			w++;
	}
}

static void cell_box(struct grid *g, size_t c, double y, double h, uint32_t fill)
{
	struct box *b = layout_add_box(g->L, g->page, BOX_RECT, fill ? "header-cell" : "cell");
	b->x = g->x[c];
	b->y = y;
	b->w = g->w[c];
	b->h = h;
	b->stroked = true;
	b->stroke = g->s->table.border;
	b->stroke_width = g->s->table.border_width;
	b->filled = fill != 0;
	b->fill = fill;
}

/* The text width of column c, beside a mark when it has one. */
static double text_width(const struct grid *g, size_t c, bool mark)
{
	return g->w[c] - 2 * g->s->table.padding - (mark ? g->s->measure.mark + 2 : 0);
}

static double header_row(struct grid *g, bool draw)
{
	const struct table_style *ts = &g->s->table;
	double h = g->s->measure.row_height;
	struct tx_lines l[16];
	for (size_t c = 0; c < g->ncols; c++) {
		l[c] = lay(g, &ts->header, g->cols[c].header, text_width(g, c, g->cols[c].mark >= 0),
			   0, TX_CENTER);
		h = fmax(h, lines_height(&ts->header, &l[c]) + 2 * ts->padding);
	}
	struct node *was = g->L->cur; /* NULL when the header is printed again */
	for (size_t c = 0; draw && c < g->ncols; c++) {
		bool mark = g->cols[c].mark >= 0;
		cell_box(g, c, g->y, h, ts->header_fill);
		double th = lines_height(&ts->header, &l[c]);
		g->L->cur = was ? g->th[c] : NULL;
		put_lines(g, &ts->header, &l[c], g->x[c] + ts->padding, text_width(g, c, mark),
			  g->y + (h - th) / 2, "header");
		struct layout_mark m = layout_artifact(g->L, ART_LAYOUT); /* the label says it */
		if (mark)
			booklet_mark(g->L, g->page, g->s, g->cols[c].mark,
				     g->x[c] + g->w[c] - ts->padding - g->s->measure.mark,
				     g->y + (h - g->s->measure.mark) / 2, g->s->measure.mark);
		layout_resume(g->L, m);
	}
	g->L->cur = was;
	return h;
}

/* The grid's table, with a header row naming its columns. */
static void make_grid_nodes(struct grid *g)
{
	struct layout *L = g->L;
	g->table = layout_node(L, L->cur, SR_TABLE);
	struct node *tr = layout_node(L, layout_node(L, g->table, SR_THEAD), SR_TR);
	g->tbody = layout_node(L, g->table, SR_TBODY);
	for (size_t c = 0; c < g->ncols && c < 16; c++) {
		g->th[c] = layout_node(L, tr, SR_TH);
		g->th[c]->scope = SCOPE_COLUMN;
		g->th[c]->cell_id = arena_printf(L->keep, "h%zu", g->th[c]->id);
	}
}

static void grid_page(struct grid *g, bool continued)
{
	const struct table_style *ts = &g->s->table;
	const struct page_geometry *pg = &ts->page;
	g->page = layout_new_page(g->L, pg->width, pg->height, g->kind, g->source);
	double width = pg->width - pg->left - pg->right;
	rect(g->L, g->page, "title-band", pg->left, pg->top, width, ts->title_height, ts->title_fill,
	     false, 0);
	const char *title = continued ? arena_printf(g->L->a, "%s %s", g->title, ts->continued_label)
				      : g->title;
	struct tx_lines l = lay(g, &ts->title, title, width - 2 * ts->padding, 0, TX_CENTER);
	double th = lines_height(&ts->title, &l);
	/* the title and the header rows are the grid's on its first page, pagination after */
	struct layout_mark m = layout_artifact(g->L, ART_PAGINATION);
	struct node *h = NULL;
	if (!continued && m.cur) {
		layout_resume(g->L, m);
		h = layout_begin(g->L, SR_H1);
	}
	put_lines(g, &ts->title, &l, pg->left + ts->padding, width - 2 * ts->padding,
		  pg->top + (ts->title_height - th) / 2, "title");
	if (h) {
		layout_end(g->L, h);
		make_grid_nodes(g);
	}
	g->y = pg->top + ts->title_height + ts->padding;
	g->bottom = pg->height - pg->bottom;
	if (g->ncols)
		g->y += header_row(g, true);
	layout_resume(g->L, m);
}

void grid_start(struct grid *g)
{
	const struct page_geometry *pg = &g->s->table.page;
	double width = pg->width - pg->left - pg->right, fixed = 0, total = 0;
	for (size_t c = 0; c < g->ncols; c++) {
		if (g->cols[c].fit) {
			/* a header word is not broken either */
			fit_header(g, c);
			g->w[c] = g->need[c] + (g->cols[c].mark >= 0 ? g->s->measure.mark + 2 : 0);
			fixed += g->w[c];
		} else {
			total += g->cols[c].weight;
		}
	}
	for (size_t c = 0; c < g->ncols; c++)
		if (!g->cols[c].fit)
			g->w[c] = (width - fixed) * g->cols[c].weight / (total > 0 ? total : 1);
	/* a text column with a number wider than its share takes it from the widest */
	for (size_t c = 0; c < g->ncols; c++) {
		size_t widest = 0;
		for (size_t k = 0; k < g->ncols; k++)
			widest = g->w[k] > g->w[widest] ? k : widest;
		double more = g->need[c] - g->w[c];
		if (!g->cols[c].fit && more > 0 && widest != c && g->w[widest] - more > g->need[c]) {
			g->w[widest] -= more;
			g->w[c] += more;
		}
	}
	double x = pg->width - pg->right;
	for (size_t c = 0; c < g->ncols; c++) {
		x -= g->w[c];
		g->x[c] = x;
	}
	grid_page(g, false);
}

void grid_need(struct grid *g, double h)
{
	if (g->y + h > g->bottom + 0.01)
		grid_page(g, true);
}

void grid_row(struct grid *g, const struct grid_cell *cells, uint32_t fill)
{
	const struct table_style *ts = &g->s->table;
	struct tx_lines l[16];
	double h = g->s->measure.row_height;
	for (size_t c = 0; c < g->ncols; c++) {
		l[c] = lay(g, &ts->cell, cells[c].text, text_width(g, c, cells[c].mark >= 0),
			   cells[c].color, g->cols[c].align);
		h = fmax(h, lines_height(&ts->cell, &l[c]) + 2 * ts->padding);
	}
	grid_need(g, h);
	struct node *was = g->L->cur;
	struct node *tr = was && g->tbody ? layout_node(g->L, g->tbody, SR_TR) : NULL;
	for (size_t c = 0; c < g->ncols; c++) {
		bool mark = cells[c].mark >= 0;
		if (fill)
			rect(g->L, g->page, "row-fill", g->x[c], g->y, g->w[c], h, fill, false, 0);
		cell_box(g, c, g->y, h, 0);
		double th = lines_height(&ts->cell, &l[c]);
		if (tr) {
			g->L->cur = layout_node(g->L, tr, SR_TD);
			g->L->cur->headers[g->L->cur->nheaders++] = g->th[c]->cell_id;
		}
		put_lines(g, &ts->cell, &l[c], g->x[c] + ts->padding, text_width(g, c, mark),
			  g->y + (h - th) / 2, "cell");
		struct layout_mark m = layout_artifact(g->L, ART_LAYOUT); /* the label says it */
		if (mark)
			booklet_mark(g->L, g->page, g->s, cells[c].mark,
				     g->x[c] + g->w[c] - ts->padding - g->s->measure.mark,
				     g->y + (h - g->s->measure.mark) / 2, g->s->measure.mark);
		layout_resume(g->L, m);
	}
	g->L->cur = was;
	g->y += h;
}

/* ---------------------------------------------------------------- the chart */

/* The legend: each status's mark and label, right to left, on one line. */
static void legend(struct grid *g, const struct book *b)
{
	const struct style *s = g->s;
	const struct page_geometry *pg = &s->table.page;
	double z = s->measure.mark, x = pg->width - pg->right, h = s->measure.row_height;
	grid_need(g, h);
	/* each text is laid out right-aligned in a box ending at the cursor */
	struct tx_lines head = lay(g, &s->table.header, s->measure.legend, 200, 0, TX_RIGHT);
	if (head.n) {
		layout_add_line(g->L, g->page, "legend", &head.lines[0], x - 200, g->y, 200, h);
		x -= head.lines[0].width + 8;
	}
	for (int st = 0; st < MS__COUNT; st++) {
		rect(g->L, g->page, "swatch", x - z, g->y + (h - z) / 2, z, z,
		     s->measure.status[st].color, false, 0);
		mark_in(g->L, g->page, s, st, x - z, g->y + (h - z) / 2, z, 0xFFFFFF);
		x -= z + 3;
		struct tx_lines l = lay(g, &s->table.cell, booklet_status_label(b, s, st), 200, 0,
					TX_RIGHT);
		if (!l.n)
			continue;
		layout_add_line(g->L, g->page, "legend", &l.lines[0], x - 200, g->y, 200, h);
		x -= l.lines[0].width + 12;
	}
	g->y += h;
}

/* A row's bar: its statuses' shares of its lines, right to left in the order of the
 * legend, each segment marked with its status's mark where it is wide enough. */
static void bar(struct grid *g, const char *name, const struct tally *t)
{
	const struct style *s = g->s;
	const struct page_geometry *pg = &s->table.page;
	double width = pg->width - pg->left - pg->right, label = width * 0.3, z = s->measure.mark;
	struct tx_lines l = lay(g, &s->table.cell, name, label - 6, 0, TX_RIGHT);
	double bh = s->measure.bar_height, h = fmax(bh, lines_height(&s->table.cell, &l)) + 3;
	grid_need(g, h);
	put_lines(g, &s->table.cell, &l, pg->width - pg->right - label, label - 6,
		  g->y + (h - lines_height(&s->table.cell, &l)) / 2, "bar-label");
	double right = pg->width - pg->right - label, full = width - label, y = g->y + (h - bh) / 2;
	for (int st = 0; st < MS__COUNT && t->lines; st++) {
		double w = full * (double)t->n[st] / (double)t->lines;
		if (w <= 0)
			continue;
		rect(g->L, g->page, "bar", right - w, y, w, bh, s->measure.status[st].color, false, 0);
		if (w >= z + 2 && bh >= z)
			mark_in(g->L, g->page, s, st, right - w / 2 - z / 2, y + (bh - z) / 2, z,
				0xFFFFFF);
		right -= w;
	}
	g->y += h;
}

static void chart(struct grid *g, const struct book *b, const char **names,
		  const struct tally *t, size_t n)
{
	const struct measure_style *m = &g->s->measure;
	/* the chart stays on one page when it fits on one */
	double need = m->row_height * 2 + (double)(n - 1) * (m->bar_height + 3);
	double room = g->s->table.page.height - g->s->table.page.bottom - g->s->table.page.top -
		      g->s->table.title_height;
	if (need < room)
		grid_need(g, need);
	g->y += m->row_height / 2;
	/* read out as its figures: each row's share of done lines and its statuses */
	struct node *fig = g->L->cur ? layout_begin(g->L, SR_FIGURE) : NULL;
	if (fig) {
		struct buf alt = {0};
		buf_printf(&alt, "%s", m->chart_alt);
		for (size_t i = 1; i < n; i++) {
			buf_printf(&alt, "%s %s: %s %s", i > 1 ? ";" : "", names[i], m->percent,
				   tally_percent(g->L->a, &t[i]));
			for (int st = 0; st < MS__COUNT; st++)
				buf_printf(&alt, ", %s %zu", booklet_status_label(b, g->s, st), t[i].n[st]);
		}
		fig->alt = arena_strdup(g->L->keep, buf_cstr(&alt));
		buf_free(&alt);
	}
	legend(g, b);
	for (size_t i = 1; i < n; i++)
		bar(g, names[i], &t[i]);
	if (fig)
		layout_end(g->L, fig);
}

/* ---------------------------------------------------------------- summaries */

void booklet_summary(struct layout *L, const struct style *s, const struct book *b,
		     const char *title, const char *first_header, const char **names,
		     const struct tally *t, const struct tally *earlier, size_t n, bool chart_too)
{
	const struct measure_style *m = &s->measure;
	struct grid_col cols[10] = {{first_header, 1, false, TX_RIGHT, -1},
				    {m->lines, 0, true, TX_CENTER, -1}};
	size_t nc = 2;
	for (int st = 0; st < MS__COUNT; st++)
		cols[nc++] = (struct grid_col){booklet_status_label(b, s, st), 0, true, TX_CENTER, st};
	cols[nc++] = (struct grid_col){m->percent, 0, true, TX_CENTER, -1};
	size_t period = L->select.period;
	if (earlier)
		cols[nc++] = (struct grid_col){
			arena_printf(L->a, "%s %s", m->percent, b->measurement.periods[period - 1].name),
			0, true, TX_CENTER, -1};
	struct grid g = {.L = L, .s = s, .title = title, .kind = "summary", .cols = cols,
			 .ncols = nc};
	for (size_t c = 1; c < nc; c++)
		grid_fit(&g, c, "100%", false);
	grid_start(&g);
	for (size_t i = 0; i < n; i++) {
		struct grid_cell cells[10];
		cells[0] = (struct grid_cell){names[i], 0, -1};
		cells[1] = (struct grid_cell){arena_printf(L->a, "%zu", t[i].lines), 0, -1};
		for (int st = 0; st < MS__COUNT; st++)
			cells[2 + st] = (struct grid_cell){arena_printf(L->a, "%zu", t[i].n[st]), 0, -1};
		cells[2 + MS__COUNT] = (struct grid_cell){tally_percent(L->a, &t[i]), 0, -1};
		if (earlier)
			cells[3 + MS__COUNT] = (struct grid_cell){tally_percent(L->a, &earlier[i]), 0, -1};
		grid_row(&g, cells, i == 0 ? m->total_fill : 0);
	}
	if (chart_too && n > 1)
		chart(&g, b, names, t, n);
}
