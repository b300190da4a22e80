/* read_yaml_advice.c — turns what the YAML parser says ("mapping values are not allowed in
 * this context") into what an editor of book.yaml should do ("indent 'prose:' under
 * 'toc:'"), by looking at the lines around the place it stopped. */
#include <string.h>

#include "read_yaml.h"

/* Line n (0-based) of text, without its newline; NULL past the end. */
static const char *line_at(const char *text, size_t len, int n, size_t *line_len)
{
	size_t i = 0;
	for (int k = 0; k < n; k++) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return NULL;
		i = (size_t)(nl - text) + 1;
	}
	if (i > len)
		return NULL;
	const char *nl = memchr(text + i, '\n', len - i);
	*line_len = (nl ? (size_t)(nl - text) : len) - i;
	if (*line_len && text[i + *line_len - 1] == '\r')
		(*line_len)--;
	return text + i;
}

static size_t indent_of(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static bool blank_or_comment(const char *s, size_t n)
{
	size_t i = indent_of(s, n);
	return i == n || s[i] == '#';
}

/* The key a line sets ("- toc: x" → "toc"), into out; false if it sets none. */
static bool key_of(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = indent_of(s, n);
	if (i + 1 < n && s[i] == '-' && s[i + 1] == ' ')
		i = indent_of(s + i + 2, n - i - 2) + i + 2;
	const char *colon = memchr(s + i, ':', n - i);
	if (!colon || colon == s + i || (size_t)(colon - s - i) >= cap)
		return false;
	size_t k = (size_t)(colon - s) - i;
	memcpy(out, s + i, k);
	out[k] = '\0';
	return !strpbrk(out, " \"'{[");
}

/* "key:value" with no space: the line at or just above where the parser stopped. */
static const char *missing_space(struct arena *a, const char *text, size_t len, int line,
				 int *at)
{
	for (int n = line; n >= 0 && n >= line - 1; n--) {
		size_t ll;
		const char *s = line_at(text, len, n, &ll);
		char key[128];
		if (!s || !key_of(s, ll, key, sizeof key))
			continue;
		const char *colon = memchr(s, ':', ll);
		if (colon + 1 < s + ll && colon[1] != ' ') {
			*at = n;
			return arena_printf(a, _("put a space after '%s:'"), key);
		}
	}
	return NULL;
}

/* A key indented differently from the key above it that it belongs with. */
static const char *misindented(struct arena *a, const char *text, size_t len, int line, int *at)
{
	size_t ll, pl;
	const char *s = line_at(text, len, line, &ll);
	char key[128], prev[128];
	if (!s || !key_of(s, ll, key, sizeof key))
		return NULL;
	for (int n = line - 1; n >= 0; n--) {
		const char *p = line_at(text, len, n, &pl);
		if (!p || blank_or_comment(p, pl))
			continue;
		if (!key_of(p, pl, prev, sizeof prev))
			return NULL;
		*at = line;
		return arena_printf(a, _("indent '%s:' under '%s:' (line %d)"), key, prev, n + 1);
	}
	return NULL;
}

/* A plain value holding ": " reads as a second key. */
static const char *colon_in_value(struct arena *a, const char *text, size_t len, int line)
{
	size_t ll;
	const char *s = line_at(text, len, line, &ll);
	char key[128];
	if (!s || !key_of(s, ll, key, sizeof key))
		return NULL;
	const char *colon = memchr(s, ':', ll);
	size_t rest = ll - (size_t)(colon + 1 - s);
	for (size_t i = 0; i + 1 < rest; i++)
		if (colon[1 + i] == ':' && colon[2 + i] == ' ')
			return arena_printf(a, _("put the value of '%s' in quotes: it has ': '"), key);
	return NULL;
}

const char *yaml_advice(struct arena *a, const char *text, size_t len, const char *problem,
			int line, int context_line, int *at)
{
	*at = line;
	if (!problem)
		return NULL;
	if (strstr(problem, "could not find expected ':'"))
		return missing_space(a, text, len, line, at);
	if (strstr(problem, "mapping values are not allowed")) {
		const char *why = colon_in_value(a, text, len, line);
		return why ? why : misindented(a, text, len, line, at);
	}
	if (strstr(problem, "did not find expected '-' indicator") ||
	    strstr(problem, "did not find expected key"))
		return misindented(a, text, len, line, at);
	if (strstr(problem, "tab character"))
		return arena_strdup(a, _("indent with spaces, not with tabs"));
	if (strstr(problem, "did not find expected ',' or ']'") ||
	    strstr(problem, "did not find expected ',' or '}'")) {
		*at = context_line >= 0 ? context_line : line;
		size_t ll;
		const char *s = line_at(text, len, *at, &ll);
		for (size_t i = 0; s && i + 1 < ll; i++)
			if ((s[i] == ' ' || s[i] == '\t') && s[i + 1] == '#')
				return arena_strdup(a, _("put the value that starts with # in quotes "
							 "(\"#1F3864\"): YAML reads # as the start "
							 "of a comment"));
		return arena_strdup(a, _("close the brackets opened on this line, and put a value "
					 "that has a comma or ':' in quotes"));
	}
	if (strstr(problem, "end of stream") || strstr(problem, "quoted scalar")) {
		*at = context_line >= 0 ? context_line : line;
		return arena_strdup(a, _("a quote opened on this line is never closed"));
	}
	return NULL;
}
