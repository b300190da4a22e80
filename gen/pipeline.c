/* pipeline.c — the stages put together: read, check, lay out, write. What the command line
 * and the web server both run; each caller chooses where the messages go (p->msg) and gets
 * them counted (p->errors, p->warnings), and nothing here ends the process. */
#define _GNU_SOURCE /* open_memstream with -std=c11 */
#include "pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "read_manifest.h"
#include "render_pdf.h"
#include "style.h"
#include "text.h"
#include "validate.h"
#include "write_export.h"
#include "write_template.h"

#ifndef PB_LOCALEDIR
#define PB_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef PB_SERVERDIR
#define PB_SERVERDIR "/usr/local/lib/planbook"
#endif
#ifndef PB_DATADIR
#define PB_DATADIR "/usr/local/share/planbook"
#endif

static FILE *msg_of(const struct pipeline *p) { return p->msg ? p->msg : stderr; }
static FILE *out_of(const struct pipeline *p) { return p->out ? p->out : stdout; }

/* The folder that holds the running binary, or NULL. */
static char *exe_dir(struct arena *a)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	return path_dir(a, exe);
}

/* build/planbook → layouts/ (also from build/<variant>/planbook), or share/planbook. */
const char *pipeline_shipped_file(struct arena *a, const char *name)
{
	char *dir = exe_dir(a);
	/* the checkout's build/ and tests' build/x/; bin/ and lib/planbook/ once installed */
	const char *tries[] = {"..", "../..", "../share/planbook", "../../share/planbook"};
	for (size_t i = 0; dir && i < 4; i++) {
		char *p = path_join(a, path_join(a, dir, tries[i]), name);
		if (file_exists(p))
			return p;
	}
	return path_join(a, PB_DATADIR, name);
}

/* planbook-serve: beside the program in the checkout, in lib/planbook once installed. */
const char *pipeline_server_program(struct arena *a)
{
	char *dir = exe_dir(a);
	const char *tries[] = {"planbook-serve", "../lib/planbook/planbook-serve"};
	for (size_t i = 0; dir && i < 2; i++) {
		char *p = path_join(a, dir, tries[i]);
		if (file_exists(p))
			return p;
	}
	return PB_SERVERDIR "/planbook-serve";
}

/* build/locale beside the binary in the checkout (made by the Makefile from po/),
 * share/locale once installed. */
const char *pipeline_locale_dir(struct arena *a)
{
	char *dir = exe_dir(a);
	const char *tries[] = {"locale", "../share/locale", "../../share/locale"};
	for (size_t i = 0; dir && i < 3; i++) {
		char *p = path_join(a, dir, tries[i]);
		if (file_exists(path_join(a, p, "he/LC_MESSAGES/planbook.mo")))
			return p;
	}
	return PB_LOCALEDIR;
}

/* The text engine sets up its line breaking tables once, on the first engine made: made
 * here before any thread, so that two first engines never race. */
void pipeline_init(void)
{
	tx_free(tx_new());
}

/* The pages of a unit or part in the book, as printed numbers "first-last". */
static void print_range(FILE *out, const struct layout *L, const char *id)
{
	for (size_t i = 0; i < L->ranges.len; i++) {
		const struct page_range *r = &VEC_AT(&L->ranges, struct page_range, i);
		if (!strcmp(r->id, id)) {
			fprintf(out, "\t%zu-%zu", r->first + 1, r->last + 1);
			return;
		}
	}
	fputs("\t-", out);
}

/* One line per administration and unit: id, kind, name, pages in the book (TSV). */
static void list_units(FILE *out, const struct book *b, const struct layout *L)
{
	for (size_t i = 0; i < b->nparts; i++) {
		const struct part *p = &b->parts[i];
		fprintf(out, "%s\t%s\t%s", p->id, p->nunits ? "administration" : "part", p->title);
		print_range(out, L, p->id);
		fputc('\n', out);
		for (size_t k = 0; k < p->nunits; k++) {
			/* units that share one contents entry are told apart by their own names */
			const struct unit *u = &p->units[k];
			bool shared = (k > 0 && !strcmp(p->units[k - 1].toc, u->toc)) ||
				      (k + 1 < p->nunits && !strcmp(p->units[k + 1].toc, u->toc));
			fprintf(out, "%s\t%s\t%s", u->id, u->pending ? "unit (pending)" : "unit",
				shared ? u->name : u->toc);
			print_range(out, L, u->id);
			fputc('\n', out);
		}
	}
}

static bool selection_exists(const struct book *b, const struct selection *sel)
{
	if (!sel->unit && !sel->part)
		return true;
	for (size_t i = 0; i < b->nparts; i++) {
		if (sel->part && !strcmp(b->parts[i].id, sel->part))
			return true;
		for (size_t k = 0; sel->unit && k < b->parts[i].nunits; k++)
			if (!strcmp(b->parts[i].units[k].id, sel->unit))
				return true;
	}
	return false;
}

/* --split: the whole book, and a PDF of every administration and every unit, from one
 * layout. Each page goes to the book's writer and to those of its administration and
 * unit, which are opened when their first page comes and closed after their last. Each
 * writer takes what layout_selected gives for its part or unit alone, so that a file is
 * the one --section or --unit writes: its title page, without the divider. */
struct split {
	struct arena *a;
	struct diag *d;
	const struct tx_engine *e;
	const char *dir, *base; /* files are DIR/<base>-<id>.pdf, as --unit names them */
	struct renderer *book, *part, *unit;
	const char *part_id, *unit_id;
	bool failed;
};

static void split_close(struct split *sp, struct renderer **r, const char **id,
			const struct layout *L)
{
	if (!*r)
		return;
	const char *path = arena_printf(sp->a, "%s/%s-%s.pdf", sp->dir, sp->base, *id);
	if (!render_close(*r, L, sp->d, path))
		sp->failed = true;
	*r = NULL;
	*id = NULL;
}

static void split_route(struct split *sp, struct layout *L, struct renderer **r, const char **id,
			const char *want)
{
	if (*id && want && !strcmp(*id, want))
		return;
	split_close(sp, r, id, L);
	if (want) {
		*r = render_open(sp->e, false);
		*id = want;
	}
}

/* Hands the page pg to r as printing the part or unit alone would (sel). */
static void split_one(struct layout *L, struct renderer *r, const struct page *pg,
		      struct selection sel)
{
	if (!r)
		return;
	struct vec one = {0};
	*(struct page *)vec_push(L->a, &one, sizeof *pg) = *pg;
	struct selection whole = L->select;
	L->pages = one;
	L->select = sel;
	render_pages(L, r);
	L->select = whole;
}

static void split_sink(struct layout *L, void *ctx)
{
	struct split *sp = ctx;
	struct vec all = L->pages;
	render_pages(L, sp->book);
	for (size_t i = 0; i < all.len; i++) {
		const struct page *pg = &VEC_AT(&all, struct page, i);
		struct selection sel = L->select;
		split_route(sp, L, &sp->part, &sp->part_id, pg->part);
		sel.part = pg->part;
		sel.unit = NULL;
		split_one(L, sp->part, pg, sel);
		split_route(sp, L, &sp->unit, &sp->unit_id, pg->unit);
		sel.part = NULL;
		sel.unit = pg->unit;
		split_one(L, sp->unit, pg, sel);
	}
	L->pages = all;
}

static void split_fill(struct layout *L, void *ctx)
{
	render_fill(L, ((struct split *)ctx)->book);
}

static int build_split(struct arena *a, struct diag *d, struct tx_engine *e,
		       const struct style *style, const struct book *book, const char *dir,
		       const struct selection *sel, const char *name)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(d->out, _("planbook: cannot create %s: %s\n"), dir, strerror(errno));
		return PB_USAGE;
	}
	struct split sp = {a, d, e, dir, name, render_open(e, false), NULL, NULL, NULL, NULL, false};
	struct layout L;
	layout_book(a, d, e, style, book, &L, split_sink, split_fill, &sp, sel);
	split_close(&sp, &sp.part, &sp.part_id, &L);
	split_close(&sp, &sp.unit, &sp.unit_id, &L);
	const char *path = arena_printf(a, "%s/%s.pdf", dir, name);
	if (!render_close(sp.book, &L, d, path) || sp.failed)
		return PB_USAGE;
	fprintf(d->out, _("planbook: wrote %s and every administration and unit in %s\n"), path, dir);
	return PB_OK;
}

/* Creates the folder that will hold path, if missing (for the default out/). */
static bool ensure_parent(struct arena *a, const char *path)
{
	char *dir = path_dir(a, path);
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode);
	return mkdir(dir, 0777) == 0;
}

/* The period named by --measurement, or -1 after saying which periods there are. */
static int find_period(FILE *msg, const struct book *b, const char *id)
{
	int period = measurement_period(&b->measurement, id);
	if (period >= 0)
		return period;
	struct buf ids = {0};
	for (size_t i = 0; i < b->measurement.nperiods; i++)
		buf_printf(&ids, "%s%s (%s)", i ? ", " : "", b->measurement.periods[i].id,
			   b->measurement.periods[i].name);
	fprintf(msg, _("planbook: there is no measurement period '%s'; the periods: %s\n"), id,
		buf_cstr(&ids));
	buf_free(&ids);
	return -1;
}

/* --measurement PERIOD: with check, the period's checks after the book's; with build,
 * dump and list, the period's booklet instead of the book. */
static bool check_period(struct arena *a, struct diag *d, const struct book *b,
			 const struct pipeline *p, const char *command, struct selection *sel)
{
	int period = find_period(d->out, b, p->measurement);
	if (period < 0)
		return false;
	if (strcmp(command, "check")) {
		sel->booklet = true;
		sel->period = (size_t)period;
		booklet_inputs(d, b, (size_t)period);
		return true;
	}
	validate_period(a, d, b, (size_t)period);
	return true;
}

static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* After the layout: whether the unit or administration asked for has pages; if not,
 * says so at its place in book.yaml. */
static bool selection_has_pages(struct diag *d, const struct book *b, const struct layout *L,
				const struct selection *sel)
{
	const char *id = sel->unit ? sel->unit : sel->part;
	if (!id || sel->calendar)
		return true;
	for (size_t i = 0; i < L->ranges.len; i++)
		if (!strcmp(VEC_AT(&L->ranges, struct page_range, i).id, id))
			return true;
	for (size_t i = 0; i < b->nparts; i++) {
		const struct part *p = &b->parts[i];
		if (sel->part && !strcmp(p->id, id)) {
			diag_report(d, D_SECTION_EMPTY, p->at.file, p->at.line, p->at.col, p->title);
			return false;
		}
		for (size_t k = 0; sel->unit && k < p->nunits; k++) {
			const struct unit *u = &p->units[k];
			if (!strcmp(u->id, id)) {
				diag_report(d, D_SECTION_EMPTY, u->at.file, u->at.line, u->at.col, u->toc);
				return false;
			}
		}
	}
	return false;
}

/* Lays the book out into one PDF at out. */
static int build_one(struct arena *a, struct diag *d, struct tx_engine *e,
		     const struct style *style, const struct book *book, const struct pipeline *p,
		     const struct selection *sel, const char *out)
{
	struct renderer *r = render_open(e, true);
	if (!r) {
		fprintf(d->out, _("planbook: out of memory\n"));
		return PB_USAGE;
	}
	struct layout L;
	bool laid = layout_book(a, d, e, style, book, &L, render_pages, render_fill, r, sel);
	if (!laid || layout_page_count(&L) == 0 || !selection_has_pages(d, book, &L, sel)) {
		if (laid && layout_page_count(&L) == 0)
			fprintf(d->out, _("planbook: %s: the book has no pages to print\n"), p->input);
		render_abort(r);
		return PB_INVALID;
	}
	if (!render_close(r, &L, d, out))
		return PB_USAGE;
	fprintf(d->out, _("planbook: wrote %s\n"), out);
	return PB_OK;
}

/* What to do once the book has been read and checked without errors. */
static int after_check(struct arena *a, struct diag *d, struct tx_engine *e,
		       const struct style *style, const struct book *book, struct pipeline *p,
		       const char *command, const struct selection *sel)
{
	FILE *msg = d->out;
	if (!selection_exists(book, sel)) {
		fprintf(msg, _("planbook: %s: no %s with the id '%s' (planbook list shows them)\n"),
			p->input, sel->unit ? _("unit") : _("administration"),
			sel->unit ? sel->unit : sel->part);
		return PB_USAGE;
	}
	if (sel->calendar && !book->calendar.present) {
		fprintf(msg, _("planbook: %s: book.yaml has no calendar: block, so the book has no "
			       "planning calendar to print\n"), p->input);
		return PB_USAGE;
	}
	struct layout L;
	if (!strcmp(command, "list")) {
		layout_book(a, d, e, style, book, &L, NULL, NULL, NULL, NULL);
		list_units(out_of(p), book, &L);
		return PB_OK;
	}
	if (!strcmp(command, "dump")) {
		layout_book(a, d, e, style, book, &L, layout_dump_pages, layout_dump_pages,
			    out_of(p), sel);
		layout_dump_outline(&L, out_of(p));
		return PB_OK;
	}
	/* the booklet's files are named after the book's, with the period */
	const char *base = sel->booklet ? arena_printf(a, "%s-measurement-%s", book->id,
						       book->measurement.periods[sel->period].id)
					: book->id;
	if (p->split)
		return build_split(a, d, e, style, book, p->split, sel, base);
	const char *name = sel->calendar ? arena_printf(a, "%s-calendar", base)
			   : sel->unit   ? arena_printf(a, "%s-%s", base, sel->unit)
			   : sel->part   ? arena_printf(a, "%s-%s", base, sel->part)
					 : base;
	const char *out = p->output ? p->output : arena_printf(a, "out/%s.pdf", name);
	if (!p->output && !ensure_parent(a, out)) {
		fprintf(msg, _("planbook: cannot create the folder for %s: %s\n"), out, strerror(errno));
		return PB_USAGE;
	}
	int status = build_one(a, d, e, style, book, p, sel, out);
	if (status == PB_OK)
		p->written = out;
	return status;
}

/* The folder of the fonts planbook comes with, where a layout's fonts are looked for when
 * they are not beside it; without "build/.." as messages name it. */
static const char *shipped_fonts(struct arena *a)
{
	const char *fonts = path_dir(a, pipeline_shipped_file(a, "fonts/LiberationSans-Regular.ttf"));
	char *real = realpath(fonts, NULL);
	if (real) {
		fonts = arena_strdup(a, real);
		free(real);
	}
	return fonts;
}

/* "1 error", "2 errors"; "1 warning", "2 warnings", in the user's language. */
static const char *errors_text(struct arena *a, int n)
{
	return arena_printf(a, P_("%d error", "%d errors", (unsigned long)n), n);
}

static const char *warnings_text(struct arena *a, int n)
{
	return arena_printf(a, P_("%d warning", "%d warnings", (unsigned long)n), n);
}

/* Reads, checks, then lays out and writes as the command asks. */
static int run_book(struct arena *a, struct diag *d, struct tx_engine *e, struct pipeline *p,
		    const char *command)
{
	FILE *msg = d->out;
	struct style style;
	if (!is_folder(p->input)) {
		fprintf(msg, _("planbook: %s: not a folder of plan data\n"), p->input);
		return PB_USAGE;
	}
	const char *layout = p->layout ? p->layout : pipeline_shipped_file(a, "layouts/book.yaml");
	if (!style_load(a, d, e, layout, shipped_fonts(a), &style))
		return d->errors ? PB_USAGE : PB_INVALID;
	struct book *book = manifest_read(a, d, p->input);
	if (book) {
		validate_book(a, d, book);
		style_check_titles(a, d, &style, book);
	}
	struct selection sel = p->select;
	if (book && p->measurement && !check_period(a, d, book, p, command, &sel))
		return PB_USAGE;
	if (!strcmp(command, "check")) {
		fprintf(msg, "%s: %s, %s\n", p->input, errors_text(a, d->errors),
			warnings_text(a, d->warnings));
		return diag_failed(d) || !book ? PB_INVALID : PB_OK;
	}
	if (!book || diag_failed(d)) {
		fprintf(msg, P_("planbook: %s has %d error; no book was written\n",
				"planbook: %s has %d errors; no book was written\n", (unsigned long)d->errors),
			p->input, d->errors);
		return PB_INVALID;
	}
	return after_check(a, d, e, &style, book, p, command, &sel);
}

int pipeline_run(struct arena *keep, struct pipeline *p, const char *command)
{
	struct arena a = {0};
	struct diag d = {.out = msg_of(p), .strict = p->strict};
	struct tx_engine *e = tx_new();
	p->written = NULL;
	d.quiet_warnings = p->quiet_warnings;
	int status = run_book(&a, &d, e, p, command);
	/* the warnings kept quiet, in one line that says where to see them */
	if (p->quiet_warnings && d.warnings > 0)
		fprintf(d.out, _("%s in %s (planbook check %s lists them)\n"),
			warnings_text(&a, d.warnings), p->input, p->input);
	if (p->written)
		p->written = arena_strdup(keep, p->written);
	p->errors = d.errors;
	p->warnings = d.warnings;
	tx_free(e);
	arena_free(&a);
	return status;
}

/* ---------------------------------------------------------------- template */

/* The file of one unit's workbook. */
static const char *template_path(struct arena *a, FILE *msg, const struct book *b,
				 const struct unit *u, const char *all, const char *output)
{
	if (all)
		return arena_printf(a, "%s/%s-%s.xlsx", all, b->id, u->id);
	if (output)
		return output;
	const char *out = arena_printf(a, "out/%s-%s.xlsx", b->id, u->id);
	if (ensure_parent(a, out))
		return out;
	fprintf(msg, _("planbook: cannot create the folder for %s: %s\n"), out, strerror(errno));
	return NULL;
}

/* Only the manifest must read: a plan with errors still gets its workbook, with what could
 * be read of it, so that it can be mended there. */
int pipeline_template(struct pipeline *p, const char *unit, const char *all)
{
	FILE *msg = msg_of(p);
	if (!is_folder(p->input)) {
		fprintf(msg, _("planbook: %s: not a folder of plan data\n"), p->input);
		return PB_USAGE;
	}
	if (all && mkdir(all, 0777) != 0 && errno != EEXIST) {
		fprintf(msg, _("planbook: cannot create %s: %s\n"), all, strerror(errno));
		return PB_USAGE;
	}
	struct arena a = {0};
	struct diag d = {.out = msg};
	struct manifest_options only = {unit};
	struct book *book = manifest_read_with(&a, &d, p->input, unit && p->one_plan ? &only : NULL);
	int status = book ? PB_OK : PB_INVALID, input_errors = d.errors, written = 0;
	const char *last = NULL;
	for (size_t i = 0; book && i < book->nparts; i++)
		for (size_t k = 0; k < book->parts[i].nunits; k++) {
			const struct unit *u = &book->parts[i].units[k];
			if (unit && strcmp(u->id, unit) != 0)
				continue;
			if (!u->pending && (!u->plan || !u->plan->ngoals))
				fprintf(msg, _("planbook: %s: no rows of its plan could be read; its "
					       "workbook has the header row only\n"), u->id);
			const char *path = template_path(&a, msg, book, u, all, p->output);
			if (path && template_write(&a, &d, book, u, path))
				written++, last = path;
			else
				status = PB_USAGE;
		}
	if (!book)
		fprintf(msg, _("planbook: %s: book.yaml cannot be used; no workbook was written\n"),
			p->input);
	else if (unit && !written && !status) {
		fprintf(msg, _("planbook: %s: no unit with the id '%s' (planbook list shows them)\n"),
			p->input, unit);
		status = PB_USAGE;
	} else if (written) {
		if (input_errors)
			fprintf(msg, P_("planbook: %s has %d error (above); the workbooks hold what "
					"could be read\n",
					"planbook: %s has %d errors (above); the workbooks hold what "
					"could be read\n", (unsigned long)input_errors),
				p->input, input_errors);
		if (all)
			fprintf(msg, P_("planbook: %s: wrote %d workbook\n",
					"planbook: %s: wrote %d workbooks\n", (unsigned long)written),
				all, written);
		else
			fprintf(msg, _("planbook: wrote %s\n"), last);
	}
	p->errors = d.errors;
	p->warnings = d.warnings;
	arena_free(&a);
	return status;
}

/* ---------------------------------------------------------------- export */

/* Like build, nothing is written from input with errors: a table for counting must not
 * silently lack lines. */
int pipeline_export(struct pipeline *p)
{
	FILE *msg = msg_of(p);
	if (!is_folder(p->input)) {
		fprintf(msg, _("planbook: %s: not a folder of plan data\n"), p->input);
		return PB_USAGE;
	}
	struct arena a = {0};
	struct diag d = {.out = msg};
	struct book *book = manifest_read(&a, &d, p->input);
	if (book)
		validate_book(&a, &d, book);
	int period = book && p->measurement ? find_period(msg, book, p->measurement) : -1, status;
	const char *out = p->output;
	size_t rows;
	if (book && p->measurement && period < 0) {
		status = PB_USAGE;
	} else if (!book || diag_failed(&d)) {
		fprintf(msg, P_("planbook: %s has %d error; nothing was exported\n",
				"planbook: %s has %d errors; nothing was exported\n", (unsigned long)d.errors),
			p->input, d.errors);
		status = PB_INVALID;
	} else if (!out && !ensure_parent(&a, out = arena_printf(&a, "out/%s-export.csv", book->id))) {
		fprintf(msg, _("planbook: cannot create the folder for %s: %s\n"), out, strerror(errno));
		status = PB_USAGE;
	} else if (!export_write(&a, &d, book, period, out, &rows)) {
		status = PB_USAGE;
	} else {
		fprintf(msg, P_("planbook: wrote %s (%zu metric line)\n",
				"planbook: wrote %s (%zu metric lines)\n", rows), out, rows);
		status = PB_OK;
	}
	p->errors = d.errors;
	p->warnings = d.warnings;
	arena_free(&a);
	return status;
}

/* ---------------------------------------------------------------- one unit at a time */

/* The plan's metric lines, and per period those with a status the book knows. */
static size_t count_lines(const struct book *b, const struct plan *plan, size_t *reported,
			  size_t nreported)
{
	size_t lines = 0;
	for (size_t g = 0; plan && g < plan->ngoals; g++)
		for (size_t t = 0; t < plan->goals[g].ngroups; t++)
			for (size_t l = 0; l < plan->goals[g].groups[t].nlines; l++) {
				const struct metric_line *ml = &plan->goals[g].groups[t].lines[l];
				lines++;
				for (size_t p = 0; ml->results && p < b->measurement.nperiods &&
						   p < nreported; p++)
					reported[p] += ml->results[p].status_index >= 0;
			}
	return lines;
}

static struct unit *find_unit(struct book *b, const char *id)
{
	for (size_t i = 0; i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++)
			if (!strcmp(b->parts[i].units[k].id, id))
				return &b->parts[i].units[k];
	return NULL;
}

/* The book with no plan read; its own messages (prose, book.yaml) to book_msg. */
static struct book *read_book_alone(struct arena *a, const char *input, FILE *book_msg)
{
	FILE *sink = book_msg ? NULL : fopen("/dev/null", "w");
	struct diag d = {.out = book_msg ? book_msg : sink ? sink : stderr};
	struct manifest_options none = {""};
	struct book *b = is_folder(input) ? manifest_read_with(a, &d, input, &none) : NULL;
	if (!is_folder(input))
		fprintf(d.out, _("planbook: %s: not a folder of plan data\n"), input);
	if (sink)
		fclose(sink);
	return b;
}

/* Reads and checks u's plan, with its messages to d. */
static void check_one_plan(struct arena *a, struct diag *d, const struct book *b, struct unit *u)
{
	if (u->plan_path)
		plan_read_unit(a, d, b, u);
	if (u->plan)
		validate_plan(d, b, u->plan);
	else if (u->pending)
		diag_report(d, D_UNIT_PENDING, u->at.file, u->at.line, u->at.col, u->toc);
}

int pipeline_check_unit(struct unit_check *c)
{
	struct arena a = {0};
	FILE *msg = c->msg ? c->msg : stderr;
	c->found = false;
	c->errors = c->warnings = 0;
	c->lines = 0;
	memset(c->reported, 0, sizeof c->reported);
	struct book *b = read_book_alone(&a, c->input, c->book_msg);
	struct unit *u = b ? find_unit(b, c->unit) : NULL;
	if (!u) {
		arena_free(&a);
		return PB_USAGE;
	}
	c->found = true;
	c->nperiods = b->measurement.nperiods;
	if (c->plan_file) {
		/* an upload: read as the plan, and a plan with no rows is no plan */
		u->plan_path = c->plan_file;
		u->pending = false;
	}
	struct diag d = {.out = msg, .rename_path = c->plan_file, .rename_as = c->shown_as};
	check_one_plan(&a, &d, b, u);
	c->lines = count_lines(b, u->plan, c->reported, sizeof c->reported / sizeof c->reported[0]);
	c->errors = d.errors;
	c->warnings = d.warnings;
	arena_free(&a);
	return d.errors ? PB_INVALID : PB_OK;
}

bool pipeline_each_unit(const char *input, FILE *msg,
			bool (*wanted)(void *ctx, const struct book *b, const struct unit *u),
			void (*fn)(void *ctx, const struct book *b, const struct unit_state *s),
			void *ctx)
{
	struct arena a = {0};
	struct book *b = read_book_alone(&a, input, msg);
	for (size_t i = 0; b && i < b->nparts; i++)
		for (size_t k = 0; k < b->parts[i].nunits; k++) {
			struct unit *u = &b->parts[i].units[k];
			struct unit_state s = {&b->parts[i], u, NULL, 0, 0, 0, {0}};
			if (wanted && !wanted(ctx, b, u)) {
				fn(ctx, b, &s); /* known already: not checked again */
				continue;
			}
			char *text = NULL;
			size_t len = 0;
			FILE *out = open_memstream(&text, &len);
			struct diag d = {.out = out ? out : stderr};
			check_one_plan(&a, &d, b, u);
			if (out)
				fclose(out);
			s.messages = text ? text : "";
			s.errors = d.errors;
			s.warnings = d.warnings;
			s.lines = count_lines(b, u->plan, s.reported,
					      sizeof s.reported / sizeof s.reported[0]);
			fn(ctx, b, &s);
			free(text);
		}
	bool ok = b != NULL;
	arena_free(&a);
	return ok;
}

struct book *pipeline_manifest(struct arena *a, const char *input, FILE *msg)
{
	return read_book_alone(a, input, msg);
}
