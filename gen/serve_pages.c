/* serve_pages.c — the server's pages: each fills its template of web/ with values and puts
 * it into web/layout.html. The Hebrew of the pages is in the templates; the messages of
 * planbook's checks come from the pipeline, in the language of the messages (Hebrew, or
 * English with --lang en), one item each, errors told from warnings. */
#include "serve_pages.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "serve_tpl.h"

/* web/NAME read afresh for each page: a template is a few kilobytes, and an edit shows at
 * once. NULL when it cannot be read. */
static char *read_web(struct arena *a, const char *name)
{
	struct buf b = {0};
	char *text = NULL;
	if (file_read(path_join(a, srv.cfg.web, name), &b))
		text = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return text;
}

/* Renders web/NAME with t, inside the layout, and answers with it. */
static void answer(struct request *r, unsigned status, const char *name, struct tpl *t,
		   const char *title, int refresh)
{
	struct buf body = {0}, page = {0};
	char *text = read_web(&r->a, name), *layout = read_web(&r->a, "layout.html");
	if (!text || !layout || !tpl_render(text, t, &body)) {
		buf_free(&body);
		reply_text(r, 500, "text/plain; charset=utf-8", "planbook: a page template is missing or damaged\n");
		return;
	}
	tpl_set(t, "title", title);
	tpl_html(t, "content", buf_cstr(&body));
	if (refresh)
		tpl_setf(t, "refresh", "%d", refresh);
	tpl_flag(t, "signed_in", r->session != NULL);
	if (r->session) {
		/* the sign-out form belongs to the session, whatever page it is on */
		char scope[SESSION_HEX + 3], csrf[HASH_HEX + 1];
		snprintf(scope, sizeof scope, "s:%s", r->session);
		auth_csrf(scope, csrf);
		tpl_set(t, "signout_csrf", csrf);
	}
	if (!tpl_render(layout, t, &page)) {
		buf_free(&page);
		reply_text(r, 500, "text/plain; charset=utf-8", "planbook: the layout template is damaged\n");
	} else {
		reply_html(r, status, &page);
	}
	buf_free(&body);
}

static void set_time(struct tpl *t, const char *name, time_t when)
{
	char s[32];
	struct tm tm;
	localtime_r(&when, &tm);
	strftime(s, sizeof s, "%d/%m/%Y %H:%M", &tm);
	tpl_set(t, name, s);
}

/* One message of the pipeline as the page shows it: its place (file, cell), its severity
 * and its text, apart, so that the place (a file name, left to right) does not turn the
 * Hebrew sentence around. The input folder's path is left out of the file names: the
 * person reading knows the file by its name in the book. */
static void set_message(struct tpl *m, const char *line, size_t n)
{
	const char *error = _("error: "), *warning = _("warning: ");
	struct buf b = {0};
	for (size_t i = 0; i < n;) {
		size_t dl = strlen(srv.cfg.input);
		if (!strncmp(line + i, srv.cfg.input, dl) && i + dl < n && line[i + dl] == '/')
			i += dl + 1;
		else
			buf_addc(&b, line[i++]);
	}
	const char *text = buf_cstr(&b);
	const char *e = strstr(text, error), *w = strstr(text, warning);
	const char *sev = e && (!w || e < w) ? e : w;
	size_t sevlen = sev == e ? strlen(error) : sev ? strlen(warning) : 0;
	tpl_flag(m, "error", sev && sev == e);
	if (!sev) {
		tpl_set(m, "body", text);
	} else {
		struct buf part = {0};
		size_t placelen = (size_t)(sev - text);
		while (placelen && (text[placelen - 1] == ' ' || text[placelen - 1] == ':'))
			placelen--;
		buf_add(&part, text, placelen);
		tpl_set(m, "place", buf_cstr(&part));
		part.len = 0;
		buf_add(&part, sev, sevlen);
		while (part.len && (part.data[part.len - 1] == ' ' || part.data[part.len - 1] == ':'))
			part.len--;
		tpl_set(m, "severity", buf_cstr(&part));
		tpl_set(m, "body", sev + sevlen);
		buf_free(&part);
	}
	buf_free(&b);
}

/* One item per line of the pipeline's messages. */
static void set_messages(struct tpl *t, const char *list, const char *text)
{
	tpl_list(t, list);
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n)
			set_message(tpl_item(t, list), line, n);
		line = end ? end + 1 : NULL;
	}
}

/* ---------------------------------------------------------------- pages */

void page_style(struct request *r)
{
	char *css = read_web(&r->a, "style.css");
	if (css)
		reply_text(r, 200, "text/css; charset=utf-8", css);
	else
		reply_text(r, 404, "text/plain; charset=utf-8", "not found\n");
}

void page_error(struct request *r, unsigned status, const char *what)
{
	struct tpl *t = tpl_new(&r->a);
	tpl_setf(t, "status", "%u", status);
	/* each message of web/error.html is a section named for what went wrong */
	char flag[64];
	snprintf(flag, sizeof flag, "e_%s", what);
	for (char *p = flag; *p; p++)
		if (*p == '-')
			*p = '_';
	tpl_flag(t, flag, true);
	answer(r, status, "error.html", t, "שגיאה", 0);
}

void page_signin(struct request *r, unsigned status, const char *problem, unsigned retry,
		 const char *csrf)
{
	struct tpl *t = tpl_new(&r->a);
	tpl_set(t, "csrf", csrf);
	tpl_flag(t, "wrong", problem && !strcmp(problem, "wrong"));
	tpl_flag(t, "limited", problem && !strcmp(problem, "limited"));
	tpl_flag(t, "no_password", (problem && !strcmp(problem, "no-password")) || !auth_has_password());
	tpl_setf(t, "retry", "%u", retry);
	answer(r, status, "signin.html", t, "כניסה", 0);
}

/* The last time a unit's plan came in, and how: from the history. */
/* What the dashboard's row of a unit and the unit's own page both show of it. */
static void set_unit(struct tpl *t, const struct unit_row *u)
{
	tpl_set(t, "id", u->id);
	tpl_set(t, "name", u->name);
	tpl_set(t, "plan", u->plan);
	tpl_flag(t, "pending", u->pending);
	tpl_setf(t, "errors", "%d", u->errors);
	tpl_setf(t, "warnings", "%d", u->warnings);
	set_messages(t, "messages", u->messages);
}

static void set_received(struct request *r, struct tpl *row, const char *unit)
{
	struct vec h;
	if (!store_history(&r->a, unit, &h) || !h.len)
		return;
	const struct version *v = &VEC_AT(&h, struct version, h.len - 1);
	tpl_flag(row, "received", true);
	set_time(row, "received_at", v->when);
	tpl_flag(row, "via_link", !strcmp(v->source, "upload"));
	tpl_flag(row, "via_restore", !strcmp(v->source, "restored"));
	tpl_flag(row, "via_command", !strcmp(v->source, "command-line"));
	tpl_setf(row, "received_link", "%ld", v->link);
	tpl_setf(row, "received_version", "%ld", v->n);
}

/* Per period, "reported of all" for a row (unit) or for the whole book. */
static void set_periods(struct tpl *t, const struct book_state *s, const size_t *reported,
			size_t lines)
{
	tpl_list(t, "periods");
	for (size_t p = 0; p < s->nperiods; p++) {
		struct tpl *pt = tpl_item(t, "periods");
		tpl_set(pt, "period_name", s->period_name[p]);
		tpl_set(pt, "period_id", s->period_id[p]);
		tpl_setf(pt, "reported", "%zu", reported[p]);
		tpl_setf(pt, "lines", "%zu", lines);
	}
}

static void set_job(struct tpl *t, const char *key, const char *label_flag)
{
	struct job_view v;
	jobs_view(key, &v);
	struct tpl *j = tpl_item(t, "jobs");
	tpl_set(j, "key", key);
	tpl_flag(j, label_flag, true);
	tpl_flag(j, "waiting", v.state == JOB_QUEUED || v.state == JOB_RUNNING);
	tpl_flag(j, "done", v.state == JOB_DONE);
	tpl_flag(j, "failed", v.state == JOB_FAILED);
	tpl_flag(j, "stale", v.state == JOB_DONE && !v.current);
	tpl_flag(j, "has_file", v.state == JOB_DONE && v.file[0]);
	if (v.finished)
		set_time(j, "finished", v.finished);
	free(v.messages);
}

void page_dashboard(struct request *r, const struct book_state *s, const char *csrf)
{
	struct tpl *t = tpl_new(&r->a);
	tpl_set(t, "csrf", csrf);
	tpl_flag(t, "book_ok", s->ok);
	tpl_set(t, "book_id", s->book_id);
	tpl_setf(t, "year", "%d", s->year);
	set_messages(t, "book_messages", s->book_messages);
	tpl_flag(t, "has_book_messages", s->book_messages && s->book_messages[0]);
	size_t received = 0, pending = 0, with_errors = 0, lines = 0, reported[8] = {0};
	const char *part = NULL;
	struct tpl *pt = NULL;
	tpl_list(t, "parts");
	for (size_t i = 0; i < s->nunits; i++) {
		const struct unit_row *u = &s->units[i];
		if (!part || strcmp(part, u->part_id)) {
			part = u->part_id;
			pt = tpl_item(t, "parts");
			tpl_set(pt, "part_title", u->part_title);
			tpl_set(pt, "part_id", u->part_id);
			tpl_list(pt, "units");
		}
		struct tpl *row = tpl_item(pt, "units");
		set_unit(row, u);
		tpl_flag(row, "has_errors", u->errors > 0);
		tpl_flag(row, "has_warnings", u->warnings > 0);
		tpl_flag(row, "has_messages", u->errors || u->warnings);
		set_received(r, row, u->id);
		struct link l;
		if (links_of_unit(srv.cfg.data, u->id, &l)) {
			tpl_flag(row, "has_link", true);
			set_time(row, "link_issued", l.issued);
			tpl_setf(row, "link_serial", "%ld", l.serial);
		}
		set_periods(row, s, u->reported, u->lines);
		received += !u->pending;
		pending += u->pending;
		with_errors += u->errors > 0;
		lines += u->lines;
		for (size_t p = 0; p < s->nperiods; p++)
			reported[p] += u->reported[p];
	}
	tpl_setf(t, "units_total", "%zu", s->nunits);
	tpl_setf(t, "units_received", "%zu", received);
	tpl_setf(t, "units_pending", "%zu", pending);
	tpl_setf(t, "units_errors", "%zu", with_errors);
	set_periods(t, s, reported, lines);
	tpl_list(t, "jobs");
	set_job(t, "check", "is_check");
	set_job(t, "book", "is_book");
	set_job(t, "sections", "is_sections");
	for (size_t p = 0; p < s->nperiods; p++) {
		char key[64];
		snprintf(key, sizeof key, "booklet:%s", s->period_id[p]);
		set_job(t, key, "is_booklet");
		struct tpl *last = tpl_item(t, "booklet_periods");
		tpl_set(last, "period_id", s->period_id[p]);
		tpl_set(last, "period_name", s->period_name[p]);
	}
	answer(r, 200, "dashboard.html", t, "לוח הבקרה", 0);
}

/* The unit's versions, newest first, each with its source. */
static void set_history(struct request *r, struct tpl *t, const char *unit)
{
	struct vec h;
	tpl_list(t, "versions");
	if (!store_history(&r->a, unit, &h))
		return;
	tpl_flag(t, "has_versions", h.len > 0);
	for (size_t i = h.len; i-- > 0;) {
		const struct version *v = &VEC_AT(&h, struct version, i);
		struct tpl *vt = tpl_item(t, "versions");
		tpl_setf(vt, "n", "%ld", v->n);
		set_time(vt, "when", v->when);
		tpl_flag(vt, "via_link", !strcmp(v->source, "upload"));
		tpl_flag(vt, "via_restore", !strcmp(v->source, "restored"));
		tpl_flag(vt, "via_command", !strcmp(v->source, "command-line"));
		tpl_setf(vt, "link", "%ld", v->link);
		tpl_set(vt, "file", v->file);
		tpl_setf(vt, "size", "%zu", v->size);
		tpl_flag(vt, "current", i == h.len - 1);
	}
}

void page_unit(struct request *r, const struct book_state *s, const struct unit_row *u,
	       const char *csrf, const struct outcome *o, unsigned status)
{
	struct tpl *t = tpl_new(&r->a);
	tpl_set(t, "csrf", csrf);
	tpl_set(t, "base", arena_printf(&r->a, "/u/%s", r->seg[0]));
	set_unit(t, u);
	tpl_set(t, "part_title", u->part_title);
	tpl_flag(t, "clean", !u->pending && !u->errors && !u->warnings);
	tpl_setf(t, "cap_mb", "%zu", srv.cfg.upload_cap >> 20);
	set_periods(t, s, u->reported, u->lines);
	set_history(r, t, u->id);
	if (o && o->shown) {
		tpl_flag(t, "outcome", true);
		tpl_flag(t, "accepted", o->accepted && !o->restored);
		tpl_flag(t, "restored", o->accepted && o->restored);
		tpl_flag(t, "rejected", !o->accepted && !o->problem);
		tpl_setf(t, "version", "%ld", o->version);
		if (o->problem) {
			char flag[32];
			snprintf(flag, sizeof flag, "p_%s", o->problem);
			for (char *p = flag; *p; p++)
				if (*p == '-')
					*p = '_';
			tpl_flag(t, flag, true);
			tpl_flag(t, "problem", true);
		}
		set_messages(t, "upload_messages", o->messages);
	}
	answer(r, status, "unit.html", t, u->name, 0);
}

void page_build(struct request *r, const struct job_view *v, const char *base, const char *what,
		const char *unit)
{
	struct tpl *t = tpl_new(&r->a);
	tpl_set(t, "base", base);
	tpl_set(t, "what", what);
	tpl_set(t, "unit", unit);
	tpl_flag(t, "is_check", !strcmp(what, "check"));
	tpl_flag(t, "is_book", !strcmp(what, "book"));
	tpl_flag(t, "is_sections", !strcmp(what, "sections"));
	tpl_flag(t, "is_booklet", !strncmp(what, "booklet:", 8));
	tpl_flag(t, "is_section", !strcmp(what, "section"));
	tpl_flag(t, "is_measurement", !strncmp(what, "measurement-", 12));
	tpl_flag(t, "none", v->state == JOB_NONE);
	bool waiting = v->state == JOB_QUEUED || v->state == JOB_RUNNING;
	tpl_flag(t, "waiting", waiting);
	tpl_flag(t, "queued", v->state == JOB_QUEUED);
	tpl_flag(t, "done", v->state == JOB_DONE);
	tpl_flag(t, "failed", v->state == JOB_FAILED);
	tpl_flag(t, "stale", v->state == JOB_DONE && !v->current);
	tpl_flag(t, "has_file", v->state == JOB_DONE && v->file[0]);
	tpl_setf(t, "errors", "%d", v->errors);
	tpl_setf(t, "warnings", "%d", v->warnings);
	if (v->finished)
		set_time(t, "finished", v->finished);
	set_messages(t, "messages", v->messages);
	tpl_flag(t, "has_messages", v->messages && v->messages[0]);
	answer(r, 200, "build.html", t, waiting ? "בונה…" : "בנייה", waiting ? 2 : 0);
}

void page_link(struct request *r, const char *unit, const char *name, const char *path,
	       const char *csrf, bool revoked)
{
	struct tpl *t = tpl_new(&r->a);
	tpl_set(t, "unit", unit);
	tpl_set(t, "name", name);
	tpl_set(t, "path", path);
	tpl_set(t, "csrf", csrf);
	tpl_flag(t, "revoked", revoked);
	const char *host = req_header(r, "Host");
	if (path && host)
		tpl_set(t, "url", arena_printf(&r->a, "%s://%s%s", req_secure(r) ? "https" : "http",
					       host, path));
	answer(r, 200, "link.html", t, "קישור ליחידה", 0);
}
