/* serve_state.c — what the dashboard shows of every unit: its plan checked alone in its
 * book (pipeline_each_unit), with its messages and the lines reported per period. It is
 * made again only when a file of INPUT_DIR changed (jobs_input_stamp), and then only the
 * plans that changed are checked again (while book.yaml is the same): an upload costs the
 * next page one plan's check, not the book's. The last state is shared by the pages that
 * show it, counted so that the one being replaced lives until its last reader is done. */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipeline.h"
#include "serve.h"

static struct {
	pthread_mutex_t lock;   /* held while a new state is made: one at a time */
	pthread_mutex_t refs;   /* the counts */
	struct book_state *current;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER, .refs = PTHREAD_MUTEX_INITIALIZER};

struct collect {
	struct book_state *s;
	const struct book_state *old; /* the state before, whose rows may be kept */
	struct vec rows;
};

static struct file_seen seen_of(const char *path)
{
	struct stat st;
	struct file_seen f = {0};
	if (path && stat(path, &st) == 0)
		f = (struct file_seen){(long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
				       (long long)st.st_size, (unsigned long long)st.st_ino};
	return f;
}

static bool same_seen(struct file_seen a, struct file_seen b)
{
	return a.mtime_ns == b.mtime_ns && a.size == b.size && a.ino == b.ino;
}

/* The old state's row of a unit, when neither book.yaml nor its plan changed since. */
static const struct unit_row *unchanged(const struct collect *c, const struct unit *u)
{
	const struct unit_row *r = state_unit(c->old, u->id);
	if (!r || !c->old || !same_seen(c->old->manifest, c->s->manifest))
		return NULL;
	bool same_plan = (!r->plan && !u->plan_path) ||
			 (r->plan && u->plan_path && strlen(u->plan_path) >= strlen(r->plan) &&
			  !strcmp(u->plan_path + strlen(u->plan_path) - strlen(r->plan), r->plan));
	return same_plan && same_seen(r->seen, seen_of(u->plan_path)) ? r : NULL;
}

static bool wanted(void *ctx, const struct book *b, const struct unit *u)
{
	(void)b;
	return unchanged(ctx, u) == NULL;
}

static void add_unit(void *ctx, const struct book *b, const struct unit_state *u)
{
	struct collect *c = ctx;
	struct book_state *s = c->s;
	struct arena *a = &s->a;
	if (!s->book_id) {
		s->book_id = arena_strdup(a, b->id);
		s->year = b->year;
		s->nperiods = b->measurement.nperiods < 8 ? b->measurement.nperiods : 8;
		for (size_t i = 0; i < s->nperiods; i++) {
			s->period_id[i] = arena_strdup(a, b->measurement.periods[i].id);
			s->period_name[i] = arena_strdup(a, b->measurement.periods[i].name);
		}
	}
	struct unit_row *r = vec_push(a, &c->rows, sizeof *r);
	const struct unit_row *old = u->messages ? NULL : unchanged(c, u->unit);
	if (old) { /* copied into this state's arena: the old one goes when its readers do */
		*r = *old;
		r->part_id = arena_strdup(a, old->part_id);
		r->part_title = arena_strdup(a, old->part_title);
		r->id = arena_strdup(a, old->id);
		r->name = arena_strdup(a, old->name);
		r->plan = old->plan ? arena_strdup(a, old->plan) : NULL;
		r->messages = arena_strdup(a, old->messages);
		return;
	}
	size_t dirlen = strlen(b->dir);
	const char *plan = u->unit->plan_path;
	if (plan && !strncmp(plan, b->dir, dirlen) && plan[dirlen] == '/')
		plan += dirlen + 1;
	*r = (struct unit_row){arena_strdup(a, u->part->id), arena_strdup(a, u->part->title),
			       arena_strdup(a, u->unit->id), arena_strdup(a, u->unit->toc),
			       plan ? arena_strdup(a, plan) : NULL, u->unit->pending && !u->unit->plan,
			       u->errors, u->warnings, arena_strdup(a, u->messages ? u->messages : ""),
			       u->lines, {0}, seen_of(u->unit->plan_path)};
	memcpy(r->reported, u->reported, sizeof r->reported);
}

static struct book_state *make_state(unsigned long long stamp, const struct book_state *old)
{
	struct book_state *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->stamp = stamp;
	s->refs = 1;
	char *text = NULL;
	size_t len = 0;
	FILE *msg = open_memstream(&text, &len);
	struct collect c = {s, old, {0}};
	pthread_rwlock_rdlock(&srv.input_lock);
	struct arena tmp = {0};
	s->manifest = seen_of(path_join(&tmp, srv.cfg.input, "book.yaml"));
	arena_free(&tmp);
	s->ok = msg && pipeline_each_unit(srv.cfg.input, msg, wanted, add_unit, &c);
	pthread_rwlock_unlock(&srv.input_lock);
	if (msg)
		fclose(msg);
	s->book_messages = arena_strdup(&s->a, text ? text : "");
	free(text);
	s->units = c.rows.items;
	s->nunits = c.rows.len;
	return s;
}

void state_release(const struct book_state *cs)
{
	struct book_state *s = (struct book_state *)cs;
	if (!s)
		return;
	pthread_mutex_lock(&cache.refs);
	bool last = --s->refs == 0;
	pthread_mutex_unlock(&cache.refs);
	if (last) {
		arena_free(&s->a);
		free(s);
	}
}

const struct book_state *state_acquire(void)
{
	pthread_mutex_lock(&cache.lock);
	unsigned long long stamp = jobs_input_stamp();
	if (!cache.current || cache.current->stamp != stamp) {
		struct book_state *s = make_state(stamp, cache.current);
		if (s) {
			struct book_state *old = cache.current;
			cache.current = s;
			state_release(old);
		}
	}
	struct book_state *s = cache.current;
	if (s) {
		pthread_mutex_lock(&cache.refs);
		s->refs++;
		pthread_mutex_unlock(&cache.refs);
	}
	pthread_mutex_unlock(&cache.lock);
	return s;
}

const struct unit_row *state_unit(const struct book_state *s, const char *id)
{
	for (size_t i = 0; s && i < s->nunits; i++)
		if (!strcmp(s->units[i].id, id))
			return &s->units[i];
	return NULL;
}

/* At the end, so that a leak check sees nothing left. */
void state_clear(void)
{
	pthread_mutex_lock(&cache.lock);
	state_release(cache.current);
	cache.current = NULL;
	pthread_mutex_unlock(&cache.lock);
}
