/* read_layout.c — reads a layout file such as layouts/book.yaml into struct style. */
#include "style.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "read_yaml.h"

const char *const style_names[ST__COUNT + 1] = {
	[ST_BODY] = "body",           [ST_TITLE] = "title",       [ST_HEADING2] = "heading2",
	[ST_HEADING3] = "heading3",   [ST_LETTERHEAD] = "letterhead", [ST_DATE] = "date",
	[ST_REFERENCE] = "reference", [ST_TO] = "to",             [ST_SUBJECT] = "subject",
	[ST_CLOSING] = "closing",     [ST_SIGNER] = "signer",     [ST_ROLE] = "role",
	[ST_FOLIO] = "folio",          [ST_COVER_ORG] = "cover-organisation",
	[ST_COVER_TITLE] = "cover-title", [ST_TOC_PART] = "contents-part",
	[ST_TOC_GROUP] = "contents-group", [ST_TOC_ENTRY] = "contents-entry",
	[ST_RUNNING_HEAD] = "running-head",
};

#define MM (72.0 / 25.4)

const char *const table_column_names[TC__COUNT + 1] = {
	"topic", "vision", "policy", "account", "tabar", "budget",
	"goal",  "type",   "metric", "extra",   "value", "notes", NULL,
};

struct ctx {
	struct arena *a;
	struct diag *d;
	struct tx_engine *e;
	const char *dir;
	const char *fonts_dir; /* planbook's own fonts, where a face the layout names is not */
	struct style *s;
};

/* The value of hex digits only, or -1. */
static long hex_value(const char *v, size_t n)
{
	long x = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hex_digit(v[i]);
		if (d < 0)
			return -1;
		x = x * 16 + d;
	}
	return x;
}

/* "#RRGGBB" in node n (a map's value or a list's item); "#RGB" too, as a designer writes it
 * in CSS (each digit doubled). */
static bool parse_color(struct ctx *c, const struct ynode *n, uint32_t *out)
{
	if (n->kind == Y_SCALAR && n->commented)
		return false; /* '#RRGGBB' without quotes, reported where it was read */
	const char *v = n->kind == Y_SCALAR ? n->value : "";
	size_t len = strlen(v);
	long rgb = v[0] == '#' && (len == 7 || len == 4) ? hex_value(v + 1, len - 1) : -1;
	if (rgb < 0) {
		diag_report(c->d, D_VALUE_BAD, n->file, n->line, n->col, v, _("colour (write #RRGGBB)"));
		return false;
	}
	if (len == 4)
		rgb = (rgb >> 8) * 0x110000 + (rgb >> 4 & 0xF) * 0x1100 + (rgb & 0xF) * 0x11;
	*out = (uint32_t)rgb;
	return true;
}

static bool read_color(struct ctx *c, const struct ynode *map, const char *key, uint32_t *out)
{
	const char *v = NULL;
	if (!yaml_str(c->d, map, key, false, &v))
		return false;
	return !v || parse_color(c, yaml_get(map, key), out);
}

static bool read_length(struct ctx *c, const struct ynode *map, const char *key, double unit,
			double *out)
{
	double v = *out / unit;
	if (!yaml_num(c->d, map, key, false, &v))
		return false;
	if (v < 0 || v > 2000) {
		struct ynode *n = yaml_get(map, key);
		diag_report(c->d, D_VALUE_BAD, n->file, n->line, n->col, n->value, _("length"));
		return false;
	}
	*out = v * unit;
	return true;
}

static bool read_align(struct ctx *c, const struct ynode *map, enum tx_align *out)
{
	static const char *const names[] = {"right", "left", "center", "justify"};
	const char *v = NULL;
	if (!yaml_str(c->d, map, "align", false, &v))
		return false;
	if (!v)
		return true;
	for (int i = 0; i < 4; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = (enum tx_align)i;
			return true;
		}
	struct ynode *n = yaml_get(map, "align");
	diag_report(c->d, D_VALUE_BAD, n->file, n->line, n->col, v,
		    _("alignment (right, left, center or justify)"));
	return false;
}

static bool read_bool(struct ctx *c, const struct ynode *map, const char *key, bool *out)
{
	const char *v = NULL;
	if (!yaml_str(c->d, map, key, false, &v))
		return false;
	if (!v)
		return true;
	if (!strcmp(v, "true") || !strcmp(v, "yes")) {
		*out = true;
	} else if (!strcmp(v, "false") || !strcmp(v, "no")) {
		*out = false;
	} else {
		struct ynode *n = yaml_get(map, key);
		diag_report(c->d, D_VALUE_BAD, n->file, n->line, n->col, v, _("yes/no value"));
		return false;
	}
	return true;
}

/* The face a layout names (node n: its file name), f being 0–3 (regular, bold, italic, bold
 * italic): the file beside the layout file; else the file of that name in planbook's fonts
 * folder, so that a layout copied to another folder still finds the fonts it names
 * (../fonts/…); else, with a warning, planbook's own face of that kind, so that the book is
 * still printed. -1 after an error when none can be used. */
static int load_face(struct ctx *c, const struct ynode *n, int f)
{
	static const char *const shipped[] = {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
					      "LiberationSans-Italic.ttf",
					      "LiberationSans-BoldItalic.ttf"};
	const char *path = path_join(c->a, c->dir, n->value);
	const char *name = strrchr(n->value, '/') ? strrchr(n->value, '/') + 1 : n->value;
	int face = tx_font_load(c->e, path);
	if (face < 0 && !file_exists(path) && c->fonts_dir)
		face = tx_font_load(c->e, path_join(c->a, c->fonts_dir, name));
	if (face < 0 && c->fonts_dir) {
		const char *instead = path_join(c->a, c->fonts_dir, shipped[f]);
		face = tx_font_load(c->e, instead);
		if (face >= 0)
			diag_report(c->d, D_FONT_FALLBACK, n->file, n->line, n->col, path, instead);
	}
	if (face < 0)
		diag_report(c->d, D_FONT_LOAD, n->file, n->line, n->col, path);
	return face;
}

static bool read_fonts(struct ctx *c, const struct ynode *fonts)
{
	static const char *const faces[] = {"regular", "bold", "italic", "bold-italic", NULL};
	if (!fonts || fonts->kind != Y_MAP) {
		diag_report(c->d, D_KEY_MISSING, c->s->path, 0, 0, "fonts");
		return false;
	}
	for (size_t i = 0; i < fonts->len && c->s->nfamilies < 8; i++) {
		struct ynode *k = fonts->items[2 * i], *v = fonts->items[2 * i + 1];
		struct font_family *fam = &c->s->families[c->s->nfamilies++];
		fam->name = k->value;
		yaml_check_keys(c->d, v, faces);
		for (int f = 0; f < 4; f++) {
			const char *file = NULL;
			if (!yaml_str(c->d, v, faces[f], f == 0, &file))
				return false;
			if (!file) {
				fam->face[f] = fam->face[f & 1 ? 1 : 0]; /* italic falls back */
				if (f == 3)
					fam->face[3] = fam->face[1];
				continue;
			}
			fam->face[f] = load_face(c, yaml_get(v, faces[f]), f);
			if (fam->face[f] < 0)
				return false;
		}
	}
	return true;
}

static bool read_text_style(struct ctx *c, const struct ynode *n, struct text_style *ts)
{
	static const char *const keys[] = {"font", "bold", "italic", "size", "leading",
					   "space-before", "space-after", "color", "align", NULL};
	yaml_check_keys(c->d, n, keys);
	const char *fam = NULL;
	if (!yaml_str(c->d, n, "font", false, &fam))
		return false;
	if (fam) {
		int found = -1;
		for (int i = 0; i < c->s->nfamilies; i++)
			if (strcmp(c->s->families[i].name, fam) == 0)
				found = i;
		if (found < 0) {
			struct ynode *f = yaml_get(n, "font");
			diag_report(c->d, D_VALUE_BAD, f->file, f->line, f->col, fam,
				    _("font name (it must be listed under 'fonts')"));
			return false;
		}
		ts->family = found;
	}
	return read_bool(c, n, "bold", &ts->bold) && read_bool(c, n, "italic", &ts->italic) &&
	       read_length(c, n, "size", 1, &ts->size) && yaml_num(c->d, n, "leading", false, &ts->leading) &&
	       read_length(c, n, "space-before", 1, &ts->space_before) &&
	       read_length(c, n, "space-after", 1, &ts->space_after) &&
	       read_color(c, n, "color", &ts->color) && read_align(c, n, &ts->align);
}

static bool read_page(struct ctx *c, const struct ynode *n, struct page_geometry *g)
{
	static const char *const keys[] = {"size", "orientation", "margins", NULL};
	static const char *const margin_keys[] = {"top", "bottom", "right", "left", NULL};
	if (!n)
		return true;
	yaml_check_keys(c->d, n, keys);
	const char *size = NULL, *orient = NULL;
	if (!yaml_str(c->d, n, "size", false, &size) ||
	    !yaml_str(c->d, n, "orientation", false, &orient))
		return false;
	if (size) {
		if (!strcmp(size, "A4"))
			g->width = 210 * MM, g->height = 297 * MM;
		else if (!strcmp(size, "A3"))
			g->width = 297 * MM, g->height = 420 * MM;
		else {
			struct ynode *s = yaml_get(n, "size");
			diag_report(c->d, D_VALUE_BAD, s->file, s->line, s->col, size,
				    _("page size (A4 or A3)"));
			return false;
		}
	}
	if (orient) {
		bool landscape = !strcmp(orient, "landscape");
		if (!landscape && strcmp(orient, "portrait")) {
			struct ynode *o = yaml_get(n, "orientation");
			diag_report(c->d, D_VALUE_BAD, o->file, o->line, o->col, orient,
				    _("orientation (portrait or landscape)"));
			return false;
		}
		if (landscape == (g->width < g->height)) {
			double t = g->width;
			g->width = g->height;
			g->height = t;
		}
	}
	struct ynode *m = yaml_get(n, "margins");
	yaml_check_keys(c->d, m, margin_keys);
	return read_length(c, m, "top", MM, &g->top) && read_length(c, m, "bottom", MM, &g->bottom) &&
	       read_length(c, m, "right", MM, &g->right) && read_length(c, m, "left", MM, &g->left);
}

static void measure_defaults(struct measure_style *m);

static void set_defaults(struct style *s)
{
	struct text_style body = {.size = 11, .leading = 1.4, .space_after = 6, .align = TX_JUSTIFY};
	for (int i = 0; i < ST__COUNT; i++)
		s->text[i] = body;
	s->prose_page = (struct page_geometry){210 * MM, 297 * MM, 25 * MM, 25 * MM, 22 * MM, 22 * MM};
	s->list_indent = 7 * MM;
	s->marker_gap = 2 * MM;
	s->bullets[0] = "•";
	s->bullets[1] = "–";
	s->bullets[2] = "◦";
	s->quote_indent = 10 * MM;
	s->subject_label = "הנדון:";
	s->folio_bottom = 12 * MM;
	s->letterhead_top = 15 * MM;
	s->rule_color = 0x808080;
	s->rule_width = 0.5;
	s->synthetic_inline_bold = true;
	s->goals_label = "מטרות המינהל ויעדיו";
	s->contents_label = "תוכן העניינים";
	s->page_label = "עמוד";
	s->calendar_label = "לוח התכנון והמדידה העירוניים";
	s->calendar_legend_label = "מקרא:";
	struct table_style *t = &s->table;
	t->page = (struct page_geometry){297 * MM, 210 * MM, 12 * MM, 14 * MM, 10 * MM, 10 * MM};
	t->title = t->header = t->cell = t->type = s->text[ST_BODY];
	t->title.size = 12, t->title.bold = true, t->title.align = TX_CENTER;
	t->header.size = 8, t->header.bold = true, t->header.align = TX_CENTER;
	t->cell.size = t->type.size = 7.5;
	t->cell.leading = t->type.leading = t->header.leading = 1.2;
	t->cell.align = TX_RIGHT, t->type.align = TX_CENTER;
	t->title_fill = 0x1F3864, t->header_fill = 0xD9E2F3, t->border = 0x8EA9DB;
	t->continued_color = 0x7F7F7F;
	t->title_height = 9 * MM, t->padding = 1.2 * MM, t->border_width = 0.4;
	t->widow_space = 35 * MM;
	t->continued_label = "(המשך)";
	static const double widths[TC__COUNT] = {8, 10, 11, 6, 4, 6, 14, 5.5, 17, 8, 6.5, 9};
	memcpy(t->widths, widths, sizeof widths);
	t->titles[0] = (struct title_pattern){"default", "{unit} - {year}"};
	struct calendar_style *cs = &s->calendar;
	cs->page = t->page;
	cs->title_size = 14, cs->text_size = 8, cs->day_size = 6.5, cs->label_size = 5;
	cs->grid = 0xBFBFBF, cs->shabbat_fill = 0xEDEDED, cs->holiday_fill = 0xFCE4D6;
	cs->header_fill = 0xD9E2F3, cs->text_color = 0x1A1A1A;
	static const uint32_t colors[] = {0x8EA9DB, 0xF4B183, 0xA9D18E, 0xFFD966, 0xF8CBAD};
	memcpy(cs->colors, colors, sizeof colors);
	cs->ncolors = 5;
	t->ntitles = 1;
	measure_defaults(&s->measure);
}

static bool read_calendar_style(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = {"page", "title-size", "text-size", "day-size",
					   "label-size", "grid", "shabbat", "holiday", "header",
					   "text", "colors", NULL};
	struct calendar_style *cs = &c->s->calendar;
	if (!n)
		return true;
	yaml_check_keys(c->d, n, keys);
	struct ynode *colors = yaml_get(n, "colors");
	if (colors && colors->kind == Y_SEQ) {
		cs->ncolors = 0;
		size_t most = sizeof cs->colors / sizeof cs->colors[0];
		for (size_t i = 0; i < colors->len; i++) {
			const struct ynode *item = colors->items[i];
			if (i == most) { /* not dropped unseen: categories past the list reuse it */
				diag_report(c->d, D_VALUE_BAD, item->file, item->line, item->col,
					    item->kind == Y_SCALAR ? item->value : "",
					    _("colour here (the calendar takes at most 8; the categories "
					    "after the 8th take them again in order)"));
				return false;
			}
			if (!parse_color(c, item, &cs->colors[cs->ncolors++]))
				return false;
		}
	}
	bool ok = read_page(c, yaml_get(n, "page"), &cs->page) &&
	       read_length(c, n, "title-size", 1, &cs->title_size) &&
	       read_length(c, n, "text-size", 1, &cs->text_size) &&
	       read_length(c, n, "day-size", 1, &cs->day_size) &&
	       read_length(c, n, "label-size", 1, &cs->label_size) &&
	       read_color(c, n, "grid", &cs->grid) && read_color(c, n, "shabbat", &cs->shabbat_fill) &&
	       read_color(c, n, "holiday", &cs->holiday_fill) &&
	       read_color(c, n, "header", &cs->header_fill) && read_color(c, n, "text", &cs->text_color);
	if (ok && cs->label_size < 5) {
		/* the smallest text of the page (and the floor of the dates that shrink to fit) */
		const struct ynode *v = yaml_get(n, "label-size");
		diag_report(c->d, D_VALUE_BAD, v->file, v->line, v->col, v->value,
			    _("label-size (5 pt at least, or the printed calendar is hard to read)"));
		return false;
	}
	return ok;
}

static bool read_tables(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = {"page", "title", "title-fill", "title-height", "header",
					   "header-fill", "cell", "type", "padding", "border",
					   "border-width", "continued-color", "continued-label",
					   "widow-space", "widths", "titles", NULL};
	struct table_style *t = &c->s->table;
	if (!n)
		return true;
	yaml_check_keys(c->d, n, keys);
	/* the cell, header, type and title styles start from body, as the others do */
	struct { const char *key; struct text_style *ts; } styles[] = {
		{"title", &t->title}, {"header", &t->header}, {"cell", &t->cell}, {"type", &t->type}};
	for (size_t i = 0; i < 4; i++) {
		struct ynode *sn = yaml_get(n, styles[i].key);
		if (sn && !read_text_style(c, sn, styles[i].ts))
			return false;
	}
	struct ynode *w = yaml_get(n, "widths");
	yaml_check_keys(c->d, w, table_column_names);
	for (int i = 0; table_column_names[i]; i++)
		if (!yaml_num(c->d, w, table_column_names[i], false, &t->widths[i]))
			return false;
	struct ynode *titles = yaml_get(n, "titles");
	if (titles && titles->kind == Y_MAP) {
		t->ntitles = 0;
		for (size_t i = 0; i < titles->len && t->ntitles < 8; i++) {
			struct ynode *k = titles->items[2 * i], *v = titles->items[2 * i + 1];
			if (v->kind != Y_SCALAR) {
				diag_report(c->d, D_YAML_TYPE, v->file, v->line, v->col, k->value,
					    _("a line of text"));
				return false;
			}
			t->titles[t->ntitles++] = (struct title_pattern){k->value, v->value};
		}
	}
	return read_page(c, yaml_get(n, "page"), &t->page) &&
	       read_color(c, n, "title-fill", &t->title_fill) &&
	       read_color(c, n, "header-fill", &t->header_fill) &&
	       read_color(c, n, "border", &t->border) &&
	       read_color(c, n, "continued-color", &t->continued_color) &&
	       read_length(c, n, "title-height", MM, &t->title_height) &&
	       read_length(c, n, "padding", MM, &t->padding) &&
	       read_length(c, n, "border-width", 1, &t->border_width) &&
	       read_length(c, n, "widow-space", MM, &t->widow_space) &&
	       yaml_str(c->d, n, "continued-label", false, &t->continued_label);
}

/* The booklet's defaults: the four traffic-light colours, dark enough for text (contrast
 * with white: 5.6, 5.5, 6.5, 7.0 and 8.6 to 1), each with its own mark so that colour is
 * never the only sign. */
static void measure_defaults(struct measure_style *m)
{
	static const struct status_look looks[MS__COUNT] = {
		{0x1E7B34, SYM_CHECK, NULL}, {0x8A5A00, SYM_HALF, NULL}, {0xB3261E, SYM_CROSS, NULL},
		{0x595959, SYM_DASH, NULL},  {0x3F4E7A, SYM_TEXT, "?"},
	};
	memcpy(m->status, looks, sizeof looks);
	m->not_reported = "לא דווח";
	m->cover = "מדידת תוכניות העבודה";
	m->ceo = "מדדי מנכ\"ל";
	m->city = "סיכום עירוני";
	m->city_total = "העירייה כולה";
	m->by_vision = "סיכום לפי חזון ראש העיר";
	m->by_policy = "סיכום לפי הדגשי מדיניות";
	m->units = "סיכום יחידות";
	m->unreported = "שורות שלא דווחו";
	m->none = "ללא";
	m->lines = "שורות";
	m->percent = "% בוצע";
	m->unit = "יחידה";
	m->row = "שורה";
	m->metric = "מדד";
	m->value = "ערך";
	m->legend = "מקרא:";
	m->all_reported = "כל השורות דווחו.";
	m->administration = "מינהל";
	m->chart_alt = "תרשים הסטטוסים של השורות:";
	static const double widths[4] = {7, 6.5, 12, 6.5};
	memcpy(m->widths, widths, sizeof widths);
	m->mark = 6.5;
	m->bar_height = 4 * MM;
	m->row_height = 5.5 * MM;
	m->total_fill = 0xEDEDED;
}

static const char *const status_keys[MS__COUNT + 1] = {"done", "partly", "not-done", "cancelled",
						       "not-reported", NULL};

static bool read_status_look(struct ctx *c, const struct ynode *n, struct status_look *l)
{
	static const char *const keys[] = {"color", "symbol", NULL};
	static const char *const shapes[] = {"check", "half", "cross", "dash"};
	const char *sym = NULL;
	if (!n)
		return true;
	yaml_check_keys(c->d, n, keys);
	if (!read_color(c, n, "color", &l->color) || !yaml_str(c->d, n, "symbol", false, &sym))
		return false;
	if (!sym)
		return true;
	l->symbol = SYM_TEXT; /* any other text is a glyph of the font */
	l->text = sym;
	for (int i = 0; i < 4; i++)
		if (!strcmp(sym, shapes[i]))
			l->symbol = (enum status_symbol)i;
	return true;
}

static bool read_measure_style(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = {"statuses", "not-reported", "labels", "widths", "mark",
					   "bar-height", "row-height", "total-fill", NULL};
	static const char *const width_keys[] = {"result", "status", "explanation", "earlier", NULL};
	static const char *const label_keys[] = {
		"cover", "ceo", "city", "city-total", "by-vision", "by-policy", "units", "unreported",
		"none", "lines", "percent", "unit", "row", "metric", "value", "legend",
		"all-reported", "administration", "chart", NULL};
	struct measure_style *m = &c->s->measure;
	const char **labels[] = {&m->cover, &m->ceo, &m->city, &m->city_total, &m->by_vision,
				 &m->by_policy, &m->units, &m->unreported, &m->none, &m->lines,
				 &m->percent, &m->unit, &m->row, &m->metric, &m->value,
				 &m->legend, &m->all_reported, &m->administration, &m->chart_alt};
	if (!n)
		return true;
	yaml_check_keys(c->d, n, keys);
	struct ynode *st = yaml_get(n, "statuses"), *ln = yaml_get(n, "labels"),
		     *wn = yaml_get(n, "widths");
	yaml_check_keys(c->d, st, status_keys);
	yaml_check_keys(c->d, ln, label_keys);
	yaml_check_keys(c->d, wn, width_keys);
	for (int i = 0; i < MS__COUNT; i++)
		if (!read_status_look(c, yaml_get(st, status_keys[i]), &m->status[i]))
			return false;
	for (size_t i = 0; label_keys[i]; i++)
		if (!yaml_str(c->d, ln, label_keys[i], false, labels[i]))
			return false;
	for (int i = 0; i < 4; i++)
		if (!yaml_num(c->d, wn, width_keys[i], false, &m->widths[i]))
			return false;
	return yaml_str(c->d, n, "not-reported", false, &m->not_reported) &&
	       read_length(c, n, "mark", 1, &m->mark) &&
	       read_length(c, n, "bar-height", MM, &m->bar_height) &&
	       read_length(c, n, "row-height", MM, &m->row_height) &&
	       read_color(c, n, "total-fill", &m->total_fill);
}

/* The words the book prints that come from no input file, and the letter's, folio's and
 * rules' settings. */
static bool read_labels(struct ctx *c, const struct ynode *root)
{
	struct diag *d = c->d;
	struct style *s = c->s;
	struct ynode *labels = yaml_get(root, "labels"), *letter = yaml_get(root, "letter"),
		     *folio = yaml_get(root, "folio"), *rules = yaml_get(root, "rules");
	static const char *const label_keys[] = {"goals", "contents", "calendar", "legend", "page", NULL};
	yaml_check_keys(d, labels, label_keys);
	return yaml_str(d, labels, "goals", false, &s->goals_label) &&
	       yaml_str(d, labels, "contents", false, &s->contents_label) &&
	       yaml_str(d, labels, "page", false, &s->page_label) &&
	       yaml_str(d, labels, "calendar", false, &s->calendar_label) &&
	       yaml_str(d, labels, "legend", false, &s->calendar_legend_label) &&
	       yaml_str(d, letter, "subject-label", false, &s->subject_label) &&
	       read_length(c, letter, "letterhead-top", MM, &s->letterhead_top) &&
	       read_length(c, folio, "bottom", MM, &s->folio_bottom) &&
	       read_color(c, rules, "color", &s->rule_color) &&
	       read_length(c, rules, "width", 1, &s->rule_width);
}

bool style_load(struct arena *a, struct diag *d, struct tx_engine *e, const char *path,
		const char *fonts_dir, struct style *s)
{
	static const char *const keys[] = {"fonts", "text", "pages", "lists", "letter", "folio",
					   "rules", "inline-bold", "labels", "tables", "kerning", "calendar",
					   "measurement", NULL};
	memset(s, 0, sizeof *s);
	s->path = path;
	set_defaults(s);
	struct ynode *root = yaml_load(a, d, path);
	if (!root)
		return false;
	struct ctx c = {a, d, e, path_dir(a, path), fonts_dir, s};
	yaml_check_keys(d, root, keys);
	if (!read_fonts(&c, yaml_get(root, "fonts")))
		return false;
	struct ynode *text = yaml_get(root, "text");
	yaml_check_keys(d, text, style_names);
	/* every style starts from body, then takes its own settings */
	struct ynode *body = yaml_get(text, "body");
	if (body && !read_text_style(&c, body, &s->text[ST_BODY]))
		return false;
	for (int i = 1; i < ST__COUNT; i++) {
		s->text[i] = s->text[ST_BODY];
		struct ynode *n = yaml_get(text, style_names[i]);
		if (n && !read_text_style(&c, n, &s->text[i]))
			return false;
	}
	struct ynode *pages = yaml_get(root, "pages");
	static const char *const page_kinds[] = {"prose", NULL};
	yaml_check_keys(d, pages, page_kinds);
	if (!read_page(&c, yaml_get(pages, "prose"), &s->prose_page))
		return false;
	struct ynode *lists = yaml_get(root, "lists");
	static const char *const list_keys[] = {"indent", "marker-gap", "bullets", "quote-indent",
						NULL};
	yaml_check_keys(d, lists, list_keys);
	const char **bullets = NULL;
	size_t nb = 0;
	if (!read_length(&c, lists, "indent", MM, &s->list_indent) ||
	    !read_length(&c, lists, "marker-gap", MM, &s->marker_gap) ||
	    !read_length(&c, lists, "quote-indent", MM, &s->quote_indent) ||
	    !yaml_str_list(a, d, yaml_get(lists, "bullets"), "bullets", &bullets, &nb))
		return false;
	for (size_t i = 0; i < nb && i < 3; i++)
		s->bullets[i] = bullets[i];
	struct ynode *letter = yaml_get(root, "letter");
	static const char *const letter_keys[] = {"subject-label", "letterhead-top", NULL};
	yaml_check_keys(d, letter, letter_keys);
	struct ynode *folio = yaml_get(root, "folio");
	static const char *const folio_keys[] = {"bottom", NULL};
	yaml_check_keys(d, folio, folio_keys);
	struct ynode *rules = yaml_get(root, "rules");
	static const char *const rule_keys[] = {"color", "width", NULL};
	yaml_check_keys(d, rules, rule_keys);
	const char *inline_bold = NULL;
	if (!yaml_str(d, root, "inline-bold", false, &inline_bold))
		return false;
	if (inline_bold) {
		s->synthetic_inline_bold = !strcmp(inline_bold, "outline");
		if (!s->synthetic_inline_bold && strcmp(inline_bold, "font")) {
			struct ynode *n = yaml_get(root, "inline-bold");
			diag_report(d, D_VALUE_BAD, n->file, n->line, n->col, inline_bold,
				    _("inline-bold setting (outline or font)"));
			return false;
		}
	}
	if (!read_tables(&c, yaml_get(root, "tables")) || !read_bool(&c, root, "kerning", &s->kerning) ||
	    !read_calendar_style(&c, yaml_get(root, "calendar")) ||
	    !read_measure_style(&c, yaml_get(root, "measurement")))
		return false;
	tx_set_kerning(e, s->kerning);
	return read_labels(&c, root) && style_check(a, d, root, s);
}

int style_font(const struct style *s, const struct text_style *ts, int flags)
{
	int f = ((ts->bold || (flags & SPAN_BOLD)) ? 1 : 0) |
		((ts->italic || (flags & SPAN_ITALIC)) ? 2 : 0);
	return s->families[ts->family].face[f];
}

struct tx_style style_span(const struct style *s, const struct text_style *ts, int flags)
{
	bool embolden = s->synthetic_inline_bold && (flags & SPAN_BOLD) && !ts->bold;
	if (embolden)
		flags &= ~SPAN_BOLD;
	return (struct tx_style){style_font(s, ts, flags), ts->size, ts->color, embolden};
}
