/* cli_options.h — the commands of the command line and their options, as one table
 * (cli_options.c) from which both the parsing (getopt_long) and the help text come, so
 * that the help can never disagree with what is parsed. */
#ifndef PB_CLI_OPTIONS_H
#define PB_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

enum cli_command {
	CMD_BUILD,
	CMD_CHECK,
	CMD_LIST,
	CMD_DUMP,
	CMD_CALENDAR,
	CMD_TEMPLATE,
	CMD_EXPORT,
	CMD_NEW,
	CMD_SERVE,
	CMD_HELP,
	CMD__COUNT
};

enum cli_opt {
	OPT_OUTPUT,
	OPT_LAYOUT,
	OPT_STRICT,
	OPT_MEASUREMENT,
	OPT_UNIT,
	OPT_SECTION,
	OPT_CALENDAR_ONLY,
	OPT_RENUMBER,
	OPT_SPLIT,
	OPT_QUIET_WARNINGS,
	OPT_YEAR,
	OPT_DUMP,
	OPT_ALL,
	OPT_FROM,
	OPT_LISTEN,
	OPT_DATA,
	OPT_UPLOAD_LIMIT,
	OPT_THREADS,
	OPT_SECURE,
	OPT_BEHIND_PROXY,
	OPT_LINKS,
	OPT_URL,
	OPT_SET_PASSWORD,
	OPT_HELP,
	OPT__COUNT
};

/* What a command was given. */
struct cli_args {
	enum cli_command command;
	const char *value[OPT__COUNT]; /* an option's argument; "" for a flag; NULL: not given */
	char **operands;               /* INPUT_DIR, YEAR or COMMAND */
	int noperands;
};

/* The command of that name, or -1. */
int cli_find_command(const char *name);
const char *cli_command_name(enum cli_command cmd);

/* Parses argv[2..] (argv[1] is the command) against the command's options and operands.
 * Returns CLI_OK; CLI_HELP after printing the command's help to stdout (--help); or
 * CLI_USAGE after printing what is wrong and the command's usage to stderr. */
enum { CLI_OK = 0, CLI_HELP = -1, CLI_USAGE = -2 };
int cli_parse(enum cli_command cmd, int argc, char **argv, struct cli_args *out);

static inline bool cli_given(const struct cli_args *a, enum cli_opt o) { return a->value[o] != NULL; }

/* The usage line(s) of one command; of every command. */
void cli_usage(enum cli_command cmd, FILE *out);
void cli_general_usage(FILE *out);
/* A command's help: its usage, what it does, its own options. */
void cli_help(enum cli_command cmd, FILE *out);
/* planbook --help: the usage of every command, the commands, the common options. */
void cli_general_help(FILE *out);
/* "planbook: unknown command 'X' (did you mean …?)" and the general usage, to stderr. */
void cli_unknown_command(const char *name);

#endif
