/* fuzz_xlsx.c — a unit's plan as an Excel workbook: the input is written as plan.xlsx and
 * read by plan_read, which chooses the reader by the file's name and content. Until .xlsx
 * reading lands this exercises only the CSV reader's refusal of binary data. */
#include "fuzz.h"
#include "read_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = fuzz_diag();
	struct arena a = {0};
	plan_read(&a, &d, fuzz_write("plan.xlsx", data, size), NULL);
	arena_free(&a);
	return 0;
}
