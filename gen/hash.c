/* hash.c — the string map of hash.h. Linear probing keeps a lookup to one or two slots of
 * one cache line while the table is at most half full; the full hash is kept in the slot so
 * that most mismatches cost no string comparison. */
#include "hash.h"

#include <string.h>

uint64_t strmap_hash(const char *key)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	return h;
}

static uint64_t hash_of(const struct strmap *m, const char *key)
{
	return m->hash ? m->hash(key) : strmap_hash(key);
}

/* The slot of key, or the free slot where it would go (cap must not be 0). */
static struct strmap_slot *probe(const struct strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1;
	/* FNV's low bits are weak on short keys that differ at the end: fold the high ones in */
	for (size_t i = (size_t)(h ^ (h >> 32)) & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

static void grow(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap = m->cap ? m->cap * 2 : 16;
	m->slots = arena_calloc(m->a, m->cap, sizeof *m->slots);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*probe(m, old[i].key, old[i].hash) = old[i];
}

size_t *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->len)
		return NULL;
	struct strmap_slot *s = probe(m, key, hash_of(m, key));
	return s->key ? &s->value : NULL;
}

size_t *strmap_put(struct strmap *m, const char *key, bool *added)
{
	if ((m->len + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = hash_of(m, key);
	struct strmap_slot *s = probe(m, key, h);
	*added = !s->key;
	if (!s->key) {
		s->key = key;
		s->hash = h;
		s->value = 0;
		m->len++;
	}
	return &s->value;
}

bool strmap_add(struct strmap *m, const char *key, size_t value)
{
	bool added;
	size_t *v = strmap_put(m, key, &added);
	if (added)
		*v = value;
	return added;
}
