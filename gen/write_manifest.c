/* write_manifest.c — changes one unit's `plan:` in book.yaml, as text: where libyaml's
 * tokens place the value, so that the planning unit's comments, order and quoting stay as
 * they wrote them (the same approach as new_year.c). Used by `planbook serve` when a unit
 * sends its plan as another kind of file than book.yaml names (a workbook for a CSV), or
 * sends the first plan of a pending unit. */
#include "write_manifest.h"

#include <string.h>
#include <yaml.h>

struct frame {
	bool map, flow;
	const char *key;          /* the key being read */
	const char *parent_key;   /* the key of the mapping above */
	const char *id;           /* a unit's id */
	size_t plan_start, plan_end; /* its plan's value, in bytes */
	bool has_plan, plan_quoted;
	size_t anchor;            /* the end of its id value: a new plan line goes after */
	int key_col;
	size_t close;             /* a flow mapping's '}' */
};

struct editor {
	const char *src;
	size_t len, bom;
	size_t char_pos, byte_pos; /* libyaml counts characters; the text is bytes */
	struct frame stack[64];
	int depth;
	enum { CONTENT, KEY, VALUE } role;
	const char *unit, *plan;
	struct arena *a;
	struct buf *out;
	bool done;
	const char *error;
};

static size_t byte_at(struct editor *e, size_t index)
{
	if (index < e->char_pos)
		e->char_pos = 0, e->byte_pos = e->bom;
	for (uint32_t cp; e->char_pos < index && e->byte_pos < e->len; e->char_pos++)
		e->byte_pos += (size_t)utf8_decode(e->src + e->byte_pos, e->len - e->byte_pos, &cp);
	return e->byte_pos;
}

/* A file name as a YAML value: plain when that is safe, else double-quoted. */
static const char *yaml_value(struct arena *a, const char *v)
{
	bool plain = v[0] && strchr("-?:,[]{}#&*!|>'\"%@`. ", v[0]) == NULL;
	for (const char *p = v; plain && *p; p++)
		plain = ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
			 (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._/-", *p));
	if (plain)
		return v;
	struct buf b = {0};
	buf_addc(&b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static const char *eol_of(const char *s, size_t n)
{
	const char *nl = n ? memchr(s, '\n', n) : NULL;
	return nl && nl > s && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* The unit's mapping ends: its plan's value replaced, or a plan line added after its id. */
static void end_unit(struct editor *e, struct frame *f)
{
	if (!f->id || strcmp(f->id, e->unit) || e->done)
		return;
	e->done = true;
	const char *value = yaml_value(e->a, e->plan);
	if (f->has_plan) {
		buf_add(e->out, e->src, f->plan_start);
		buf_adds(e->out, value);
		buf_add(e->out, e->src + f->plan_end, e->len - f->plan_end);
	} else if (f->flow) {
		buf_add(e->out, e->src, f->close);
		buf_printf(e->out, ", plan: %s", value);
		buf_add(e->out, e->src + f->close, e->len - f->close);
	} else {
		size_t at = f->anchor;
		while (at < e->len && e->src[at] != '\n')
			at++;
		const char *eol = eol_of(e->src, e->len);
		bool last = at >= e->len;
		buf_add(e->out, e->src, last ? at : at + 1);
		buf_printf(e->out, "%s%*splan: %s%s", last ? eol : "", f->key_col, "", value,
			   last ? "" : eol);
		if (!last)
			buf_add(e->out, e->src + at + 1, e->len - at - 1);
	}
}

static void on_scalar(struct editor *e, const yaml_token_t *t)
{
	struct frame *f = e->depth ? &e->stack[e->depth - 1] : NULL;
	if (!f || !f->map)
		return;
	size_t s = byte_at(e, t->start_mark.index), end = byte_at(e, t->end_mark.index);
	const char *v = arena_strndup(e->a, (const char *)t->data.scalar.value, t->data.scalar.length);
	if (e->role == KEY) {
		f->key = v;
		f->key_col = (int)t->start_mark.column;
		return;
	}
	if (e->role != VALUE || !f->key || !f->parent_key || strcmp(f->parent_key, "units"))
		return;
	if (!strcmp(f->key, "id")) {
		f->id = v;
		f->anchor = end;
	} else if (!strcmp(f->key, "plan")) {
		f->has_plan = true;
		f->plan_start = s;
		f->plan_end = end;
	}
}

static void on_token(struct editor *e, const yaml_token_t *t)
{
	switch (t->type) {
	case YAML_BLOCK_MAPPING_START_TOKEN:
	case YAML_FLOW_MAPPING_START_TOKEN:
	case YAML_BLOCK_SEQUENCE_START_TOKEN:
	case YAML_FLOW_SEQUENCE_START_TOKEN: {
		if (e->depth == (int)(sizeof e->stack / sizeof e->stack[0])) {
			e->error = "book.yaml is nested too deeply";
			return;
		}
		struct frame *f = &e->stack[e->depth++];
		*f = (struct frame){.map = t->type == YAML_BLOCK_MAPPING_START_TOKEN ||
					   t->type == YAML_FLOW_MAPPING_START_TOKEN,
				    .flow = t->type == YAML_FLOW_MAPPING_START_TOKEN ||
					    t->type == YAML_FLOW_SEQUENCE_START_TOKEN};
		for (int i = e->depth - 2; i >= 0 && !f->parent_key; i--)
			if (e->stack[i].map)
				f->parent_key = e->stack[i].key;
		e->role = CONTENT;
		break;
	}
	case YAML_BLOCK_END_TOKEN:
	case YAML_FLOW_MAPPING_END_TOKEN:
	case YAML_FLOW_SEQUENCE_END_TOKEN:
		if (e->depth > 0) {
			struct frame *f = &e->stack[--e->depth];
			if (t->type == YAML_FLOW_MAPPING_END_TOKEN)
				f->close = byte_at(e, t->start_mark.index);
			if (f->map && f->parent_key && !strcmp(f->parent_key, "units"))
				end_unit(e, f);
		}
		e->role = CONTENT;
		break;
	case YAML_KEY_TOKEN:
	case YAML_VALUE_TOKEN:
		e->role = t->type == YAML_KEY_TOKEN ? KEY : VALUE;
		break;
	case YAML_ANCHOR_TOKEN:
	case YAML_TAG_TOKEN:
		break;
	case YAML_SCALAR_TOKEN:
		on_scalar(e, t);
		/* fall through */
	default:
		e->role = CONTENT;
	}
}

bool manifest_set_plan(struct arena *a, const char *src, size_t len, const char *unit,
		       const char *plan, struct buf *out, const char **error)
{
	struct editor e = {.src = src, .len = len, .unit = unit, .plan = plan, .a = a, .out = out};
	e.bom = len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;
	e.byte_pos = e.bom;
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)src + e.bom, len - e.bom);
	for (bool end = false; !end && !e.error && !e.done;) {
		yaml_token_t t;
		if (!yaml_parser_scan(&p, &t)) {
			e.error = "book.yaml does not parse";
			break;
		}
		end = t.type == YAML_STREAM_END_TOKEN;
		on_token(&e, &t);
		yaml_token_delete(&t);
	}
	yaml_parser_delete(&p);
	if (!e.error && !e.done)
		e.error = "book.yaml has no unit with this id";
	*error = e.error;
	return !e.error;
}
