/* layout_prose.c — letters, vision, policy and goals pages: a flow of paragraphs, headings
 * and lists down the page, continued on new pages as needed. */
#include "layout.h"

#include <string.h>

#include "hebrew.h"

struct flow {
	struct layout *L;
	struct tx_engine *e;
	const struct style *s;
	const struct prose *prose;
	const struct page_geometry *g;
	struct page *page;
	double y;      /* top of the next line */
	double bottom; /* lowest allowed line bottom */
	struct node *lists[4]; /* the open list (L) of each depth, for structure */
	struct node *last_item[4]; /* the body of each depth's last item */
};

static void new_page(struct flow *f)
{
	const struct page_geometry *g = f->g;
	f->page = layout_new_page(f->L, g->width, g->height, "prose", f->prose->path);
	f->y = g->top;
	f->bottom = g->height - g->bottom;
	if (f->prose->letterhead) {
		/* the letterhead line heads every page of the letter */
		const struct text_style *ts = &f->s->text[ST_LETTERHEAD];
		struct tx_style st = style_span(f->s, ts, 0);
		double width = g->width - g->left - g->right;
		struct tx_lines l = layout_text_lines(f->L, &st, f->prose->letterhead, width, ts->align);
		double base = f->s->letterhead_top;
		/* printed on every page of the letter: the page's look, not its text */
		struct layout_mark m = layout_artifact(f->L, ART_HEADER);
		for (size_t i = 0; i < l.n; i++) {
			struct box *b = layout_add_box(f->L, f->page, BOX_TEXT, "letterhead");
			b->line = &l.lines[i];
			b->x = g->left;
			b->w = width;
			b->baseline = base;
			b->y = base - b->line->ascent;
			b->h = b->line->ascent + b->line->descent;
			base += ts->size * ts->leading;
		}
		layout_resume(f->L, m);
		struct box *r = layout_add_box(f->L, f->page, BOX_RULE, "letterhead-rule");
		r->x = g->left;
		r->y = base - ts->size * ts->leading + l.lines[l.n ? l.n - 1 : 0].descent + 3;
		r->w = width;
		r->stroked = true;
		r->stroke = f->s->rule_color;
		r->stroke_width = f->s->rule_width;
		if (r->y + 6 > f->y)
			f->y = r->y + 6;
	}
}

static double line_height(const struct text_style *ts, const struct tx_line *l)
{
	double h = l->size * ts->leading;
	double min = l->ascent + l->descent;
	return h > min ? h : min;
}

struct placed {
	struct tx_lines lines;
	double x, width;
	const struct text_style *ts;
	const char *role;
};

/* Puts lines [from, to) of a laid-out paragraph at the current position; the caller has
 * made sure they fit. */
static void put_lines(struct flow *f, const struct placed *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct tx_line *l = &p->lines.lines[i];
		double h = line_height(p->ts, l);
		layout_add_line(f->L, f->page, p->role, l, p->x, f->y, p->width, h);
		f->y += h;
	}
}

/* How many of lines [from, n) fit above the page's bottom. */
static size_t lines_that_fit(const struct flow *f, const struct placed *p, size_t from)
{
	double y = f->y;
	size_t k = from;
	while (k < p->lines.n) {
		y += line_height(p->ts, &p->lines.lines[k]);
		if (y > f->bottom + 0.01)
			break;
		k++;
	}
	return k - from;
}

/* Places a paragraph, breaking pages between lines: never one line alone at the foot of a
 * page (an orphan) nor alone at the head of the next (a widow) when the paragraph has
 * more. keep_next asks for room for that much more below (a heading keeps its text). */
static void place(struct flow *f, const struct placed *p, double keep_next)
{
	size_t n = p->lines.n, i = 0;
	while (i < n) {
		size_t fit = lines_that_fit(f, p, i);
		size_t left = n - i;
		if (fit >= left) {
			double need = keep_next;
			double y = f->y;
			for (size_t k = i; k < n; k++)
				y += line_height(p->ts, &p->lines.lines[k]);
			if (need > 0 && y + need > f->bottom && f->y > f->g->top + 1 && i == 0) {
				new_page(f);
				continue;
			}
			put_lines(f, p, i, n);
			return;
		}
		if (fit == 0 || (fit == 1 && left > 1 && i == 0)) {
			if (f->y <= f->g->top + 1 && fit == 0) {
				/* not even one line fits on an empty page: place it anyway */
				put_lines(f, p, i, i + 1);
				i++;
				continue;
			}
			new_page(f);
			continue;
		}
		if (left - fit == 1 && fit >= 2)
			fit--; /* leave two lines for the next page, not one */
		put_lines(f, p, i, i + fit);
		i += fit;
		new_page(f);
	}
}

static struct tx_lines lay_text_dir(struct flow *f, const struct text_style *ts,
				    const struct span *spans, size_t nspans, const char *text,
				    double width, enum tx_align align, bool rtl)
{
	struct tx_para *para = tx_para_new();
	if (text) {
		struct tx_style st = style_span(f->s, ts, 0);
		tx_para_add(para, text, strlen(text), &st);
	}
	for (size_t i = 0; i < nspans; i++) {
		struct tx_style st = style_span(f->s, ts, spans[i].flags);
		tx_para_add(para, spans[i].text, strlen(spans[i].text), &st);
	}
	struct tx_lines l = tx_layout(f->e, f->L->a, para, width, align, rtl);
	tx_para_free(para);
	return l;
}

static struct tx_lines lay_text(struct flow *f, const struct text_style *ts,
				const struct span *spans, size_t nspans, const char *text,
				double width, enum tx_align align)
{
	return lay_text_dir(f, ts, spans, nspans, text, width, align, true);
}

static double content_right(const struct flow *f) { return f->g->width - f->g->right; }
static double content_width(const struct flow *f)
{
	return f->g->width - f->g->right - f->g->left;
}

/* A few lines of the header block (date, reference, addressee), each its own line. */
static void place_header_lines(struct flow *f, enum style_id sid, const char *const *lines,
			       size_t n, const char *role)
{
	const struct text_style *ts = &f->s->text[sid];
	f->y += ts->space_before;
	for (size_t i = 0; i < n; i++) {
		struct placed p = {lay_text(f, ts, NULL, 0, lines[i], content_width(f), ts->align),
				   f->g->left, content_width(f), ts, role};
		struct node *para = layout_begin(f->L, SR_P);
		place(f, &p, 0);
		layout_end(f->L, para);
	}
	f->y += ts->space_after;
}

static void format_marker(const struct style *s, const struct block *b, char *out, size_t cap)
{
	if (b->list == LIST_BULLET) {
		int depth = b->level > 0 ? b->level - 1 : 0;
		snprintf(out, cap, "%s", s->bullets[depth > 2 ? 2 : depth]);
	} else if (b->list == LIST_HEBREW) {
		char num[32];
		hebrew_numeral(b->number, false, num, sizeof num);
		snprintf(out, cap, "%s.", num);
	} else {
		snprintf(out, cap, "%d.", b->number);
	}
}

static enum style_id heading_style(int level)
{
	return level <= 1 ? ST_TITLE : level == 2 ? ST_HEADING2 : ST_HEADING3;
}

/* Leaves the open lists deeper than depth (all of them for 0). */
static void close_lists(struct flow *f, int depth)
{
	for (int d = 3; d >= depth; d--)
		f->lists[d] = f->last_item[d] = NULL;
}

/* The elements a block's text goes into: a heading H1-H3, a paragraph P, or a list item's
 * body (L > LI > Lbl, LBody; a deeper list inside the item before). Makes the text's
 * element current and returns the element to go back to after the block; *lbl is the
 * label's element, NULL for all but items. */
static struct node *block_element(struct flow *f, const struct block *b, struct node **lbl)
{
	struct layout *L = f->L;
	struct node *outer = L->cur;
	if (b->kind != BLOCK_ITEM) {
		close_lists(f, 0);
		enum struct_role role = b->kind != BLOCK_HEADING ? SR_P
					: b->level <= 1 ? SR_H1 : b->level == 2 ? SR_H2 : SR_H3;
		*lbl = layout_begin(L, role);
		return outer;
	}
	int d = b->level > 0 ? (b->level > 4 ? 3 : b->level - 1) : 0;
	close_lists(f, d + 1);
	if (!f->lists[d]) {
		struct node *host = d > 0 && f->last_item[d - 1] ? f->last_item[d - 1] : outer;
		f->lists[d] = layout_node(L, host, SR_L);
	}
	struct node *li = layout_node(L, f->lists[d], SR_LI);
	*lbl = layout_node(L, li, SR_LBL);
	/* a deeper list goes in this item's body (an LI holds only Lbl and LBody) */
	f->last_item[d] = layout_node(L, li, SR_LBODY);
	layout_enter(L, f->last_item[d]);
	return outer;
}

static void place_block(struct flow *f, const struct block *b, bool last)
{
	const struct style *s = f->s;
	enum style_id sid = b->kind == BLOCK_HEADING ? heading_style(b->level) : ST_BODY;
	const struct text_style *ts = &s->text[sid];
	double indent = b->quote * s->quote_indent;
	if (b->kind != BLOCK_HEADING)
		indent += b->level * s->list_indent;
	double right = content_right(f) - indent;
	double width = content_width(f) - indent - b->quote * s->quote_indent;
	if (f->y > f->g->top + 1)
		f->y += ts->space_before;
	/* a left-to-right block starts at the left: right alignment turns into left */
	enum tx_align align = b->ltr && ts->align == TX_RIGHT ? TX_LEFT : ts->align;
	struct placed p = {lay_text_dir(f, ts, b->spans, b->nspans, NULL, width, align, !b->ltr),
			   right - width, width, ts,
			   b->kind == BLOCK_HEADING ? style_names[sid] : b->kind == BLOCK_ITEM ? "item"
												: "body"};
	if (p.lines.n == 0)
		return;
	struct node *lbl = NULL, *el = block_element(f, b, &lbl);
	size_t page_before = f->L->pages.len;
	size_t box_before = f->page->boxes.len;
	double keep = b->kind == BLOCK_HEADING && !last ? 2 * s->text[ST_BODY].size * 1.4 : 0;
	place(f, &p, keep);
	layout_enter(f->L, lbl);
	if (b->kind == BLOCK_ITEM) {
		/* the marker sits in the gutter right of the item's first line */
		struct page *pg = f->L->pages.len == page_before ? f->page
				  : &VEC_AT(&f->L->pages, struct page, page_before - 1);
		struct box *first = NULL;
		for (size_t k = f->L->pages.len == page_before ? box_before : 0; k < pg->boxes.len; k++)
			if (VEC_AT(&pg->boxes, struct box, k).line == &p.lines.lines[0])
				first = &VEC_AT(&pg->boxes, struct box, k);
		if (!first) { /* the item moved wholly to the new page */
			pg = f->page;
			for (size_t k = 0; k < pg->boxes.len; k++)
				if (VEC_AT(&pg->boxes, struct box, k).line == &p.lines.lines[0])
					first = &VEC_AT(&pg->boxes, struct box, k);
		}
		if (first) {
			/* right-aligned at the gutter's outer edge, a gap away from the text; a
			 * marker wider than the gutter ("10.") is never wrapped, it takes the gap */
			char marker[64];
			format_marker(s, b, marker, sizeof marker);
			double gutter = s->list_indent - s->marker_gap;
			struct tx_style mst = style_span(s, ts, 0);
			double natural = tx_measure(f->e, marker, &mst);
			if (natural > gutter)
				gutter = natural;
			struct tx_lines ml = lay_text(f, ts, NULL, 0, marker, gutter, TX_RIGHT);
			struct box *m = layout_add_box(f->L, pg, BOX_TEXT, "marker");
			m->line = &ml.lines[0];
			m->x = right + s->list_indent - gutter;
			m->w = gutter;
			m->y = first->y;
			m->h = first->h;
			m->baseline = first->baseline;
		}
	}
	layout_enter(f->L, el);
	f->y += ts->space_after;
}

static void place_signatures(struct flow *f)
{
	const struct style *s = f->s;
	for (size_t i = 0; i < f->prose->nsignatures; i++) {
		const struct signature *sig = &f->prose->signatures[i];
		struct {
			const char *text;
			enum style_id sid;
			const char *role;
		} parts[] = {{sig->closing, ST_CLOSING, "closing"},
			     {sig->name, ST_SIGNER, "signer"},
			     {sig->role, ST_ROLE, "role"}};
		struct placed p[3];
		double need = 0;
		for (int k = 0; k < 3; k++) {
			const struct text_style *ts = &s->text[parts[k].sid];
			p[k] = (struct placed){{0}, f->g->left, content_width(f), ts, parts[k].role};
			if (parts[k].text) {
				p[k].lines = lay_text(f, ts, NULL, 0, parts[k].text, content_width(f),
						      ts->align);
				need += ts->space_before + ts->space_after;
				for (size_t j = 0; j < p[k].lines.n; j++)
					need += line_height(ts, &p[k].lines.lines[j]);
			}
		}
		/* a signature block is never split */
		if (f->y + need > f->bottom)
			new_page(f);
		for (int k = 0; k < 3; k++) {
			if (!parts[k].text)
				continue;
			f->y += p[k].ts->space_before;
			struct node *para = layout_begin(f->L, SR_P);
			put_lines(f, &p[k], 0, p[k].lines.n);
			layout_end(f->L, para);
			f->y += p[k].ts->space_after;
		}
	}
}

void layout_prose(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct prose *p)
{
	struct flow f = {.L = L, .e = e, .s = s, .prose = p, .g = &s->prose_page};
	new_page(&f);
	size_t i = 0;
	/* the page title comes first, above a letter's date and addressee */
	if (p->nblocks && p->blocks[0].kind == BLOCK_HEADING && p->blocks[0].level == 1)
		place_block(&f, &p->blocks[i++], false);
	place_header_lines(&f, ST_DATE, p->date, p->ndate, "date");
	if (p->reference)
		place_header_lines(&f, ST_REFERENCE, &p->reference, 1, "reference");
	place_header_lines(&f, ST_TO, p->to, p->nto, "to");
	if (p->subject) {
		const char *line = arena_printf(L->a, "%s %s", s->subject_label, p->subject);
		place_header_lines(&f, ST_SUBJECT, &line, 1, "subject");
	}
	for (; i < p->nblocks; i++)
		place_block(&f, &p->blocks[i], i + 1 == p->nblocks);
	close_lists(&f, 0);
	place_signatures(&f);
}
