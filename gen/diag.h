/* diag.h — every message the program can say about its input, as one table. */
#ifndef PB_DIAG_H
#define PB_DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* Marks a string for translation where it is defined; diag_text translates it. */
#define N_(s) s
#define _(s) diag_text(s)
/* A text that counts: P_("%d error", "%d errors", n) in the user's language and plural. */
#define P_(one, many, n) diag_ntext(one, many, n)

enum severity { SEV_WARNING, SEV_ERROR };

/* Each code has a stable number (PB<n>) that never changes meaning; see diag.c. */
enum diag_code {
	D_FILE_OPEN,       /* a file cannot be read */
	D_UTF8,            /* invalid UTF-8 */
	D_YAML_SYNTAX,     /* YAML does not parse */
	D_YAML_TYPE,       /* a YAML value has the wrong shape */
	D_KEY_UNKNOWN,     /* an unknown key (likely a typo) */
	D_KEY_MISSING,     /* a required key is absent */
	D_VALUE_BAD,       /* a value that cannot be used (number, colour, size) */
	D_FONT_LOAD,       /* a font file cannot be used */
	D_FRONT_MATTER,    /* the header block of a prose page is not closed */
	D_PROSE_EMPTY,     /* a prose file has no text */
	D_PROSE_UNSUPPORTED, /* Markdown that the book cannot print (image, table, HTML) */
	D_OUTPUT,          /* the PDF cannot be written */
	D_PDF,             /* the PDF library reported an error */
	D_TOO_LONG,        /* text that cannot fit the page in any way */
	D_ENCODING,        /* a plan saved in Windows-1255, converted */
	D_CSV_QUOTE,       /* a quoted cell is never closed */
	D_COLUMN_UNKNOWN,  /* a column the book does not know */
	D_COLUMN_TWICE,    /* the same column twice */
	D_COLUMN_MISSING,  /* a required column is absent */
	D_NO_GOAL,         /* a first row that does not start a goal */
	D_GOAL_NO_METRIC,  /* a goal without metric lines */
	D_TYPE_MISSING,    /* a goal's first row has no metric type */
	D_TYPE_UNKNOWN,    /* a metric type not in the vocabulary */
	D_VISION_UNKNOWN,  /* a vision value not in the vocabulary */
	D_POLICY_UNKNOWN,  /* a policy value not in the vocabulary */
	D_DATE_IMPOSSIBLE, /* a date that does not exist */
	D_BUDGET_UNKNOWN,  /* a budget that is neither an amount nor an accepted text */
	D_PLAN_EMPTY,      /* a plan with no rows */
	D_UNIT_TWICE,      /* the same unit id twice */
	D_FILE_UNUSED,     /* a file in the input folder that nothing lists */
	D_UNIT_PENDING,    /* a unit listed without its plan yet */
	D_EVENT_DATE,      /* a calendar event's date that does not exist */
	D_EVENT_BACKWARDS, /* a calendar event that ends before it starts */
	D_EVENT_OUTSIDE,   /* a calendar event outside the book's year */
	D_CALENDAR_FULL,   /* more on the calendar than its page holds */
	D_UTF16,           /* a UTF-16 text file that does not convert */
	D_TOO_MANY_COLUMNS, /* more columns than a spreadsheet has */
	D_TOO_MANY_ROWS,   /* more rows than a spreadsheet has */
	D_FILE_TOO_LARGE,  /* a plan file far larger than any plan */
	D_WORKBOOK_NAMED,  /* a workbook named .csv */
	D_OLD_XLS,         /* an Excel 97–2003 .xls file */
	D_NOT_WORKBOOK,    /* an .xlsx file that is not a zip */
	D_SHEET_IN_CSV,    /* sheet: given for a CSV file */
	D_HEADER_YEAR,     /* a header naming another year than the book's */
	D_MERGED_ACROSS_GOALS, /* a merged goal cell covering two goals */
	D_VALUE_NO_COLUMN, /* a value in a column with no name */
	D_VALUE_NO_METRIC, /* a target with no metric */
	D_ROW_HIDDEN,      /* a hidden row, read like the others */
	D_HEADER_NOT_FIRST, /* the column names are below the first row */
	D_HEADER_MISSING,  /* no row names the columns */
	D_XLSX_DAMAGED,    /* the workbook's zip cannot be read */
	D_XLSX_PART_MISSING, /* a part every workbook has is missing */
	D_XLSX_TOO_LARGE,  /* a part too large, or compressed suspiciously well */
	D_XLSX_XML,        /* a part's XML does not parse */
	D_SHEET_MISSING,   /* the sheet named in book.yaml is not in the workbook */
	D_SHEET_HIDDEN,    /* the sheet read is hidden */
	D_FORMULA_NO_VALUE, /* a formula saved without its result */
	D_SHARED_STRING,   /* a cell points past the shared strings */
	D_CELL_ERROR,      /* a cell shows an Excel error (#DIV/0!) */
	D_NUMBER_FORMAT,   /* a number its format cannot show (#####) */
	D_CELL_REF,        /* a cell reference that is not one */
	D_VOCAB_SPLIT,     /* a vocabulary item YAML split at a comma */
	D_HEADER_TWO_ROWS, /* the column names split over two rows, as printed */
	D_MERGED_LINES,    /* a line's cell merged down over other lines */
	D_TEMPLATE,        /* a unit's workbook (planbook template) cannot be written */
	D_YAML_ADVICE,     /* a YAML mistake, with what to do */
	D_YAML_HASH,       /* a value starting with # (read as a comment) */
	D_YAML_COMMA,      /* a value cut at its comma in {…} */
	D_PROSE_UPDATE,    /* a prose page with a note to update it (planbook new) */
	D_STATUS_UNKNOWN,  /* a status not in the book's statuses */
	D_DONE_NO_RESULT,  /* "done" with no result */
	D_NO_EXPLANATION,  /* "not done" or "partly done" with no explanation */
	D_UNREPORTED,      /* a unit's lines with no status for the period */
	D_PERIOD_NO_COLUMNS, /* a plan with no columns for the period measured */
	D_CEO_VALUE,       /* a CEO-metric flag other than the agreed word */
	D_EXPORT,          /* the export (planbook export) cannot be written */
	D_BOOKLET_NO_RESULTS, /* a booklet of a period that no plan has columns for */
	D_BOOKLET_UNREPORTED, /* the booklet's count of lines not reported */
	D_LAYOUT_VALUE,    /* a layout value that cannot make a printable page */
	D_FONT_FALLBACK,   /* a layout's font file replaced by the shipped one */
	D_YAML_HASH_COLOR, /* a colour written without quotes (# reads as a comment) */
	D_TITLE_PATTERN,   /* a title-pattern the layout does not have */
	D_TABLE_TOO_NARROW, /* a table's numbers and dates cannot all be kept whole */
	D_SECTION_EMPTY,   /* --unit of a unit with no pages (its plan not entered yet) */
	D__COUNT
};

/* Where a value came from, for messages: a line and column in a text file and, for a cell
 * of a plan, its place as a spreadsheet shows it. */
struct source {
	const char *file;
	int line, col;       /* in the file, 1-based; 0 when it has no lines (a workbook) */
	const char *sheet;   /* the workbook's sheet; NULL for a CSV file */
	int row, column;     /* the spreadsheet's row and column, 1-based; 0 when not a cell */
	const char *heading; /* the column's name in the header row, or NULL */
};

struct diag_message {
	const char *id;        /* "PB101" */
	enum severity severity;
	const char *text;      /* printf format */
};

extern const struct diag_message diag_messages[D__COUNT];

struct diag {
	FILE *out;
	int errors, warnings;
	bool strict; /* warnings count as errors */
	bool quiet_warnings; /* warnings are counted, not printed (build --quiet-warnings) */
	/* A file named in messages by another name: an upload checked from a temporary file
	 * is named as the person who sent it knows it. NULL: every file by its path. */
	const char *rename_path, *rename_as;
};

/* Reports FILE:LINE:COL: severity: message [PBnnn]. line/col 0 are left out. */
void diag_report(struct diag *d, enum diag_code code, const char *file, int line, int col,
		 ...);
/* The same for a place that may be a spreadsheet cell: CSV gives
 * FILE:LINE:COL: row R, column C (NAME): …, a workbook FILE: SHEET!C12 (NAME): … */
void diag_at(struct diag *d, enum diag_code code, const struct source *at, ...);
bool diag_failed(const struct diag *d);
/* " (did you mean 'X'?)" in the user's language, or "" when near is NULL. The text lives
 * until the next call from the same thread that asks for a different suggestion. */
const char *diag_hint(const char *near);
/* Column letters as Excel shows them: 1 → A, 27 → AA. out holds at least 8 bytes. */
void diag_column_letters(int column, char *out);
/* Chooses the language of the messages: "he", "en", or NULL to follow LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG (Hebrew when the first of them that is set names Hebrew, even where
 * the he_IL locale is not installed). localedir holds he/LC_MESSAGES/planbook.mo. */
void diag_language(const char *lang, const char *localedir);
/* The text of a message in the user's language (gettext). */
const char *diag_text(const char *english) __attribute__((format_arg(1)));
/* The singular or plural form of a text, by n (ngettext). */
const char *diag_ntext(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* Reports the first invalid UTF-8 sequence of text with its line, column and byte offset
 * (lines counted from line_offset + 1). Returns true when the text is valid. */
bool diag_check_utf8(struct diag *d, const char *file, const char *text, size_t len,
		     int line_offset);

#endif
