/* model.h — the book as plain data: what the readers produce and the layout consumes. */
#ifndef PB_MODEL_H
#define PB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* ---- prose ---- */

enum span_flags { SPAN_BOLD = 1, SPAN_ITALIC = 2 };

struct span {
	const char *text; /* logical UTF-8; "\n" is a forced line break */
	int flags;
};

enum block_kind { BLOCK_HEADING, BLOCK_PARAGRAPH, BLOCK_ITEM };

struct block {
	enum block_kind kind;
	int level;          /* heading level 1–6; for items and paragraphs, the list depth */
	enum list_style { LIST_BULLET, LIST_HEBREW, LIST_DECIMAL } list; /* items */
	int number;         /* items of numbered lists */
	int quote;          /* nesting of block quotes */
	bool ltr;           /* set left to right (inside <div dir="ltr">) */
	struct span *spans;
	size_t nspans;
	int line;           /* in the source file */
};

struct signature {
	const char *closing, *name, *role;
};

struct prose {
	const char *path;      /* as given in the manifest, for messages */
	const char *title;     /* the first level-1 heading, if any */
	const char *letterhead;
	const char **date;
	size_t ndate;
	const char *reference;
	const char **to;
	size_t nto;
	const char *subject;
	struct signature *signatures;
	size_t nsignatures;
	struct block *blocks;
	size_t nblocks;
};

/* ---- plans ---- */

/* What a metric line achieved in one measurement period, as the department wrote it. */
struct line_result {
	const char *result;      /* ביצוע: the actual figure or fact */
	const char *status;      /* סטטוס, as written; "" when not reported */
	const char *explanation; /* הסבר: why there is a gap, and what will be done */
	int status_index;        /* into measurement.statuses; -1 empty or unknown (validate) */
	struct source result_at, status_at, explanation_at;
};

struct metric_line {
	const char *text;   /* מדד */
	const char *value;  /* ערך, as written */
	const char *note;   /* הערות */
	const char **extra; /* one per extra column of the plan */
	struct line_result *results; /* one per measurement period (book.measurement) */
	bool ceo;           /* a CEO metric (מדד מנכ"ל: כן) */
	struct source at, value_at, note_at, ceo_at;
};

struct metric_group {
	const char *type;      /* as written, e.g. "מדד ביצוע" */
	const char *canonical; /* its vocabulary label, e.g. "מדד תפוקה / ביצוע"; NULL if unknown */
	struct metric_line *lines;
	size_t nlines;
	struct source at;
};

struct goal {
	const char *topic, *vision, *policy, *account, *tabar, *budget, *text;
	struct metric_group *groups;
	size_t ngroups;
	struct source at; /* the goal's cell */
	struct source vision_at, policy_at, budget_at;
};

/* The columns of a plan, indexed by enum column (read_plan.h). */
struct plan {
	const char *path;
	const char *budget_label; /* "תקציב 2019" when the file says so, else NULL */
	const char *value_label;  /* "ערך" or "לו\"ז" */
	const char *vision_label; /* "חזון ראש העיר" or "חזון" */
	const char **extra_labels;
	size_t nextra;
	bool measured;            /* the plan has measurement columns */
	bool *has_period;         /* per period: the plan has its status column */
	struct goal *goals;
	size_t ngoals;
};

/* ---- vocabularies ---- */

struct vocab_entry {
	const char *name;    /* a vision pillar, a policy emphasis, a metric type's label */
	const char **items;  /* its sub-themes, sub-items, or accepted spellings */
	int *item_lines;     /* where each item is in book.yaml */
	size_t nitems;
};

struct vocabulary {
	struct vocab_entry *vision, *policy, *metric_types;
	size_t nvision, npolicy, nmetric_types;
	const char **budget_texts; /* free texts accepted in the budget column */
	size_t nbudget_texts;
};

/* ---- measurement ---- */

/* What a status means, whatever its label. */
enum status_meaning { STATUS_DONE, STATUS_PARTLY, STATUS_NOT_DONE, STATUS_CANCELLED,
		      STATUS__COUNT };

struct status_def {
	const char *label;            /* as written in the plans: "בוצע" */
	enum status_meaning meaning;
};

/* A measurement period and the plan columns that hold it. */
struct period {
	const char *id;               /* "h1", "year" */
	const char *name;             /* "מחצית א'" */
	const char *result_column, *status_column, *explanation_column;
};

struct measurement {
	struct period *periods;
	size_t nperiods;
	struct status_def *statuses;
	size_t nstatuses;
	const char *ceo_column;       /* מדד מנכ"ל */
	const char *ceo_yes;          /* כן */
};

/* ---- the planning calendar ---- */

struct cal_event {
	int category;          /* index into calendar.categories */
	const char *label;     /* may be empty: a bar with no words */
	int from[3], to[3];    /* year, month, day */
	struct source at;
};

struct calendar {
	const char *subtitle, *footnote;
	const char **categories; /* legend labels, in order; their colours are the layout's */
	const char **category_ids;
	size_t ncategories;
	int holidays;            /* the category the holidays are shown in, -1 if none */
	bool present;            /* book.yaml has calendar:, so the book prints the page */
	struct cal_event *events;
	size_t nevents;
};

/* ---- the book ---- */

struct page_entry {
	const char *toc;      /* the entry's name in the table of contents */
	struct prose *prose;
};

struct unit {
	const char *id;
	const char *toc;       /* its name in the table of contents */
	const char *name;      /* its name in the title of its table */
	const char *group;     /* a sub-heading of the table of contents, or NULL */
	const char *title;     /* the table's title when it is not made from a pattern */
	const char *title_pattern; /* the name of a title pattern of the layout */
	struct source title_pattern_at; /* where book.yaml names it */
	const char *intro_path, *plan_path;
	const char *sheet;     /* the workbook's sheet that holds the plan; NULL: the first */
	struct prose *intro;
	struct plan *plan;
	bool pending;          /* listed, plan not entered yet */
	const char **extra_columns; /* columns besides the standard ones that its plan may have */
	size_t nextra_columns;
	struct source at;
};

struct part {
	const char *id;
	const char *title;
	struct page_entry *pages; /* prose pages (the opening part) */
	size_t npages;
	const char *goals_path;   /* the administration's goals page */
	const char *title_pattern; /* for its units' tables */
	struct source title_pattern_at;
	struct prose *goals;
	struct unit *units;
	size_t nunits;
	struct source at;
};

struct book {
	const char *dir;       /* the input folder */
	const char *manifest;  /* path of book.yaml */
	const char *id;        /* file name of the book, e.g. book-2020 */
	int year;
	const char *title;     /* for the PDF's metadata */
	const char *author;
	const char *subject;
	const char *keywords;
	const char *hebrew_year;
	const char **cover_title;
	size_t ncover_title;
	const char *cover_hebrew_date, *cover_date;
	const char *cover_logo; /* a PNG file, or NULL */
	const char *organisation, *issuer;
	struct vocabulary vocab;
	struct measurement measurement;
	struct calendar calendar;
	const char *title_pattern; /* the tables' title pattern where a part or unit names none */
	struct source title_pattern_at;
	struct part *parts;
	size_t nparts;
};

#endif
