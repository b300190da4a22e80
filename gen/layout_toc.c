/* layout_toc.c — the table of contents: three columns read right to left, each
 * administration's name in bold, sub-headings, entries with a dot leader and the page
 * number, every entry a link to its page. The numbers are those of the pages as laid out:
 * the contents are laid out last, onto pages kept for them (see layout_book). */
#include "layout.h"

#include <string.h>

#define COLUMNS 3

struct toc_flow {
	struct layout *L;
	struct tx_engine *e;
	const struct style *s;
	const struct page_geometry *g;
	struct page *page;
	int column;
	double y, top, colw, gap;
	size_t pages;
};

static void toc_page(struct toc_flow *f, bool first)
{
	f->page = layout_new_page(f->L, f->g->width, f->g->height, "contents", NULL);
	f->pages++;
	f->column = 0;
	f->top = f->g->top;
	if (first) {
		/* the title, across the page, on the first page only */
		const struct text_style *ts = &f->s->text[ST_TITLE];
		struct tx_style st = style_span(f->s, ts, 0);
		double w = f->g->width - f->g->left - f->g->right;
		struct tx_lines l = layout_text_lines(f->L, &st, f->s->contents_label, w, ts->align);
		struct node *h = f->L->cur ? layout_begin(f->L, SR_H1) : NULL;
		for (size_t i = 0; i < l.n; i++) {
			struct box *b = layout_add_box(f->L, f->page, BOX_TEXT, "contents-title");
			double step = l.lines[i].size * ts->leading;
			b->line = &l.lines[i];
			b->x = f->g->left;
			b->w = w;
			b->y = f->top;
			b->h = step;
			b->baseline = f->top + l.lines[i].ascent;
			f->top += step;
		}
		if (h)
			layout_end(f->L, h);
		f->top += ts->space_after;
	}
	f->y = f->top;
}

/* The left edge of the current column; the first column is the rightmost. */
static double column_x(const struct toc_flow *f)
{
	return f->g->width - f->g->right - (f->column + 1) * f->colw - f->column * f->gap;
}

static void next_column(struct toc_flow *f)
{
	if (++f->column == COLUMNS) {
		toc_page(f, false);
		return;
	}
	f->y = f->top;
}

static struct tx_lines lay(struct toc_flow *f, const struct text_style *ts, const char *text,
			   double width, enum tx_align align)
{
	struct tx_style st = style_span(f->s, ts, 0);
	return layout_text_lines(f->L, &st, text, width, align);
}

static struct box *put(struct toc_flow *f, const struct tx_line *l, double x, double w,
		       double y, double step, const char *role)
{
	return layout_add_line(f->L, f->page, role, l, x, y, w, step);
}

/* One entry: its name from the right, the page number at the column's left, dots between;
 * a long name wraps, the number and the dots go with its last line. */
static void entry(struct toc_flow *f, const struct toc_entry *t, bool dry)
{
	const struct text_style *ts = &f->s->text[t->level == 0 ? ST_TOC_PART
						  : t->level == 1 ? ST_TOC_GROUP
								  : ST_TOC_ENTRY];
	struct tx_style st = style_span(f->s, ts, 0);
	double numw = tx_measure(f->e, "0000", &st);
	double indent = t->level == 2 ? f->s->list_indent : t->level == 1 ? f->s->list_indent / 2 : 0;
	double textw = t->level == 2 ? f->colw - numw - indent - 6 : f->colw - indent;
	struct tx_lines l = lay(f, ts, t->title, textw, TX_RIGHT);
	double step = ts->size * ts->leading;
	double need = step * (double)l.n + ts->space_before + (t->level == 0 ? 2 * step : 0);
	if (f->y + need > f->g->height - f->g->bottom) /* a heading keeps its first entry */
		next_column(f);
	if (f->y > f->top)
		f->y += ts->space_before;
	double x = column_x(f), row_top = f->y;
	/* an entry is a TOCI: a heading's name in a paragraph, a unit's in a link */
	struct node *item = NULL, *link_node = NULL;
	if (f->L->cur) {
		item = layout_begin(f->L, SR_TOCI);
		if (t->level == 2) {
			layout_begin(f->L, SR_REFERENCE);
			link_node = layout_begin(f->L, SR_LINK);
			link_node->alt = arena_printf(f->L->keep, "%s, %s %zu", t->title,
						      f->s->page_label, t->page + 1);
		} else {
			layout_begin(f->L, SR_P);
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		put(f, &l.lines[i], x + f->colw - indent - textw, textw, f->y, step,
		    t->level == 0 ? "contents-part" : t->level == 1 ? "contents-group" : "contents-entry");
		f->y += step;
	}
	if (t->level != 2) {
		if (item)
			layout_enter(f->L, item->parent);
		return;
	}
	char num[16];
	snprintf(num, sizeof num, "%zu", dry ? (size_t)999 : t->page + 1);
	struct tx_lines n = lay(f, ts, num, numw, TX_LEFT);
	put(f, &n.lines[0], x, numw, f->y - step, step, "contents-page");
	/* the dot leader fills what the last line of the name leaves free */
	double used = l.n ? l.lines[l.n - 1].width : 0;
	double room = textw - used - 4;
	/* the step from one dot to the next ("." and a space; a lone trailing space would
	 * not be measured) */
	double dot = (tx_measure(f->e, ". . . . . . . . . . .", &st) - tx_measure(f->e, ".", &st)) / 10;
	int dots = dot > 0 ? (int)(room / dot) : 0;
	if (dots > 0) {
		char leader[512] = "";
		for (int i = 0; i < dots && i < 200; i++)
			strcat(leader, ". ");
		struct tx_lines d = lay(f, ts, leader, room, TX_LEFT);
		struct layout_mark m = layout_artifact(f->L, ART_LAYOUT); /* the dots are the look */
		if (d.n)
			put(f, &d.lines[0], x + numw + 2, room, f->y - step, step, "contents-leader");
		layout_resume(f->L, m);
	}
	struct box *link = layout_add_box(f->L, f->page, BOX_LINK, "contents-link");
	link->x = x;
	link->y = row_top;
	link->w = f->colw;
	link->h = f->y - row_top;
	link->target = t->page;
	if (item)
		layout_enter(f->L, item->parent);
}

size_t layout_toc(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct book *b, bool dry)
{
	(void)b;
	const struct page_geometry *g = &s->prose_page;
	size_t before = L->pages.len;
	struct toc_flow f = {L, e, s, g, NULL, 0, 0, 0, 0, 4 * 72 / 25.4, 0};
	f.colw = (g->width - g->left - g->right - (COLUMNS - 1) * f.gap) / COLUMNS;
	/* the real pass fills the element kept for the contents; the dry one makes none */
	struct layout_mark m = layout_artifact(L, ART_LAYOUT);
	if (!dry && L->toc_node)
		L->cur = L->toc_node;
	toc_page(&f, true);
	struct node *toc = L->cur ? layout_begin(L, SR_TOC) : NULL;
	for (size_t i = 0; i < L->toc.len; i++)
		entry(&f, &VEC_AT(&L->toc, struct toc_entry, i), dry);
	if (toc)
		layout_end(L, toc);
	layout_resume(L, m);
	if (dry) /* only the count was wanted */
		L->pages.len = before;
	return f.pages;
}
