/* table.h — a spreadsheet as rows of cells, each with its place: what every reader of
 * plans (read_csv.c, read_xlsx.c) gives the one plan builder (read_plan.c). */
#ifndef PB_TABLE_H
#define PB_TABLE_H

#include "diag.h"
#include "util.h"

struct tcell {
	const char *text;  /* as the spreadsheet shows it, trimmed; "" when empty */
	int line, col;     /* in a text file (CSV), 1-based; 0 in a workbook */
	/* A cell inside a merged region, other than its top-left one: text is "" and span
	 * is the region's value, which belongs to this cell too. NULL otherwise. */
	const char *span;
	int span_row;      /* the row of the region's top-left cell */
};

struct trow {
	struct tcell *cells; /* cells[i] is column i + 1 (A, B, …) */
	size_t n;
	int row;             /* the spreadsheet's row number, 1-based */
	int line;            /* the file line the row starts on (CSV); 0 in a workbook */
	bool hidden;         /* hidden in the workbook */
};

struct table {
	const char *file;    /* for messages */
	const char *sheet;   /* the sheet read; NULL for a CSV file */
	struct trow *rows;   /* the rows that hold anything, in order */
	size_t nrows;
};

/* Reads the table of a plan file: a workbook by its content (a zip), whatever its name,
 * else text (CSV, semicolon- or tab-separated, UTF-8, UTF-16 or Windows-1255). sheet names
 * the workbook's sheet, or NULL for the first visible one. Returns false after reporting
 * why the file cannot be read. Cell texts live in a; the rest in scratch. */
bool table_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
		const char *sheet, struct table *t);

/* The readers, for table_read. bytes is the whole file (NUL-terminated). */
bool csv_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
	      struct buf *bytes, struct table *t);
bool xlsx_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
	       struct buf *bytes, const char *sheet, struct table *t);

/* A cell's text as the plan keeps it: without the spaces and line breaks around it, in a
 * (the empty text is shared: most cells of a plan are empty). */
const char *table_text(struct arena *a, const char *s, size_t n);

/* The place of a cell (or of a row, when column is 0) for messages. */
struct source table_place(const struct table *t, const struct trow *r, int column,
			  const char *heading);

#endif
