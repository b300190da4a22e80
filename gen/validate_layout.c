/* validate_layout.c — the values of a layout file checked against each other and the page,
 * once they are read. Without these checks a font size of 0 reaches the PDF library and
 * comes back as an error with no line, margins wider than the page pass, and a padding
 * wider than its column makes a book of hundreds of pages. Each problem is reported at the
 * line of the value to change, and the layout is refused: no book is written. Only values
 * written in the file are checked alone; the defaults are sane by construction. */
#include "style.h"

#include <string.h>

#include "model.h"
#include "read_yaml.h"

#define MM (72.0 / 25.4)
#define FONT_MIN 4.0      /* pt: smaller cannot be read on paper */
#define FONT_MAX 200.0    /* pt: a few letters would fill a line of the page */
#define LEADING_MIN 0.5   /* times the font size: lines would overlap below */
#define LEADING_MAX 5.0
#define TEXT_MIN (50 * MM) /* the least width and height of the text of a page */
#define LINE_MAX 10.0     /* pt: the thickest rule or border */

struct checker {
	struct arena *a;
	struct diag *d;
	const struct ynode *root;
	const struct style *s;
	bool ok;
};

/* The node at a dotted path ("tables.page.margins.left"), or NULL when it is not written. */
static const struct ynode *node_at(const struct ynode *n, const char *path)
{
	char key[64];
	while (n && *path) {
		size_t k = strcspn(path, ".");
		if (k >= sizeof key)
			return NULL;
		memcpy(key, path, k);
		key[k] = '\0';
		n = yaml_get(n, key);
		path += k + (path[k] == '.');
	}
	return n;
}

/* Reports why at the first of paths (NULL-terminated) that the file writes: a problem made
 * of several values is said at the one most likely to be the mistake. */
static void refuse(struct checker *c, const char *const *paths, const char *why)
{
	c->ok = false;
	for (; *paths; paths++) {
		const struct ynode *n = node_at(c->root, *paths);
		if (!n)
			continue;
		const char *key = strrchr(*paths, '.') ? strrchr(*paths, '.') + 1 : *paths;
		const char *what = n->kind == Y_SCALAR ? arena_printf(c->a, "%s: %s", key, n->value)
						       : key;
		diag_report(c->d, D_LAYOUT_VALUE, n->file, n->line, n->col, what, why);
		return;
	}
	diag_report(c->d, D_LAYOUT_VALUE, c->s->path, 0, 0, c->s->path, why);
}

static void refuse_one(struct checker *c, const char *path, const char *why)
{
	refuse(c, (const char *const[]){path, NULL}, why);
}

/* A value written at path must be from lo to hi (v is it as read). */
static void in_range(struct checker *c, const char *path, double v, double lo, double hi,
		     const char *why)
{
	if (node_at(c->root, path) && !(v >= lo && v <= hi))
		refuse_one(c, path, why);
}

static const char *at(struct checker *c, const char *path, const char *key)
{
	return arena_printf(c->a, "%s.%s", path, key);
}

static double text_width(const struct page_geometry *g) { return g->width - g->left - g->right; }
static double text_height(const struct page_geometry *g) { return g->height - g->top - g->bottom; }

static void check_font_size(struct checker *c, const char *path, double size)
{
	in_range(c, path, size, FONT_MIN, FONT_MAX,
		 arena_printf(c->a, _("a font size is %g to %g pt"), FONT_MIN, FONT_MAX));
}

static void check_text_style(struct checker *c, const char *path, const struct text_style *ts)
{
	double h = text_height(&c->s->prose_page), room = (h > TEXT_MIN ? h : TEXT_MIN) / 2;
	check_font_size(c, at(c, path, "size"), ts->size);
	in_range(c, at(c, path, "leading"), ts->leading, LEADING_MIN, LEADING_MAX,
		 arena_printf(c->a, _("the line height is a multiple of the font size, %g to %g "
				      "(1.2 to 1.5 is usual)"), LEADING_MIN, LEADING_MAX));
	const char *space = arena_printf(c->a, _("the space around a paragraph is at most half "
						 "the height of a page's text (%.0f pt)"), room);
	in_range(c, at(c, path, "space-before"), ts->space_before, 0, room, space);
	in_range(c, at(c, path, "space-after"), ts->space_after, 0, room, space);
}

/* Two facing margins, a and b in the order the message gives them, leave room for text
 * between them; refused at the wider of the two (the likelier mistake; a tie goes to b
 * when ties_to_b). The message takes a, b, the room left, the page's extent and the least
 * room, in millimetres. */
static void check_margins(struct checker *c, const char *path, double room, double extent,
			  const char *key_a, double a, const char *key_b, double b, bool ties_to_b,
			  const char *message)
{
	if (room >= TEXT_MIN)
		return;
	bool b_first = ties_to_b ? b >= a : b > a;
	refuse(c,
	       (const char *const[]){at(c, path, b_first ? key_b : key_a),
				     at(c, path, b_first ? key_a : key_b), at(c, path, "size"),
				     at(c, path, "orientation"), path, NULL},
	       arena_printf(c->a, message, a / MM, b / MM, room > 0 ? room / MM : 0, extent / MM,
			    TEXT_MIN / MM));
}

/* The margins leave room for text across and down the page. */
static void check_page(struct checker *c, const char *path, const struct page_geometry *g)
{
	check_margins(c, path, text_width(g), g->width, "margins.right", g->right, "margins.left",
		      g->left, true,
		      _("the right and left margins (%.0f and %.0f mm) leave %.0f mm of the "
			"page's width (%.0f mm) for the text: leave %.0f mm at least"));
	check_margins(c, path, text_height(g), g->height, "margins.top", g->top, "margins.bottom",
		      g->bottom, false,
		      _("the top and bottom margins (%.0f and %.0f mm) leave %.0f mm of the "
			"page's height (%.0f mm) for the text: leave %.0f mm at least"));
}

/* Every column's share is above 0, and the narrowest column keeps room for a letter of its
 * text inside its padding. The columns are those of a plan with one extra column. */
static void check_columns(struct checker *c)
{
	const struct table_style *t = &c->s->table;
	double total = 0;
	int narrowest = 0;
	bool positive = true;
	for (int i = 0; table_column_names[i]; i++) {
		if (!(t->widths[i] > 0)) {
			refuse_one(c, at(c, "tables.widths", table_column_names[i]),
				   _("a column's width is its share of the table's width, above 0"));
			positive = false;
		}
		total += t->widths[i];
		if (t->widths[i] < t->widths[narrowest])
			narrowest = i;
	}
	if (!positive)
		return;
	double w = text_width(&t->page) * t->widths[narrowest] / total;
	double need = 2 * t->padding + t->cell.size;
	if (w >= need)
		return;
	const char *pad = "tables.padding",
		   *width = at(c, "tables.widths", table_column_names[narrowest]);
	/* the padding is the mistake when it would not fit a column half the average width of
	 * twelve; otherwise the column's share is */
	bool padding_wide = need >= text_width(&t->page) / 24;
	refuse(c, (const char *const[]){padding_wide ? pad : width, padding_wide ? width : pad,
					"tables.cell.size", "tables", NULL},
	       arena_printf(c->a,
			    _("the column '%s' is %.1f mm wide on the page, and a padding of %.1f "
			      "mm on each side leaves no room for its text (%.1f mm at least): "
			      "write a smaller padding, or a larger width for the column"),
			    table_column_names[narrowest], w / MM, t->padding / MM, need / MM));
}

static void check_tables(struct checker *c)
{
	const struct table_style *t = &c->s->table;
	int before = c->d->errors;
	check_page(c, "tables.page", &t->page);
	static const char *const styles[] = {"title", "header", "cell", "type"};
	const struct text_style *ts[] = {&t->title, &t->header, &t->cell, &t->type};
	for (int i = 0; i < 4; i++)
		check_text_style(c, at(c, "tables", styles[i]), ts[i]);
	if (c->d->errors > before)
		return; /* the sizes below are measured against the page and the fonts */
	double down = text_height(&t->page), line = t->title.size * t->title.leading;
	if (t->title_height < line || t->title_height > down / 2)
		refuse(c, (const char *const[]){"tables.title-height", "tables.title.size", NULL},
		       arena_printf(c->a,
				    _("the title band holds a line of the title (%.1f mm) and is at "
				      "most half the height of the page's text (%.0f mm)"),
				    line / MM, down / 2 / MM));
	check_columns(c);
	if (c->d->errors == before && 2 * t->padding >= t->title_height)
		refuse_one(c, "tables.padding",
			   arena_printf(c->a, _("the padding, on both sides, is less than the title "
						"band's height (%.1f mm)"), t->title_height / MM));
	in_range(c, "tables.widow-space", t->widow_space, 0, down,
		 arena_printf(c->a, _("it is at most the height of the page's text (%.0f mm)"),
			      down / MM));
	in_range(c, "tables.border-width", t->border_width, 0, LINE_MAX,
		 arena_printf(c->a, _("a line is at most %g pt thick"), LINE_MAX));
}

static void check_measurement(struct checker *c)
{
	static const char *const widths[] = {"result", "status", "explanation", "earlier"};
	const struct measure_style *m = &c->s->measure;
	double down = text_height(&c->s->table.page);
	for (int i = 0; i < 4; i++)
		if (!(m->widths[i] > 0))
			refuse_one(c, at(c, "measurement.widths", widths[i]),
				   _("a column's width is its share of the table's width, above 0"));
	check_font_size(c, "measurement.mark", m->mark);
	const char *height = arena_printf(c->a, _("a height is above 0 and at most the height "
						  "of the page's text (%.0f mm)"), down / MM);
	in_range(c, "measurement.bar-height", m->bar_height, 0.01, down, height);
	in_range(c, "measurement.row-height", m->row_height, 0.01, down, height);
}

static void check_calendar(struct checker *c)
{
	const struct calendar_style *cs = &c->s->calendar;
	check_page(c, "calendar.page", &cs->page);
	check_font_size(c, "calendar.title-size", cs->title_size);
	check_font_size(c, "calendar.text-size", cs->text_size);
	check_font_size(c, "calendar.day-size", cs->day_size);
	check_font_size(c, "calendar.label-size", cs->label_size);
}

/* The prose page: its text styles, list indents, letterhead, page number and rules. */
static void check_prose(struct checker *c)
{
	const struct style *s = c->s;
	for (int i = 0; i < ST__COUNT; i++)
		check_text_style(c, at(c, "text", style_names[i]), &s->text[i]);
	double across = text_width(&s->prose_page);
	if (across >= TEXT_MIN &&
	    3 * s->list_indent + s->marker_gap + s->quote_indent > across - TEXT_MIN / 2)
		refuse(c, (const char *const[]){"lists.indent", "lists.quote-indent", "lists.marker-gap",
						NULL},
		       arena_printf(c->a, _("three levels of a list, with a quotation, leave %.0f mm "
					    "at least of the page's text width (%.0f mm) for the "
					    "text"), TEXT_MIN / 2 / MM, across / MM));
	double lowest = s->prose_page.height;
	if (s->table.page.height < lowest)
		lowest = s->table.page.height;
	if (s->calendar.page.height < lowest)
		lowest = s->calendar.page.height;
	const char *inside = arena_printf(c->a, _("it is inside the page: above 0 and less than "
						  "the page's height (%.0f mm)"), lowest / MM);
	in_range(c, "folio.bottom", s->folio_bottom, 0.01, lowest - 0.01, inside);
	in_range(c, "letter.letterhead-top", s->letterhead_top, 0.01, s->prose_page.height - 0.01,
		 inside);
	in_range(c, "rules.width", s->rule_width, 0, LINE_MAX,
		 arena_printf(c->a, _("a line is at most %g pt thick"), LINE_MAX));
}

bool style_check(struct arena *a, struct diag *d, const struct ynode *root,
		 const struct style *s)
{
	struct checker c = {a, d, root, s, true};
	check_page(&c, "pages.prose", &s->prose_page);
	check_prose(&c);
	check_tables(&c);
	check_measurement(&c);
	check_calendar(&c);
	return c.ok;
}

/* The pattern the tables take for a name the layout does not have: as layout_table.c
 * chooses it, the first of tables: titles:. */
static void check_title(struct arena *a, struct diag *d, const struct style *s, const char *name,
			const struct source *at)
{
	const struct table_style *t = &s->table;
	if (!name)
		return;
	for (int i = 0; i < t->ntitles; i++)
		if (!strcmp(t->titles[i].name, name))
			return;
	struct buf names = {0};
	for (int i = 0; i < t->ntitles; i++)
		buf_printf(&names, "%s'%s'", i ? ", " : "", t->titles[i].name);
	diag_at(d, D_TITLE_PATTERN, at, name, arena_strdup(a, buf_cstr(&names)), t->titles[0].name);
	buf_free(&names);
}

void style_check_titles(struct arena *a, struct diag *d, const struct style *s,
			const struct book *b)
{
	check_title(a, d, s, b->title_pattern, &b->title_pattern_at);
	for (size_t i = 0; i < b->nparts; i++) {
		const struct part *p = &b->parts[i];
		check_title(a, d, s, p->title_pattern, &p->title_pattern_at);
		for (size_t k = 0; k < p->nunits; k++)
			check_title(a, d, s, p->units[k].title_pattern, &p->units[k].title_pattern_at);
	}
}
