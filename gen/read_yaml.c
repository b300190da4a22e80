/* read_yaml.c — builds a ynode tree from libyaml's event stream. */
#include "read_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct builder {
	struct arena *a;
	yaml_parser_t parser;
	const char *file;
	int line_offset;
	int depth;
	const char *text; /* the source, for advice on mistakes */
	size_t len;
};

#define YAML_MAX_DEPTH 64

static struct ynode *new_node(struct builder *b, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n = arena_alloc(b->a, sizeof *n);
	n->kind = kind;
	n->line = (int)m->line + 1 + b->line_offset;
	n->col = (int)m->column + 1;
	n->file = b->file;
	return n;
}

/* The column of the first character of line n (0-based) that is not a space. */
static int first_column(const struct builder *b, int n)
{
	size_t i = 0;
	for (int line = 0; line < n && i < b->len; i++)
		line += b->text[i] == '\n';
	int col = 1;
	while (i < b->len && b->text[i] == ' ')
		i++, col++;
	return col;
}

static void report_parser_error(struct builder *b, struct diag *d)
{
	const char *what = b->parser.problem ? b->parser.problem : _("unknown problem");
	yaml_mark_t m = b->parser.problem_mark;
	int context = b->parser.context ? (int)b->parser.context_mark.line : -1, at;
	const char *advice = yaml_advice(b->a, b->text, b->len, b->parser.problem, (int)m.line,
					 context, &at);
	if (advice)
		diag_report(d, D_YAML_ADVICE, b->file, at + 1 + b->line_offset,
			    first_column(b, at), advice, what);
	else
		diag_report(d, D_YAML_SYNTAX, b->file, (int)m.line + 1 + b->line_offset,
			    (int)m.column + 1, what);
}

/* The source line of a node, from its first column. */
static const char *source_line(const struct builder *b, const struct ynode *n, size_t *len)
{
	int want = n->line - 1 - b->line_offset, line = 0;
	size_t i = 0;
	while (line < want && i < b->len) {
		if (b->text[i++] == '\n')
			line++;
	}
	size_t end = i;
	while (end < b->len && b->text[end] != '\n')
		end++;
	*len = end - i;
	return b->text + i;
}

/* The length of "#1F3864" or "#FFF" at the start of s (len bytes, the rest of a line) when
 * nothing but a space or a comment follows it; 0 when s does not start with a colour. */
static size_t color_length(const char *s, size_t len)
{
	size_t n = 1;
	while (n < len && s[n] && strchr("0123456789abcdefABCDEF", s[n]))
		n++;
	bool ends = n == len || s[n] == ' ' || s[n] == '\t' || s[n] == '\r';
	return (n == 7 || n == 4) && ends ? n : 0;
}

/* A value lost to a '#' that YAML read as a comment; a colour gets the line to write. */
static void report_hash(struct arena *a, struct diag *d, const struct ynode *k, struct ynode *v,
			const char *hash, size_t len)
{
	size_t n = color_length(hash, len);
	v->commented = true;
	if (n)
		diag_report(d, D_YAML_HASH_COLOR, k->file, k->line, k->col, k->value,
			    arena_strndup(a, hash, n));
	else
		diag_report(d, D_YAML_HASH, k->file, k->line, k->col, k->value);
}

/* A key with nothing after it, where the editor did write something: a value starting with
 * '#' (YAML reads a comment), or in {…} the rest of a value cut at its comma. Both would
 * lose the value without a word. */
static void check_empty_values(struct builder *b, struct diag *d, const struct ynode *map,
			       bool flow)
{
	for (size_t i = 0; i < map->len; i++) {
		const struct ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
		if (k->kind != Y_SCALAR || v->kind != Y_SCALAR || !v->empty)
			continue;
		size_t len;
		const char *line = source_line(b, k, &len);
		size_t j = 0;
		for (int col = 1; col < k->col && j < len; col++) /* to the key's first byte */
			j += (size_t)utf8_decode(line + j, len - j, &(uint32_t){0});
		j += strlen(k->value);
		while (j < len && (line[j] == ' ' || line[j] == '\t'))
			j++;
		bool colon = j < len && line[j] == ':';
		for (j += colon; j < len && (line[j] == ' ' || line[j] == '\t');)
			j++;
		if (!flow && j < len && line[j] == '#')
			report_hash(b->a, d, k, map->items[2 * i + 1], line + j, len - j);
		else if (flow && i > 0 && !colon)
			diag_report(d, D_YAML_COMMA, k->file, k->line, k->col, k->value,
				    map->items[2 * i - 2]->value ? map->items[2 * i - 2]->value : "");
	}
}

static struct ynode *build_node(struct builder *b, struct diag *d, yaml_event_t *ev);

/* Reads children until the matching end event; for maps, items alternate key and value. */
static bool build_children(struct builder *b, struct diag *d, struct ynode *n,
			   yaml_event_type_t end)
{
	struct vec items = {0};
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&b->parser, &ev)) {
			report_parser_error(b, d);
			return false;
		}
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		struct ynode *child = build_node(b, d, &ev);
		yaml_event_delete(&ev);
		if (!child)
			return false;
		*(struct ynode **)vec_push(b->a, &items, sizeof child) = child;
	}
	n->items = items.items;
	n->len = n->kind == Y_MAP ? items.len / 2 : items.len;
	return true;
}

static struct ynode *build_node(struct builder *b, struct diag *d, yaml_event_t *ev)
{
	struct ynode *n;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = new_node(b, Y_SCALAR, &ev->start_mark);
		n->value = arena_strndup(b->a, (const char *)ev->data.scalar.value,
					 ev->data.scalar.length);
		n->empty = ev->data.scalar.length == 0 &&
			   ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		n = new_node(b, seq ? Y_SEQ : Y_MAP, &ev->start_mark);
		if (++b->depth > YAML_MAX_DEPTH) {
			diag_report(d, D_YAML_SYNTAX, b->file, n->line, n->col,
				    _("nested too deeply"));
			return NULL;
		}
		bool ok = build_children(b, d, n,
					 seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT);
		if (ok && !seq)
			check_empty_values(b, d, n,
					   ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
		b->depth--;
		return ok ? n : NULL;
	}
	case YAML_ALIAS_EVENT:
		n = new_node(b, Y_SCALAR, &ev->start_mark);
		diag_report(d, D_YAML_SYNTAX, b->file, n->line, n->col,
			    _("aliases (*name) are not supported; write the value out"));
		return NULL;
	default:
		n = new_node(b, Y_SCALAR, &ev->start_mark);
		diag_report(d, D_YAML_SYNTAX, b->file, n->line, n->col, _("unexpected structure"));
		return NULL;
	}
}

struct ynode *yaml_parse(struct arena *a, struct diag *d, const char *file, const char *text,
			 size_t len, int line_offset)
{
	if (!diag_check_utf8(d, file, text, len, line_offset))
		return NULL;
	struct builder b = {.a = a, .file = file, .line_offset = line_offset, .text = text,
			    .len = len};
	yaml_parser_initialize(&b.parser);
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	struct ynode *root = NULL;
	bool failed = false;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&b.parser, &ev)) {
			report_parser_error(&b, d);
			failed = true;
			break;
		}
		yaml_event_type_t t = ev.type;
		if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT ||
		    t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT) {
			if (root) { /* a second document */
				yaml_event_delete(&ev);
				break;
			}
			root = build_node(&b, d, &ev);
			if (!root)
				failed = true;
		}
		yaml_event_delete(&ev);
		if (failed || t == YAML_STREAM_END_EVENT || t == YAML_DOCUMENT_END_EVENT)
			break;
	}
	yaml_parser_delete(&b.parser);
	if (failed)
		return NULL;
	if (!root || (root->kind == Y_SCALAR && root->value[0] == '\0')) {
		yaml_mark_t m = {0};
		root = new_node(&b, Y_MAP, &m);
	}
	return root;
}

struct ynode *yaml_load(struct arena *a, struct diag *d, const char *path)
{
	struct buf text = {0};
	if (!file_read(path, &text)) {
		diag_report(d, D_FILE_OPEN, path, 0, 0, strerror(errno));
		buf_free(&text);
		return NULL;
	}
	const char *start = text.data;
	size_t len = text.len;
	if (len >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
		start += 3, len -= 3; /* a BOM, as Windows editors write */
	struct ynode *root = yaml_parse(a, d, arena_strdup(a, path), start, len, 0);
	buf_free(&text);
	return root;
}

struct ynode *yaml_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->len; i++) {
		struct ynode *k = map->items[2 * i];
		if (k->kind == Y_SCALAR && strcmp(k->value, key) == 0)
			return map->items[2 * i + 1];
	}
	return NULL;
}

bool yaml_is_scalar(const struct ynode *n) { return n && n->kind == Y_SCALAR; }

void yaml_check_keys(struct diag *d, const struct ynode *map, const char *const *known)
{
	if (!map || map->kind != Y_MAP)
		return;
	for (size_t i = 0; i < map->len; i++) {
		struct ynode *k = map->items[2 * i];
		if (k->kind != Y_SCALAR)
			continue;
		bool found = false;
		for (const char *const *p = known; *p && !found; p++)
			found = strcmp(*p, k->value) == 0;
		if (found)
			continue;
		const char *best = NULL;
		int best_dist = 3;
		for (const char *const *p = known; *p; p++) {
			int dist = edit_distance(*p, k->value);
			if (dist < best_dist)
				best_dist = dist, best = *p;
		}
		diag_report(d, D_KEY_UNKNOWN, k->file, k->line, k->col, k->value, diag_hint(best));
	}
}

bool yaml_str(struct diag *d, const struct ynode *map, const char *key, bool required,
	      const char **out)
{
	struct ynode *n = yaml_get(map, key);
	if (!n) {
		if (required)
			diag_report(d, D_KEY_MISSING, map ? map->file : NULL, map ? map->line : 0,
				    map ? map->col : 0, key);
		return !required;
	}
	if (n->kind != Y_SCALAR) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, key, _("a single value"));
		return false;
	}
	*out = n->value;
	return true;
}

bool yaml_num(struct diag *d, const struct ynode *map, const char *key, bool required,
	      double *out)
{
	const char *s = NULL;
	if (!yaml_str(d, map, key, required, &s))
		return false;
	if (!s)
		return true;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno) {
		struct ynode *n = yaml_get(map, key);
		diag_report(d, D_VALUE_BAD, n->file, n->line, n->col, s, _("number"));
		return false;
	}
	*out = v;
	return true;
}

bool yaml_str_list(struct arena *a, struct diag *d, const struct ynode *n, const char *what,
		   const char ***out, size_t *count)
{
	if (!n)
		return true;
	if (n->kind == Y_SCALAR) {
		*out = arena_alloc(a, sizeof **out);
		(*out)[0] = n->value;
		*count = 1;
		return true;
	}
	if (n->kind != Y_SEQ) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, what,
			    _("a line of text or a list of lines"));
		return false;
	}
	*out = arena_calloc(a, n->len, sizeof **out);
	for (size_t i = 0; i < n->len; i++) {
		if (n->items[i]->kind != Y_SCALAR) {
			diag_report(d, D_YAML_TYPE, n->items[i]->file, n->items[i]->line,
				    n->items[i]->col, what, _("a list of lines of text"));
			return false;
		}
		(*out)[i] = n->items[i]->value;
	}
	*count = n->len;
	return true;
}

int edit_distance(const char *a, const char *b)
{
	uint32_t ua[256], ub[256];
	size_t na = 0, nb = 0;
	for (size_t i = 0, n = strlen(a); i < n && na < 256;) {
		i += (size_t)utf8_decode(a + i, n - i, &ua[na++]);
	}
	for (size_t i = 0, n = strlen(b); i < n && nb < 256;) {
		i += (size_t)utf8_decode(b + i, n - i, &ub[nb++]);
	}
	int prev[257], cur[257];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int sub = prev[j - 1] + (ua[i - 1] != ub[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(int) * (nb + 1));
	}
	return prev[nb];
}
