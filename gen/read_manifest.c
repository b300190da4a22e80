/* read_manifest.c — reads book.yaml into the model and reads the prose it lists. */
#include "read_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "read_plan.h"
#include "read_prose.h"
#include "read_yaml.h"

/* Checks that a file named in book.yaml exists; reports it at the naming line if not. */
static const char *existing_file(struct arena *a, struct diag *d, const struct book *b,
				 const struct ynode *n)
{
	const char *path = path_join(a, b->dir, n->value);
	if (file_exists(path))
		return path;
	diag_report(d, D_FILE_OPEN, n->file, n->line, n->col,
		    arena_printf(a, _("%s does not exist"), path));
	return NULL;
}

/* title-pattern: of a unit, a part or the book, and where it is written. */
static bool read_title_pattern(struct diag *d, const struct ynode *map, const char **name,
			       struct source *at)
{
	const struct ynode *n = yaml_get(map, "title-pattern");
	if (n)
		*at = (struct source){.file = n->file, .line = n->line, .col = n->col};
	return yaml_str(d, map, "title-pattern", false, name);
}

static struct prose *read_listed_prose(struct arena *a, struct diag *d, const struct book *b,
				       const struct ynode *map, const char *key, const char **path)
{
	struct ynode *n = yaml_get(map, key);
	if (!n)
		return NULL;
	if (n->kind != Y_SCALAR) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, key, _("a file name"));
		return NULL;
	}
	*path = existing_file(a, d, b, n);
	return *path ? prose_read(a, d, *path, *path) : NULL;
}

static bool read_unit(struct arena *a, struct diag *d, struct book *b, const struct ynode *n,
		      struct unit *u)
{
	static const char *const keys[] = {"id", "toc", "name", "group", "title", "title-pattern",
					   "intro", "plan", "sheet", "pending", "extra-columns", NULL};
	if (n->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, _("a unit"),
			    _("a block with id, toc, name and plan"));
		return false;
	}
	yaml_check_keys(d, n, keys);
	u->at = (struct source){.file = n->file, .line = n->line, .col = n->col};
	const char *pending = NULL;
	if (!yaml_str(d, n, "id", true, &u->id) || !yaml_str(d, n, "toc", true, &u->toc) ||
	    !yaml_str(d, n, "name", false, &u->name) || !yaml_str(d, n, "group", false, &u->group) ||
	    !yaml_str(d, n, "title", false, &u->title) ||
	    !read_title_pattern(d, n, &u->title_pattern, &u->title_pattern_at) ||
	    !yaml_str(d, n, "pending", false, &pending) || !yaml_str(d, n, "sheet", false, &u->sheet) ||
	    !yaml_str_list(a, d, yaml_get(n, "extra-columns"), "extra-columns", &u->extra_columns,
			   &u->nextra_columns))
		return false;
	if (!u->name)
		u->name = u->toc;
	u->pending = pending && (!strcmp(pending, "yes") || !strcmp(pending, "true"));
	u->intro = read_listed_prose(a, d, b, n, "intro", &u->intro_path);
	struct ynode *plan = yaml_get(n, "plan");
	if (plan && plan->kind == Y_SCALAR) {
		u->plan_path = existing_file(a, d, b, plan); /* read by plans_read */
	} else if (!u->pending) {
		diag_report(d, D_KEY_MISSING, n->file, n->line, n->col,
			    _("plan (or 'pending: yes' while it is not entered)"));
	}
	return true;
}

static bool read_page_entry(struct arena *a, struct diag *d, struct book *b,
			    const struct ynode *n, struct page_entry *pe)
{
	static const char *const keys[] = {"toc", "prose", NULL};
	if (n->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, _("a page"),
			    _("a block with 'toc' and 'prose'"));
		return false;
	}
	yaml_check_keys(d, n, keys);
	const char *file = NULL;
	if (!yaml_str(d, n, "toc", false, &pe->toc) || !yaml_str(d, n, "prose", true, &file))
		return false;
	struct ynode *fn = yaml_get(n, "prose");
	const char *path = path_join(a, b->dir, file);
	if (!file_exists(path)) {
		diag_report(d, D_FILE_OPEN, fn->file, fn->line, fn->col,
			    arena_printf(a, _("%s does not exist"), path));
		return true; /* keep going: report every missing file */
	}
	pe->prose = prose_read(a, d, path, path);
	if (pe->prose && !pe->toc)
		pe->toc = pe->prose->title;
	return true;
}

static bool read_part(struct arena *a, struct diag *d, struct book *b, const struct ynode *n,
		      struct part *p)
{
	static const char *const keys[] = {"id", "title", "title-pattern", "pages", "goals", "units",
					   NULL};
	if (n->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, _("a part"),
			    _("a block with 'title' and 'pages'"));
		return false;
	}
	yaml_check_keys(d, n, keys);
	p->at = (struct source){.file = n->file, .line = n->line, .col = n->col};
	if (!yaml_str(d, n, "id", true, &p->id) || !yaml_str(d, n, "title", true, &p->title) ||
	    !read_title_pattern(d, n, &p->title_pattern, &p->title_pattern_at))
		return false;
	p->goals = read_listed_prose(a, d, b, n, "goals", &p->goals_path);
	struct ynode *units = yaml_get(n, "units");
	if (units) {
		if (units->kind != Y_SEQ) {
			diag_report(d, D_YAML_TYPE, units->file, units->line, units->col, "units",
				    _("a list of units"));
			return false;
		}
		p->units = arena_calloc(a, units->len, sizeof *p->units);
		p->nunits = units->len;
		for (size_t i = 0; i < units->len; i++)
			if (!read_unit(a, d, b, units->items[i], &p->units[i]))
				return false;
	}
	struct ynode *pages = yaml_get(n, "pages");
	if (!pages)
		return true;
	if (pages->kind != Y_SEQ) {
		diag_report(d, D_YAML_TYPE, pages->file, pages->line, pages->col, "pages",
			    _("a list of pages"));
		return false;
	}
	p->pages = arena_calloc(a, pages->len, sizeof *p->pages);
	p->npages = pages->len;
	for (size_t i = 0; i < pages->len; i++)
		if (!read_page_entry(a, d, b, pages->items[i], &p->pages[i]))
			return false;
	return true;
}

/* "2020-03-31" */
static bool read_iso_date(struct diag *d, const struct ynode *n, int out[3])
{
	if (!n || n->kind != Y_SCALAR || sscanf(n->value, "%d-%d-%d", &out[0], &out[1], &out[2]) != 3 ||
	    out[1] < 1 || out[1] > 12 || out[2] < 1 || out[2] > 31) {
		if (n)
			diag_report(d, D_VALUE_BAD, n->file, n->line, n->col, n->value,
				    _("date (write it as 2020-03-31)"));
		return false;
	}
	return true;
}

static bool read_calendar(struct arena *a, struct diag *d, const struct ynode *c,
			  struct calendar *cal)
{
	static const char *const keys[] = {"subtitle", "footnote", "categories", "holidays", "events",
					   NULL};
	static const char *const cat_keys[] = {"id", "label", NULL};
	static const char *const ev_keys[] = {"category", "label", "from", "to", NULL};
	cal->holidays = -1;
	if (!c)
		return true;
	cal->present = true;
	yaml_check_keys(d, c, keys);
	const char *holidays = NULL;
	if (!yaml_str(d, c, "subtitle", false, &cal->subtitle) ||
	    !yaml_str(d, c, "footnote", false, &cal->footnote) ||
	    !yaml_str(d, c, "holidays", false, &holidays))
		return false;
	struct ynode *cats = yaml_get(c, "categories");
	if (cats && cats->kind == Y_SEQ) {
		cal->categories = arena_calloc(a, cats->len, sizeof *cal->categories);
		cal->category_ids = arena_calloc(a, cats->len, sizeof *cal->category_ids);
		cal->ncategories = cats->len;
		for (size_t i = 0; i < cats->len; i++) {
			yaml_check_keys(d, cats->items[i], cat_keys);
			if (!yaml_str(d, cats->items[i], "id", true, &cal->category_ids[i]) ||
			    !yaml_str(d, cats->items[i], "label", true, &cal->categories[i]))
				return false;
			if (holidays && !strcmp(holidays, cal->category_ids[i]))
				cal->holidays = (int)i;
		}
	}
	struct ynode *evs = yaml_get(c, "events");
	if (evs && evs->kind == Y_SEQ) {
		cal->events = arena_calloc(a, evs->len, sizeof *cal->events);
		cal->nevents = evs->len;
		for (size_t i = 0; i < evs->len; i++) {
			struct ynode *e = evs->items[i];
			struct cal_event *ev = &cal->events[i];
			const char *cat = NULL;
			yaml_check_keys(d, e, ev_keys);
			ev->at = (struct source){.file = e->file, .line = e->line, .col = e->col};
			ev->label = "";
			if (!yaml_str(d, e, "category", true, &cat) || !yaml_str(d, e, "label", false, &ev->label) ||
			    !read_iso_date(d, yaml_get(e, "from"), ev->from))
				return false;
			if (yaml_get(e, "to")) {
				if (!read_iso_date(d, yaml_get(e, "to"), ev->to))
					return false;
			} else {
				memcpy(ev->to, ev->from, sizeof ev->to);
			}
			ev->category = -1;
			for (size_t k = 0; k < cal->ncategories; k++)
				if (!strcmp(cal->category_ids[k], cat))
					ev->category = (int)k;
			if (ev->category < 0) {
				struct ynode *cn = yaml_get(e, "category");
				diag_report(d, D_VALUE_BAD, cn->file, cn->line, cn->col, cat,
					    _("category (it must be listed under calendar: categories)"));
				return false;
			}
		}
	}
	return true;
}

static bool read_cover(struct arena *a, struct diag *d, const struct ynode *root,
		       struct book *b)
{
	static const char *const keys[] = {"title", "hebrew-date", "date", "logo", NULL};
	struct ynode *c = yaml_get(root, "cover");
	if (!c)
		return true;
	yaml_check_keys(d, c, keys);
	struct ynode *logo = yaml_get(c, "logo");
	if (logo && logo->kind == Y_SCALAR) {
		b->cover_logo = existing_file(a, d, b, logo);
		if (!b->cover_logo)
			return false;
	}
	return yaml_str_list(a, d, yaml_get(c, "title"), "title", &b->cover_title,
			     &b->ncover_title) &&
	       yaml_str(d, c, "hebrew-date", false, &b->cover_hebrew_date) &&
	       yaml_str(d, c, "date", false, &b->cover_date);
}

/* A list of {name-key: …, items-key: [...]} entries. */
static bool read_vocab_list(struct arena *a, struct diag *d, const struct ynode *n,
			    const char *what, const char *name_key, const char *items_key,
			    struct vocab_entry **out, size_t *count)
{
	if (!n)
		return true;
	if (n->kind != Y_SEQ) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, what, _("a list"));
		return false;
	}
	*out = arena_calloc(a, n->len, sizeof **out);
	*count = n->len;
	for (size_t i = 0; i < n->len; i++) {
		const char *const keys[] = {name_key, items_key, NULL};
		struct ynode *e = n->items[i];
		yaml_check_keys(d, e, keys);
		if (e->kind != Y_MAP || !yaml_str(d, e, name_key, true, &(*out)[i].name) ||
		    !yaml_str_list(a, d, yaml_get(e, items_key), items_key, &(*out)[i].items,
				   &(*out)[i].nitems)) {
			if (e->kind != Y_MAP)
				diag_report(d, D_YAML_TYPE, e->file, e->line, e->col, what,
					    arena_printf(a, _("a list of blocks with '%s' and '%s'"),
							 name_key, items_key));
			return false;
		}
		struct ynode *items = yaml_get(e, items_key);
		(*out)[i].item_lines = arena_calloc(a, (*out)[i].nitems + 1, sizeof(int));
		for (size_t k = 0; items && items->kind == Y_SEQ && k < (*out)[i].nitems; k++)
			(*out)[i].item_lines[k] = items->items[k]->line;
	}
	return true;
}

static bool read_vocabularies(struct arena *a, struct diag *d, const struct ynode *v,
			      struct vocabulary *vo)
{
	static const char *const keys[] = {"vision", "policy", "metric-types", "budget-texts", NULL};
	if (!v)
		return true;
	yaml_check_keys(d, v, keys);
	return read_vocab_list(a, d, yaml_get(v, "vision"), "vision", "pillar", "themes",
			       &vo->vision, &vo->nvision) &&
	       read_vocab_list(a, d, yaml_get(v, "policy"), "policy", "emphasis", "items",
			       &vo->policy, &vo->npolicy) &&
	       read_vocab_list(a, d, yaml_get(v, "metric-types"), "metric-types", "label",
			       "spellings", &vo->metric_types, &vo->nmetric_types) &&
	       yaml_str_list(a, d, yaml_get(v, "budget-texts"), "budget-texts", &vo->budget_texts,
			     &vo->nbudget_texts);
}

struct book *manifest_read(struct arena *a, struct diag *d, const char *dir)
{
	return manifest_read_with(a, d, dir, NULL);
}

struct book *manifest_read_with(struct arena *a, struct diag *d, const char *dir,
				const struct manifest_options *o)
{
	static const char *const keys[] = {"id", "year", "hebrew-year", "title", "organisation",
					   "issuer", "subject", "keywords", "cover", "vocabularies",
					   "calendar", "measurement", "parts", "title-pattern", NULL};
	struct book *b = arena_alloc(a, sizeof *b);
	b->dir = arena_strdup(a, dir);
	b->manifest = path_join(a, dir, "book.yaml");
	struct ynode *root = yaml_load(a, d, b->manifest);
	if (!root)
		return NULL;
	if (root->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, b->manifest, root->line, root->col, "book.yaml",
			    _("a list of 'name: value' settings"));
		return NULL;
	}
	yaml_check_keys(d, root, keys);
	double year = 0;
	const char *org = NULL, *issuer = NULL;
	if (!yaml_str(d, root, "id", true, &b->id) || !yaml_num(d, root, "year", true, &year) ||
	    !yaml_str(d, root, "title", true, &b->title) ||
	    !yaml_str(d, root, "organisation", false, &org) ||
	    !yaml_str(d, root, "issuer", false, &issuer) ||
	    !yaml_str(d, root, "subject", false, &b->subject) ||
	    !yaml_str(d, root, "keywords", false, &b->keywords) ||
	    !read_title_pattern(d, root, &b->title_pattern, &b->title_pattern_at))
		return NULL;
	if (strchr(b->id, '/') || b->id[0] == '.' || !b->id[0]) {
		struct ynode *n = yaml_get(root, "id");
		diag_report(d, D_VALUE_BAD, n->file, n->line, n->col, b->id,
			    _("book id (it names the PDF file: letters, digits and '-')"));
		return NULL;
	}
	if (!(year >= CAL_FIRST_YEAR && year <= CAL_LAST_YEAR) || year != (int)year) {
		struct ynode *n = yaml_get(root, "year");
		diag_report(d, D_VALUE_BAD, n->file, n->line, n->col, n->value,
			    "year (a whole number, 1900 to 2200: the years of the calendar)");
		return NULL;
	}
	b->year = (int)year;
	b->organisation = org;
	b->issuer = issuer;
	if (!yaml_str(d, root, "hebrew-year", false, &b->hebrew_year) ||
	    !read_cover(a, d, root, b) || !read_vocabularies(a, d, yaml_get(root, "vocabularies"), &b->vocab) ||
	    !read_calendar(a, d, yaml_get(root, "calendar"), &b->calendar) ||
	    !measurement_read(a, d, yaml_get(root, "measurement"), &b->measurement))
		return NULL;
	if (org && issuer)
		b->author = arena_printf(a, "%s – %s", org, issuer);
	else
		b->author = org ? org : issuer;
	struct ynode *parts = yaml_get(root, "parts");
	if (!parts || parts->kind != Y_SEQ) {
		diag_report(d, parts ? D_YAML_TYPE : D_KEY_MISSING, b->manifest,
			    parts ? parts->line : 0, parts ? parts->col : 0, "parts",
			    _("a list of the book's parts"));
		return NULL;
	}
	b->parts = arena_calloc(a, parts->len, sizeof *b->parts);
	b->nparts = parts->len;
	for (size_t i = 0; i < parts->len; i++)
		if (!read_part(a, d, b, parts->items[i], &b->parts[i]))
			return NULL;
	plans_read(a, d, b, o ? o->unit : NULL);
	return b;
}
