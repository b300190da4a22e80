/* fuzz_xlsx_xml.c — the workbook reader past its zip: the input is the XML of a workbook's
 * sheet, shared strings, styles and workbook parts, separated by lines "====", stored
 * uncompressed in a real zip with the relationships around them, and read by plan_read.
 * (Mutating a compressed zip seldom gets past its checksums: fuzz_xlsx covers the zip
 * layer, this one the XML the sheet reader and the number formats see.) */
#define _GNU_SOURCE /* memmem */
#include <zip.h>

#include "fuzz.h"
#include "read_plan.h"

static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
				    "xl/styles.xml", "xl/workbook.xml"};

static const char rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char book_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/styles\" Target=\"styles.xml\"/></Relationships>";
static const char default_book[] =
	"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"תוכנית\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	zip_int64_t i = s ? zip_file_add(z, name, s, ZIP_FL_OVERWRITE) : -1;
	if (i < 0) {
		zip_source_free(s);
		abort();
	}
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("plan.xlsx");
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
	if (!z)
		abort();
	add(z, "_rels/.rels", rels, sizeof rels - 1);
	add(z, "xl/_rels/workbook.xml.rels", book_rels, sizeof book_rels - 1);
	const char *p = (const char *)data, *end = p + size;
	bool have_book = false;
	for (int part = 0; part < 4 && p <= end; part++) {
		const char *sep = memmem(p, (size_t)(end - p), "\n====\n", 6);
		const char *stop = sep ? sep : end;
		add(z, names[part], p, (size_t)(stop - p));
		have_book |= part == 3;
		p = sep ? sep + 6 : end + 1;
	}
	if (!have_book)
		add(z, names[3], default_book, sizeof default_book - 1);
	if (zip_close(z) != 0)
		abort();
	struct diag d = fuzz_diag();
	struct arena a = {0};
	plan_read(&a, &d, path, NULL);
	arena_free(&a);
	return 0;
}
