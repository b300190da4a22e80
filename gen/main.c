/* main.c — the command line: planbook build | check | dump | list | template | export | new. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "diag.h"
#include "heap.h"
#include "new_year.h"
#include "pipeline.h"
#include "serve.h"
#include "write_export.h"

#ifndef PB_VERSION
#define PB_VERSION "0.1"
#endif

enum { EXIT_USAGE = PB_USAGE };

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
	"       planbook serve [--listen ADDR:PORT] [--data DIR] INPUT_DIR\n"
	"       planbook serve --links | --set-password [--data DIR] INPUT_DIR\n"
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
	"          them (default: the folder YEAR beside INPUT_DIR)\n"
	"  serve [--listen ADDR:PORT] [--data DIR] [--upload-limit MB] [--secure]\n"
	"          [--behind-proxy]\n"
	"          the book's web pages (default 127.0.0.1:8080): the planning unit's\n"
	"          dashboard, and a page for each unit at its own link (docs/serve.md);\n"
	"          --links prints a new link for every unit; --set-password reads the\n"
	"          planning unit's password from stdin\n\n"
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

/* planbook build | check | dump | list (pipeline.c). */
static int run(const struct options *o)
{
	struct arena a = {0};
	struct pipeline p = {.input = o->input, .layout = o->layout, .strict = o->strict,
			     .measurement = o->measurement, .select = o->select,
			     .output = o->output, .split = o->split};
	int status = pipeline_run(&a, &p, o->command);
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
	struct pipeline p = {.input = argv[optind], .output = output};
	return pipeline_template(&p, unit, all);
}

/* ---- planbook export: every metric line as a row (write_export.c) ---- */

/* The format follows the file's name, so a name that gives neither is a mistake. */
static bool export_name_ok(const char *path)
{
	size_t n = strlen(path);
	return export_is_xlsx(path) || (n > 4 && !strcasecmp(path + n - 4, ".csv"));
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
	struct pipeline p = {.input = argv[optind], .output = output, .measurement = measurement};
	return pipeline_export(&p);
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

int main(int argc, char **argv)
{
	struct options o = {0};
	const char *lang = NULL;
	static struct arena a; /* lives as long as the program: the catalogue's folder */
	heap_keep_freed_memory();
	if (argc < 2 || strcmp(argv[1], "serve"))
		heap_use_large_pages(); /* not for the server: one arena for all its threads */
	argc = take_language(argc, argv, &lang);
	if (lang && strcmp(lang, "he") && strcmp(lang, "en")) {
		fprintf(stderr, "planbook: --lang takes he or en, not '%s'\n", lang);
		return EXIT_USAGE;
	}
	/* the web pages are Hebrew, and so are their messages unless --lang en asks */
	if (!lang && argc > 1 && !strcmp(argv[1], "serve"))
		lang = "he";
	diag_language(lang, pipeline_locale_dir(&a));
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
	if (!strcmp(o.command, "serve"))
		return serve_main(argc, argv);
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
