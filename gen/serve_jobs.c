/* serve_jobs.c — the builds the web pages ask for (the book, a measurement booklet, every
 * section as a zip, one unit's section, a check of the whole book), run one at a time on
 * one worker thread: a build takes a core and a few seconds, and two at once would only
 * take longer. A page that asks for one is answered at once and shows it waiting.
 *
 * A build holds INPUT_DIR's lock for reading while it runs, and an accepted upload takes
 * it for writing only to rename the new plan in place: so a build reads either the plan
 * before an upload or the one after, never a mix. Each result is a new file in
 * data/builds, named with its time, written by the pipeline through a temporary file, so
 * a download never sees half a PDF. */
#define _GNU_SOURCE /* open_memstream */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline.h"
#include "serve.h"
#include "write_zip.h"

enum { MAX_JOBS = 1024, KEY_MAX = 160 };

struct job {
	char key[KEY_MAX];
	enum job_state state;
	char file[512];
	char *messages;
	time_t queued, finished;
	int errors, warnings;
	unsigned long long stamp; /* the input it was built from */
	long order;               /* place in the queue */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job jobs[MAX_JOBS];
	size_t n;
	long next_order, last_order;
	bool stopping, running;
	pthread_t thread;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* ---------------------------------------------------------------- the input's stamp */

/* Every file under INPUT_DIR (not the hidden ones, where the data folder is) by name,
 * size and time: a plan saved by the command line changes it as an upload does. */
static void stamp_dir(const char *dir, int depth, unsigned long long *h)
{
	DIR *d = depth < 5 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		struct stat st;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
		    stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			stamp_dir(path, depth + 1, h);
			continue;
		}
		unsigned long long x = (unsigned long long)st.st_size * 1000003ULL ^
				       (unsigned long long)st.st_mtim.tv_sec * 1000000007ULL ^
				       (unsigned long long)st.st_mtim.tv_nsec ^ (unsigned long long)st.st_ino;
		for (const char *p = path; *p; p++)
			x = x * 131 + (unsigned char)*p;
		*h += x * 0x9E3779B97F4A7C15ULL; /* order of the entries does not matter */
	}
	closedir(d);
}

unsigned long long jobs_input_stamp(void)
{
	unsigned long long h = 0;
	stamp_dir(srv.cfg.input, 0, &h);
	return h;
}

/* ---------------------------------------------------------------- keys */

/* "unit:ID[:PERIOD]" etc. Ids are checked against the book by the caller; here only that
 * the key has the shape of one, and nothing that could leave a file name. */
static bool key_valid(const char *key)
{
	if (!key[0] || strlen(key) >= KEY_MAX)
		return false;
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == ':'))
			return false;
	return !strcmp(key, "check") || !strcmp(key, "book") || !strcmp(key, "sections") ||
	       !strncmp(key, "booklet:", 8) || !strncmp(key, "unit:", 5);
}

static struct job *find(const char *key)
{
	for (size_t i = 0; i < q.n; i++)
		if (!strcmp(q.jobs[i].key, key))
			return &q.jobs[i];
	return NULL;
}

bool jobs_request(const char *key)
{
	if (!key_valid(key))
		return false;
	bool ok = true;
	pthread_mutex_lock(&q.lock);
	struct job *j = find(key);
	if (!j && q.n < MAX_JOBS) {
		j = &q.jobs[q.n++];
		memset(j, 0, sizeof *j);
		snprintf(j->key, sizeof j->key, "%s", key);
	}
	if (!j || q.stopping) {
		ok = false;
	} else if (j->state != JOB_QUEUED && j->state != JOB_RUNNING) {
		j->state = JOB_QUEUED;
		j->queued = time(NULL);
		j->order = q.next_order++;
		pthread_cond_signal(&q.wake);
	}
	pthread_mutex_unlock(&q.lock);
	return ok;
}

void jobs_view(const char *key, struct job_view *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->key, sizeof out->key, "%s", key);
	unsigned long long now = jobs_input_stamp();
	pthread_mutex_lock(&q.lock);
	struct job *j = find(key);
	if (j) {
		out->state = j->state;
		snprintf(out->file, sizeof out->file, "%s", j->file);
		out->messages = j->messages ? strdup(j->messages) : NULL;
		out->queued = j->queued;
		out->finished = j->finished;
		out->errors = j->errors;
		out->warnings = j->warnings;
		out->current = j->stamp == now;
	}
	pthread_mutex_unlock(&q.lock);
}

/* ---------------------------------------------------------------- running one */

/* "unit:ceo:h1" → its parts (in a). */
static void split_key(struct arena *a, const char *key, const char **kind, const char **id,
		      const char **period)
{
	char *k = arena_strdup(a, key), *c1 = strchr(k, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	*id = *period = NULL;
	if (c1)
		*c1 = '\0';
	if (c2)
		*c2 = '\0';
	*kind = k;
	if (!strcmp(k, "booklet"))
		*period = c1 ? c1 + 1 : NULL;
	else if (!strcmp(k, "unit"))
		*id = c1 ? c1 + 1 : NULL, *period = c2 ? c2 + 1 : NULL;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* A build's result removed from data/builds, a folder with what is in it: each key's page
 * offers only its newest, so what came before is nobody's (a download under way keeps
 * the file it opened). */
static void remove_build(const char *path)
{
	nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Runs the pipeline for key; the result's file (or NULL) and the messages. */
static const char *run_job(struct arena *a, const char *key, FILE *msg, int *errors, int *warnings)
{
	const char *kind, *id, *period;
	split_key(a, key, &kind, &id, &period);
	const char *builds = serve_data_dir(a, "builds");
	char stamp[32];
	serve_time(time(NULL), stamp, sizeof stamp);
	if (!builds) {
		fputs(_("planbook: the data folder has no room for builds\n"), msg);
		return NULL;
	}
	const char *name = arena_printf(a, "%s/%s-%s", builds, kind, stamp);
	if (id)
		name = arena_printf(a, "%s/%s-%s%s%s-%s", builds, store_safe_name(a, id),
				    period ? "measurement-" : "", period ? period : "", "", stamp);
	struct pipeline p = {.input = srv.cfg.input, .msg = msg, .measurement = period};
	p.select.unit = id;
	const char *command = !strcmp(kind, "check") ? "check" : "build";
	const char *zip = NULL;
	if (!strcmp(kind, "sections")) {
		p.split = name;
		zip = arena_printf(a, "%s.zip", name);
	} else if (strcmp(kind, "check")) {
		p.output = arena_printf(a, "%s.pdf", name);
	}
	int status = pipeline_run(a, &p, command);
	*errors = p.errors;
	*warnings = p.warnings;
	if (status != PB_OK)
		return NULL;
	if (zip) {
		bool zipped = zip_folder(a, p.split, zip, msg);
		remove_build(p.split); /* the zip is what is downloaded */
		if (!zipped)
			return NULL;
	}
	return zip ? zip : p.output;
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&q.lock);
	for (;;) {
		struct job *next = NULL;
		for (size_t i = 0; i < q.n; i++)
			if (q.jobs[i].state == JOB_QUEUED && (!next || q.jobs[i].order < next->order))
				next = &q.jobs[i];
		if (!next) {
			if (q.stopping)
				break;
			pthread_cond_wait(&q.wake, &q.lock);
			continue;
		}
		if (q.stopping)
			break; /* what waits is not begun: no request is left hanging on it */
		next->state = JOB_RUNNING;
		char key[KEY_MAX];
		memcpy(key, next->key, sizeof key);
		pthread_mutex_unlock(&q.lock);

		struct arena a = {0};
		char *text = NULL;
		size_t len = 0;
		FILE *msg = open_memstream(&text, &len);
		int errors = 0, warnings = 0;
		pthread_rwlock_rdlock(&srv.input_lock);
		unsigned long long stamp = jobs_input_stamp();
		const char *file = msg ? run_job(&a, key, msg, &errors, &warnings) : NULL;
		pthread_rwlock_unlock(&srv.input_lock);
		if (msg)
			fclose(msg);

		pthread_mutex_lock(&q.lock);
		struct job *j = find(key);
		free(j->messages);
		j->messages = text;
		j->state = file || (!strcmp(key, "check") && !errors && msg) ? JOB_DONE : JOB_FAILED;
		if (j->file[0] && (!file || strcmp(j->file, file)))
			remove_build(j->file); /* the page now offers this build's result, or none */
		snprintf(j->file, sizeof j->file, "%s", file ? file : "");
		j->finished = time(NULL);
		j->errors = errors;
		j->warnings = warnings;
		j->stamp = stamp;
		arena_free(&a);
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

bool jobs_start(void)
{
	/* the results of an earlier run: no page offers them, as the jobs are not kept */
	struct arena a = {0};
	const char *builds = serve_data_dir(&a, "builds");
	DIR *dir = builds ? opendir(builds) : NULL;
	for (struct dirent *e; dir && (e = readdir(dir));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			remove_build(path_join(&a, builds, e->d_name));
	if (dir)
		closedir(dir);
	arena_free(&a);
	q.running = pthread_create(&q.thread, NULL, worker, NULL) == 0;
	return q.running;
}

/* The build under way is finished; those waiting are not begun. */
void jobs_stop(void)
{
	pthread_mutex_lock(&q.lock);
	q.stopping = true;
	pthread_cond_broadcast(&q.wake);
	pthread_mutex_unlock(&q.lock);
	if (q.running)
		pthread_join(q.thread, NULL);
	q.running = false;
	for (size_t i = 0; i < q.n; i++) {
		free(q.jobs[i].messages);
		q.jobs[i].messages = NULL;
	}
}
