/* test_hash.c — the string map of gen/hash.h: what goes in comes out with its value, the
 * first value of a key stays, nothing absent is found; also when every key has the same
 * hash (all of them collide, and the probing wraps around the table's end) and across many
 * doublings of the table. */
#include <stdint.h>

#include "check.h"
#include "hash.h"

static struct arena A;

/* Every key lands on the table's last slot, so probing wraps to the first. */
static uint64_t same_hash(const char *key)
{
	(void)key;
	return UINT64_MAX;
}

/* Three hashes for all keys: long runs of neighbours that interleave. */
static uint64_t three_hashes(const char *key)
{
	return strlen(key) % 3;
}

static const char *key(int i) { return arena_printf(&A, "מפתח-%d", i); }

/* Adds n keys to m with values i * 7, then looks each up through a copy of its text (not the
 * same pointer), and n keys that were never added; false at the first wrong answer. */
static bool fill_and_find(struct strmap *m, int n)
{
	for (int i = 0; i < n; i++)
		if (!strmap_add(m, key(i), (size_t)i * 7))
			return false;
	for (int i = 0; i < n; i++) {
		size_t *v = strmap_get(m, key(i));
		if (!v || *v != (size_t)i * 7)
			return false;
	}
	for (int i = n; i < 2 * n; i++)
		if (strmap_get(m, key(i)))
			return false;
	return m->len == (size_t)n;
}

static void test_basics(void)
{
	struct strmap m = {.a = &A};
	CHECK(strmap_get(&m, "x") == NULL, "hash: an empty map finds nothing");
	/* (CHECK evaluates its condition twice: the changes are made before it) */
	bool two = strmap_add(&m, "בוצע", 1) && strmap_add(&m, "לא בוצע", 2);
	CHECK(two && m.len == 2, "hash: two keys are added");
	bool again = strmap_add(&m, "בוצע", 9);
	CHECK(!again && *strmap_get(&m, "בוצע") == 1 && m.len == 2,
	      "hash: adding a key again keeps its first value");
	CHECK(strmap_get(&m, "בוצע ") == NULL && strmap_get(&m, "") == NULL,
	      "hash: a key is found only as written");
	bool added;
	size_t *v = strmap_put(&m, "בוטל", &added);
	CHECK(added && *v == 0, "hash: put adds a missing key with value 0");
	*v = 5;
	v = strmap_put(&m, "בוטל", &added);
	CHECK(!added && *v == 5 && m.len == 3, "hash: put finds a present key and its value");
	bool empty = strmap_add(&m, "", 4);
	CHECK(empty && *strmap_get(&m, "") == 4, "hash: the empty string is a key");
}

static void test_collisions(void)
{
	struct strmap m = {.a = &A, .hash = same_hash};
	bool found = fill_and_find(&m, 300);
	CHECK(found, "hash: 300 keys with one hash are all found, no other is");
	struct strmap t = {.a = &A, .hash = three_hashes};
	found = fill_and_find(&t, 1000);
	CHECK(found, "hash: 1000 keys with three hashes are all found");
}

static void test_growth(void)
{
	struct strmap m = {.a = &A};
	bool found = fill_and_find(&m, 20000);
	CHECK(found, "hash: 20000 keys, after 12 doublings, are all found");
	CHECK(m.cap == 65536 && m.len * 2 <= m.cap,
	      "hash: the table stays at most half full (%zu of %zu)", m.len, m.cap);
	size_t collided = 0; /* keys not at their first slot: few when the hash spreads them */
	for (size_t i = 0; i < m.cap; i++) {
		const struct strmap_slot *s = &m.slots[i];
		uint64_t h = s->hash;
		collided += s->key && ((size_t)(h ^ (h >> 32)) & (m.cap - 1)) != i;
	}
	CHECK(collided < m.len / 4, "hash: FNV-1a spreads the keys (%zu of %zu moved on)",
	      collided, m.len);
	CHECK(strmap_hash("") == 0xcbf29ce484222325u && strmap_hash("a") == 0xaf63dc4c8601ec8cu,
	      "hash: FNV-1a's published values for \"\" and \"a\"");
}

int main(void)
{
	test_basics();
	test_collisions();
	test_growth();
	arena_free(&A);
	return check_failed ? 1 : 0;
}
