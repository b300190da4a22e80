/* main.c — the command line: planbook build | check | dump | list | calendar | template |
 * export | new | serve | help. The commands' options are in cli_options.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "cli_options.h"
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

/* planbook build | check | dump | list (pipeline.c). */
static int run(const struct cli_args *o)
{
	struct arena a = {0};
	struct pipeline p = {.input = o->operands[0], .layout = o->value[OPT_LAYOUT],
			     .strict = cli_given(o, OPT_STRICT),
			     .quiet_warnings = cli_given(o, OPT_QUIET_WARNINGS),
			     .measurement = o->value[OPT_MEASUREMENT],
			     .output = o->value[OPT_OUTPUT], .split = o->value[OPT_SPLIT]};
	p.select.unit = o->value[OPT_UNIT];
	p.select.part = o->value[OPT_SECTION];
	p.select.calendar = cli_given(o, OPT_CALENDAR_ONLY);
	p.select.renumber = cli_given(o, OPT_RENUMBER);
	int status = pipeline_run(&a, &p, cli_command_name(o->command));
	arena_free(&a);
	return status;
}

/* planbook calendar --year Y --dump: the days of a civil year, for people and tests. */
static int run_calendar(const struct cli_args *o)
{
	int status = calendar_dump(atoi(o->value[OPT_YEAR]), stdout);
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
static int run_template(const struct cli_args *o)
{
	const char *all = o->value[OPT_ALL], *output = o->value[OPT_OUTPUT];
	if (all && output) { /* --all names its folder; -o would name one file of many */
		fputs(_("planbook template: -o goes with --unit; --all DIR names the folder\n"), stderr);
		cli_usage(CMD_TEMPLATE, stderr);
		return EXIT_USAGE;
	}
	struct pipeline p = {.input = o->operands[0], .output = output};
	return pipeline_template(&p, o->value[OPT_UNIT], all);
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
static int run_export(const struct cli_args *o)
{
	const char *output = o->value[OPT_OUTPUT];
	if (output && !export_name_ok(output)) {
		fprintf(stderr, _("planbook: %s: the export is written as CSV or as an Excel workbook; "
				  "name it .csv or .xlsx\n"), output);
		return EXIT_USAGE;
	}
	struct pipeline p = {.input = o->operands[0], .output = output,
			     .measurement = o->value[OPT_MEASUREMENT]};
	return pipeline_export(&p);
}

/* planbook new YEAR --from INPUT_DIR [-o DIR]: next year's folder (new_year.c). YEAR and
 * the options come in any order. */
static int run_new(const struct cli_args *o)
{
	const char *from = o->value[OPT_FROM];
	char *end = NULL;
	long year = strtol(o->operands[0], &end, 10);
	if (end == o->operands[0] || *end || year <= 0 || year > 9999) {
		fprintf(stderr, _("planbook new: '%s' is not a year\n"), o->operands[0]);
		cli_usage(CMD_NEW, stderr);
		return EXIT_USAGE;
	}
	struct stat st;
	if (stat(from, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("planbook: %s: not a folder of plan data\n"), from);
		return EXIT_USAGE;
	}
	struct arena a = {0};
	struct diag d = {.out = stderr};
	int status = new_year_write(&a, &d, from, (int)year, o->value[OPT_OUTPUT]);
	arena_free(&a);
	return status;
}

/* planbook help [COMMAND]: the same text as planbook COMMAND --help, or planbook --help. */
static int run_help(const struct cli_args *o)
{
	if (o->noperands == 0) {
		cli_general_help(stdout);
		return 0;
	}
	int cmd = cli_find_command(o->operands[0]);
	if (cmd < 0) {
		cli_unknown_command(o->operands[0]);
		return EXIT_USAGE;
	}
	cli_help((enum cli_command)cmd, stdout);
	return 0;
}

static int run_command(const struct cli_args *o)
{
	switch (o->command) {
	case CMD_CALENDAR: return run_calendar(o);
	case CMD_TEMPLATE: return run_template(o);
	case CMD_EXPORT: return run_export(o);
	case CMD_NEW: return run_new(o);
#ifdef PB_SERVER
	case CMD_SERVE: return serve_main(o);
#endif
	case CMD_HELP: return run_help(o);
	default: return run(o);
	}
}

static bool asks_help(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* planbook --help | --version, before any command. */
static int top_level_option(const char *arg)
{
	if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
		cli_general_help(stdout);
		return 0;
	}
	if (!strcmp(arg, "--version") || !strcmp(arg, "-V")) {
		printf("planbook %s\n", PB_VERSION);
		return 0;
	}
	fprintf(stderr, _("planbook: unknown option '%s'\n"), arg);
	cli_general_usage(stderr);
	return EXIT_USAGE;
}

#ifndef PB_SERVER
/* planbook serve: the web server is a program of its own, planbook-serve, so that the
 * libraries only it needs (libmicrohttpd and gnutls, libsodium) are not loaded by every
 * other command: loading them was 6 ms of each run. It gets the same arguments. */
static int run_server(struct arena *a, char **given)
{
	const char *program = pipeline_server_program(a);
	execv(program, given);
	fprintf(stderr, _("planbook: cannot start the web server %s: %s\n"), program,
		strerror(errno));
	return EXIT_USAGE;
}
#endif

int main(int argc, char **argv)
{
	const char *lang = NULL;
	static struct arena a; /* lives as long as the program: the catalogue's folder */
	char **given = arena_calloc(&a, (size_t)argc + 1, sizeof *given); /* before any change */
	memcpy(given, argv, (size_t)argc * sizeof *argv);
	heap_keep_freed_memory();
	if (argc < 2 || strcmp(argv[1], "serve"))
		heap_use_large_pages(); /* not for the server: one arena for all its threads */
	argc = take_language(argc, argv, &lang);
	if (lang && strcmp(lang, "he") && strcmp(lang, "en")) {
		fprintf(stderr, "planbook: --lang takes he or en, not '%s'\n", lang);
		return EXIT_USAGE;
	}
	/* the web pages are Hebrew, and so are their messages unless --lang en asks; its help
	 * follows the environment, as planbook help serve does */
	if (!lang && argc > 1 && !strcmp(argv[1], "serve") && !asks_help(argc, argv))
		lang = "he";
	diag_language(lang, pipeline_locale_dir(&a));
	if (argc < 2) {
		cli_general_usage(stderr);
		return EXIT_USAGE;
	}
	if (argv[1][0] == '-')
		return top_level_option(argv[1]);
	int cmd = cli_find_command(argv[1]);
	if (cmd < 0) {
		cli_unknown_command(argv[1]);
		return EXIT_USAGE;
	}
	struct cli_args o;
	int rc = cli_parse((enum cli_command)cmd, argc, argv, &o);
	if (rc == CLI_HELP)
		return 0;
	if (rc == CLI_USAGE)
		return EXIT_USAGE;
#ifndef PB_SERVER
	if (o.command == CMD_SERVE)
		return run_server(&a, given);
#endif
	return run_command(&o);
}
