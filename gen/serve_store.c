/* serve_store.c — where the plans sent through the web go. An upload is streamed to a
 * temporary file under the data folder and checked there; with errors it is kept aside
 * (data/rejected); accepted, it becomes the unit's plan in INPUT_DIR, written beside the
 * old file and renamed over it, so that the command line sees it too. Every version a
 * unit's plan has had is kept in data/history/UNIT/ with its time and source, the one
 * that was there before the first upload included; any of them can be made the plan
 * again. The server never deletes a version.
 *
 * When the upload is another kind of file than book.yaml names (a workbook where the plan
 * is a CSV), or the unit is pending with no plan, the new file gets the name book.yaml's
 * plan has with the new extension (a pending unit: its id), and that one `plan:` value of
 * book.yaml is rewritten (write_manifest.c), the old book.yaml kept in
 * data/history/book.yaml/. The old plan file then leaves INPUT_DIR, since book.yaml no
 * longer lists it and `planbook check` would warn of it; its bytes are the version before
 * in the history. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline.h"
#include "serve.h"
#include "write_manifest.h"

/* The history folder of book.yaml's own versions; no unit's folder has this name, as a
 * unit's is its id without dots. */
static const char manifest_history[] = "book.yaml";

enum upload_kind store_kind_of(const unsigned char *h, size_t n, size_t total)
{
	static const struct {
		const char *magic;
		size_t len;
	} binary[] = {{"%PDF", 4}, {"\x89PNG", 4}, {"\xFF\xD8\xFF", 3}, {"GIF8", 4},
		      {"\x1F\x8B", 2}, {"Rar!", 4}, {"7z\xBC\xAF", 4}, {"\x7F" "ELF", 4}};
	if (total == 0)
		return KIND_EMPTY;
	if (n >= 4 && !memcmp(h, "PK\3\4", 4))
		return KIND_XLSX;
	if (n >= 4 && !memcmp(h, "\xD0\xCF\x11\xE0", 4))
		return KIND_OLD_XLS;
	if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF)))
		return KIND_CSV; /* Excel's "Unicode text": UTF-16 with its mark */
	for (size_t i = 0; i < sizeof binary / sizeof binary[0]; i++)
		if (n >= binary[i].len && !memcmp(h, binary[i].magic, binary[i].len))
			return KIND_BINARY;
	return memchr(h, '\0', n) ? KIND_BINARY : KIND_CSV;
}

const char *store_kind_ext(enum upload_kind k)
{
	return k == KIND_XLSX ? ".xlsx" : ".csv";
}

const char *store_safe_name(struct arena *a, const char *id)
{
	bool safe = id[0] && strlen(id) < 100;
	for (const char *p = id; safe && *p; p++)
		safe = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		       *p == '-' || *p == '_';
	if (safe)
		return id;
	struct buf b = {0};
	buf_adds(&b, "x-");
	for (const char *p = id; *p && b.len < 200; p++)
		buf_printf(&b, "%02x", (unsigned char)*p);
	char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

const char *store_upload_temp(struct arena *a, int *fd)
{
	const char *dir = serve_data_dir(a, "tmp");
	if (!dir)
		return NULL;
	char *path = arena_printf(a, "%s/upload.XXXXXX", dir);
	*fd = mkostemp(path, O_CLOEXEC);
	return *fd >= 0 ? path : NULL;
}

/* ---------------------------------------------------------------- the history */

static const char *history_dir(struct arena *a, const char *unit)
{
	const char *top = serve_data_dir(a, "history");
	if (!top)
		return NULL;
	const char *dir = path_join(a, top, unit == manifest_history ? unit : store_safe_name(a, unit));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return NULL;
	return dir;
}

static void clean_field(char *s)
{
	for (; *s; s++)
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
}

static bool read_log(struct arena *a, const char *dir, struct vec *out)
{
	struct buf b = {0};
	memset(out, 0, sizeof *out);
	if (!file_read(path_join(a, dir, "log.tsv"), &b)) {
		buf_free(&b);
		return errno == ENOENT;
	}
	for (char *line = b.data; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		struct version v = {0};
		long when = 0;
		if (sscanf(line, "%ld\t%ld\t%31[^\t]\t%ld\t%255[^\t]\t%zu\t%64[0-9a-f]", &v.n, &when,
			   v.source, &v.link, v.file, &v.size, v.hash) == 7) {
			v.when = (time_t)when;
			*(struct version *)vec_push(a, out, sizeof v) = v;
		}
		line = end ? end + 1 : NULL;
	}
	buf_free(&b);
	return true;
}

bool store_history(struct arena *a, const char *unit, struct vec *out)
{
	const char *dir = history_dir(a, unit);
	return dir && read_log(a, dir, out);
}

static const char *ext_of(const char *file)
{
	const char *dot = strrchr(file, '.'), *slash = strrchr(file, '/');
	return dot && (!slash || dot > slash) && !strcasecmp(dot, ".xlsx") ? ".xlsx"
	       : !strcmp(file, "book.yaml") || (slash && !strcmp(slash, "/book.yaml")) ? ".yaml"
	       : ".csv";
}

const char *store_version_file(struct arena *a, const char *unit, long n)
{
	struct vec h;
	if (!store_history(a, unit, &h))
		return NULL;
	for (size_t i = 0; i < h.len; i++) {
		const struct version *v = &VEC_AT(&h, struct version, i);
		if (v->n == n)
			return arena_printf(a, "%s/%06ld%s", history_dir(a, unit), n, ext_of(v->file));
	}
	return NULL;
}

/* Adds a version (bytes) to a history folder: the file first, then its line in the log,
 * so that a line never names a file that is not complete. */
static long add_version(struct arena *a, const char *dir, const char *file, const struct buf *bytes,
			const char *source, long link, time_t when)
{
	struct vec h;
	if (!read_log(a, dir, &h))
		return 0;
	long n = h.len ? VEC_AT(&h, struct version, h.len - 1).n + 1 : 1;
	const char *path = arena_printf(a, "%s/%06ld%s", dir, n, ext_of(file));
	if (!serve_write_atomic(a, path, bytes->data ? bytes->data : "", bytes->len, 0600))
		return 0;
	char hash[HASH_HEX + 1];
	auth_hash_bytes(bytes->data ? bytes->data : "", bytes->len, hash);
	char *name = arena_strdup(a, file);
	clean_field(name);
	char *line = arena_printf(a, "%ld\t%ld\t%s\t%ld\t%s\t%zu\t%s\n", n, (long)when, source, link,
				  name, bytes->len, hash);
	int fd = open(path_join(a, dir, "log.tsv"), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line) && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	return ok ? n : 0;
}

/* The file as it is in INPUT_DIR kept as a version, unless the last version holds the
 * same bytes: the plan the command line put there before the first upload, or changed
 * since. false when it cannot be kept (then nothing may replace it). */
static bool keep_current(struct arena *a, const char *dir, const char *path, const char *rel,
			 const char *source)
{
	struct buf cur = {0};
	if (!file_read(path, &cur)) {
		buf_free(&cur);
		return errno == ENOENT; /* nothing there to keep */
	}
	struct vec h;
	bool same = false;
	if (read_log(a, dir, &h) && h.len) {
		char hash[HASH_HEX + 1];
		auth_hash_bytes(cur.data ? cur.data : "", cur.len, hash);
		const struct version *last = &VEC_AT(&h, struct version, h.len - 1);
		same = !strcmp(last->hash, hash) && last->size == cur.len;
	}
	struct stat st;
	time_t when = stat(path, &st) == 0 ? st.st_mtime : time(NULL);
	bool ok = same || add_version(a, dir, rel, &cur, source, 0, when) > 0;
	buf_free(&cur);
	return ok;
}

/* ---------------------------------------------------------------- putting a plan in place */

/* The unit's plan as book.yaml names it now (relative to INPUT_DIR), or NULL; and whether
 * another unit names the same file. Read under the unit's lock: only this unit's uploads
 * change its plan: value. */
struct current {
	const char *rel;
	bool shared;
	bool found;
};

static struct current current_plan(struct arena *a, const char *unit)
{
	struct current c = {0};
	struct book *b = pipeline_manifest(a, srv.cfg.input, NULL);
	size_t dirlen = strlen(srv.cfg.input);
	const char *path = NULL;
	for (size_t i = 0; b && i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++)
			if (!strcmp(b->parts[i].units[k].id, unit)) {
				c.found = true;
				path = b->parts[i].units[k].plan_path;
			}
	if (path && !strncmp(path, srv.cfg.input, dirlen) && path[dirlen] == '/')
		c.rel = path + dirlen + 1;
	for (size_t i = 0; c.rel && b && i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++)
			if (strcmp(b->parts[i].units[k].id, unit) && b->parts[i].units[k].plan_path &&
			    !strcmp(b->parts[i].units[k].plan_path, path))
				c.shared = true;
	return c;
}

static bool same_kind(const char *rel, enum upload_kind k)
{
	return !strcmp(ext_of(rel), store_kind_ext(k));
}

/* Where the new plan goes: the old name, or the old name with the new kind's extension
 * (a pending unit: its id), made unique if another file has that name. */
static const char *target_name(struct arena *a, const char *unit, const char *rel,
			       enum upload_kind k)
{
	if (rel && same_kind(rel, k))
		return rel;
	const char *stem = rel ? rel : store_safe_name(a, unit);
	const char *dot = strrchr(stem, '.'), *slash = strrchr(stem, '/');
	size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - stem) : strlen(stem);
	const char *ext = store_kind_ext(k);
	const char *name = arena_printf(a, "%.*s%s", (int)n, stem, ext);
	for (int i = 2; i < 1000 && file_exists(path_join(a, srv.cfg.input, name)); i++)
		name = arena_printf(a, "%.*s-%d%s", (int)n, stem, i, ext);
	return name;
}

/* Uploads to one unit are put in place one at a time (the history's numbering), uploads
 * to different units side by side: most of a commit is waiting for fsync. */
enum { UNIT_LOCKS = 64 };
static pthread_mutex_t unit_locks[UNIT_LOCKS];
static pthread_once_t unit_locks_once = PTHREAD_ONCE_INIT;

static void init_unit_locks(void)
{
	for (size_t i = 0; i < UNIT_LOCKS; i++)
		pthread_mutex_init(&unit_locks[i], NULL);
}

static pthread_mutex_t *unit_lock(const char *unit)
{
	pthread_once(&unit_locks_once, init_unit_locks);
	unsigned h = 5381;
	for (const char *p = unit; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return &unit_locks[h % UNIT_LOCKS];
}

/* book.yaml with the unit's plan renamed, as a temporary file beside it, the old text kept
 * in the history first (with manifest_lock held, so that two rewrites never start from the
 * same text). */
static const char *new_manifest(struct arena *a, const char *unit, const char *rel,
				const char **tmp)
{
	const char *path = path_join(a, srv.cfg.input, "book.yaml");
	struct buf text = {0}, out = {0};
	const char *error = NULL;
	const char *dir = history_dir(a, manifest_history);
	struct stat st;
	int mode = stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : 0644;
	if (!file_read(path, &text))
		error = "book.yaml cannot be read";
	else if (!manifest_set_plan(a, text.data, text.len, unit, rel, &out, &error))
		;
	else if (!dir || !add_version(a, dir, "book.yaml", &text, "before-upload", 0, time(NULL)))
		error = "the previous book.yaml cannot be kept in the history";
	else if (!(*tmp = serve_write_temp(a, path, out.data, out.len, mode)))
		error = "book.yaml cannot be written";
	buf_free(&text);
	buf_free(&out);
	return error;
}

/* Puts bytes in place as the unit's plan (with the unit's lock held). Everything is
 * written and fsynced first; the input folder's lock is taken only for the renames. */
static struct store_result commit(struct arena *a, const char *unit, const struct buf *bytes,
				  enum upload_kind k, const char *source, long link)
{
	struct store_result r = {0};
	struct current cur = current_plan(a, unit);
	const char *dir = history_dir(a, unit);
	if (!cur.found) {
		r.error = "book.yaml no longer lists this unit";
		return r;
	}
	if (!dir) {
		r.error = "the history folder cannot be made";
		return r;
	}
	if (cur.rel && !keep_current(a, dir, path_join(a, srv.cfg.input, cur.rel), cur.rel,
				     "command-line")) {
		r.error = "the current plan cannot be kept in the history";
		return r;
	}
	bool renamed = !cur.rel || !same_kind(cur.rel, k);
	if (renamed)
		pthread_mutex_lock(&srv.manifest_lock);
	const char *rel = target_name(a, unit, cur.rel, k);
	const char *path = path_join(a, srv.cfg.input, rel), *yaml_tmp = NULL;
	struct stat st;
	int mode = cur.rel && stat(path_join(a, srv.cfg.input, cur.rel), &st) == 0 ? (int)(st.st_mode & 0777) : 0644;
	const char *plan_tmp = serve_write_temp(a, path, bytes->data ? bytes->data : "", bytes->len, mode);
	if (!plan_tmp)
		r.error = "the plan cannot be written into the input folder";
	else if (renamed)
		r.error = new_manifest(a, unit, rel, &yaml_tmp);
	if (!r.error && !(r.version = add_version(a, dir, rel, bytes, source, link, time(NULL))))
		r.error = "the new version cannot be kept in the history";
	if (!r.error) {
		/* readers of INPUT_DIR (builds, checks) wait only for these renames */
		pthread_rwlock_wrlock(&srv.input_lock);
		if (!serve_rename_into(a, plan_tmp, path))
			r.error = "the plan cannot be put into the input folder";
		else if (yaml_tmp && !serve_rename_into(a, yaml_tmp, path_join(a, srv.cfg.input, "book.yaml")))
			r.error = "book.yaml cannot be written";
		else if (renamed && cur.rel && !cur.shared)
			unlink(path_join(a, srv.cfg.input, cur.rel)); /* its bytes are the version before */
		if (r.error && yaml_tmp && renamed)
			unlink(path); /* the new name, never listed: not the plan */
		pthread_rwlock_unlock(&srv.input_lock);
		plan_tmp = yaml_tmp = NULL;
	}
	if (plan_tmp)
		unlink(plan_tmp);
	if (yaml_tmp)
		unlink(yaml_tmp);
	if (renamed)
		pthread_mutex_unlock(&srv.manifest_lock);
	r.ok = !r.error;
	r.plan = rel;
	return r;
}

struct store_result store_accept(struct arena *a, const char *unit, const char *tmp,
				 enum upload_kind k, long link)
{
	struct store_result r = {0};
	struct buf bytes = {0};
	if (!file_read(tmp, &bytes)) {
		r.error = "the upload cannot be read back";
	} else {
		pthread_mutex_lock(unit_lock(unit));
		r = commit(a, unit, &bytes, k, "upload", link);
		pthread_mutex_unlock(unit_lock(unit));
	}
	if (r.ok)
		unlink(tmp); /* its bytes are now the plan and a version */
	buf_free(&bytes);
	return r;
}

struct store_result store_restore(struct arena *a, const char *unit, long n)
{
	struct store_result r = {0};
	const char *file = store_version_file(a, unit, n);
	struct buf bytes = {0};
	if (!file || !file_read(file, &bytes)) {
		r.error = "there is no such version";
	} else {
		enum upload_kind k = strstr(file, ".xlsx") ? KIND_XLSX : KIND_CSV;
		pthread_mutex_lock(unit_lock(unit));
		r = commit(a, unit, &bytes, k, "restored", n);
		pthread_mutex_unlock(unit_lock(unit));
	}
	buf_free(&bytes);
	return r;
}

const char *store_reject(struct arena *a, const char *unit, const char *tmp, enum upload_kind k,
			 const char *messages)
{
	const char *dir = serve_data_dir(a, "rejected");
	if (!dir)
		return NULL;
	char stamp[32], rnd[9];
	serve_time(time(NULL), stamp, sizeof stamp);
	auth_random_hex(rnd, 4);
	const char *base = arena_printf(a, "%s/%s-%s-%s", dir, store_safe_name(a, unit), stamp, rnd);
	const char *kept = arena_printf(a, "%s%s", base, store_kind_ext(k));
	if (rename(tmp, kept) != 0)
		return NULL;
	serve_write_atomic(a, arena_printf(a, "%s.txt", base), messages, strlen(messages), 0600);
	return kept;
}
