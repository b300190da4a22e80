/* serve_http.h — one HTTP request as the server's files see it (serve.c reads it from
 * libmicrohttpd and answers; serve_routes.c decides; serve_pages.c writes the HTML). */
#ifndef PB_SERVE_HTTP_H
#define PB_SERVE_HTTP_H

#include <microhttpd.h>
#include <time.h>

#include "serve.h"

enum {
	MAX_FIELDS = 8,
	FIELD_NAME = 32,
	FIELD_VALUE = 512,   /* the forms' small fields: a CSRF token, a password, a number */
	HEAD_BYTES = 4096,   /* the upload's first bytes, to know its kind */
	FORM_LIMIT = 16384,  /* a form without a file */
};

struct field {
	char name[FIELD_NAME];
	char value[FIELD_VALUE];
	size_t len;
	bool too_long;
};

struct route;

struct request {
	struct arena a;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;         /* as sent, not decoded */
	char log_path[256];       /* the path with a unit's token left out */
	char client[64];
	struct timespec start;
	const struct route *route;
	unsigned refused;         /* with no route: 403, 404 or 405 */
	char seg[2][160];         /* the path's variable parts: a token, a key, a number */
	/* the body */
	struct MHD_PostProcessor *pp;
	size_t received, limit;
	bool too_large, bad_body;
	struct field fields[MAX_FIELDS];
	size_t nfields;
	int upload_fd;            /* -1 when none */
	const char *upload_path;  /* under data/tmp; removed unless kept */
	size_t upload_size;
	unsigned char head[HEAD_BYTES];
	size_t head_len;
	int file_parts;
	/* the answer */
	struct MHD_Response *response;
	unsigned status;
	size_t bytes;
	const char *cookies[3];
	size_t ncookies;
	/* who */
	const char *session;      /* a valid session's id, or NULL */
	struct link link;         /* the unit link of /u/TOKEN routes */
};

/* A field of the form, or NULL (a field cut at FIELD_VALUE is treated as absent). */
const char *req_field(const struct request *r, const char *name);
const char *req_cookie(const struct request *r, const char *name);
const char *req_header(const struct request *r, const char *name);
/* Whether cookies get Secure: --secure, or https at a trusted proxy. */
bool req_secure(const struct request *r);

/* Answers; each adds the security headers. The body is taken over. */
void reply_html(struct request *r, unsigned status, struct buf *html);
void reply_redirect(struct request *r, const char *location);
/* A file to download; false when it cannot be opened. */
bool reply_file(struct request *r, const char *path, const char *type, const char *name);
void reply_text(struct request *r, unsigned status, const char *type, const char *text);
void reply_cookie(struct request *r, const char *cookie);

/* serve_routes.c: the route table and what each does. */
const struct route *route_find(const char *method, const char *path, struct request *r,
			       unsigned *status);
/* Whether the route takes an upload (its body limit is the upload cap). */
bool route_takes_file(const struct route *rt);
/* Whether the route is a POST (a form: needs the CSRF token). */
bool route_is_post(const struct route *rt);
/* Answers the request (after its body, for a POST). */
void route_run(struct request *r);
/* An error page in Hebrew: what is one of the messages of web/error.html. */
void reply_error(struct request *r, unsigned status, const char *what);

#endif
