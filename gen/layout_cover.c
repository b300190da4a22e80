/* layout_cover.c — pages of one or a few large lines: the cover, an administration's
 * divider, and the title page of a section printed alone (--unit, --section, --split). */
#include "layout.h"

#include <stdio.h>
#include <string.h>

/* Lays out one line or paragraph of text centred in [x, x + w] at baseline-top y; returns
 * the y below it. */
static double centred(struct layout *L, const struct style *s, struct page *pg,
		      const struct text_style *ts, const char *text, double x, double w, double y,
		      enum tx_align align, const char *role)
{
	struct tx_style st = style_span(s, ts, 0);
	struct tx_lines l = layout_text_lines(L, &st, text, w, align);
	for (size_t i = 0; i < l.n; i++) {
		double step = l.lines[i].size * ts->leading;
		struct box *b = layout_add_box(L, pg, BOX_TEXT, role);
		b->line = &l.lines[i];
		b->x = x;
		b->w = w;
		b->y = y;
		b->h = step;
		b->baseline = y + l.lines[i].ascent;
		y += step;
	}
	return y;
}

/* centred() as the content of a new element of the given role, inside the current one. */
static double centred_as(struct layout *L, enum struct_role role, const struct style *s,
			 struct page *pg, const struct text_style *ts, const char *text, double x,
			 double w, double y, enum tx_align align, const char *box_role)
{
	struct node *n = layout_begin(L, role);
	y = centred(L, s, pg, ts, text, x, w, y, align, box_role);
	layout_end(L, n);
	return y;
}

static void band(struct layout *L, struct page *pg, double y, double h, uint32_t color)
{
	struct box *b = layout_add_box(L, pg, BOX_RECT, "band");
	b->x = 0;
	b->y = y;
	b->w = pg->width;
	b->h = h;
	b->filled = true;
	b->fill = color;
}

/* The logo above y, then the organisation and the issuer from y, as the cover has them;
 * returns the y below them. */
static double letterhead(struct layout *L, const struct style *s, const struct book *b,
			 struct page *pg, double y)
{
	const struct page_geometry *g = &s->prose_page;
	double w = g->width - g->left - g->right;
	if (b->cover_logo) {
		struct node *fig = layout_begin(L, SR_FIGURE);
		fig->alt = b->organisation ? arena_printf(L->keep, "סמל %s", b->organisation) : "סמל";
		struct box *img = layout_add_box(L, pg, BOX_IMAGE, "logo");
		img->image = b->cover_logo;
		img->w = img->h = 40 * 72 / 25.4;
		img->x = (g->width - img->w) / 2;
		img->y = y - img->h - 10;
		layout_end(L, fig);
	}
	if (b->organisation)
		y = centred_as(L, SR_P, s, pg, &s->text[ST_COVER_ORG], b->organisation, g->left, w,
			       y, TX_CENTER, "cover-organisation");
	if (b->issuer)
		y = centred_as(L, SR_P, s, pg, &s->text[ST_COVER_ORG], b->issuer, g->left, w, y + 4,
			       TX_CENTER, "cover-issuer");
	return y;
}

void layout_cover(struct layout *L, const struct style *s, const struct book *b)
{
	const struct page_geometry *g = &s->prose_page;
	struct page *pg = layout_new_page(L, g->width, g->height, "cover", L->title);
	pg->no_folio = true;
	double w = g->width - g->left - g->right;
	const struct text_style *date = &s->text[ST_DATE];
	/* read in this order: the logo, the organisation and issuer, the title, the dates */
	struct node *cover = layout_begin(L, SR_SECT);
	double y = letterhead(L, s, b, pg, g->height * 0.22);
	y = g->height * 0.42;
	band(L, pg, y - 18, 36 + s->text[ST_COVER_TITLE].size * s->text[ST_COVER_TITLE].leading *
				     (double)(b->ncover_title ? b->ncover_title : 1),
	     s->rule_color);
	struct node *title = layout_begin(L, SR_H1);
	for (size_t i = 0; i < b->ncover_title; i++) {
		y = centred(L, s, pg, &s->text[ST_COVER_TITLE], b->cover_title[i], g->left, w, y,
			    TX_CENTER, "cover-title");
		/* the title's parts read as one heading */
		if (pg->boxes.len)
			VEC_AT(&pg->boxes, struct box, pg->boxes.len - 1).space_after = true;
	}
	if (!b->ncover_title && L->title)
		centred(L, s, pg, &s->text[ST_COVER_TITLE], L->title, g->left, w, y, TX_CENTER,
			"cover-title");
	layout_end(L, title);
	/* the Hebrew date at the top right, the civil one at the top left */
	if (b->cover_hebrew_date)
		centred_as(L, SR_P, s, pg, date, b->cover_hebrew_date, g->left, w, g->top, TX_RIGHT,
			   "cover-date");
	if (b->cover_date)
		centred_as(L, SR_P, s, pg, date, b->cover_date, g->left, w, g->top, TX_LEFT,
			   "cover-date");
	layout_end(L, cover);
}

void layout_divider(struct layout *L, const struct style *s, const struct part *p)
{
	const struct page_geometry *g = &s->prose_page;
	struct page *pg = layout_new_page(L, g->width, g->height, "divider", NULL);
	double w = g->width - g->left - g->right;
	double y = g->height * 0.40;
	band(L, pg, y - 24, 48 + s->text[ST_COVER_TITLE].size * s->text[ST_COVER_TITLE].leading,
	     s->rule_color);
	centred_as(L, SR_H1, s, pg, &s->text[ST_COVER_TITLE], p->title, g->left, w, y, TX_CENTER,
		   "divider-title");
}

/* A unit's name as planbook list gives it: its contents entry, or, when it shares that
 * entry with the unit before or after it, its own name. */
static const char *unit_label(const struct part *p, const struct unit *u)
{
	size_t k = (size_t)(u - p->units);
	bool shared = (k > 0 && !strcmp(p->units[k - 1].toc, u->toc)) ||
		      (k + 1 < p->nunits && !strcmp(p->units[k + 1].toc, u->toc));
	return shared && u->name ? u->name : u->toc;
}

/* Whether text holds the year as a number of its own (not inside a longer one). */
static bool names_year(const char *text, int year)
{
	char digits[16];
	int n = snprintf(digits, sizeof digits, "%d", year);
	for (const char *at = text; (at = strstr(at, digits)) != NULL; at++) {
		bool before = at > text && at[-1] >= '0' && at[-1] <= '9';
		bool after = at[n] >= '0' && at[n] <= '9';
		if (!before && !after)
			return true;
	}
	return false;
}

void layout_title_page(struct layout *L, const struct style *s, const struct book *b,
		       const struct part *p, const struct unit *u)
{
	const struct page_geometry *g = &s->prose_page;
	struct page *pg = layout_new_page(L, g->width, g->height, "section-title", NULL);
	pg->extra = true;
	pg->no_folio = true;
	double w = g->width - g->left - g->right;
	const struct text_style *org = &s->text[ST_COVER_ORG], *big = &s->text[ST_COVER_TITLE];
	/* read in this order: the organisation, the book (or booklet) and its year, then what
	 * the file holds: the administration, and the unit */
	struct node *sect = layout_begin(L, SR_SECT);
	double y = letterhead(L, s, b, pg, g->height * 0.22);
	const char *title = L->title ? L->title : b->title;
	y = g->height * 0.36 > y + 24 ? g->height * 0.36 : y + 24;
	if (title)
		y = centred_as(L, SR_P, s, pg, org, title, g->left, w, y, TX_CENTER, "title-book");
	/* the year, unless the title says it already ("... לשנת 2020") */
	if (b->year && (!title || !names_year(title, b->year)))
		y = centred_as(L, SR_P, s, pg, org, arena_printf(L->a, "%d", b->year), g->left, w,
			       y + 4, TX_CENTER, "title-year");
	y = g->height * 0.52 > y + 48 ? g->height * 0.52 : y + 48;
	if (u)
		y = centred_as(L, SR_P, s, pg, org, p->title, g->left, w, y, TX_CENTER,
			       "title-administration") + 24;
	const char *name = u ? unit_label(p, u) : p->title;
	struct tx_style st = style_span(s, big, 0);
	size_t lines = layout_text_lines(L, &st, name, w, TX_CENTER).n;
	band(L, pg, y, 48 + big->size * big->leading * (double)(lines ? lines : 1), s->rule_color);
	centred_as(L, SR_H1, s, pg, big, name, g->left, w, y + 24, TX_CENTER,
		   u ? "title-unit" : "title-administration");
	layout_end(L, sect);
}
