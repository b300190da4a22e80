/* serve.c — planbook serve: the web front end, a second front end beside main.c that
 * calls the same pipeline. This file is the HTTP side: the options, libmicrohttpd with a
 * thread pool, each request's body read within bounds (the form's fields in memory, an
 * uploaded file streamed to the data folder), the answers with their security headers,
 * one log line per request, and SIGTERM. What each page does is in serve_routes.c.
 *
 *   planbook serve [--listen ADDR:PORT] [--data DIR] [--upload-limit MB] [--threads N]
 *                  [--secure] [--behind-proxy] INPUT_DIR
 *   planbook serve --links [--url BASE] [--data DIR] INPUT_DIR
 *   planbook serve --set-password [--data DIR] INPUT_DIR   (the password on stdin, or in
 *                                                            PLANBOOK_PASSWORD) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_options.h"
#include "diag.h"
#include "pipeline.h"
#include "serve_http.h"

struct server srv;

static atomic_int in_flight; /* requests begun and not yet completed */
static atomic_bool stopping;

/* ---------------------------------------------------------------- files */

void serve_time(time_t t, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H-%M-%SZ", &tm);
}

const char *serve_data_dir(struct arena *a, const char *sub)
{
	const char *dir = sub ? path_join(a, srv.cfg.data, sub) : srv.cfg.data;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return NULL;
	return dir;
}

static bool fsync_dir(struct arena *a, const char *path)
{
	int fd = open(path_dir(a, path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

const char *serve_write_temp(struct arena *a, const char *path, const void *bytes, size_t n,
			     int mode)
{
	const char *tmp = path_temp_beside(a, path);
	if (!tmp)
		return NULL;
	int fd = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC);
	bool ok = fd >= 0;
	for (size_t done = 0; ok && done < n;) {
		ssize_t w = write(fd, (const char *)bytes + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		done += ok ? (size_t)w : 0;
	}
	ok = ok && fchmod(fd, (mode_t)mode) == 0 && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok) {
		unlink(tmp);
		return NULL;
	}
	return tmp;
}

bool serve_rename_into(struct arena *a, const char *tmp, const char *path)
{
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return false;
	}
	return fsync_dir(a, path);
}

bool serve_write_atomic(struct arena *a, const char *path, const void *bytes, size_t n, int mode)
{
	const char *tmp = serve_write_temp(a, path, bytes, n, mode);
	return tmp && serve_rename_into(a, tmp, path);
}

/* ---------------------------------------------------------------- the request */

const char *req_field(const struct request *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name) && !r->fields[i].too_long)
			return r->fields[i].value;
	return NULL;
}

const char *req_cookie(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_header(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool req_secure(const struct request *r)
{
	const char *proto = srv.cfg.behind_proxy ? req_header(r, "X-Forwarded-Proto") : NULL;
	return srv.cfg.secure || (proto && !strcmp(proto, "https"));
}

/* The client's address; behind a proxy, the last address it put in X-Forwarded-For. */
static void client_address(struct request *r)
{
	const char *fwd = srv.cfg.behind_proxy ? req_header(r, "X-Forwarded-For") : NULL;
	if (fwd) {
		const char *last = strrchr(fwd, ',');
		last = last ? last + 1 : fwd;
		while (*last == ' ')
			last++;
		snprintf(r->client, sizeof r->client, "%s", last);
		return;
	}
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	snprintf(r->client, sizeof r->client, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->client, sizeof r->client);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->client,
			  sizeof r->client);
}

/* The path for the log: a unit's link is a secret, so its token is logged as a star. */
static void log_path(struct request *r)
{
	const char *p = r->path;
	if (!strncmp(p, "/u/", 3)) {
		const char *rest = strchr(p + 3, '/');
		snprintf(r->log_path, sizeof r->log_path, "/u/*%.200s", rest ? rest : "");
	} else {
		snprintf(r->log_path, sizeof r->log_path, "%.250s", p);
	}
	for (char *c = r->log_path; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			*c = '?';
}

/* ---------------------------------------------------------------- answers */

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; style-src 'self'; img-src 'self'; script-src 'none'; "
				"object-src 'none'; form-action 'self'; frame-ancestors 'none'; "
				"base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* Queues resp (taken over) with the headers every answer has. */
static void queue(struct request *r, unsigned status, struct MHD_Response *resp, size_t bytes)
{
	if (!resp || r->response) {
		if (resp)
			MHD_destroy_response(resp);
		return;
	}
	security_headers(resp);
	for (size_t i = 0; i < r->ncookies; i++)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
	r->response = resp;
	r->status = status;
	r->bytes = bytes;
}

void reply_cookie(struct request *r, const char *cookie)
{
	if (r->ncookies < sizeof r->cookies / sizeof r->cookies[0])
		r->cookies[r->ncookies++] = arena_strdup(&r->a, cookie);
}

void reply_html(struct request *r, unsigned status, struct buf *html)
{
	size_t n = html->len;
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(n, html->data ? html->data : (void *)"",
						html->data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		buf_free(html);
		return;
	}
	html->data = NULL;
	html->len = html->cap = 0;
	MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	queue(r, status, resp, n);
}

void reply_text(struct request *r, unsigned status, const char *type, const char *text)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	if (resp)
		MHD_add_response_header(resp, "Content-Type", type);
	queue(r, status, resp, strlen(text));
}

void reply_redirect(struct request *r, const char *location)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (resp)
		MHD_add_response_header(resp, "Location", location);
	queue(r, MHD_HTTP_SEE_OTHER, resp, 0);
}

bool reply_file(struct request *r, const char *path, const char *type, const char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	/* libmicrohttpd closes the descriptor; the file may be renamed over meanwhile and the
	 * download still gets the whole of the one it opened */
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!resp) {
		close(fd);
		return false;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	/* the name is made of the book's and the unit's ids: anything but letters, digits and
	 * ._- becomes _, so that no header can be broken out of */
	char disp[300], safe[200];
	size_t n = 0;
	for (const char *p = name; *p && n + 1 < sizeof safe; p++)
		safe[n++] = (strchr("._-", *p) || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9')) ? *p : '_';
	safe[n] = '\0';
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", safe);
	MHD_add_response_header(resp, "Content-Disposition", disp);
	queue(r, MHD_HTTP_OK, resp, (size_t)st.st_size);
	return true;
}

/* ---------------------------------------------------------------- the body */

static struct field *field_of(struct request *r, const char *key)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, key))
			return &r->fields[i];
	if (r->nfields == MAX_FIELDS || strlen(key) >= FIELD_NAME)
		return NULL;
	struct field *f = &r->fields[r->nfields++];
	memset(f, 0, sizeof *f);
	snprintf(f->name, sizeof f->name, "%s", key);
	return f;
}

/* The upload's bytes go to a file under data/tmp as they come; past the cap the file is
 * removed at once and the rest only counted. */
static void take_file(struct request *r, const char *data, uint64_t off, size_t size)
{
	if (off == 0 && ++r->file_parts > 1)
		r->bad_body = true; /* one plan a form */
	if (r->too_large || r->bad_body)
		return;
	if (r->upload_fd < 0 && !r->upload_path) {
		r->upload_path = store_upload_temp(&r->a, &r->upload_fd);
		if (!r->upload_path) {
			r->bad_body = true;
			return;
		}
	}
	if (r->upload_size + size > srv.cfg.upload_cap) {
		r->too_large = true;
		return;
	}
	if (r->head_len < HEAD_BYTES) {
		size_t n = size < HEAD_BYTES - r->head_len ? size : HEAD_BYTES - r->head_len;
		memcpy(r->head + r->head_len, data, n);
		r->head_len += n;
	}
	for (size_t done = 0; done < size;) {
		ssize_t w = write(r->upload_fd, data + done, size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r->bad_body = true;
			return;
		}
		done += (size_t)w;
	}
	r->upload_size += size;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *filename, const char *content_type,
				const char *transfer_encoding, const char *data, uint64_t off,
				size_t size)
{
	(void)kind, (void)content_type, (void)transfer_encoding, (void)filename;
	struct request *r = cls;
	if (!key)
		return MHD_YES;
	if (!strcmp(key, "plan") && route_takes_file(r->route)) {
		take_file(r, data, off, size);
		return MHD_YES;
	}
	struct field *f = field_of(r, key);
	if (!f)
		return MHD_YES; /* more fields than any form has: the extra are ignored */
	if (f->len + size >= FIELD_VALUE) {
		f->too_long = true;
		return MHD_YES;
	}
	memcpy(f->value + f->len, data, size);
	f->len += size;
	f->value[f->len] = '\0';
	return MHD_YES;
}

/* Removes an upload that was not kept (too large, refused, or no longer needed). */
static void drop_upload(struct request *r)
{
	if (r->upload_fd >= 0)
		close(r->upload_fd);
	r->upload_fd = -1;
	if (r->upload_path)
		unlink(r->upload_path);
	r->upload_path = NULL;
}

/* ---------------------------------------------------------------- libmicrohttpd */

/* The path as sent: no %-decoding at all, so that an encoded dot or slash can never
 * become part of a route; the route table knows no '%'. */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	return strlen(s);
}

static struct request *request_new(struct MHD_Connection *c, const char *url, const char *method)
{
	struct request *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->conn = c;
	r->upload_fd = -1;
	r->method = arena_strdup(&r->a, method);
	r->path = arena_strdup(&r->a, url);
	log_path(r);
	client_address(r);
	atomic_fetch_add(&in_flight, 1);
	return r;
}

/* The request's headers are in: route it, and for a POST set up the reading of its body,
 * refusing at once one that says it is larger than allowed (the rest is not read, and the
 * connection is closed after the answer). Everything else is answered once the request
 * is complete, so that the connection can be kept for the next one. */
static void begin(struct request *r)
{
	r->route = route_find(r->method, r->path, r, &r->refused);
	r->limit = route_takes_file(r->route) ? srv.cfg.upload_cap + FORM_LIMIT : FORM_LIMIT;
	const char *len = req_header(r, "Content-Length");
	if (len && strtoull(len, NULL, 10) > r->limit) {
		reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "too-large");
		return;
	}
	if (r->route && route_is_post(r->route)) {
		r->pp = MHD_create_post_processor(r->conn, 65536, on_field, r);
		if (!r->pp)
			reply_error(r, MHD_HTTP_BAD_REQUEST, "bad-form");
	}
}

/* The whole request is in: answer it. */
static void finish(struct request *r)
{
	if (r->upload_fd >= 0) {
		close(r->upload_fd);
		r->upload_fd = -1;
	}
	if (!r->route)
		reply_error(r, r->refused, r->refused == MHD_HTTP_FORBIDDEN ? "forbidden" : "not-found");
	else if (r->too_large)
		reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "too-large");
	else if (r->bad_body)
		reply_error(r, MHD_HTTP_BAD_REQUEST, "bad-form");
	else
		route_run(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	(void)cls, (void)version;
	struct request *r = *con_cls;
	if (!r) {
		if (!(r = request_new(c, url, method)))
			return MHD_NO;
		*con_cls = r;
		begin(r);
	} else if (*upload_size) {
		r->received += *upload_size;
		if (r->received > r->limit) {
			r->too_large = true;
			drop_upload(r);
			/* a client that goes on sending far past the cap is cut off */
			if (r->received > 4 * r->limit + (1 << 20))
				return MHD_NO;
		} else if (r->pp && !r->too_large &&
			   MHD_post_process(r->pp, upload_data, *upload_size) != MHD_YES) {
			r->bad_body = true;
		}
		*upload_size = 0;
		return MHD_YES;
	} else if (!r->response) {
		finish(r);
		if (r->too_large || r->bad_body)
			drop_upload(r);
	}
	if (!r->response)
		return MHD_YES; /* the body is still to come */
	return MHD_queue_response(c, r->status, r->response);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)c;
	struct request *r = *con_cls;
	if (!r)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - r->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - r->start.tv_nsec) / 1e6;
	char when[32];
	struct tm tm;
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	fprintf(stderr, "%s %s %s %s %u %zu %.0fms%s\n", when, r->client, r->method, r->log_path,
		r->status, r->bytes, ms, why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut)");
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	drop_upload(r);
	if (r->response)
		MHD_destroy_response(r->response);
	arena_free(&r->a);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

/* ---------------------------------------------------------------- options */

struct serve_options {
	const char *listen, *url;
	bool links, set_password;
};

static bool parse_listen(const char *s, struct sockaddr_storage *sa, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof host)
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *h = host;
	if (h[0] == '[' && h[strlen(h) - 1] == ']')
		h[strlen(h) - 1] = '\0', h++;
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	if (getaddrinfo(h, colon + 1, &hints, &res) != 0 || !res)
		return false;
	memcpy(sa, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}

/* The options were parsed from cli_options.c's table; here their values are read. */
static int serve_options_from(const struct cli_args *args, struct serve_options *o)
{
	const char *const *v = args->value;
	char *end = NULL;
	if (v[OPT_LISTEN])
		o->listen = v[OPT_LISTEN];
	srv.cfg.data = v[OPT_DATA];
	srv.cfg.secure = v[OPT_SECURE] != NULL;
	srv.cfg.behind_proxy = v[OPT_BEHIND_PROXY] != NULL;
	o->links = v[OPT_LINKS] != NULL;
	o->url = v[OPT_URL];
	o->set_password = v[OPT_SET_PASSWORD] != NULL;
	if (v[OPT_UPLOAD_LIMIT]) {
		double mb = strtod(v[OPT_UPLOAD_LIMIT], &end);
		if (!end || *end || !(mb > 0 && mb <= 1024))
			return PB_USAGE;
		srv.cfg.upload_cap = (size_t)(mb * 1024 * 1024);
	}
	if (v[OPT_THREADS]) {
		long n = strtol(v[OPT_THREADS], &end, 10);
		if (!end || *end || n < 1 || n > 64)
			return PB_USAGE;
		srv.cfg.threads = (int)n;
	}
	return 0;
}

/* INPUT_DIR made absolute (the history names plans relative to it), and the data folder:
 * INPUT_DIR/.planbook unless --data names another. `planbook check` skips it, as it skips
 * every hidden entry of the input folder. */
static bool set_folders(struct arena *a, const char *input)
{
	char real[PATH_MAX];
	if (!realpath(input, real)) {
		fprintf(stderr, _("planbook: %s: not a folder of plan data\n"), input);
		return false;
	}
	srv.cfg.input = arena_strdup(a, real);
	if (!file_exists(path_join(a, real, "book.yaml"))) {
		fprintf(stderr, _("planbook: %s: not a folder of plan data\n"), input);
		return false;
	}
	if (!srv.cfg.data)
		srv.cfg.data = path_join(a, real, ".planbook");
	if (mkdir(srv.cfg.data, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, _("planbook: cannot create %s: %s\n"), srv.cfg.data, strerror(errno));
		return false;
	}
	if (realpath(srv.cfg.data, real))
		srv.cfg.data = arena_strdup(a, real);
	srv.cfg.web = path_dir(a, pipeline_shipped_file(a, "web/layout.html"));
	return true;
}

/* --links: a new link for every unit, printed "ID<TAB>PATH". Only the hash of a link is
 * stored, so a link can be shown only when it is made: this issues new ones, and the links
 * printed before stop working. */
static int print_links(const char *url)
{
	struct arena a = {0};
	struct book *b = pipeline_manifest(&a, srv.cfg.input, stderr);
	int status = b ? PB_OK : PB_INVALID;
	for (size_t i = 0; b && i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			const char *id = b->parts[i].units[k].id;
			char token[TOKEN_HEX + 1];
			if (!links_issue(srv.cfg.data, id, token, NULL)) {
				fprintf(stderr, _("planbook: cannot write %s\n"), srv.cfg.data);
				status = PB_USAGE;
				break;
			}
			printf("%s\t%s/u/%s\n", id, url ? url : "", token);
		}
	arena_free(&a);
	return status;
}

/* --set-password: the first line of stdin, or PLANBOOK_PASSWORD. */
static int set_password(void)
{
	char line[1024];
	const char *env = getenv("PLANBOOK_PASSWORD");
	if (env)
		snprintf(line, sizeof line, "%s", env);
	else if (!fgets(line, sizeof line, stdin))
		line[0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (strlen(line) < 8) {
		fputs(_("planbook: the password must have at least 8 characters\n"), stderr);
		return PB_USAGE;
	}
	int status = auth_set_password(srv.cfg.data, line);
	if (status == 0)
		fprintf(stderr, _("planbook: the password is set (%s/password)\n"), srv.cfg.data);
	else
		fprintf(stderr, _("planbook: cannot write %s\n"), srv.cfg.data);
	return status;
}

/* ---------------------------------------------------------------- running */

static struct MHD_Daemon *start_daemon(const char *listen)
{
	struct sockaddr_storage sa;
	socklen_t len;
	if (!parse_listen(listen, &sa, &len)) {
		fprintf(stderr, _("planbook: --listen takes ADDRESS:PORT, such as 127.0.0.1:8080, not '%s'\n"),
			listen);
		return NULL;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv.cfg.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)131072,
		MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_END);
	if (!d)
		fprintf(stderr, _("planbook: cannot listen on %s: %s\n"), listen, strerror(errno));
	return d;
}

/* SIGTERM (or ^C): no new connection is taken, the requests under way are answered (a
 * minute at most), the build under way finishes, then the process ends with status 0. */
static void wait_and_stop(struct MHD_Daemon *d, sigset_t *set)
{
	int sig = 0;
	while (sigwait(set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	atomic_store(&stopping, true);
	fprintf(stderr, _("planbook: stopping: finishing the requests under way\n"));
	MHD_socket listen_fd = MHD_quiesce_daemon(d);
	/* refused from now on, rather than left waiting in the queue until the end */
	if (listen_fd != MHD_INVALID_SOCKET)
		shutdown(listen_fd, SHUT_RDWR);
	for (int i = 0; i < 600 && atomic_load(&in_flight) > 0; i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	jobs_stop();
}

static int run_server(const char *listen)
{
	pipeline_init();
	/* the signals are taken by sigwait in this thread alone: every thread made after
	 * this inherits the mask */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!jobs_start())
		return PB_USAGE;
	struct MHD_Daemon *d = start_daemon(listen);
	if (!d) {
		jobs_stop();
		return PB_USAGE;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, _("planbook: serving %s on port %u (data in %s)\n"), srv.cfg.input,
		info ? (unsigned)info->port : 0u, srv.cfg.data);
	if (!auth_has_password())
		fprintf(stderr, _("planbook: no password is set: set one with planbook serve "
				  "--set-password\n"));
	wait_and_stop(d, &set);
	state_clear();
	fprintf(stderr, _("planbook: stopped\n"));
	return PB_OK;
}

int serve_main(const struct cli_args *args)
{
	struct serve_options o = {.listen = "127.0.0.1:8080"};
	srv.cfg.upload_cap = 20u << 20;
	srv.cfg.threads = 4;
	if (serve_options_from(args, &o) != 0) {
		fputs(_("planbook serve: --upload-limit takes a number of MB up to 1024, and --threads a "
			"number from 1 to 64\n"),
		      stderr);
		cli_usage(CMD_SERVE, stderr);
		return PB_USAGE;
	}
	static struct arena a; /* the folders' names, for the life of the process */
	if (!set_folders(&a, args->operands[0]))
		return PB_USAGE;
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&srv.input_lock, &attr);
	pthread_mutex_init(&srv.manifest_lock, NULL);
	if (o.set_password)
		return set_password();
	if (!auth_init(srv.cfg.data)) {
		fprintf(stderr, _("planbook: cannot write %s\n"), srv.cfg.data);
		return PB_USAGE;
	}
	int status = o.links ? print_links(o.url) : run_server(o.listen);
	arena_free(&a);
	return status;
}
