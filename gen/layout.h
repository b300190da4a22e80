/* layout.h — the laid-out book: pages of positioned boxes, independent of the PDF library.
 * Coordinates are in points from the page's top-left corner, y growing downwards. */
#ifndef PB_LAYOUT_H
#define PB_LAYOUT_H

#include <stdio.h>

#include "diag.h"
#include "model.h"
#include "style.h"
#include "hash.h"
#include "text.h"
#include "util.h"

/* The book's logical structure, for a tagged PDF (PDF/UA-1): the layout makes elements as
 * it places text, and each text, link and image box points to the element it belongs to.
 * A box that points to none is an artifact: rules, bands, running heads, page numbers,
 * header rows and goal cells printed again on a continuation page. Made by the layout
 * thread; while pages are drawn the renderer reads only an element's role and id. */
enum struct_role {
	SR_DOCUMENT, SR_PART, SR_SECT, SR_H1, SR_H2, SR_H3, SR_P, SR_L, SR_LI, SR_LBL, SR_LBODY,
	SR_TABLE, SR_THEAD, SR_TBODY, SR_TR, SR_TH, SR_TD, SR_TOC, SR_TOCI, SR_REFERENCE,
	SR_LINK, SR_FIGURE, SR_CAPTION, SR__COUNT
};

enum th_scope { SCOPE_NONE, SCOPE_ROW, SCOPE_COLUMN, SCOPE_BOTH };

/* What an artifact is (ISO 32000-1 14.8.2.2): part of the page's look, or of its pagination. */
enum artifact_kind { ART_LAYOUT, ART_HEADER, ART_FOOTER, ART_PAGINATION };

#define NODE_MAX_HEADERS 4

struct node {
	enum struct_role role;
	size_t id; /* 0, 1, 2 … in the order made */
	struct node *parent, *first, *last, *next;
	const char *alt;  /* Figure: what it shows; Link: where it goes */
	const char *lang; /* another language than the book's, e.g. "en" */
	const char *cell_id; /* TH: the id that data cells name as their header */
	const char *headers[NODE_MAX_HEADERS]; /* TD: ids of its header cells */
	int nheaders;
	int rowspan, colspan; /* 0 for 1 */
	enum th_scope scope;
};

enum box_kind {
	BOX_TEXT, /* one line of text */
	BOX_RECT, /* a filled and/or stroked rectangle */
	BOX_RULE, /* a straight line from (x, y) to (x + w, y + h) */
	BOX_LINK, /* a clickable area that goes to page `target` (book index) */
	BOX_IMAGE, /* a PNG file drawn into the box */
};

struct box {
	enum box_kind kind;
	const char *role; /* what it is, for the dump: "body", "title", "marker", "folio" … */
	double x, y, w, h;
	/* BOX_TEXT */
	double baseline;             /* from the page's top */
	const struct tx_line *line;  /* segments' x are relative to x */
	/* BOX_RECT, BOX_RULE */
	bool filled, stroked;
	uint32_t fill, stroke;
	double stroke_width;
	/* BOX_LINK */
	size_t target;
	/* BOX_IMAGE */
	const char *image;
	/* structure: the element the box's content belongs to; NULL makes it an artifact */
	struct node *node;
	enum artifact_kind artifact;
	bool space_after; /* text goes on in the next box of its element after a space */
	/* its spaces need no blank mark for pdf.js (render_pdf.c): a contents entry, whose
	 * mark past the line's end fell near the next column's text for poppler */
	bool no_marks;
};

struct page {
	double width, height;
	const char *kind;   /* "prose", "table", "cover", "contents", "divider" … */
	const char *source; /* the input file the page shows */
	const char *part;   /* the id of the administration (part) it belongs to, or NULL */
	const char *unit;   /* the id of the unit it belongs to, or NULL */
	bool no_folio;      /* counted, but prints no page number (the cover) */
	bool extra;         /* not a page of the book (a section's own title page): not counted,
			     * printed only in the file of the part or unit it names */
	bool drawn_later;   /* kept for the contents, drawn onto when every page is known */
	size_t index;       /* book index (0-based), set when the page is handed over */
	int folio;          /* printed page number, 0 for none */
	struct vec boxes;   /* struct box */
};

/* An entry of the table of contents, with the page it points to once known. */
struct toc_entry {
	const char *title;
	int level;       /* 0 an administration, 1 a sub-heading (no page), 2 an entry */
	size_t page;     /* book index, once laid out */
	const void *key; /* the part, prose page or unit it stands for */
	bool placed;
};

/* What is printed: the whole book, or one administration or unit of it. */
struct selection {
	const char *part, *unit; /* NULL for the whole book */
	bool calendar;           /* the planning calendar alone */
	bool renumber;           /* number the selected pages from 1 */
	bool booklet;            /* the measurement booklet of `period` instead of the book */
	size_t period;           /* index into book.measurement.periods */
};

/* Where each unit's pages are, for planbook list. */
struct page_range {
	const char *id;
	size_t first, last; /* book indexes */
};

struct outline_entry {
	const char *title;
	int level;     /* 0 = part, 1 = page or unit */
	size_t page;   /* index into pages */
};

/* The book is laid out a part at a time: pages are handed to a sink (the PDF writer, or
 * the dump) as soon as a unit or a prose page is complete, and their memory is freed, so
 * that a book of any length needs the memory of its largest table. */
struct layout;
typedef void (*layout_sink)(struct layout *L, void *ctx);

struct layout {
	struct arena *a;     /* the pending pages and everything on them */
	struct arena pages_arena;
	struct arena *keep;  /* what lives for the whole book: the outline */
	struct vec pages;    /* struct page: pages laid out, not yet handed over */
	/* lines laid out for the pending pages, by text, style and width (layout_text_lines):
	 * in the same arena, forgotten with it */
	struct strmap laid;
	struct vec laid_lines; /* struct tx_lines */
	size_t first_page;   /* book index of pages[0] */
	struct vec outline;  /* struct outline_entry */
	struct vec toc;      /* struct toc_entry */
	struct vec ranges;   /* struct page_range */
	size_t toc_first, toc_count; /* the pages reserved for the table of contents */
	layout_sink sink;
	layout_sink fill;    /* draws the contents onto the reserved pages, at the end */
	void *sink_ctx;
	struct selection select;
	long renumber_base;  /* book index of the first selected page, -1 before it */
	const char *cur_part, *cur_unit;
	const struct style *style;
	struct tx_engine *e;
	struct diag *d;      /* for what the layout cannot do (a calendar too full) */
	const char *title, *author, *subject, *keywords;
	/* structure (layout_struct.c): lives in keep, for the whole book */
	struct node *root;     /* Document */
	struct node *cur;      /* where the next box's content goes; NULL: an artifact */
	enum artifact_kind art; /* which artifact, when cur is NULL */
	struct node *toc_node; /* the contents' element, made in its place, filled at the end */
	size_t nnodes;
};

/* Lays out the whole book, handing pages to sink as they are done. false after reporting
 * a diagnostic. */
bool layout_book(struct arena *keep, struct diag *d, struct tx_engine *e, const struct style *s,
		 const struct book *b, struct layout *out, layout_sink sink, layout_sink fill,
		 void *sink_ctx, const struct selection *select);

/* Whether a page is part of what is printed. */
bool layout_selected(const struct layout *L, const struct page *pg);

/* The number of pages laid out so far, handed over or not: the book index of the next. */
size_t layout_page_count(const struct layout *L);
/* Numbers the pending pages and hands them to the sink; frees them. */
void layout_flush(struct layout *L);

/* Prose pages (layout_prose.c). */
void layout_prose(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct prose *p);

/* Helpers shared by the page kinds. */
struct page *layout_new_page(struct layout *L, double width, double height, const char *kind,
			     const char *source);
struct box *layout_add_box(struct layout *L, struct page *pg, enum box_kind kind,
			   const char *role);
/* One string in one style, broken into lines of at most width, right to left. */
struct tx_lines layout_text_lines(struct layout *L, const struct tx_style *st, const char *text,
				  double width, enum tx_align align);
/* A line of text in the box (x, y, w, h), its baseline centred in the height. */
struct box *layout_add_line(struct layout *L, struct page *pg, const char *role,
			    const struct tx_line *line, double x, double y, double w, double h);

/* The cover, an administration's divider (layout_cover.c). */
void layout_cover(struct layout *L, const struct style *s, const struct book *b);
void layout_divider(struct layout *L, const struct style *s, const struct part *p);
/* The title page of an administration (u NULL) or a unit printed alone: the organisation,
 * the book's title (L->title: the booklet's in the booklet) and year, and the part's
 * name. Laid out whatever is printed, as a page not of the book (extra) that only the
 * file of its part or unit prints (layout_selected): so a section's pages, and its
 * elements' numbers, are the same in --section, --unit and --split. */
void layout_title_page(struct layout *L, const struct style *s, const struct book *b,
		       const struct part *p, const struct unit *u);
/* A unit's pages as one section: begun with its title page, then what the caller lays out
 * (the plan's table; the booklet's), then ended: the unit's bookmark and page range, its
 * pages handed to the sink. layout_unit_end returns the unit's first page; (size_t)-1
 * when it has nothing to print, and then no title page either. */
struct unit_mark {
	size_t start, titled;
	struct node *sect;
};
struct unit_mark layout_unit_begin(struct layout *L, const struct style *s,
				   const struct book *b, const struct part *p, const struct unit *u);
size_t layout_unit_end(struct layout *L, const struct unit *u, const struct unit_mark *m);
/* The planning calendar of the book's year (layout_calendar.c). */
void layout_calendar(struct layout *L, const struct style *s, const struct book *b);
/* The table of contents (layout_toc.c); with dry set, placeholder page numbers, to know
 * how many pages it takes. Returns the number of pages. */
size_t layout_toc(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct book *b, bool dry);

/* Columns a unit's table prints after its value column, and a line above the table: the
 * measurement booklet's results (layout_measurement.c). NULL for the book. */
struct table_measure {
	size_t ncols;                       /* at most 4 */
	const char *group;                  /* header over them, e.g. the period's name */
	const char *headers[4];
	double weights[4];                  /* relative widths, as the layout's widths */
	bool mark[4];                       /* a status column: room for the mark at its right */
	const char *summary;                /* under the title band, or NULL */
	/* the text of a line's cell in column i and its colour */
	const char *(*text)(const void *ctx, const struct metric_line *ml, size_t i,
			    uint32_t *color);
	/* draws what goes beside the text of a mark column, in the box (x, y, size) */
	void (*draw_mark)(const void *ctx, struct layout *L, struct page *pg,
			  const struct metric_line *ml, size_t i, double x, double y);
	const void *ctx;
};

/* A unit's plan as its table (layout_table.c); m adds the measurement's columns. */
void layout_table(struct layout *L, struct tx_engine *e, const struct style *s,
		  const struct book *b, const struct part *p, const struct unit *u,
		  const struct table_measure *m);

/* The measurement booklet of L->select.period (layout_measurement.c), in place of the
 * book: cover, CEO metrics, summaries with charts, each unit's table with its results, the
 * lines not reported. */
void layout_booklet(struct layout *L, struct tx_engine *e, const struct style *s,
		    const struct book *b);
/* A bookmark of the PDF's outline at a book index. */
void layout_outline(struct layout *L, const char *title, int level, size_t page);
/* Records that the pages [first, end) belong to id, for planbook list. */
void layout_range(struct layout *L, const char *id, size_t first, size_t end);

/* Structure (layout_struct.c). layout_begin makes an element inside the current one and
 * makes it current; layout_end returns to its parent. layout_node makes one without
 * entering it. layout_artifact makes what follows an artifact of a kind and returns what
 * layout_resume needs to go back. */
struct node *layout_node(struct layout *L, struct node *parent, enum struct_role role);
struct node *layout_begin(struct layout *L, enum struct_role role);
void layout_end(struct layout *L, struct node *n);
struct node *layout_enter(struct layout *L, struct node *n);
struct layout_mark {
	struct node *cur;
	enum artifact_kind art;
};
struct layout_mark layout_artifact(struct layout *L, enum artifact_kind kind);
void layout_resume(struct layout *L, struct layout_mark m);
/* The standard structure type of a role ("TD"). */
const char *layout_role_name(enum struct_role role);

/* Writes a text form of the pending pages and boxes (layout_dump.c): a sink. */
void layout_dump_pages(struct layout *L, void *out);
/* Writes the outline, once the book is laid out. */
void layout_dump_outline(const struct layout *L, FILE *out);

#endif
