/* calendar.c — the Hebrew calendar by the arithmetic of Reingold & Dershowitz,
 * "Calendrical Calculations" (fixed day numbers, the molad of Tishrei and its
 * postponements), and the Israeli holidays the planning calendar prints.
 *
 * Holidays are a table of observances, each a Hebrew date, a number of days and a rule
 * that moves it off a day it may not be kept on. The rules are Israel's as kept today:
 *  - a fast that falls on Shabbat (צום גדליה, י"ז בתמוז, ט' באב) is kept on Sunday;
 *    תענית אסתר, whose next day is Purim, is brought forward to Thursday instead;
 *    עשרה בטבת never falls on Shabbat;
 *  - שושן פורים on Shabbat (פורים משולש) is marked on Sunday, when Jerusalem keeps it;
 *  - יום השואה (27 Nisan): Friday → Thursday, Sunday → Monday;
 *  - יום העצמאות (5 Iyar) with יום הזכרון on the day before it: Friday → Thursday,
 *    Saturday → Thursday, and from 5764 (2004) Monday → Tuesday, so that neither day
 *    touches Shabbat and the memorial day does not begin at the end of Shabbat;
 *  - the modern days are labelled from their first observance: יום העצמאות and יום
 *    הזכרון from 5709 (1949), יום השואה from 5711 (1951), יום ירושלים from 5728 (1968).
 *    Earlier changes of the moving rules are not modelled (hebcal does the same).
 * Israel keeps one festival day: one day of Shavuot, Simchat Torah on Shemini Atzeret,
 * and אסרו חג the day after each pilgrimage festival. */
#include "calendar.h"

#include "hebrew.h"

#include <string.h>

/* R.D. of 1 Tishrei AM 1: 7 October 3761 BCE in the Julian calendar. */
#define HEBREW_EPOCH (-1373427L)
/* A day has 25,920 parts (halakim); a lunar month lasts 29 days 13,753 parts. */
#define PARTS_PER_DAY 25920LL
#define MONTH_PARTS_BEYOND_29_DAYS 13753LL
/* The molad of Tishrei AM 1 (BeHaRaD) counted in parts from the epoch's start. */
#define MOLAD_OF_CREATION_PARTS 12084LL

/* ---- Gregorian ---------------------------------------------------------------- */

bool cal_gregorian_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int cal_gregorian_month_length(int year, int month)
{
	static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && cal_gregorian_leap_year(year))
		return 29;
	return lengths[month - 1];
}

bool cal_gregorian_valid(struct gdate g)
{
	return g.year >= 1 && g.month >= 1 && g.month <= 12 && g.day >= 1 &&
	       g.day <= cal_gregorian_month_length(g.year, g.month);
}

long cal_fixed_from_gregorian(struct gdate g)
{
	long y = g.year - 1;
	/* days before the month: the 367/12 formula counts February as 30 days, corrected */
	long before_month = (367L * g.month - 362) / 12;
	if (g.month > 2)
		before_month -= cal_gregorian_leap_year(g.year) ? 1 : 2;
	return 365 * y + y / 4 - y / 100 + y / 400 + before_month + g.day;
}

static int gregorian_year_from_fixed(long fixed)
{
	long d0 = fixed - 1;
	long n400 = d0 / 146097, d1 = d0 % 146097;
	long n100 = d1 / 36524, d2 = d1 % 36524;
	long n4 = d2 / 1461, d3 = d2 % 1461;
	long n1 = d3 / 365;
	long year = 400 * n400 + 100 * n100 + 4 * n4 + n1;
	/* the last day of a leap cycle belongs to the year just counted */
	return (int)(n100 == 4 || n1 == 4 ? year : year + 1);
}

struct gdate cal_gregorian_from_fixed(long fixed)
{
	struct gdate g = {gregorian_year_from_fixed(fixed), 1, 1};
	long prior_days = fixed - cal_fixed_from_gregorian(g);
	struct gdate march1 = {g.year, 3, 1};
	int correction = 0;
	if (fixed >= cal_fixed_from_gregorian(march1))
		correction = cal_gregorian_leap_year(g.year) ? 1 : 2;
	g.month = (int)((12 * (prior_days + correction) + 373) / 367);
	struct gdate first_of_month = {g.year, g.month, 1};
	g.day = (int)(fixed - cal_fixed_from_gregorian(first_of_month)) + 1;
	return g;
}

int cal_weekday(long fixed)
{
	/* R.D. 1 was a Monday, so R.D. 0 was a Sunday */
	return (int)(((fixed % 7) + 7) % 7);
}

/* ---- Hebrew year ------------------------------------------------------------- */

bool cal_hebrew_leap_year(int year)
{
	/* years 3, 6, 8, 11, 14, 17 and 19 of the 19-year cycle */
	return (7L * year + 1) % 19 < 7;
}

int cal_hebrew_last_month(int year)
{
	return cal_hebrew_leap_year(year) ? CAL_ADAR_II : CAL_ADAR;
}

/* Days from the epoch to the molad of Tishrei of the year, with the first postponement:
 * Rosh Hashana never falls on Sunday, Wednesday or Friday. */
static long elapsed_days(int year)
{
	long long months = (235LL * year - 234) / 19;
	long long parts = MOLAD_OF_CREATION_PARTS + MONTH_PARTS_BEYOND_29_DAYS * months;
	long long days = 29 * months + parts / PARTS_PER_DAY;
	if ((3 * (days + 1)) % 7 < 3)
		days++;
	return (long)days;
}

/* The remaining postponements, which keep every year 353–355 or 383–385 days long:
 * a common year may not reach 356 days (delay this new year by two), and a year after
 * a leap year may not start so early that the leap year has 382 (delay by one). */
static int new_year_delay(int year)
{
	long ny0 = elapsed_days(year - 1), ny1 = elapsed_days(year), ny2 = elapsed_days(year + 1);
	if (ny2 - ny1 == 356)
		return 2;
	if (ny1 - ny0 == 382)
		return 1;
	return 0;
}

long cal_hebrew_new_year(int year)
{
	return HEBREW_EPOCH + elapsed_days(year) + new_year_delay(year);
}

int cal_hebrew_year_length(int year)
{
	return (int)(cal_hebrew_new_year(year + 1) - cal_hebrew_new_year(year));
}

/* What a year's conversions need, computed once per year. */
struct hyear {
	int year;
	long new_year;
	int length;
	bool leap;
};

static struct hyear hyear_of(int year)
{
	struct hyear y = {year, cal_hebrew_new_year(year), 0, cal_hebrew_leap_year(year)};
	y.length = (int)(cal_hebrew_new_year(year + 1) - y.new_year);
	return y;
}

static int month_length_in(const struct hyear *y, int month)
{
	switch (month) {
	case CAL_IYAR:
	case CAL_TAMMUZ:
	case CAL_ELUL:
	case CAL_TEVET:
	case CAL_ADAR_II:
		return 29;
	/* the two months that absorb the year's length: a full year (355 or 385 days) has
	 * a 30-day Heshvan, a defective one (353 or 383) a 29-day Kislev */
	case CAL_HESHVAN:
		return y->length % 10 == 5 ? 30 : 29;
	case CAL_KISLEV:
		return y->length % 10 == 3 ? 29 : 30;
	case CAL_ADAR:
		return y->leap ? 30 : 29;
	default:
		return 30;
	}
}

int cal_hebrew_month_length(int year, int month)
{
	if (month < CAL_NISAN || month > cal_hebrew_last_month(year))
		return 0;
	struct hyear y = hyear_of(year);
	return month_length_in(&y, month);
}

/* Days from 1 Tishrei to the first of the month: the year runs Tishrei … Adar (II),
 * then Nisan … Elul. */
static int days_before_month(const struct hyear *y, int month)
{
	int last = y->leap ? CAL_ADAR_II : CAL_ADAR;
	int days = 0;
	if (month >= CAL_TISHREI) {
		for (int m = CAL_TISHREI; m < month; m++)
			days += month_length_in(y, m);
		return days;
	}
	for (int m = CAL_TISHREI; m <= last; m++)
		days += month_length_in(y, m);
	for (int m = CAL_NISAN; m < month; m++)
		days += month_length_in(y, m);
	return days;
}

static long fixed_in_year(const struct hyear *y, int month, int day)
{
	return y->new_year + days_before_month(y, month) + day - 1;
}

long cal_fixed_from_hebrew(struct hdate h)
{
	struct hyear y = hyear_of(h.year);
	return fixed_in_year(&y, h.month, h.day);
}

static int hebrew_year_from_fixed(long fixed)
{
	/* the mean year is 35,975,351 / 98,496 days; the estimate is at most one too high */
	long long approx = 98496LL * (fixed - HEBREW_EPOCH) / 35975351 + 1;
	int year = (int)approx - 1;
	while (cal_hebrew_new_year(year + 1) <= fixed)
		year++;
	return year;
}

struct hdate cal_hebrew_from_fixed(long fixed)
{
	struct hyear y = hyear_of(hebrew_year_from_fixed(fixed));
	/* the year's two runs of months: Tishrei … Adar (II), then Nisan … Elul */
	bool before_nisan = fixed < fixed_in_year(&y, CAL_NISAN, 1);
	int month = before_nisan ? CAL_TISHREI : CAL_NISAN;
	int run_end = before_nisan ? (y.leap ? CAL_ADAR_II : CAL_ADAR) : CAL_ELUL;
	while (month < run_end && fixed >= fixed_in_year(&y, month, 1) + month_length_in(&y, month))
		month++;
	struct hdate h = {y.year, month, (int)(fixed - fixed_in_year(&y, month, 1)) + 1};
	return h;
}

struct hdate cal_hebrew_from_gregorian(struct gdate g)
{
	return cal_hebrew_from_fixed(cal_fixed_from_gregorian(g));
}

struct gdate cal_gregorian_from_hebrew(struct hdate h)
{
	return cal_gregorian_from_fixed(cal_fixed_from_hebrew(h));
}

/* ---- Names ------------------------------------------------------------------- */

const char *cal_hebrew_month_name(int year, int month)
{
	static const char *const names[] = {
		"", "ניסן", "אייר", "סיוון", "תמוז", "אב", "אלול",
		"תשרי", "חשון", "כסלו", "טבת", "שבט", "אדר", "אדר ב'",
	};
	if (month < CAL_NISAN || month > cal_hebrew_last_month(year))
		return "";
	if (month == CAL_ADAR && cal_hebrew_leap_year(year))
		return "אדר א'";
	return names[month];
}

size_t cal_hebrew_year_letters(int year, char *out, size_t cap)
{
	return hebrew_numeral(year, true, out, cap);
}

size_t cal_hebrew_day_letters(int day, char *out, size_t cap)
{
	return hebrew_numeral(day, true, out, cap);
}

const char *cal_weekday_name(int weekday)
{
	static const char *const names[] = {"א", "ב", "ג", "ד", "ה", "ו", "שבת"};
	return weekday >= 0 && weekday <= 6 ? names[weekday] : "";
}

/* ---- Holidays ---------------------------------------------------------------- */

enum move {
	STAYS,
	SHABBAT_TO_SUNDAY,        /* a fast, or Jerusalem's Purim meal, is not kept on Shabbat */
	SHABBAT_TO_THURSDAY,      /* תענית אסתר: Sunday is Purim, so brought forward */
	SHOAH_RULE,               /* off Friday and Sunday, next to Shabbat */
	INDEPENDENCE_RULE,        /* יום הזכרון and יום העצמאות move together */
};

struct observance {
	int month; /* CAL_ADAR is the Adar of Purim: Adar II in a leap year */
	int day;
	int days; /* consecutive days with the label */
	enum move move;
	int first_year; /* Hebrew year of the first observance; 0: every year */
	const char *label;
};

/* In the order of the Hebrew year (Tishrei first): a day's labels come out in this order. */
static const struct observance observances[] = {
	{CAL_TISHREI, 1, 2, STAYS, 0, "ראש השנה"},
	{CAL_TISHREI, 3, 1, SHABBAT_TO_SUNDAY, 0, "צום גדליה"},
	{CAL_TISHREI, 9, 1, STAYS, 0, "ערב יום כיפור"},
	{CAL_TISHREI, 10, 1, STAYS, 0, "יום כיפור"},
	{CAL_TISHREI, 14, 1, STAYS, 0, "ערב סוכות"},
	{CAL_TISHREI, 15, 1, STAYS, 0, "סוכות"},
	{CAL_TISHREI, 16, 5, STAYS, 0, "חוה\"מ סוכות"},
	{CAL_TISHREI, 21, 1, STAYS, 0, "הושענה רבא"},
	{CAL_TISHREI, 22, 1, STAYS, 0, "שמחת תורה"},
	{CAL_TISHREI, 23, 1, STAYS, 0, "אסרו חג"},
	/* the first candle is lit on the evening before the first day */
	{CAL_KISLEV, 24, 1, STAYS, 0, "נר ראשון של חנוכה"},
	{CAL_KISLEV, 25, 8, STAYS, 0, "חנוכה"},
	{CAL_TEVET, 10, 1, STAYS, 0, "עשרה בטבת"},
	{CAL_SHEVAT, 15, 1, STAYS, 0, "ט\"ו בשבט"},
	{CAL_ADAR, 13, 1, SHABBAT_TO_THURSDAY, 0, "תענית אסתר"},
	{CAL_ADAR, 14, 1, STAYS, 0, "פורים"},
	/* פורים משולש: when 15 Adar is Shabbat, Jerusalem keeps the Purim meal and its day
	 * off on Sunday, and that Sunday is the day calendars (and hebcal) mark */
	{CAL_ADAR, 15, 1, SHABBAT_TO_SUNDAY, 0, "שושן פורים"},
	{CAL_NISAN, 14, 1, STAYS, 0, "ערב פסח"},
	{CAL_NISAN, 15, 1, STAYS, 0, "פסח"},
	{CAL_NISAN, 16, 5, STAYS, 0, "חוה\"מ פסח"},
	{CAL_NISAN, 21, 1, STAYS, 0, "שביעי של פסח"},
	{CAL_NISAN, 22, 1, STAYS, 0, "אסרו חג"},
	{CAL_NISAN, 27, 1, SHOAH_RULE, 5711, "יום השואה"},
	{CAL_IYAR, 4, 1, INDEPENDENCE_RULE, 5709, "יום הזכרון"},
	{CAL_IYAR, 5, 1, INDEPENDENCE_RULE, 5709, "יום העצמאות"},
	{CAL_IYAR, 18, 1, STAYS, 0, "ל\"ג בעומר"},
	{CAL_IYAR, 28, 1, STAYS, 5728, "יום ירושלים"},
	{CAL_SIVAN, 5, 1, STAYS, 0, "ערב שבועות"},
	{CAL_SIVAN, 6, 1, STAYS, 0, "שבועות"},
	{CAL_SIVAN, 7, 1, STAYS, 0, "אסרו חג"},
	{CAL_TAMMUZ, 17, 1, SHABBAT_TO_SUNDAY, 0, "צום י\"ז בתמוז"},
	{CAL_AV, 9, 1, SHABBAT_TO_SUNDAY, 0, "צום ט' באב"},
	{CAL_AV, 15, 1, STAYS, 0, "ט\"ו באב"},
	/* 29 Elul is the eve of the next year's Rosh Hashana */
	{CAL_ELUL, 29, 1, STAYS, 0, "ערב ראש השנה"},
};

/* Days to add to 5 Iyar to reach יום העצמאות. */
static int independence_shift(const struct hyear *y)
{
	switch (cal_weekday(fixed_in_year(y, CAL_IYAR, 5))) {
	case CAL_FRIDAY:
		return -1;
	case CAL_SATURDAY:
		return -2;
	case CAL_MONDAY: /* the 2004 amendment; before it Monday stayed */
		return y->year >= 5764 ? 1 : 0;
	default:
		return 0;
	}
}

static int move_shift(const struct hyear *y, enum move move, long nominal)
{
	int weekday = cal_weekday(nominal);
	switch (move) {
	case SHABBAT_TO_SUNDAY:
		return weekday == CAL_SATURDAY ? 1 : 0;
	case SHABBAT_TO_THURSDAY:
		return weekday == CAL_SATURDAY ? -2 : 0;
	case SHOAH_RULE:
		return weekday == CAL_FRIDAY ? -1 : weekday == CAL_SUNDAY ? 1 : 0;
	case INDEPENDENCE_RULE:
		return independence_shift(y);
	case STAYS:
		break;
	}
	return 0;
}

/* Whether the observance is kept on the fixed day in the Hebrew year y. All observances
 * of a Hebrew year, moved or not, fall inside that year, so y is the day's own year. */
static bool observed_on(const struct observance *o, const struct hyear *y, long fixed)
{
	if (y->year < o->first_year)
		return false;
	int month = o->month == CAL_ADAR && y->leap ? CAL_ADAR_II : o->month;
	long nominal = fixed_in_year(y, month, o->day);
	long first = nominal + move_shift(y, o->move, nominal);
	return fixed >= first && fixed < first + o->days;
}

static int holidays_on(long fixed, const char **labels, int cap)
{
	struct hyear y = hyear_of(cal_hebrew_from_fixed(fixed).year);
	int n = 0;
	for (size_t i = 0; i < sizeof observances / sizeof observances[0]; i++) {
		if (!observed_on(&observances[i], &y, fixed))
			continue;
		if (n < cap)
			labels[n] = observances[i].label;
		n++;
	}
	return n;
}

int cal_holidays(struct gdate g, const char **labels, int cap)
{
	if (!cal_gregorian_valid(g))
		return 0;
	return holidays_on(cal_fixed_from_gregorian(g), labels, cap);
}

/* ---- The dump ---------------------------------------------------------------- */

static void dump_day(long fixed, FILE *out)
{
	struct gdate g = cal_gregorian_from_fixed(fixed);
	struct hdate h = cal_hebrew_from_fixed(fixed);
	char day[32], year[32];
	cal_hebrew_day_letters(h.day, day, sizeof day);
	cal_hebrew_year_letters(h.year, year, sizeof year);
	fprintf(out, "%04d-%02d-%02d\t%s\t%s\t%s\t%s\t", g.year, g.month, g.day,
		cal_weekday_name(cal_weekday(fixed)), day, cal_hebrew_month_name(h.year, h.month), year);
	const char *labels[CAL_MAX_LABELS];
	int n = holidays_on(fixed, labels, CAL_MAX_LABELS);
	for (int i = 0; i < n && i < CAL_MAX_LABELS; i++)
		fprintf(out, "%s%s", i ? ";" : "", labels[i]);
	fputc('\n', out);
}

int calendar_dump(int year, FILE *out)
{
	if (year < CAL_FIRST_YEAR || year > CAL_LAST_YEAR)
		return -1;
	struct gdate jan1 = {year, 1, 1}, next_jan1 = {year + 1, 1, 1};
	long end = cal_fixed_from_gregorian(next_jan1);
	for (long fixed = cal_fixed_from_gregorian(jan1); fixed < end; fixed++)
		dump_day(fixed, out);
	return ferror(out) ? -2 : 0;
}
