/* test_manifest_edit.c — one unit's plan: changed in book.yaml's text (write_manifest.c),
 * as the web server does when a unit sends another kind of file or a pending unit sends
 * its first plan: only that value changes, comments, quoting, line ends and the other units
 * stay byte for byte. */
#include <stdlib.h>

#include "check.h"
#include "util.h"
#include "write_manifest.h"

static struct arena A;

/* src with unit's plan set, or "ERROR: why" */
static const char *E(const char *src, const char *unit, const char *plan)
{
	struct buf out = {0};
	const char *error = NULL;
	const char *r = manifest_set_plan(&A, src, strlen(src), unit, plan, &out, &error)
			? arena_strdup(&A, buf_cstr(&out))
			: arena_printf(&A, "ERROR: %s", error);
	buf_free(&out);
	return r;
}

static const char book[] =
	"id: book-2020   # the file name\n"
	"parts:\n"
	"  - id: general\n"
	"    title: מינהל כללי\n"
	"    units:\n"
	"      - id: it\n"
	"        toc: אגף מערכות מידע\n"
	"        plan: general/it.csv   # the IT plan\n"
	"      - id: legal\n"
	"        toc: לשכה משפטית\n"
	"        plan: \"general/legal.csv\"\n"
	"      - id: new-unit\n"
	"        toc: יחידה חדשה\n"
	"        pending: yes\n"
	"      - {id: flow, toc: זרימה, pending: yes}\n"
	"      - {id: flow2, toc: זרימה, plan: 'x/flow2.csv'}\n";

int main(void)
{
	const char *r = E(book, "it", "general/it.xlsx");
	CHECK(strstr(r, "        plan: general/it.xlsx   # the IT plan\n") != NULL,
	      "a plain plan value is replaced, its comment kept");
	CHECK(strlen(r) == strlen(book) + 1 && !strncmp(r, book, strstr(book, "general/it.csv") - book),
	      "nothing before it changes, and the text grows by the one letter");
	r = E(book, "legal", "general/legal.xlsx");
	CHECK(strstr(r, "        plan: general/legal.xlsx\n") != NULL && !strstr(r, "legal.csv"),
	      "a quoted value is replaced whole, quotes included");
	CHECK(strstr(r, "plan: general/it.csv   # the IT plan") != NULL, "the other units stay");
	r = E(book, "new-unit", "new-unit.csv");
	CHECK(strstr(r, "      - id: new-unit\n        plan: new-unit.csv\n        toc: יחידה חדשה\n") != NULL,
	      "a unit without a plan gets a plan line after its id, at its keys' indentation");
	r = E(book, "flow", "flow.xlsx");
	CHECK(strstr(r, "{id: flow, toc: זרימה, pending: yes, plan: flow.xlsx}") != NULL,
	      "a unit written on one line gets ', plan: …' before its closing brace");
	r = E(book, "flow2", "x/flow2.xlsx");
	CHECK(strstr(r, "{id: flow2, toc: זרימה, plan: x/flow2.xlsx}") != NULL,
	      "a single-quoted value on one line is replaced");
	r = E(book, "it", "general/תוכנית it.xlsx");
	CHECK(strstr(r, "plan: \"general/תוכנית it.xlsx\"   # the IT plan") != NULL,
	      "a name with a space is written in double quotes");
	r = E(book, "nobody", "x.csv");
	CHECK(!strncmp(r, "ERROR: ", 7), "a unit that is not in book.yaml is an error, nothing written");
	r = E("id: x\nparts: [\n", "it", "x.csv");
	CHECK(!strncmp(r, "ERROR: ", 7), "a book.yaml that does not parse is an error");
	const char crlf[] = "parts:\r\n  - id: a\r\n    units:\r\n      - id: u\r\n        toc: u\r\n";
	r = E(crlf, "u", "u.csv");
	CHECK(!strcmp(r, "parts:\r\n  - id: a\r\n    units:\r\n      - id: u\r\n        plan: u.csv\r\n        toc: u\r\n"),
	      "a file with CRLF line ends gets a CRLF line");
	const char last[] = "parts:\n  - id: a\n    units:\n      - id: u";
	r = E(last, "u", "u.csv");
	CHECK(!strcmp(r, "parts:\n  - id: a\n    units:\n      - id: u\n        plan: u.csv"),
	      "an id on the last line, with no line end, gets the plan on a new line");
	const char bom[] = "\xEF\xBB\xBFparts:\n  - id: a\n    units:\n      - id: u\n        plan: u.csv\n";
	r = E(bom, "u", "u.xlsx");
	CHECK(!strcmp(r, "\xEF\xBB\xBFparts:\n  - id: a\n    units:\n      - id: u\n        plan: u.xlsx\n"),
	      "a byte-order mark is kept, and the value found after it");
	const char hebrew[] = "parts:\n  - id: א\n    title: ״מינהל״ – כללי\n    units:\n      - {id: u, toc: שלום עולם, plan: p.csv}\n";
	r = E(hebrew, "u", "p.xlsx");
	CHECK(strstr(r, "{id: u, toc: שלום עולם, plan: p.xlsx}") != NULL,
	      "Hebrew before the value (libyaml counts characters, the text is bytes)");
	arena_free(&A);
	return check_failed ? 1 : 0;
}
