/* test_numbers.c — the number writing the PDF writer does by hand (util.c), against the C
 * library's own: put_decimal against snprintf, round_long against lround. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "util.h"

static void test_decimal(void)
{
	static const unsigned long values[] = {0, 7, 9, 10, 42, 99, 100, 101, 999, 1000, 12345,
					       99999, 100000, 4294967295UL, ULONG_MAX};
	int same = 0, n = (int)(sizeof values / sizeof *values);
	for (int i = 0; i < n; i++) {
		char mine[32], libc[32];
		*put_decimal(mine, values[i]) = '\0';
		snprintf(libc, sizeof libc, "%lu", values[i]);
		same += strcmp(mine, libc) == 0;
	}
	long spread = 0;
	for (unsigned long v = 0; v < 200000; v += 7) {
		char mine[32], libc[32];
		*put_decimal(mine, v) = '\0';
		snprintf(libc, sizeof libc, "%lu", v);
		spread += strcmp(mine, libc) != 0;
	}
	CHECK(same == n && spread == 0, "put_decimal writes what printf's %%lu writes (%d of %d, "
	      "and every seventh number to 200,000)", same, n);
}

static void test_rounding(void)
{
	static const double halves[] = {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1234.5, -1234.5,
					0.49999999999999994, -0.49999999999999994, 0, -0.0};
	int same = 0, n = (int)(sizeof halves / sizeof *halves);
	for (int i = 0; i < n; i++)
		same += round_long(halves[i]) == lround(halves[i]);
	long differ = 0;
	srand(7);
	for (int i = 0; i < 1000000; i++) {
		double x = ((double)rand() / RAND_MAX - 0.5) * 2e7 + (double)(rand() % 4) * 0.25;
		differ += round_long(x) != lround(x);
	}
	CHECK(same == n && differ == 0, "round_long rounds as lround: halves away from zero "
	      "(%d of %d), and a million numbers up to 10^7 (%ld differ)", same, n, differ);
}

int main(void)
{
	test_decimal();
	test_rounding();
	return check_failed ? 1 : 0;
}
