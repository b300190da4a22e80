/* check.h — a minimal test harness: each CHECK prints "ok" or "FAIL" with its name, and
 * the runner counts them. */
#ifndef PB_CHECK_H
#define PB_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed;

#define CHECK(cond, ...)                                                             \
	do {                                                                         \
		int held_ = (cond) != 0; /* once: a condition may have side effects */ \
		if (held_) {                                                         \
			printf("ok   ");                                              \
		} else {                                                             \
			printf("FAIL ");                                              \
			check_failed++;                                              \
		}                                                                    \
		printf(__VA_ARGS__);                                                 \
		if (!held_)                                                          \
			printf("   [%s:%d: %s]", __FILE__, __LINE__, #cond);          \
		printf("\n");                                                        \
	} while (0)

#define CHECK_STR(got, want, ...)                                                    \
	do {                                                                         \
		const char *g_ = (got), *w_ = (want);                                \
		CHECK(g_ && strcmp(g_, w_) == 0, __VA_ARGS__);                        \
		if (!g_ || strcmp(g_, w_))                                           \
			printf("       got:  [%s]\n       want: [%s]\n", g_ ? g_ : "(null)", w_); \
	} while (0)

#endif
