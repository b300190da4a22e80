/* xlsx_numfmt.c — a cell's number as a Hebrew Excel shows it through its number format.
 *
 * A format code (ECMA-376 §18.8.31) has up to four sections, positive;negative;zero;text.
 * Each section is cut into tokens once (digit placeholders, date parts, literals), and the
 * chosen section is then rendered into a fixed buffer. Every loop is bounded by the code's
 * length, the token cap or the output cap, so a hostile code cannot crash or hang it.
 *
 * Numbers are rounded the way Excel does: to 15 significant decimal digits first (what
 * Excel stores), then half away from zero on that decimal string, so 1.005 → 1.01 even
 * though the double is just below 1.005.
 *
 * Choices where Excel cannot be matched exactly:
 *  - General has no column width here: up to 10 significant digits (11 for integers),
 *    E notation from 1E+11 up and below 1E-06, as a standard-width Excel column.
 *  - The 1900 serial 0 shows as day 0 of January 1900 (00/01/1900), as Excel does.
 *  - Fractions (# ?/?) use the nearest fraction whose denominator fits the placeholders,
 *    searched up to 9999.
 *  - The locale currency built-ins (5–8, 41–44) use ₪ after the number, as he-IL does.
 *  - Conditions: the first section whose [cond] holds, else the second if it has none,
 *    else the third; only the second section drops the minus sign.
 *  - Not shown: colours, fills (*x) and column widths (no cell here), [DBNum], the B1/B2
 *    calendars and the e year (their letters print as text), Hebrew AM/PM names.
 *  - A result over OUT_MAX bytes, or a section of over MAX_TOKENS tokens, gives NULL. */
#include "xlsx_numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_MAX 512    /* bytes shown; room for 1E+308 through #,##0 (411 bytes) */
#define MAX_TOKENS 128 /* per section; Excel's codes are at most 255 characters */
#define MAX_SECTIONS 4
#define MAX_SERIAL_1900 2958465.0 /* 31/12/9999 */
#define MAX_SERIAL_1904 2957003.0

enum tk_kind {
	TK_LIT, TK_DIGIT, TK_POINT, TK_COMMA, TK_PERCENT, TK_EXP, TK_AT, TK_GENERAL,
	TK_SLASH, TK_DATE, TK_ELAPSED, TK_AMPM, TK_SUBSEC
};
/* What a comma does, decided from its neighbours (see classify_commas). */
enum comma_role { CM_LITERAL, CM_GROUP, CM_SCALE, CM_SILENT };

struct token {
	unsigned char kind;
	char ch;  /* the placeholder 0 # ?, the date letter (n = minutes), E's sign, A/P case */
	int n;    /* repeat count of a date letter, or the comma's role */
	const char *s; /* literal text */
	size_t len;
};

struct section {
	struct token tk[MAX_TOKENS];
	int ntk;
	bool overflow, is_date, has_cond;
	char op[3];
	double cond;
};

struct out {
	char s[OUT_MAX];
	size_t n;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= OUT_MAX - o->n) {
		o->full = true;
		return;
	}
	memcpy(o->s + o->n, s, n);
	o->n += n;
}

static void putc1(struct out *o, char c) { put(o, &c, 1); }
static void puts0(struct out *o, const char *s) { put(o, s, strlen(s)); }

/* ---- decimal digits ----------------------------------------------------------- */

/* A non-negative number as decimal digits: 0.d[0]d[1]… × 10^exp, no trailing zeros,
 * n == 0 for zero. 15 digits is what Excel keeps of a double. */
struct dec {
	char d[16];
	int n, exp;
};

static void dec_trim(struct dec *r)
{
	while (r->n > 0 && r->d[r->n - 1] == 0)
		r->n--;
}

static struct dec dec_from(double x)
{
	struct dec r = {{0}, 0, 0};
	if (!(x > 0))
		return r;
	char s[40];
	snprintf(s, sizeof s, "%.14e", x); /* d.dddddddddddddde±XX */
	r.d[0] = (char)(s[0] - '0');
	for (int i = 1; i < 15; i++)
		r.d[i] = (char)(s[i + 1] - '0');
	r.n = 15;
	r.exp = atoi(s + 17) + 1;
	dec_trim(&r);
	return r;
}

/* The digit worth 10^p. */
static int dec_digit(const struct dec *r, int p)
{
	long i = (long)r->exp - 1 - p;
	return i >= 0 && i < r->n ? r->d[i] : 0;
}

/* Rounds half away from zero to k digits after the point. */
static void dec_round(struct dec *r, int k)
{
	long keep = (long)r->exp + k;
	if (r->n == 0 || keep >= r->n)
		return;
	if (keep < 0) {
		r->n = 0;
		return;
	}
	bool up = r->d[keep] >= 5;
	r->n = (int)keep;
	if (up) {
		int i = r->n - 1;
		while (i >= 0 && r->d[i] == 9)
			r->d[i--] = 0;
		if (i < 0) { /* 0.999 → 1.000: one more integer digit */
			r->d[0] = 1;
			r->n = 1;
			r->exp++;
		} else {
			r->d[i]++;
		}
	}
	dec_trim(r);
}

/* Number of digits before the point (0 for values below 1). */
static int dec_intlen(const struct dec *r) { return r->n && r->exp > 0 ? r->exp : 0; }

static void put_digits(struct out *o, const struct dec *r, int from, int to)
{
	for (int p = from; p >= to && !o->full; p--)
		putc1(o, (char)('0' + dec_digit(r, p)));
}

/* ---- General ------------------------------------------------------------------ */

/* x ≥ 0 as a standard-width Excel column shows it in General. */
static void put_general(struct out *o, double x)
{
	struct dec r = dec_from(x);
	if (r.n == 0) {
		putc1(o, '0');
		return;
	}
	int e10 = r.exp - 1;
	if (e10 >= 11 || e10 < -6) {
		dec_round(&r, 6 - r.exp); /* six significant digits: 1.23457E+11 */
		e10 = r.exp - 1;
		putc1(o, (char)('0' + r.d[0]));
		if (r.n > 1) {
			putc1(o, '.');
			put_digits(o, &r, e10 - 1, e10 - (r.n - 1));
		}
		char e[16];
		snprintf(e, sizeof e, "E%c%02d", e10 < 0 ? '-' : '+', abs(e10));
		puts0(o, e);
		return;
	}
	int il = dec_intlen(&r) ? dec_intlen(&r) : 1;
	dec_round(&r, il >= 10 ? 0 : 10 - il);
	il = dec_intlen(&r);
	if (il == 0)
		putc1(o, '0');
	put_digits(o, &r, il - 1, 0);
	int last = r.n - r.exp; /* decimals left after trimming */
	if (last > 0) {
		putc1(o, '.');
		put_digits(o, &r, -1, -last);
	}
}

/* ---- tokens ------------------------------------------------------------------- */

static size_t u8len(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return n > (size_t)(end - p) ? (size_t)(end - p) : n;
}

static bool ci_match(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((p[i] | 0x20) != word[i])
			return false;
	return true;
}

static struct token *add(struct section *sec, unsigned char kind, char ch, int n)
{
	if (sec->ntk >= MAX_TOKENS) {
		sec->overflow = true;
		return NULL;
	}
	struct token *t = &sec->tk[sec->ntk++];
	*t = (struct token){kind, ch, n, NULL, 0};
	return t;
}

/* Literal text; runs of plain characters join one token so long codes stay small. */
static void add_lit(struct section *sec, const char *s, size_t len)
{
	struct token *last = sec->ntk ? &sec->tk[sec->ntk - 1] : NULL;
	if (last && last->kind == TK_LIT && last->s + last->len == s) {
		last->len += len;
		return;
	}
	struct token *t = add(sec, TK_LIT, 0, 0);
	if (t) {
		t->s = s;
		t->len = len;
	}
}

/* [..]: a currency [$₪-40D] gives its symbol, [h] [mm] [ss] elapsed time, [<100] a
 * condition; colours, locales and anything else show nothing. */
static void bracket(struct section *sec, const char *p, const char *end)
{
	if (p < end && *p == '$') {
		const char *dash = memchr(p + 1, '-', (size_t)(end - p - 1));
		add_lit(sec, p + 1, (size_t)((dash ? dash : end) - p - 1));
		return;
	}
	char c = p < end ? (char)(*p | 0x20) : 0;
	if (c == 'h' || c == 'm' || c == 's') {
		const char *q = p;
		while (q < end && (*q | 0x20) == c)
			q++;
		if (q == end) {
			add(sec, TK_ELAPSED, c, end - p > 20 ? 20 : (int)(end - p));
			return;
		}
	}
	if (c == '<' || c == '>' || c == '=') {
		size_t k = 0;
		while (p < end && strchr("<>=", *p) && k < 2)
			sec->op[k++] = *p++;
		sec->op[k] = 0;
		char num[64];
		size_t len = (size_t)(end - p) < sizeof num - 1 ? (size_t)(end - p) : sizeof num - 1;
		memcpy(num, p, len);
		num[len] = 0;
		sec->cond = strtod(num, NULL);
		sec->has_cond = true;
	}
}

static void tokenize(struct section *sec, const char *p, const char *end)
{
	while (p < end && !sec->overflow) {
		char c = *p;
		if (c == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
			const char *stop = q ? q : end;
			add_lit(sec, p + 1, (size_t)(stop - p - 1));
			p = q ? q + 1 : end;
		} else if ((c == '\\' || c == '_' || c == '*') && p + 1 < end) {
			size_t n = u8len(p + 1, end);
			if (c == '\\')
				add_lit(sec, p + 1, n);
			else if (c == '_') /* a space as wide as the next character */
				add_lit(sec, " ", 1);
			/* '*': fill the cell with the next character; nothing without a width */
			p += 1 + n;
		} else if (c == '[') {
			const char *q = memchr(p, ']', (size_t)(end - p));
			bracket(sec, p + 1, q ? q : end);
			p = q ? q + 1 : end;
		} else if (ci_match(p, end, "general")) {
			add(sec, TK_GENERAL, 0, 0);
			p += 7;
		} else if (ci_match(p, end, "am/pm")) {
			add(sec, TK_AMPM, 'L', 0);
			p += 5;
		} else if (ci_match(p, end, "a/p")) {
			add(sec, TK_AMPM, c, 0); /* A/P or a/p: the letter keeps its case */
			p += 3;
		} else if (c == '0' || c == '#' || c == '?') {
			add(sec, TK_DIGIT, c, 0);
			p++;
		} else if ((c == 'E' || c == 'e') && p + 1 < end && (p[1] == '+' || p[1] == '-')) {
			add(sec, TK_EXP, p[1], 0);
			p += 2;
		} else if (strchr("dmyhs", c | 0x20) && c) {
			const char *q = p;
			while (q < end && (*q | 0x20) == (c | 0x20))
				q++;
			add(sec, TK_DATE, (char)(c | 0x20), q - p > 99 ? 99 : (int)(q - p));
			p = q;
		} else {
			unsigned char kind = c == '.' ? TK_POINT : c == ',' ? TK_COMMA
				: c == '%' ? TK_PERCENT : c == '@' ? TK_AT : c == '/' ? TK_SLASH : TK_LIT;
			size_t n = u8len(p, end);
			if (kind == TK_LIT)
				add_lit(sec, p, n);
			else
				add(sec, kind, c, 0);
			p += n;
		}
	}
}

/* Date sections: m or mm right after an hour or right before a second is minutes (n);
 * a point followed by zeros is a fraction of a second. */
static void resolve_date(struct section *sec)
{
	int prev = -1;
	for (int i = 0; i < sec->ntk; i++) {
		struct token *t = &sec->tk[i];
		if (t->kind != TK_DATE && t->kind != TK_ELAPSED)
			continue;
		if (t->kind == TK_DATE && t->ch == 'm' && t->n <= 2) {
			int j = i + 1;
			while (j < sec->ntk && sec->tk[j].kind != TK_DATE && sec->tk[j].kind != TK_ELAPSED)
				j++;
			bool after_h = prev >= 0 && sec->tk[prev].ch == 'h';
			bool before_s = j < sec->ntk && sec->tk[j].ch == 's';
			if (after_h || before_s)
				t->ch = 'n';
		}
		prev = i;
	}
	int w = 0;
	for (int i = 0; i < sec->ntk; i++) {
		struct token t = sec->tk[i];
		int z = 0;
		while (t.kind == TK_POINT && i + 1 < sec->ntk && sec->tk[i + 1].kind == TK_DIGIT &&
		       sec->tk[i + 1].ch == '0') {
			i++;
			z++;
		}
		if (z) {
			t.kind = TK_SUBSEC;
			t.n = z > 3 ? 3 : z; /* Excel shows at most milliseconds */
		}
		sec->tk[w++] = t;
	}
	sec->ntk = w;
}

/* A comma between digit placeholders of the integer part groups thousands; commas right
 * after the last placeholder scale by 1000 each; elsewhere a comma is itself. */
static void classify_commas(struct section *sec)
{
	bool after_point = false;
	for (int i = 0; i < sec->ntk; i++) {
		struct token *t = &sec->tk[i];
		if (t->kind == TK_POINT || t->kind == TK_EXP)
			after_point = true;
		if (t->kind != TK_COMMA)
			continue;
		int j = i;
		while (j < sec->ntk && sec->tk[j].kind == TK_COMMA)
			j++;
		bool prev_digit = i > 0 && sec->tk[i - 1].kind == TK_DIGIT;
		bool next_digit = j < sec->ntk && sec->tk[j].kind == TK_DIGIT;
		int role = !prev_digit ? CM_LITERAL
			   : next_digit ? (after_point ? CM_SILENT : CM_GROUP)
					: CM_SCALE;
		for (int k = i; k < j; k++)
			sec->tk[k].n = role;
		i = j - 1;
	}
}

static void parse_section(struct section *sec, const char *p, const char *end)
{
	memset(sec, 0, sizeof *sec);
	tokenize(sec, p, end);
	for (int i = 0; i < sec->ntk; i++)
		if (sec->tk[i].kind == TK_DATE || sec->tk[i].kind == TK_ELAPSED)
			sec->is_date = true;
	if (sec->is_date)
		resolve_date(sec);
	else
		classify_commas(sec);
}

/* Cuts code at the semicolons that are not quoted, escaped or bracketed. */
static int split(const char *code, const char *start[], const char *end[])
{
	int n = 0;
	const char *p = code, *s = code;
	while (*p) {
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			p = q ? q + 1 : p + strlen(p);
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			p += p[1] ? 2 : 1;
		} else if (*p == '[') {
			const char *q = strchr(p, ']');
			p = q ? q + 1 : p + strlen(p);
		} else if (*p == ';' && n < MAX_SECTIONS - 1) {
			start[n] = s;
			end[n++] = p;
			s = ++p;
		} else {
			p++;
		}
	}
	start[n] = s;
	end[n++] = p;
	for (int i = n; i < MAX_SECTIONS; i++) /* the missing sections are empty */
		start[i] = end[i] = p;
	return n;
}

/* ---- numbers ------------------------------------------------------------------ */

/* Where the placeholders of a number section are. */
struct layout {
	int nint, ndec, nexp, scale, pct, point, exp, slash;
	bool group;
};

static struct layout analyse(const struct section *sec)
{
	struct layout L = {0, 0, 0, 0, 0, -1, -1, -1, false};
	for (int i = 0; i < sec->ntk; i++) {
		const struct token *t = &sec->tk[i];
		switch (t->kind) {
		case TK_DIGIT:
			if (L.exp >= 0)
				L.nexp++;
			else if (L.point >= 0)
				L.ndec++;
			else
				L.nint++;
			break;
		case TK_POINT:
			if (L.point < 0 && L.exp < 0)
				L.point = i;
			break;
		case TK_EXP:
			if (L.exp < 0)
				L.exp = i;
			break;
		case TK_COMMA:
			L.group |= t->n == CM_GROUP;
			L.scale += t->n == CM_SCALE;
			break;
		case TK_PERCENT:
			L.pct++;
			break;
		case TK_SLASH: /* a fraction: placeholders before, placeholders or a number after */
			if (L.slash < 0 && L.point < 0 && L.exp < 0 && i > 0 &&
			    sec->tk[i - 1].kind == TK_DIGIT && i + 1 < sec->ntk &&
			    (sec->tk[i + 1].kind == TK_DIGIT ||
			     (sec->tk[i + 1].kind == TK_LIT && sec->tk[i + 1].len &&
			      sec->tk[i + 1].s[0] >= '1' && sec->tk[i + 1].s[0] <= '9')))
				L.slash = i;
			break;
		default:
			break;
		}
	}
	return L;
}

/* Digit placeholder k (from the left) of nph in the integer part. The first one also
 * shows the digits that have no placeholder of their own. */
static void put_int_ph(struct out *o, const struct dec *r, int nph, int k, char ph, bool group)
{
	int il = dec_intlen(r), p = nph - 1 - k;
	for (int q = k == 0 ? (il - 1 > p ? il - 1 : p) : p; q >= p && q >= 0 && !o->full; q--) {
		char c = q < il ? (char)('0' + dec_digit(r, q)) : ph == '0' ? '0' : ph == '?' ? ' ' : 0;
		if (!c)
			continue;
		putc1(o, c);
		if (group && c != ' ' && q > 0 && q % 3 == 0)
			putc1(o, ',');
	}
}

/* Decimal placeholder j (1-based): # and ? give way to trailing zeros. */
static void put_dec_ph(struct out *o, const struct dec *r, int j, char ph)
{
	int last = r->n - r->exp; /* position of the last non-zero decimal */
	if (j <= last || ph == '0')
		putc1(o, (char)('0' + dec_digit(r, -j)));
	else if (ph == '?')
		putc1(o, ' ');
}

static int floordiv(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* Turns r into the mantissa of a scientific format and returns the exponent, a multiple
 * of the integer placeholders (##0.0E+0 is engineering notation), as LibreOffice does. */
static int sci_shift(struct dec *r, int nint, int ndec)
{
	int n = nint > 0 ? nint : 1;
	for (int pass = 0; r->n && pass < 2; pass++) {
		int e10 = r->exp - 1, e = floordiv(e10, n) * n;
		struct dec m = *r;
		m.exp -= e;
		dec_round(&m, ndec);
		if (pass == 1 || m.n == 0 || m.exp - 1 + e == e10) {
			*r = m;
			return e;
		}
		*r = m; /* rounding carried into a new digit: choose the exponent again */
		r->exp += e;
	}
	return 0;
}

/* Tokens that show the same in every kind of section. */
static void put_plain(struct out *o, const struct token *t, double x)
{
	switch (t->kind) {
	case TK_LIT:
		put(o, t->s, t->len);
		break;
	case TK_COMMA:
		if (t->n == CM_LITERAL)
			putc1(o, ',');
		break;
	case TK_AT:
	case TK_GENERAL:
		put_general(o, x);
		break;
	case TK_EXP:
		putc1(o, 'E');
		putc1(o, t->ch);
		break;
	case TK_DIGIT:
	case TK_POINT:
	case TK_PERCENT:
	case TK_SLASH:
		putc1(o, t->ch);
		break;
	default:
		break;
	}
}

static void render_number(struct out *o, const struct section *sec, const struct layout *L,
			  double x)
{
	struct dec r = dec_from(x);
	if (r.n)
		r.exp += 2 * L->pct - 3 * L->scale;
	int e = 0;
	if (L->exp >= 0)
		e = sci_shift(&r, L->nint, L->ndec);
	else
		dec_round(&r, L->ndec);
	int k = 0, j = 0;
	for (int i = 0; i < sec->ntk && !o->full; i++) {
		const struct token *t = &sec->tk[i];
		if (t->kind == TK_DIGIT && (L->exp < 0 || i < L->exp)) {
			if (L->point < 0 || i < L->point)
				put_int_ph(o, &r, L->nint, k++, t->ch, L->group);
			else
				put_dec_ph(o, &r, ++j, t->ch);
		} else if (t->kind == TK_DIGIT) {
			/* exponent digits were written with the E */
		} else if (i == L->point) {
			if (L->nint == 0) /* .00 still shows the integer digits */
				put_int_ph(o, &r, 0, 0, '#', L->group);
			putc1(o, '.');
		} else if (i == L->exp) {
			char s[32];
			snprintf(s, sizeof s, "E%s%0*d", e < 0 ? "-" : t->ch == '+' ? "+" : "",
				 L->nexp > 10 ? 10 : L->nexp, abs(e));
			puts0(o, s);
		} else if (t->kind == TK_PERCENT) {
			putc1(o, '%');
		} else {
			put_plain(o, t, x);
		}
	}
}

/* The nearest num/den to f with den ≤ maxden (the smallest such den). */
static void nearest_fraction(double f, long maxden, long *num, long *den)
{
	double best = 2;
	*num = 0;
	*den = 1;
	for (long d = 1; d <= maxden; d++) {
		double n = floor(f * (double)d + 0.5), err = fabs(f - n / (double)d);
		if (err < best - 1e-12) {
			best = err;
			*num = (long)n;
			*den = d;
		}
	}
}

/* # ?/?: a whole part (when it has placeholders), then a fraction whose denominator fits
 * the denominator's placeholders, or is the number written there (?/8). */
static void render_fraction(struct out *o, const struct section *sec, const struct layout *L,
			    double x)
{
	int a = L->slash, b = L->slash + 1, nden = 0, nint = 0;
	while (a > 0 && sec->tk[a - 1].kind == TK_DIGIT)
		a--;
	while (b < sec->ntk && sec->tk[b].kind == TK_DIGIT && nden < 9) {
		b++;
		nden++;
	}
	for (int i = 0; i < a; i++)
		nint += sec->tk[i].kind == TK_DIGIT;
	double whole = nint ? floor(x) : 0, f = x - whole;
	long num, den, fixed = nden ? 0 : strtol(sec->tk[L->slash + 1].s, NULL, 10);
	if (fixed > 0 && fixed < 1000000) {
		den = fixed;
		num = (long)floor(f * (double)fixed + 0.5);
	} else {
		long maxden = 9;
		for (int i = 1; i < nden && i < 4; i++)
			maxden = maxden * 10 + 9;
		nearest_fraction(f, maxden, &num, &den);
	}
	if (nint && num == den) {
		whole += 1;
		num = 0;
	}
	bool blank = nint && num == 0; /* 5 shows as "5    " */
	struct dec w = dec_from(whole);
	char ns[24], ds[24];
	int nl = snprintf(ns, sizeof ns, "%ld", num), dl = snprintf(ds, sizeof ds, "%ld", den);
	int k = 0;
	for (int i = 0; i < sec->ntk && !o->full; i++) {
		const struct token *t = &sec->tk[i];
		if (t->kind == TK_DIGIT && i < a) {
			bool last = k == nint - 1;
			put_int_ph(o, &w, nint, k++, blank && last && !w.n ? '0' : t->ch, false);
		} else if (i >= a && i < L->slash) { /* numerator, right-aligned */
			int pad = (L->slash - a) - nl, q = i - a;
			if (blank)
				putc1(o, ' ');
			else if (q < pad)
				put(o, t->ch == '?' ? " " : t->ch == '0' ? "0" : "", t->ch != '#');
			if (!blank && q == (pad > 0 ? pad : 0))
				put(o, ns, (size_t)nl);
		} else if (i == L->slash) {
			putc1(o, blank ? ' ' : '/');
		} else if (i > L->slash && i < b) { /* denominator, left-aligned */
			int q = i - L->slash - 1;
			if (blank || (q >= dl && t->ch == '?'))
				putc1(o, ' ');
			else if (q == 0)
				put(o, ds, (size_t)dl);
		} else {
			put_plain(o, t, x);
		}
	}
}

/* ---- dates -------------------------------------------------------------------- */

static const char *const month_short[12] = {"ינו", "פבר", "מרץ", "אפר", "מאי", "יונ",
					    "יול", "אוג", "ספט", "אוק", "נוב", "דצמ"};
static const char *const month_long[12] = {"ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני",
					   "יולי", "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"};
static const char *const day_short[7] = {"יום א'", "יום ב'", "יום ג'", "יום ד'",
					 "יום ה'", "יום ו'", "שבת"};
static const char *const day_long[7] = {"יום ראשון", "יום שני", "יום שלישי", "יום רביעי",
					"יום חמישי", "יום שישי", "שבת"};

/* A serial's calendar date and time of day, and the elapsed totals of [h] [m] [s]. */
struct when {
	int y, mon, d, wd, h, mi, s;
	long long frac, th, tm, ts; /* frac: the part of a second in units of 10^-prec */
};

/* Gregorian date of a day count from 1970-01-01 (Hinnant's days_from_civil, inverted). */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* False for what Excel shows as #####: a negative serial or one past 31/12/9999. The
 * time is rounded to the shown precision first, so 23:59:59.7 is the next day. */
static bool when_from(double v, bool d1904, int prec, struct when *w)
{
	double max = d1904 ? MAX_SERIAL_1904 : MAX_SERIAL_1900;
	if (!(v >= 0) || v >= max + 1)
		return false;
	long long unit = 1;
	for (int i = 0; i < prec; i++)
		unit *= 10;
	long long t = (long long)floor(v * 86400.0 * (double)unit + 0.5);
	long long secs = t / unit, day = secs / 86400, rem = secs % 86400;
	if ((double)day > max)
		return false;
	w->frac = t % unit;
	w->ts = secs;
	w->tm = secs / 60;
	w->th = secs / 3600;
	w->h = (int)(rem / 3600);
	w->mi = (int)(rem / 60 % 60);
	w->s = (int)(rem % 60);
	long sd = (long)day;
	w->wd = (int)((sd + (d1904 ? 1462 : 0) + 6) % 7); /* serial 1 (1900) was a Sunday */
	if (!d1904 && sd < 61) { /* Excel's 1900 keeps Lotus's 29/02/1900 and a day 0 */
		w->y = 1900;
		w->mon = sd <= 31 ? 1 : 2;
		w->d = (int)(sd <= 31 ? sd : sd - 31);
	} else {
		civil(sd - (d1904 ? 24107 : 25569), &w->y, &w->mon, &w->d);
	}
	return true;
}

static void put_num(struct out *o, long long v, int width)
{
	char s[32];
	snprintf(s, sizeof s, "%0*lld", width > 20 ? 20 : width, v);
	puts0(o, s);
}

static void put_date_token(struct out *o, const struct token *t, const struct when *w, bool ampm)
{
	int n = t->n;
	switch (t->ch) {
	case 'y':
		put_num(o, n <= 2 ? w->y % 100 : w->y, n <= 2 ? 2 : 4);
		break;
	case 'm':
		if (n <= 2)
			put_num(o, w->mon, n);
		else if (n == 5) /* the first letter: one UTF-8 Hebrew letter is two bytes */
			put(o, month_long[w->mon - 1], 2);
		else
			puts0(o, (n == 3 ? month_short : month_long)[w->mon - 1]);
		break;
	case 'd':
		if (n <= 2)
			put_num(o, w->d, n);
		else
			puts0(o, (n == 3 ? day_short : day_long)[w->wd]);
		break;
	case 'h':
		put_num(o, ampm ? (w->h % 12 ? w->h % 12 : 12) : w->h, n > 2 ? 2 : n);
		break;
	case 'n':
		put_num(o, w->mi, n);
		break;
	case 's':
		put_num(o, w->s, n > 2 ? 2 : n);
		break;
	}
}

static void render_date(struct out *o, const struct section *sec, const struct when *w, int prec,
			double x)
{
	bool ampm = false;
	for (int i = 0; i < sec->ntk; i++)
		ampm |= sec->tk[i].kind == TK_AMPM;
	for (int i = 0; i < sec->ntk && !o->full; i++) {
		const struct token *t = &sec->tk[i];
		long long div = 1;
		switch (t->kind) {
		case TK_DATE:
			put_date_token(o, t, w, ampm);
			break;
		case TK_ELAPSED:
			put_num(o, t->ch == 'h' ? w->th : t->ch == 'm' ? w->tm : w->ts, t->n);
			break;
		case TK_SUBSEC:
			for (int k = t->n; k < prec; k++)
				div *= 10;
			putc1(o, '.');
			put_num(o, w->frac / div, t->n);
			break;
		case TK_AMPM:
			if (t->ch == 'L')
				puts0(o, w->h < 12 ? "AM" : "PM");
			else
				putc1(o, (char)((w->h < 12 ? 'A' : 'P') | (t->ch & 0x20)));
			break;
		default:
			put_plain(o, t, x);
		}
	}
}

/* ---- the format as a whole ---------------------------------------------------- */

/* [<100] [>=0] [=5] [<>0]: the operators of a section's condition. */
static bool cond_holds(const struct section *s, double v)
{
	bool lt = strchr(s->op, '<'), gt = strchr(s->op, '>'), eq = strchr(s->op, '=');
	if (lt && gt)
		return v != s->cond;
	return (lt && v < s->cond) || (gt && v > s->cond) || (eq && v == s->cond);
}

/* Which section shows v; -1 when none does (Excel shows #####). Without conditions:
 * one section shows all, two split at zero (zero is positive), three give zero its own.
 * With conditions: the first section whose condition holds; one without any holds. */
static int choose(const struct section *secs, int nsec, double v)
{
	int nnum = nsec > 3 ? 3 : nsec;
	if (secs[0].has_cond || (nnum > 1 && secs[1].has_cond)) {
		if (secs[0].has_cond ? cond_holds(&secs[0], v) : v >= 0)
			return 0;
		if (nnum > 1 && (!secs[1].has_cond || cond_holds(&secs[1], v)))
			return 1;
		return nnum > 2 ? 2 : -1;
	}
	if (nnum == 1 || v > 0 || (v == 0 && nnum == 2))
		return 0;
	return v < 0 ? 1 : 2;
}

const char *numfmt_format(struct arena *a, double value, const char *code, bool date1904)
{
	if (!isfinite(value))
		return NULL;
	if (!code || !*code)
		code = "General";
	const char *start[MAX_SECTIONS], *end[MAX_SECTIONS];
	int nsec = split(code, start, end);
	struct section secs[MAX_SECTIONS];
	for (int i = 0; i < MAX_SECTIONS; i++) {
		parse_section(&secs[i], start[i], end[i]);
		if (secs[i].overflow)
			return NULL;
	}
	int pick = choose(secs, nsec, value);
	if (pick < 0)
		return NULL;
	const struct section *sec = &secs[pick];
	double x = fabs(value);
	struct out ob, *o = &ob;
	ob.n = 0;
	ob.full = false;
	if (sec->is_date) {
		int prec = 0;
		for (int i = 0; i < sec->ntk; i++)
			if (sec->tk[i].kind == TK_SUBSEC && sec->tk[i].n > prec)
				prec = sec->tk[i].n;
		struct when w;
		if (value < 0 || !when_from(x, date1904, prec, &w))
			return NULL;
		render_date(o, sec, &w, prec, x);
	} else {
		/* A section of its own for negatives writes its own sign. */
		if (value < 0 && pick != 1 && sec->ntk)
			putc1(o, '-');
		struct layout L = analyse(sec);
		if (L.slash >= 0 && x < 1e9)
			render_fraction(o, sec, &L, x);
		else if (L.slash >= 0)
			put_general(o, x);
		else
			render_number(o, sec, &L, x);
	}
	return o->full ? NULL : arena_strndup(a, o->s, o->n);
}

bool numfmt_is_date(const char *code)
{
	if (!code)
		return false;
	const char *start[MAX_SECTIONS], *end[MAX_SECTIONS];
	int nsec = split(code, start, end);
	struct section sec;
	for (int i = 0; i < nsec; i++) {
		parse_section(&sec, start[i], end[i]);
		if (sec.is_date)
			return true;
	}
	return false;
}

/* ---- built-in formats (ECMA-376 §18.8.30) as he-IL shows them ---------------- */

const char *numfmt_builtin(int id)
{
	static const char *const table[50] = {
		[0] = "General", [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00",
		/* 5–8: the locale's currency; he-IL puts ₪ after the number */
		[5] = "#,##0 ₪;-#,##0 ₪", [6] = "#,##0 ₪;[Red]-#,##0 ₪",
		[7] = "#,##0.00 ₪;-#,##0.00 ₪", [8] = "#,##0.00 ₪;[Red]-#,##0.00 ₪",
		[9] = "0%", [10] = "0.00%", [11] = "0.00E+00", [12] = "# ?/?", [13] = "# ?\?/?\?",
		[14] = "dd/mm/yyyy", [15] = "d-mmm-yy", [16] = "d-mmm", [17] = "mmm-yy",
		[18] = "h:mm AM/PM", [19] = "h:mm:ss AM/PM", [20] = "h:mm", [21] = "h:mm:ss",
		[22] = "dd/mm/yyyy h:mm",
		[37] = "#,##0 ;(#,##0)", [38] = "#,##0 ;[Red](#,##0)",
		[39] = "#,##0.00;(#,##0.00)", [40] = "#,##0.00;[Red](#,##0.00)",
		/* 41–44: accounting, with ₪ in 42 and 44 */
		[41] = "_ * #,##0_ ;_ * -#,##0_ ;_ * \"-\"_ ;_ @_ ",
		[42] = "_ * #,##0_ \"₪\";_ * -#,##0_ \"₪\";_ * \"-\"_ \"₪\";_ @_ ",
		[43] = "_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * \"-\"??_ ;_ @_ ",
		[44] = "_ * #,##0.00_ \"₪\";_ * -#,##0.00_ \"₪\";_ * \"-\"??_ \"₪\";_ @_ ",
		[45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mmss.0", [48] = "##0.0E+0", [49] = "@",
	};
	return id >= 0 && id < 50 ? table[id] : NULL;
}
