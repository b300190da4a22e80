/* calendar.h — the Hebrew calendar: Gregorian ⇄ Hebrew dates, names in Hebrew, and the
 * Israeli holidays the planning calendar prints.
 *
 * The arithmetic follows Reingold & Dershowitz, "Calendrical Calculations": every date is
 * turned into a fixed day number (R.D.: day 1 is Monday 1 January of year 1 in the
 * proleptic Gregorian calendar), and each calendar converts to and from it. It is exact
 * for any year from 1 CE on; it is proven day by day against hebcal for 1900–2200, which
 * is the range calendar_dump accepts.
 *
 * Months are numbered as in Reingold & Dershowitz, from Nisan: Nisan = 1 … Elul = 6,
 * Tishrei = 7 … Shevat = 11, Adar = 12 (Adar I in a leap year), Adar II = 13 (leap years
 * only). The Hebrew year still begins on 1 Tishrei: Tishrei 5781 comes before Nisan 5781.
 *
 * A day here is the civil day, midnight to midnight: a holiday is labelled on the civil
 * day whose daylight it covers; the day before some holidays is labelled "ערב …" as the
 * book prints it, and the day Hanukkah's first candle is lit "נר ראשון של חנוכה".
 * Strings are UTF-8 in logical order.
 *
 * Domain: fixed days ≥ 1 and Gregorian years ≥ 1; a Hebrew date passed in must be a real
 * one (month within the year, day within the month). */
#ifndef PB_CALENDAR_H
#define PB_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The years calendar_dump accepts: the range checked against hebcal. */
#define CAL_FIRST_YEAR 1900
#define CAL_LAST_YEAR 2200

/* The most holiday labels one day can carry (see cal_holidays). */
#define CAL_MAX_LABELS 4

enum cal_month {
	CAL_NISAN = 1,
	CAL_IYAR,
	CAL_SIVAN,
	CAL_TAMMUZ,
	CAL_AV,
	CAL_ELUL,
	CAL_TISHREI,
	CAL_HESHVAN,
	CAL_KISLEV,
	CAL_TEVET,
	CAL_SHEVAT,
	CAL_ADAR, /* Adar I in a leap year */
	CAL_ADAR_II,
};

/* Weekdays as the book's grid counts them, from Sunday. */
enum cal_weekday { CAL_SUNDAY, CAL_MONDAY, CAL_TUESDAY, CAL_WEDNESDAY, CAL_THURSDAY, CAL_FRIDAY, CAL_SATURDAY };

struct gdate { int year, month, day; }; /* Gregorian: month 1–12 */
struct hdate { int year, month, day; }; /* Hebrew: year 5780, month as enum cal_month */

/* Fixed day numbers (R.D.) and back. */
long cal_fixed_from_gregorian(struct gdate g);
struct gdate cal_gregorian_from_fixed(long fixed);
long cal_fixed_from_hebrew(struct hdate h);
struct hdate cal_hebrew_from_fixed(long fixed);

/* Direct conversions, through the fixed day. */
struct hdate cal_hebrew_from_gregorian(struct gdate g);
struct gdate cal_gregorian_from_hebrew(struct hdate h);

/* Day of the week of a fixed day, enum cal_weekday. */
int cal_weekday(long fixed);

bool cal_gregorian_leap_year(int year);
int cal_gregorian_month_length(int year, int month);
/* Whether g names a real day (month 1–12, day within the month, year ≥ 1). */
bool cal_gregorian_valid(struct gdate g);

/* A leap year has thirteen months (Adar I and Adar II). */
bool cal_hebrew_leap_year(int year);
/* 12, or 13 in a leap year. */
int cal_hebrew_last_month(int year);
/* 29 or 30. */
int cal_hebrew_month_length(int year, int month);
/* 353–355 or 383–385. */
int cal_hebrew_year_length(int year);
/* The fixed day of 1 Tishrei of the year, after the postponements (dehiyyot). */
long cal_hebrew_new_year(int year);

/* "ניסן" … "אדר", or "אדר א'" / "אדר ב'" in a leap year; "" for a month the year lacks.
 * Spelt as the 2020 book prints them (סיוון, חשון). */
const char *cal_hebrew_month_name(int year, int month);
/* The year in letters without the thousands: 5780 → תש"פ, 5781 → תשפ"א. */
size_t cal_hebrew_year_letters(int year, char *out, size_t cap);
/* The day of the month in letters: 15 → ט"ו, 30 → ל'. */
size_t cal_hebrew_day_letters(int day, char *out, size_t cap);
/* The heading of the weekday's column in the book's grid: "א" … "ו", "שבת". */
const char *cal_weekday_name(int weekday);

/* The Israeli holidays, fasts and memorial days on Gregorian day g, in the order of the
 * Hebrew year (in 1900–2200 no day has more than one). Stores up to cap labels (static
 * strings) and returns how many the day has, which may be more than cap; 0 for an
 * ordinary day or an invalid date. The set and the rules are described in calendar.c. */
int cal_holidays(struct gdate g, const char **labels, int cap);

/* One line per civil day of the Gregorian year, tab-separated:
 *   ISO date, weekday (cal_weekday_name), Hebrew day (letters), Hebrew month name,
 *   Hebrew year (letters), holiday labels joined by ";" (empty for none).
 * Returns 0; -1 when the year is outside CAL_FIRST_YEAR–CAL_LAST_YEAR (nothing is
 * written); -2 when writing failed. */
int calendar_dump(int year, FILE *out);

#endif
