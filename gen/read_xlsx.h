/* read_xlsx.h — what the two halves of the workbook reader share: read_xlsx.c opens the
 * zip and reads the workbook's parts, read_xlsx_sheet.c reads one sheet into a table. */
#ifndef PB_READ_XLSX_H
#define PB_READ_XLSX_H

#include <expat.h>
#include <zip.h>

#include "table.h"

struct xlsx {
	struct arena *a, *scratch;
	struct diag *d;
	const char *path;
	zip_t *zip;
	bool date1904;
	const char **strings;   /* the shared strings */
	size_t nstrings;
	const char **formats;   /* the number format code of each cell style (cellXfs) */
	size_t nformats;
	bool failed;            /* a part was damaged: stop */
	XML_Parser parser;      /* the part being read */
	bool done;              /* the part's handlers have all they need */
};

/* Ends the reading of the current part early, as a success: the rest is not needed. */
void xlsx_part_done(struct xlsx *x);

/* An element's or attribute's name without its prefix ("x:c" → "c"): producers differ in
 * prefixes, never in local names. (Namespace processing would cost a third of the time.) */
const char *xlsx_local(const char *name);
const char *xlsx_attr(const char **attrs, const char *local);

/* Streams a part of the zip through expat with the given handlers, bounded in size and in
 * compression ratio. Returns false, after a message, when the part is missing (and
 * required), too large, or not well-formed. */
bool xlsx_parse_part(struct xlsx *x, const char *part, bool required, void *user,
		     XML_StartElementHandler start, XML_EndElementHandler end,
		     XML_CharacterDataHandler text);

/* Decodes Excel's _xHHHH_ escapes (a control character or a literal "_x") in place. */
void xlsx_unescape(struct buf *b);

/* Reads a sheet part into t. */
bool xlsx_read_sheet(struct xlsx *x, const char *part, struct table *t);

#endif
