/* diag.c — the message table and the one function that prints a diagnostic. */
#include "diag.h"

#include <stdarg.h>

#include "util.h"

const struct diag_message diag_messages[D__COUNT] = {
	[D_FILE_OPEN] = {"PB001", SEV_ERROR, "cannot read the file: %s"},
	[D_UTF8] = {"PB002", SEV_ERROR,
		    "the text is not valid UTF-8 (byte offset %ld); save the file as UTF-8"},
	[D_YAML_SYNTAX] = {"PB003", SEV_ERROR, "this YAML does not parse: %s"},
	[D_YAML_TYPE] = {"PB004", SEV_ERROR, "'%s' should be %s"},
	[D_KEY_UNKNOWN] = {"PB005", SEV_WARNING, "unknown setting '%s' is ignored%s%s%s"},
	[D_KEY_MISSING] = {"PB006", SEV_ERROR, "'%s' is missing"},
	[D_VALUE_BAD] = {"PB007", SEV_ERROR, "'%s' is not a valid %s"},
	[D_FONT_LOAD] = {"PB008", SEV_ERROR, "cannot use the font file %s"},
	[D_FRONT_MATTER] = {"PB009", SEV_ERROR,
			    "the header block that starts with '---' is never closed by a second '---' line"},
	[D_PROSE_EMPTY] = {"PB010", SEV_WARNING, "this prose page has no text"},
	[D_PROSE_UNSUPPORTED] = {"PB011", SEV_WARNING, "%s cannot be printed in the book and is left out"},
	[D_OUTPUT] = {"PB012", SEV_ERROR, "cannot write the book: %s"},
	[D_PDF] = {"PB013", SEV_ERROR, "the PDF library failed (error 0x%04X, detail %u)"},
	[D_TOO_LONG] = {"PB014", SEV_WARNING, "%s"},
	[D_ENCODING] = {"PB015", SEV_WARNING,
			"the file is not UTF-8; it was read as Hebrew Windows text (Windows-1255). "
			"In Excel, save it as 'CSV UTF-8' to avoid this"},
	[D_CSV_QUOTE] = {"PB016", SEV_ERROR,
			 "this cell opens a double quote (\") that is never closed"},
	[D_COLUMN_UNKNOWN] = {"PB017", SEV_ERROR,
			      "unknown column '%s'%s%s%s; an extra column must be named under the "
			      "unit's extra-columns in book.yaml"},
	[D_COLUMN_TWICE] = {"PB018", SEV_ERROR, "the column '%s' appears twice"},
	[D_COLUMN_MISSING] = {"PB019", SEV_ERROR, "the header row has no column '%s'"},
	[D_NO_GOAL] = {"PB020", SEV_ERROR,
		       "this row continues a goal, but no goal starts above it (fill the goal's "
		       "cells on its first row)"},
	[D_GOAL_NO_METRIC] = {"PB021", SEV_ERROR, "this goal has no metric line"},
	[D_TYPE_MISSING] = {"PB022", SEV_ERROR, "the goal's first row has no metric type (סוג מדד)"},
	[D_TYPE_UNKNOWN] = {"PB023", SEV_ERROR, "unknown metric type '%s'%s%s%s"},
	[D_VISION_UNKNOWN] = {"PB024", SEV_WARNING,
			      "'%s' is not in the mayor's vision list of book.yaml%s%s%s"},
	[D_POLICY_UNKNOWN] = {"PB025", SEV_WARNING,
			      "'%s' is not in the policy emphases of book.yaml%s%s%s"},
	[D_DATE_IMPOSSIBLE] = {"PB026", SEV_WARNING, "there is no such date: %s"},
	[D_BUDGET_UNKNOWN] = {"PB027", SEV_WARNING,
			      "the budget '%s' is neither an amount nor one of the texts accepted in "
			      "book.yaml (budget-texts)"},
	[D_PLAN_EMPTY] = {"PB028", SEV_ERROR, "the plan has no rows: %s"},
	[D_UNIT_TWICE] = {"PB029", SEV_ERROR, "the unit id '%s' is already used at line %d"},
	[D_FILE_UNUSED] = {"PB030", SEV_WARNING, "this file is in the input folder but book.yaml does not list it"},
	[D_UNIT_PENDING] = {"PB031", SEV_WARNING, "the plan of '%s' is not entered yet (pending)"},
	[D_EVENT_DATE] = {"PB032", SEV_ERROR, "the calendar event '%s' has a date that does not exist: %s"},
	[D_EVENT_BACKWARDS] = {"PB033", SEV_ERROR,
			       "the calendar event '%s' ends (%s) before it starts (%s)"},
	[D_EVENT_OUTSIDE] = {"PB034", SEV_WARNING,
			     "the calendar event '%s' is not in %d, the year of the book, so the calendar "
			     "does not show it"},
	[D_CALENDAR_FULL] = {"PB035", SEV_WARNING,
			     "the planning calendar does not fit its page (%s): give it a larger page "
			     "in the layout (calendar: page: {size: A3}) or fewer overlapping events"},
	[D_TEMPLATE] = {"PB036", SEV_ERROR, "cannot write the workbook: %s"},
};

void diag_report(struct diag *d, enum diag_code code, const char *file, int line, int col, ...)
{
	const struct diag_message *m = &diag_messages[code];
	bool error = m->severity == SEV_ERROR || d->strict;
	if (error)
		d->errors++;
	else
		d->warnings++;
	FILE *out = d->out ? d->out : stderr;
	if (file) {
		fputs(file, out);
		if (line > 0) {
			fprintf(out, ":%d", line);
			if (col > 0)
				fprintf(out, ":%d", col);
		}
		fputs(": ", out);
	}
	fputs(error ? "error: " : "warning: ", out);
	va_list ap;
	va_start(ap, col);
	const char *text = m->text ? m->text : "(no message)";
	vfprintf(out, text, ap);
	va_end(ap);
	fprintf(out, " [%s]\n", m->id);
}

bool diag_failed(const struct diag *d)
{
	return d->errors > 0;
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
