/* pipeline.h — what planbook does with a folder of plan data, for every front end: the
 * command line (main.c) and the web server (serve*.c) call these and nothing else of the
 * stages, so that both do exactly the same thing. Messages go to the caller's FILE and are
 * counted; nothing here exits the process. */
#ifndef PB_PIPELINE_H
#define PB_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "layout.h"
#include "model.h"
#include "util.h"

/* Exit statuses, as the command line gives them. */
enum { PB_OK = 0, PB_INVALID = 1, PB_USAGE = 2 };

struct pipeline {
	const char *input;        /* INPUT_DIR */
	const char *layout;       /* NULL: the shipped layouts/book.yaml */
	bool strict;              /* warnings count as errors */
	bool quiet_warnings;      /* warnings counted, then one line says how many */
	const char *measurement;  /* --measurement PERIOD, or NULL */
	struct selection select;  /* --unit, --section, --calendar-only, --renumber */
	const char *output;       /* -o FILE, or NULL for out/<name> */
	const char *split;        /* --split DIR, or NULL */
	FILE *msg;                /* the messages (NULL: stderr) */
	FILE *out;                /* what list and dump print (NULL: stdout) */
	bool one_plan;            /* template --unit: read that unit's plan alone (the command
				   * line reads every plan, to tell of every error) */
	const char *written;      /* after a build: the file written (the caller's arena) */
	int errors, warnings;     /* counted over the call */
};

/* planbook build | check | dump | list: returns the exit status. command is one of the
 * four. a holds what the call gives back (written). */
int pipeline_run(struct arena *a, struct pipeline *p, const char *command);

/* planbook template --unit ID [-o FILE] | --all DIR. */
int pipeline_template(struct pipeline *p, const char *unit, const char *all);

/* planbook export [--measurement PERIOD] [-o FILE]. */
int pipeline_export(struct pipeline *p);

/* One unit's plan checked in the context of its book (vocabularies, year, measurement),
 * without the other plans: with plan_file set, that file is read as the unit's plan (an
 * upload, kept outside the input folder) and its messages name it shown_as. An empty
 * plan is an error even for a pending unit. */
struct unit_check {
	const char *input;        /* INPUT_DIR */
	const char *unit;         /* the unit's id */
	const char *plan_file;    /* NULL: the unit's own plan, as book.yaml names it */
	const char *shown_as;     /* the name messages give plan_file; NULL: its path */
	FILE *msg;                /* the plan's messages (NULL: stderr) */
	FILE *book_msg;           /* the book's own (book.yaml, prose); NULL: none */
	/* results */
	bool found;               /* the book read and has this unit */
	int errors, warnings;
	size_t lines;             /* metric lines of the plan */
	size_t nperiods;
	size_t reported[8];       /* per measurement period, the lines with a status */
};
/* Returns the exit status check would give: 0 clean or warnings only, 1 errors, 2 the
 * book cannot be read or has no such unit. */
int pipeline_check_unit(struct unit_check *c);

/* Every unit of the book, each plan checked alone as pipeline_check_unit does (for the
 * web dashboard): each is handed to fn with its own messages; the book's own messages go
 * to msg. A unit for which wanted (when given) says false is not checked, and handed to fn
 * with messages NULL: the caller knows it already. Returns false, after writing why to
 * msg, when book.yaml cannot be used. */
struct unit_state {
	const struct part *part;
	const struct unit *unit;  /* plan_path is its file, NULL for a pending unit */
	const char *messages;     /* what checking its plan said ("" when nothing); NULL: not
				   * checked (wanted said no) */
	int errors, warnings;
	size_t lines;
	size_t reported[8];
};
bool pipeline_each_unit(const char *input, FILE *msg,
			bool (*wanted)(void *ctx, const struct book *b, const struct unit *u),
			void (*fn)(void *ctx, const struct book *b, const struct unit_state *s),
			void *ctx);

/* The book as the manifest says, with no plan read (the server's list of units). NULL
 * after writing why to msg. */
struct book *pipeline_manifest(struct arena *a, const char *input, FILE *msg);

/* A file shipped with the program (layouts/book.yaml, web/style.css): in the checkout that
 * holds the binary, under share/planbook once installed, else in the compiled-in folder. */
const char *pipeline_shipped_file(struct arena *a, const char *name);
/* Where the web server's program is (planbook serve runs it). */
const char *pipeline_server_program(struct arena *a);
/* The folder of the message catalogues. */
const char *pipeline_locale_dir(struct arena *a);
/* Whatever must be set up once before the pipeline runs on several threads. */
void pipeline_init(void);

#endif
