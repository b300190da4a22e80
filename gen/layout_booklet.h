/* layout_booklet.h — what the measurement booklet's two layout files share: counting lines
 * by status, a simple table of rows that runs over pages, the status marks, the chart. */
#ifndef PB_LAYOUT_BOOKLET_H
#define PB_LAYOUT_BOOKLET_H

#include "layout.h"

/* Lines counted by status: n[] is indexed by enum status_meaning, then MS_NOT_REPORTED. */
struct tally {
	size_t lines;
	size_t n[MS__COUNT];
};

/* The status of a line in a period: an enum status_meaning, or MS_NOT_REPORTED for an
 * empty or unknown status and for a plan without the period's columns. */
int booklet_status(const struct book *b, const struct metric_line *ml, size_t period);
/* Adds the lines of a goal. */
void tally_goal(struct tally *t, const struct book *b, const struct goal *g, size_t period);
/* Adds the lines of a plan (every line with a metric; a type with no line is no line). */
void tally_plan(struct tally *t, const struct book *b, const struct plan *p, size_t period);
/* done / (lines - cancelled), rounded half up to a whole percent: "58%"; "—" when every
 * line is cancelled or there are none. */
const char *tally_percent(struct arena *a, const struct tally *t);
/* Whether unit k of part i is the first to print its plan, in the book (whole) or in its
 * administration: a plan that two units print is counted once. */
bool booklet_first_print(const struct book *b, size_t i, size_t k, bool whole);
/* A status's label: the book's first label of that meaning, or the layout's for a line
 * not reported. */
const char *booklet_status_label(const struct book *b, const struct style *s, int status);

/* Draws status's mark in the square (x, y, size): a vector shape, or the layout's glyph. */
void booklet_mark(struct layout *L, struct page *pg, const struct style *s, int status,
		  double x, double y, double size);

/* A table of rows on landscape pages with a title band and a header row, both repeated on
 * every page. Columns right to left; a column of numbers (fit) is made as wide as its
 * widest number, the others share what is left by their weights. */
struct grid_col {
	const char *header;
	double weight;
	bool fit;           /* numbers, dates, short labels: never broken across lines */
	enum tx_align align;
	int mark;           /* the header carries this status's mark; -1 none */
};

struct grid_cell {
	const char *text;
	uint32_t color;     /* 0: the cell style's colour */
	int mark;           /* a status mark beside the text; -1 none */
};

struct grid {
	struct layout *L;
	const struct style *s;
	const char *title, *kind, *source;
	const struct grid_col *cols;
	size_t ncols;
	double x[16], w[16], need[16];
	struct page *page;
	double y, bottom, header_h;
	/* structure: the grid is a table; its title and header rows are tagged on the first
	 * page and pagination on the next */
	struct node *table, *tbody, *th[16];
};

/* Widens column c, if need be, to hold text without breaking a word (before grid_start);
 * digits: only the words with a digit (numbers and dates). */
void grid_fit(struct grid *g, size_t c, const char *text, bool digits);
/* Widens column c to hold text on one line (a status label). */
void grid_fit_whole(struct grid *g, size_t c, const char *text);
/* The column widths, then the first page. */
void grid_start(struct grid *g);
/* One row, on a new page when it does not fit; fill 0 for none. */
void grid_row(struct grid *g, const struct grid_cell *cells, uint32_t fill);
/* Room for h more points on the current page, or a new page. */
void grid_need(struct grid *g, double h);

/* Summary pages: rows of tallies with their % done, and with chart, stacked bars per row
 * (row 0, the total, has none) and a legend. earlier: the same rows for the period before,
 * or NULL. */
void booklet_summary(struct layout *L, const struct style *s, const struct book *b,
		     const char *title, const char *first_header, const char **names,
		     const struct tally *t, const struct tally *earlier, size_t n, bool chart);

#endif
