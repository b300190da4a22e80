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
