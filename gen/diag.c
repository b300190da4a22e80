/* diag.c — the message table and the one function that prints a diagnostic. */
#include "diag.h"

#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct diag_message diag_messages[D__COUNT] = {
	[D_FILE_OPEN] = {"PB001", SEV_ERROR, N_("cannot read the file: %s")},
	[D_UTF8] = {"PB002", SEV_ERROR,
		    N_("the text is not valid UTF-8 (byte offset %ld); save the file as UTF-8")},
	[D_YAML_SYNTAX] = {"PB003", SEV_ERROR, N_("this YAML does not parse: %s")},
	[D_YAML_TYPE] = {"PB004", SEV_ERROR, N_("'%s' should be %s")},
	[D_KEY_UNKNOWN] = {"PB005", SEV_WARNING, N_("unknown setting '%s' is ignored%s")},
	[D_KEY_MISSING] = {"PB006", SEV_ERROR, N_("'%s' is missing")},
	[D_VALUE_BAD] = {"PB007", SEV_ERROR, N_("'%s' is not a valid %s")},
	[D_FONT_LOAD] = {"PB008", SEV_ERROR, N_("cannot use the font file %s")},
	[D_FRONT_MATTER] = {"PB009", SEV_ERROR,
			    N_("the header block that starts with '---' is never closed by a second '---' line")},
	[D_PROSE_EMPTY] = {"PB010", SEV_WARNING, N_("this prose page has no text")},
	[D_PROSE_UNSUPPORTED] = {"PB011", SEV_WARNING, N_("%s cannot be printed in the book and is left out")},
	[D_OUTPUT] = {"PB012", SEV_ERROR, N_("cannot write the book: %s")},
	[D_PDF] = {"PB013", SEV_ERROR, N_("the PDF library failed (error 0x%04X, detail %u)")},
	[D_TOO_LONG] = {"PB014", SEV_WARNING, N_("%s")},
	[D_ENCODING] = {"PB015", SEV_WARNING,
			N_("the file is not UTF-8; it was read as Hebrew Windows text (Windows-1255). "
			"In Excel, save it as 'CSV UTF-8' to avoid this")},
	[D_CSV_QUOTE] = {"PB016", SEV_ERROR,
			 N_("this cell opens a double quote (\") that is never closed")},
	[D_COLUMN_UNKNOWN] = {"PB017", SEV_ERROR,
			      N_("unknown column '%s'%s; an extra column must be named under the "
			      "unit's extra-columns in book.yaml")},
	[D_COLUMN_TWICE] = {"PB018", SEV_ERROR, N_("the column '%s' appears twice")},
	[D_COLUMN_MISSING] = {"PB019", SEV_ERROR, N_("the header row has no column '%s'")},
	[D_NO_GOAL] = {"PB020", SEV_ERROR,
		       N_("this row continues a goal, but no goal starts above it (fill the goal's "
		       "cells on its first row)")},
	[D_GOAL_NO_METRIC] = {"PB021", SEV_ERROR, N_("this goal has no metric line")},
	[D_TYPE_MISSING] = {"PB022", SEV_ERROR, N_("the goal's first row has no metric type (סוג מדד)")},
	[D_TYPE_UNKNOWN] = {"PB023", SEV_ERROR, N_("unknown metric type '%s'%s")},
	[D_VISION_UNKNOWN] = {"PB024", SEV_WARNING,
			      N_("'%s' is not in the mayor's vision list of book.yaml%s")},
	[D_POLICY_UNKNOWN] = {"PB025", SEV_WARNING,
			      N_("'%s' is not in the policy emphases of book.yaml%s")},
	[D_DATE_IMPOSSIBLE] = {"PB026", SEV_WARNING, N_("there is no such date: %s")},
	[D_BUDGET_UNKNOWN] = {"PB027", SEV_WARNING,
			      N_("the budget '%s' is neither an amount nor one of the texts accepted in "
			      "book.yaml (budget-texts)")},
	[D_PLAN_EMPTY] = {"PB028", SEV_ERROR, N_("the plan has no rows: %s")},
	[D_UNIT_TWICE] = {"PB029", SEV_ERROR, N_("the unit id '%s' is already used at line %d")},
	[D_FILE_UNUSED] = {"PB030", SEV_WARNING, N_("this file is in the input folder but book.yaml does not list it")},
	[D_UNIT_PENDING] = {"PB031", SEV_WARNING, N_("the plan of '%s' is not entered yet (pending)")},
	[D_EVENT_DATE] = {"PB032", SEV_ERROR, N_("the calendar event '%s' has a date that does not exist: %s")},
	[D_EVENT_BACKWARDS] = {"PB033", SEV_ERROR,
			       N_("the calendar event '%s' ends (%s) before it starts (%s)")},
	[D_EVENT_OUTSIDE] = {"PB034", SEV_WARNING,
			     N_("the calendar event '%s' is not in %d, the year of the book, so the calendar "
			     "does not show it")},
	[D_CALENDAR_FULL] = {"PB035", SEV_WARNING,
			     N_("the planning calendar does not fit its page (%s): give it a larger page "
			     "in the layout (calendar: page: {size: A3}) or fewer overlapping events")},
	[D_UTF16] = {"PB040", SEV_ERROR,
		     N_("the file looks like Unicode text (UTF-16) but is damaged; in Excel, save it "
			"again as 'CSV UTF-8' or as a workbook (.xlsx)")},
	[D_TOO_MANY_COLUMNS] = {"PB041", SEV_ERROR,
				N_("this row has more than %d columns: the file is not a plan")},
	[D_TOO_MANY_ROWS] = {"PB042", SEV_ERROR,
			     N_("the file has more than %d rows: the file is not a plan")},
	[D_FILE_TOO_LARGE] = {"PB043", SEV_ERROR,
			      N_("the file is %ld MB, more than the %ld MB a plan may take")},
	[D_WORKBOOK_NAMED] = {"PB044", SEV_WARNING,
			      N_("this file is an Excel workbook although its name does not end in "
				 ".xlsx; it was read as a workbook. Rename it to .xlsx")},
	[D_OLD_XLS] = {"PB045", SEV_ERROR,
		       N_("this is an old Excel file (.xls, Excel 97-2003); open it in Excel and "
			  "save it as 'Excel Workbook (.xlsx)'")},
	[D_NOT_WORKBOOK] = {"PB046", SEV_ERROR,
			    N_("the file is named .xlsx but is not an Excel workbook (it may be "
			       "damaged); save it again from Excel as .xlsx")},
	[D_SHEET_IN_CSV] = {"PB047", SEV_WARNING,
			    N_("book.yaml names the sheet '%s', but this file is CSV, which has one "
			       "sheet; the setting is ignored")},
	[D_HEADER_YEAR] = {"PB048", SEV_WARNING,
			   N_("the column '%s' names the year %d, but the book is of %d: check that "
			      "its values are this year's and correct the name")},
	[D_MERGED_ACROSS_GOALS] = {"PB049", SEV_WARNING,
				   N_("this merged cell reaches into the next goal (row %d); its value "
				      "was given to both goals. If that is not meant, unmerge the cells")},
	[D_VALUE_NO_COLUMN] = {"PB050", SEV_ERROR,
			       N_("'%s' is in a column that has no name in the header row, so it "
				  "would not be printed: name the column (and list it under the "
				  "unit's extra-columns in book.yaml) or move the value")},
	[D_VALUE_NO_METRIC] = {"PB051", SEV_WARNING,
			       N_("this row has a target ('%s') but no metric (מדד): write the "
				  "metric it measures")},
	[D_ROW_HIDDEN] = {"PB052", SEV_WARNING,
			  N_("this row is hidden in Excel, but it is read and printed like the "
			     "others: delete it if it should not be in the book")},
	[D_HEADER_NOT_FIRST] = {"PB053", SEV_ERROR,
				N_("the column names must be on the first row (row %d), but they are "
				   "on row %d: delete the rows above them, or merge a two-row header "
				   "into one row of names")},
	[D_HEADER_MISSING] = {"PB054", SEV_ERROR,
			      N_("the first row must hold the column names (נושאים, מטרה, סוג מדד, "
				 "מדד, ערך, …) and no row of this file does: copy the header row "
				 "from the template")},
	[D_XLSX_DAMAGED] = {"PB055", SEV_ERROR,
			    N_("the workbook cannot be opened (%s): it may be damaged or cut short; "
			       "save it again from Excel")},
	[D_XLSX_PART_MISSING] = {"PB056", SEV_ERROR,
				 N_("the workbook has no %s: it may be damaged; save it again from "
				    "Excel")},
	[D_XLSX_TOO_LARGE] = {"PB057", SEV_ERROR,
			      N_("the workbook's part %s is too large to be a plan (%s)")},
	[D_XLSX_XML] = {"PB058", SEV_ERROR,
			N_("the workbook's part %s is damaged (%s, line %lu); save it again from "
			   "Excel")},
	[D_SHEET_MISSING] = {"PB059", SEV_ERROR,
			     N_("the workbook has no sheet '%s' (book.yaml names it); its sheets: %s")},
	[D_SHEET_HIDDEN] = {"PB060", SEV_WARNING,
			    N_("the sheet '%s' is hidden in Excel, but it is the one read")},
	[D_FORMULA_NO_VALUE] = {"PB061", SEV_ERROR,
				N_("this cell holds a formula that was saved without its result: "
				   "open the file in Excel and save it again, or type the value")},
	[D_SHARED_STRING] = {"PB062", SEV_ERROR,
			     N_("this cell points to text %ld, but the workbook holds %ld: the file "
				"is damaged; save it again from Excel")},
	[D_CELL_ERROR] = {"PB063", SEV_ERROR,
			  N_("this cell shows the Excel error %s: correct the formula or type the "
			     "value")},
	[D_NUMBER_FORMAT] = {"PB064", SEV_ERROR,
			     N_("the number %s cannot be shown in this cell's format '%s' (Excel "
				"shows #####): correct the value or the format")},
	[D_CELL_REF] = {"PB065", SEV_ERROR,
			N_("the workbook has a cell with the reference '%s', which is not a cell: "
			   "the file is damaged; save it again from Excel")},
	[D_VOCAB_SPLIT] = {"PB066", SEV_WARNING,
			   N_("'%s' is one item, but the list in book.yaml (line %d) splits it at its "
			      "comma: put that item in quotes there, \"%s\"")},
	[D_HEADER_TWO_ROWS] = {"PB071", SEV_ERROR,
			       N_("the column names are on two rows (%d and %d), as the printed book "
				  "shows them: write every name in row %d, one a cell, unmerge the "
				  "cells and delete the other row")},
	[D_MERGED_LINES] = {"PB072", SEV_WARNING,
			    N_("this merged cell reaches down to row %d, but each row of a plan has "
			       "its own value in this column: only row %d prints it. Unmerge the "
			       "cells and write the value on every row that needs it")},
	[D_TEMPLATE] = {"PB036", SEV_ERROR, N_("cannot write the workbook: %s")},
	[D_YAML_ADVICE] = {"PB067", SEV_ERROR, N_("%s (the file does not read as YAML: %s)")},
	[D_YAML_HASH] = {"PB068", SEV_ERROR,
			 N_("put the value of '%s' in quotes: it starts with #, which YAML reads as "
			    "the start of a comment, so the value was empty")},
	[D_YAML_COMMA] = {"PB069", SEV_ERROR,
			  N_("'%s' has no value: if it is part of the value of '%s', put that value "
			     "in quotes: it has a comma")},
	[D_STATUS_UNKNOWN] = {"PB073", SEV_WARNING,
			      N_("'%s' is not one of the statuses (בוצע, בוצע חלקית, לא בוצע, בוטל, or "
				 "those of book.yaml's measurement: statuses)%s")},
	[D_DONE_NO_RESULT] = {"PB074", SEV_WARNING,
			      N_("the status is '%s' but there is no result: write what was achieved "
				 "in '%s'")},
	[D_NO_EXPLANATION] = {"PB075", SEV_WARNING,
			      N_("the status is '%s' but there is no explanation: write in '%s' why, "
				 "and what will be done")},
	[D_UNREPORTED] = {"PB076", SEV_WARNING,
			  N_("%zu of %zu metric lines: no status for %s (rows: %s)")},
	[D_PERIOD_NO_COLUMNS] = {"PB077", SEV_WARNING,
				 N_("the plan has no results for %s: add the columns '%s', '%s' and "
				    "'%s'")},
	[D_CEO_VALUE] = {"PB078", SEV_WARNING,
			 N_("'%s' is not a CEO-metric mark: write '%s' for a CEO metric, or leave the "
			    "cell empty")},
	[D_PROSE_UPDATE] = {"PB070", SEV_WARNING,
			    N_("this page is still to be updated (%s); the note is not printed")},
	[D_EXPORT] = {"PB090", SEV_ERROR, N_("cannot write the export: %s")},
	[D_BOOKLET_NO_RESULTS] = {"PB080", SEV_WARNING,
				  N_("no plan has results for %s (the columns '%s', '%s' and '%s'): "
				     "the booklet shows every line as not reported")},
	[D_BOOKLET_UNREPORTED] = {"PB081", SEV_WARNING,
				  N_("%zu of %zu metric lines: no status for %s; the end of the "
				     "booklet lists the lines not reported (planbook check "
				     "--measurement %s shows each unit's)")},
	[D_LAYOUT_VALUE] = {"PB120", SEV_ERROR, N_("'%s' cannot be used: %s")},
	[D_FONT_FALLBACK] = {"PB121", SEV_WARNING,
			     N_("cannot use the font file %s; the book uses %s instead")},
	[D_YAML_HASH_COLOR] = {"PB122", SEV_ERROR,
			       N_("put the colour in quotes: %s: \"%s\" (YAML reads # as the start "
				  "of a comment, so the value was empty)")},
	[D_TITLE_PATTERN] = {"PB123", SEV_WARNING,
			     N_("the layout has no title pattern '%s' (it has %s): the tables take "
				"the pattern '%s'")},
	[D_TABLE_TOO_NARROW] = {"PB095", SEV_WARNING,
				N_("the %zu columns of this plan's table do not fit the page even at "
				   "their narrowest: its numbers, dates and column names need %.0f mm "
				   "and the page has %.0f mm, so some of them are cut between lines. "
				   "Leave out extra columns, shorten the longest values, or give the "
				   "tables a wider page in the layout (tables: page: {size: A3})")},
	[D_SECTION_EMPTY] = {"PB100", SEV_ERROR,
			     N_("'%s' has no pages to print (a unit whose plan is not entered yet "
				"has none); no file was written")},
};

/* The place and the severity, before the message. */
static void print_place(struct diag *d, FILE *out, const struct source *at, bool error)
{
	if (at && at->file) {
		bool renamed = d->rename_path && d->rename_as && !strcmp(at->file, d->rename_path);
		fputs(renamed ? d->rename_as : at->file, out);
		if (at->line > 0) {
			fprintf(out, ":%d", at->line);
			if (at->col > 0)
				fprintf(out, ":%d", at->col);
		}
		fputs(": ", out);
	}
	if (at && at->row > 0 && at->column > 0) {
		char letters[8];
		diag_column_letters(at->column, letters);
		if (at->sheet)
			fprintf(out, "%s!%s%d", at->sheet, letters, at->row);
		else
			fprintf(out, _("row %d, column %s"), at->row, letters);
		if (at->heading && at->heading[0])
			fprintf(out, " (%s)", at->heading);
		fputs(": ", out);
	} else if (at && at->row > 0) {
		if (at->sheet)
			fprintf(out, "%s!", at->sheet);
		fprintf(out, _("row %d"), at->row);
		fputs(": ", out);
	}
	fputs(error ? _("error: ") : _("warning: "), out);
}

static void report(struct diag *d, enum diag_code code, const struct source *at, va_list ap)
{
	const struct diag_message *m = &diag_messages[code];
	bool error = m->severity == SEV_ERROR || d->strict;
	if (error)
		d->errors++;
	else
		d->warnings++;
	if (!error && d->quiet_warnings)
		return;
	FILE *out = d->out ? d->out : stderr;
	print_place(d, out, at, error);
	vfprintf(out, m->text ? _(m->text) : "(no message)", ap);
	fprintf(out, " [%s]\n", m->id);
}

void diag_report(struct diag *d, enum diag_code code, const char *file, int line, int col, ...)
{
	struct source at = {file, line, col, NULL, 0, 0, NULL};
	va_list ap;
	va_start(ap, col);
	report(d, code, &at, ap);
	va_end(ap);
}

void diag_at(struct diag *d, enum diag_code code, const struct source *at, ...)
{
	va_list ap;
	va_start(ap, at);
	report(d, code, at, ap);
	va_end(ap);
}

bool diag_failed(const struct diag *d)
{
	return d->errors > 0;
}

const char *diag_hint(const char *near)
{
	static _Thread_local char text[512];
	if (!near)
		return "";
	snprintf(text, sizeof text, _(" (did you mean '%s'?)"), near);
	return text;
}

void diag_column_letters(int column, char *out)
{
	char rev[8];
	int n = 0;
	if (column < 1 || column > 16384) { /* Excel's last column is XFD */
		strcpy(out, "?");
		return;
	}
	while (column > 0 && n < 7) {
		rev[n++] = (char)('A' + (column - 1) % 26);
		column = (column - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

/* ---------------------------------------------------------------- language */

static bool names_hebrew(const char *v)
{
	return v && (strncmp(v, "he", 2) == 0 || strncmp(v, "iw", 2) == 0);
}

/* The first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides, as gettext
 * itself would choose. */
static bool environment_hebrew(void)
{
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && v[0])
			return names_hebrew(v);
	}
	return false;
}

static bool translate;

void diag_language(const char *lang, const char *localedir)
{
	bool hebrew = lang ? names_hebrew(lang) : environment_hebrew();
	translate = hebrew;
	if (!hebrew)
		return;
	/* Only the messages follow the locale: numbers in the PDF and the layout file are
	 * read and written the C way whatever the user's settings. gettext ignores LANGUAGE
	 * in the "C" locale, which is what a machine without he_IL gives; C.UTF-8 is always
	 * there and lets LANGUAGE choose the catalogue. */
	if (!setlocale(LC_MESSAGES, "") || !strcmp(setlocale(LC_MESSAGES, NULL), "C") ||
	    !strcmp(setlocale(LC_MESSAGES, NULL), "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setlocale(LC_CTYPE, "C.UTF-8");
	setenv("LANGUAGE", "he", 1);
	bindtextdomain("planbook", localedir);
	bind_textdomain_codeset("planbook", "UTF-8");
	textdomain("planbook");
}

const char *diag_text(const char *english)
{
	return translate ? gettext(english) : english;
}

const char *diag_ntext(const char *one, const char *many, unsigned long n)
{
	return translate ? ngettext(one, many, n) : n == 1 ? one : many;
}

bool diag_check_utf8(struct diag *d, const char *file, const char *text, size_t len,
		     int line_offset)
{
	long bad = utf8_check(text, len);
	if (bad < 0)
		return true;
	int line = 1 + line_offset;
	size_t line_start = 0;
	for (long i = 0; i < bad; i++)
		if (text[i] == '\n')
			line++, line_start = (size_t)i + 1;
	diag_report(d, D_UTF8, file, line, utf8_column(text + line_start, (size_t)bad - line_start),
		    bad);
	return false;
}
