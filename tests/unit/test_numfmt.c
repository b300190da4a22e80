/* test_numfmt.c — numbers, dates and times as a Hebrew Excel shows them through a format.
 *
 * Expectations marked [LO] were cross-checked with LibreOffice Calc 7.4: an .xlsx written by
 * openpyxl with the same value and code, converted by soffice --headless --convert-to csv
 * (dates through "[$-40D]" so that Calc uses Hebrew names). The others are reasoned from
 * Excel's documented behaviour where LibreOffice differs or cannot show it: General is
 * width-limited in Excel (Calc prints all digits), Excel keeps the fictitious 29/02/1900
 * and day 0 (Calc counts from 30/12/1899), Excel shows "-0" and "1." where Calc drops the
 * sign and the point, Calc truncates fractions of a second where Excel rounds, and
 * Calc's Hebrew day names are shorter ("ש", "ראשון") than the brief's Excel names
 * ("שבת", "יום ראשון"); A/P is kept as written (Calc lower-cases it). */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "util.h"
#include "xlsx_numfmt.h"

static struct arena A;

static const char *F(double v, const char *code) { return numfmt_format(&A, v, code, false); }

static void test_general(void)
{
	CHECK_STR(F(1234, "General"), "1234", "General: an integer has no decimals [LO]");
	CHECK_STR(F(0.1 + 0.2, "General"), "0.3", "General: 0.1+0.2 is 0.3 [LO]");
	CHECK_STR(F(1234.5, "General"), "1234.5", "General: 1234.5 [LO]");
	CHECK_STR(F(1234.5, ""), "1234.5", "General: the empty code is General");
	CHECK_STR(F(1234.5, NULL), "1234.5", "General: no code is General");
	CHECK_STR(F(-7.25, "General"), "-7.25", "General: a negative keeps its minus");
	CHECK_STR(F(0, "General"), "0", "General: zero");
	CHECK_STR(F(1.0 / 3, "General"), "0.333333333", "General: ten significant digits");
	CHECK_STR(F(2.0 / 3, "General"), "0.666666667", "General: the last digit is rounded");
	CHECK_STR(F(12345678901.0, "General"), "12345678901", "General: 11 digits fit [LO]");
	CHECK_STR(F(123456789012.0, "General"), "1.23457E+11", "General: 12 digits go to E notation");
	CHECK_STR(F(1e15, "General"), "1E+15", "General: 1E+15");
	CHECK_STR(F(-1e15, "General"), "-1E+15", "General: -1E+15");
	CHECK_STR(F(1e308, "General"), "1E+308", "General: the largest exponent");
	CHECK_STR(F(0.000001, "General"), "0.000001", "General: 1E-06 still fixed [LO]");
	CHECK_STR(F(1.5e-9, "General"), "1.5E-09", "General: a tiny number in E notation");
	CHECK_STR(F(0.000123456789, "General"), "0.000123457", "General: rounded at the tenth decimal");
	CHECK_STR(F(99999.99999999, "General"), "100000", "General: rounding carries into the integer");
	CHECK_STR(F(42, "general"), "42", "General: spelt in lower case");
}

static void test_numbers(void)
{
	CHECK_STR(F(2.5, "0"), "3", "0: 2.5 rounds half away from zero to 3 [LO]");
	CHECK_STR(F(-2.5, "0"), "-3", "0: -2.5 rounds to -3 [LO]");
	CHECK_STR(F(0.125, "0.00"), "0.13", "0.00: 0.125 → 0.13 [LO]");
	CHECK_STR(F(1.005, "0.00"), "1.01", "0.00: 1.005 → 1.01 despite binary floating point [LO]");
	CHECK_STR(F(2.675, "0.00"), "2.68", "0.00: 2.675 → 2.68 [LO]");
	CHECK_STR(F(3, "0.00"), "3.00", "0.00: zeros are kept");
	CHECK_STR(F(1234567.891, "#,##0.00"), "1,234,567.89", "#,##0.00: thousands [LO]");
	CHECK_STR(F(999.999, "#,##0.00"), "1,000.00", "#,##0.00: rounding makes a new group [LO]");
	CHECK_STR(F(0, "#,##0"), "0", "#,##0: zero shows its one 0");
	CHECK_STR(F(123, "#,##0"), "123", "#,##0: no separator below 1000");
	CHECK_STR(F(1e308, "#,##0") ? "long" : NULL, "long", "#,##0: 1E+308 fits the cap");
	CHECK_STR(F(5, "0,000"), "0,005", "0,000: padding zeros are grouped too [LO]");
	CHECK_STR(F(0.25, "0%"), "25%", "0%%: 0.25 → 25%% [LO]");
	CHECK_STR(F(0.1234, "0.0%"), "12.3%", "0.0%%: 0.1234 → 12.3%% [LO]");
	CHECK_STR(F(0.0005, "0%"), "0%", "0%%: a small share rounds to 0%% [LO]");
	CHECK_STR(F(1234, "#,##0 ₪"), "1,234 ₪", "#,##0 ₪ [LO]");
	CHECK_STR(F(-1234, "\"₪\" #,##0"), "-₪ 1,234", "\"₪\" #,##0: the minus comes first [LO]");
	CHECK_STR(F(1234.5, "[$₪-40D] #,##0.00"), "₪ 1,234.50", "[$₪-40D]: the currency symbol [LO]");
	CHECK_STR(F(1234.5, "[$-40D]#,##0.00"), "1,234.50", "[$-40D]: a locale alone shows nothing");
	CHECK_STR(F(-1234, "#,##0;[Red]-#,##0"), "-1,234", "two sections: [Red] and its own minus [LO]");
	CHECK_STR(F(-1234, "#,##0;#,##0"), "1,234", "two sections: no minus unless written [LO]");
	CHECK_STR(F(0, "#,##0;(#,##0)"), "0", "two sections: zero uses the first [LO]");
	CHECK_STR(F(0, "0;-0;\"zero\""), "zero", "three sections: zero's own [LO]");
	CHECK_STR(F(-3, "0;-0;\"zero\";@"), "-3", "four sections: the negative one [LO]");
	CHECK_STR(F(-3, "0;;0"), "", "an empty section shows nothing [LO]");
	CHECK_STR(F(1234567, "#,##0,"), "1,235", "#,##0,: scaled by 1000 [LO]");
	CHECK_STR(F(1234567, "0.0,,\"M\""), "1.2M", "0.0,,: scaled by a million [LO]");
	CHECK_STR(F(12, ".00"), "12.00", ".00: the integer digits still show [LO]");
	CHECK_STR(F(0.5, ".00"), ".50", ".00: nothing before the point [LO]");
	CHECK_STR(F(1, "#.##"), "1.", "#.##: Excel keeps the point");
	CHECK_STR(F(1.5, "0.0#"), "1.5", "0.0#: # hides a trailing zero [LO]");
	CHECK_STR(F(1.25, "0.0#"), "1.25", "0.0#: # shows a digit [LO]");
	CHECK_STR(F(1.5, "0.0?"), "1.5 ", "0.0?: ? becomes a space [LO]");
	CHECK_STR(F(-0.0001, "0"), "-0", "0: Excel shows -0 for a negative that rounds to 0");
	CHECK_STR(F(5551234, "000-0000"), "555-1234", "000-0000: a literal among placeholders [LO]");
	CHECK_STR(F(7, "\"סה\"\"כ\" 0"), "סהכ 7", "quoted literals join [LO]");
	CHECK_STR(F(7, "0\\ \\k\\g"), "7 kg", "backslash escapes [LO]");
	CHECK_STR(F(7, "0_)"), "7 ", "_x is one space [LO]");
	CHECK_STR(F(7, "*-0"), "7", "*x fills: nothing [LO]");
	CHECK_STR(F(7, "_₪0"), " 7", "_ before a multi-byte character");
	CHECK_STR(F(12.5, "@"), "12.5", "@: a number through a text format is General [LO]");
	CHECK_STR(F(-12.5, "0.0;-0.0;0;\"text: \"@"), "-12.5", "the text section is not for numbers");
	CHECK_STR(F(1234, "[Color10]0"), "1234", "[Color10] shows nothing [LO]");
}

static void test_conditions_and_exponents(void)
{
	CHECK_STR(F(-5, "[<100]0;0"), "-5", "condition: the first section keeps the minus [LO]");
	CHECK_STR(F(500, "[<100]\"small\";0"), "500", "condition: else the second [LO]");
	CHECK_STR(F(50, "[<100]\"small\";0"), "small", "condition: the first holds [LO]");
	CHECK_STR(F(-5, "[>0]0;[<0]0;0"), "5", "condition: the negative section drops the minus [LO]");
	CHECK(F(500, "[<100]0;[<200]0") == NULL, "condition: no section holds → NULL");
	CHECK_STR(F(12345, "0.00E+00"), "1.23E+04", "0.00E+00 [LO]");
	CHECK_STR(F(0.00012, "0.00E+00"), "1.20E-04", "0.00E+00: a negative exponent [LO]");
	CHECK_STR(F(12345, "##0.0E+0"), "12.3E+3", "##0.0E+0: engineering [LO]");
	CHECK_STR(F(12345, "00.00E+00"), "01.23E+04", "00.00E+00: exponent a multiple of 2 [LO]");
	CHECK_STR(F(9.999, "0.00E+00"), "1.00E+01", "0.00E+00: rounding moves the exponent [LO]");
	CHECK_STR(F(0, "0.00E+00"), "0.00E+00", "0.00E+00: zero [LO]");
	CHECK_STR(F(-12345, "0.00E-00"), "-1.23E04", "E-: no sign for a positive exponent [LO]");
	CHECK_STR(F(1.25, "# ?/?"), "1 1/4", "# ?/? [LO]");
	CHECK_STR(F(0.3333, "# ?\?/?\?"), "  1/3 ", "# ?\?/?\?: padded [LO]");
	CHECK_STR(F(5, "# ?/?"), "5    ", "# ?/?: a whole number [LO]");
	CHECK_STR(F(0, "# ?/?"), "0    ", "# ?/?: zero [LO]");
	CHECK_STR(F(3.14159, "# ?\?/?\?"), "3 14/99", "# ?\?/?\?: π is nearest 14/99 [LO]");
	CHECK_STR(F(0.625, "?/8"), "5/8", "?/8: a fixed denominator [LO]");
}

static void test_dates(void)
{
	CHECK_STR(F(43862, "mmm-yy"), "פבר-20", "mmm-yy: February 2020 [LO]");
	CHECK_STR(F(43862, "mmmm"), "פברואר", "mmmm [LO]");
	CHECK_STR(F(43862, "mmmmm"), "פ", "mmmmm: the first letter [LO]");
	CHECK_STR(F(43862, "dddd"), "שבת", "dddd: 1 February 2020 was a Saturday [LO]");
	CHECK_STR(F(43863, "dddd"), "יום ראשון", "dddd: Sunday");
	CHECK_STR(F(43864, "ddd"), "יום ב'", "ddd: Monday");
	CHECK_STR(F(43862, "dd/mm/yyyy"), "01/02/2020", "dd/mm/yyyy [LO]");
	CHECK_STR(F(43862, "d/m/yy"), "1/2/20", "d/m/yy [LO]");
	CHECK_STR(F(44196, "d-mmm-yy"), "31-דצמ-20", "d-mmm-yy: December [LO]");
	CHECK_STR(F(44000, "mmmm yyyy"), "יוני 2020", "mmmm yyyy: June [LO]");
	CHECK_STR(F(61, "dd/mm/yyyy"), "01/03/1900", "serial 61 is 1 March 1900 [LO]");
	CHECK_STR(F(60, "dd/mm/yyyy"), "29/02/1900", "serial 60 is Excel's 29/02/1900");
	CHECK_STR(F(59, "dd/mm/yyyy"), "28/02/1900", "serial 59");
	CHECK_STR(F(1, "dd/mm/yyyy"), "01/01/1900", "serial 1 is 1 January 1900");
	CHECK_STR(F(1, "dddd"), "יום ראשון", "serial 1 is a Sunday to Excel");
	CHECK_STR(F(0, "dd/mm/yyyy"), "00/01/1900", "serial 0 is day 0 of January 1900");
	CHECK_STR(F(2958465, "dd/mm/yyyy"), "31/12/9999", "the last date [LO]");
	CHECK(F(2958466, "dd/mm/yyyy") == NULL, "past 9999 → NULL (#####)");
	CHECK(F(-1, "dd/mm/yyyy") == NULL, "a negative date → NULL (#####)");
	CHECK(F(1e308, "dd/mm/yyyy") == NULL, "a huge serial → NULL");
	CHECK_STR(numfmt_format(&A, 0, "dd/mm/yyyy", true), "01/01/1904", "1904: serial 0 [LO]");
	CHECK_STR(numfmt_format(&A, 42400, "dd/mm/yyyy", true), "01/02/2020",
		  "1904: 1462 days behind the 1900 system [LO]");
	CHECK_STR(numfmt_format(&A, 0, "dddd", true), "יום שישי", "1904: 1 January 1904 was a Friday [LO]");
}

static void test_times(void)
{
	CHECK_STR(F(43862.75, "h:mm AM/PM"), "6:00 PM", "h:mm AM/PM [LO]");
	CHECK_STR(F(0.5, "h:mm:ss AM/PM"), "12:00:00 PM", "noon is 12 PM [LO]");
	CHECK_STR(F(0, "h:mm AM/PM"), "12:00 AM", "midnight is 12 AM [LO]");
	CHECK_STR(F(0.25, "h A/P"), "6 A", "A/P");
	CHECK_STR(F(0.75, "h a/p"), "6 p", "a/p keeps its case [LO]");
	CHECK_STR(F(1.5, "[h]:mm:ss"), "36:00:00", "[h]:mm:ss: elapsed hours [LO]");
	CHECK_STR(F(1.5, "[mm]:ss"), "2160:00", "[mm]:ss: elapsed minutes [LO]");
	CHECK_STR(F(43862.999999, "dd/mm/yyyy hh:mm:ss"), "02/02/2020 00:00:00",
		  "the time rounds to the second, into the next day [LO]");
	CHECK_STR(F(0.0006944444, "mmss.0"), "0100.0", "mmss.0: 59.99996 s rounds to 1:00.0");
	CHECK_STR(F(1.0 / 86400 * 61.25, "mm:ss.00"), "01:01.25", "mm:ss.00: hundredths");
	CHECK_STR(F(0.5 + 5.0 / 1440, "hh:mm"), "12:05", "mm after hh is minutes [LO]");
	CHECK_STR(F(43862 + 5.0 / 1440 + 7.0 / 86400, "mm:ss"), "05:07", "mm before ss is minutes [LO]");
	CHECK_STR(F(43862 + 5.0 / 1440, "dd/mm/yyyy h:mm"), "01/02/2020 0:05",
		  "months and minutes in one code [LO]");
	CHECK(F(-0.5, "h:mm") == NULL, "a negative time → NULL (#####)");
}

static void test_builtins(void)
{
	CHECK_STR(numfmt_builtin(0), "General", "builtin 0");
	CHECK_STR(numfmt_builtin(14), "dd/mm/yyyy", "builtin 14 is the Hebrew short date");
	CHECK_STR(numfmt_builtin(22), "dd/mm/yyyy h:mm", "builtin 22");
	CHECK_STR(numfmt_builtin(49), "@", "builtin 49");
	CHECK(numfmt_builtin(23) == NULL && numfmt_builtin(50) == NULL && numfmt_builtin(-1) == NULL &&
		      numfmt_builtin(164) == NULL,
	      "ids that are not built in → NULL");
	int ok = 1;
	for (int id = 0; id < 50; id++) /* every built-in formats a plain number */
		if (numfmt_builtin(id) && !F(1234.5, numfmt_builtin(id)))
			ok = 0;
	CHECK(ok, "every built-in formats 1234.5");
	CHECK_STR(F(-1234, numfmt_builtin(37)), "(1,234)", "builtin 37: negatives in brackets [LO]");
	CHECK_STR(F(1234, numfmt_builtin(6)), "1,234 ₪", "builtin 6: shekels after the number");
	CHECK_STR(F(43862, numfmt_builtin(17)), "פבר-20", "builtin 17: mmm-yy");
	CHECK_STR(F(12345, numfmt_builtin(48)), "12.3E+3", "builtin 48");
	CHECK_STR(F(0, numfmt_builtin(41)), " - ", "builtin 41: zero is a dash [LO]");
}

static void test_is_date(void)
{
	CHECK(numfmt_is_date("dd/mm/yyyy"), "is_date: dd/mm/yyyy");
	CHECK(numfmt_is_date("[$-40D]mmm-yy"), "is_date: with a locale");
	CHECK(numfmt_is_date("[h]:mm:ss"), "is_date: elapsed time");
	CHECK(numfmt_is_date("[Red]h:mm"), "is_date: after a colour");
	CHECK(!numfmt_is_date("General"), "is_date: not General");
	CHECK(!numfmt_is_date("#,##0.00 \"days\""), "is_date: not quoted letters");
	CHECK(!numfmt_is_date("0\\h"), "is_date: not an escaped letter");
	CHECK(!numfmt_is_date("[$-he-IL]0.00"), "is_date: not letters in a locale");
	CHECK(!numfmt_is_date("[Red][<100]0;[Color10]0"), "is_date: not colours or conditions");
	CHECK(!numfmt_is_date("0.00E+00"), "is_date: not E");
	CHECK(!numfmt_is_date(""), "is_date: not the empty code");
}

/* Hostile codes: whatever comes back, nothing crashes (the sanitizer build watches). */
static void test_hostile(void)
{
	CHECK(F(NAN, "0") == NULL && F(INFINITY, "0") == NULL && F(-INFINITY, "General") == NULL,
	      "NaN and infinities → NULL");
	CHECK_STR(F(DBL_MAX, "0.00E+00"), "1.80E+308", "DBL_MAX in E notation");
	CHECK_STR(F(DBL_MIN, "0.00"), "0.00", "DBL_MIN rounds to zero");
	char big[5000];
	memset(big, '0', sizeof big - 1);
	big[sizeof big - 1] = 0;
	CHECK(F(1, big) == NULL, "4999 placeholders → NULL, not a crash");
	memset(big, 'd', sizeof big - 1);
	CHECK(F(1, big) != NULL, "a run of 4999 d is one token");
	const char *odd[] = {"\"", "\\", "_", "*", "[", "[$", "[<", "[>=", ";;;;;;", "0.0.0", "E+",
			     "0E+", "?/", "/?", "#/#/#", "0,,,,,,,,,,,,,,,,,,,,,,,,,", "[h", "\xff\xfe",
			     "\xe2\x82", "0\xe2", ".0000000000000000000000000000000000000000000",
			     "[mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm]", "s.0000000", "0%%%%%%%%%%%%%%%%%%"};
	const double vals[] = {-1e300, -1.5, -0.5, 0, 0.5, 1.5, 1234.5678, 3e6, 1e300};
	size_t n = 0;
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
		for (size_t j = 0; j < sizeof vals / sizeof *vals; j++) {
			const char *s = F(vals[j], odd[i]);
			n += s ? strlen(s) : 0;
			(void)numfmt_is_date(odd[i]);
		}
	CHECK(n > 0, "odd codes do not crash");
	CHECK_STR(F(1234567, "[<0]0;[<0]0;0"), "1234567", "conditions that fail fall to the third [LO]");
}

int main(void)
{
	test_general();
	test_numbers();
	test_conditions_and_exponents();
	test_dates();
	test_times();
	test_builtins();
	test_is_date();
	test_hostile();
	arena_free(&A);
	return check_failed ? 1 : 0;
}
