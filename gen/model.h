/* model.h — the book as plain data: what the readers produce and the layout consumes. */
#ifndef PB_MODEL_H
#define PB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

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

/* ---- the book ---- */

struct page_entry {
	const char *toc;      /* the entry's name in the table of contents */
	struct prose *prose;
};

struct part {
	const char *id;
	const char *title;
	struct page_entry *pages;
	size_t npages;
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
	struct part *parts;
	size_t nparts;
};

#endif
