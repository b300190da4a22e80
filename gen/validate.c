/* validate.c — checks the book as an editor would: every value against the vocabularies,
 * dates that cannot exist, budgets that mean nothing, units listed twice, files nobody
 * lists. Values are never changed: the book prints what the unit wrote. */
#include "validate.h"

#include "calendar.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "read_yaml.h"

/* ---------------------------------------------------------------- vocabulary matching */

static bool is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0;
}

/* Spacing, dash style and the case of Latin letters do not count, as in Excel's lists:
 * "עיר מקיימת -ניצול" equals "עיר מקיימת - ניצול", "big data" equals "Big Data". */
static char *normalise(struct arena *a, const char *s)
{
	size_t n = strlen(s), o = 0;
	/* a byte that is not UTF-8 becomes U+FFFD, three bytes: the most the text can grow */
	char small[1024], *out = 3 * n + 1 <= sizeof small ? small : xmalloc(3 * n + 1);
	bool space = false;
	for (size_t i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (u[0] >= 0xD7 && u[0] <= 0xDF && i + 1 < n && (u[1] & 0xC0) == 0x80) {
			/* a Hebrew letter (or a character after it, up to U+07FF): none of those
			 * changed below, so copied as they are, past the space before them */
			if (space && o && out[o - 1] != '-' && out[o - 1] != '/')
				out[o++] = ' ';
			out[o++] = (char)u[0], out[o++] = (char)u[1];
			space = false;
			i += 2;
			continue;
		}
		uint32_t cp = u[0];
		int len = cp < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (cp == 0x2013 || cp == 0x2014 || cp == 0x05BE) /* en dash, em dash, maqaf */
			cp = '-';
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (is_space(cp)) {
			space = true;
		} else {
			bool dash = cp == '-' || cp == '/';
			if (space && o && !dash && out[o - 1] != '-' && out[o - 1] != '/')
				out[o++] = ' ';
			o += (size_t)utf8_encode(cp, out + o);
			space = false;
		}
		i += (size_t)len;
	}
	out[o] = '\0';
	char *kept = arena_strndup(a, out, o);
	if (out != small)
		free(out);
	return kept;
}

/* A text as edit_distance compares it: its first 256 code points. */
struct codepoints {
	uint32_t *cp;
	int n;
};

static struct codepoints codepoints(struct arena *a, const char *s)
{
	struct codepoints c = {arena_calloc(a, 256, sizeof(uint32_t)), 0};
	for (size_t i = 0, n = strlen(s); i < n && c.n < 256;)
		i += (size_t)utf8_decode(s + i, n - i, &c.cp[c.n++]);
	return c;
}

/* edit_distance(a, b) when it is at most max, else max + 1, sooner: only the cells within
 * max of the diagonal can hold a distance that small, and once a whole row exceeds max so
 * does the end. A misspelt value is compared with every entry of its list, and the cost of
 * the full table was most of `planbook check`. */
static int distance_within(const struct codepoints *a, const struct codepoints *b, int max)
{
	int big = max + 1, row[257];
	if (abs(a->n - b->n) > max)
		return big;
	for (int j = 0; j <= b->n; j++)
		row[j] = j <= max ? j : big; /* row[j]: the distance of a's first i and b's first j */
	for (int i = 1; i <= a->n; i++) {
		int lo = i - max > 1 ? i - max : 1, hi = i + max < b->n ? i + max : b->n;
		int diag = row[lo - 1];
		row[lo - 1] = lo == 1 && i <= max ? i : big;
		int least = row[lo - 1];
		for (int j = lo; j <= hi; j++) {
			int up = row[j], v = diag + (a->cp[i - 1] != b->cp[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v < big ? v : big;
			if (row[j] < least)
				least = row[j];
		}
		if (least > max)
			return big;
	}
	return row[b->n];
}

/* One way of joining consecutive items of a list that YAML split at their commas. */
struct split_run {
	const char *joined; /* the items as one text */
	int line;           /* of the first in book.yaml */
};

struct candidates {
	const char **printed; /* as the vocabulary writes them */
	const char **norm;
	size_t n;
	struct strmap index;  /* normalised spelling -> its first candidate */
	/* made when the first value is not found (a value that is, as most are, needs none) */
	struct codepoints *cps; /* of norm */
	struct strmap nearest;  /* normalised unknown value -> 1 + candidate proposed, or 0 */
	struct strmap split;    /* normalised joined items -> 1 + run */
	struct split_run *runs;
	bool split_made;
};

static struct candidates new_candidates(struct arena *a, size_t total)
{
	struct candidates c = {0};
	c.printed = arena_calloc(a, total ? total : 1, sizeof *c.printed);
	c.norm = arena_calloc(a, total ? total : 1, sizeof *c.norm);
	c.index.a = c.nearest.a = c.split.a = a;
	return c;
}

/* A spelling to match, normalised once, and what stands for it in a message. */
static void add_candidate(struct arena *a, struct candidates *c, const char *printed,
			  const char *spelling)
{
	c->printed[c->n] = printed;
	c->norm[c->n] = normalise(a, spelling);
	strmap_add(&c->index, c->norm[c->n], c->n); /* the first of equal spellings answers */
	c->n++;
}

static size_t entries_and_items(const struct vocab_entry *e, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += 1 + e[i].nitems;
	return total;
}

/* Every "name - item" of a vocabulary list, and each name alone. */
static struct candidates list_candidates(struct arena *a, const struct vocab_entry *e, size_t n)
{
	struct candidates c = new_candidates(a, entries_and_items(e, n));
	for (size_t i = 0; i < n; i++) {
		add_candidate(a, &c, e[i].name, e[i].name);
		for (size_t k = 0; k < e[i].nitems; k++) {
			const char *both = arena_printf(a, "%s - %s", e[i].name, e[i].items[k]);
			add_candidate(a, &c, both, both);
		}
	}
	return c;
}

/* Every spelling of the metric types (a type's name, then its other spellings), each
 * standing for the type's name. */
static struct candidates type_candidates(struct arena *a, const struct vocabulary *v)
{
	const struct vocab_entry *e = v->metric_types;
	struct candidates c = new_candidates(a, entries_and_items(e, v->nmetric_types));
	for (size_t i = 0; i < v->nmetric_types; i++) {
		add_candidate(a, &c, e[i].name, e[i].name);
		for (size_t k = 0; k < e[i].nitems; k++)
			add_candidate(a, &c, e[i].name, e[i].items[k]);
	}
	return c;
}

/* The free texts accepted in the budget column. */
static struct candidates budget_candidates(struct arena *a, const struct vocabulary *v)
{
	struct candidates c = new_candidates(a, v->nbudget_texts);
	for (size_t i = 0; i < v->nbudget_texts; i++)
		add_candidate(a, &c, v->budget_texts[i], v->budget_texts[i]);
	return c;
}

/* Index of the exact match after normalising, or -1. */
static long find_exact(const struct candidates *c, const char *normalised)
{
	const size_t *i = strmap_get(&c->index, normalised);
	return i ? (long)*i : -1;
}

/* The entry closest to a value not found, if it looks like a slip: up to a fifth of the
 * text, at least 3 (the first of the closest, as a scan of the whole list would choose);
 * its index, or -1. */
static long nearest(struct arena *a, struct candidates *c, const char *v)
{
	size_t len = strlen(v) / 2; /* Hebrew letters are two bytes */
	int best = (int)(len / 5 > 3 ? len / 5 : 3) + 1;
	long near = -1;
	if (!c->cps) {
		c->cps = arena_calloc(a, c->n ? c->n : 1, sizeof *c->cps);
		for (size_t i = 0; i < c->n; i++)
			c->cps[i] = codepoints(a, c->norm[i]);
	}
	struct codepoints cv = codepoints(a, v);
	for (size_t i = 0; i < c->n; i++) {
		int dist = distance_within(&cv, &c->cps[i], best - 1);
		if (dist < best)
			best = dist, near = (long)i;
	}
	return near;
}

/* Index of the exact match of a normalised value, or -1 with *near set to the closest
 * entry worth proposing. The same slip in many plans is measured once. */
static long find(struct arena *a, struct candidates *c, const char *v, const char **near)
{
	long exact = find_exact(c, v);
	*near = NULL;
	if (exact >= 0)
		return exact;
	bool added;
	size_t *known = strmap_put(&c->nearest, v, &added);
	if (added)
		*known = (size_t)(nearest(a, c, v) + 1);
	*near = *known ? c->printed[*known - 1] : NULL;
	return -1;
}

/* ---------------------------------------------------------------- dates */

static const struct {
	const char *name;
	int month;
} month_names[] = {
	{"ינואר", 1},   {"ינו", 1},  {"פברואר", 2}, {"פבואר", 2}, {"פבר", 2},     {"מרץ", 3},
	{"מרס", 3},     {"אפריל", 4}, {"אפר", 4},   {"מאי", 5},   {"יוני", 6},    {"יונ", 6},
	{"יולי", 7},    {"יול", 7},  {"אוגוסט", 8}, {"אוג", 8},   {"ספטמבר", 9},  {"ספט", 9},
	{"אוקטובר", 10}, {"אוק", 10}, {"נובמבר", 11}, {"נוב", 11},  {"דצמבר", 12},  {"דצמ", 12},
};

static int days_in_month(int month, int year)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2)
		return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) || year == 0 ? 29 : 28;
	return days[month - 1];
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads up to max digits at s[*i]; returns the count read. */
static int read_number(const char *s, size_t *i, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && is_digit(s[*i]))
		v = v * 10 + (s[(*i)++] - '0'), n++;
	*out = v;
	return n;
}

static int month_at(const char *s)
{
	int best = 0;
	size_t best_len = 0;
	for (size_t k = 0; k < sizeof month_names / sizeof month_names[0]; k++) {
		size_t len = strlen(month_names[k].name);
		if (strncmp(s, month_names[k].name, len) == 0 && len > best_len)
			best = month_names[k].month, best_len = len;
	}
	return best;
}

/* Finds dates in a value and returns the first that cannot exist, or NULL. Forms:
 * 31.03.2020, 31/3/20, 31-03-2020 (day, month, year); 31.12 (day and month, when the
 * whole value is that); 31-מרץ (day and month name). */
static const char *impossible_date(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.' ||
						  s[i - 1] == '/' || s[i - 1] == ',')))
			continue;
		size_t j = i;
		int day, month, year;
		if (!read_number(s, &j, 2, &day) || is_digit(s[j]))
			continue;
		char sep = s[j];
		if (sep == '-' && month_at(s + j + 1)) {
			month = month_at(s + j + 1);
			if (day < 1 || day > days_in_month(month, 0))
				return arena_strndup(a, s + i, strcspn(s + i, " \n"));
			continue;
		}
		if (sep != '.' && sep != '/' && sep != '-')
			continue;
		j++;
		int mlen = read_number(s, &j, 2, &month);
		if (!mlen || is_digit(s[j]))
			continue;
		if (s[j] == sep && is_digit(s[j + 1])) {
			j++;
			int ylen = read_number(s, &j, 4, &year);
			if ((ylen != 2 && ylen != 4) || is_digit(s[j]))
				continue;
			if (ylen == 2)
				year += 2000;
			if (month < 1 || month > 12 || day < 1 || day > days_in_month(month, year))
				return arena_strndup(a, s + i, j - i);
			i = j;
			continue;
		}
		/* two numbers only: a date when the whole value is that, and it reads as day.month */
		bool whole = i == 0 && s[j] == '\0' && sep != '-';
		if (whole && month >= 1 && month <= 12 && day >= 1 && day > days_in_month(month, 0))
			return arena_strndup(a, s + i, j - i);
	}
	return NULL;
}

/* ---------------------------------------------------------------- budgets */

/* An empty cell, or a lone dash: the usual mark for "nothing here" (normalised). */
static bool blank(const char *normalised)
{
	return !normalised[0] || !strcmp(normalised, "-");
}

static bool budget_understood(struct arena *a, const struct candidates *texts, const char *b)
{
	const char *n = normalise(a, b);
	if (blank(n))
		return true;
	for (const char *p = b; *p; p++)
		if (is_digit(*p))
			return true; /* an amount, however written: 100,000 ₪, 1M, 1.5 מש"ח */
	return find_exact(texts, n) >= 0;
}

/* ---------------------------------------------------------------- plans */

struct checker {
	struct arena *a;
	struct diag *d;
	const struct book *b;
	/* the vocabularies, normalised once for the whole book */
	struct candidates vision, policy, types, budget_texts;
};

/* Every run of two or more consecutive items of a list joined by ", ", alone and after its
 * entry's name, in the order split_item would try them: what a value is when the list in
 * book.yaml was written without quotes and YAML split one item at its comma. */
static void make_split_runs(struct arena *a, struct candidates *c, const struct vocab_entry *e,
			    size_t n)
{
	struct vec runs = {0};
	c->split_made = true;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k + 1 < e[i].nitems; k++) {
			struct buf j = {0};
			buf_adds(&j, e[i].items[k]);
			for (size_t m = k + 1; m < e[i].nitems; m++) {
				buf_printf(&j, ", %s", e[i].items[m]);
				struct split_run *r = vec_push(a, &runs, sizeof *r);
				r->joined = arena_strdup(a, buf_cstr(&j));
				r->line = e[i].item_lines ? e[i].item_lines[k] : 0;
				const char *both = arena_printf(a, "%s - %s", e[i].name, r->joined);
				strmap_add(&c->split, normalise(a, both), runs.len);
				strmap_add(&c->split, normalise(a, r->joined), runs.len);
			}
			buf_free(&j);
		}
	c->runs = runs.items;
}

/* A normalised value that is two or more consecutive items of a list joined by ", ". */
static bool split_item(struct checker *c, struct candidates *cand, const struct vocab_entry *e,
		       size_t n, const char *want, const char **joined, int *line)
{
	if (!cand->split_made)
		make_split_runs(c->a, cand, e, n);
	const size_t *run = strmap_get(&cand->split, want);
	if (!run)
		return false;
	*joined = cand->runs[*run - 1].joined;
	*line = cand->runs[*run - 1].line;
	return true;
}

static void check_vocab_value(struct checker *c, struct candidates *cand,
			      const struct vocab_entry *list, size_t nlist, const char *v,
			      enum diag_code code, const struct source *at)
{
	const char *n = normalise(c->a, v);
	if (blank(n) || !cand->n)
		return;
	const char *near, *joined;
	int line;
	if (find(c->a, cand, n, &near) >= 0)
		return;
	if (split_item(c, cand, list, nlist, n, &joined, &line))
		diag_at(c->d, D_VOCAB_SPLIT, at, joined, line, joined);
	else
		diag_at(c->d, code, at, v, diag_hint(near));
}

/* The metric type's label in the vocabulary: the type itself or one of its spellings. */
static const char *canonical_type(struct checker *c, const char *type, const char **near)
{
	const struct vocabulary *v = &c->b->vocab;
	const char *t = normalise(c->a, type);
	long exact = find_exact(&c->types, t);
	if (exact >= 0)
		return c->types.printed[exact];
	/* not found (an error, so rare): the closest name, the other spellings aside */
	*near = NULL;
	int best = 4;
	for (size_t i = 0; i < v->nmetric_types; i++) {
		int dist = edit_distance(t, normalise(c->a, v->metric_types[i].name));
		if (dist < best)
			best = dist, *near = v->metric_types[i].name;
	}
	return NULL;
}

static void check_dates(struct checker *c, const char *value, const struct source *at)
{
	const char *bad = impossible_date(c->a, value);
	if (bad)
		diag_at(c->d, D_DATE_IMPOSSIBLE, at, bad);
}

static void check_plan(struct checker *c, struct plan *p)
{
	for (size_t g = 0; g < p->ngoals; g++) {
		struct goal *goal = &p->goals[g];
		const struct vocabulary *v = &c->b->vocab;
		check_vocab_value(c, &c->vision, v->vision, v->nvision, goal->vision, D_VISION_UNKNOWN,
				  &goal->vision_at);
		check_vocab_value(c, &c->policy, v->policy, v->npolicy, goal->policy, D_POLICY_UNKNOWN,
				  &goal->policy_at);
		if (!budget_understood(c->a, &c->budget_texts, goal->budget))
			diag_at(c->d, D_BUDGET_UNKNOWN, &goal->budget_at, goal->budget);
		for (size_t k = 0; k < goal->ngroups; k++) {
			struct metric_group *grp = &goal->groups[k];
			const char *near = NULL;
			if (grp->type[0] && c->b->vocab.nmetric_types) {
				grp->canonical = canonical_type(c, grp->type, &near);
				if (!grp->canonical)
					diag_at(c->d, D_TYPE_UNKNOWN, &grp->at, grp->type, diag_hint(near));
			}
			for (size_t l = 0; l < grp->nlines; l++) {
				check_dates(c, grp->lines[l].value, &grp->lines[l].value_at);
				check_dates(c, grp->lines[l].note, &grp->lines[l].note_at);
			}
		}
	}
}

/* ---------------------------------------------------------------- files */

/* The files book.yaml lists, as it names them. */
static void list_path(struct strmap *listed, const char *p)
{
	if (p)
		strmap_add(listed, p, 1);
}

static bool is_listed(const struct strmap *listed, const char *p)
{
	return strmap_get(listed, p) != NULL;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

static int cmp_strptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Plans and prose files in the input folder that book.yaml does not list (notes and
 * read-me files are the editors' own). */
static void check_unlisted(struct checker *c, const char *dir, const struct strmap *l,
			   int depth)
{
	DIR *dp = opendir(dir);
	if (!dp || depth > 4) {
		if (dp)
			closedir(dp);
		return;
	}
	struct vec names = {0};
	struct dirent *de;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			*(const char **)vec_push(c->a, &names, sizeof(char *)) =
				arena_strdup(c->a, de->d_name);
	closedir(dp);
	if (names.len)
		qsort(names.items, names.len, sizeof(char *), cmp_strptr);
	for (size_t i = 0; i < names.len; i++) {
		const char *name = VEC_AT(&names, const char *, i);
		const char *path = path_join(c->a, dir, name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			check_unlisted(c, path, l, depth + 1);
			continue;
		}
		bool content = ends_with(name, ".csv") || ends_with(name, ".md") ||
			       (ends_with(name, ".xlsx") && name[0] != '~');
		bool notes = strncmp(name, "NOTES", 5) == 0 || strncmp(name, "README", 6) == 0;
		if (content && !notes && !is_listed(l, path))
			diag_report(c->d, D_FILE_UNUSED, path, 0, 0);
	}
}

/* The planning calendar's events: real dates, in order, in the book's year. */
static void check_calendar(struct diag *d, const struct book *b)
{
	for (size_t i = 0; i < b->calendar.nevents; i++) {
		const struct cal_event *ev = &b->calendar.events[i];
		const char *name = *ev->label ? ev->label : b->calendar.categories[ev->category];
		struct gdate from = {ev->from[0], ev->from[1], ev->from[2]};
		struct gdate to = {ev->to[0], ev->to[1], ev->to[2]};
		char f[16], t[16];
		snprintf(f, sizeof f, "%04d-%02d-%02d", from.year, from.month, from.day);
		snprintf(t, sizeof t, "%04d-%02d-%02d", to.year, to.month, to.day);
		if (!cal_gregorian_valid(from) || !cal_gregorian_valid(to)) {
			diag_report(d, D_EVENT_DATE, ev->at.file, ev->at.line, ev->at.col, name,
				    cal_gregorian_valid(from) ? t : f);
			continue;
		}
		if (cal_fixed_from_gregorian(to) < cal_fixed_from_gregorian(from))
			diag_report(d, D_EVENT_BACKWARDS, ev->at.file, ev->at.line, ev->at.col, name, t, f);
		else if (to.year < b->year || from.year > b->year)
			diag_report(d, D_EVENT_OUTSIDE, ev->at.file, ev->at.line, ev->at.col, name, b->year);
	}
}

static struct checker new_checker(struct arena *a, struct diag *d, const struct book *b)
{
	struct checker c = {a, d, b, {0}, {0}, {0}, {0}};
	c.vision = list_candidates(a, b->vocab.vision, b->vocab.nvision);
	c.policy = list_candidates(a, b->vocab.policy, b->vocab.npolicy);
	c.types = type_candidates(a, &b->vocab);
	c.budget_texts = budget_candidates(a, &b->vocab);
	return c;
}

void validate_plan(struct diag *d, const struct book *b, struct plan *p)
{
	struct arena scratch = {0};
	struct checker c = new_checker(&scratch, d, b);
	check_plan(&c, p);
	validate_plan_results(d, b, p);
	arena_free(&scratch);
}

/* A unit in the order of the book, and the one before it with the same id. */
struct unit_use {
	const struct unit *u;
	size_t before; /* 1 + its index among the uses, or 0 */
};

/* Each earlier use of u's id, oldest first, as a scan from the start would tell them. */
static void report_earlier(struct checker *c, const struct vec *uses, size_t use,
			   const struct unit *u)
{
	if (!use)
		return;
	const struct unit_use *e = &VEC_AT(uses, struct unit_use, use - 1);
	report_earlier(c, uses, e->before, u);
	diag_report(c->d, D_UNIT_TWICE, u->at.file, u->at.line, u->at.col, u->id, e->u->at.line);
}

/* A unit id used before, at the unit that uses it again: once for every earlier use. seen
 * maps an id to 1 + its last use. */
static void check_unit_id(struct checker *c, struct strmap *seen, struct vec *uses,
			  const struct unit *u)
{
	bool added;
	size_t *last = strmap_put(seen, u->id, &added);
	struct unit_use *use = vec_push(c->a, uses, sizeof *use);
	use->u = u;
	use->before = added ? 0 : *last;
	*last = uses->len;
	report_earlier(c, uses, use->before, u);
}

void validate_book(struct arena *keep, struct diag *d, const struct book *b)
{
	check_calendar(d, b);
	validate_results(d, b);
	/* the normalised strings and candidate lists are needed only while checking */
	(void)keep;
	struct arena scratch = {0};
	struct arena *a = &scratch;
	struct checker c = new_checker(a, d, b);
	struct strmap listed = {.a = a}, seen = {.a = a};
	struct vec uses = {0};
	for (size_t i = 0; i < b->nparts; i++) {
		const struct part *p = &b->parts[i];
		list_path(&listed, p->goals_path);
		for (size_t k = 0; k < p->npages; k++)
			list_path(&listed, p->pages[k].prose ? p->pages[k].prose->path : NULL);
		for (size_t k = 0; k < p->nunits; k++) {
			struct unit *u = &p->units[k];
			check_unit_id(&c, &seen, &uses, u);
			/* a plan printed in two places (Kivunim) is checked once */
			bool again = u->plan_path && is_listed(&listed, u->plan_path);
			list_path(&listed, u->intro_path);
			list_path(&listed, u->plan_path);
			if (u->pending && !u->plan)
				diag_report(d, D_UNIT_PENDING, u->at.file, u->at.line, u->at.col, u->toc);
			if (u->plan && !again)
				check_plan(&c, u->plan);
		}
	}
	check_unlisted(&c, b->dir, &listed, 0);
	arena_free(&scratch);
}
