/* main.c — the command line: planbook build | check | dump | list | template | export | new. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "diag.h"
#include "layout.h"
#include "new_year.h"
#include "read_manifest.h"
#include "render_pdf.h"
#include "style.h"
#include "text.h"
#include "validate.h"
#include "write_export.h"
#include "write_template.h"

#ifndef PB_VERSION
#define PB_VERSION "0.1"
#endif
#ifndef PB_LOCALEDIR
#define PB_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef PB_DATADIR
#define PB_DATADIR "/usr/local/share/planbook"
#endif

enum { EXIT_INVALID = 1, EXIT_USAGE = 2 };

static const char usage_text[] = N_(
	"usage: planbook build [-o FILE] [--layout FILE] [--strict] [--measurement PERIOD]\n"
	"                      [--unit ID | --section ID | --calendar-only] [--renumber]\n"
	"                      [--split DIR] INPUT_DIR\n"
	"       planbook check [--layout FILE] [--strict] [--measurement PERIOD] INPUT_DIR\n"
	"       planbook list  INPUT_DIR\n"
	"       planbook calendar --year YEAR --dump\n"
	"       planbook dump  [--layout FILE] INPUT_DIR\n"
	"       planbook template --unit ID [-o FILE] INPUT_DIR | --all DIR INPUT_DIR\n"
	"       planbook export [--measurement PERIOD] [-o FILE.csv|FILE.xlsx] INPUT_DIR\n"
	"       planbook new YEAR --from INPUT_DIR [-o DIR]\n"
	"       planbook --help | --version\n");

static const char help_text[] = N_(
	"planbook turns a folder of plan data (book.yaml, Markdown prose, CSV plans) into the\n"
	"printed work-plan book, as a PDF.\n\n"
	"commands:\n"
	"  build   check the input, then write the book (default: out/<book id>.pdf)\n"
	"  check   check the input and list every problem found; write nothing\n"
	"  list    list the administrations and units with their ids (for --unit)\n"
	"  calendar --year Y --dump\n"
	"          print the civil days of a year with their Hebrew dates and holidays\n"
	"  dump    print the laid-out pages as text (every page and box)\n"
	"  template --unit ID [-o FILE] | --all DIR\n"
	"          write a unit's plan as an Excel workbook for its department to fill in\n"
	"          (default: out/<book id>-<unit id>.xlsx); --all writes every unit's into DIR\n"
	"  export [--measurement PERIOD] [-o FILE.csv|FILE.xlsx]\n"
	"          write every metric line as a row, with its unit, goal, target, results,\n"
	"          statuses and CEO flag, for pivot tables (default: out/<book id>-export.csv);\n"
	"          --measurement keeps the columns of one period only\n"
	"  new YEAR --from INPUT_DIR [-o DIR]\n"
	"          start the book of YEAR from this one: the manifest moved on, every plan\n"
	"          pending with a blank workbook, the prose pages copied with a note to update\n"
	"          them (default: the folder YEAR beside INPUT_DIR)\n\n"
	"options:\n"
	"  -o, --output FILE   where to write the PDF\n"
	"  -l, --layout FILE   the layout file (default: layouts/book.yaml)\n"
	"  -s, --strict        treat warnings as errors\n"
	"      --measurement PERIOD\n"
	"                      with check: the results of a measurement period (h1, year):\n"
	"                      the lines not reported, per unit, and the statuses that\n"
	"                      lack a result or an explanation; with build: the period's\n"
	"                      measurement booklet (default:\n"
	"                      out/<book id>-measurement-<period>.pdf)\n"
	"  -u, --unit ID       print only this unit's pages, with a title page\n"
	"  -S, --section ID    print only this administration's pages, with a title page\n"
	"      --calendar-only print only the planning calendar (default name:\n"
	"                      out/<book id>-calendar.pdf)\n"
	"  -r, --renumber      number a unit's or section's pages from 1 (default: as in\n"
	"                      the whole book)\n"
	"      --split DIR     write the whole book and a PDF of every administration and\n"
	"                      unit into DIR, named by their ids\n"
	"  -h, --help          show this help\n"
	"  -V, --version       show the version\n"
	"      --lang he|en    the language of the messages (default: from LANG,\n"
	"                      LC_ALL or LANGUAGE; Hebrew when they name it)\n\n"
	"exit status: 0 done, 1 the input has errors, 2 wrong usage or a file cannot be\n"
	"read or written.\n");

struct options {
	const char *command;
	const char *input;
	const char *output;
	const char *layout;
	const char *split;
	int year;
	bool dump;
	struct selection select;
	bool strict;
	const char *measurement; /* --measurement PERIOD */
};

/* A file shipped with the program: in the checkout that holds the binary (build/planbook
 * → layouts/, also from build/<variant>/planbook), under share/planbook once installed,
 * else in the compiled-in data folder. */
static const char *shipped_file(struct arena *a, const char *name)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = path_dir(a, exe);
		const char *tries[] = {"..", "../..", "../share/planbook"};
		for (size_t i = 0; i < 3; i++) {
			char *p = path_join(a, path_join(a, dir, tries[i]), name);
			if (file_exists(p))
				return p;
		}
	}
	return path_join(a, PB_DATADIR, name);
}

static const char *default_layout(struct arena *a)
{
	return shipped_file(a, "layouts/book.yaml");
}

/* The message catalogues: build/locale beside the binary in the checkout (made by the
 * Makefile from po/), share/locale once installed. */
static const char *locale_dir(struct arena *a)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = path_dir(a, exe);
		const char *tries[] = {"locale", "../share/locale"};
		for (size_t i = 0; i < 2; i++) {
			char *p = path_join(a, dir, tries[i]);
			if (file_exists(path_join(a, p, "he/LC_MESSAGES/planbook.mo")))
				return p;
		}
	}
	return PB_LOCALEDIR;
}

/* --lang he|en, accepted by every command: taken out of argv before the command reads its
 * options. Without it the environment chooses (diag_language). */
static int take_language(int argc, char **argv, const char **lang)
{
	int w = 0;
	for (int r = 0; r < argc; r++) {
		if (!strcmp(argv[r], "--lang") && r + 1 < argc) {
			*lang = argv[++r];
			continue;
		}
		if (!strncmp(argv[r], "--lang=", 7)) {
			*lang = argv[r] + 7;
			continue;
		}
		argv[w++] = argv[r];
	}
	argv[w] = NULL;
	return w;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"layout", required_argument, NULL, 'l'},
		{"strict", no_argument, NULL, 's'},       {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},      {"unit", required_argument, NULL, 'u'},
		{"section", required_argument, NULL, 'S'}, {"renumber", no_argument, NULL, 'r'},
		{"split", required_argument, NULL, 'P'},  {"year", required_argument, NULL, 'Y'},
		{"dump", no_argument, NULL, 'D'},         {"calendar-only", no_argument, NULL, 'C'},
		{"measurement", required_argument, NULL, 'M'},
		{NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "+o:l:shVu:S:r", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o->select.unit = optarg;
			break;
		case 'S':
			o->select.part = optarg;
			break;
		case 'M':
			o->measurement = optarg;
			break;
		case 'C':
			o->select.calendar = true;
			break;
		case 'r':
			o->select.renumber = true;
			break;
		case 'P':
			o->split = optarg;
			break;
		case 'Y':
			o->year = atoi(optarg);
			break;
		case 'D':
			o->dump = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'l':
			o->layout = optarg;
			break;
		case 's':
			o->strict = true;
			break;
		case 'h':
			fputs(_(usage_text), stdout);
			fputs("\n", stdout);
			fputs(_(help_text), stdout);
			exit(0);
		case 'V':
			printf("planbook %s\n", PB_VERSION);
			exit(0);
		default:
			fputs(_(usage_text), stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* The pages of a unit or part in the book, as printed numbers "first-last". */
static void print_range(const struct layout *L, const char *id)
{
	for (size_t i = 0; i < L->ranges.len; i++) {
		const struct page_range *r = &VEC_AT(&L->ranges, struct page_range, i);
		if (!strcmp(r->id, id)) {
			printf("\t%zu-%zu", r->first + 1, r->last + 1);
			return;
		}
	}
	printf("\t-");
}

/* One line per administration and unit: id, kind, name, pages in the book (TSV). */
static void list_units(const struct book *b, const struct layout *L)
{
	for (size_t i = 0; i < b->nparts; i++) {
		const struct part *p = &b->parts[i];
		printf("%s\t%s\t%s", p->id, p->nunits ? "administration" : "part", p->title);
		print_range(L, p->id);
		putchar('\n');
		for (size_t k = 0; k < p->nunits; k++) {
			/* units that share one contents entry are told apart by their own names */
			const struct unit *u = &p->units[k];
			bool shared = (k > 0 && !strcmp(p->units[k - 1].toc, u->toc)) ||
				      (k + 1 < p->nunits && !strcmp(p->units[k + 1].toc, u->toc));
			printf("%s\t%s\t%s", u->id, u->pending ? "unit (pending)" : "unit",
			       shared ? u->name : u->toc);
			print_range(L, u->id);
			putchar('\n');
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
 * unit, which are opened when their first page comes and closed after their last. */
struct split {
	struct arena *a;
	struct diag *d;
	const struct tx_engine *e;
	const char *dir;
	struct renderer *book, *part, *unit;
	const char *part_id, *unit_id;
	bool failed;
};

static void split_close(struct split *sp, struct renderer **r, const char **id,
			const struct layout *L)
{
	if (!*r)
		return;
	const char *path = arena_printf(sp->a, "%s/%s.pdf", sp->dir, *id);
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

static void split_sink(struct layout *L, void *ctx)
{
	struct split *sp = ctx;
	render_pages(L, sp->book);
	for (size_t i = 0; i < L->pages.len; i++) {
		struct vec one = {0};
		struct page *pg = &VEC_AT(&L->pages, struct page, i);
		*(struct page *)vec_push(L->a, &one, sizeof *pg) = *pg;
		struct vec all = L->pages;
		L->pages = one;
		split_route(sp, L, &sp->part, &sp->part_id, pg->part);
		if (sp->part)
			render_pages(L, sp->part);
		split_route(sp, L, &sp->unit, &sp->unit_id, pg->unit);
		if (sp->unit)
			render_pages(L, sp->unit);
		L->pages = all;
	}
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
		fprintf(stderr, _("planbook: cannot create %s: %s\n"), dir, strerror(errno));
		return EXIT_USAGE;
	}
	struct split sp = {a, d, e, dir, render_open(e, false), NULL, NULL, NULL, NULL, false};
	struct layout L;
	layout_book(a, d, e, style, book, &L, split_sink, split_fill, &sp, sel);
	split_close(&sp, &sp.part, &sp.part_id, &L);
	split_close(&sp, &sp.unit, &sp.unit_id, &L);
	const char *path = arena_printf(a, "%s/%s.pdf", dir, name);
	if (!render_close(sp.book, &L, d, path) || sp.failed)
		return EXIT_USAGE;
	fprintf(stderr, _("planbook: wrote %s and every administration and unit in %s\n"), path, dir);
	return 0;
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
static int find_period(const struct book *b, const char *id)
{
	int period = measurement_period(&b->measurement, id);
	if (period >= 0)
		return period;
	struct buf ids = {0};
	for (size_t i = 0; i < b->measurement.nperiods; i++)
		buf_printf(&ids, "%s%s (%s)", i ? ", " : "", b->measurement.periods[i].id,
			   b->measurement.periods[i].name);
	fprintf(stderr, _("planbook: there is no measurement period '%s'; the periods: %s\n"), id,
		buf_cstr(&ids));
	buf_free(&ids);
	return -1;
}

/* --measurement PERIOD: with check, the period's checks after the book's; with build,
 * dump and list, the period's booklet instead of the book. */
static bool check_period(struct arena *a, struct diag *d, const struct book *b,
			 const struct options *o, struct selection *sel)
{
	int period = find_period(b, o->measurement);
	if (period < 0)
		return false;
	if (strcmp(o->command, "check")) {
		sel->booklet = true;
		sel->period = (size_t)period;
		booklet_inputs(d, b, (size_t)period);
		return true;
	}
	validate_period(a, d, b, (size_t)period);
	return true;
}

static int run(const struct options *o)
{
	struct arena a = {0};
	struct diag d = {.out = stderr, .strict = o->strict};
	struct tx_engine *e = tx_new();
	int status = 0;
	struct style style;
	struct stat st;
	if (stat(o->input, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("planbook: %s: not a folder of plan data\n"), o->input);
		status = EXIT_USAGE;
		goto done;
	}
	const char *layout = o->layout ? o->layout : default_layout(&a);
	if (!style_load(&a, &d, e, layout, &style)) {
		status = d.errors ? EXIT_USAGE : EXIT_INVALID;
		goto done;
	}
	struct book *book = manifest_read(&a, &d, o->input);
	if (book)
		validate_book(&a, &d, book);
	struct selection sel = o->select;
	if (book && o->measurement && !check_period(&a, &d, book, o, &sel)) {
		status = EXIT_USAGE;
		goto done;
	}
	if (!strcmp(o->command, "check")) {
		fprintf(stderr, _("%s: %d errors, %d warnings\n"), o->input, d.errors, d.warnings);
		status = diag_failed(&d) || !book ? EXIT_INVALID : 0;
		goto done;
	}
	if (!book || diag_failed(&d)) {
		fprintf(stderr, _("planbook: %d errors in %s; no book was written\n"), d.errors, o->input);
		status = EXIT_INVALID;
		goto done;
	}
	if (!selection_exists(book, &sel)) {
		fprintf(stderr, _("planbook: %s: no %s with the id '%s' (planbook list shows them)\n"),
			o->input, o->select.unit ? _("unit") : _("administration"),
			o->select.unit ? o->select.unit : o->select.part);
		status = EXIT_USAGE;
		goto done;
	}
	struct layout L;
	if (!strcmp(o->command, "list")) {
		layout_book(&a, &d, e, &style, book, &L, NULL, NULL, NULL, NULL);
		list_units(book, &L);
		goto done;
	}
	if (!strcmp(o->command, "dump")) {
		layout_book(&a, &d, e, &style, book, &L, layout_dump_pages, layout_dump_pages, stdout,
			    &sel);
		layout_dump_outline(&L, stdout);
		goto done;
	}
	/* the booklet's files are named after the book's, with the period */
	const char *base = sel.booklet ? arena_printf(&a, "%s-measurement-%s", book->id,
						      book->measurement.periods[sel.period].id)
				       : book->id;
	if (o->split) {
		status = build_split(&a, &d, e, &style, book, o->split, &sel, base);
		goto done;
	}
	const char *name = o->select.calendar ? arena_printf(&a, "%s-calendar", base)
			   : o->select.unit ? arena_printf(&a, "%s-%s", base, o->select.unit)
			   : o->select.part ? arena_printf(&a, "%s-%s", base, o->select.part)
					    : base;
	const char *out = o->output ? o->output : arena_printf(&a, "out/%s.pdf", name);
	if (!o->output && !ensure_parent(&a, out)) {
		fprintf(stderr, _("planbook: cannot create the folder for %s: %s\n"), out, strerror(errno));
		status = EXIT_USAGE;
		goto done;
	}
	struct renderer *r = render_open(e, true);
	if (!r) {
		fprintf(stderr, _("planbook: out of memory\n"));
		status = EXIT_USAGE;
		goto done;
	}
	bool laid = layout_book(&a, &d, e, &style, book, &L, render_pages, render_fill, r, &sel);
	if (!laid || layout_page_count(&L) == 0) {
		if (laid)
			fprintf(stderr, _("planbook: %s: the book has no pages to print\n"), o->input);
		render_abort(r);
		status = EXIT_INVALID;
		goto done;
	}
	if (!render_close(r, &L, &d, out)) {
		status = EXIT_USAGE;
		goto done;
	}
	fprintf(stderr, _("planbook: wrote %s\n"), out);
done:
	tx_free(e);
	arena_free(&a);
	return status;
}

/* planbook calendar --year Y --dump: the days of a civil year, for people and tests. */
static int run_calendar(int argc, char **argv, struct options *o)
{
	optind = 2;
	int rc = parse_options(argc, argv, o);
	if (rc)
		return rc;
	if (!o->dump || optind != argc) {
		fputs(_(usage_text), stderr);
		return EXIT_USAGE;
	}
	int status = calendar_dump(o->year, stdout);
	if (status == -1) {
		fprintf(stderr, _("planbook: the calendar covers the years %d to %d\n"), CAL_FIRST_YEAR,
			CAL_LAST_YEAR);
		return EXIT_USAGE;
	}
	return status == 0 ? 0 : EXIT_USAGE;
}

/* The file of one unit's workbook. */
static const char *template_path(struct arena *a, const struct book *b, const struct unit *u,
				 const char *all, const char *output)
{
	if (all)
		return arena_printf(a, "%s/%s-%s.xlsx", all, b->id, u->id);
	if (output)
		return output;
	const char *out = arena_printf(a, "out/%s-%s.xlsx", b->id, u->id);
	if (ensure_parent(a, out))
		return out;
	fprintf(stderr, _("planbook: cannot create the folder for %s: %s\n"), out, strerror(errno));
	return NULL;
}

/* planbook template --unit ID [-o FILE] | --all DIR INPUT_DIR: the workbooks the
 * departments fill in. Only the manifest must read: a plan with errors still gets its
 * workbook, with what could be read of it, so that it can be mended there. */
static int run_template(int argc, char **argv)
{
	static const struct option longopts[] = {{"unit", required_argument, NULL, 'u'},
						 {"output", required_argument, NULL, 'o'},
						 {"all", required_argument, NULL, 'A'},
						 {NULL, 0, NULL, 0}};
	const char *unit = NULL, *output = NULL, *all = NULL;
	int c;
	bool usage = false;
	optind = 2;
	while ((c = getopt_long(argc, argv, "+u:o:", longopts, NULL)) != -1) {
		if (c == 'u')
			unit = optarg;
		else if (c == 'o')
			output = optarg;
		else if (c == 'A')
			all = optarg;
		else
			usage = true;
	}
	/* one unit (to FILE or the default name), or all of them into DIR */
	if (usage || optind != argc - 1 || !unit == !all || (all && output)) {
		fputs(_(usage_text), stderr);
		return EXIT_USAGE;
	}
	struct stat st;
	const char *input = argv[optind];
	if (stat(input, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("planbook: %s: not a folder of plan data\n"), input);
		return EXIT_USAGE;
	}
	if (all && mkdir(all, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, _("planbook: cannot create %s: %s\n"), all, strerror(errno));
		return EXIT_USAGE;
	}
	struct arena a = {0};
	struct diag d = {.out = stderr};
	struct book *book = manifest_read(&a, &d, input);
	int status = book ? 0 : EXIT_INVALID, input_errors = d.errors, written = 0;
	const char *last = NULL;
	for (size_t i = 0; book && i < book->nparts; i++)
		for (size_t k = 0; k < book->parts[i].nunits; k++) {
			const struct unit *u = &book->parts[i].units[k];
			if (unit && strcmp(u->id, unit) != 0)
				continue;
			if (!u->pending && (!u->plan || !u->plan->ngoals))
				fprintf(stderr, _("planbook: %s: no rows of its plan could be read; its "
						"workbook has the header row only\n"), u->id);
			const char *path = template_path(&a, book, u, all, output);
			if (path && template_write(&a, &d, book, u, path))
				written++, last = path;
			else
				status = EXIT_USAGE;
		}
	if (!book)
		fprintf(stderr, _("planbook: %s: book.yaml cannot be used; no workbook was written\n"), input);
	else if (unit && !written && !status) {
		fprintf(stderr, _("planbook: %s: no unit with the id '%s' (planbook list shows them)\n"),
			input, unit);
		status = EXIT_USAGE;
	} else if (written) {
		if (input_errors)
			fprintf(stderr, _("planbook: %d errors in %s (above); the workbooks hold what "
					"could be read\n"), input_errors, input);
		if (all)
			fprintf(stderr, _("planbook: wrote %d workbooks in %s\n"), written, all);
		else
			fprintf(stderr, _("planbook: wrote %s\n"), last);
	}
	arena_free(&a);
	return status;
}

/* ---- planbook export: every metric line as a row (write_export.c) ---- */

/* --measurement's period, or -1 after naming the periods there are (as check does). */
/* The format follows the file's name, so a name that gives neither is a mistake. */
static bool export_name_ok(const char *path)
{
	size_t n = strlen(path);
	return export_is_xlsx(path) || (n > 4 && !strcasecmp(path + n - 4, ".csv"));
}

static int export_book(struct arena *a, const struct book *book, int period, const char *output)
{
	struct diag d = {.out = stderr};
	const char *out = output ? output : arena_printf(a, "out/%s-export.csv", book->id);
	if (!output && !ensure_parent(a, out)) {
		fprintf(stderr, _("planbook: cannot create the folder for %s: %s\n"), out, strerror(errno));
		return EXIT_USAGE;
	}
	size_t rows;
	if (!export_write(a, &d, book, period, out, &rows))
		return EXIT_USAGE;
	fprintf(stderr, _("planbook: wrote %s (%zu metric lines)\n"), out, rows);
	return 0;
}

/* planbook export [--measurement PERIOD] [-o FILE] INPUT_DIR. Like build, nothing is
 * written from input with errors: a table for counting must not silently lack lines. */
static int run_export(int argc, char **argv)
{
	static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
						 {"measurement", required_argument, NULL, 'M'},
						 {NULL, 0, NULL, 0}};
	const char *output = NULL, *measurement = NULL;
	bool usage = false;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
		if (c == 'o')
			output = optarg;
		else if (c == 'M')
			measurement = optarg;
		else
			usage = true;
	}
	if (usage || optind != argc - 1) {
		fputs(_(usage_text), stderr);
		return EXIT_USAGE;
	}
	if (output && !export_name_ok(output)) {
		fprintf(stderr, _("planbook: %s: the export is written as CSV or as an Excel workbook; "
				  "name it .csv or .xlsx\n"), output);
		return EXIT_USAGE;
	}
	const char *input = argv[optind];
	struct stat st;
	if (stat(input, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("planbook: %s: not a folder of plan data\n"), input);
		return EXIT_USAGE;
	}
	struct arena a = {0};
	struct diag d = {.out = stderr};
	struct book *book = manifest_read(&a, &d, input);
	if (book)
		validate_book(&a, &d, book);
	int period = book && measurement ? find_period(book, measurement) : -1, status;
	if (book && measurement && period < 0)
		status = EXIT_USAGE;
	else if (!book || diag_failed(&d)) {
		fprintf(stderr, _("planbook: %d errors in %s; nothing was exported\n"), d.errors, input);
		status = EXIT_INVALID;
	} else
		status = export_book(&a, book, period, output);
	arena_free(&a);
	return status;
}

/* planbook new YEAR --from INPUT_DIR [-o DIR]: next year's folder (new_year.c). YEAR and
 * the options come in any order. */
static int run_new(int argc, char **argv)
{
	static const struct option longopts[] = {{"from", required_argument, NULL, 'F'},
						 {"output", required_argument, NULL, 'o'},
						 {NULL, 0, NULL, 0}};
	const char *from = NULL, *output = NULL;
	bool usage = false;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (c == 'F')
			from = optarg;
		else if (c == 'o')
			output = optarg;
		else
			usage = true;
	}
	char *end = NULL;
	long year = optind == argc - 1 ? strtol(argv[optind], &end, 10) : 0;
	if (usage || !from || !end || end == argv[optind] || *end || year <= 0 || year > 9999) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	struct stat st;
	if (stat(from, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "planbook: %s: not a folder of plan data\n", from);
		return EXIT_USAGE;
	}
	struct arena a = {0};
	struct diag d = {.out = stderr};
	int status = new_year_write(&a, &d, from, (int)year, output);
	arena_free(&a);
	return status;
}

/* Memory that one unit's pages free is taken again by the next unit's. By default glibc
 * gives the top of its heap back to the kernel as soon as 128 kB are free, and maps larger
 * blocks afresh each time, so each unit faulted its memory in again: three times the page
 * faults of the book on the measurement booklet, a third of its time. The program's peak
 * stays what it was (about 20 MB). */
static void keep_freed_memory(void)
{
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

int main(int argc, char **argv)
{
	struct options o = {0};
	const char *lang = NULL;
	static struct arena a; /* lives as long as the program: the catalogue's folder */
	keep_freed_memory();
	argc = take_language(argc, argv, &lang);
	if (lang && strcmp(lang, "he") && strcmp(lang, "en")) {
		fprintf(stderr, "planbook: --lang takes he or en, not '%s'\n", lang);
		return EXIT_USAGE;
	}
	diag_language(lang, locale_dir(&a));
	if (argc < 2) {
		fputs(_(usage_text), stderr);
		return EXIT_USAGE;
	}
	if (argv[1][0] == '-') {
		int rc = parse_options(argc, argv, &o);
		fputs(_(usage_text), stderr);
		return rc ? rc : EXIT_USAGE;
	}
	o.command = argv[1];
	if (!strcmp(o.command, "calendar"))
		return run_calendar(argc, argv, &o);
	if (!strcmp(o.command, "template"))
		return run_template(argc, argv);
	if (!strcmp(o.command, "new"))
		return run_new(argc, argv);
	if (!strcmp(o.command, "export"))
		return run_export(argc, argv);
	if (strcmp(o.command, "build") && strcmp(o.command, "check") && strcmp(o.command, "dump") &&
	    strcmp(o.command, "list")) {
		fprintf(stderr, _("planbook: unknown command '%s'\n%s"), o.command, _(usage_text));
		return EXIT_USAGE;
	}
	optind = 2;
	int rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	if (optind != argc - 1) {
		fputs(_(usage_text), stderr);
		return EXIT_USAGE;
	}
	o.input = argv[optind];
	return run(&o);
}
