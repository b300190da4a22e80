/* read_yaml.h — a small YAML document tree with file positions, for the manifest, the
 * layout file and the header block of prose pages. */
#ifndef PB_READ_YAML_H
#define PB_READ_YAML_H

#include "diag.h"
#include "util.h"

enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, col;         /* 1-based, in the file (line offset applied) */
	const char *value;     /* Y_SCALAR */
	size_t len;            /* Y_SEQ items / Y_MAP pairs */
	struct ynode **items;  /* Y_SEQ: items; Y_MAP: key, value, key, value … */
	const char *file;
	bool empty;            /* Y_SCALAR: nothing written after the key (an implicit null) */
	bool commented;        /* empty, as what was written after the key starts with '#'
				* (already reported: PB068, PB122) */
};

/* Parses text (NUL-terminated) into a tree; line_offset is added to every line (for a
 * header block inside a larger file). Returns NULL after reporting a diagnostic. An empty
 * document gives an empty map. */
struct ynode *yaml_parse(struct arena *a, struct diag *d, const char *file, const char *text,
			 size_t len, int line_offset);
struct ynode *yaml_load(struct arena *a, struct diag *d, const char *path);

/* Looks up a key in a map (NULL if node is not a map or the key is absent). */
struct ynode *yaml_get(const struct ynode *map, const char *key);
/* Warns about keys of map not in the NULL-terminated list `known`, suggesting the nearest. */
void yaml_check_keys(struct diag *d, const struct ynode *map, const char *const *known);

/* Typed getters: report a diagnostic and return false on a wrong shape; a missing key leaves
 * *out unchanged and returns true unless `required`. */
bool yaml_str(struct diag *d, const struct ynode *map, const char *key, bool required,
	      const char **out);
bool yaml_num(struct diag *d, const struct ynode *map, const char *key, bool required,
	      double *out);
bool yaml_is_scalar(const struct ynode *n);
/* A scalar or a sequence of scalars, as a list of strings. */
bool yaml_str_list(struct arena *a, struct diag *d, const struct ynode *n, const char *what,
		   const char ***out, size_t *count);

/* What an editor should do about the parser's problem at line (0-based; context_line is
 * where the construct began, or -1), or NULL when there is no advice; *at is the line
 * (0-based) the advice is about. read_yaml_advice.c. */
const char *yaml_advice(struct arena *a, const char *text, size_t len, const char *problem,
			int line, int context_line, int *at);

/* Edit distance on code points, for "did you mean" suggestions. */
int edit_distance(const char *a, const char *b);

#endif
