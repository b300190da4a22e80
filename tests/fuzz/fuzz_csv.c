/* fuzz_csv.c — a unit's plan as CSV: the input is written as plan.csv and read by plan_read. */
#include "fuzz.h"
#include "read_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = fuzz_diag();
	struct arena a = {0};
	plan_read(&a, &d, fuzz_write("plan.csv", data, size), NULL);
	arena_free(&a);
	return 0;
}
