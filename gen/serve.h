/* serve.h — what the files of `planbook serve` share: the web front end beside main.c.
 *   serve.c        options, libmicrohttpd, routing, headers, the request log, SIGTERM
 *   serve_auth.c   password, sessions, unit links (capability tokens), CSRF, rate limit
 *   serve_store.c  uploads kept aside or accepted, the history of every plan, restore
 *   serve_jobs.c   the builds, one at a time on a worker thread
 *   serve_state.c  the units' states for the dashboard (pipeline.c), cached
 *   serve_pages.c  the HTML pages, from the templates in web/
 * The server calls the pipeline (pipeline.h) as the command line does; it never lays out,
 * reads or checks anything by itself. */
#ifndef PB_SERVE_H
#define PB_SERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "util.h"

/* libsodium's sizes, spelt out here so that only serve_auth.c includes sodium.h. */
enum {
	TOKEN_BYTES = 16,            /* a unit link's secret: 128 random bits */
	TOKEN_HEX = 2 * TOKEN_BYTES, /* as it is written in the link */
	HASH_HEX = 64,               /* a 256-bit hash as hex */
	SESSION_HEX = 64,
};

struct serve_config {
	const char *input;        /* INPUT_DIR */
	const char *data;         /* the data folder (default INPUT_DIR/.planbook) */
	const char *web;          /* the folder of the page templates and style sheet */
	const char *host;         /* listen address */
	int port;
	size_t upload_cap;        /* bytes; 20 MB by default */
	int threads;              /* libmicrohttpd's thread pool */
	bool secure;              /* cookies are Secure (TLS at the proxy) */
	bool behind_proxy;        /* trust X-Forwarded-For and X-Forwarded-Proto */
};

/* The one server of the process. */
struct server {
	struct serve_config cfg;
	/* Held to read INPUT_DIR (a check, a build, a template), taken for writing only to
	 * put an accepted plan or a rewritten book.yaml in place: a build never mixes an
	 * upload that lands during it. Writers first, so that readers cannot starve them. */
	pthread_rwlock_t input_lock;
	pthread_mutex_t manifest_lock; /* book.yaml's rewriting: one at a time */
};
extern struct server srv;

/* ---- serve.c ---- */
struct cli_args;
/* planbook serve, its options parsed (cli_options.h). Returns the exit status. */
int serve_main(const struct cli_args *args);
/* Now as the log and the history write it: 2026-12-06T07:01:02Z (out holds 32). */
void serve_time(time_t t, char *out, size_t n);
/* A folder inside the data folder, made if missing (0700); NULL when it cannot be. */
const char *serve_data_dir(struct arena *a, const char *sub);
/* Writes bytes to path through a temporary file beside it, fsynced, renamed, and the
 * folder fsynced: a reader sees the old file or the new, never half of one. */
bool serve_write_atomic(struct arena *a, const char *path, const void *bytes, size_t n,
			int mode);
/* The same in two steps: the temporary file beside path, written and fsynced (NULL when
 * it cannot be); then its rename to path and the folder's fsync. */
const char *serve_write_temp(struct arena *a, const char *path, const void *bytes, size_t n,
			     int mode);
bool serve_rename_into(struct arena *a, const char *tmp, const char *path);

/* ---- serve_auth.c ---- */
bool auth_init(const char *data);
int auth_set_password(const char *data, const char *password);
bool auth_has_password(void);
enum signin { SIGNIN_OK, SIGNIN_WRONG, SIGNIN_LIMITED, SIGNIN_NO_PASSWORD, SIGNIN_BUSY };
/* Checks the password, rate-limited per client address and over all clients; on success
 * session (SESSION_HEX + 1) is a new session id. retry_after: seconds, when limited. */
enum signin auth_sign_in(const char *client, const char *password, char *session,
			 unsigned *retry_after);
bool auth_session_valid(const char *session);
void auth_sign_out(const char *session);
/* The CSRF token of a scope ("s:" + session, "u:" + token hash, "p:" + pre-sign-in
 * nonce): a keyed hash with the server's secret, so nothing needs storing (out: HASH_HEX
 * + 1). auth_csrf_ok compares in constant time. */
void auth_csrf(const char *scope, char *out);
bool auth_csrf_ok(const char *scope, const char *given);
/* Hex of n random bytes (out holds 2n + 1). */
void auth_random_hex(char *out, size_t n);
/* The hash a token is stored as (out: HASH_HEX + 1). */
void auth_token_hash(const char *token, char *out);
/* The hash of n bytes, to tell versions apart (out: HASH_HEX + 1). */
void auth_hash_bytes(const void *bytes, size_t n, char *out);

/* A unit's link: its id, when it was issued, and its serial (told apart in the history). */
struct link {
	char unit[128];
	char hash[HASH_HEX + 1];
	time_t issued;
	long serial;
};
/* Issues a new link for unit (the old one stops working); token: TOKEN_HEX + 1. */
bool links_issue(const char *data, const char *unit, char *token, struct link *out);
bool links_revoke(const char *data, const char *unit);
/* The link a token opens, or false. */
bool links_find(const char *data, const char *token, struct link *out);
/* The unit's current link, or false when it has none. */
bool links_of_unit(const char *data, const char *unit, struct link *out);

/* ---- serve_store.c ---- */
enum upload_kind { KIND_NONE, KIND_XLSX, KIND_CSV, KIND_OLD_XLS, KIND_BINARY, KIND_EMPTY };
/* The kind of a file by its first bytes (n of them), never by its name. */
enum upload_kind store_kind_of(const unsigned char *head, size_t n, size_t total);
const char *store_kind_ext(enum upload_kind k);

struct version {
	long n;               /* 1, 2, … in the unit's history */
	time_t when;
	char source[32];      /* "upload", "restored", "command-line", "book.yaml" */
	long link;            /* the link's serial for an upload; the version for restored */
	char file[256];       /* the plan's path in INPUT_DIR, as book.yaml names it */
	size_t size;
	char hash[HASH_HEX + 1];
};
/* The unit's history, oldest first (a vec of struct version in a). */
bool store_history(struct arena *a, const char *unit, struct vec *out);
/* The stored file of a version, or NULL. */
const char *store_version_file(struct arena *a, const char *unit, long n);

/* The outcome of an upload or a restore. */
struct store_result {
	bool ok;
	long version;          /* the new version's number */
	const char *plan;      /* the plan's file in INPUT_DIR */
	const char *error;     /* why not, for the page (English; the page says it in Hebrew) */
};
/* A new temporary file for an upload under the data folder; NULL when none can be made. */
const char *store_upload_temp(struct arena *a, int *fd);
/* Makes the upload at tmp (checked, of kind k) unit's plan: the previous plan is kept in
 * the history first, the new one is written beside it and renamed over it. */
struct store_result store_accept(struct arena *a, const char *unit, const char *tmp,
				 enum upload_kind k, long link);
/* Keeps a refused upload aside (data/rejected) with what checking it said. */
const char *store_reject(struct arena *a, const char *unit, const char *tmp, enum upload_kind k,
			 const char *messages);
/* Makes version n the unit's plan again, as a new version. */
struct store_result store_restore(struct arena *a, const char *unit, long n);
/* A unit id as a file name: itself when it is letters, digits, '-' and '_', else hex. */
const char *store_safe_name(struct arena *a, const char *id);

/* ---- serve_jobs.c ---- */
enum job_state { JOB_NONE, JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };
struct job_view {
	enum job_state state;
	char key[160];
	char file[512];       /* the result (PDF, zip), when done */
	char *messages;       /* what the pipeline said (malloc'ed copy; free it) */
	time_t queued, finished;
	int errors, warnings;
	bool current;         /* built from the input as it is now */
};
bool jobs_start(void);
void jobs_stop(void);
/* Asks for a build: "check", "book", "booklet:h1", "sections", "unit:ID",
 * "unit:ID:h1" (its measurement pages). A build of the same key already waiting is not
 * asked twice. false when the key is not one of these. */
bool jobs_request(const char *key);
void jobs_view(const char *key, struct job_view *out);
/* A fingerprint of the input (book.yaml and every plan file: size and time): a build
 * made from another is not current. */
unsigned long long jobs_input_stamp(void);

/* ---- serve_state.c ---- */
struct unit_row {
	const char *part_id, *part_title;
	const char *id, *name;
	const char *plan;          /* as book.yaml names it, or NULL */
	bool pending;
	int errors, warnings;
	const char *messages;
	size_t lines, reported[8];
	struct file_seen { long long mtime_ns, size; unsigned long long ino; } seen; /* its plan */
};
struct book_state {
	struct arena a;
	int refs;                  /* the cache's and each reader's */
	unsigned long long stamp;  /* the input it was made from */
	struct file_seen manifest; /* book.yaml, as it was read */
	bool ok;                   /* book.yaml read */
	const char *book_messages; /* what reading book.yaml and the prose said */
	const char *book_id;
	int year;
	size_t nperiods;
	const char *period_id[8], *period_name[8];
	struct unit_row *units;
	size_t nunits;
};
/* The states of every unit, recomputed only when the input changed; never NULL but when
 * out of memory. Give it back with state_release. */
const struct book_state *state_acquire(void);
void state_release(const struct book_state *s);
const struct unit_row *state_unit(const struct book_state *s, const char *id);
void state_clear(void);

#endif
