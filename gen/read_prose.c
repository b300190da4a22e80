/* read_prose.c — reads a prose page: an optional YAML header block between '---' lines,
 * then CommonMark (cmark), flattened into the blocks of the model. */
#include "read_prose.h"

#include <cmark.h>
#include <errno.h>
#include <string.h>

#include "read_yaml.h"

struct reader {
	struct arena *a;
	struct diag *d;
	const char *path;
	struct prose *prose;
	struct vec blocks;
	struct vec spans;
	struct buf text;
	int flags;
	int quote;
	int list_depth;
	int open_spans;  /* <span dir> not yet closed in the current block */
	bool ltr_block;  /* inside <div dir="ltr"> */
	bool warned_html, warned_image, warned_table;
};

/* ---------------------------------------------------------------- header block */

static const char *const header_keys[] = {"letterhead", "date", "reference", "to", "subject",
					  "signature", "update", NULL};

static bool read_signature(struct reader *r, const struct ynode *n, struct signature *sig)
{
	static const char *const keys[] = {"closing", "name", "role", NULL};
	if (n->kind != Y_MAP) {
		diag_report(r->d, D_YAML_TYPE, n->file, n->line, n->col, "signature",
			    _("a block with closing, name and role"));
		return false;
	}
	yaml_check_keys(r->d, n, keys);
	return yaml_str(r->d, n, "closing", false, &sig->closing) &&
	       yaml_str(r->d, n, "name", false, &sig->name) &&
	       yaml_str(r->d, n, "role", false, &sig->role);
}

static bool read_header(struct reader *r, const char *text, size_t len, int first_line)
{
	struct ynode *h = yaml_parse(r->a, r->d, r->path, text, len, first_line - 1);
	if (!h)
		return false;
	if (h->kind != Y_MAP) {
		diag_report(r->d, D_YAML_TYPE, r->path, h->line, h->col, _("the header block"),
			    _("a list of 'name: value' lines"));
		return false;
	}
	yaml_check_keys(r->d, h, header_keys);
	/* 'update:' is a note to the editors (planbook new writes it on every copied page):
	 * told by check until it is deleted, never printed */
	struct ynode *update = yaml_get(h, "update");
	if (update && update->kind == Y_SCALAR)
		diag_report(r->d, D_PROSE_UPDATE, r->path, update->line, update->col, update->value);
	struct prose *p = r->prose;
	bool ok = yaml_str(r->d, h, "letterhead", false, &p->letterhead) &&
		  yaml_str(r->d, h, "reference", false, &p->reference) &&
		  yaml_str(r->d, h, "subject", false, &p->subject) &&
		  yaml_str_list(r->a, r->d, yaml_get(h, "date"), "date", &p->date, &p->ndate) &&
		  yaml_str_list(r->a, r->d, yaml_get(h, "to"), "to", &p->to, &p->nto);
	struct ynode *sig = yaml_get(h, "signature");
	if (ok && sig) {
		size_t n = sig->kind == Y_SEQ ? sig->len : 1;
		p->signatures = arena_calloc(r->a, n, sizeof *p->signatures);
		p->nsignatures = n;
		for (size_t i = 0; i < n && ok; i++)
			ok = read_signature(r, sig->kind == Y_SEQ ? sig->items[i] : sig,
					    &p->signatures[i]);
	}
	return ok;
}

/* Splits off a header block: the file's first line is "---" and a later line is "---".
 * Returns the offset of the body and its first line number. */
static bool split_header(struct reader *r, const char *s, size_t len, size_t *body,
			 int *body_line)
{
	*body = 0;
	*body_line = 1;
	if (!(len >= 3 && memcmp(s, "---", 3) == 0 && (len == 3 || s[3] == '\n' || s[3] == '\r')))
		return true;
	size_t i = 3;
	while (i < len && s[i] != '\n')
		i++;
	size_t start = i + 1;
	int line = 2;
	for (size_t ls = start; ls < len;) {
		size_t le = ls;
		while (le < len && s[le] != '\n')
			le++;
		size_t l = le - ls;
		if (l > 0 && s[ls + l - 1] == '\r')
			l--;
		if (l == 3 && memcmp(s + ls, "---", 3) == 0) {
			if (!read_header(r, s + start, ls - start, 2))
				return false;
			*body = le < len ? le + 1 : le;
			*body_line = line + 1;
			return true;
		}
		ls = le + 1;
		line++;
	}
	diag_report(r->d, D_FRONT_MATTER, r->path, 1, 1);
	return false;
}

/* ---------------------------------------------------------------- Markdown */

static void flush_span(struct reader *r)
{
	if (r->text.len == 0)
		return;
	struct span *s = vec_push(r->a, &r->spans, sizeof *s);
	s->text = arena_strndup(r->a, r->text.data, r->text.len);
	s->flags = r->flags;
	r->text.len = 0;
}

static void warn_once(struct reader *r, bool *flag, cmark_node *n, const char *what)
{
	if (*flag)
		return;
	*flag = true;
	diag_report(r->d, D_PROSE_UNSUPPORTED, r->path, cmark_node_get_start_line(n),
		    cmark_node_get_start_column(n), what);
}

/* The one piece of HTML a prose page may hold: a direction mark for a span or a block,
 * written as in HTML. Returns the tag's meaning, 0 for anything else. */
enum dir_tag { TAG_OTHER, TAG_SPAN_LTR, TAG_SPAN_RTL, TAG_SPAN_END, TAG_DIV_LTR, TAG_DIV_END };

static enum dir_tag dir_tag(const char *html)
{
	char t[64];
	size_t n = 0;
	for (const char *p = html; *p && n + 1 < sizeof t; p++) /* lower case, no spaces */
		if (*p != ' ' && *p != '\n' && *p != '\r')
			t[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	t[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (t[i] == '\'')
			t[i] = '"';
	if (!strcmp(t, "<spandir=\"ltr\">"))
		return TAG_SPAN_LTR;
	if (!strcmp(t, "<spandir=\"rtl\">"))
		return TAG_SPAN_RTL;
	if (!strcmp(t, "</span>"))
		return TAG_SPAN_END;
	if (!strcmp(t, "<divdir=\"ltr\">"))
		return TAG_DIV_LTR;
	if (!strcmp(t, "</div>"))
		return TAG_DIV_END;
	return TAG_OTHER;
}

/* A span's direction becomes a Unicode isolate (LRI/RLI … PDI), which the text engine's
 * bidi honours and its shaper leaves undrawn. */
static void inline_html(struct reader *r, cmark_node *n)
{
	switch (dir_tag(cmark_node_get_literal(n))) {
	case TAG_SPAN_LTR:
		buf_adds(&r->text, "\u2066");
		r->open_spans++;
		break;
	case TAG_SPAN_RTL:
		buf_adds(&r->text, "\u2067");
		r->open_spans++;
		break;
	case TAG_SPAN_END:
		if (r->open_spans > 0) {
			buf_adds(&r->text, "\u2069");
			r->open_spans--;
		}
		break;
	default:
		warn_once(r, &r->warned_html, n, _("HTML other than <span dir=\"ltr\">"));
		break;
	}
}

static void collect_inlines(struct reader *r, cmark_node *parent)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_adds(&r->text, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_addc(&r->text, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_addc(&r->text, '\n');
			break;
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG: {
			int bit = cmark_node_get_type(n) == CMARK_NODE_EMPH ? SPAN_ITALIC : SPAN_BOLD;
			int saved = r->flags;
			flush_span(r);
			r->flags |= bit;
			collect_inlines(r, n);
			flush_span(r);
			r->flags = saved;
			break;
		}
		case CMARK_NODE_LINK:
			collect_inlines(r, n);
			break;
		case CMARK_NODE_IMAGE:
			warn_once(r, &r->warned_image, n, _("an image"));
			break;
		case CMARK_NODE_HTML_INLINE:
			inline_html(r, n);
			break;
		default:
			collect_inlines(r, n);
			break;
		}
	}
}

static struct block *add_block(struct reader *r, enum block_kind kind, cmark_node *n)
{
	struct block *b = vec_push(r->a, &r->blocks, sizeof *b);
	b->kind = kind;
	b->quote = r->quote;
	b->ltr = r->ltr_block;
	b->level = r->list_depth;
	b->line = cmark_node_get_start_line(n);
	return b;
}

static void finish_block(struct reader *r, struct block *b)
{
	for (; r->open_spans > 0; r->open_spans--) /* a span left open ends with its block */
		buf_adds(&r->text, "\u2069");
	flush_span(r);
	b->spans = r->spans.items;
	b->nspans = r->spans.len;
	r->spans = (struct vec){0};
}

static void walk_blocks(struct reader *r, cmark_node *parent);

static void walk_list(struct reader *r, cmark_node *list)
{
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	/* "1." counts in Hebrew letters (the book's house style), "1)" in digits */
	enum list_style style = !ordered ? LIST_BULLET
				: cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? LIST_DECIMAL
											: LIST_HEBREW;
	int number = ordered ? cmark_node_get_list_start(list) : 0;
	r->list_depth++;
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
		cmark_node *first = cmark_node_first_child(item);
		struct block *b = add_block(r, BLOCK_ITEM, item);
		b->list = style;
		b->number = number++;
		if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
			collect_inlines(r, first);
			first = cmark_node_next(first);
		}
		finish_block(r, b);
		for (cmark_node *rest = first; rest; rest = cmark_node_next(rest)) {
			/* paragraphs and nested lists after the item's first paragraph */
			if (cmark_node_get_type(rest) == CMARK_NODE_LIST)
				walk_list(r, rest);
			else if (cmark_node_get_type(rest) == CMARK_NODE_PARAGRAPH) {
				struct block *p = add_block(r, BLOCK_PARAGRAPH, rest);
				collect_inlines(r, rest);
				finish_block(r, p);
			} else {
				walk_blocks(r, rest);
			}
		}
	}
	r->list_depth--;
}

static void walk_node(struct reader *r, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING: {
		struct block *b = add_block(r, BLOCK_HEADING, n);
		b->level = cmark_node_get_heading_level(n);
		collect_inlines(r, n);
		finish_block(r, b);
		if (b->level == 1 && !r->prose->title && b->nspans) {
			struct buf t = {0};
			for (size_t i = 0; i < b->nspans; i++)
				buf_adds(&t, b->spans[i].text);
			r->prose->title = arena_strdup(r->a, buf_cstr(&t));
			buf_free(&t);
		}
		break;
	}
	case CMARK_NODE_PARAGRAPH: {
		struct block *b = add_block(r, BLOCK_PARAGRAPH, n);
		collect_inlines(r, n);
		finish_block(r, b);
		break;
	}
	case CMARK_NODE_CODE_BLOCK: {
		struct block *b = add_block(r, BLOCK_PARAGRAPH, n);
		buf_adds(&r->text, cmark_node_get_literal(n));
		while (r->text.len && r->text.data[r->text.len - 1] == '\n')
			r->text.len--;
		finish_block(r, b);
		break;
	}
	case CMARK_NODE_LIST:
		walk_list(r, n);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		r->quote++;
		walk_blocks(r, n);
		r->quote--;
		break;
	case CMARK_NODE_HTML_BLOCK: {
		enum dir_tag t = dir_tag(cmark_node_get_literal(n));
		if (t == TAG_DIV_LTR)
			r->ltr_block = true;
		else if (t == TAG_DIV_END)
			r->ltr_block = false;
		else
			warn_once(r, &r->warned_html, n, _("HTML other than <div dir=\"ltr\">"));
		break;
	}
	default:
		walk_blocks(r, n);
		break;
	}
}

static void walk_blocks(struct reader *r, cmark_node *parent)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
		walk_node(r, n);
}

struct prose *prose_read(struct arena *a, struct diag *d, const char *path,
			 const char *display_path)
{
	struct buf src = {0};
	if (!file_read(path, &src)) {
		diag_report(d, D_FILE_OPEN, display_path, 0, 0, strerror(errno));
		buf_free(&src);
		return NULL;
	}
	const char *s = src.data ? src.data : "";
	size_t len = src.len;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, len -= 3;
	struct reader r = {.a = a, .d = d, .path = display_path};
	r.prose = arena_alloc(a, sizeof *r.prose);
	r.prose->path = display_path;
	if (!diag_check_utf8(d, display_path, s, len, 0)) {
		buf_free(&src);
		return NULL;
	}
	size_t body;
	int body_line;
	if (!split_header(&r, s, len, &body, &body_line)) {
		buf_free(&src);
		return NULL;
	}
	/* cmark counts lines from the start of what it is given: pad so that its line
	 * numbers are the file's */
	struct buf md = {0};
	for (int i = 1; i < body_line; i++)
		buf_addc(&md, '\n');
	buf_add(&md, s + body, len - body);
	cmark_node *doc = cmark_parse_document(md.data ? md.data : "", md.len, CMARK_OPT_DEFAULT);
	walk_blocks(&r, doc);
	cmark_node_free(doc);
	buf_free(&md);
	buf_free(&r.text);
	buf_free(&src);
	r.prose->blocks = r.blocks.items;
	r.prose->nblocks = r.blocks.len;
	if (r.prose->nblocks == 0)
		diag_report(d, D_PROSE_EMPTY, display_path, 0, 0);
	return r.prose;
}
