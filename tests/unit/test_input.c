/* test_input.c — the readers and the validator: every rule of docs/input-format.md, each
 * bad input with the exact diagnostic it must give. Each case writes a small input folder
 * into a temporary directory. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "folder.h"
#include "read_plan.h"

static const char manifest_head[] =
	"id: t\nyear: 2020\ntitle: t\n"
	"vocabularies:\n"
	"  vision:\n"
	"    - pillar: עיר מקיימת\n"
	"      themes: [ניצול חכם ויעיל של משאבים, עיר בריאה ופעילה]\n"
	"  policy:\n"
	"    - emphasis: פיתוח עירוני\n"
	"      items: [התחדשות עירונית]\n"
	"  metric-types:\n"
	"    - label: מדד התארגנות\n"
	"    - label: מדד תפוקה / ביצוע\n"
	"      spellings: [מדד ביצוע]\n"
	"    - label: מדד תוצאה\n"
	"  budget-texts: [במסגרת התקציב השוטף]\n";

/* A book with one unit whose plan is `csv`; extra lines for the unit go in `unit_extra`. */
static void write_book(const char *csv, const char *unit_extra)
{
	char m[4096];
	snprintf(m, sizeof m,
		 "%sparts:\n  - id: a\n    title: מינהל\n    units:\n"
		 "      - id: u1\n        toc: יחידה\n        plan: plan.csv\n%s",
		 manifest_head, unit_extra ? unit_extra : "");
	write_file("book.yaml", m, 0);
	write_file("plan.csv", csv, 0);
}

static const char header[] =
	"נושאים,חזון ראש העיר,הדגשי מדיניות,שם החשבון,תב\"ר,תקציב,מטרה,סוג מדד,מדד,ערך,הערות\n";

static const char good_plan[] =
	"נושאים,חזון ראש העיר,הדגשי מדיניות,שם החשבון,תב\"ר,תקציב,מטרה,סוג מדד,מדד,ערך,הערות\r\n"
	"נושא א,עיר מקיימת - עיר בריאה ופעילה,פיתוח עירוני - התחדשות עירונית,,5429,\"100,000\","
	"\"מטרה ראשונה, עם פסיק\",מדד התארגנות,\"שורה\nשנייה בתא\",31.03.2020,הערה\r\n"
	",,,,,,,,\"מס\"\"ד נתונים\",1.3.20,\r\n"
	",,,,,,,מדד ביצוע,ביצוע,מרץ-20,\r\n"
	",,,,,,,מדד תוצאה,תוצאה,80%,\r\n"
	",עיר מקיימת - ניצול חכם ויעיל של משאבים,,,,,מטרה שנייה,מדד התארגנות,צעד,31-מרץ,\r\n"
	",,,,,,,מדד תוצאה,,,\r\n"
	",,,,,,,,תוצאה שנייה,2020-2021,\r\n";

static void test_good_plan(void)
{
	/* with a byte-order mark, as Excel's "CSV UTF-8" writes it */
	char csv[2048];
	snprintf(csv, sizeof csv, "\xEF\xBB\xBF%s", good_plan);
	write_book(csv, NULL);
	struct book *b;
	int errors, warnings;
	char *out = run(&b, &errors, &warnings);
	CHECK(errors == 0 && warnings == 0, "plan: a good plan gives no diagnostic");
	if (*out)
		printf("       %s", out);
	struct plan *p = b ? b->parts[0].units[0].plan : NULL;
	CHECK(p && p->ngoals == 2, "plan: a row that fills a goal column starts a goal (%zu)",
	      p ? p->ngoals : 0);
	if (!p || p->ngoals != 2)
		return;
	struct goal *g = &p->goals[0];
	CHECK_STR(g->text, "מטרה ראשונה, עם פסיק", "plan: a quoted cell keeps its comma");
	CHECK_STR(g->budget, "100,000", "plan: the budget is kept as written");
	CHECK_STR(g->tabar, "5429", "plan: the capital-budget number");
	CHECK(g->ngroups == 3, "plan: three metric-type groups in the first goal");
	CHECK_STR(g->groups[0].lines[0].text, "שורה\nשנייה בתא",
		  "plan: a quoted cell keeps its line break (CRLF read as one)");
	CHECK_STR(g->groups[0].lines[1].text, "מס\"ד נתונים", "plan: a doubled quote is one quote");
	CHECK(g->groups[0].nlines == 2, "plan: an empty type cell continues the group");
	CHECK_STR(g->groups[1].canonical, "מדד תפוקה / ביצוע",
		  "plan: a spelling of a metric type maps to its label");
	CHECK_STR(g->groups[1].type, "מדד ביצוע", "plan: the type is kept as written");
	CHECK_STR(g->groups[0].lines[0].note, "הערה", "plan: the note of a line");
	struct goal *g2 = &p->goals[1];
	CHECK_STR(g2->topic, "נושא א", "plan: an empty topic continues the topic above");
	CHECK_STR(g2->policy, "", "plan: a new goal does not inherit the policy above");
	CHECK(g2->ngroups == 2 && g2->groups[1].nlines == 1,
	      "plan: a type row with no metric and the line under it form one group");
	CHECK(g->groups[0].lines[1].at.line == 4,
	      "plan: line numbers count the line break inside a quoted cell (%d)",
	      g->groups[0].lines[1].at.line);
}

static void expect(const char *csv, const char *unit_extra, const char *want, const char *name)
{
	write_book(csv, unit_extra);
	char *out = run(NULL, NULL, NULL);
	CHECK(strstr(out, want) != NULL, "%s", name);
	if (!strstr(out, want))
		printf("       want: %s\n       got:  %s", want, out);
}

static void test_bad_plans(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/plan.csv", dir);
	char want[512];
	char csv[4096];

	snprintf(csv, sizeof csv, "%s,,,,,,מטרה,מדד התארגנות,מדד,1,\n", header);
	snprintf(want, sizeof want, "%s:2:1: error: the plan has no rows", path);
	expect("נושאים,מטרה,סוג מדד,מדד,ערך\n", NULL, "error: the plan has no rows",
	       "bad plan: a header with no rows is an error");

	/* columns counted by hand: נושאים,מטרה,סוג מדד,מדד,ערך, is 28 characters */
	snprintf(csv, sizeof csv, "נושאים,מטרה,סוג מדד,מדד,ערך,הערת\nא,ב,מדד התארגנות,ג,1,ד\n");
	snprintf(want, sizeof want,
		 "%s:1:29: row 1, column F: error: unknown column 'הערת' (did you mean 'הערות'?); an extra column "
		 "must be named under the unit's extra-columns in book.yaml [PB017]", path);
	expect(csv, NULL, want, "bad plan: a misspelt column, with file, line, column and did-you-mean");
	snprintf(csv, sizeof csv,
		 "נושאים,מטרה,סוג מדד,מדד,ערך,פרוט\nא,ב,מדד התארגנות,ג,1,ד\n");
	snprintf(want, sizeof want,
		 "%s:1:29: row 1, column F: error: unknown column 'פרוט'; an extra column must be named under the "
		 "unit's extra-columns in book.yaml [PB017]", path);
	expect(csv, NULL, want, "bad plan: an unknown column, no far-fetched suggestion");
	write_book(csv, "        extra-columns: [פרוט]\n");
	struct book *b;
	int errors;
	run(&b, &errors, NULL);
	CHECK(errors == 0 && b->parts[0].units[0].plan->nextra == 1 &&
	      !strcmp(b->parts[0].units[0].plan->goals[0].groups[0].lines[0].extra[0], "ד"),
	      "plan: a column named in extra-columns is carried through");

	snprintf(csv, sizeof csv, "%sא,,,,,,מטרה בלי מדד,,,,\nב,,,,,,מטרה,מדד התארגנות,מדד,1,\n",
		 header);
	snprintf(want, sizeof want, "%s:2:", path);
	expect(csv, NULL, "this goal has no metric line [PB021]", "bad plan: a goal with no metric line");

	snprintf(csv, sizeof csv, "%s,,,,,,,מדד התארגנות,מדד,1,\n", header);
	expect(csv, NULL, ":2:1: row 2, column A (נושאים): error: this row continues a goal, but no goal starts above it",
	       "bad plan: a first row that starts no goal");

	snprintf(csv, sizeof csv, "%sא,,,,,,מטרה,,מדד,1,\n", header);
	expect(csv, NULL, "error: the goal's first row has no metric type",
	       "bad plan: a goal's first row without a metric type");

	snprintf(csv, sizeof csv, "%sא,עיר מקימת - עיר בריאה ופעילה,,,,,מטרה,מדד התארגנות,מדד,1,\n",
		 header);
	snprintf(want, sizeof want,
		 "%s:2:3: row 2, column B (חזון ראש העיר): warning: 'עיר מקימת - עיר בריאה ופעילה' is not in the mayor's vision list "
		 "of book.yaml (did you mean 'עיר מקיימת - עיר בריאה ופעילה'?) [PB024]", path);
	expect(csv, NULL, want, "bad plan: a vision value not in the list, with did-you-mean");

	snprintf(csv, sizeof csv, "%sא,,פיתוח עירוני - התחדשות עירונת,,,,מטרה,מדד התארגנות,מדד,1,\n",
		 header);
	expect(csv, NULL, "(did you mean 'פיתוח עירוני - התחדשות עירונית'?) [PB025]",
	       "bad plan: a policy value not in the list, with did-you-mean");

	snprintf(csv, sizeof csv, "%sא,,,,,,מטרה,מדד התארגנוט,מדד,1,\n", header);
	expect(csv, NULL,
	       "error: unknown metric type 'מדד התארגנוט' (did you mean 'מדד התארגנות'?) [PB023]",
	       "bad plan: an unknown metric type");

	snprintf(csv, sizeof csv,
		 "%sא,,,,,,מטרה,מדד התארגנות,מדד,31/02/2020,\n,,,,,,,,מדד ב,31/11/2019,\n", header);
	/* the value cells: after "א,,,,,,מטרה,מדד התארגנות,מדד," (29 characters) and after
	 * ",,,,,,,,מדד ב," (14) */
	expect(csv, NULL, "plan.csv:2:30: row 2, column J (ערך): warning: there is no such date: 31/02/2020 [PB026]",
	       "bad plan: 31/02/2020 is caught, at its cell");
	expect(csv, NULL, "plan.csv:3:15: row 3, column J (ערך): warning: there is no such date: 31/11/2019 [PB026]",
	       "bad plan: 31/11/2019 is caught, at its cell");
	snprintf(csv, sizeof csv,
		 "%sא,,,,,,מטרה,מדד התארגנות,מדד,30-פבר,\n,,,,,,,,מדד ב,31.4,\n", header);
	expect(csv, NULL, "no such date: 30-פבר", "bad plan: a day beyond the month's, by name");
	expect(csv, NULL, "no such date: 31.4", "bad plan: day and month only");

	snprintf(csv, sizeof csv, "%sא,,,,,הרבה כסף,מטרה,מדד התארגנות,מדד,1,\n", header);
	expect(csv, NULL,
	       "warning: the budget 'הרבה כסף' is neither an amount nor one of the texts accepted in "
	       "book.yaml (budget-texts) [PB027]",
	       "bad plan: a budget that is neither an amount nor an accepted text");

	snprintf(csv, sizeof csv, "%sא,,,,,,\"מטרה בלי סוף,מדד התארגנות,מדד,1,\n", header);
	expect(csv, NULL, ":2:8: error: this cell opens a double quote (\") that is never closed",
	       "bad plan: an unclosed quote");

	snprintf(csv, sizeof csv, "%sא,,,,,,מטרה,מדד התארגנות,מדד \xff\xfe,1,\n", header);
	expect(csv, NULL, "error: the text is not valid UTF-8 (byte offset",
	       "bad plan: bytes that are neither UTF-8 nor Hebrew Windows text");

	expect("נושאים,מטרה,סוג מדד,ערך\nא,ב,מדד התארגנות,1\n", NULL,
	       ":1:1: row 1: error: the header row has no column 'מדד' [PB019]",
	       "bad plan: a missing required column");
}

/* A plan saved as plain "CSV" by Hebrew Excel: Windows-1255. */
static void test_windows_1255(void)
{
	/* Windows-1255 puts alef…tav at 0xE0…0xFA: "מטרה" is EE E8 F8 E4 */
	const char csv[] = "\xEE\xE8\xF8\xE4,\xF1\xE5\xE2 \xEE\xE3\xE3,\xEE\xE3\xE3,\xF2\xF8\xEA\r\n"
			   "\xE0\xE1\xE2,\xEE\xE3\xE3 \xFA\xE5\xF6\xE0\xE4,\xE3\xE5\xE7,5\r\n";
	write_book(csv, NULL);
	struct book *b;
	int errors, warnings;
	char *out = run(&b, &errors, &warnings);
	CHECK(errors == 0 && warnings == 1 && strstr(out, "[PB015]"),
	      "encoding: a Windows-1255 file is read, with one warning");
	struct plan *p = b ? b->parts[0].units[0].plan : NULL;
	CHECK(p && p->ngoals == 1 && !strcmp(p->goals[0].text, "אבג") &&
	      !strcmp(p->goals[0].groups[0].type, "מדד תוצאה"),
	      "encoding: its Hebrew arrives as UTF-8");
}

static void test_manifest(void)
{
	write_file("plan.csv", good_plan, 0);
	char m[4096];
	snprintf(m, sizeof m,
		 "%sparts:\n  - id: a\n    title: מינהל\n    units:\n"
		 "      - id: u1\n        toc: יחידה\n        plan: plan.csv\n"
		 "      - id: u1\n        toc: יחידה שנייה\n        plan: plan.csv\n"
		 "      - id: u3\n        toc: יחידה שלישית\n        plan: missing.csv\n"
		 "      - id: u4\n        toc: יחידה רביעית\n        pending: yes\n",
		 manifest_head);
	write_file("book.yaml", m, 0);
	write_file("forgotten.csv", header, 0);
	int errors, warnings;
	char *out = run(NULL, &errors, &warnings);
	char want[512];
	snprintf(want, sizeof want, "%s/book.yaml:24:9: error: the unit id 'u1' is already used at line 21 [PB029]", dir);
	CHECK(strstr(out, want) != NULL, "manifest: a unit listed twice");
	snprintf(want, sizeof want, "%s/book.yaml:29:15: error: cannot read the file: %s/missing.csv does not exist", dir, dir);
	CHECK(strstr(out, want) != NULL, "manifest: a plan file listed but missing");
	snprintf(want, sizeof want, "%s/forgotten.csv: warning: this file is in the input folder but book.yaml does not list it [PB030]", dir);
	CHECK(strstr(out, want) != NULL, "manifest: a plan in the folder that nothing lists");
	CHECK(strstr(out, "warning: the plan of 'יחידה רביעית' is not entered yet (pending) [PB031]") != NULL,
	      "manifest: a pending unit is a warning");
	if (errors != 2)
		printf("%s", out);
	unlink(arena_printf(&A, "%s/forgotten.csv", dir));
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/pb-input-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	test_good_plan();
	test_bad_plans();
	test_windows_1255();
	test_manifest();
	unlink(arena_printf(&A, "%s/book.yaml", dir));
	unlink(arena_printf(&A, "%s/plan.csv", dir));
	rmdir(dir);
	arena_free(&A);
	return check_failed ? 1 : 0;
}
