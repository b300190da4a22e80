/* yaml_walk.c — book.yaml as libyaml's tokens: the collections open around each scalar,
 * whether it is a key or a value, and where it is in bytes (yaml_walk.h). */
#include "yaml_walk.h"

#include <string.h>

#include "diag.h"

size_t yaml_walk_byte(struct yaml_walk *w, size_t index)
{
	if (index < w->char_pos)
		w->char_pos = 0, w->byte_pos = w->bom;
	for (uint32_t cp; w->char_pos < index && w->byte_pos < w->len; w->char_pos++)
		w->byte_pos += (size_t)utf8_decode(w->src + w->byte_pos, w->len - w->byte_pos, &cp);
	return w->byte_pos;
}

const char *yaml_walk_eol(const char *s, size_t n)
{
	const char *nl = n ? memchr(s, '\n', n) : NULL;
	return nl && nl > s && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void open_frame(struct yaml_walk *w, const yaml_token_t *t)
{
	if (w->depth == WALK_DEPTH) {
		w->error = _("book.yaml is nested too deeply");
		return;
	}
	struct walk_frame *f = &w->stack[w->depth++];
	*f = (struct walk_frame){.map = t->type == YAML_BLOCK_MAPPING_START_TOKEN ||
					t->type == YAML_FLOW_MAPPING_START_TOKEN,
				 .flow = t->type == YAML_FLOW_MAPPING_START_TOKEN ||
					 t->type == YAML_FLOW_SEQUENCE_START_TOKEN};
	for (int i = w->depth - 2; i >= 0 && !f->parent_key; i--)
		if (w->stack[i].map)
			f->parent_key = w->stack[i].key;
	if (w->calls->open)
		w->calls->open(w, w->depth - 1);
}

static void close_frame(struct yaml_walk *w, const yaml_token_t *t)
{
	if (w->depth == 0)
		return;
	struct walk_frame *f = &w->stack[--w->depth];
	if (t->type == YAML_FLOW_MAPPING_END_TOKEN)
		f->close = yaml_walk_byte(w, t->start_mark.index);
	if (w->calls->close)
		w->calls->close(w, f, w->depth);
}

static void on_scalar(struct yaml_walk *w, const yaml_token_t *t)
{
	size_t s = yaml_walk_byte(w, t->start_mark.index), e = yaml_walk_byte(w, t->end_mark.index);
	const char *v = arena_strndup(w->a, (const char *)t->data.scalar.value, t->data.scalar.length);
	struct walk_frame *f = w->depth ? &w->stack[w->depth - 1] : NULL;
	if (f && f->map && w->role == WALK_KEY)
		f->key = v, f->key_start = s, f->key_col = (int)t->start_mark.column;
	if (w->calls->scalar)
		w->calls->scalar(w, f, w->depth - 1, v, s, e, t);
}

static void on_token(struct yaml_walk *w, const yaml_token_t *t)
{
	switch (t->type) {
	case YAML_BLOCK_MAPPING_START_TOKEN:
	case YAML_FLOW_MAPPING_START_TOKEN:
	case YAML_BLOCK_SEQUENCE_START_TOKEN:
	case YAML_FLOW_SEQUENCE_START_TOKEN:
		open_frame(w, t);
		w->role = WALK_CONTENT;
		break;
	case YAML_BLOCK_END_TOKEN:
	case YAML_FLOW_MAPPING_END_TOKEN:
	case YAML_FLOW_SEQUENCE_END_TOKEN:
		close_frame(w, t);
		w->role = WALK_CONTENT;
		break;
	case YAML_KEY_TOKEN:
	case YAML_VALUE_TOKEN:
		w->role = t->type == YAML_KEY_TOKEN ? WALK_KEY : WALK_VALUE;
		break;
	case YAML_ANCHOR_TOKEN: /* between a key and its value */
	case YAML_TAG_TOKEN:
		break;
	case YAML_SCALAR_TOKEN:
		on_scalar(w, t);
		/* fall through */
	default:
		w->role = WALK_CONTENT;
	}
}

bool yaml_walk(struct yaml_walk *w, struct arena *a, const char *src, size_t len,
	       const char *what, const struct walk_calls *calls, void *ctx)
{
	*w = (struct yaml_walk){.a = a, .src = src, .len = len, .calls = calls, .ctx = ctx};
	w->bom = len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;
	w->byte_pos = w->bom;
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)src + w->bom, len - w->bom);
	for (bool end = false; !end && !w->error && !w->stop;) {
		yaml_token_t t;
		if (!yaml_parser_scan(&p, &t)) {
			w->error = arena_printf(a, _("%s does not parse: %s"), what,
						p.problem ? p.problem : "unknown problem");
			break;
		}
		end = t.type == YAML_STREAM_END_TOKEN;
		on_token(w, &t);
		yaml_token_delete(&t);
	}
	yaml_parser_delete(&p);
	return !w->error;
}
