/* serve_routes.c — what each address of the server does. Routing is by an exact table:
 * a path is split at '/', and each part must be the table's word or, where the table
 * has a variable part, a token of 32 hex digits, a build's key or a version number. A
 * path is never decoded and never joined to a folder: nothing a client sends reaches the
 * file system but through these values, checked here and looked up in the data folder.
 *
 * Who may do what: the planning unit signs in (a session cookie) and has /admin/…; a unit
 * has its link /u/TOKEN/… and nothing else. Every POST carries the CSRF token of its
 * form, else 403. */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pipeline.h"
#include "serve_pages.h"

enum route_id {
	R_HOME, R_STYLE, R_SIGNIN_PAGE, R_SIGNIN, R_SIGNOUT, R_ADMIN, R_ADMIN_BUILD,
	R_ADMIN_BUILD_STATUS, R_ADMIN_FILE, R_ADMIN_LINK, R_UNIT_NONE, R_UNIT, R_UNIT_TEMPLATE,
	R_UNIT_UPLOAD, R_UNIT_VERSION, R_UNIT_RESTORE, R_UNIT_BUILD, R_UNIT_BUILD_STATUS,
	R_UNIT_FILE,
};

struct route {
	const char *method;
	const char *pattern; /* {token}, {key} and {n} are the variable parts */
	enum route_id id;
	bool file;           /* takes an upload */
};

static const struct route routes[] = {
	{"GET", "/", R_HOME, false},
	{"GET", "/static/style.css", R_STYLE, false},
	{"GET", "/signin", R_SIGNIN_PAGE, false},
	{"POST", "/signin", R_SIGNIN, false},
	{"POST", "/signout", R_SIGNOUT, false},
	{"GET", "/admin", R_ADMIN, false},
	{"POST", "/admin/build", R_ADMIN_BUILD, false},
	{"GET", "/admin/build/{key}", R_ADMIN_BUILD_STATUS, false},
	{"GET", "/admin/file/{key}", R_ADMIN_FILE, false},
	{"POST", "/admin/link", R_ADMIN_LINK, false},
	{"GET", "/u", R_UNIT_NONE, false},
	{"GET", "/u/", R_UNIT_NONE, false},
	{"GET", "/u/{token}", R_UNIT, false},
	{"GET", "/u/{token}/template", R_UNIT_TEMPLATE, false},
	{"POST", "/u/{token}/upload", R_UNIT_UPLOAD, true},
	{"GET", "/u/{token}/version/{n}", R_UNIT_VERSION, false},
	{"POST", "/u/{token}/restore", R_UNIT_RESTORE, false},
	{"POST", "/u/{token}/build", R_UNIT_BUILD, false},
	{"GET", "/u/{token}/build/{key}", R_UNIT_BUILD_STATUS, false},
	{"GET", "/u/{token}/file/{key}", R_UNIT_FILE, false},
};

bool route_takes_file(const struct route *rt) { return rt && rt->file; }
bool route_is_post(const struct route *rt) { return rt && !strcmp(rt->method, "POST"); }

/* ---------------------------------------------------------------- matching */

static bool all_of(const char *s, size_t n, const char *set, size_t min, size_t max)
{
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(set, s[i]) || !s[i])
			return false;
	return true;
}

static const char hex[] = "0123456789abcdef";
static const char key_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-";

/* Whether path matches pattern; the variable parts are copied into r->seg. */
static bool match(const char *pattern, const char *path, struct request *r)
{
	size_t nseg = 0;
	while (*pattern && *path) {
		if (*pattern != '{') {
			if (*pattern++ != *path++)
				return false;
			continue;
		}
		const char *pend = strchr(pattern, '}');
		const char *end = strchr(path, '/');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		size_t plen = (size_t)(pend - pattern) + 1;
		bool ok = !strncmp(pattern, "{token}", plen) ? all_of(path, n, hex, TOKEN_HEX, TOKEN_HEX)
			  : !strncmp(pattern, "{key}", plen) ? all_of(path, n, key_chars, 1, 150)
			  : all_of(path, n, "0123456789", 1, 9);
		if (!ok || nseg == 2)
			return false;
		memcpy(r->seg[nseg], path, n);
		r->seg[nseg++][n] = '\0';
		pattern += plen;
		path += n;
	}
	return !*pattern && !*path;
}

const struct route *route_find(const char *method, const char *path, struct request *r,
			       unsigned *status)
{
	/* only what the table's paths are made of: an encoded or a backslashed path, and
	 * one with a dot but the style sheet's, is nothing the server has */
	*status = MHD_HTTP_NOT_FOUND;
	if (!all_of(path, strlen(path), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:_-.",
		    1, 400) ||
	    (strchr(path, '.') && strcmp(path, "/static/style.css")))
		return NULL;
	bool head = !strcmp(method, "HEAD");
	const struct route *found = NULL;
	bool other_method = false;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!match(routes[i].pattern, path, r))
			continue;
		if (!strcmp(routes[i].method, method) || (head && !strcmp(routes[i].method, "GET"))) {
			found = &routes[i];
			break;
		}
		other_method = true;
	}
	if (!found) {
		*status = other_method ? MHD_HTTP_METHOD_NOT_ALLOWED : MHD_HTTP_NOT_FOUND;
		return NULL;
	}
	if (found->id == R_UNIT_NONE) {
		*status = MHD_HTTP_FORBIDDEN;
		return NULL;
	}
	/* a unit's link must be one that was issued and not revoked */
	if (!strncmp(found->pattern, "/u/{token}", 10) && !links_find(srv.cfg.data, r->seg[0], &r->link)) {
		*status = MHD_HTTP_FORBIDDEN;
		return NULL;
	}
	return found;
}

void reply_error(struct request *r, unsigned status, const char *what)
{
	page_error(r, status, what);
}

/* ---------------------------------------------------------------- helpers */

/* The scope a form's CSRF token belongs to: the sign-in form's cookie, the session, or
 * the unit's link. pre: the sign-in cookie when it is being set. */
static void csrf_scope(const struct request *r, const char *pre, char *scope, size_t n)
{
	if (r->route->id == R_SIGNIN || r->route->id == R_SIGNIN_PAGE) {
		if (!pre)
			pre = req_cookie(r, "pb_pre");
		snprintf(scope, n, "p:%s", pre ? pre : "");
	} else if (!strncmp(r->route->pattern, "/u/", 3)) {
		snprintf(scope, n, "u:%s", r->link.hash);
	} else {
		snprintf(scope, n, "s:%s", r->session ? r->session : "");
	}
}

static void csrf_of(const struct request *r, char *out)
{
	char scope[128];
	csrf_scope(r, NULL, scope, sizeof scope);
	auth_csrf(scope, out);
}

/* Whether the POST carries its form's token; a form with no cookie or session to tie it
 * to never does. */
static bool csrf_ok(const struct request *r)
{
	char scope[128];
	if (r->route->id == R_SIGNIN && !req_cookie(r, "pb_pre"))
		return false;
	if (r->route->id != R_SIGNIN && strncmp(r->route->pattern, "/u/", 3) && !r->session)
		return false;
	csrf_scope(r, NULL, scope, sizeof scope);
	return auth_csrf_ok(scope, req_field(r, "csrf"));
}

static const struct unit_row *unit_of(const struct book_state *s, const struct request *r)
{
	return state_unit(s, r->link.unit);
}

static bool period_exists(const struct book_state *s, const char *id)
{
	for (size_t i = 0; i < s->nperiods; i++)
		if (!strcmp(s->period_id[i], id))
			return true;
	return false;
}

/* The download name of a build's result: the book's id, and the unit's or period's. */
static const char *download_name(struct arena *a, const struct book_state *s, const char *key,
				 const char **type)
{
	const char *book = s && s->book_id ? s->book_id : "book";
	*type = "application/pdf";
	if (!strcmp(key, "book"))
		return arena_printf(a, "%s.pdf", book);
	if (!strcmp(key, "sections")) {
		*type = "application/zip";
		return arena_printf(a, "%s-sections.zip", book);
	}
	char *k = arena_strdup(a, key);
	for (char *p = k; *p; p++)
		if (*p == ':')
			*p = '-';
	if (!strncmp(k, "booklet-", 8))
		return arena_printf(a, "%s-measurement-%s.pdf", book, k + 8);
	return arena_printf(a, "%s-%s.pdf", book, k + 5); /* unit-… */
}

/* Serves a build's result, or sends to its page when there is none yet. */
static void serve_result(struct request *r, const char *key, const char *base)
{
	struct job_view v;
	jobs_view(key, &v);
	free(v.messages);
	const struct book_state *s = state_acquire();
	const char *type;
	const char *name = download_name(&r->a, s, key, &type);
	state_release(s);
	if (v.state == JOB_DONE && v.file[0] && reply_file(r, v.file, type, name))
		return;
	reply_redirect(r, arena_printf(&r->a, "%s/build/%s", base, key));
}

/* ---------------------------------------------------------------- the planning unit */

static void signin_page(struct request *r)
{
	char pre[33];
	auth_random_hex(pre, 16);
	reply_cookie(r, arena_printf(&r->a, "pb_pre=%s; Path=/; HttpOnly; SameSite=Strict%s", pre,
				     req_secure(r) ? "; Secure" : ""));
	/* the form's token belongs to this cookie */
	char scope[64], csrf[HASH_HEX + 1];
	csrf_scope(r, pre, scope, sizeof scope);
	auth_csrf(scope, csrf);
	page_signin(r, MHD_HTTP_OK, NULL, 0, csrf);
}

static void sign_in(struct request *r)
{
	const char *password = req_field(r, "password");
	char session[SESSION_HEX + 1];
	unsigned retry = 0;
	enum signin res = password ? auth_sign_in(r->client, password, session, &retry) : SIGNIN_WRONG;
	if (res == SIGNIN_OK) {
		reply_cookie(r, arena_printf(&r->a, "pb_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
					     session, req_secure(r) ? "; Secure" : ""));
		reply_redirect(r, "/admin");
		return;
	}
	/* the same cookie, so the same form again */
	char csrf[HASH_HEX + 1];
	csrf_of(r, csrf);
	if (res == SIGNIN_LIMITED || res == SIGNIN_BUSY) {
		page_signin(r, MHD_HTTP_TOO_MANY_REQUESTS, "limited", retry ? retry : 1, csrf);
		if (r->response)
			MHD_add_response_header(r->response, "Retry-After",
						arena_printf(&r->a, "%u", retry ? retry : 1));
		return;
	}
	page_signin(r, res == SIGNIN_NO_PASSWORD ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_UNAUTHORIZED,
		    res == SIGNIN_NO_PASSWORD ? "no-password" : "wrong", 0, csrf);
}

static void dashboard(struct request *r)
{
	char csrf[HASH_HEX + 1];
	csrf_of(r, csrf);
	const struct book_state *s = state_acquire();
	if (!s) {
		page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "memory");
		return;
	}
	page_dashboard(r, s, csrf);
	state_release(s);
}

/* check, book, sections, booklet:PERIOD: asked for, then its page. */
static void admin_build(struct request *r)
{
	const char *what = req_field(r, "what");
	const struct book_state *s = state_acquire();
	bool ok = what && (!strcmp(what, "check") || !strcmp(what, "book") || !strcmp(what, "sections") ||
			   (!strncmp(what, "booklet:", 8) && s && period_exists(s, what + 8)));
	state_release(s);
	if (!ok || !jobs_request(what)) {
		page_error(r, MHD_HTTP_BAD_REQUEST, "bad-build");
		return;
	}
	reply_redirect(r, arena_printf(&r->a, "/admin/build/%s", what));
}

static void admin_build_status(struct request *r)
{
	struct job_view v;
	jobs_view(r->seg[0], &v);
	page_build(r, &v, "/admin", r->seg[0], NULL);
	free(v.messages);
}

/* A unit's link issued anew (the old one stops) or revoked. */
static void admin_link(struct request *r)
{
	const char *unit = req_field(r, "unit"), *action = req_field(r, "action");
	const struct book_state *s = state_acquire();
	const struct unit_row *u = unit ? state_unit(s, unit) : NULL;
	char csrf[HASH_HEX + 1], token[TOKEN_HEX + 1];
	csrf_of(r, csrf);
	if (!u || !action || (strcmp(action, "reissue") && strcmp(action, "revoke"))) {
		page_error(r, MHD_HTTP_BAD_REQUEST, "bad-form");
	} else if (!strcmp(action, "revoke")) {
		if (links_revoke(srv.cfg.data, u->id))
			page_link(r, u->id, u->name, NULL, csrf, true);
		else
			page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "store");
	} else if (links_issue(srv.cfg.data, u->id, token, NULL)) {
		page_link(r, u->id, u->name, arena_printf(&r->a, "/u/%s", token), csrf, false);
	} else {
		page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "store");
	}
	state_release(s);
}

/* ---------------------------------------------------------------- a unit */

static void unit_page(struct request *r, const struct outcome *o, unsigned status)
{
	char csrf[HASH_HEX + 1];
	csrf_of(r, csrf);
	const struct book_state *s = state_acquire();
	const struct unit_row *u = s ? unit_of(s, r) : NULL;
	if (!u)
		page_error(r, MHD_HTTP_NOT_FOUND, "no-unit");
	else
		page_unit(r, s, u, csrf, o, status);
	state_release(s);
}

static pthread_mutex_t template_lock = PTHREAD_MUTEX_INITIALIZER;

/* The unit's workbook, filled with its plan as it is now: written to data/tmp, opened,
 * and the name removed, so the download reads a file nobody else can see. */
static void unit_template(struct request *r)
{
	const char *dir = serve_data_dir(&r->a, "tmp");
	char rnd[17];
	auth_random_hex(rnd, 8);
	const char *path = dir ? arena_printf(&r->a, "%s/template-%s.xlsx", dir, rnd) : NULL;
	FILE *msg = fopen("/dev/null", "w");
	struct pipeline p = {.input = srv.cfg.input, .output = path, .msg = msg, .one_plan = true};
	/* libxlsxwriter is not known to be safe on two threads at once: one workbook at a time */
	pthread_mutex_lock(&template_lock);
	pthread_rwlock_rdlock(&srv.input_lock);
	int status = path ? pipeline_template(&p, r->link.unit, NULL) : PB_USAGE;
	pthread_rwlock_unlock(&srv.input_lock);
	pthread_mutex_unlock(&template_lock);
	if (msg)
		fclose(msg);
	const struct book_state *s = state_acquire();
	const char *name = arena_printf(&r->a, "%s-%s.xlsx", s && s->book_id ? s->book_id : "book",
					store_safe_name(&r->a, r->link.unit));
	state_release(s);
	if (status != PB_OK || !reply_file(r, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name))
		page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "template");
	if (path)
		unlink(path);
}

/* The name an upload is given in its messages: the plan's file name as it will be. */
static const char *shown_name(struct arena *a, const struct unit_row *u, enum upload_kind k)
{
	const char *plan = u && u->plan ? u->plan : NULL;
	const char *base = plan ? strrchr(plan, '/') : NULL;
	base = base ? base + 1 : plan;
	if (!base)
		return arena_printf(a, "%s%s", u ? u->id : "plan", store_kind_ext(k));
	const char *dot = strrchr(base, '.');
	return arena_printf(a, "%.*s%s", (int)(dot ? (size_t)(dot - base) : strlen(base)), base,
			    store_kind_ext(k));
}

/* The upload, checked in its book: refused with its messages (and kept aside), or made
 * the unit's plan. A file that is neither a workbook nor text is not kept at all. */
static void unit_upload(struct request *r)
{
	struct outcome o = {.shown = true};
	enum upload_kind k = r->upload_path ? store_kind_of(r->head, r->head_len, r->upload_size)
					    : KIND_NONE;
	if (k != KIND_XLSX && k != KIND_CSV) {
		o.problem = k == KIND_NONE ? "none" : k == KIND_EMPTY ? "empty"
			    : k == KIND_OLD_XLS ? "old-xls" : "kind";
		unit_page(r, &o, k == KIND_NONE ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_UNSUPPORTED_MEDIA_TYPE);
		return; /* the upload is removed with the request */
	}
	/* the reader is chosen by the content, but a workbook is expected to be named .xlsx */
	const char *named = arena_printf(&r->a, "%s%s", r->upload_path, store_kind_ext(k));
	if (rename(r->upload_path, named) != 0) {
		o.problem = "store";
		unit_page(r, &o, MHD_HTTP_INTERNAL_SERVER_ERROR);
		return;
	}
	r->upload_path = named;
	const struct book_state *s = state_acquire();
	const char *shown = shown_name(&r->a, s ? unit_of(s, r) : NULL, k);
	state_release(s);
	char *text = NULL;
	size_t len = 0;
	FILE *msg = open_memstream(&text, &len);
	struct unit_check c = {.input = srv.cfg.input, .unit = r->link.unit, .plan_file = named,
			       .shown_as = shown, .msg = msg};
	pthread_rwlock_rdlock(&srv.input_lock);
	int status = msg ? pipeline_check_unit(&c) : PB_USAGE;
	pthread_rwlock_unlock(&srv.input_lock);
	if (msg)
		fclose(msg);
	o.messages = arena_strdup(&r->a, text ? text : "");
	free(text);
	if (status == PB_INVALID) {
		o.kept = store_reject(&r->a, r->link.unit, named, k, o.messages);
		if (o.kept)
			r->upload_path = NULL; /* kept aside: not removed with the request */
		unit_page(r, &o, MHD_HTTP_UNPROCESSABLE_CONTENT);
		return;
	}
	struct store_result res = status == PB_OK ? store_accept(&r->a, r->link.unit, named, k,
								  r->link.serial)
						  : (struct store_result){0};
	if (res.ok)
		r->upload_path = NULL;
	o.accepted = res.ok;
	o.version = res.version;
	o.problem = res.ok ? NULL : "store";
	unit_page(r, &o, res.ok ? MHD_HTTP_OK : MHD_HTTP_INTERNAL_SERVER_ERROR);
}

static void unit_version(struct request *r)
{
	long n = strtol(r->seg[1], NULL, 10);
	const char *file = store_version_file(&r->a, r->link.unit, n);
	bool xlsx = file && strstr(file, ".xlsx");
	const char *name = arena_printf(&r->a, "%s-v%ld%s", store_safe_name(&r->a, r->link.unit), n,
					xlsx ? ".xlsx" : ".csv");
	if (!file || !reply_file(r, file, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
					       : "text/csv; charset=utf-8", name))
		page_error(r, MHD_HTTP_NOT_FOUND, "no-version");
}

static void unit_restore(struct request *r)
{
	const char *v = req_field(r, "version");
	char *end = NULL;
	long n = v ? strtol(v, &end, 10) : 0;
	struct outcome o = {.shown = true, .restored = true};
	if (!v || !end || *end || n <= 0) {
		page_error(r, MHD_HTTP_BAD_REQUEST, "bad-form");
		return;
	}
	struct store_result res = store_restore(&r->a, r->link.unit, n);
	o.accepted = res.ok;
	o.version = res.ok ? res.version : n;
	o.problem = res.ok ? NULL : "restore";
	unit_page(r, &o, res.ok ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND);
}

/* "section" or "measurement:PERIOD" → the job's key for this unit. */
static const char *unit_key(struct request *r, const char *what)
{
	const struct book_state *s = state_acquire();
	const char *key = NULL;
	if (what && !strcmp(what, "section"))
		key = arena_printf(&r->a, "unit:%s", r->link.unit);
	else if (what && !strncmp(what, "measurement-", 12) && s && period_exists(s, what + 12))
		key = arena_printf(&r->a, "unit:%s:%s", r->link.unit, what + 12);
	state_release(s);
	return key;
}

static void unit_build(struct request *r)
{
	const char *what = req_field(r, "what");
	const char *key = unit_key(r, what);
	if (!key || !jobs_request(key)) {
		page_error(r, MHD_HTTP_BAD_REQUEST, "bad-build");
		return;
	}
	reply_redirect(r, arena_printf(&r->a, "/u/%s/build/%s", r->seg[0], what));
}

static void unit_build_status(struct request *r)
{
	const char *key = unit_key(r, r->seg[1]);
	if (!key) {
		page_error(r, MHD_HTTP_NOT_FOUND, "not-found");
		return;
	}
	struct job_view v;
	jobs_view(key, &v);
	page_build(r, &v, arena_printf(&r->a, "/u/%s", r->seg[0]), r->seg[1], r->link.unit);
	free(v.messages);
}

static void unit_file(struct request *r)
{
	const char *key = unit_key(r, r->seg[1]);
	if (!key)
		page_error(r, MHD_HTTP_NOT_FOUND, "not-found");
	else
		serve_result(r, key, arena_printf(&r->a, "/u/%s", r->seg[0]));
}

/* ---------------------------------------------------------------- dispatch */

void route_run(struct request *r)
{
	const struct route *rt = r->route;
	const char *session = req_cookie(r, "pb_session");
	r->session = auth_session_valid(session) ? session : NULL;
	bool admin = !strncmp(rt->pattern, "/admin", 6) || rt->id == R_SIGNOUT;
	if (admin && !r->session) {
		if (route_is_post(rt))
			page_error(r, MHD_HTTP_FORBIDDEN, "signed-out");
		else
			reply_redirect(r, "/signin");
		return;
	}
	if (route_is_post(rt) && !csrf_ok(r)) {
		page_error(r, MHD_HTTP_FORBIDDEN, "csrf");
		return;
	}
	switch (rt->id) {
	case R_HOME: reply_redirect(r, r->session ? "/admin" : "/signin"); break;
	case R_STYLE: page_style(r); break;
	case R_SIGNIN_PAGE:
		if (r->session)
			reply_redirect(r, "/admin");
		else
			signin_page(r);
		break;
	case R_SIGNIN: sign_in(r); break;
	case R_SIGNOUT:
		auth_sign_out(r->session);
		reply_cookie(r, "pb_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
		reply_redirect(r, "/signin");
		break;
	case R_ADMIN: dashboard(r); break;
	case R_ADMIN_BUILD: admin_build(r); break;
	case R_ADMIN_BUILD_STATUS: admin_build_status(r); break;
	case R_ADMIN_FILE: serve_result(r, r->seg[0], "/admin"); break;
	case R_ADMIN_LINK: admin_link(r); break;
	case R_UNIT: unit_page(r, NULL, MHD_HTTP_OK); break;
	case R_UNIT_TEMPLATE: unit_template(r); break;
	case R_UNIT_UPLOAD: unit_upload(r); break;
	case R_UNIT_VERSION: unit_version(r); break;
	case R_UNIT_RESTORE: unit_restore(r); break;
	case R_UNIT_BUILD: unit_build(r); break;
	case R_UNIT_BUILD_STATUS: unit_build_status(r); break;
	case R_UNIT_FILE: unit_file(r); break;
	case R_UNIT_NONE: page_error(r, MHD_HTTP_FORBIDDEN, "forbidden"); break;
	}
}
