/* new_year.c — planbook new YEAR --from DIR: next year's input folder, started from this
 * year's. A writer: book.yaml is rewritten as text, not written out again from the tree,
 * so that the planning unit finds its own file, comments and layout, with only what moves
 * with the year changed. libyaml's tokens say where each value starts and ends, so a
 * comment is never touched and a file name never moved on. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "new_year.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "calendar.h"
#include "read_manifest.h"
#include "read_yaml.h"
#include "write_template.h"
#include "yaml_walk.h"

/* bytes [start, end) of book.yaml become text; an insertion has start == end */
struct edit {
	size_t start, end, seq;
	const char *text;
};

/* What moves with the year: numbers near the old year, ISO dates, the Hebrew years. */
struct shift {
	int from, to;
	const char *heb_old[4], *heb_new[4];
	size_t nheb;
};

/* what the moves need of a unit's mapping, beside the walk's frame */
struct unit_frame {
	const char *id, *plan_rel;
	size_t anchor; /* the end of its last id, plan or pending value: new lines go after */
	int anchor_col;
	bool has_plan, has_pending;
};

struct unit_plan {
	const char *id, *rel; /* the unit and its new plan, relative to the folder */
};

struct listed_file {
	const char *rel;
	bool prose; /* a prose page gets the note to update it */
};

struct rewriter {
	struct arena *a;
	const char *src; /* book.yaml */
	size_t len, bom;
	const char *eol;
	struct shift sh;
	struct vec edits, units, files;
	struct unit_frame frames[WALK_DEPTH]; /* by the walk's frame index */
	const char *last_dir; /* where the last plan was: a unit without one gets its there */
	const char *error;
};

/* ---------------------------------------------------------------- moving text on */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_latin(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static bool is_hebrew_letter(const char *s, size_t n)
{
	return n >= 2 && (unsigned char)s[0] == 0xD7 && (unsigned char)s[1] >= 0x90 &&
	       (unsigned char)s[1] <= 0xAA;
}

/* A date 2020-01-12 at s (digits checked by the caller): the next year's same day, or
 * the last of February for the 29th that the next year lacks. Returns its length or 0. */
static size_t shift_date(struct buf *out, const char *s, size_t n, int delta)
{
	size_t i = 5, m0 = 5;
	if (n < 8 || s[4] != '-')
		return 0;
	while (i < n && i < m0 + 2 && is_digit(s[i]))
		i++;
	int month = atoi(s + m0);
	if (i == m0 || i >= n || s[i] != '-')
		return 0;
	size_t d0 = ++i;
	while (i < n && i < d0 + 2 && is_digit(s[i]))
		i++;
	int day = atoi(s + d0);
	if (i == d0 || (i < n && is_digit(s[i])) || month < 1 || month > 12 || day < 1 || day > 31)
		return 0;
	int year = atoi(s) + delta;
	buf_printf(out, "%04d", year);
	if (year >= 1 && day <= cal_gregorian_month_length(year - delta, month) &&
	    day > cal_gregorian_month_length(year, month))
		buf_printf(out, "-%.*s-%0*d", (int)(d0 - m0 - 1), s + m0, (int)(i - d0),
			   cal_gregorian_month_length(year, month));
	else
		buf_add(out, s + 4, i - 4);
	return i;
}

/* A run of digits at s[i]: an ISO date moves by the years between the books, and so does
 * a whole number that is the old year, the one before or the one after ("2019" in the 2020
 * book means last year). A number glued to Latin letters (an escape \u2020, "Q2020") or
 * to a decimal part, and any other number, are kept. Returns the bytes read. */
static size_t shift_number(struct buf *out, const char *s, size_t i, size_t n,
			   const struct shift *sh)
{
	size_t k = 0;
	while (i + k < n && is_digit(s[i + k]))
		k++;
	if (k == 4 && !(i > 0 && is_latin(s[i - 1]))) {
		size_t date = shift_date(out, s + i, n - i, sh->to - sh->from);
		if (date)
			return date;
		char next = i + k < n ? s[i + k] : ' ';
		bool decimal = (next == '.' || next == ',') && i + k + 1 < n && is_digit(s[i + k + 1]);
		int y = atoi(s + i);
		if (!is_latin(next) && !decimal && y >= sh->from - 1 && y <= sh->from + 1) {
			buf_printf(out, "%d", y + sh->to - sh->from);
			return k;
		}
	}
	buf_add(out, s + i, k);
	return k;
}

/* A Hebrew year (תש"פ, also in a longer word: בתש"פ) that is not the start of a longer one. */
static size_t shift_hebrew(struct buf *out, const char *s, size_t i, size_t n,
			   const struct shift *sh, const char *const *old, const char *const *new)
{
	for (size_t k = 0; k < sh->nheb; k++) {
		size_t l = strlen(old[k]);
		if (l && i + l <= n && !memcmp(s + i, old[k], l) && !is_hebrew_letter(s + i + l, n - i - l)) {
			buf_adds(out, new[k]);
			return l;
		}
	}
	return 0;
}

/* A quote inside a quoted value is written as YAML wants it there. */
static const char *escape(struct arena *a, const char *s, yaml_scalar_style_t style)
{
	char q = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? '"'
		 : style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : 0;
	struct buf b = {0};
	for (; *s; s++) {
		if (*s == q)
			buf_addc(&b, q == '"' ? '\\' : '\'');
		buf_addc(&b, *s);
	}
	char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* The scalar's text [s, e) of book.yaml with the year moved on; an edit if it changed. */
static void add_edit(struct rewriter *r, size_t start, size_t end, const char *text);
static void shift_scalar(struct rewriter *r, size_t s, size_t e, yaml_scalar_style_t style)
{
	const char *old[4], *new[4];
	for (size_t k = 0; k < r->sh.nheb; k++) {
		old[k] = escape(r->a, r->sh.heb_old[k], style);
		new[k] = escape(r->a, r->sh.heb_new[k], style);
	}
	struct buf out = {0};
	for (size_t i = s, used; i < e; i += used) {
		if (is_digit(r->src[i]))
			used = shift_number(&out, r->src, i, e, &r->sh);
		else if (!(used = shift_hebrew(&out, r->src, i, e, &r->sh, old, new)))
			buf_addc(&out, r->src[i]), used = 1;
	}
	if (out.len != e - s || memcmp(out.data, r->src + s, e - s))
		add_edit(r, s, e, buf_cstr(&out));
	buf_free(&out);
}

/* The Hebrew years around the old book's and the new book's, in letters as the book prints
 * them; and hebrew-year as the manifest writes it, if it is spelt another way (תש״פ). */
static void hebrew_years(struct arena *a, struct shift *sh, const char *written)
{
	for (int k = -1; k <= 1; k++) {
		char o[32], n[32];
		cal_hebrew_year_letters(sh->from + 3760 + k, o, sizeof o);
		cal_hebrew_year_letters(sh->to + 3760 + k, n, sizeof n);
		sh->heb_old[sh->nheb] = arena_strdup(a, o);
		sh->heb_new[sh->nheb++] = arena_strdup(a, n);
	}
	if (written && *written && strcmp(written, sh->heb_old[1])) {
		sh->heb_old[sh->nheb] = written;
		sh->heb_new[sh->nheb++] = sh->heb_new[1];
	}
}

/* ---------------------------------------------------------------- edits */

static void add_edit(struct rewriter *r, size_t start, size_t end, const char *text)
{
	struct edit *e = vec_push(r->a, &r->edits, sizeof *e);
	*e = (struct edit){start, end, r->edits.len, arena_strdup(r->a, text)};
}

static int cmp_edit(const void *x, const void *y)
{
	const struct edit *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	bool ai = a->start == a->end, bi = b->start == b->end; /* insertions first */
	if (ai != bi)
		return ai ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void apply_edits(struct rewriter *r, struct buf *out)
{
	if (r->edits.len)
		qsort(r->edits.items, r->edits.len, sizeof(struct edit), cmp_edit);
	size_t at = 0;
	for (size_t i = 0; i < r->edits.len; i++) {
		const struct edit *e = &VEC_AT(&r->edits, struct edit, i);
		if (e->start < at)
			continue;
		buf_add(out, r->src + at, e->start - at);
		buf_adds(out, e->text);
		at = e->end;
	}
	buf_add(out, r->src + at, r->len - at);
}

static size_t line_start(const struct rewriter *r, size_t pos)
{
	while (pos > 0 && r->src[pos - 1] != '\n')
		pos--;
	return pos;
}

/* Lines inserted after the line that holds pos (after its comment, if any). */
static void insert_lines_after(struct rewriter *r, size_t pos, const char *lines)
{
	while (pos < r->len && r->src[pos] != '\n')
		pos++;
	if (pos < r->len)
		add_edit(r, pos + 1, pos + 1, lines);
	else /* the last line has no line break */
		add_edit(r, pos, pos, arena_printf(r->a, "%s%s", r->eol, lines));
}

/* ---------------------------------------------------------------- the manifest's tokens */

/* A path that stays in the folder: not absolute, no ".." */
static bool inside(struct arena *a, const char *rel)
{
	return rel[0] != '/' && !strstr(arena_printf(a, "/%s/", rel), "/../");
}

/* plan: general/it.csv → general/it.xlsx, in the text as it is quoted there */
static void new_plan(struct rewriter *r, struct unit_frame *f, const char *value, size_t e,
		     yaml_scalar_style_t style)
{
	if (!inside(r->a, value)) {
		r->error = arena_printf(r->a, _("the plan %s is outside the folder, where its "
						"workbook cannot be put"), value);
		return;
	}
	size_t close = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE || style == YAML_SINGLE_QUOTED_SCALAR_STYLE;
	const char *slash = strrchr(value, '/'), *dot = strrchr(value, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - value) : strlen(value);
	f->plan_rel = arena_printf(r->a, "%.*s.xlsx", (int)stem, value);
	size_t tail = strlen(value) - stem; /* the extension, as long in the text as in value */
	add_edit(r, e - close - tail, e - close, ".xlsx");
	f->has_plan = true;
	char *dir = path_dir(r->a, f->plan_rel);
	r->last_dir = strcmp(dir, ".") ? arena_printf(r->a, "%s/", dir) : "";
}

/* The values that do not move with the year: file names (kept, and their files copied),
 * a unit's plan and pending, the ids of parts and units. Returns true when handled. */
static bool special_value(struct rewriter *r, const struct yaml_walk *w, const struct walk_frame *f,
			  struct unit_frame *u, const char *v, size_t s, size_t e,
			  yaml_scalar_style_t style)
{
	bool unit = f->parent_key && !strcmp(f->parent_key, "units");
	const char *k = f->key;
	if (unit && !strcmp(k, "plan")) {
		new_plan(r, u, v, e, style);
	} else if (unit && !strcmp(k, "pending")) {
		u->has_pending = true;
		if (strcmp(v, "yes"))
			add_edit(r, s, e, "yes");
	} else if (unit && !strcmp(k, "sheet")) {
		/* the workbook's plan sheet is its first: a sheet named for the old file would not
		 * be found. A unit written on one line keeps it (rare; check says so). */
		size_t ls = line_start(r, f->key_start), le = e;
		bool alone = !f->flow && strspn(r->src + ls, " ") == f->key_start - ls;
		while (le < r->len && r->src[le] != '\n')
			le++;
		if (alone)
			add_edit(r, ls, le < r->len ? le + 1 : le, "");
	} else if (!strcmp(k, "intro") || !strcmp(k, "goals") || !strcmp(k, "prose") ||
		   !strcmp(k, "logo")) {
		struct listed_file *lf = vec_push(r->a, &r->files, sizeof *lf);
		*lf = (struct listed_file){v, strcmp(k, "logo") != 0};
	} else if (!strcmp(k, "id") && w->depth > 1) {
		u->id = v;
	} else {
		return false;
	}
	if (!strcmp(k, "id") || !strcmp(k, "plan") || !strcmp(k, "pending"))
		u->anchor = e, u->anchor_col = f->key_col;
	return true;
}

static void on_scalar(struct yaml_walk *w, struct walk_frame *f, int i, const char *v, size_t s,
		      size_t e, const yaml_token_t *t)
{
	struct rewriter *r = w->ctx;
	if (f && f->map && w->role == WALK_KEY) {
		/* the planning calendar's events follow the cycle of the old year */
		if (!strcmp(v, "events") && f->parent_key && !strcmp(f->parent_key, "calendar"))
			add_edit(r, line_start(r, s), line_start(r, s),
				 arena_printf(r->a, "%*s# Dates moved on from the %d book by 'planbook "
						    "new': check each one.%s",
					      f->key_col, "", r->sh.from, r->eol));
		return;
	}
	if (!(f && f->map && w->role == WALK_VALUE && f->key &&
	      special_value(r, w, f, &r->frames[i], v, s, e, t->data.scalar.style)))
		shift_scalar(r, s, e, t->data.scalar.style);
	w->error = r->error;
}

/* A unit's mapping ends: its new plan is pending. The lines it lacks go after the last of
 * its id, plan and pending lines, at the same indentation; on one line, after the value. */
static void end_unit(struct rewriter *r, const struct walk_frame *w, struct unit_frame *f)
{
	if (!f->id)
		return;
	struct unit_plan *up = vec_push(r->a, &r->units, sizeof *up);
	up->id = f->id;
	up->rel = f->plan_rel ? f->plan_rel
			      : arena_printf(r->a, "%s%s.xlsx", r->last_dir ? r->last_dir : "", f->id);
	if (f->has_plan && f->has_pending)
		return;
	size_t at = f->anchor;
	int col = f->anchor_col;
	struct buf b = {0};
	if (w->flow) {
		if (!f->has_plan)
			buf_printf(&b, ", plan: %s", up->rel);
		if (!f->has_pending)
			buf_adds(&b, ", pending: yes");
		add_edit(r, at, at, buf_cstr(&b));
	} else {
		if (!f->has_plan)
			buf_printf(&b, "%*splan: %s%s", col, "", up->rel, r->eol);
		if (!f->has_pending)
			buf_printf(&b, "%*spending: yes%s", col, "", r->eol);
		insert_lines_after(r, at, buf_cstr(&b));
	}
	buf_free(&b);
}

static void on_open(struct yaml_walk *w, int i)
{
	struct rewriter *r = w->ctx;
	r->frames[i] = (struct unit_frame){0};
}

static void on_close(struct yaml_walk *w, struct walk_frame *f, int i)
{
	struct rewriter *r = w->ctx;
	if (f->map && f->parent_key && !strcmp(f->parent_key, "units"))
		end_unit(r, f, &r->frames[i]);
}

/* book.yaml moved on, into out; r keeps the units' new plans and the files to copy. */
static bool rewrite_manifest(struct rewriter *r, const char *path, struct buf *out)
{
	static const struct walk_calls calls = {on_open, on_scalar, on_close};
	r->eol = yaml_walk_eol(r->src, r->len);
	add_edit(r, r->bom, r->bom,
		 arena_printf(r->a, "# Started from the %d book by 'planbook new %d': every plan is "
				    "pending and every prose%s# page has a note to update it. The "
				    "comments are still those of the %d book.%s",
			      r->sh.from, r->sh.to, r->eol, r->sh.from, r->eol));
	struct yaml_walk w;
	if (!yaml_walk(&w, r->a, r->src, r->len, path, &calls, r))
		r->error = w.error;
	if (!r->error)
		apply_edits(r, out);
	return !r->error;
}

/* ---------------------------------------------------------------- the new folder */

static bool make_parents(struct arena *a, const char *root, const char *rel)
{
	char *dir = path_dir(a, path_join(a, root, rel));
	if (strlen(dir) <= strlen(root)) /* a file at the top */
		return true;
	for (char *p = dir + strlen(root) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(dir, 0777) != 0 && errno != EEXIST)
				return false;
			*p = '/';
		}
	return mkdir(dir, 0777) == 0 || errno == EEXIST;
}

static bool write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, n, f) == n;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, _("planbook: cannot write %s: %s\n"), path, strerror(errno));
	return ok;
}

/* A prose page with the note in its header block: a line that 'planbook check' reports and
 * the book never prints. An older note is replaced; a page without a header gets one. */
static void add_update_note(struct buf *out, const char *s, size_t n, int from, const char *eol)
{
	size_t bom = n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0, i = bom;
	buf_add(out, s, bom);
	const char *note = "update: \"copied from the %d book: update the text, then delete this line\"%s";
	bool header = n - i >= 3 && !memcmp(s + i, "---", 3) && (n - i == 3 || s[i + 3] == '\n' || s[i + 3] == '\r');
	if (!header) {
		buf_printf(out, "---%s", eol);
		buf_printf(out, note, from, eol);
		buf_printf(out, "---%s", eol);
		buf_add(out, s + i, n - i);
		return;
	}
	bool in_header = true;
	for (int line = 0; i < n; line++) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t l = e ? (size_t)(e - (s + i)) + 1 : n - i;
		if (line > 0 && l >= 3 && !memcmp(s + i, "---", 3))
			in_header = false;
		if (!(line > 0 && in_header && l >= 7 && !memcmp(s + i, "update:", 7)))
			buf_add(out, s + i, l);
		if (line == 0)
			buf_printf(out, note, from, eol);
		i += l;
	}
}

static bool copy_files(struct arena *a, const struct rewriter *r, const char *from,
		       const char *tmp)
{
	for (size_t i = 0; i < r->files.len; i++) {
		const struct listed_file *lf = &VEC_AT(&r->files, struct listed_file, i);
		if (!inside(a, lf->rel)) {
			fprintf(stderr, _("planbook: %s is outside %s: it is not copied, and book.yaml "
					  "still names it\n"), lf->rel, from);
			continue;
		}
		const char *src = path_join(a, from, lf->rel), *dst = path_join(a, tmp, lf->rel);
		struct buf in = {0}, out = {0};
		bool ok = file_read(src, &in);
		if (!ok)
			fprintf(stderr, _("planbook: cannot read %s: %s\n"), src, strerror(errno));
		if (ok && lf->prose)
			add_update_note(&out, in.data, in.len, r->sh.from, yaml_walk_eol(in.data, in.len));
		ok = ok && make_parents(a, tmp, lf->rel) &&
		     write_file(dst, lf->prose ? out.data : in.data, lf->prose ? out.len : in.len);
		buf_free(&in);
		buf_free(&out);
		if (!ok)
			return false;
	}
	return true;
}

/* Every unit's blank workbook where the new book.yaml names its plan, from the new book
 * itself, so that its title and lists are the new year's. The new book is read without a
 * word: its plans are the very files being written. */
static bool write_templates(struct arena *a, struct diag *d, const struct rewriter *r,
			    const char *tmp)
{
	FILE *null = fopen("/dev/null", "w");
	struct diag quiet = {.out = null};
	struct book *b = null ? manifest_read(a, &quiet, tmp) : NULL;
	if (null)
		fclose(null);
	if (!b) {
		fprintf(stderr, _("planbook: the new book.yaml cannot be read back (a fault of planbook)\n"));
		return false;
	}
	for (size_t i = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			struct unit u = b->parts[i].units[k];
			const char *rel = NULL;
			for (size_t j = 0; j < r->units.len && !rel; j++)
				if (!strcmp(VEC_AT(&r->units, struct unit_plan, j).id, u.id))
					rel = VEC_AT(&r->units, struct unit_plan, j).rel;
			const char *path = rel ? path_join(a, tmp, rel) : NULL;
			if (!path || file_exists(path)) /* a plan two units share is written once */
				continue;
			u.plan = NULL;
			if (!make_parents(a, tmp, rel) || !template_write(a, d, b, &u, path))
				return false;
		}
	return true;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* The target may be missing or an empty folder, which rename replaces. */
static bool target_free(const char *out)
{
	struct stat st;
	if (stat(out, &st) != 0)
		return errno == ENOENT;
	DIR *dp = S_ISDIR(st.st_mode) ? opendir(out) : NULL;
	if (!dp)
		return false;
	struct dirent *de;
	bool empty = true;
	while (empty && (de = readdir(dp)) != NULL)
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(dp);
	return empty;
}

/* input/2020 → input/2021: the folder of the year beside the source. */
static const char *default_target(struct arena *a, const char *from, int year)
{
	char *dir = arena_strdup(a, from);
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	char real[PATH_MAX];
	if ((!strcmp(base, ".") || !strcmp(base, "..")) && realpath(dir, real))
		dir = arena_strdup(a, real);
	return path_join(a, path_dir(a, dir), arena_printf(a, "%d", year));
}

/* Writes everything into a hidden folder beside the target, renamed to it at the end. */
static int write_folder(struct arena *a, struct diag *d, struct rewriter *r, const char *from,
			const char *out, const struct buf *manifest)
{
	const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	char *tmp = path_join(a, path_dir(a, out), arena_printf(a, ".%s.new-XXXXXX", base));
	if (!mkdtemp(tmp)) {
		fprintf(stderr, _("planbook: cannot create a folder beside %s: %s\n"), out, strerror(errno));
		return 2;
	}
	mode_t mask = umask(0);
	umask(mask);
	chmod(tmp, 0777 & ~mask); /* mkdtemp's folder is private; the book's is not */
	bool ok = write_file(path_join(a, tmp, "book.yaml"), manifest->data, manifest->len) &&
		  copy_files(a, r, from, tmp) && write_templates(a, d, r, tmp);
	if (ok && rename(tmp, out) != 0) {
		fprintf(stderr, _("planbook: cannot rename %s to %s: %s\n"), tmp, out, strerror(errno));
		ok = false;
	}
	if (!ok) {
		nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		fprintf(stderr, _("planbook: nothing was written\n"));
	}
	return ok ? 0 : 2;
}

int new_year_write(struct arena *a, struct diag *d, const char *from, int year, const char *out)
{
	const char *path = path_join(a, from, "book.yaml");
	struct ynode *root = yaml_load(a, d, path);
	double old = 0;
	const char *heb = NULL;
	if (!root || root->kind != Y_MAP || !yaml_num(d, root, "year", true, &old) ||
	    !yaml_str(d, root, "hebrew-year", false, &heb)) {
		fprintf(stderr, _("planbook: %s cannot be used; nothing was written\n"), path);
		return 1;
	}
	if (year < CAL_FIRST_YEAR || year > CAL_LAST_YEAR || year == (int)old) {
		fprintf(stderr, _("planbook: the new year must be from %d to %d, other than the "
				  "book's %d\n"), CAL_FIRST_YEAR, CAL_LAST_YEAR, (int)old);
		return 2;
	}
	if (!out)
		out = default_target(a, from, year);
	if (!target_free(out)) {
		fprintf(stderr, _("planbook: %s exists and is not empty; nothing was written (name "
				  "another folder with -o)\n"), out);
		return 2;
	}
	struct buf text = {0}, manifest = {0};
	if (!file_read(path, &text)) {
		fprintf(stderr, _("planbook: cannot read %s: %s\n"), path, strerror(errno));
		return 2;
	}
	struct rewriter r = {.a = a, .src = text.data, .len = text.len};
	r.bom = text.len >= 3 && !memcmp(text.data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	r.sh = (struct shift){.from = (int)old, .to = year};
	hebrew_years(a, &r.sh, heb);
	int status = rewrite_manifest(&r, path, &manifest) ? write_folder(a, d, &r, from, out, &manifest) : 1;
	if (r.error)
		fprintf(stderr, _("planbook: %s; nothing was written\n"), r.error);
	else if (status == 0)
		fprintf(stderr, _("planbook: wrote %s, the %d book: %s, %s copied from %s\n"), out, year,
			arena_printf(a, P_("%zu unit pending", "%zu units pending", r.units.len),
				     r.units.len),
			arena_printf(a, P_("%zu file", "%zu files", r.files.len), r.files.len), from);
	buf_free(&text);
	buf_free(&manifest);
	return status;
}
