/* yaml_walk.h — book.yaml as libyaml's tokens, for the files that change it as text, so
 * that the planning unit's comments, order and quoting stay as they wrote them
 * (new_year.c, write_manifest.c). */
#ifndef PB_YAML_WALK_H
#define PB_YAML_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "util.h"

enum walk_role { WALK_CONTENT, WALK_KEY, WALK_VALUE };

#define WALK_DEPTH 64

/* A collection open in the token stream; for a mapping, the key being read. */
struct walk_frame {
	bool map, flow;
	const char *key, *parent_key; /* the key being read; the key of the mapping above */
	size_t key_start;             /* where the key begins, in bytes */
	int key_col;
	size_t close;                 /* a flow mapping's '}', in bytes */
};

struct yaml_walk;
/* What a walk's user is told: a collection opened (frame index i of w->stack), a scalar
 * (its value, where it is in bytes; f is NULL outside any collection; the walk has
 * already taken a mapping's key into f->key), a collection closed. */
struct walk_calls {
	void (*open)(struct yaml_walk *w, int i);
	void (*scalar)(struct yaml_walk *w, struct walk_frame *f, int i, const char *value,
		       size_t start, size_t end, const yaml_token_t *t);
	void (*close)(struct yaml_walk *w, struct walk_frame *f, int i);
};

struct yaml_walk {
	struct arena *a;
	const char *src; /* book.yaml's text, with its byte order mark if it has one */
	size_t len, bom;
	size_t char_pos, byte_pos; /* libyaml counts characters; the text is bytes */
	struct walk_frame stack[WALK_DEPTH];
	int depth;
	enum walk_role role; /* of the scalar being read */
	const char *error;   /* set by the walk or a call; the walk stops */
	bool stop;           /* set by a call: the walk stops, with no error */
	const struct walk_calls *calls;
	void *ctx; /* the user's */
};

/* Walks src (len bytes); false with w->error set if it does not parse (what names the
 * file in the message) or a call set an error. */
bool yaml_walk(struct yaml_walk *w, struct arena *a, const char *src, size_t len,
	       const char *what, const struct walk_calls *calls, void *ctx);

/* Bytes from libyaml's character index; tokens come in order, so a cursor moves on. */
size_t yaml_walk_byte(struct yaml_walk *w, size_t index);

/* "\r\n" when the text's first line ends so, else "\n": an inserted line matches. */
const char *yaml_walk_eol(const char *s, size_t n);

#endif
