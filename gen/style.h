/* style.h — the layout file (a layout file such as layouts/book.yaml) as data: page geometry, fonts, colours and
 * spacing. Everything a designer changes without touching C. Lengths are in points. */
#ifndef PB_STYLE_H
#define PB_STYLE_H

#include <stdint.h>

#include "diag.h"
#include "text.h"
#include "util.h"

enum style_id {
	ST_BODY,
	ST_TITLE,      /* level-1 heading */
	ST_HEADING2,
	ST_HEADING3,
	ST_LETTERHEAD,
	ST_DATE,
	ST_REFERENCE,
	ST_TO,
	ST_SUBJECT,
	ST_CLOSING,
	ST_SIGNER,
	ST_ROLE,
	ST_FOLIO,
	ST_COVER_ORG,   /* the organisation and the issuing unit on the cover */
	ST_COVER_TITLE, /* the book's title on the cover, an administration on its divider */
	ST_TOC_PART,    /* an administration in the table of contents */
	ST_TOC_GROUP,   /* a sub-heading there */
	ST_TOC_ENTRY,   /* an entry there */
	ST_RUNNING_HEAD, /* the administration and unit above a table */
	ST__COUNT
};

extern const char *const style_names[ST__COUNT + 1]; /* NULL-terminated */

struct text_style {
	int family;          /* index into style.families */
	bool bold, italic;
	double size;         /* pt */
	double leading;      /* line height as a multiple of the size */
	double space_before, space_after; /* pt */
	uint32_t color;
	enum tx_align align;
};

struct font_family {
	const char *name;
	int face[4]; /* text-engine font for plain, bold, italic, bold italic (flags 0–3) */
};

struct page_geometry {
	double width, height;
	double top, bottom, right, left; /* margins */
};

/* The columns of a plan's table, right to left. */
enum table_column {
	TC_TOPIC,
	TC_VISION,
	TC_POLICY,
	TC_ACCOUNT,
	TC_TABAR,
	TC_BUDGET,
	TC_GOAL,
	TC_TYPE,
	TC_METRIC,
	TC_EXTRA, /* each extra column of a plan (פירוט) */
	TC_VALUE,
	TC_NOTES,
	TC_MEASURE, /* the measurement booklet's columns (their widths are in measurement:) */
	TC__COUNT
};

/* NULL at TC_MEASURE: the names that tables: widths: takes */
extern const char *const table_column_names[TC__COUNT + 1];

struct title_pattern {
	const char *name, *pattern;
};

struct table_style {
	struct page_geometry page;
	struct text_style title, header, cell, type;
	uint32_t title_fill, header_fill, border, continued_color;
	double title_height, padding, border_width, widow_space;
	double widths[TC__COUNT];
	const char *continued_label;
	struct title_pattern titles[8];
	int ntitles;
};

struct calendar_style {
	struct page_geometry page;
	double title_size, text_size, day_size, label_size; /* pt; labels no smaller than 5 */
	uint32_t grid, shabbat_fill, holiday_fill, header_fill, text_color;
	uint32_t colors[8]; /* of the categories, in their order */
	int ncolors;
};

/* The measurement booklet (`measurement:` in the layout file). Statuses are indexed by
 * enum status_meaning, with one more for a line not reported. */
enum { MS_NOT_REPORTED = 4, MS__COUNT = 5 };
enum status_symbol { SYM_CHECK, SYM_HALF, SYM_CROSS, SYM_DASH, SYM_TEXT };

struct status_look {
	uint32_t color;            /* symbol, label and bar; >= 4.5:1 against white */
	enum status_symbol symbol; /* a vector mark, or SYM_TEXT: the text below */
	const char *text;          /* the symbol's glyph when SYM_TEXT */
};

struct measure_style {
	struct status_look status[MS__COUNT];
	const char *not_reported;  /* the label of a line with no status */
	/* headings and words the booklet prints that come from no input file */
	const char *cover, *ceo, *city, *city_total, *by_vision, *by_policy, *units, *unreported,
		*none, *lines, *percent, *unit, *row, *metric, *value, *legend, *all_reported,
		*administration, *chart_alt;
	double widths[4];          /* relative: result, status, explanation, earlier status */
	double mark;               /* size of a status mark (pt) */
	double bar_height, row_height; /* of the chart, of a summary row (pt) */
	uint32_t total_fill;       /* the city's row of a summary */
};

struct style {
	const char *path;
	struct font_family families[8];
	int nfamilies;
	struct text_style text[ST__COUNT];
	struct page_geometry prose_page;
	double list_indent;     /* per nesting level */
	double marker_gap;      /* between a list marker and its text */
	const char *bullets[3]; /* by depth */
	double quote_indent;
	const char *subject_label;
	double folio_bottom;    /* baseline of the page number above the page's bottom edge */
	double letterhead_top;  /* baseline of the letterhead below the page's top edge */
	uint32_t rule_color;
	double rule_width;
	/* Bold words inside regular text drawn with the regular face, filled and outlined,
	 * so that a line stays in one font (see struct tx_style in text.h). */
	bool synthetic_inline_bold;
	const char *goals_label; /* the contents entry of an administration's goals page */
	const char *contents_label, *calendar_label, *calendar_legend_label;
	const char *page_label; /* "עמוד": a contents link's description, "… עמוד 12" */
	bool kerning;
	struct table_style table;
	struct calendar_style calendar;
	struct measure_style measure;
};

/* Reads a layout file and loads its fonts into the engine: a font file is looked for beside
 * the layout file, then in fonts_dir (planbook's own fonts; NULL: nowhere else). false
 * after diagnostics. */
bool style_load(struct arena *a, struct diag *d, struct tx_engine *e, const char *path,
		const char *fonts_dir, struct style *out);

struct ynode;
struct book;
/* Checks the values read from the layout file (root) that would make a page that cannot
 * be printed: sizes, margins, padding and widths, against each other and the page, each
 * reported at its line. validate_layout.c. */
bool style_check(struct arena *a, struct diag *d, const struct ynode *root,
		 const struct style *s);
/* Warns about a title-pattern of book.yaml (the book's, a part's, a unit's) that names no
 * pattern of the layout's tables: titles:. validate_layout.c. */
void style_check_titles(struct arena *a, struct diag *d, const struct style *s,
			const struct book *b);

/* The engine font for a text style with span flags (SPAN_BOLD, SPAN_ITALIC) added. */
int style_font(const struct style *s, const struct text_style *ts, int flags);
/* The text-engine style for a span of flags in a text style. */
struct tx_style style_span(const struct style *s, const struct text_style *ts, int flags);

#endif
