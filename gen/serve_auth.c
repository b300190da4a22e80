/* serve_auth.c — who may do what: the planning unit's password (libsodium's crypto_pwhash,
 * stored as its hash string), its sessions, the units' links (a token of 128 random bits
 * in the URL, stored only as its hash), the CSRF tokens of the forms, and the rate limit
 * on signing in. The only file of the server that includes sodium.h. */
#define _GNU_SOURCE /* flock */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

enum {
	SECRET_BYTES = 32,
	MAX_SESSIONS = 64,
	SESSION_IDLE = 8 * 3600,     /* seconds a session lives unused */
	SESSION_LIFE = 12 * 3600,    /* and at most */
	MAX_CLIENTS = 256,           /* addresses the rate limit remembers */
	FREE_FAILURES = 5,           /* wrong passwords before the waiting starts */
	FORGET_AFTER = 15 * 60,      /* a quiet address starts afresh */
	GLOBAL_FAILURES = 100,       /* wrong passwords a minute over all addresses */
	MAX_VERIFYING = 2,           /* crypto_pwhash takes 64 MB and a core each */
	MAX_LINKS = 4096,
};

static unsigned char secret[SECRET_BYTES];
static char password_file[4096];

static time_t now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void to_hex(const unsigned char *bin, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, bin, n);
}

void auth_random_hex(char *out, size_t n)
{
	unsigned char bytes[64];
	if (n > sizeof bytes)
		n = sizeof bytes;
	randombytes_buf(bytes, n);
	to_hex(bytes, n, out);
}

/* The server's secret, for the CSRF tokens: kept in the data folder so that a form
 * opened before a restart still posts. Made on the first start. */
static bool load_secret(const char *data)
{
	struct arena a = {0};
	const char *path = path_join(&a, data, "secret");
	struct buf b = {0};
	bool ok = false;
	if (file_read(path, &b) && b.len >= 2 * SECRET_BYTES &&
	    sodium_hex2bin(secret, sizeof secret, b.data, 2 * SECRET_BYTES, NULL, NULL, NULL) == 0) {
		ok = true;
	} else {
		char hex[2 * SECRET_BYTES + 2];
		randombytes_buf(secret, sizeof secret);
		to_hex(secret, sizeof secret, hex);
		strcat(hex, "\n");
		ok = serve_write_atomic(&a, path, hex, strlen(hex), 0600);
	}
	buf_free(&b);
	arena_free(&a);
	return ok;
}

bool auth_init(const char *data)
{
	if (sodium_init() < 0)
		return false;
	snprintf(password_file, sizeof password_file, "%s/password", data);
	return load_secret(data);
}

/* ---------------------------------------------------------------- the password */

int auth_set_password(const char *data, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return 2;
	struct arena a = {0};
	char *line = arena_printf(&a, "%s\n", hash);
	bool ok = serve_write_atomic(&a, path_join(&a, data, "password"), line, strlen(line), 0600);
	arena_free(&a);
	return ok ? 0 : 2;
}

/* The stored hash string, read afresh: --set-password may change it while serving. */
static bool stored_hash(char *out, size_t n)
{
	FILE *f = fopen(password_file, "r");
	if (!f)
		return false;
	bool ok = fgets(out, (int)n, f) != NULL;
	fclose(f);
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok && out[0];
}

bool auth_has_password(void)
{
	char hash[crypto_pwhash_STRBYTES + 2];
	return stored_hash(hash, sizeof hash);
}

/* ---------------------------------------------------------------- the rate limit */

struct client {
	char addr[64];
	int failures;
	time_t last; /* the last failure */
};

static struct {
	pthread_mutex_t lock;
	struct client clients[MAX_CLIENTS];
	time_t recent[GLOBAL_FAILURES]; /* the last failures over all addresses, a ring */
	size_t next;
	int verifying;
} limit = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The address's entry; a new one replaces the quietest when the table is full. */
static struct client *client_of(const char *addr, time_t now)
{
	struct client *free_slot = NULL, *oldest = &limit.clients[0];
	for (size_t i = 0; i < MAX_CLIENTS; i++) {
		struct client *c = &limit.clients[i];
		if (c->addr[0] && !strcmp(c->addr, addr)) {
			if (now - c->last > FORGET_AFTER)
				c->failures = 0;
			return c;
		}
		if (!c->addr[0] && !free_slot)
			free_slot = c;
		if (c->last < oldest->last)
			oldest = c;
	}
	struct client *c = free_slot ? free_slot : oldest;
	memset(c, 0, sizeof *c);
	snprintf(c->addr, sizeof c->addr, "%s", addr);
	return c;
}

/* Seconds to wait before this address may try again: none for the first five failures,
 * then 2, 4, 8 … seconds, up to a quarter of an hour; and a minute for everyone when a
 * hundred failures came in the last minute. */
static unsigned wait_for(const struct client *c, time_t now)
{
	time_t oldest = limit.recent[limit.next];
	if (oldest && now - oldest < 60)
		return (unsigned)(60 - (now - oldest));
	if (c->failures < FREE_FAILURES)
		return 0;
	int shift = c->failures - FREE_FAILURES + 1;
	time_t delay = shift > 9 ? 900 : (time_t)1 << shift;
	if (delay > 900)
		delay = 900;
	return now - c->last >= delay ? 0 : (unsigned)(delay - (now - c->last));
}

/* May this address try now? If so, a verification slot is taken. */
static enum signin admit(const char *addr, unsigned *retry_after)
{
	time_t now = now_mono();
	enum signin r = SIGNIN_OK;
	pthread_mutex_lock(&limit.lock);
	unsigned wait = wait_for(client_of(addr, now), now);
	if (wait) {
		*retry_after = wait;
		r = SIGNIN_LIMITED;
	} else if (limit.verifying >= MAX_VERIFYING) {
		*retry_after = 1;
		r = SIGNIN_BUSY;
	} else {
		limit.verifying++;
	}
	pthread_mutex_unlock(&limit.lock);
	return r;
}

static void settle(const char *addr, bool right)
{
	time_t now = now_mono();
	pthread_mutex_lock(&limit.lock);
	limit.verifying--;
	struct client *c = client_of(addr, now);
	if (right) {
		c->failures = 0;
	} else {
		c->failures++;
		c->last = now;
		limit.recent[limit.next] = now;
		limit.next = (limit.next + 1) % GLOBAL_FAILURES;
	}
	pthread_mutex_unlock(&limit.lock);
}

/* ---------------------------------------------------------------- sessions */

struct session {
	char id[SESSION_HEX + 1];
	time_t started, used;
};

static struct {
	pthread_mutex_t lock;
	struct session s[MAX_SESSIONS];
} sessions = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool session_live(const struct session *s, time_t now)
{
	return s->id[0] && now - s->used < SESSION_IDLE && now - s->started < SESSION_LIFE;
}

static void new_session(char *id)
{
	time_t now = now_mono();
	auth_random_hex(id, SESSION_HEX / 2);
	pthread_mutex_lock(&sessions.lock);
	struct session *slot = &sessions.s[0];
	for (size_t i = 0; i < MAX_SESSIONS; i++) {
		if (!session_live(&sessions.s[i], now)) {
			slot = &sessions.s[i];
			break;
		}
		if (sessions.s[i].used < slot->used)
			slot = &sessions.s[i]; /* all live: the one unused longest goes */
	}
	snprintf(slot->id, sizeof slot->id, "%s", id);
	slot->started = slot->used = now;
	pthread_mutex_unlock(&sessions.lock);
}

enum signin auth_sign_in(const char *client, const char *password, char *session,
			 unsigned *retry_after)
{
	char hash[crypto_pwhash_STRBYTES + 2];
	if (!stored_hash(hash, sizeof hash))
		return SIGNIN_NO_PASSWORD;
	enum signin r = admit(client, retry_after);
	if (r != SIGNIN_OK)
		return r;
	bool right = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	settle(client, right);
	if (!right)
		return SIGNIN_WRONG;
	new_session(session);
	return SIGNIN_OK;
}

bool auth_session_valid(const char *id)
{
	if (!id || strlen(id) != SESSION_HEX)
		return false;
	time_t now = now_mono();
	bool ok = false;
	pthread_mutex_lock(&sessions.lock);
	for (size_t i = 0; i < MAX_SESSIONS && !ok; i++) {
		struct session *s = &sessions.s[i];
		if (session_live(s, now) && sodium_memcmp(s->id, id, SESSION_HEX) == 0) {
			s->used = now;
			ok = true;
		}
	}
	pthread_mutex_unlock(&sessions.lock);
	return ok;
}

void auth_sign_out(const char *id)
{
	if (!id || strlen(id) != SESSION_HEX)
		return;
	pthread_mutex_lock(&sessions.lock);
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (sodium_memcmp(sessions.s[i].id, id, SESSION_HEX) == 0)
			memset(&sessions.s[i], 0, sizeof sessions.s[i]);
	pthread_mutex_unlock(&sessions.lock);
}

/* ---------------------------------------------------------------- CSRF */

void auth_csrf(const char *scope, char *out)
{
	unsigned char mac[32];
	crypto_generichash(mac, sizeof mac, (const unsigned char *)scope, strlen(scope), secret,
			   sizeof secret);
	to_hex(mac, sizeof mac, out);
}

bool auth_csrf_ok(const char *scope, const char *given)
{
	char want[HASH_HEX + 1];
	if (!given || strlen(given) != HASH_HEX)
		return false;
	auth_csrf(scope, want);
	return sodium_memcmp(want, given, HASH_HEX) == 0;
}

/* ---------------------------------------------------------------- unit links */

void auth_token_hash(const char *token, char *out)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	to_hex(h, sizeof h, out);
}

void auth_hash_bytes(const void *bytes, size_t n, char *out)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, bytes, n, NULL, 0);
	to_hex(h, sizeof h, out);
}

/* The links file, "UNIT<TAB>HASH<TAB>ISSUED<TAB>SERIAL" a line, read again whenever it
 * changed on disk: `planbook serve --links` may rewrite it while the server runs. */
static struct {
	pthread_mutex_t lock;
	struct link *items;
	size_t n;
	struct stat seen;
} links = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void parse_links(const char *text)
{
	free(links.items);
	links.items = NULL;
	links.n = 0;
	size_t cap = 0;
	for (const char *line = text; line && *line && links.n < MAX_LINKS;) {
		const char *end = strchr(line, '\n');
		struct link l = {0};
		long issued = 0;
		char unit[128], hash[HASH_HEX + 1];
		if (sscanf(line, "%127[^\t\n]\t%64[0-9a-f]\t%ld\t%ld", unit, hash, &issued, &l.serial) == 4 &&
		    strlen(hash) == HASH_HEX) {
			snprintf(l.unit, sizeof l.unit, "%s", unit);
			memcpy(l.hash, hash, sizeof l.hash);
			l.issued = (time_t)issued;
			if (links.n == cap) {
				cap = cap ? cap * 2 : 128;
				links.items = xrealloc(links.items, cap * sizeof *links.items);
			}
			links.items[links.n++] = l;
		}
		line = end ? end + 1 : NULL;
	}
}

/* Brings the table up to date with the file (under links.lock). */
static void reload_links(const char *data)
{
	struct arena a = {0};
	const char *path = path_join(&a, data, "links.tsv");
	struct stat st;
	if (stat(path, &st) != 0) {
		memset(&st, 0, sizeof st);
		if (!same_file_state(&st, &links.seen))
			parse_links("");
	} else if (!same_file_state(&st, &links.seen)) {
		struct buf b = {0};
		if (file_read(path, &b))
			parse_links(buf_cstr(&b));
		buf_free(&b);
	}
	links.seen = st;
	arena_free(&a);
}

bool links_find(const char *data, const char *token, struct link *out)
{
	char hash[HASH_HEX + 1];
	auth_token_hash(token, hash);
	bool found = false;
	pthread_mutex_lock(&links.lock);
	reload_links(data);
	for (size_t i = 0; i < links.n && !found; i++)
		if (sodium_memcmp(links.items[i].hash, hash, HASH_HEX) == 0) {
			*out = links.items[i];
			found = true;
		}
	pthread_mutex_unlock(&links.lock);
	return found;
}

bool links_of_unit(const char *data, const char *unit, struct link *out)
{
	bool found = false;
	pthread_mutex_lock(&links.lock);
	reload_links(data);
	for (size_t i = 0; i < links.n && !found; i++)
		if (!strcmp(links.items[i].unit, unit)) {
			*out = links.items[i];
			found = true;
		}
	pthread_mutex_unlock(&links.lock);
	return found;
}

/* Rewrites the links file with unit's link replaced (new_link) or removed (NULL), under
 * an exclusive lock on the data folder's links.lock: the server and `--links` may both
 * write it. */
static bool change_links(const char *data, const char *unit, const struct link *new_link)
{
	struct arena a = {0};
	int fd = open(path_join(&a, data, "links.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		if (fd >= 0)
			close(fd);
		arena_free(&a);
		return false;
	}
	pthread_mutex_lock(&links.lock);
	memset(&links.seen, 0, sizeof links.seen); /* read it afresh, under the file lock */
	links.seen.st_ino = (ino_t)-1;
	reload_links(data);
	struct buf out = {0};
	for (size_t i = 0; i < links.n; i++)
		if (strcmp(links.items[i].unit, unit))
			buf_printf(&out, "%s\t%s\t%ld\t%ld\n", links.items[i].unit, links.items[i].hash,
				   (long)links.items[i].issued, links.items[i].serial);
	if (new_link)
		buf_printf(&out, "%s\t%s\t%ld\t%ld\n", new_link->unit, new_link->hash,
			   (long)new_link->issued, new_link->serial);
	bool ok = serve_write_atomic(&a, path_join(&a, data, "links.tsv"), out.data ? out.data : "",
				     out.len, 0600);
	reload_links(data);
	pthread_mutex_unlock(&links.lock);
	buf_free(&out);
	close(fd); /* releases the lock */
	arena_free(&a);
	return ok;
}

bool links_issue(const char *data, const char *unit, char *token, struct link *out)
{
	long serial = 0;
	pthread_mutex_lock(&links.lock);
	reload_links(data);
	for (size_t i = 0; i < links.n; i++)
		if (links.items[i].serial > serial)
			serial = links.items[i].serial;
	pthread_mutex_unlock(&links.lock);
	struct link l = {0};
	snprintf(l.unit, sizeof l.unit, "%s", unit);
	auth_random_hex(token, TOKEN_BYTES);
	auth_token_hash(token, l.hash);
	l.issued = time(NULL);
	/* serials only tell links apart in the history; a race with --links at worst repeats
	 * one, never loses a link */
	l.serial = serial + 1;
	if (!change_links(data, unit, &l))
		return false;
	if (out)
		*out = l;
	return true;
}

bool links_revoke(const char *data, const char *unit)
{
	return change_links(data, unit, NULL);
}
