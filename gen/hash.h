/* hash.h — a map from strings to numbers (an index, a line, a count), for the lookups that
 * a book makes once per value: a cell's value in a vocabulary, a unit id among those seen,
 * a file among those book.yaml lists. Open addressing with linear probing, in an arena. */
#ifndef PB_HASH_H
#define PB_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct strmap_slot {
	const char *key; /* NULL: the slot is free */
	uint64_t hash;
	size_t value;
};

/* Zero it and set a (the arena that holds the slots) before use. The keys are not copied:
 * they must live as long as the map. The slots grow by doubling; the old ones stay in the
 * arena until it is freed. */
struct strmap {
	struct arena *a;
	struct strmap_slot *slots;
	size_t cap, len;          /* cap is 0 or a power of two, len < cap / 2 */
	uint64_t (*hash)(const char *key); /* NULL: strmap_hash; tests give a poor one */
};

uint64_t strmap_hash(const char *key); /* FNV-1a, 64 bits */

/* The value of key, or NULL when key is not in the map. */
size_t *strmap_get(const struct strmap *m, const char *key);
/* The value of key, added with value 0 if it was not there (*added tells which). */
size_t *strmap_put(struct strmap *m, const char *key, bool *added);
/* Adds key with value unless it is there already: the first value stays. True if added. */
bool strmap_add(struct strmap *m, const char *key, size_t value);

#endif
