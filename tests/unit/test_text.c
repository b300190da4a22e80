/* test_text.c — the text engine: bidi order, line breaking, niqqud, alignment, cache. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "hebrew.h"
#include "text.h"
#include "util.h"

#define FONT "fonts/LiberationSans-Regular.ttf"

static struct tx_engine *e;
static struct arena A;
static int font;

static struct tx_lines lay(const char *s, double width, enum tx_align align)
{
	struct tx_style st = {font, 10, 0, false};
	struct tx_para *p = tx_para_new();
	tx_para_add(p, s, strlen(s), &st);
	struct tx_lines l = tx_layout(e, &A, p, width, align, true);
	tx_para_free(p);
	return l;
}

/* The characters of a line as drawn, left to right (segments sorted by x). */
static const char *visual(const struct tx_line *l)
{
	struct buf b = {0};
	size_t *idx = calloc(l->nseg, sizeof *idx);
	for (size_t i = 0; i < l->nseg; i++)
		idx[i] = i;
	for (size_t i = 1; i < l->nseg; i++) /* insertion sort by x */
		for (size_t j = i; j > 0 && l->segs[idx[j]].x < l->segs[idx[j - 1]].x; j--) {
			size_t t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	for (size_t i = 0; i < l->nseg; i++)
		buf_adds(&b, l->segs[idx[i]].utf8);
	free(idx);
	const char *out = arena_strdup(&A, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* A logical Hebrew string read right to left: its characters in reverse order. This is
 * how the eye meets it, left to right, on the page. */
static const char *rev(const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(&A, n + 1);
	size_t o = n;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		o -= (size_t)len;
		memcpy(out + o, s + i, (size_t)len);
		i += (size_t)len;
	}
	out[n] = '\0';
	return out;
}

static const char *cat(const char *a, const char *b)
{
	return arena_printf(&A, "%s%s", a, b);
}

static void test_bidi(void)
{
	struct tx_lines l;
	l = lay("מטרות ויעדים לשנת 2020", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), cat("2020 ", rev("מטרות ויעדים לשנת")),
		  "bidi: a year stays left to right at the end of a Hebrew line");
	l = lay("תקציב: 100,000 ₪", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), cat("₪ 100,000 ", rev("תקציב:")),
		  "bidi: amount with thousands separator, shekel sign at the far left");
	l = lay("(evidence based policy)", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), "(evidence based policy)",
		  "bidi: Latin in brackets reads left to right inside an RTL paragraph");
	l = lay("מנכ\"ל העירייה (2019-2020)", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), cat("(2019-2020) ", rev("מנכ\"ל העירייה")),
		  "bidi: brackets mirrored around a year range, gershayim kept");
	l = lay("80%", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), "80%", "bidi: percent after the number");
	l = lay("-5%", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), "-5%", "bidi: a minus sign stays before its number");
	l = lay("שינוי: -5% בשנה", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), cat(cat(rev("בשנה"), " -5% "), rev("שינוי:")),
		  "bidi: a signed number inside a Hebrew sentence");
	l = lay("ב-2020", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), cat("2020", rev("ב-")),
		  "bidi: a prefix letter with a hyphen before a year");
	l = lay("DATA בעיר", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), cat(rev("בעיר"), " DATA"),
		  "bidi: a Latin word at the start of a Hebrew line stays at the right");
	l = lay("A ב C", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), "C ב A", "bidi: Latin words around a Hebrew one, right to left");
	l = lay("\u2066A ב C\u2069", 1000, TX_RIGHT);
	CHECK_STR(visual(&l.lines[0]), "A ב C", "bidi: the same words marked as a left-to-right span");
	struct tx_style st = {font, 10, 0, false};
	struct tx_para *p = tx_para_new();
	tx_para_add(p, "A ב C", strlen("A ב C"), &st);
	l = tx_layout(e, &A, p, 1000, TX_LEFT, false);
	tx_para_free(p);
	CHECK_STR(visual(&l.lines[0]), "A ב C", "bidi: a paragraph set left to right");
	l = lay("evidence based", 1000, TX_LEFT);
	CHECK(l.n == 1 && fabs(l.lines[0].segs[0].x) < 0.01,
	      "alignment: a left-aligned line starts at the left edge");
}

static void test_niqqud(void)
{
	struct tx_lines l = lay("מִספרים מֶספרים", 1000, TX_RIGHT);
	const struct tx_line *ln = &l.lines[0];
	int marks = 0, placed = 0;
	for (size_t i = 0; i < ln->nseg; i++) {
		const struct tx_seg *s = &ln->segs[i];
		uint32_t cp;
		utf8_decode(s->utf8, strlen(s->utf8), &cp);
		if (cp == 0x05B4 || cp == 0x05B6) {
			marks++;
			/* the mark sits on its base mem: within a segment that draws a mem */
			for (size_t j = 0; j < ln->nseg; j++)
				if (strstr(ln->segs[j].utf8, "מ") && s->x >= ln->segs[j].x - 0.5 &&
				    s->x <= ln->segs[j].x + ln->segs[j].width)
					placed++;
		}
	}
	CHECK(marks == 2, "niqqud: hiriq and segol each drawn as their own segment (%d)", marks);
	CHECK(placed == 2, "niqqud: each mark is placed within its base letter (%d)", placed);
	CHECK_STR(ln->text, "מִספרים מֶספרים", "niqqud: the line's logical text keeps the marks");
}

static void test_breaking(void)
{
	struct tx_lines l = lay("מטרות ויעדים לשנת 2020 והלאה", 60, TX_RIGHT);
	int fits = 1;
	for (size_t i = 0; i < l.n; i++)
		fits &= l.lines[i].width <= 60.01;
	CHECK(l.n >= 2 && fits, "breaking: every line fits its width (%zu lines)", l.n);
	CHECK_STR(l.lines[0].text, "מטרות ויעדים", "breaking: breaks fall between words");

	double w = tx_measure(e, "תל־אביב", &(struct tx_style){font, 10, 0, false});
	l = lay("תל־אביב", w - 1, TX_RIGHT);
	CHECK(l.n == 2 && !strcmp(l.lines[0].text, "תל־"), "breaking: after a maqaf (%s)",
	      l.n ? l.lines[0].text : "");
	w = tx_measure(e, "ו/אולי", &(struct tx_style){font, 10, 0, false});
	l = lay("ו/אולי", w - 1, TX_RIGHT);
	CHECK(l.n == 2 && !strcmp(l.lines[0].text, "ו/"), "breaking: after a slash");
	w = tx_measure(e, "בית-ספר", &(struct tx_style){font, 10, 0, false});
	l = lay("בית-ספר", w - 1, TX_RIGHT);
	CHECK(l.n == 2 && !strcmp(l.lines[0].text, "בית-"), "breaking: after a hyphen in a word");
	w = tx_measure(e, "אשדוד עיר לכל תושביה -", &(struct tx_style){font, 10, 0, false});
	l = lay("אשדוד עיר לכל תושביה - מקצועיות", w + 1, TX_RIGHT);
	CHECK(l.n == 2 && !strcmp(l.lines[1].text, "מקצועיות"),
	      "breaking: a spaced dash stays at the end of its line (%s)", l.n > 1 ? l.lines[1].text : "");
	w = tx_measure(e, "פרסום,תיאומים,", &(struct tx_style){font, 10, 0, false});
	l = lay("פרסום,תיאומים,הקורס", w + 1, TX_RIGHT);
	CHECK(l.n == 2 && !strcmp(l.lines[1].text, "הקורס"),
	      "breaking: after a comma typed without a space, not inside a word");
	l = lay("ב-2020", 12, TX_RIGHT);
	CHECK(strcmp(l.lines[0].text, "ב-") != 0, "breaking: not after a one-letter prefix");

	const char *longword = "אבגדהוזחטיכלמנסעפצקרשתאבגדהוזחטיכלמנסעפצקרשת";
	l = lay(longword, 50, TX_RIGHT);
	fits = 1;
	struct buf all = {0};
	for (size_t i = 0; i < l.n; i++) {
		fits &= l.lines[i].width <= 50.01;
		buf_adds(&all, l.lines[i].text);
	}
	CHECK(l.n > 2 && fits, "breaking: a word longer than the line is cut (%zu lines)", l.n);
	CHECK_STR(buf_cstr(&all), longword, "breaking: the cut loses no letter");
	buf_free(&all);

	l = lay("שורה ראשונה\nשורה שנייה", 1000, TX_RIGHT);
	CHECK(l.n == 2, "breaking: a forced line break");
}

static void test_alignment(void)
{
	const char *text = "העשייה של היחידה האסטרטגית מתמקדת בשלושה תחומים מרכזיים, והיא נמשכת "
			   "לאורך כל השנה בשיתוף כלל המנהלים והעובדים בעירייה";
	struct tx_lines l = lay(text, 250, TX_JUSTIFY);
	/* each line but the last spans the width, unless stretching its spaces by more than
	 * 0.3 em each would be needed (then it stays ragged: see tx_layout) */
	int ok = 1, stretched = 0;
	for (size_t i = 0; i + 1 < l.n; i++) {
		double left = 1e9, right = 0;
		for (size_t s = 0; s < l.lines[i].nseg; s++) {
			const struct tx_seg *sg = &l.lines[i].segs[s];
			if (sg->x < left)
				left = sg->x;
			if (sg->x + sg->width > right)
				right = sg->x + sg->width;
		}
		int spaces = 0;
		for (const char *c = l.lines[i].text; *c; c++)
			spaces += *c == ' ';
		bool full = fabs(left) < 0.05 && fabs(right - 250) < 0.3;
		bool loose = spaces && (250 - l.lines[i].width) / spaces > 0.3 * 10;
		stretched += full && l.lines[i].width > 249;
		ok &= full || loose;
	}
	CHECK(l.n >= 3 && ok && stretched >= 1,
	      "justify: lines span the full width unless too loose to stretch (%d stretched)", stretched);
	const struct tx_line *last = &l.lines[l.n - 1];
	double right = 0;
	for (size_t s = 0; s < last->nseg; s++)
		if (last->segs[s].x + last->segs[s].width > right)
			right = last->segs[s].x + last->segs[s].width;
	CHECK(fabs(right - 250) < 0.3 && last->width < 249,
	      "justify: the last line is set flush right, not stretched");
	l = lay("מרכז", 100, TX_CENTER);
	CHECK(fabs(l.lines[0].segs[0].x - (100 - l.lines[0].width) / 2) < 0.01,
	      "center: equal space on both sides");
}

static void test_cache(void)
{
	long shaped0, cached0, shaped1, cached1;
	lay("מילה חוזרת מילה חוזרת", 1000, TX_RIGHT);
	tx_stats(e, &shaped0, &cached0);
	lay("מילה חוזרת מילה חוזרת", 1000, TX_RIGHT);
	tx_stats(e, &shaped1, &cached1);
	CHECK(shaped1 == shaped0 && cached1 > cached0,
	      "cache: shaping the same words again costs no shaping call");
}

static void test_numerals(void)
{
	char s[32];
	hebrew_numeral(1, false, s, sizeof s);
	CHECK_STR(s, "א", "numerals: 1 is alef");
	hebrew_numeral(15, true, s, sizeof s);
	CHECK_STR(s, "ט\"ו", "numerals: 15 is tet-vav with gershayim");
	hebrew_numeral(16, true, s, sizeof s);
	CHECK_STR(s, "ט\"ז", "numerals: 16 is tet-zayin");
	hebrew_numeral(30, true, s, sizeof s);
	CHECK_STR(s, "ל'", "numerals: 30 is lamed with geresh");
	hebrew_numeral(5780, true, s, sizeof s);
	CHECK_STR(s, "תש\"פ", "numerals: the year 5780 is tav-shin-pe");
	hebrew_numeral(5781, true, s, sizeof s);
	CHECK_STR(s, "תשפ\"א", "numerals: 5781");
}

/* A glyph drawn as the mirror image of the character typed (a bracket in right-to-left
 * text) must carry the typed character: the renderer draws it through a CID that copies
 * as that character (render_font.c). A lone bracket is used, as the two of a pair drawn
 * wrong would still make a right pair when copied. */
static void test_mirrored(void)
{
	static const char *const pairs[][2] = {{"(", ")"}, {"[", "]"}, {"{", "}"}, {"<", ">"},
					       {"«", "»"}, {"‹", "›"}, {"≤", "≥"}};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		for (int side = 0; side < 2; side++) {
			const char *typed = pairs[i][side], *mirror = pairs[i][!side];
			struct tx_lines l = lay(arena_printf(&A, "אבג %s דהו", typed), 1000, TX_RIGHT);
			struct buf copied = {0};
			bool drawn_mirrored = false;
			for (size_t k = 0; k < l.lines[0].nseg; k++) {
				const struct tx_seg *s = &l.lines[0].segs[k];
				drawn_mirrored |= s->actual && strcmp(s->utf8, mirror) == 0;
				buf_adds(&copied, s->actual ? s->actual : s->utf8);
			}
			buf_addc(&copied, '\0');
			CHECK(drawn_mirrored && strstr(copied.data, typed) && !strstr(copied.data, mirror),
			      "mirroring: %s in right-to-left text is drawn as %s and records %s", typed,
			      mirror, typed);
			buf_free(&copied);
		}
}

/* Every word of a folder's plans shaped both ways, in both directions. */
static void shape_words_of(const char *dir, int f, long counts[3])
{
	DIR *d = opendir(dir);
	for (struct dirent *ent; d && (ent = readdir(d));) {
		const char *dot = strrchr(ent->d_name, '.');
		struct buf text = {0};
		if (!dot || strcmp(dot, ".csv") != 0 ||
		    !file_read(arena_printf(&A, "%s/%s", dir, ent->d_name), &text))
			continue;
		for (char *w = strtok(text.data, " ,\n\r\t"); w; w = strtok(NULL, " ,\n\r\t"))
			for (int rtl = 0; rtl < 2; rtl++)
				counts[tx_shape_plainly_agrees(e, f, w, rtl) + 1]++;
		buf_free(&text);
	}
	if (d)
		closedir(d);
}

/* Runs of plain characters skip HarfBuzz (text_shape.c): whatever they are given, they must
 * come out as HarfBuzz would shape them. Held on every word of the 2020 plans, in both
 * faces; and runs that HarfBuzz must shape (vowel marks, a bracket that mirrors) go to it. */
static void test_plain_shaping(void)
{
	static const char *const dirs[] = {"input/2020/ceo", "input/2020/education",
					   "input/2020/engineering", "input/2020/finance",
					   "input/2020/general", "input/2020/operations",
					   "input/2020/social"};
	static const char *const faces[] = {FONT, "fonts/LiberationSans-Bold.ttf"};
	for (size_t k = 0; k < 2; k++) {
		int f = tx_font_load(e, faces[k]);
		long counts[3] = {0}; /* needs HarfBuzz, differs, agrees */
		for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
			shape_words_of(dirs[i], f, counts);
		CHECK(counts[1] == 0 && counts[2] > 10000,
		      "plain shaping: %s, %ld words as HarfBuzz shapes them, %ld not (%ld for HarfBuzz)",
		      faces[k], counts[2], counts[1], counts[0]);
	}
	CHECK(tx_shape_plainly_agrees(e, font, "מִספרים", true) == -1,
	      "plain shaping: a word with vowel marks goes to HarfBuzz");
	CHECK(tx_shape_plainly_agrees(e, font, "(נוהל", true) == -1,
	      "plain shaping: a bracket, which mirrors in right-to-left text, goes to HarfBuzz");
	CHECK(tx_shape_plainly_agrees(e, font, "תוכנית", true) == 1 &&
	      tx_shape_plainly_agrees(e, font, "31/03/2020", false) == 1,
	      "plain shaping: Hebrew letters and a date are shaped plainly, as HarfBuzz would");
}

int main(void)
{
	e = tx_new();
	font = tx_font_load(e, FONT);
	CHECK(font >= 0, "font: %s loads", FONT);
	if (font < 0)
		return 1;
	CHECK(tx_font_load(e, FONT) == font, "font: loading the same file twice opens it once");
	CHECK(tx_font_load(e, "README.md") < 0, "font: a file that is not a font is refused");
	test_bidi();
	test_niqqud();
	test_mirrored();
	test_breaking();
	test_alignment();
	test_cache();
	test_numerals();
	test_plain_shaping();
	tx_free(e);
	arena_free(&A);
	return check_failed ? 1 : 0;
}
