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
	return pg;
}

struct box *layout_add_box(struct layout *L, struct page *pg, enum box_kind kind,
			   const char *role)
{
	struct box *b = vec_push(L->a, &pg->boxes, sizeof *b);
	b->kind = kind;
	b->role = role;
	return b;
}

static void add_outline(struct layout *L, const char *title, int level, size_t page)
{
	struct outline_entry *o = vec_push(L->keep, &L->outline, sizeof *o);
	o->title = title;
	o->level = level;
	o->page = page;
}

size_t layout_page_count(const struct layout *L) { return L->first_page + L->pages.len; }

/* Page numbers on every page, centred at the foot. */
static void add_folios(struct layout *L, struct tx_engine *e, const struct style *s)
{
	const struct text_style *ts = &s->text[ST_FOLIO];
	struct tx_style st = style_span(s, ts, 0);
	for (size_t i = 0; i < L->pages.len; i++) {
		struct page *pg = &VEC_AT(&L->pages, struct page, i);
		pg->folio = (int)(L->first_page + i) + 1;
		char num[16];
		snprintf(num, sizeof num, "%d", pg->folio);
		struct tx_para *p = tx_para_new();
		tx_para_add(p, num, strlen(num), &st);
		struct tx_lines lines = tx_layout(e, L->a, p, pg->width, TX_CENTER, true);
		tx_para_free(p);
		struct box *b = layout_add_box(L, pg, BOX_TEXT, "folio");
		b->line = &lines.lines[0];
		b->x = 0;
		b->w = pg->width;
		b->baseline = pg->height - s->folio_bottom;
		b->y = b->baseline - b->line->ascent;
		b->h = b->line->ascent + b->line->descent;
	}
}

void layout_flush(struct layout *L)
{
	if (!L->pages.len)
		return;
	add_folios(L, L->e, L->style);
	if (L->sink)
		L->sink(L, L->sink_ctx);
	L->first_page += L->pages.len;
	L->pages = (struct vec){0};
	arena_free(&L->pages_arena);
}

bool layout_book(struct arena *keep, struct diag *d, struct tx_engine *e, const struct style *s,
		 const struct book *bk, struct layout *L, layout_sink sink, void *sink_ctx)
{
	(void)d;
	memset(L, 0, sizeof *L);
	L->a = &L->pages_arena;
	L->keep = keep;
	L->sink = sink;
	L->sink_ctx = sink_ctx;
	L->style = s;
	L->e = e;
	L->title = bk->title;
	L->author = bk->author;
	L->subject = bk->subject;
	L->keywords = bk->keywords;
	for (size_t i = 0; i < bk->nparts; i++) {
		const struct part *part = &bk->parts[i];
		size_t first = layout_page_count(L);
		bool part_marked = false;
		for (size_t j = 0; j < part->npages; j++) {
			const struct page_entry *pe = &part->pages[j];
			if (!pe->prose)
				continue;
			size_t start = layout_page_count(L);
			layout_prose(L, e, s, pe->prose);
			if (!part_marked) {
				add_outline(L, part->title, 0, first);
				part_marked = true;
			}
			if (pe->toc)
				add_outline(L, pe->toc, 1, start);
			layout_flush(L);
		}
		if (part->goals) {
			size_t start = layout_page_count(L);
			layout_prose(L, e, s, part->goals);
			if (!part_marked) {
				add_outline(L, part->title, 0, first);
				part_marked = true;
			}
			add_outline(L, s->goals_label, 1, start);
			layout_flush(L);
		}
		for (size_t j = 0; j < part->nunits; j++) {
			const struct unit *u = &part->units[j];
			size_t start = layout_page_count(L);
			if (u->intro)
				layout_prose(L, e, s, u->intro);
			layout_table(L, e, s, bk, part, u);
			if (layout_page_count(L) == start)
				continue;
			if (!part_marked) {
				add_outline(L, part->title, 0, first);
				part_marked = true;
			}
			add_outline(L, u->toc, 1, start);
			layout_flush(L);
		}
	}
	layout_flush(L);
	return true;
}
