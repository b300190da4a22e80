/* layout_dump.c — a text form of the laid-out book, one line per page and per box, for
 * people and for tests that check layout without looking at pixels. */
#include "layout.h"

static void dump_text(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

void layout_dump_pages(struct layout *L, void *ctx)
{
	FILE *out = ctx;
	for (size_t i = 0; i < L->pages.len; i++) {
		const struct page *pg = &VEC_AT(&L->pages, struct page, i);
		if (!layout_selected(L, pg))
			continue;
		if (pg->extra)
			fprintf(out, "page - %s %.2fx%.2f folio=0 source=-\n", pg->kind, pg->width,
				pg->height);
		else
			fprintf(out, "page %zu %s %.2fx%.2f folio=%d source=%s\n", pg->index + 1, pg->kind, pg->width,
			pg->height, pg->folio, pg->source ? pg->source : "-");
		for (size_t k = 0; k < pg->boxes.len; k++) {
			const struct box *b = &VEC_AT(&pg->boxes, struct box, k);
			static const char *const kinds[] = {"text", "rect", "rule", "link", "image"};
			fprintf(out, "  %s %s x=%.2f y=%.2f w=%.2f h=%.2f", kinds[b->kind], b->role,
				b->x, b->y, b->w, b->h);
			if (b->kind == BOX_TEXT && b->line) {
				const struct tx_line *l = b->line;
				double left = l->nseg ? l->segs[0].x : 0, right = left;
				for (size_t s = 0; s < l->nseg; s++) {
					if (l->segs[s].x < left)
						left = l->segs[s].x;
					if (l->segs[s].x + l->segs[s].width > right)
						right = l->segs[s].x + l->segs[s].width;
				}
				fprintf(out, " base=%.2f ink=%.2f..%.2f segs=%zu ", b->baseline,
					b->x + left, b->x + right, l->nseg);
				dump_text(out, l->text ? l->text : "");
			}
			if (b->kind == BOX_LINK)
				fprintf(out, " to=%zu", b->target + 1);
			fputc('\n', out);
		}
	}
}

void layout_dump_outline(const struct layout *L, FILE *out)
{
	for (size_t i = 0; i < L->outline.len; i++) {
		const struct outline_entry *o = &VEC_AT(&L->outline, struct outline_entry, i);
		fprintf(out, "outline %d page=%zu ", o->level, o->page + 1);
		dump_text(out, o->title);
		fputc('\n', out);
	}
}
