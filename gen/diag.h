/* diag.h — every message the program can say about its input, as one table. */
#ifndef PB_DIAG_H
#define PB_DIAG_H

#include <stdbool.h>
#include <stdio.h>

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
	D_TEMPLATE,        /* a unit's workbook (planbook template) cannot be written */
	D__COUNT
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
};

/* Reports FILE:LINE:COL: severity: message [PBnnn]. line/col 0 are left out. */
void diag_report(struct diag *d, enum diag_code code, const char *file, int line, int col,
		 ...);
bool diag_failed(const struct diag *d);
/* Reports the first invalid UTF-8 sequence of text with its line, column and byte offset
 * (lines counted from line_offset + 1). Returns true when the text is valid. */
bool diag_check_utf8(struct diag *d, const char *file, const char *text, size_t len,
		     int line_offset);

#endif
