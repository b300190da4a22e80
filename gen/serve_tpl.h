/* serve_tpl.h — the values a page template (web/ templates) is filled with; serve_tpl.c. */
#ifndef PB_SERVE_TPL_H
#define PB_SERVE_TPL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "util.h"

struct tpl;
struct tpl *tpl_new(struct arena *a);
void tpl_set(struct tpl *t, const char *name, const char *text);   /* escaped */
void tpl_setf(struct tpl *t, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tpl_html(struct tpl *t, const char *name, const char *html);  /* as it is */
void tpl_flag(struct tpl *t, const char *name, bool on);
/* A new item of the list (made if missing); it sees its parent's values too. */
struct tpl *tpl_item(struct tpl *t, const char *list);
/* The list, empty if it has no item yet. */
void tpl_list(struct tpl *t, const char *list);
/* Renders the template text into out; false when the template is malformed. */
bool tpl_render(const char *text, const struct tpl *t, struct buf *out);
void tpl_escape(struct buf *out, const char *s);

#endif
