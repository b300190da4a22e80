/* read_xlsx.c — an Excel workbook (.xlsx): the zip, its relationships, the workbook's
 * sheets and date system, the number formats of the cell styles and the shared strings.
 * The sheet itself is read by read_xlsx_sheet.c.
 *
 * A workbook comes from outside: every part is bounded in size and in compression ratio
 * before it is read, and read as a stream, so a zip bomb or a huge sheet costs neither
 * memory nor time; expat keeps its protection against entity expansion. */
#define _GNU_SOURCE /* memmem */
#include "read_xlsx.h"

#include <stdlib.h>
#include <string.h>

#include "xlsx_numfmt.h"

/* A plan's sheet is tens of kilobytes; these leave room for a hundred times that. */
enum {
	MAX_PART_BYTES = 32 << 20,
	MAX_RATIO = 100,            /* XML compresses 10–20 times; a bomb far more */
	RATIO_FROM = 1 << 20,       /* small parts may compress as they like */
	MAX_STRINGS = 1 << 20,
	MAX_STYLES = 1 << 16,
	MAX_SHEETS = 1024,
};

/* ---------------------------------------------------------------- XML */

const char *xlsx_local(const char *name)
{
	const char *colon = strchr(name, ':');
	return colon ? colon + 1 : name;
}

const char *xlsx_attr(const char **attrs, const char *local)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (!strcmp(xlsx_local(attrs[i]), local))
			return attrs[i + 1];
	return NULL;
}

void xlsx_unescape(struct buf *b)
{
	if (!b->len || !memmem(b->data, b->len, "_x", 2))
		return; /* almost every text: nothing to decode */
	size_t w = 0;
	for (size_t r = 0; r < b->len;) {
		if (r + 7 <= b->len && b->data[r] == '_' && b->data[r + 1] == 'x' &&
		    b->data[r + 6] == '_' && hex_digit(b->data[r + 2]) >= 0 && hex_digit(b->data[r + 3]) >= 0 &&
		    hex_digit(b->data[r + 4]) >= 0 && hex_digit(b->data[r + 5]) >= 0) {
			uint32_t cp = (uint32_t)(hex_digit(b->data[r + 2]) << 12 | hex_digit(b->data[r + 3]) << 8 |
						 hex_digit(b->data[r + 4]) << 4 | hex_digit(b->data[r + 5]));
			char enc[4];
			int n = utf8_encode(cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp, enc);
			memcpy(b->data + w, enc, (size_t)n); /* never longer than the 7 bytes read */
			w += (size_t)n, r += 7;
			continue;
		}
		b->data[w++] = b->data[r++];
	}
	b->len = w;
}

/* ---------------------------------------------------------------- parts */

static zip_int64_t locate(struct xlsx *x, const char *part)
{
	if (part[0] == '/')
		part++;
	return zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
}

/* A part's size and compression, checked before a byte of it is inflated. */
static bool part_size_ok(struct xlsx *x, const char *part, zip_int64_t index)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) != 0) {
		diag_report(x->d, D_XLSX_DAMAGED, x->path, 0, 0, zip_strerror(x->zip));
		return false;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > MAX_PART_BYTES) {
		diag_report(x->d, D_XLSX_TOO_LARGE, x->path, 0, 0, part,
			    arena_printf(x->a, _("%llu MB"), (unsigned long long)(st.size >> 20)));
		return false;
	}
	if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.size > RATIO_FROM &&
	    st.size / (st.comp_size ? st.comp_size : 1) > MAX_RATIO) {
		diag_report(x->d, D_XLSX_TOO_LARGE, x->path, 0, 0, part,
			    arena_printf(x->a, _("compressed %llu times"),
					 (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1))));
		return false;
	}
	return true;
}

static bool xml_failed(struct xlsx *x, const char *part, XML_Parser p)
{
	diag_report(x->d, D_XLSX_XML, x->path, 0, 0, part, XML_ErrorString(XML_GetErrorCode(p)),
		    (unsigned long)XML_GetCurrentLineNumber(p));
	return false;
}

/* Inflates the part a chunk at a time into expat. The size read is counted, not taken
 * from the zip's directory, which a hostile file may understate. */
static bool stream_part(struct xlsx *x, const char *part, zip_file_t *f, XML_Parser p)
{
	char chunk[1 << 16];
	zip_uint64_t total = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
		if (n < 0) {
			diag_report(x->d, D_XLSX_DAMAGED, x->path, 0, 0, zip_file_strerror(f));
			return false;
		}
		total += (zip_uint64_t)n;
		if (total > MAX_PART_BYTES) {
			diag_report(x->d, D_XLSX_TOO_LARGE, x->path, 0, 0, part,
				    arena_printf(x->a, _("more than %d MB"), MAX_PART_BYTES >> 20));
			return false;
		}
		if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR)
			return x->failed ? false : x->done ? true : xml_failed(x, part, p);
		if (x->failed)
			return false;
		if (n == 0)
			return true;
	}
}

bool xlsx_parse_part(struct xlsx *x, const char *part, bool required, void *user,
		     XML_StartElementHandler start, XML_EndElementHandler end,
		     XML_CharacterDataHandler text)
{
	zip_int64_t index = locate(x, part);
	if (index < 0) {
		if (required)
			diag_report(x->d, D_XLSX_PART_MISSING, x->path, 0, 0, part);
		return !required;
	}
	if (!part_size_ok(x, part, index))
		return false;
	zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
	if (!f) {
		diag_report(x->d, D_XLSX_DAMAGED, x->path, 0, 0, zip_strerror(x->zip));
		return false;
	}
	/* one parser for the workbook's parts: resetting it costs less than making one */
	XML_Parser p = x->parser ? x->parser : XML_ParserCreate(NULL);
	if (x->parser)
		XML_ParserReset(p, NULL);
	x->parser = p;
	x->done = false;
	XML_SetUserData(p, user);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text);
	bool ok = stream_part(x, part, f, p);
	zip_fclose(f);
	return ok;
}

void xlsx_part_done(struct xlsx *x)
{
	x->done = true;
	XML_StopParser(x->parser, XML_FALSE);
}

/* ---------------------------------------------------------------- relationships */

struct rel {
	const char *id, *type, *part; /* part: the target as a part name */
};

struct rels {
	struct xlsx *x;
	const char *base; /* the folder targets are relative to, e.g. "xl/" */
	struct vec list;  /* struct rel */
};

/* A relationship's target as a part name: absolute ("/xl/…") or relative to the folder of
 * the part that owns it. */
static const char *target_part(struct xlsx *x, const char *base, const char *target)
{
	if (target[0] == '/')
		return arena_strdup(x->scratch, target + 1);
	return arena_printf(x->scratch, "%s%s", base, target);
}

static void rels_start(void *user, const char *name, const char **attrs)
{
	struct rels *r = user;
	const char *id = xlsx_attr(attrs, "Id"), *type = xlsx_attr(attrs, "Type");
	const char *target = xlsx_attr(attrs, "Target");
	if (strcmp(xlsx_local(name), "Relationship") || !target || r->list.len >= MAX_SHEETS * 4)
		return;
	struct rel *e = vec_push(r->x->scratch, &r->list, sizeof *e);
	e->id = id ? arena_strdup(r->x->scratch, id) : "";
	e->type = type ? arena_strdup(r->x->scratch, type) : "";
	e->part = target_part(r->x, r->base, target);
}

static void no_end(void *user, const char *name)
{
	(void)user, (void)name;
}

static void no_text(void *user, const char *s, int len)
{
	(void)user, (void)s, (void)len;
}

/* The relationships of a part (its rels part may be missing: none). */
static bool read_rels(struct xlsx *x, const char *rels_part, const char *base, struct rels *r)
{
	*r = (struct rels){x, base, {0}};
	return xlsx_parse_part(x, rels_part, false, r, rels_start, no_end, no_text);
}

/* The target of a relationship, by id or by the end of its type; NULL if none. */
static const char *relationship(const struct rels *r, const char *id, const char *type)
{
	for (size_t i = 0; i < r->list.len; i++) {
		const struct rel *e = &VEC_AT(&r->list, struct rel, i);
		size_t tl = strlen(e->type), wl = type ? strlen(type) : 0;
		if ((id && !strcmp(e->id, id)) || (type && tl >= wl && !strcmp(e->type + tl - wl, type)))
			return e->part;
	}
	return NULL;
}

/* ---------------------------------------------------------------- workbook */

struct sheet_entry {
	const char *name, *rid;
	bool hidden;
};

struct workbook {
	struct xlsx *x;
	struct vec sheets; /* struct sheet_entry */
};

static void workbook_start(void *user, const char *name, const char **attrs)
{
	struct workbook *w = user;
	const char *local = xlsx_local(name);
	if (!strcmp(local, "workbookPr")) {
		const char *v = xlsx_attr(attrs, "date1904");
		w->x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(local, "sheet") && w->sheets.len < MAX_SHEETS) {
		const char *sname = xlsx_attr(attrs, "name"), *rid = xlsx_attr(attrs, "id");
		const char *state = xlsx_attr(attrs, "state");
		if (!sname || !rid)
			return;
		struct sheet_entry *e = vec_push(w->x->scratch, &w->sheets, sizeof *e);
		e->name = arena_strdup(w->x->a, sname);
		e->rid = arena_strdup(w->x->scratch, rid);
		e->hidden = state && strcmp(state, "visible") != 0;
	}
}

/* The sheet to read: the one named, else the first visible one. */
static const struct sheet_entry *choose_sheet(struct xlsx *x, const struct workbook *w,
					      const char *want)
{
	const struct sheet_entry *sheets = w->sheets.items;
	if (!w->sheets.len) {
		diag_report(x->d, D_XLSX_PART_MISSING, x->path, 0, 0, _("sheet"));
		return NULL;
	}
	for (size_t i = 0; want && i < w->sheets.len; i++)
		if (!strcmp(sheets[i].name, want))
			return &sheets[i];
	if (want) {
		struct buf names = {0};
		for (size_t i = 0; i < w->sheets.len; i++)
			buf_printf(&names, "%s'%s'", i ? ", " : "", sheets[i].name);
		diag_report(x->d, D_SHEET_MISSING, x->path, 0, 0, want, buf_cstr(&names));
		buf_free(&names);
		return NULL;
	}
	for (size_t i = 0; i < w->sheets.len; i++)
		if (!sheets[i].hidden)
			return &sheets[i];
	return &sheets[0];
}

/* ---------------------------------------------------------------- styles */

struct styles {
	struct xlsx *x;
	struct vec custom_ids, custom_codes; /* int, const char * */
	struct vec xf_formats;               /* int: numFmtId of each cellXfs entry */
	int depth_cellxfs;
};

static void styles_start(void *user, const char *name, const char **attrs)
{
	struct styles *s = user;
	const char *local = xlsx_local(name);
	if (!strcmp(local, "numFmt") && s->custom_ids.len < MAX_STYLES) {
		const char *id = xlsx_attr(attrs, "numFmtId"), *code = xlsx_attr(attrs, "formatCode");
		if (!id || !code)
			return;
		*(int *)vec_push(s->x->scratch, &s->custom_ids, sizeof(int)) = atoi(id);
		*(const char **)vec_push(s->x->scratch, &s->custom_codes, sizeof(char *)) =
			arena_strdup(s->x->scratch, code);
	} else if (!strcmp(local, "cellXfs")) {
		s->depth_cellxfs++;
	} else if (!strcmp(local, "xf") && s->depth_cellxfs && s->xf_formats.len < MAX_STYLES) {
		const char *id = xlsx_attr(attrs, "numFmtId");
		*(int *)vec_push(s->x->scratch, &s->xf_formats, sizeof(int)) = id ? atoi(id) : 0;
	}
}

static void styles_end(void *user, const char *name)
{
	struct styles *s = user;
	if (!strcmp(xlsx_local(name), "cellXfs") && s->depth_cellxfs && !--s->depth_cellxfs)
		xlsx_part_done(s->x); /* the cell styles' number formats are all we read */
}

/* The format code of each cell style: a custom code of the workbook, else a built-in. */
static void resolve_formats(struct styles *s)
{
	struct xlsx *x = s->x;
	x->nformats = s->xf_formats.len;
	x->formats = arena_calloc(x->scratch, x->nformats + 1, sizeof *x->formats);
	for (size_t i = 0; i < x->nformats; i++) {
		int id = VEC_AT(&s->xf_formats, int, i);
		const char *code = NULL;
		for (size_t k = s->custom_ids.len; k-- > 0 && !code;)
			if (VEC_AT(&s->custom_ids, int, k) == id)
				code = VEC_AT(&s->custom_codes, const char *, k);
		x->formats[i] = code ? code : numfmt_builtin(id);
	}
}

/* ---------------------------------------------------------------- shared strings */

struct strings {
	struct xlsx *x;
	struct vec items;  /* const char * */
	struct buf text;
	int in_si, in_t, in_phonetic;
};

static void strings_start(void *user, const char *name, const char **attrs)
{
	(void)attrs;
	struct strings *s = user;
	const char *local = xlsx_local(name);
	if (!strcmp(local, "si")) {
		s->in_si = 1;
		s->text.len = 0;
	} else if (!strcmp(local, "rPh")) {
		s->in_phonetic++; /* the reading aid of East-Asian text is not the cell's */
	} else if (!strcmp(local, "t")) {
		s->in_t = 1;
	}
}

static void strings_end(void *user, const char *name)
{
	struct strings *s = user;
	const char *local = xlsx_local(name);
	if (!strcmp(local, "t")) {
		s->in_t = 0;
	} else if (!strcmp(local, "rPh") && s->in_phonetic) {
		s->in_phonetic--;
	} else if (!strcmp(local, "si") && s->in_si) {
		s->in_si = 0;
		if (s->items.len >= MAX_STRINGS) {
			diag_report(s->x->d, D_XLSX_TOO_LARGE, s->x->path, 0, 0, "sharedStrings",
				    arena_printf(s->x->a, _("more than %d texts"), MAX_STRINGS));
			s->x->failed = true;
			return;
		}
		xlsx_unescape(&s->text);
		*(const char **)vec_push(s->x->scratch, &s->items, sizeof(char *)) =
			arena_strndup(s->x->a, s->text.data ? s->text.data : "", s->text.len);
	}
}

static void strings_text(void *user, const char *t, int len)
{
	struct strings *s = user;
	if (s->in_si && s->in_t && !s->in_phonetic)
		buf_add(&s->text, t, (size_t)len);
}

/* ---------------------------------------------------------------- the workbook */

static bool read_parts(struct xlsx *x, const char *want, struct table *t)
{
	struct rels top, rels;
	if (!read_rels(x, "_rels/.rels", "", &top))
		return false;
	const char *book = relationship(&top, NULL, "/officeDocument");
	if (!book)
		book = "xl/workbook.xml";
	const char *slash = strrchr(book, '/');
	const char *base = slash ? arena_strndup(x->scratch, book, (size_t)(slash - book) + 1) : "";
	const char *book_rels = arena_printf(x->scratch, "%s_rels/%s.rels", base,
					     slash ? slash + 1 : book);
	struct workbook w = {x, {0}};
	if (!xlsx_parse_part(x, book, true, &w, workbook_start, no_end, no_text) ||
	    !read_rels(x, book_rels, base, &rels))
		return false;
	const struct sheet_entry *sheet = choose_sheet(x, &w, want);
	if (!sheet)
		return false;
	const char *sheet_part = relationship(&rels, sheet->rid, NULL);
	if (!sheet_part) {
		diag_report(x->d, D_XLSX_PART_MISSING, x->path, 0, 0, sheet->name);
		return false;
	}
	if (sheet->hidden)
		diag_report(x->d, D_SHEET_HIDDEN, x->path, 0, 0, sheet->name);
	const char *styles = relationship(&rels, NULL, "/styles");
	struct styles st = {x, {0}, {0}, {0}, 0};
	if (styles && !xlsx_parse_part(x, styles, false, &st, styles_start, styles_end, no_text))
		return false;
	resolve_formats(&st);
	const char *shared = relationship(&rels, NULL, "/sharedStrings");
	struct strings ss = {x, {0}, {0}, 0, 0, 0};
	bool ok = !shared || xlsx_parse_part(x, shared, false, &ss, strings_start, strings_end,
					     strings_text);
	buf_free(&ss.text);
	if (!ok || x->failed)
		return false;
	x->strings = ss.items.items;
	x->nstrings = ss.items.len;
	t->sheet = sheet->name;
	return xlsx_read_sheet(x, sheet_part, t);
}

bool xlsx_read(struct arena *a, struct arena *scratch, struct diag *d, const char *path,
	       struct buf *bytes, const char *sheet, struct table *t)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(bytes->data, bytes->len, 0, &err);
	zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (!zip) {
		diag_report(d, D_XLSX_DAMAGED, path, 0, 0, zip_error_strerror(&err));
		if (src)
			zip_source_free(src);
		zip_error_fini(&err);
		return false;
	}
	zip_error_fini(&err);
	struct xlsx x = {.a = a, .scratch = scratch, .d = d, .path = path, .zip = zip};
	t->file = path;
	bool ok = read_parts(&x, sheet, t);
	if (x.parser)
		XML_ParserFree(x.parser);
	zip_discard(zip); /* read only: nothing to write back; frees the source too */
	return ok && !x.failed;
}
