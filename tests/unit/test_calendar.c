/* test_calendar.c — the Hebrew calendar: known dates, leap years, names in Hebrew, the
 * Israeli holidays and their moves, round trips. (tests/e2e/calendar.sh compares every
 * day of 1900–2200 with hebcal.) */
#include <stdlib.h>

#include "calendar.h"
#include "check.h"

static struct gdate G(int year, int month, int day)
{
	struct gdate g = {year, month, day};
	return g;
}

static bool same_hdate(struct hdate a, int year, int month, int day)
{
	return a.year == year && a.month == month && a.day == day;
}

/* The day's labels joined by ";", as the dump prints them. */
static const char *labels_of(struct gdate g)
{
	static char out[256];
	const char *labels[CAL_MAX_LABELS];
	int n = cal_holidays(g, labels, CAL_MAX_LABELS);
	out[0] = '\0';
	for (int i = 0; i < n && i < CAL_MAX_LABELS; i++) {
		if (i)
			strcat(out, ";");
		strcat(out, labels[i]);
	}
	return out;
}

static void test_fixed_days(void)
{
	CHECK(cal_fixed_from_gregorian(G(1, 1, 1)) == 1, "fixed: 1 January 1 CE is day 1");
	/* a sample date of Reingold & Dershowitz's tables */
	CHECK(cal_fixed_from_gregorian(G(1945, 11, 12)) == 710347, "fixed: 12 November 1945 is day 710347");
	struct hdate h = cal_hebrew_from_fixed(710347);
	CHECK(same_hdate(h, 5706, CAL_KISLEV, 7), "fixed: day 710347 is 7 Kislev 5706");
	CHECK(cal_weekday(cal_fixed_from_gregorian(G(1900, 1, 1))) == CAL_MONDAY, "weekday: 1 January 1900 was a Monday");
	CHECK(cal_weekday(cal_fixed_from_gregorian(G(2020, 1, 1))) == CAL_WEDNESDAY,
	      "weekday: 1 January 2020 was a Wednesday");
	CHECK(cal_weekday(cal_fixed_from_gregorian(G(2000, 2, 29))) == CAL_TUESDAY, "weekday: 29 February 2000 was a Tuesday");
}

static void test_known_dates(void)
{
	struct hdate h = cal_hebrew_from_gregorian(G(2020, 1, 1));
	CHECK(same_hdate(h, 5780, CAL_TEVET, 4), "convert: 1 January 2020 is 4 Tevet 5780");
	char day[32], year[32];
	cal_hebrew_day_letters(h.day, day, sizeof day);
	cal_hebrew_year_letters(h.year, year, sizeof year);
	CHECK_STR(day, "ד'", "letters: the 4th is ד'");
	CHECK_STR(cal_hebrew_month_name(h.year, h.month), "טבת", "names: Tevet is טבת");
	CHECK_STR(year, "תש\"פ", "letters: 5780 is תש\"פ");
	cal_hebrew_year_letters(5781, year, sizeof year);
	CHECK_STR(year, "תשפ\"א", "letters: 5781 is תשפ\"א");
	h = cal_hebrew_from_gregorian(G(2020, 4, 10));
	cal_hebrew_day_letters(h.day, day, sizeof day);
	CHECK(same_hdate(h, 5780, CAL_NISAN, 16), "convert: 10 April 2020 is 16 Nisan 5780");
	CHECK_STR(day, "ט\"ז", "letters: the 16th is ט\"ז, not a spelling of the name");
	cal_hebrew_day_letters(15, day, sizeof day);
	CHECK_STR(day, "ט\"ו", "letters: the 15th is ט\"ו");
	cal_hebrew_day_letters(30, day, sizeof day);
	CHECK_STR(day, "ל'", "letters: the 30th is ל'");
	h = cal_hebrew_from_gregorian(G(2020, 9, 28));
	CHECK(same_hdate(h, 5781, CAL_TISHREI, 10), "convert: 28 September 2020 is 10 Tishrei 5781");
	h = cal_hebrew_from_gregorian(G(2020, 12, 31));
	CHECK(same_hdate(h, 5781, CAL_TEVET, 16), "convert: 31 December 2020 is 16 Tevet 5781");
	/* the first days of the months the 2020 book's grid shows */
	static const struct {
		int month, day, hmonth;
	} firsts[] = {{1, 27, CAL_SHEVAT}, {2, 26, CAL_ADAR}, {3, 26, CAL_NISAN}, {4, 25, CAL_IYAR},
		      {5, 24, CAL_SIVAN},  {6, 23, CAL_TAMMUZ}, {7, 22, CAL_AV},   {8, 21, CAL_ELUL},
		      {9, 19, CAL_TISHREI}, {10, 19, CAL_HESHVAN}, {11, 17, CAL_KISLEV}, {12, 16, CAL_TEVET}};
	int wrong = 0;
	for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
		h = cal_hebrew_from_gregorian(G(2020, firsts[i].month, firsts[i].day));
		wrong += h.day != 1 || h.month != firsts[i].hmonth;
	}
	CHECK(wrong == 0, "convert: the twelve Hebrew months of 2020 begin where the 2020 book prints them");
	struct gdate g = cal_gregorian_from_hebrew((struct hdate){5781, CAL_TISHREI, 1});
	CHECK(g.year == 2020 && g.month == 9 && g.day == 19, "convert: 1 Tishrei 5781 is 19 September 2020");
}

static void test_years(void)
{
	CHECK(cal_hebrew_year_length(5780) == 355, "year: 5780 has 355 days (a full year)");
	CHECK(cal_hebrew_year_length(5781) == 353, "year: 5781 has 353 days (a defective year)");
	CHECK(cal_hebrew_year_length(5784) == 383, "year: 5784 has 383 days (a defective leap year)");
	CHECK(cal_hebrew_month_length(5780, CAL_HESHVAN) == 30 && cal_hebrew_month_length(5780, CAL_KISLEV) == 30,
	      "year: in a full year Heshvan and Kislev have 30 days");
	CHECK(cal_hebrew_month_length(5781, CAL_HESHVAN) == 29 && cal_hebrew_month_length(5781, CAL_KISLEV) == 29,
	      "year: in a defective year Heshvan and Kislev have 29 days");
	int bad_weekday = 0, bad_length = 0, leap_years = 0;
	for (int y = 5600; y <= 6000; y++) {
		int wd = cal_weekday(cal_hebrew_new_year(y));
		bad_weekday += wd == CAL_SUNDAY || wd == CAL_WEDNESDAY || wd == CAL_FRIDAY;
		int len = cal_hebrew_year_length(y), sum = 0;
		for (int m = CAL_NISAN; m <= cal_hebrew_last_month(y); m++)
			sum += cal_hebrew_month_length(y, m);
		bad_length += sum != len || !((len >= 353 && len <= 355) || (len >= 383 && len <= 385)) ||
			      (len > 355) != cal_hebrew_leap_year(y);
		leap_years += cal_hebrew_leap_year(y);
	}
	CHECK(bad_weekday == 0, "year: Rosh Hashana never falls on Sunday, Wednesday or Friday (5600–6000)");
	CHECK(bad_length == 0, "year: every year 5600–6000 is 353–355 or 383–385 days, the sum of its months");
	CHECK(leap_years == 148, "year: 148 of the 401 years 5600–6000 are leap years (7 in 19)");
}

static void test_leap_months(void)
{
	CHECK(cal_hebrew_leap_year(5784) && !cal_hebrew_leap_year(5783) && !cal_hebrew_leap_year(5785),
	      "leap: 5784 is a leap year, 5783 and 5785 are not");
	CHECK(cal_hebrew_last_month(5784) == CAL_ADAR_II && cal_hebrew_last_month(5783) == CAL_ADAR,
	      "leap: a leap year has 13 months");
	CHECK_STR(cal_hebrew_month_name(5784, CAL_ADAR), "אדר א'", "leap: month 12 of a leap year is אדר א'");
	CHECK_STR(cal_hebrew_month_name(5784, CAL_ADAR_II), "אדר ב'", "leap: month 13 is אדר ב'");
	CHECK_STR(cal_hebrew_month_name(5783, CAL_ADAR), "אדר", "leap: a common year has plain אדר");
	CHECK_STR(cal_hebrew_month_name(5783, CAL_ADAR_II), "", "leap: a common year has no אדר ב'");
	CHECK(cal_hebrew_month_length(5784, CAL_ADAR) == 30 && cal_hebrew_month_length(5784, CAL_ADAR_II) == 29 &&
		      cal_hebrew_month_length(5783, CAL_ADAR) == 29,
	      "leap: Adar I has 30 days, Adar II and a common Adar 29");
	struct hdate h = cal_hebrew_from_gregorian(G(2024, 2, 10));
	CHECK(same_hdate(h, 5784, CAL_ADAR, 1), "leap: 10 February 2024 is 1 Adar I 5784");
	h = cal_hebrew_from_gregorian(G(2024, 3, 24));
	CHECK(same_hdate(h, 5784, CAL_ADAR_II, 14), "leap: 24 March 2024 is 14 Adar II 5784");
	CHECK_STR(labels_of(G(2024, 3, 24)), "פורים", "leap: Purim is in Adar II");
	CHECK_STR(labels_of(G(2024, 2, 23)), "", "leap: 14 Adar I (Purim Katan) is not labelled");
	CHECK_STR(cal_hebrew_month_name(5780, CAL_SIVAN), "סיוון", "names: Sivan as the book spells it");
	CHECK_STR(cal_hebrew_month_name(5780, CAL_HESHVAN), "חשון", "names: Heshvan as the book spells it");
	CHECK_STR(cal_hebrew_month_name(5780, 0), "", "names: month 0 has no name");
	CHECK_STR(cal_weekday_name(CAL_SATURDAY), "שבת", "names: Saturday's column is שבת");
	CHECK_STR(cal_weekday_name(CAL_SUNDAY), "א", "names: Sunday's column is א");
}

/* The 2020 book's holiday labels (reference §2.1) on their dates. */
static void test_holidays_2020(void)
{
	static const struct {
		int month, day;
		const char *labels;
	} days[] = {
		{1, 7, "עשרה בטבת"},     {2, 10, "ט\"ו בשבט"},      {3, 9, "תענית אסתר"},
		{3, 10, "פורים"},        {3, 11, "שושן פורים"},      {4, 8, "ערב פסח"},
		{4, 9, "פסח"},           {4, 10, "חוה\"מ פסח"},      {4, 14, "חוה\"מ פסח"},
		{4, 15, "שביעי של פסח"}, {4, 16, "אסרו חג"},         {4, 21, "יום השואה"},
		{4, 28, "יום הזכרון"},   {4, 29, "יום העצמאות"},     {5, 12, "ל\"ג בעומר"},
		{5, 22, "יום ירושלים"},  {5, 28, "ערב שבועות"},      {5, 29, "שבועות"},
		{7, 9, "צום י\"ז בתמוז"}, {7, 30, "צום ט' באב"},      {8, 5, "ט\"ו באב"},
		{9, 18, "ערב ראש השנה"}, {9, 19, "ראש השנה"},        {9, 20, "ראש השנה"},
		{9, 21, "צום גדליה"},    {9, 27, "ערב יום כיפור"},   {9, 28, "יום כיפור"},
		{10, 2, "ערב סוכות"},    {10, 3, "סוכות"},           {10, 4, "חוה\"מ סוכות"},
		{10, 8, "חוה\"מ סוכות"}, {10, 9, "הושענה רבא"},      {10, 10, "שמחת תורה"},
		{12, 10, "נר ראשון של חנוכה"}, {12, 11, "חנוכה"},    {12, 18, "חנוכה"},
		{12, 19, ""},            {1, 1, ""},                 {4, 22, ""},
	};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
		CHECK_STR(labels_of(G(2020, days[i].month, days[i].day)), days[i].labels,
			  "holidays 2020: %d/%d is [%s]", days[i].day, days[i].month, days[i].labels);
	int hanukkah = 0;
	for (int d = 1; d <= 31; d++)
		hanukkah += strcmp(labels_of(G(2020, 12, d)), "חנוכה") == 0;
	CHECK(hanukkah == 8, "holidays 2020: Hanukkah is eight days (%d)", hanukkah);
}

static void test_moved_days(void)
{
	CHECK_STR(labels_of(G(2024, 5, 6)), "יום השואה", "moves: 27 Nisan 5784 is a Sunday, Yom HaShoah on Monday 6 May 2024");
	CHECK_STR(labels_of(G(2024, 5, 5)), "", "moves: and not on the Sunday");
	CHECK_STR(labels_of(G(2024, 5, 13)), "יום הזכרון", "moves: 5 Iyar 5784 is a Monday, Yom HaZikaron Monday 13 May 2024");
	CHECK_STR(labels_of(G(2024, 5, 14)), "יום העצמאות", "moves: and Yom HaAtzmaut Tuesday 14 May 2024");
	CHECK_STR(labels_of(G(2021, 4, 15)), "יום העצמאות", "moves: 5 Iyar 5781 is Shabbat, Yom HaAtzmaut Thursday 15 April 2021");
	CHECK_STR(labels_of(G(2021, 4, 14)), "יום הזכרון", "moves: and Yom HaZikaron Wednesday 14 April 2021");
	CHECK_STR(labels_of(G(2022, 5, 5)), "יום העצמאות", "moves: 5 Iyar 5782 is a Friday, Yom HaAtzmaut Thursday 5 May 2022");
	CHECK_STR(labels_of(G(1997, 5, 12)), "יום העצמאות",
		  "moves: before 5764 a Monday 5 Iyar stayed (12 May 1997)");
	CHECK_STR(labels_of(G(2024, 3, 21)), "תענית אסתר", "moves: 13 Adar II 5784 is Shabbat, the fast on Thursday 21 March 2024");
	CHECK_STR(labels_of(G(2024, 3, 23)), "", "moves: and not on Shabbat");
	CHECK_STR(labels_of(G(2022, 7, 17)), "צום י\"ז בתמוז", "moves: 17 Tammuz 5782 is Shabbat, the fast on Sunday 17 July 2022");
	CHECK_STR(labels_of(G(2022, 8, 7)), "צום ט' באב", "moves: 9 Av 5782 is Shabbat, the fast on Sunday 7 August 2022");
	CHECK_STR(labels_of(G(2022, 8, 6)), "", "moves: and not on Shabbat");
	CHECK_STR(labels_of(G(2024, 10, 6)), "צום גדליה", "moves: 3 Tishrei 5785 is Shabbat, the fast on Sunday 6 October 2024");
	CHECK_STR(labels_of(G(2021, 2, 28)), "שושן פורים",
		  "moves: 15 Adar 5781 is Shabbat (פורים משולש), Shushan Purim marked on Sunday 28 February 2021");
	CHECK_STR(labels_of(G(1948, 5, 14)), "", "first years: 5 Iyar 5708, the declaration itself, is not Yom HaAtzmaut");
	CHECK_STR(labels_of(G(1967, 6, 7)), "", "first years: no Yom Yerushalayim before 5728 (28 Iyar 5727)");
	CHECK_STR(labels_of(G(2020, 5, 30)), "אסרו חג", "Israel: אסרו חג the day after the one day of Shavuot");
	CHECK_STR(labels_of(G(2020, 10, 11)), "אסרו חג", "Israel: אסרו חג the day after Simchat Torah");
}

static void test_holiday_api(void)
{
	const char *one[1];
	CHECK(cal_holidays(G(2020, 9, 19), one, 1) == 1 && strcmp(one[0], "ראש השנה") == 0,
	      "api: a label is stored and counted");
	CHECK(cal_holidays(G(2020, 9, 19), NULL, 0) == 1, "api: with no room, the labels are still counted");
	CHECK(cal_holidays(G(2021, 2, 29), one, 1) == 0, "api: an invalid date has no labels");
	CHECK(!cal_gregorian_valid(G(1900, 2, 29)) && cal_gregorian_valid(G(2000, 2, 29)),
	      "api: 1900 is not a Gregorian leap year, 2000 is");
}

static void test_round_trips(void)
{
	struct gdate first = {CAL_FIRST_YEAR, 1, 1}, last = {CAL_LAST_YEAR, 12, 31};
	long start = cal_fixed_from_gregorian(first), end = cal_fixed_from_gregorian(last);
	long bad_gregorian = 0, bad_hebrew = 0, bad_step = 0;
	struct hdate prev = cal_hebrew_from_fixed(start - 1);
	for (long fixed = start; fixed <= end; fixed++) {
		struct gdate g = cal_gregorian_from_fixed(fixed);
		bad_gregorian += !cal_gregorian_valid(g) || cal_fixed_from_gregorian(g) != fixed;
		struct hdate h = cal_hebrew_from_fixed(fixed);
		bad_hebrew += h.day < 1 || h.day > cal_hebrew_month_length(h.year, h.month) ||
			      cal_fixed_from_hebrew(h) != fixed;
		/* each day is the next day of the month, or the first of a new month */
		bool next_day = h.year == prev.year && h.month == prev.month && h.day == prev.day + 1;
		bad_step += !next_day && h.day != 1;
		prev = h;
	}
	CHECK(bad_gregorian == 0, "round trip: every day %d–%d, fixed → Gregorian → fixed (%ld wrong)", CAL_FIRST_YEAR,
	      CAL_LAST_YEAR, bad_gregorian);
	CHECK(bad_hebrew == 0, "round trip: every day %d–%d, fixed → Hebrew → fixed (%ld wrong)", CAL_FIRST_YEAR,
	      CAL_LAST_YEAR, bad_hebrew);
	CHECK(bad_step == 0, "round trip: Hebrew days follow each other without a gap (%ld wrong)", bad_step);
}

static void test_dump(void)
{
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	int rc = calendar_dump(2020, mem);
	fclose(mem);
	long lines = 0;
	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n';
	CHECK(rc == 0 && lines == 366, "dump: 2020 has 366 lines (%ld)", lines);
	const char *first = "2020-01-01\tד\tד'\tטבת\tתש\"פ\t\n";
	CHECK(text && strncmp(text, first, strlen(first)) == 0, "dump: the first line of 2020 reads as specified");
	CHECK(text && strstr(text, "2020-09-28\tב\tי'\tתשרי\tתשפ\"א\tיום כיפור\n"),
	      "dump: Yom Kippur 2020 with its Hebrew date");
	free(text);
}

int main(void)
{
	test_fixed_days();
	test_known_dates();
	test_years();
	test_leap_months();
	test_holidays_2020();
	test_moved_days();
	test_holiday_api();
	test_round_trips();
	test_dump();
	return check_failed ? 1 : 0;
}
