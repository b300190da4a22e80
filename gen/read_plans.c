/* read_plans.c — reads every unit's plan, on as many threads as the machine has cores (two
 * at most are worth it): a book's ninety-odd workbooks are independent of each other, and
 * unzipping and parsing them is most of the time `planbook check` takes. The messages are
 * kept per plan and printed in the book's order, as if read one by one. */
#define _GNU_SOURCE /* open_memstream's prototype with -std=c11 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_manifest.h"
#include "read_plan.h"

enum { MAX_THREADS = 2, MIN_PER_THREAD = 4 };

struct plan_job {
	struct unit *u;
	struct plan *plan;
	char *messages;     /* what reading it said, to print in order */
	size_t len;
	int errors, warnings;
};

struct pool {
	struct plan_job *jobs;
	size_t njobs;
	atomic_size_t next;
	bool strict, quiet_warnings; /* the diag's */
	const char *rename_path, *rename_as; /* the diag's */
	int year;
	const struct measurement *measurement;
};

struct worker {
	struct pool *pool;
	struct arena arena; /* the plans this thread read: adopted by the book's arena */
};

static void read_one(struct worker *w, struct plan_job *job)
{
	struct unit *u = job->u;
	FILE *out = open_memstream(&job->messages, &job->len);
	struct diag d = {.out = out ? out : stderr, .strict = w->pool->strict,
			 .quiet_warnings = w->pool->quiet_warnings,
			 .rename_path = w->pool->rename_path, .rename_as = w->pool->rename_as};
	struct plan_options o = {u->sheet, u->extra_columns, u->nextra_columns, w->pool->year,
				 u->pending, w->pool->measurement};
	job->plan = plan_read(&w->arena, &d, u->plan_path, &o);
	if (out)
		fclose(out);
	job->errors = d.errors;
	job->warnings = d.warnings;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&w->pool->next, 1);
		if (i >= w->pool->njobs)
			return NULL;
		read_one(w, &w->pool->jobs[i]);
	}
}

static size_t thread_count(size_t njobs)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cores > 1 ? (size_t)cores : 1;
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	while (n > 1 && njobs < n * MIN_PER_THREAD)
		n--;
	return n;
}

static void run_pool(struct arena *a, struct pool *pool)
{
	struct worker workers[MAX_THREADS] = {0};
	pthread_t threads[MAX_THREADS];
	size_t n = thread_count(pool->njobs), started = 1;
	for (size_t i = 0; i < n; i++)
		workers[i].pool = pool;
	for (size_t i = 1; i < n; i++)
		if (pthread_create(&threads[i], NULL, work, &workers[i]) == 0)
			started++;
		else
			break; /* the threads there are do all the work */
	work(&workers[0]);
	for (size_t i = 1; i < started; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = 0; i < n; i++)
		arena_adopt(a, &workers[i].arena);
}

/* What a plan means for its unit: a pending unit's plan is its blank template until the
 * department fills it. */
static void settle(struct unit *u, struct plan *plan)
{
	u->plan = plan;
	if (u->pending && u->plan && !u->plan->ngoals)
		u->plan = NULL;
	else if (u->plan)
		u->pending = false;
}

void plan_read_unit(struct arena *a, struct diag *d, const struct book *b, struct unit *u)
{
	struct plan_options o = {u->sheet, u->extra_columns, u->nextra_columns, b->year,
				 u->pending, &b->measurement};
	settle(u, plan_read(a, d, u->plan_path, &o));
}

void plans_read(struct arena *a, struct diag *d, struct book *b, const char *only)
{
	struct vec jobs = {0};
	struct arena scratch = {0};
	for (size_t i = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			struct unit *u = &b->parts[i].units[k];
			if (u->plan_path && (!only || !strcmp(only, u->id)))
				((struct plan_job *)vec_push(&scratch, &jobs, sizeof(struct plan_job)))->u = u;
		}
	struct pool pool = {jobs.items, jobs.len, 0, d->strict, d->quiet_warnings, d->rename_path,
			    d->rename_as, b->year, &b->measurement};
	if (jobs.len)
		run_pool(a, &pool);
	FILE *out = d->out ? d->out : stderr;
	for (size_t i = 0; i < jobs.len; i++) {
		struct plan_job *job = &pool.jobs[i];
		if (job->messages)
			fwrite(job->messages, 1, job->len, out);
		free(job->messages);
		d->errors += job->errors;
		d->warnings += job->warnings;
		settle(job->u, job->plan);
	}
	arena_free(&scratch);
}
