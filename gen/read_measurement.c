/* read_measurement.c — the measurement settings of book.yaml (`measurement:`): the periods,
 * the plan columns that hold each, and the status vocabulary. Without the key, the
 * municipality's own: mid-year and year end, done / partly done / not done / cancelled. */
#include <string.h>

#include "read_manifest.h"
#include "read_yaml.h"

static const struct {
	const char *label, *word;
	enum status_meaning meaning;
} default_statuses[] = {
	{"בוצע", "done", STATUS_DONE},
	{"בוצע חלקית", "partly", STATUS_PARTLY},
	{"לא בוצע", "not-done", STATUS_NOT_DONE},
	{"בוטל", "cancelled", STATUS_CANCELLED},
};
enum { NSTATUSES = sizeof default_statuses / sizeof default_statuses[0] };

/* A period's columns, named after it unless book.yaml names them. */
static void period_columns(struct arena *a, struct period *p)
{
	if (!p->result_column)
		p->result_column = arena_printf(a, "ביצוע %s", p->name);
	if (!p->status_column)
		p->status_column = arena_printf(a, "סטטוס %s", p->name);
	if (!p->explanation_column)
		p->explanation_column = arena_printf(a, "הסבר %s", p->name);
}

static void defaults(struct arena *a, struct measurement *m)
{
	m->nperiods = 2;
	m->periods = arena_calloc(a, 2, sizeof *m->periods);
	m->periods[0] = (struct period){.id = "h1", .name = "מחצית א'"};
	m->periods[1] = (struct period){.id = "year", .name = "שנתי"};
	for (size_t i = 0; i < m->nperiods; i++)
		period_columns(a, &m->periods[i]);
	m->nstatuses = NSTATUSES;
	m->statuses = arena_calloc(a, NSTATUSES, sizeof *m->statuses);
	for (size_t i = 0; i < NSTATUSES; i++)
		m->statuses[i] = (struct status_def){default_statuses[i].label,
						     default_statuses[i].meaning};
	m->ceo_column = "מדד מנכ\"ל";
	m->ceo_yes = "כן";
}

static bool read_periods(struct arena *a, struct diag *d, const struct ynode *n,
			 struct measurement *m)
{
	static const char *const keys[] = {"id", "name", "result", "status", "explanation", NULL};
	if (n->kind != Y_SEQ || !n->len) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, "periods",
			    _("a list of periods, each with id and name"));
		return false;
	}
	m->nperiods = n->len;
	m->periods = arena_calloc(a, n->len, sizeof *m->periods);
	for (size_t i = 0; i < n->len; i++) {
		struct ynode *e = n->items[i];
		struct period *p = &m->periods[i];
		yaml_check_keys(d, e, keys);
		if (e->kind != Y_MAP || !yaml_str(d, e, "id", true, &p->id) ||
		    !yaml_str(d, e, "name", true, &p->name) ||
		    !yaml_str(d, e, "result", false, &p->result_column) ||
		    !yaml_str(d, e, "status", false, &p->status_column) ||
		    !yaml_str(d, e, "explanation", false, &p->explanation_column))
			return false;
		period_columns(a, p);
	}
	return true;
}

static bool read_statuses(struct arena *a, struct diag *d, const struct ynode *n,
			  struct measurement *m)
{
	static const char *const keys[] = {"label", "means", NULL};
	if (n->kind != Y_SEQ || !n->len) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, "statuses",
			    _("a list of statuses, each with label and means"));
		return false;
	}
	m->nstatuses = n->len;
	m->statuses = arena_calloc(a, n->len, sizeof *m->statuses);
	for (size_t i = 0; i < n->len; i++) {
		struct ynode *e = n->items[i];
		const char *means = NULL;
		yaml_check_keys(d, e, keys);
		if (e->kind != Y_MAP || !yaml_str(d, e, "label", true, &m->statuses[i].label) ||
		    !yaml_str(d, e, "means", true, &means))
			return false;
		size_t k = 0;
		while (k < NSTATUSES && strcmp(default_statuses[k].word, means))
			k++;
		if (k == NSTATUSES) {
			struct ynode *v = yaml_get(e, "means");
			diag_report(d, D_VALUE_BAD, v->file, v->line, v->col, means,
				    _("status meaning (done, partly, not-done or cancelled)"));
			return false;
		}
		m->statuses[i].meaning = default_statuses[k].meaning;
	}
	return true;
}

bool measurement_read(struct arena *a, struct diag *d, const struct ynode *n,
		      struct measurement *m)
{
	static const char *const keys[] = {"periods", "statuses", "ceo-column", "ceo-yes", NULL};
	defaults(a, m);
	if (!n)
		return true;
	yaml_check_keys(d, n, keys);
	const struct ynode *periods = yaml_get(n, "periods"), *statuses = yaml_get(n, "statuses");
	return (!periods || read_periods(a, d, periods, m)) &&
	       (!statuses || read_statuses(a, d, statuses, m)) &&
	       yaml_str(d, n, "ceo-column", false, &m->ceo_column) &&
	       yaml_str(d, n, "ceo-yes", false, &m->ceo_yes);
}

int measurement_period(const struct measurement *m, const char *id)
{
	for (size_t i = 0; i < m->nperiods; i++)
		if (!strcmp(m->periods[i].id, id) || !strcmp(m->periods[i].name, id))
			return (int)i;
	return -1;
}
