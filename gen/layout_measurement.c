/* layout_measurement.c — the measurement booklet of a period: the cover, the CEO metrics,
 * the city's summary with its chart, the same by vision pillar and by policy emphasis, then
 * per administration a summary of its units and each unit's table with the period's
 * result, status and explanation, and at the end the lines not reported. Pages go to the
 * sink a section at a time, as the book's do. */
#include "layout_booklet.h"

#include <string.h>

/* The measurement columns of a unit's table, right to left. */
enum mcol { MC_EARLIER, MC_RESULT, MC_STATUS, MC_EXPLANATION };

struct booklet {
	struct layout *L;
	struct tx_engine *e;
	const struct style *s;
	const struct book *b;
	size_t period;
	bool earlier; /* the period before is shown beside this one (the year-end booklet) */
	enum mcol cols[4];
	size_t ncols;
};

static const struct line_result *result_of(const struct booklet *bk, const struct metric_line *ml,
					   size_t period)
{
	return ml->results && period < bk->b->measurement.nperiods ? &ml->results[period] : NULL;
}

/* The status as the booklet prints it: the book's label of its meaning, or "not reported". */
static const char *status_text(const struct booklet *bk, const struct metric_line *ml,
			       size_t period, uint32_t *color)
{
	int st = booklet_status(bk->b, ml, period);
	*color = bk->s->measure.status[st].color;
	const struct line_result *r = result_of(bk, ml, period);
	return st == MS_NOT_REPORTED || !r ? bk->s->measure.not_reported : r->status;
}

static const char *cell_text(const void *ctx, const struct metric_line *ml, size_t i,
			     uint32_t *color)
{
	const struct booklet *bk = ctx;
	const struct line_result *r = result_of(bk, ml, bk->period);
	switch (bk->cols[i]) {
	case MC_EARLIER:
		return status_text(bk, ml, bk->period - 1, color);
	case MC_STATUS:
		return status_text(bk, ml, bk->period, color);
	case MC_RESULT:
		return r && r->result ? r->result : "";
	case MC_EXPLANATION:
		return r && r->explanation ? r->explanation : "";
	}
	return "";
}

static void cell_mark(const void *ctx, struct layout *L, struct page *pg,
		      const struct metric_line *ml, size_t i, double x, double y)
{
	const struct booklet *bk = ctx;
	size_t period = bk->cols[i] == MC_EARLIER ? bk->period - 1 : bk->period;
	booklet_mark(L, pg, bk->s, booklet_status(bk->b, ml, period), x, y, bk->s->measure.mark);
}

/* "12 שורות | בוצע 7 | … | % בוצע: 58%": the unit's own summary, above its table. */
static const char *summary_line(const struct booklet *bk, const struct tally *t)
{
	struct arena *a = bk->L->a;
	const struct measure_style *m = &bk->s->measure;
	const char *s = arena_printf(a, "%zu %s", t->lines, m->lines);
	for (int st = 0; st < MS__COUNT; st++)
		s = arena_printf(a, "%s | %s %zu", s, booklet_status_label(bk->b, bk->s, st), t->n[st]);
	return arena_printf(a, "%s | %s: %s", s, m->percent, tally_percent(a, t));
}

static void unit_table(struct booklet *bk, const struct part *p, const struct unit *u)
{
	const struct period *per = &bk->b->measurement.periods[bk->period];
	const struct measure_style *m = &bk->s->measure;
	struct table_measure tm = {.ncols = bk->ncols, .group = per->name, .text = cell_text,
				   .draw_mark = cell_mark, .ctx = bk};
	for (size_t i = 0; i < bk->ncols; i++) {
		enum mcol c = bk->cols[i];
		tm.headers[i] = c == MC_EARLIER ? bk->b->measurement.periods[bk->period - 1].status_column
				: c == MC_RESULT ? per->result_column
				: c == MC_STATUS ? per->status_column
						 : per->explanation_column;
		tm.weights[i] = m->widths[c == MC_EARLIER ? 3 : c - 1];
		tm.mark[i] = c == MC_EARLIER || c == MC_STATUS;
	}
	struct tally t = {0};
	tally_plan(&t, bk->b, u->plan, bk->period);
	tm.summary = summary_line(bk, &t);
	layout_table(bk->L, bk->e, bk->s, bk->b, p, u, &tm);
}

/* ---------------------------------------------------------------- cover and lists */

static void cover(struct booklet *bk)
{
	const struct measure_style *m = &bk->s->measure;
	const struct book *b = bk->b;
	struct book cb = *b; /* the book's cover, with the booklet's title and no dates */
	const char **title = arena_calloc(bk->L->keep, 2, sizeof *title);
	title[0] = m->cover;
	title[1] = arena_printf(bk->L->keep, "%s %d", b->measurement.periods[bk->period].name, b->year);
	cb.cover_title = title;
	cb.ncover_title = 2;
	cb.cover_hebrew_date = cb.cover_date = NULL;
	bk->L->title = arena_printf(bk->L->keep, "%s - %s", title[0], title[1]);
	layout_cover(bk->L, bk->s, &cb);
	layout_flush(bk->L);
}

/* Every metric line of the book once, whatever the number of units that print its plan. */
typedef void (*line_fn)(struct booklet *bk, struct grid *g, const struct part *p,
			const struct unit *u, const struct metric_line *ml);

static void each_line(struct booklet *bk, struct grid *g, line_fn fn)
{
	const struct book *b = bk->b;
	for (size_t i = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			const struct unit *u = &b->parts[i].units[k];
			const struct plan *p = u->plan;
			if (!p || !booklet_first_print(b, i, k, true))
				continue;
			for (size_t gi = 0; gi < p->ngoals; gi++)
				for (size_t t = 0; t < p->goals[gi].ngroups; t++)
					for (size_t l = 0; l < p->goals[gi].groups[t].nlines; l++)
						fn(bk, g, &b->parts[i], u, &p->goals[gi].groups[t].lines[l]);
		}
}

static void ceo_fit(struct booklet *bk, struct grid *g, const struct part *p,
		    const struct unit *u, const struct metric_line *ml)
{
	(void)bk, (void)p, (void)u;
	if (!ml->ceo)
		return;
	grid_fit(g, 2, ml->value, true);
	for (size_t c = 3; c < g->ncols; c++) {
		uint32_t color;
		const char *text = cell_text(bk, ml, c - 3, &color);
		if (g->cols[c].fit) /* a status: its label whole */
			grid_fit_whole(g, c, text);
		else
			grid_fit(g, c, text, true);
	}
}

static void ceo_row(struct booklet *bk, struct grid *g, const struct part *p,
		    const struct unit *u, const struct metric_line *ml)
{
	(void)p;
	if (!ml->ceo)
		return;
	struct grid_cell cells[8] = {{u->toc, 0, -1}, {ml->text, 0, -1}, {ml->value, 0, -1}};
	for (size_t i = 0; i < bk->ncols; i++) {
		uint32_t color = 0;
		const char *text = cell_text(bk, ml, i, &color);
		enum mcol c = bk->cols[i];
		int mark = c == MC_EARLIER || c == MC_STATUS
				   ? booklet_status(bk->b, ml, c == MC_EARLIER ? bk->period - 1 : bk->period)
				   : -1;
		cells[3 + i] = (struct grid_cell){text, mark >= 0 ? color : 0, mark};
	}
	grid_row(g, cells, 0);
}

/* The CEO metrics: every line marked as one, with its unit, target and results. */
static void ceo_pages(struct booklet *bk)
{
	const struct measure_style *m = &bk->s->measure;
	const struct measurement *ms = &bk->b->measurement;
	struct grid_col cols[8] = {{m->unit, 12, false, TX_RIGHT, -1},
				   {m->metric, 30, false, TX_RIGHT, -1},
				   {m->value, 8, false, TX_RIGHT, -1}};
	for (size_t i = 0; i < bk->ncols; i++) {
		enum mcol c = bk->cols[i];
		const struct period *per = &ms->periods[c == MC_EARLIER ? bk->period - 1 : bk->period];
		cols[3 + i] = c == MC_EARLIER || c == MC_STATUS
				      ? (struct grid_col){per->status_column, 0, true, TX_RIGHT, -1}
			      : c == MC_RESULT ? (struct grid_col){per->result_column, 9, false, TX_RIGHT, -1}
					       : (struct grid_col){per->explanation_column, 24, false,
								   TX_RIGHT, -1};
	}
	struct grid g = {.L = bk->L, .s = bk->s, .title = m->ceo, .kind = "ceo", .cols = cols,
			 .ncols = 3 + bk->ncols};
	size_t start = layout_page_count(bk->L);
	each_line(bk, &g, ceo_fit);
	for (size_t c = 3; c < g.ncols; c++) /* a status column is its widest label and mark */
		if (cols[c].fit)
			g.need[c] += m->mark + 2;
	grid_start(&g);
	each_line(bk, &g, ceo_row);
	layout_outline(bk->L, m->ceo, 0, start);
	layout_flush(bk->L);
}

static void unreported_fit(struct booklet *bk, struct grid *g, const struct part *p,
			   const struct unit *u, const struct metric_line *ml)
{
	(void)p, (void)u;
	if (booklet_status(bk->b, ml, bk->period) == MS_NOT_REPORTED)
		grid_fit(g, 2, arena_printf(bk->L->a, "%d", ml->at.row), false);
}

static void unreported_row(struct booklet *bk, struct grid *g, const struct part *p,
			   const struct unit *u, const struct metric_line *ml)
{
	if (booklet_status(bk->b, ml, bk->period) != MS_NOT_REPORTED)
		return;
	struct grid_cell cells[4] = {{p->title, 0, -1},
				     {u->toc, 0, -1},
				     {arena_printf(bk->L->a, "%d", ml->at.row), 0, -1},
				     {ml->text, 0, -1}};
	grid_row(g, cells, 0);
}

/* Who still owes data: every line with no status for the period, with its unit and the
 * row of its plan. */
static void unreported_pages(struct booklet *bk, const struct tally *city)
{
	const struct measure_style *m = &bk->s->measure;
	struct grid_col cols[4] = {{m->administration, 12, false, TX_RIGHT, -1},
				   {m->unit, 14, false, TX_RIGHT, -1},
				   {m->row, 0, true, TX_CENTER, -1},
				   {m->metric, 40, false, TX_RIGHT, -1}};
	const char *title = arena_printf(bk->L->a, "%s - %s (%zu)", m->unreported,
					 bk->b->measurement.periods[bk->period].name,
					 city->n[MS_NOT_REPORTED]);
	struct grid g = {.L = bk->L, .s = bk->s, .title = title, .kind = "unreported",
			 .cols = cols, .ncols = 4};
	size_t start = layout_page_count(bk->L);
	each_line(bk, &g, unreported_fit);
	grid_start(&g);
	if (!city->n[MS_NOT_REPORTED]) {
		struct grid_cell cells[4] = {{"", 0, -1}, {"", 0, -1}, {"", 0, -1},
					     {m->all_reported, 0, -1}};
		grid_row(&g, cells, 0);
	}
	each_line(bk, &g, unreported_row);
	layout_outline(bk->L, m->unreported, 0, start);
	layout_flush(bk->L);
}

/* ---------------------------------------------------------------- summaries */

/* Rows of a summary: names with this period's tallies and the period before's. */
struct rows {
	const char **names;
	struct tally *now, *before;
	size_t n, cap;
};

static size_t row_of(struct arena *a, struct rows *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->names[i], name))
			return i;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		const char **names = arena_calloc(a, cap, sizeof *names);
		struct tally *now = arena_calloc(a, cap, sizeof *now), *before = arena_calloc(a, cap, sizeof *before);
		if (r->n) {
			memcpy(names, r->names, r->n * sizeof *names);
			memcpy(now, r->now, r->n * sizeof *now);
			memcpy(before, r->before, r->n * sizeof *before);
		}
		r->names = names, r->now = now, r->before = before, r->cap = cap;
	}
	r->names[r->n] = name;
	return r->n++;
}

static void add_goal(struct booklet *bk, struct rows *r, size_t row, const struct goal *g)
{
	tally_goal(&r->now[row], bk->b, g, bk->period);
	if (bk->earlier)
		tally_goal(&r->before[row], bk->b, g, bk->period - 1);
}

/* Drops the rows after the first with no lines (a pillar no goal names). */
static void drop_empty(struct rows *r)
{
	size_t w = 1;
	for (size_t i = 1; i < r->n; i++)
		if (r->now[i].lines) {
			r->names[w] = r->names[i];
			r->now[w] = r->now[i];
			r->before[w++] = r->before[i];
		}
	r->n = r->n ? w : 0;
}

static void print_rows(struct booklet *bk, const char *title, const char *header,
		       const struct rows *r, bool chart)
{
	size_t start = layout_page_count(bk->L);
	booklet_summary(bk->L, bk->s, bk->b, title, header, r->names, r->now,
			bk->earlier ? r->before : NULL, r->n, chart);
	layout_outline(bk->L, title, 0, start);
	layout_flush(bk->L);
}

/* The city and each administration; a plan two administrations print counts in each, and
 * once in the city's total. */
static struct tally city_summary(struct booklet *bk)
{
	const struct book *b = bk->b;
	const struct measure_style *m = &bk->s->measure;
	struct rows r = {0};
	row_of(bk->L->a, &r, m->city_total);
	for (size_t i = 0; i < b->nparts; i++) {
		if (!b->parts[i].nunits)
			continue;
		size_t row = row_of(bk->L->a, &r, b->parts[i].title);
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			const struct plan *p = b->parts[i].units[k].plan;
			for (size_t g = 0; p && g < p->ngoals; g++) {
				if (booklet_first_print(b, i, k, false))
					add_goal(bk, &r, row, &p->goals[g]);
				if (booklet_first_print(b, i, k, true))
					add_goal(bk, &r, 0, &p->goals[g]);
			}
		}
	}
	struct tally city = r.now[0]; /* the rows live on the pages' arena, freed by the flush */
	print_rows(bk, m->city, m->administration, &r, true);
	return city;
}

/* The pillar of "pillar - theme" (or the emphasis of "emphasis - item"). */
static const char *head_of(struct arena *a, const char *value, const char *none)
{
	if (!value || !*value)
		return none;
	const char *dash = strstr(value, " - ");
	return dash ? arena_printf(a, "%.*s", (int)(dash - value), value) : value;
}

/* The lines grouped by their goal's vision pillar (vision) or policy emphasis, in the
 * order of the book's vocabulary, then the values it does not list, then none. */
static void theme_summary(struct booklet *bk, bool vision)
{
	const struct book *b = bk->b;
	const struct measure_style *m = &bk->s->measure;
	struct arena *a = bk->L->a;
	struct rows r = {0};
	row_of(a, &r, m->city_total);
	size_t nv = vision ? b->vocab.nvision : b->vocab.npolicy;
	for (size_t i = 0; i < nv; i++)
		row_of(a, &r, vision ? b->vocab.vision[i].name : b->vocab.policy[i].name);
	for (size_t i = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			const struct plan *p = b->parts[i].units[k].plan;
			if (!p || !booklet_first_print(b, i, k, true))
				continue;
			for (size_t g = 0; g < p->ngoals; g++) {
				const struct goal *goal = &p->goals[g];
				const char *name = head_of(a, vision ? goal->vision : goal->policy, m->none);
				add_goal(bk, &r, row_of(a, &r, name), goal);
				add_goal(bk, &r, 0, goal);
			}
		}
	drop_empty(&r);
	const char *first = vision ? m->by_vision : m->by_policy;
	print_rows(bk, first, first, &r, true);
}

/* An administration: its units' summary, then each unit's table. */
static void administration(struct booklet *bk, size_t i)
{
	const struct book *b = bk->b;
	const struct part *p = &b->parts[i];
	struct layout *L = bk->L;
	size_t first = layout_page_count(L);
	L->cur_part = p->id;
	L->cur_unit = NULL;
	struct node *pn = layout_begin(L, SR_PART);
	layout_title_page(L, bk->s, b, p, NULL);
	struct rows r = {0};
	row_of(L->a, &r, p->title);
	for (size_t k = 0; k < p->nunits; k++) {
		const struct unit *u = &p->units[k];
		if (!u->plan || !booklet_first_print(b, i, k, false))
			continue;
		/* units that share a contents entry are told apart by their names */
		bool shared = (k > 0 && !strcmp(p->units[k - 1].toc, u->toc)) ||
			      (k + 1 < p->nunits && !strcmp(p->units[k + 1].toc, u->toc));
		size_t row = row_of(L->a, &r, arena_printf(L->a, "%s", shared ? u->name : u->toc));
		for (size_t g = 0; g < u->plan->ngoals; g++) {
			add_goal(bk, &r, row, &u->plan->goals[g]);
			add_goal(bk, &r, 0, &u->plan->goals[g]);
		}
	}
	booklet_summary(L, bk->s, b, arena_printf(L->a, "%s - %s", bk->s->measure.units, p->title),
			bk->s->measure.unit, r.names, r.now, bk->earlier ? r.before : NULL, r.n, true);
	layout_outline(L, p->title, 0, first);
	layout_flush(L);
	for (size_t k = 0; k < p->nunits; k++) {
		const struct unit *u = &p->units[k];
		struct unit_mark mark = layout_unit_begin(L, bk->s, b, p, u);
		unit_table(bk, p, u);
		layout_unit_end(L, u, &mark); /* a unit with no plan has no table, no title page */
	}
	layout_range(L, p->id, first, layout_page_count(L));
	layout_end(L, pn);
	L->cur_part = L->cur_unit = NULL;
}

/* A part of the booklet in a section of its own. */
static void in_sect(struct booklet *bk, void (*part)(struct booklet *))
{
	struct node *sect = layout_begin(bk->L, SR_SECT);
	part(bk);
	layout_end(bk->L, sect);
}

static void vision_summary(struct booklet *bk)
{
	theme_summary(bk, true);
}

static void policy_summary(struct booklet *bk)
{
	theme_summary(bk, false);
}

void layout_booklet(struct layout *L, struct tx_engine *e, const struct style *s,
		    const struct book *b)
{
	struct booklet bk = {.L = L, .e = e, .s = s, .b = b, .period = L->select.period};
	bk.earlier = bk.period > 0;
	if (bk.earlier)
		bk.cols[bk.ncols++] = MC_EARLIER;
	bk.cols[bk.ncols++] = MC_RESULT;
	bk.cols[bk.ncols++] = MC_STATUS;
	bk.cols[bk.ncols++] = MC_EXPLANATION;
	cover(&bk);
	in_sect(&bk, ceo_pages);
	struct node *sect = layout_begin(L, SR_SECT);
	struct tally city = city_summary(&bk);
	layout_end(L, sect);
	in_sect(&bk, vision_summary);
	in_sect(&bk, policy_summary);
	for (size_t i = 0; i < b->nparts; i++)
		if (b->parts[i].nunits)
			administration(&bk, i);
	sect = layout_begin(L, SR_SECT);
	unreported_pages(&bk, &city);
	layout_end(L, sect);
}
