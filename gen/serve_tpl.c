/* serve_tpl.c — the pages' templates (web/ templates): a small subset of Mustache, so that the
 * pages' Hebrew and HTML live in web/ and the C only fills in values.
 *   {{name}}      the value, HTML-escaped
 *   {{{name}}}    the value as it is (HTML made here: another template's output)
 *   {{#name}}…{{/name}}  once per item of a list, or once when the value is set and not ""
 *   {{^name}}…{{/name}}  once when the value is not set, "" or an empty list
 *   {{! …}}       a comment
 * A name is looked up in the item being rendered, then in the ones around it. */
#include "serve_tpl.h"

#include <string.h>

enum var_kind { V_TEXT, V_HTML, V_LIST };

struct var {
	const char *name;
	enum var_kind kind;
	const char *text;
	struct vec items; /* struct tpl * */
};

struct tpl {
	struct arena *a;
	const struct tpl *parent;
	struct vec vars;
};

struct tpl *tpl_new(struct arena *a)
{
	struct tpl *t = arena_alloc(a, sizeof *t);
	t->a = a;
	return t;
}

static struct var *own_var(struct tpl *t, const char *name)
{
	for (size_t i = 0; i < t->vars.len; i++)
		if (!strcmp(VEC_AT(&t->vars, struct var, i).name, name))
			return &VEC_AT(&t->vars, struct var, i);
	struct var *v = vec_push(t->a, &t->vars, sizeof *v);
	v->name = arena_strdup(t->a, name);
	return v;
}

void tpl_set(struct tpl *t, const char *name, const char *text)
{
	struct var *v = own_var(t, name);
	v->kind = V_TEXT;
	v->text = text ? arena_strdup(t->a, text) : NULL;
}

void tpl_setf(struct tpl *t, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[1024];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	tpl_set(t, name, tmp);
}

void tpl_html(struct tpl *t, const char *name, const char *html)
{
	struct var *v = own_var(t, name);
	v->kind = V_HTML;
	v->text = html ? arena_strdup(t->a, html) : NULL;
}

void tpl_flag(struct tpl *t, const char *name, bool on)
{
	tpl_set(t, name, on ? "1" : NULL);
}

struct tpl *tpl_item(struct tpl *t, const char *list)
{
	struct var *v = own_var(t, list);
	v->kind = V_LIST;
	struct tpl *item = tpl_new(t->a);
	item->parent = t;
	*(struct tpl **)vec_push(t->a, &v->items, sizeof item) = item;
	return item;
}

void tpl_list(struct tpl *t, const char *list)
{
	own_var(t, list)->kind = V_LIST;
}

static const struct var *lookup(const struct tpl *t, const char *name, size_t n)
{
	for (; t; t = t->parent)
		for (size_t i = 0; i < t->vars.len; i++) {
			const struct var *v = &VEC_AT(&t->vars, struct var, i);
			if (strlen(v->name) == n && !memcmp(v->name, name, n))
				return v;
		}
	return NULL;
}

void tpl_escape(struct buf *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '&': buf_adds(out, "&amp;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addc(out, *s);
		}
}

static bool truthy(const struct var *v)
{
	if (!v)
		return false;
	if (v->kind == V_LIST)
		return v->items.len > 0;
	return v->text && v->text[0];
}

/* The end of the section named [name, name + n) that starts at s: its closing tag, with
 * sections of the same name nested inside counted. NULL when it is never closed. */
static const char *section_end(const char *s, const char *end, const char *name, size_t n,
			       const char **after)
{
	int depth = 1;
	for (const char *p = s; p + 4 < end; p++) {
		if (p[0] != '{' || p[1] != '{')
			continue;
		char c = p[2];
		if ((c == '#' || c == '^' || c == '/') && (size_t)(end - p) > n + 4 &&
		    !memcmp(p + 3, name, n) && !memcmp(p + 3 + n, "}}", 2)) {
			depth += c == '/' ? -1 : 1;
			if (depth == 0) {
				*after = p + 5 + n;
				return p;
			}
		}
	}
	return NULL;
}

static bool render(const char *s, const char *end, const struct tpl *t, struct buf *out, int depth)
{
	if (depth > 16)
		return false;
	while (s < end) {
		const char *open = strstr(s, "{{");
		if (!open || open >= end) {
			buf_add(out, s, (size_t)(end - s));
			return true;
		}
		buf_add(out, s, (size_t)(open - s));
		bool raw = open[2] == '{';
		const char *name = open + (raw ? 3 : 2);
		const char *close = strstr(name, raw ? "}}}" : "}}");
		if (!close || close >= end)
			return false;
		char kind = *name;
		if (kind == '#' || kind == '^' || kind == '/' || kind == '!')
			name++;
		size_t n = (size_t)(close - name);
		s = close + (raw ? 3 : 2);
		if (kind == '!')
			continue;
		if (kind == '/')
			return false; /* a close with no open */
		const struct var *v = lookup(t, name, n);
		if (kind != '#' && kind != '^') {
			if (v && v->kind == V_HTML && raw)
				buf_adds(out, v->text ? v->text : "");
			else if (v && v->kind != V_LIST)
				tpl_escape(out, v->text);
			continue;
		}
		const char *after, *inner_end = section_end(s, end, name, n, &after);
		if (!inner_end)
			return false;
		if (kind == '^' && !truthy(v) && !render(s, inner_end, t, out, depth + 1))
			return false;
		if (kind == '#' && v && v->kind == V_LIST) {
			for (size_t i = 0; i < v->items.len; i++)
				if (!render(s, inner_end, VEC_AT(&v->items, struct tpl *, i), out, depth + 1))
					return false;
		} else if (kind == '#' && truthy(v) && !render(s, inner_end, t, out, depth + 1)) {
			return false;
		}
		s = after;
	}
	return true;
}

bool tpl_render(const char *text, const struct tpl *t, struct buf *out)
{
	return render(text, text + strlen(text), t, out, 0);
}
