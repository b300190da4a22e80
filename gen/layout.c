/* layout.c — puts the book's parts on pages in order and numbers them. */
#include "layout.h"

#include <string.h>

struct page *layout_new_page(struct layout *L, double width, double height, const char *kind,
			     const char *source)
{
	struct page *pg = vec_push(L->a, &L->pages, sizeof *pg);
	pg->width = width;
	pg->height = height;
	pg->kind = kind;
	pg->source = source;
	pg->part = L->cur_part;
	pg->unit = L->cur_unit;
	return pg;
}

struct box *layout_add_box(struct layout *L, struct page *pg, enum box_kind kind,
			   const char *role)
{
	struct box *b = vec_push(L->a, &pg->boxes, sizeof *b);
	b->kind = kind;
	b->role = role;
	/* text, links and images belong to the current element; shapes are the page's look,
	 * except in a figure (a chart's bars) */
	if (kind == BOX_TEXT || kind == BOX_LINK || kind == BOX_IMAGE ||
	    (L->cur && L->cur->role == SR_FIGURE)) {
		b->node = L->cur;
		b->artifact = L->art;
	}
	return b;
}

/* The key of a text laid out in a style, a width and an alignment, in the pages' arena:
 * what decides its lines, a letter for each half byte (no NUL among them), then the text. */
static const char *laid_key(struct arena *a, const struct tx_style *st, const char *text,
			    double width, enum tx_align align)
{
	unsigned char raw[3 * sizeof(uint64_t)];
	uint64_t kind = (uint64_t)st->font << 32 | (uint64_t)st->color << 3 |
			(uint64_t)st->embolden << 2 | (uint64_t)align;
	memcpy(raw, &kind, 8);
	memcpy(raw + 8, &st->size, 8);
	memcpy(raw + 16, &width, 8);
	size_t n = strlen(text);
	char *key = arena_alloc(a, 2 * sizeof raw + n + 1), *k = key;
	for (size_t i = 0; i < sizeof raw; i++) {
		*k++ = (char)('a' + (raw[i] >> 4));
		*k++ = (char)('a' + (raw[i] & 15));
	}
	memcpy(k, text, n);
	return key;
}

/* A table repeats its texts row after row in a column of one width: the mayor's vision,
 * the policy emphases, the metric types and units (41 % of the characters the 2020 book's
 * tables lay out). Laid-out lines are never changed after, so a text laid out again in the
 * same style, width and alignment shares the lines of the first time, while the pending
 * pages live. */
struct tx_lines layout_text_lines(struct layout *L, const struct tx_style *st, const char *text,
				  double width, enum tx_align align)
{
	bool added;
	size_t *at = strmap_put(&L->laid, laid_key(L->a, st, text, width, align), &added);
	if (!added)
		return VEC_AT(&L->laid_lines, struct tx_lines, *at);
	struct tx_para *p = tx_para_new();
	tx_para_add(p, text, strlen(text), st);
	struct tx_lines l = tx_layout(L->e, L->a, p, width, align, true);
	tx_para_free(p);
	*at = L->laid_lines.len;
	*(struct tx_lines *)vec_push(L->a, &L->laid_lines, sizeof l) = l;
	return l;
}

struct box *layout_add_line(struct layout *L, struct page *pg, const char *role,
			    const struct tx_line *line, double x, double y, double w, double h)
{
	struct box *b = layout_add_box(L, pg, BOX_TEXT, role);
	b->line = line;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->baseline = y + (h - line->ascent - line->descent) / 2 + line->ascent;
	return b;
}

void layout_outline(struct layout *L, const char *title, int level, size_t page)
{
	struct outline_entry *o = vec_push(L->keep, &L->outline, sizeof *o);
	o->title = title;
	o->level = level;
	o->page = page;
}

size_t layout_page_count(const struct layout *L)
{
	size_t n = L->first_page;
	for (size_t i = 0; i < L->pages.len; i++)
		n += !VEC_AT(&L->pages, struct page, i).extra;
	return n;
}

bool layout_selected(const struct layout *L, const struct page *pg)
{
	if (L->select.calendar)
		return !strcmp(pg->kind, "calendar");
	if (pg->extra) /* a title page: in its own unit's or administration's file only */
		return L->select.unit ? pg->unit && !strcmp(pg->unit, L->select.unit)
				      : L->select.part && !pg->unit && pg->part &&
						!strcmp(pg->part, L->select.part);
	if (L->select.unit)
		return pg->unit && !strcmp(pg->unit, L->select.unit);
	if (L->select.part) /* its title page says what the divider says: the divider goes */
		return pg->part && !strcmp(pg->part, L->select.part) && strcmp(pg->kind, "divider");
	return true;
}

/* Book indexes for the pending pages, and page numbers, centred at the foot: the book's
 * numbers, or from 1 for a section printed with --renumber. */
static void number_pages(struct layout *L)
{
	const struct style *s = L->style;
	const struct text_style *ts = &s->text[ST_FOLIO];
	struct tx_style st = style_span(s, ts, 0);
	size_t index = L->first_page;
	for (size_t i = 0; i < L->pages.len; i++) {
		struct page *pg = &VEC_AT(&L->pages, struct page, i);
		if (pg->extra) {
			pg->index = (size_t)-1;
			continue;
		}
		pg->index = index++;
		if (L->renumber_base < 0 && L->select.renumber && layout_selected(L, pg))
			L->renumber_base = (long)pg->index;
		if (pg->no_folio)
			continue;
		pg->folio = L->select.renumber ? (int)((long)pg->index - L->renumber_base) + 1
					       : (int)pg->index + 1;
		char num[16];
		snprintf(num, sizeof num, "%d", pg->folio);
		struct tx_lines lines = layout_text_lines(L, &st, num, pg->width, TX_CENTER);
		struct layout_mark m = layout_artifact(L, ART_FOOTER);
		struct box *b = layout_add_box(L, pg, BOX_TEXT, "folio");
		layout_resume(L, m);
		b->line = &lines.lines[0];
		b->x = 0;
		b->w = pg->width;
		b->baseline = pg->height - s->folio_bottom;
		b->y = b->baseline - b->line->ascent;
		b->h = b->line->ascent + b->line->descent;
	}
}

/* After the pending pages went to the sink: their memory, and the lines laid out for them. */
static void forget_pages(struct layout *L)
{
	L->pages = (struct vec){0};
	arena_free(&L->pages_arena);
	L->laid = (struct strmap){.a = L->a};
	L->laid_lines = (struct vec){0};
}

void layout_flush(struct layout *L)
{
	if (!L->pages.len)
		return;
	number_pages(L);
	size_t count = layout_page_count(L);
	if (L->sink)
		L->sink(L, L->sink_ctx);
	L->first_page = count;
	forget_pages(L);
}

/* ---------------------------------------------------------------- contents */

static void add_toc(struct layout *L, const char *title, int level, const void *key)
{
	struct toc_entry *t = vec_push(L->keep, &L->toc, sizeof *t);
	t->title = title;
	t->level = level;
	t->key = key;
}

/* The entries of the table of contents, in book order: the opening pages; for each
 * administration its goals page and its units, units sharing one entry once, under the
 * sub-headings some administrations have. */
static void collect_toc(struct layout *L, const struct style *s, const struct book *b)
{
	for (size_t i = 0; i < b->nparts; i++) {
		const struct part *p = &b->parts[i];
		add_toc(L, p->title, 0, p);
		for (size_t k = 0; k < p->npages; k++)
			if (p->pages[k].prose)
				add_toc(L, p->pages[k].toc ? p->pages[k].toc : "", 2, p->pages[k].prose);
		if (p->goals)
			add_toc(L, s->goals_label, 2, p->goals);
		const char *group = NULL;
		for (size_t k = 0; k < p->nunits; k++) {
			const struct unit *u = &p->units[k];
			if (u->group && (!group || strcmp(group, u->group)))
				add_toc(L, u->group, 1, NULL);
			group = u->group;
			if (k > 0 && !strcmp(p->units[k - 1].toc, u->toc))
				continue; /* the same entry as the unit before */
			add_toc(L, u->toc, 2, u);
		}
	}
}

/* Records where the content that `key` stands for begins. */
static void place_toc(struct layout *L, const void *key, size_t page)
{
	for (size_t i = 0; i < L->toc.len; i++) {
		struct toc_entry *t = &VEC_AT(&L->toc, struct toc_entry, i);
		if (t->key == key && !t->placed) {
			t->page = page;
			t->placed = true;
		}
	}
}

void layout_range(struct layout *L, const char *id, size_t first, size_t end)
{
	if (end <= first)
		return;
	struct page_range *r = vec_push(L->keep, &L->ranges, sizeof *r);
	r->id = id;
	r->first = first;
	r->last = end - 1;
}

struct unit_mark layout_unit_begin(struct layout *L, const struct style *s,
				   const struct book *b, const struct part *p, const struct unit *u)
{
	L->cur_unit = u->id;
	struct unit_mark m = {layout_page_count(L), L->pages.len, layout_begin(L, SR_SECT)};
	layout_title_page(L, s, b, p, u);
	return m;
}

size_t layout_unit_end(struct layout *L, const struct unit *u, const struct unit_mark *m)
{
	layout_end(L, m->sect);
	if (layout_page_count(L) == m->start) {
		L->pages.len = m->titled; /* nothing to print (pending): no title page either */
		return (size_t)-1;
	}
	layout_outline(L, u->toc, 1, m->start);
	layout_flush(L);
	layout_range(L, u->id, m->start, layout_page_count(L));
	return m->start;
}

static void lay_part(struct layout *L, struct tx_engine *e, const struct style *s,
		     const struct book *bk, const struct part *part)
{
	size_t first = layout_page_count(L);
	L->cur_part = part->id;
	L->cur_unit = NULL;
	place_toc(L, part, first);
	layout_outline(L, part->title, 0, first);
	struct node *pn = layout_begin(L, SR_PART);
	layout_title_page(L, s, bk, part, NULL);
	if (part->nunits) {
		layout_divider(L, s, part);
		layout_flush(L);
	}
	for (size_t j = 0; j < part->npages; j++) {
		const struct page_entry *pe = &part->pages[j];
		if (!pe->prose)
			continue;
		size_t start = layout_page_count(L);
		struct node *sect = layout_begin(L, SR_SECT);
		layout_prose(L, e, s, pe->prose);
		layout_end(L, sect);
		place_toc(L, pe->prose, start);
		if (pe->toc)
			layout_outline(L, pe->toc, 1, start);
		layout_flush(L);
	}
	if (part->goals) {
		size_t start = layout_page_count(L);
		struct node *sect = layout_begin(L, SR_SECT);
		layout_prose(L, e, s, part->goals);
		layout_end(L, sect);
		place_toc(L, part->goals, start);
		layout_outline(L, s->goals_label, 1, start);
		layout_flush(L);
	}
	for (size_t j = 0; j < part->nunits; j++) {
		const struct unit *u = &part->units[j];
		struct unit_mark m = layout_unit_begin(L, s, bk, part, u);
		if (u->intro)
			layout_prose(L, e, s, u->intro);
		layout_table(L, e, s, bk, part, u, NULL);
		size_t start = layout_unit_end(L, u, &m);
		if (start != (size_t)-1)
			place_toc(L, u, start);
	}
	layout_range(L, part->id, first, layout_page_count(L));
	layout_end(L, pn);
	L->cur_part = L->cur_unit = NULL;
}

/* The pages kept for the contents, the parts, then the contents drawn onto the kept pages
 * (pending, for the fill). Returns the book index after the last page. */
static size_t lay_contents_and_parts(struct layout *L, struct tx_engine *e, const struct style *s,
				     const struct book *bk)
{
	L->toc_count = layout_toc(L, e, s, bk, true);
	L->toc_first = layout_page_count(L);
	/* the contents' element goes here, before the parts; it is filled at the end */
	L->toc_node = layout_node(L, L->root, SR_SECT);
	layout_outline(L, s->contents_label, 0, L->toc_first);
	for (size_t i = 0; i < L->toc_count; i++)
		layout_new_page(L, s->prose_page.width, s->prose_page.height, "contents", NULL)
			->drawn_later = true;
	layout_flush(L);
	for (size_t i = 0; i < bk->nparts; i++)
		lay_part(L, e, s, bk, &bk->parts[i]);
	/* now the contents, with the pages as they came out, onto the pages kept for them */
	size_t end = L->first_page;
	L->first_page = L->toc_first;
	layout_toc(L, e, s, bk, false);
	number_pages(L);
	return end;
}

bool layout_book(struct arena *keep, struct diag *d, struct tx_engine *e, const struct style *s,
		 const struct book *bk, struct layout *L, layout_sink sink, layout_sink fill,
		 void *sink_ctx, const struct selection *select)
{
	memset(L, 0, sizeof *L);
	L->d = d;
	L->a = &L->pages_arena;
	L->laid.a = L->a;
	L->keep = keep;
	L->sink = sink;
	L->fill = fill;
	L->sink_ctx = sink_ctx;
	L->style = s;
	L->e = e;
	L->renumber_base = -1;
	if (select)
		L->select = *select;
	L->title = bk->title;
	L->author = bk->author;
	L->subject = bk->subject;
	L->keywords = bk->keywords;
	L->root = L->cur = layout_node(L, NULL, SR_DOCUMENT);
	if (L->select.booklet) { /* the measurement booklet: its own order, no contents */
		layout_booklet(L, e, s, bk);
		layout_flush(L);
		forget_pages(L);
		return true;
	}
	collect_toc(L, s, bk);
	/* the cover, the planning calendar, then pages kept for the contents: their numbers
	 * are known only at the end */
	layout_cover(L, s, bk);
	if (bk->calendar.present) { /* a book whose book.yaml has no calendar: prints none */
		layout_outline(L, arena_printf(L->keep, "%s %d", s->calendar_label, bk->year), 0,
			       layout_page_count(L));
		layout_calendar(L, s, bk);
	}
	layout_flush(L);
	size_t end = L->first_page;
	if (!L->select.calendar) /* printed alone, the calendar needs nothing after it */
		end = lay_contents_and_parts(L, e, s, bk);
	if (L->fill)
		L->fill(L, L->sink_ctx);
	forget_pages(L);
	L->first_page = end;
	return true;
}
