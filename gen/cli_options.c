/* cli_options.c — the command line's commands and options as tables. The getopt_long
 * table of a command, its usage line and the options its help lists are all made from
 * the same entries, so that the help can only show what the parser takes. A front-end
 * file, like main.c and serve.c. */
#define _GNU_SOURCE /* getopt_long's permutation is GNU's */
#include "cli_options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "read_yaml.h" /* edit_distance, for "did you mean" */

#define ON(c) (1u << CMD_##c)

struct command_entry {
	const char *name;
	const char *operands;   /* as the usage shows them: "INPUT_DIR"; "" for none */
	int min_operands, max_operands;
	const char *summary;    /* one line, for the list of commands (translatable) */
	const char *detail;     /* more, for the command's own help; NULL for none */
};

static const struct command_entry commands[CMD__COUNT] = {
	[CMD_BUILD] = {"build", "INPUT_DIR", 1, 1,
		       N_("check the input, then write the book (default: out/<book id>.pdf)"),
		       N_("Warnings are printed and the book is still written; an error stops it,\n"
			  "and no PDF is written. --unit, --section, --calendar-only and --split\n"
			  "print parts of the book; --measurement prints a measurement booklet.\n")},
	[CMD_CHECK] = {"check", "INPUT_DIR", 1, 1,
		       N_("check the input and list every problem found; write nothing"),
		       N_("Every problem is named with its file and line, or its Excel cell. The last\n"
			  "line counts the errors and the warnings.\n")},
	[CMD_LIST] = {"list", "INPUT_DIR", 1, 1,
		      N_("list the administrations and units with their ids (for --unit)"),
		      N_("One line each: id, kind, name and pages in the book.\n")},
	[CMD_DUMP] = {"dump", "INPUT_DIR", 1, 1,
		      N_("print the laid-out pages as text (every page and box)"), NULL},
	[CMD_CALENDAR] = {"calendar", "", 0, 0,
			  N_("print the civil days of a year with their Hebrew dates and holidays"),
			  NULL},
	[CMD_TEMPLATE] = {"template", "INPUT_DIR", 1, 1,
			  N_("write a unit's plan as an Excel workbook for its department"),
			  N_("The workbook has the plan's columns, drop-down lists of the year's\n"
			     "vocabularies, a note on every column and the unit's current rows.\n")},
	[CMD_EXPORT] = {"export", "INPUT_DIR", 1, 1,
			N_("write every metric line as a row, for pivot tables"),
			N_("Each row has the line's administration, unit, goal, metric type, target,\n"
			   "each period's result, status and explanation, and the CEO-metric flag.\n"
			   "Nothing is written from input with errors.\n")},
	[CMD_NEW] = {"new", "YEAR", 1, 1, N_("start the book of YEAR from this one"),
		     N_("The manifest with its years moved on, every plan pending with a blank\n"
			"workbook, the prose pages copied with a note to update them.\n")},
	[CMD_SERVE] = {"serve", "INPUT_DIR", 1, 1,
		       N_("serve the book's web pages to the planning unit and to every unit"),
		       N_("Without --links or --set-password, serves the pages until stopped\n"
			  "(SIGTERM or Ctrl-C). docs/serve.md tells how to set it up.\n")},
	[CMD_HELP] = {"help", "[COMMAND]", 0, 1, N_("show the help of a command, or this help"),
		      NULL},
};

struct opt_entry {
	enum cli_opt id;
	const char *name;
	char letter;       /* 0: the long name only */
	const char *arg;   /* its argument, as the help names it; NULL: a flag */
	unsigned commands; /* ON(BUILD) | …: the commands that take it */
	int group;         /* side by side entries of one group (not 0): at most one is given */
	bool required;     /* of a group, or alone: one must be given */
	const char *help;  /* translatable; each "\n" starts a continuation line */
};

/* One entry per option and meaning: an option that says something else to another
 * command (-o) has an entry for each. The order is the help's. */
static const struct opt_entry options[] = {
	{OPT_YEAR, "year", 0, "YEAR", ON(CALENDAR), 0, true, N_("the civil year, 1900 to 2200")},
	{OPT_DUMP, "dump", 0, NULL, ON(CALENDAR), 0, true, N_("print the days as text")},
	{OPT_UNIT, "unit", 'u', "ID", ON(TEMPLATE), 1, true, N_("the unit whose workbook to write")},
	{OPT_ALL, "all", 0, "DIR", ON(TEMPLATE), 1, true,
	 N_("write every unit's workbook into DIR, named\n"
	    "<book id>-<unit id>.xlsx")},
	{OPT_FROM, "from", 0, "INPUT_DIR", ON(NEW), 0, true, N_("the folder of this year's book")},
	{OPT_OUTPUT, "output", 'o', "FILE", ON(BUILD), 0, false, N_("where to write the PDF")},
	{OPT_OUTPUT, "output", 'o', "FILE", ON(TEMPLATE), 0, false,
	 N_("with --unit: where to write the workbook\n"
	    "(default: out/<book id>-<unit id>.xlsx)")},
	{OPT_OUTPUT, "output", 'o', "FILE", ON(EXPORT), 0, false,
	 N_("where to write the rows: FILE.csv as CSV, FILE.xlsx as\n"
	    "an Excel workbook (default: out/<book id>-export.csv)")},
	{OPT_OUTPUT, "output", 'o', "DIR", ON(NEW), 0, false,
	 N_("the new book's folder (default: the folder YEAR beside\n"
	    "INPUT_DIR)")},
	{OPT_LAYOUT, "layout", 'l', "FILE", ON(BUILD) | ON(CHECK) | ON(DUMP) | ON(LIST), 0, false,
	 N_("the layout file (default: layouts/book.yaml)")},
	{OPT_STRICT, "strict", 's', NULL, ON(BUILD) | ON(CHECK), 0, false,
	 N_("treat warnings as errors")},
	{OPT_QUIET_WARNINGS, "quiet-warnings", 0, NULL, ON(BUILD), 0, false,
	 N_("print how many warnings there are instead of each one\n"
	    "(errors are still printed in full; planbook check lists\n"
	    "the warnings)")},
	{OPT_MEASUREMENT, "measurement", 0, "PERIOD", ON(CHECK), 0, false,
	 N_("the results of a measurement period (h1, year): the lines\n"
	    "not reported, per unit, and the statuses that lack a\n"
	    "result or an explanation")},
	{OPT_MEASUREMENT, "measurement", 0, "PERIOD", ON(BUILD) | ON(DUMP), 0, false,
	 N_("the period's measurement booklet instead of the book\n"
	    "(default: out/<book id>-measurement-<period>.pdf)")},
	{OPT_MEASUREMENT, "measurement", 0, "PERIOD", ON(EXPORT), 0, false,
	 N_("keep the columns of one measurement period only")},
	{OPT_UNIT, "unit", 'u', "ID", ON(BUILD) | ON(DUMP), 2, false,
	 N_("print only this unit's pages, with a title page")},
	{OPT_SECTION, "section", 'S', "ID", ON(BUILD) | ON(DUMP), 2, false,
	 N_("print only this administration's pages, with a title\n"
	    "page")},
	{OPT_CALENDAR_ONLY, "calendar-only", 0, NULL, ON(BUILD) | ON(DUMP), 2, false,
	 N_("print only the planning calendar (default name:\n"
	    "out/<book id>-calendar.pdf)")},
	{OPT_RENUMBER, "renumber", 'r', NULL, ON(BUILD) | ON(DUMP), 0, false,
	 N_("number a unit's or section's pages from 1 (default: as\n"
	    "in the whole book)")},
	{OPT_SPLIT, "split", 0, "DIR", ON(BUILD), 0, false,
	 N_("write the whole book and a PDF of every administration\n"
	    "and unit into DIR, named BOOK-ID.pdf and BOOK-ID-ID.pdf")},
	{OPT_LISTEN, "listen", 0, "ADDR:PORT", ON(SERVE), 0, false,
	 N_("where to take requests (default: 127.0.0.1:8080)")},
	{OPT_DATA, "data", 0, "DIR", ON(SERVE), 0, false,
	 N_("the folder of uploads, versions, links and the password\n"
	    "(default: INPUT_DIR/.planbook)")},
	{OPT_UPLOAD_LIMIT, "upload-limit", 0, "MB", ON(SERVE), 0, false,
	 N_("the largest upload, in MB (default: 20)")},
	{OPT_THREADS, "threads", 0, "N", ON(SERVE), 0, false,
	 N_("how many requests are answered at once, 1 to 64\n"
	    "(default: 4)")},
	{OPT_SECURE, "secure", 0, NULL, ON(SERVE), 0, false,
	 N_("cookies are sent over https only (TLS in front)")},
	{OPT_BEHIND_PROXY, "behind-proxy", 0, NULL, ON(SERVE), 0, false,
	 N_("trust the proxy's X-Forwarded-For and X-Forwarded-Proto")},
	{OPT_LINKS, "links", 0, NULL, ON(SERVE), 3, false,
	 N_("print a new link for every unit and stop (the links\n"
	    "printed before stop working)")},
	{OPT_SET_PASSWORD, "set-password", 0, NULL, ON(SERVE), 3, false,
	 N_("set the planning unit's password from stdin (or\n"
	    "PLANBOOK_PASSWORD) and stop")},
	{OPT_URL, "url", 0, "BASE", ON(SERVE), 0, false,
	 N_("with --links: the server's address, printed before each\n"
	    "link")},
	{OPT_HELP, "help", 'h', NULL, ~0u, 0, false, N_("show this help")},
};
enum { NOPTIONS = sizeof options / sizeof options[0], HELP_COLUMN = 22 };

static bool takes(const struct opt_entry *e, enum cli_command cmd)
{
	return e->commands & (1u << cmd);
}

int cli_find_command(const char *name)
{
	for (int i = 0; i < CMD__COUNT; i++)
		if (!strcmp(commands[i].name, name))
			return i;
	return -1;
}

const char *cli_command_name(enum cli_command cmd)
{
	return commands[cmd].name;
}

/* ---------------------------------------------------------------- the help */

/* Characters, not bytes: a translated word takes one column a letter. */
static int width(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* "[--output FILE]", "--year YEAR", "[--unit ID | --section ID]": entry i and the rest
 * of its group. Returns the index after the group. */
static size_t synopsis_item(enum cli_command cmd, size_t i, char *out, size_t n)
{
	int group = options[i].group;
	bool required = options[i].required;
	size_t len = 0, first = i;
	len += (size_t)snprintf(out + len, n - len, "%s", required ? (group ? "(" : "") : "[");
	for (; i < NOPTIONS && (i == first || (group && options[i].group == group)); i++) {
		if (!takes(&options[i], cmd))
			continue;
		const char *sep = i == first ? "" : " | ";
		len += (size_t)snprintf(out + len, n - len, "%s--%s%s%s", sep, options[i].name,
					options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
		if (len >= n)
			break;
	}
	if (len < n)
		snprintf(out + len, n - len, "%s", required ? (group ? ")" : "") : "]");
	return i;
}

/* "planbook build [--output FILE] … INPUT_DIR", wrapped at 80 columns under its start. */
static void synopsis(enum cli_command cmd, const char *lead, FILE *out)
{
	int indent = width(lead) + (int)strlen("planbook ") + (int)strlen(commands[cmd].name);
	int col = indent;
	fprintf(out, "%splanbook %s", lead, commands[cmd].name);
	char item[256];
	for (size_t i = 0; i < NOPTIONS;) {
		if (!takes(&options[i], cmd) || options[i].id == OPT_HELP) {
			i++;
			continue;
		}
		i = synopsis_item(cmd, i, item, sizeof item);
		if (col + 1 + width(item) > 80) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		}
		fprintf(out, " %s", item);
		col += 1 + width(item);
	}
	const char *operands = commands[cmd].operands;
	if (operands[0] && col + 1 + width(operands) > 80)
		fprintf(out, "\n%*s", indent, "");
	if (operands[0])
		fprintf(out, " %s", operands);
	fputc('\n', out);
}

void cli_usage(enum cli_command cmd, FILE *out)
{
	synopsis(cmd, _("usage: "), out);
}

void cli_general_usage(FILE *out)
{
	const char *lead = _("usage: ");
	char pad[64];
	snprintf(pad, sizeof pad, "%*s", width(lead), "");
	for (int c = 0; c < CMD__COUNT; c++)
		synopsis((enum cli_command)c, c ? pad : lead, out);
	fprintf(out, "%splanbook --help | --version\n", pad);
}

/* "  -o, --output FILE   where to write the PDF", continuation lines under the text. */
static void option_line(const char *letters, const char *name, const char *arg, const char *help,
			FILE *out)
{
	char left[128];
	int n = snprintf(left, sizeof left, "  %s--%s%s%s", letters, name, arg ? " " : "",
			 arg ? arg : "");
	fputs(left, out);
	if (n + 2 > HELP_COLUMN)
		fprintf(out, "\n%*s", HELP_COLUMN, "");
	else
		fprintf(out, "%*s", HELP_COLUMN - n, "");
	for (const char *p = help; *p; p++) {
		fputc(*p, out);
		if (*p == '\n' && p[1])
			fprintf(out, "%*s", HELP_COLUMN, "");
	}
	fputc('\n', out);
}

static void lang_line(FILE *out)
{
	option_line("    ", "lang", "he|en",
		    _("the language of the messages (default: from LANG,\n"
		      "LC_ALL or LANGUAGE; Hebrew when they name it)"), out);
}

void cli_help(enum cli_command cmd, FILE *out)
{
	cli_usage(cmd, out);
	fprintf(out, "\n%s.\n", _(commands[cmd].summary));
	if (commands[cmd].detail)
		fputs(_(commands[cmd].detail), out);
	fprintf(out, "\n%s\n", _("options:"));
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct opt_entry *e = &options[i];
		if (!takes(e, cmd))
			continue;
		char letters[8] = "    ";
		if (e->letter)
			snprintf(letters, sizeof letters, "-%c, ", e->letter);
		option_line(letters, e->name, e->arg, _(e->help), out);
	}
	lang_line(out);
}

void cli_general_help(FILE *out)
{
	cli_general_usage(out);
	fputc('\n', out);
	fputs(_("planbook turns a folder of plan data (book.yaml, Markdown prose, CSV or Excel\n"
		"plans) into the printed work-plan book, as a PDF.\n"), out);
	fprintf(out, "\n%s\n", _("commands:"));
	for (int c = 0; c < CMD__COUNT; c++)
		fprintf(out, "  %-9s %s\n", commands[c].name, _(commands[c].summary));
	fprintf(out, "\n%s\n", _("options:"));
	option_line("-h, ", "help", NULL, _("show this help; after a command, that command's help"),
		    out);
	option_line("-V, ", "version", NULL, _("show the version"), out);
	lang_line(out);
	fputc('\n', out);
	fputs(_("planbook help COMMAND (or planbook COMMAND --help) shows the options of a\n"
		"command; man planbook tells more.\n"), out);
	fputc('\n', out);
	fputs(_("exit status: 0 done, 1 the input has errors, 2 wrong usage or a file cannot be\n"
		"read or written.\n"), out);
}

void cli_unknown_command(const char *name)
{
	const char *near = NULL;
	int best = 3; /* further than two edits is not a slip of the hand */
	for (int c = 0; c < CMD__COUNT; c++) {
		int d = edit_distance(name, commands[c].name);
		if (d < best)
			best = d, near = commands[c].name;
	}
	fprintf(stderr, _("planbook: unknown command '%s'%s\n"), name, diag_hint(near));
	cli_general_usage(stderr);
}

/* ---------------------------------------------------------------- parsing */

/* The getopt value of an entry: its letter, or past every char for a long name alone. */
static int value_of(const struct opt_entry *e)
{
	return e->letter ? e->letter : 256 + (int)e->id;
}

/* The command's getopt_long table and short option string, from the entries. */
static void getopt_tables(enum cli_command cmd, struct option *longopts, char *shortopts)
{
	size_t n = 0, s = 0;
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct opt_entry *e = &options[i];
		if (!takes(e, cmd))
			continue;
		longopts[n++] = (struct option){e->name, e->arg ? required_argument : no_argument, NULL,
						value_of(e)};
		if (e->letter) {
			shortopts[s++] = e->letter;
			if (e->arg)
				shortopts[s++] = ':';
		}
	}
	longopts[n] = (struct option){NULL, 0, NULL, 0};
	shortopts[s] = '\0';
}

static const struct opt_entry *entry_of(enum cli_command cmd, int value)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (takes(&options[i], cmd) && value_of(&options[i]) == value)
			return &options[i];
	return NULL;
}

/* The groups' rules: at most one of a group, one of a required group (or a required
 * option alone). */
static bool groups_ok(enum cli_command cmd, const struct cli_args *a)
{
	for (size_t i = 0; i < NOPTIONS;) {
		int group = options[i].group, given = 0;
		bool required = options[i].required, applies = false;
		size_t j = i;
		do {
			if (takes(&options[j], cmd)) {
				applies = true;
				given += cli_given(a, options[j].id);
			}
			j++;
		} while (group && j < NOPTIONS && options[j].group == group);
		if (applies && (given > 1 || (required && given == 0))) {
			char item[256];
			synopsis_item(cmd, i, item, sizeof item);
			if (given > 1)
				fprintf(stderr, _("planbook %s: only one of %s can be given\n"),
					commands[cmd].name, item);
			else
				fprintf(stderr, _("planbook %s: %s is needed\n"), commands[cmd].name, item);
			return false;
		}
		i = j;
	}
	return true;
}

/* INPUT_DIR (or YEAR) given once: "planbook build" alone, or a second folder, is said in
 * words before the usage. */
static bool operands_ok(enum cli_command cmd, const struct cli_args *a)
{
	const struct command_entry *c = &commands[cmd];
	if (a->noperands < c->min_operands) {
		fprintf(stderr, _("planbook %s: %s is missing\n"), c->name, c->operands);
		return false;
	}
	if (a->noperands > c->max_operands) {
		fprintf(stderr, _("planbook %s: '%s' is one argument too many\n"), c->name,
			a->operands[c->max_operands]);
		return false;
	}
	return true;
}

int cli_parse(enum cli_command cmd, int argc, char **argv, struct cli_args *out)
{
	struct option longopts[NOPTIONS + 1];
	char shortopts[2 * NOPTIONS + 1];
	getopt_tables(cmd, longopts, shortopts);
	*out = (struct cli_args){.command = cmd};
	optind = 2;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_entry *e = entry_of(cmd, c);
		if (!e) { /* getopt has said which option it did not take */
			cli_usage(cmd, stderr);
			return CLI_USAGE;
		}
		if (e->id == OPT_HELP) {
			cli_help(cmd, stdout);
			return CLI_HELP;
		}
		out->value[e->id] = e->arg ? optarg : "";
	}
	out->operands = argv + optind;
	out->noperands = argc - optind;
	if (!operands_ok(cmd, out) || !groups_ok(cmd, out)) {
		cli_usage(cmd, stderr);
		return CLI_USAGE;
	}
	return CLI_OK;
}
