/* write_manifest.c — changes one unit's `plan:` in book.yaml, as text: where libyaml's
 * tokens place the value, so that the planning unit's comments, order and quoting stay as
 * they wrote them (the same approach as new_year.c). Used by `planbook serve` when a unit
 * sends its plan as another kind of file than book.yaml names (a workbook for a CSV), or
 * sends the first plan of a pending unit. */
#include "write_manifest.h"

#include <string.h>

#include "yaml_walk.h"

/* what the edit needs of a unit's mapping, beside the walk's frame */
struct unit_frame {
	const char *id;              /* a unit's id */
	size_t plan_start, plan_end; /* its plan's value, in bytes */
	bool has_plan;
	size_t anchor; /* the end of its id value: a new plan line goes after */
};

struct editor {
	struct unit_frame units[WALK_DEPTH]; /* by the walk's frame index */
	const char *unit, *plan;
	struct buf *out;
};

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

/* The unit's mapping ends: its plan's value replaced, or a plan line added after its id. */
static void end_unit(struct yaml_walk *w, const struct walk_frame *f, const struct unit_frame *u)
{
	struct editor *e = w->ctx;
	if (!u->id || strcmp(u->id, e->unit))
		return;
	w->stop = true;
	const char *value = yaml_value(w->a, e->plan), *src = w->src;
	size_t len = w->len;
	if (u->has_plan) {
		buf_add(e->out, src, u->plan_start);
		buf_adds(e->out, value);
		buf_add(e->out, src + u->plan_end, len - u->plan_end);
	} else if (f->flow) {
		buf_add(e->out, src, f->close);
		buf_printf(e->out, ", plan: %s", value);
		buf_add(e->out, src + f->close, len - f->close);
	} else {
		size_t at = u->anchor;
		while (at < len && src[at] != '\n')
			at++;
		const char *eol = yaml_walk_eol(src, len);
		bool last = at >= len;
		buf_add(e->out, src, last ? at : at + 1);
		buf_printf(e->out, "%s%*splan: %s%s", last ? eol : "", f->key_col, "", value,
			   last ? "" : eol);
		if (!last)
			buf_add(e->out, src + at + 1, len - at - 1);
	}
}

static bool in_unit(const struct walk_frame *f)
{
	return f && f->map && f->parent_key && !strcmp(f->parent_key, "units");
}

static void on_open(struct yaml_walk *w, int i)
{
	struct editor *e = w->ctx;
	e->units[i] = (struct unit_frame){0};
}

static void on_scalar(struct yaml_walk *w, struct walk_frame *f, int i, const char *v,
		      size_t start, size_t end, const yaml_token_t *t)
{
	(void)t;
	struct editor *e = w->ctx;
	if (w->role != WALK_VALUE || !in_unit(f) || !f->key)
		return;
	if (!strcmp(f->key, "id")) {
		e->units[i].id = v;
		e->units[i].anchor = end;
	} else if (!strcmp(f->key, "plan")) {
		e->units[i].has_plan = true;
		e->units[i].plan_start = start;
		e->units[i].plan_end = end;
	}
}

static void on_close(struct yaml_walk *w, struct walk_frame *f, int i)
{
	struct editor *e = w->ctx;
	if (in_unit(f))
		end_unit(w, f, &e->units[i]);
}

bool manifest_set_plan(struct arena *a, const char *src, size_t len, const char *unit,
		       const char *plan, struct buf *out, const char **error)
{
	static const struct walk_calls calls = {on_open, on_scalar, on_close};
	struct editor e = {.unit = unit, .plan = plan, .out = out};
	struct yaml_walk w;
	yaml_walk(&w, a, src, len, "book.yaml", &calls, &e);
	if (!w.error && !w.stop)
		w.error = "book.yaml has no unit with this id";
	*error = w.error;
	return !w.error;
}
