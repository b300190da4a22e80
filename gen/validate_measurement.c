/* validate_measurement.c — the measurement a department reported: every status against the
 * book's statuses, and for the period being measured, what is missing (lines with no
 * status) and what does not hold together (done with no result, not done with no word on
 * why). Warnings, so that a booklet can be printed while data is still coming in. */
#include <string.h>

#include "hash.h"
#include "read_yaml.h"
#include "validate.h"

/* Spaces around and inside a status do not matter: "לא  בוצע" is "לא בוצע". */
static bool same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a++ != *b++)
			return false;
		if ((*a == ' ') != (*b == ' ') && *a && *b)
			return false;
	}
}

static int status_of(const struct measurement *m, const char *label, const char **near)
{
	int best = 3;
	*near = NULL;
	for (size_t i = 0; i < m->nstatuses; i++)
		if (same_words(label, m->statuses[i].label))
			return (int)i;
	for (size_t i = 0; i < m->nstatuses; i++) {
		int dist = edit_distance(label, m->statuses[i].label);
		if (dist < best)
			best = dist, *near = m->statuses[i].label;
	}
	return -1;
}

static void resolve_line(struct diag *d, const struct measurement *m, struct metric_line *l,
			 bool report)
{
	for (size_t p = 0; p < m->nperiods; p++) {
		struct line_result *res = &l->results[p];
		const char *near;
		if (!res->status[0])
			continue;
		res->status_index = status_of(m, res->status, &near);
		if (res->status_index < 0 && report)
			diag_at(d, D_STATUS_UNKNOWN, &res->status_at, res->status, diag_hint(near));
	}
}

/* Every plan is listed once, however many units print it: for each unit in the book's
 * order, whether no unit before it reads the same plan file. */
static bool *first_readers(struct arena *a, const struct book *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->nparts; i++)
		n += b->parts[i].nunits;
	bool *first = arena_calloc(a, n ? n : 1, sizeof *first);
	struct strmap paths = {.a = a};
	n = 0;
	for (size_t i = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++, n++) {
			const char *path = b->parts[i].units[k].plan_path;
			first[n] = !path || strmap_add(&paths, path, 1);
		}
	return first;
}

static void resolve_plan(struct diag *d, const struct measurement *m, const struct plan *plan,
			 bool report)
{
	for (size_t g = 0; g < plan->ngoals; g++)
		for (size_t t = 0; t < plan->goals[g].ngroups; t++)
			for (size_t l = 0; l < plan->goals[g].groups[t].nlines; l++)
				resolve_line(d, m, &plan->goals[g].groups[t].lines[l], report);
}

void validate_plan_results(struct diag *d, const struct book *b, struct plan *p)
{
	if (p->measured)
		resolve_plan(d, &b->measurement, p, true);
}

void validate_results(struct diag *d, const struct book *b)
{
	const struct measurement *m = &b->measurement;
	struct arena scratch = {0};
	const bool *first = first_readers(&scratch, b);
	for (size_t i = 0, n = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++, n++) {
			const struct plan *plan = b->parts[i].units[k].plan;
			if (!plan || !plan->measured)
				continue;
			/* a plan two units print may be read twice: both copies get their
			 * statuses, the problems are told once */
			resolve_plan(d, m, plan, first[n]);
		}
	arena_free(&scratch);
}

/* One unit's lines for the period: each inconsistency at its cell, the missing ones in
 * one message with their rows. */
static void check_unit(struct arena *a, struct diag *d, const struct book *b,
		       const struct unit *u, size_t period)
{
	const struct period *p = &b->measurement.periods[period];
	const struct plan *plan = u->plan;
	struct buf rows = {0};
	size_t lines = 0, missing = 0;
	for (size_t g = 0; g < plan->ngoals; g++)
		for (size_t t = 0; t < plan->goals[g].ngroups; t++)
			for (size_t l = 0; l < plan->goals[g].groups[t].nlines; l++) {
				const struct metric_line *ml = &plan->goals[g].groups[t].lines[l];
				const struct line_result *res = ml->results ? &ml->results[period] : NULL;
				lines++;
				if (!res || !res->status[0]) {
					if (missing++ < 40)
						buf_printf(&rows, "%s%d", missing > 1 ? ", " : "", ml->at.row);
					continue;
				}
				if (res->status_index < 0)
					continue;
				enum status_meaning s = b->measurement.statuses[res->status_index].meaning;
				if (s == STATUS_DONE && !res->result[0])
					diag_at(d, D_DONE_NO_RESULT, &res->status_at, res->status,
						p->result_column);
				if ((s == STATUS_NOT_DONE || s == STATUS_PARTLY) && !res->explanation[0])
					diag_at(d, D_NO_EXPLANATION, &res->status_at, res->status,
						p->explanation_column);
			}
	if (missing && !(plan->has_period && plan->has_period[period]))
		diag_report(d, D_PERIOD_NO_COLUMNS, plan->path, 0, 0, p->name, p->result_column,
			    p->status_column, p->explanation_column);
	else if (missing)
		diag_report(d, D_UNREPORTED, plan->path, 0, 0, missing, lines, p->name,
			    arena_printf(a, "%s%s", buf_cstr(&rows), missing > 40 ? ", …" : ""));
	buf_free(&rows);
}

void validate_period(struct arena *a, struct diag *d, const struct book *b, size_t period)
{
	const bool *first = first_readers(a, b);
	for (size_t i = 0, n = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++, n++) {
			const struct unit *u = &b->parts[i].units[k];
			if (u->plan && first[n])
				check_unit(a, d, b, u, period);
		}
}

void booklet_inputs(struct diag *d, const struct book *b, size_t period)
{
	const struct period *p = &b->measurement.periods[period];
	size_t lines = 0, missing = 0;
	bool any = false;
	struct arena scratch = {0};
	const bool *first = first_readers(&scratch, b);
	for (size_t i = 0, n = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++, n++) {
			const struct plan *plan = b->parts[i].units[k].plan;
			if (!plan || !first[n])
				continue;
			any |= plan->has_period && plan->has_period[period];
			for (size_t g = 0; g < plan->ngoals; g++)
				for (size_t t = 0; t < plan->goals[g].ngroups; t++)
					for (size_t l = 0; l < plan->goals[g].groups[t].nlines; l++) {
						const struct metric_line *ml = &plan->goals[g].groups[t].lines[l];
						lines++;
						missing += !ml->results || ml->results[period].status_index < 0;
					}
		}
	arena_free(&scratch);
	if (!any)
		diag_report(d, D_BOOKLET_NO_RESULTS, b->manifest, 0, 0, p->name, p->result_column,
			    p->status_column, p->explanation_column);
	else if (missing)
		diag_report(d, D_BOOKLET_UNREPORTED, b->manifest, 0, 0, missing, lines, p->name, p->id);
}
