/* layout_toc.c — the table of contents: three columns read right to left, each
 * administration's name in bold, sub-headings, entries with a dot leader and the page
 * number, every entry a link to its page. The numbers are those of the pages as laid out:
 * the contents are laid out last, onto pages kept for them (see layout_book).
 *
 * It goes in two steps: every entry is first broken into its lines (between words, never
 * inside a bracketed group, no lone word left on a last line, continuation lines
 * indented from the right); then the entries are shared out over columns and pages, the
 * columns of the last page balanced, and placed. Nothing in the breaking depends on the
 * page numbers, so the dry pass, made before they are known, takes the pages the real
 * one fills. */
#include "layout.h"

#include <string.h>

#define COLUMNS 3

/* Sizes in ems of an entry's font, chosen by eye on the 2020 book. */
#define LEADER_GAP 0.3 /* clear space at both ends of a leader */
#define HANG 1.0       /* how far an entry's continuation lines start in from the right */
#define MIN_DOTS 3     /* an entry's last line leaves room for at least this many dots */

/* A line of an entry: its shaped text, its width and how far in from the right it starts;
 * space: the title has a space after it (not so inside a word broken between letters). */
struct toc_line {
	const struct tx_line *line;
	double w, in;
	bool space;
};

/* An entry, broken into lines. */
struct toc_item {
	const struct toc_entry *t;
	const struct text_style *ts;
	struct tx_style st;
	double indent; /* of the whole entry, from the column's right */
	double step;   /* line height */
	struct vec lines; /* struct toc_line */
};

struct toc_flow {
	struct layout *L;
	struct tx_engine *e;
	const struct style *s;
	const struct page_geometry *g;
	struct page *page;
	int column;
	double y, top, colw, gap;
	size_t pages;
	double numw; /* the box the page numbers are right-aligned in: the widest number */
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

/* ---------------------------------------------------------------- breaking an entry */

struct tok_span {
	size_t from, to; /* bytes of the title */
};

static double span_width(struct toc_flow *f, const struct tx_style *st, const char *s,
			 struct tok_span sp)
{
	return tx_measure(f->e, arena_strndup(f->L->a, s + sp.from, sp.to - sp.from), st);
}

/* Whether tokens [i, j) fit on a line of width w. */
static bool fits(struct toc_flow *f, const struct tx_style *st, const char *s,
		 const struct tok_span *tok, size_t i, size_t j, double w)
{
	return span_width(f, st, s, (struct tok_span){tok[i].from, tok[j - 1].to}) <= w;
}

static size_t words_in(const char *s, struct tok_span sp)
{
	size_t n = 1;
	for (size_t i = sp.from; i < sp.to; i++)
		n += s[i] == ' ' && i + 1 < sp.to && s[i + 1] != ' ';
	return n;
}

/* The title's words, where a line may break between them; the words of a bracketed group,
 * "(א, ב, ו-ט, י-יג)", make one, unless together they are wider than `width`. */
static size_t tokenize(struct toc_flow *f, const struct tx_style *st, const char *s,
		       double width, struct tok_span *out)
{
	size_t len = strlen(s), nw = 0, n = 0;
	struct tok_span *w = arena_calloc(f->L->a, len / 2 + 1, sizeof *w);
	for (size_t i = 0; i < len;) {
		while (i < len && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < len && s[j] != ' ')
			j++;
		if (j > i)
			w[nw++] = (struct tok_span){i, j};
		i = j;
	}
	for (size_t i = 0; i < nw;) {
		size_t k = i;
		int depth = 0;
		for (;; k++) {
			for (size_t c = w[k].from; c < w[k].to; c++)
				depth += s[c] == '(' ? 1 : s[c] == ')' && depth > 0 ? -1 : 0;
			if (depth == 0 || k + 1 == nw)
				break;
		}
		struct tok_span group = {w[i].from, w[k].to};
		if (k > i && span_width(f, st, s, group) > width) {
			while (i <= k) /* too wide to keep whole: its words break as any */
				out[n++] = w[i++];
		} else {
			out[n++] = group;
			i = k + 1;
		}
	}
	return n;
}

/* Breaks the tokens into lines: line k holds tokens [brk[k], brk[k + 1]). The first line
 * is w0 wide, the others w1; the last keeps `room` free (for the leader). Returns the
 * number of lines. */
static size_t break_lines(struct toc_flow *f, const struct tx_style *st, const char *s,
			  const struct tok_span *tok, size_t nt, double w0, double w1, double room,
			  size_t *brk)
{
	size_t n = 0;
	for (size_t i = 0; i < nt; n++) { /* as many words on each line as go */
		size_t j = i + 1;
		while (j < nt && fits(f, st, s, tok, i, j + 1, n == 0 ? w0 : w1))
			j++;
		brk[n] = i;
		i = j;
	}
	brk[n] = nt;
	size_t a = brk[n - 1], b = nt;
	if (room > 0 && b - a >= 2 && !fits(f, st, s, tok, a, b, (n == 1 ? w0 : w1) - room)) {
		brk[n] = b - 1; /* the last word goes down, to leave room for the leader */
		brk[++n] = b;
	}
	/* a lone word on the last line takes the word before it along, if the line it leaves
	 * keeps two words */
	if (n >= 2 && brk[n] - brk[n - 1] == 1 && words_in(s, tok[brk[n - 1]]) == 1 &&
	    brk[n - 1] - brk[n - 2] >= 2 &&
	    words_in(s, (struct tok_span){tok[brk[n - 2]].from, tok[brk[n - 1] - 2].to}) >= 2 &&
	    fits(f, st, s, tok, brk[n - 1] - 1, b, w1 - room))
		brk[n - 1]--;
	return n;
}

/* An entry's text style, its indent from the column's right. */
static const struct text_style *entry_style(const struct toc_flow *f, int level, double *indent)
{
	*indent = level == 2 ? f->s->list_indent : level == 1 ? f->s->list_indent / 2 : 0;
	return &f->s->text[level == 0 ? ST_TOC_PART : level == 1 ? ST_TOC_GROUP : ST_TOC_ENTRY];
}

/* The room an entry's number keeps free at the column's left, then a gap: three digits,
 * whatever the numbers, for the dry pass does not know them yet and must break the lines
 * as the real one. A book of 1000 pages or more has its leaders a digit shorter. */
static double number_room(struct toc_flow *f, const struct tx_style *st)
{
	return tx_measure(f->e, "000", st) + LEADER_GAP * st->size;
}

/* The step from one leader dot to the next ("." and a space; a lone trailing space would
 * not be measured). */
static double dot_step(struct toc_flow *f, const struct tx_style *st)
{
	return (tx_measure(f->e, ". . . . . . . . . . .", st) - tx_measure(f->e, ".", st)) / 10;
}

static struct toc_item measure_entry(struct toc_flow *f, const struct toc_entry *t)
{
	struct toc_item it = {.t = t};
	it.ts = entry_style(f, t->level, &it.indent);
	it.st = style_span(f->s, it.ts, 0);
	it.step = it.ts->size * it.ts->leading;
	double hang = HANG * it.st.size;
	double w0 = f->colw - it.indent, room = 0;
	if (t->level == 2) {
		w0 -= number_room(f, &it.st);
		room = MIN_DOTS * dot_step(f, &it.st) + LEADER_GAP * it.st.size;
	}
	double w1 = w0 - hang;
	const char *s = t->title;
	struct tok_span *tok = arena_calloc(f->L->a, strlen(s) / 2 + 2, sizeof *tok);
	size_t *brk = arena_calloc(f->L->a, strlen(s) / 2 + 4, sizeof *brk);
	size_t nt = tokenize(f, &it.st, s, w1, tok);
	size_t n = nt ? break_lines(f, &it.st, s, tok, nt, w0, w1, room, brk) : 1;
	for (size_t k = 0; k < n; k++) {
		const char *text = nt ? arena_strndup(f->L->a, s + tok[brk[k]].from,
						      tok[brk[k + 1] - 1].to - tok[brk[k]].from)
				      : "";
		double w = k == 0 ? w0 : w1;
		/* one line, but for a word wider than the column, broken between characters */
		struct tx_lines l = layout_text_lines(f->L, &it.st, text, w, TX_RIGHT);
		for (size_t i = 0; i < l.n; i++)
			*(struct toc_line *)vec_push(f->L->a, &it.lines, sizeof(struct toc_line)) =
				(struct toc_line){&l.lines[i], w, k + i == 0 ? 0 : hang,
						  i + 1 == l.n && k + 1 < n};
	}
	return it;
}

/* ---------------------------------------------------------------- columns */

/* An administration's name and a sub-heading stay with the entry after them, and the
 * last entry under them does not begin a column alone, away from its heading: items
 * [i, the returned index) go in one column. */
static size_t block_end(const struct toc_item *it, size_t i, size_t n)
{
	while (i < n && it[i].t->level < 2)
		i++;
	if (i < n)
		i++;
	if (i < n && it[i].t->level == 2 && (i + 1 == n || it[i + 1].t->level < 2))
		i++;
	return i;
}

static double block_height(const struct toc_item *it, size_t i, size_t j, bool at_top)
{
	double h = 0;
	for (size_t k = i; k < j; k++)
		h += (double)it[k].lines.len * it[k].step + (k == i && at_top ? 0 : it[k].ts->space_before);
	return h;
}

/* Puts items from `from` into the page's columns, each at most h high (a block taller
 * than h alone in its column): the index of the first item of each column goes in
 * starts[0 … COLUMNS - 1], the one after the last placed in starts[COLUMNS]. */
static size_t fill(const struct toc_item *it, size_t from, size_t n, double h,
		   size_t starts[COLUMNS + 1])
{
	size_t i = from;
	for (int c = 0; c < COLUMNS; c++) {
		starts[c] = i;
		double y = 0;
		while (i < n) {
			size_t j = block_end(it, i, n);
			double need = block_height(it, i, j, y == 0);
			if (y > 0 && y + need > h)
				break;
			y += need;
			i = j;
		}
	}
	starts[COLUMNS] = i;
	return i;
}

/* The lowest column height at which items [from, n) fill no more than the page's columns:
 * the last page's columns end at about the same height. */
static double balance(const struct toc_item *it, size_t from, size_t n, double h)
{
	size_t starts[COLUMNS + 1];
	double lo = 0, hi = h;
	for (size_t i = from; i < n;) {
		size_t j = block_end(it, i, n);
		double b = block_height(it, i, j, true);
		lo = b > lo ? b : lo;
		i = j;
	}
	if (lo >= hi)
		return hi;
	for (int k = 0; k < 30 && hi - lo > 0.01; k++) {
		double mid = (lo + hi) / 2;
		if (fill(it, from, n, mid, starts) == n)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* ---------------------------------------------------------------- placing */

static struct box *put(struct toc_flow *f, const struct tx_line *l, double x, double w,
		       double y, double step, const char *role)
{
	return layout_add_line(f->L, f->page, role, l, x, y, w, step);
}

/* The dots from the number's box to the entry's last line, a gap clear at both ends. They
 * start at the same place in every entry of a column and go at the same step, so that
 * the dots of all entries stand on one grid. */
static void leader(struct toc_flow *f, const struct toc_item *it, double x, double text_left,
		   double y)
{
	double gap = LEADER_GAP * it->st.size, step = dot_step(f, &it->st);
	double from = x + f->numw + gap, dot = tx_measure(f->e, ".", &it->st);
	double room = text_left - gap - from;
	int dots = step > 0 && room >= dot ? (int)((room - dot) / step) + 1 : 0;
	if (dots <= 0)
		return;
	char leader[512] = "";
	for (int i = 0; i < dots && i < 200; i++)
		strcat(leader, i ? " ." : ".");
	struct tx_lines d = layout_text_lines(f->L, &it->st, leader, room + step, TX_LEFT);
	struct layout_mark m = layout_artifact(f->L, ART_LAYOUT); /* the dots are the look */
	if (d.n)
		put(f, &d.lines[0], from, room, y, it->step, "contents-leader");
	layout_resume(f->L, m);
}

/* One entry in the current column: its lines from the right; for a unit or a page, the
 * number right-aligned in its box at the column's left, and the leader between. */
static void place(struct toc_flow *f, const struct toc_item *it, bool dry)
{
	const struct toc_entry *t = it->t;
	if (f->y > f->top)
		f->y += it->ts->space_before;
	double x = column_x(f), right = x + f->colw - it->indent, row_top = f->y;
	/* an entry is a TOCI: a heading's name in a paragraph, a unit's in a link */
	struct node *item = NULL;
	if (f->L->cur) {
		item = layout_begin(f->L, SR_TOCI);
		if (t->level == 2) {
			layout_begin(f->L, SR_REFERENCE);
			struct node *link = layout_begin(f->L, SR_LINK);
			link->alt = arena_printf(f->L->keep, "%s, %s %zu", t->title,
						 f->s->page_label, t->page + 1);
		} else {
			layout_begin(f->L, SR_P);
		}
	}
	const char *role = t->level == 0 ? "contents-part"
			   : t->level == 1 ? "contents-group" : "contents-entry";
	double text_left = right;
	for (size_t i = 0; i < it->lines.len; i++) {
		const struct toc_line *tl = &VEC_AT(&it->lines, struct toc_line, i);
		struct box *b = put(f, tl->line, right - tl->in - tl->w, tl->w, f->y, it->step, role);
		/* the text goes on after a space: in the next line, or in the page number */
		b->space_after = tl->space || (i + 1 == it->lines.len && t->level == 2);
		b->no_marks = true;
		text_left = right - tl->in - tl->line->width;
		f->y += it->step;
	}
	if (t->level == 2) {
		char num[24];
		snprintf(num, sizeof num, "%zu", dry ? (size_t)999 : t->page + 1);
		struct tx_lines n = layout_text_lines(f->L, &it->st, num, f->numw, TX_RIGHT);
		put(f, &n.lines[0], x, f->numw, f->y - it->step, it->step, "contents-page");
		leader(f, it, x, text_left, f->y - it->step);
		struct box *link = layout_add_box(f->L, f->page, BOX_LINK, "contents-link");
		link->x = x;
		link->y = row_top;
		link->w = f->colw;
		link->h = f->y - row_top;
		link->target = t->page;
	}
	if (item)
		layout_enter(f->L, item->parent);
}

/* The widest page number, in the entries' font: the box every number is aligned in. */
static double number_width(struct toc_flow *f, const struct toc_item *it, size_t n, bool dry)
{
	double w = 0;
	for (size_t i = 0; i < n; i++) {
		if (it[i].t->level != 2)
			continue;
		char num[24];
		snprintf(num, sizeof num, "%zu", dry ? (size_t)999 : it[i].t->page + 1);
		double m = tx_measure(f->e, num, &it[i].st);
		w = m > w ? m : w;
	}
	return w;
}

size_t layout_toc(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct book *b, bool dry)
{
	(void)b;
	const struct page_geometry *g = &s->prose_page;
	size_t before = L->pages.len, n = L->toc.len;
	struct toc_flow f = {L, e, s, g, NULL, 0, 0, 0, 0, 4 * 72 / 25.4, 0, 0};
	f.colw = (g->width - g->left - g->right - (COLUMNS - 1) * f.gap) / COLUMNS;
	struct toc_item *items = arena_calloc(L->a, n + 1, sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[i] = measure_entry(&f, &VEC_AT(&L->toc, struct toc_entry, i));
	f.numw = number_width(&f, items, n, dry);
	/* the real pass fills the element kept for the contents; the dry one makes none */
	struct layout_mark m = layout_artifact(L, ART_LAYOUT);
	if (!dry && L->toc_node)
		L->cur = L->toc_node;
	toc_page(&f, true);
	struct node *toc = L->cur ? layout_begin(L, SR_TOC) : NULL;
	for (size_t i = 0; i < n;) {
		size_t starts[COLUMNS + 1];
		double h = g->height - g->bottom - f.top;
		if (fill(items, i, n, h, starts) == n) /* the last page */
			h = balance(items, i, n, h);
		fill(items, i, n, h, starts);
		for (f.column = 0; f.column < COLUMNS; f.column++) {
			f.y = f.top;
			for (size_t k = starts[f.column]; k < starts[f.column + 1]; k++)
				place(&f, &items[k], dry);
		}
		i = starts[COLUMNS];
		if (i < n)
			toc_page(&f, false);
	}
	if (toc)
		layout_end(L, toc);
	layout_resume(L, m);
	if (dry) /* only the count was wanted */
		L->pages.len = before;
	return f.pages;
}
