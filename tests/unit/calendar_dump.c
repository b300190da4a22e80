/* calendar_dump.c — the calendar's days as text, for the hebcal oracle.
 *
 *   calendar_dump FIRST [LAST]   prints calendar_dump() of the Gregorian years FIRST–LAST
 *                                (tests/e2e/calendar.sh compares it with hebcal)
 *   calendar_dump                checks the dump's own shape over every year 1900–2200,
 *                                as tests/run.sh runs every test binary without arguments
 *
 * The shape checks do not trust the conversions the dump is made from: the Gregorian
 * dates and weekdays are counted here from 1 January 1900 (a Monday), and the Hebrew
 * months and years are measured from the printed text alone. */
#include <stdlib.h>

#include "calendar.h"
#include "check.h"

#define FIELDS 6
#define SHOW 5 /* problems printed per check */

static int print_years(int first, int last)
{
	for (int year = first; year <= last; year++)
		if (calendar_dump(year, stdout) != 0)
			return 1;
	return fflush(stdout) ? 1 : 0;
}

/* ---- one line of the dump ---- */

struct day {
	char *field[FIELDS]; /* date, weekday, Hebrew day, month, year, labels */
};

/* Splits a line in place at its tabs; false unless it has exactly FIELDS fields. */
static bool split_line(char *line, struct day *d)
{
	int n = 0;
	for (char *p = line;; p++) {
		if (n == FIELDS)
			return false;
		d->field[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	return n == FIELDS;
}

/* ---- what the checks count ---- */

struct problems {
	int count;
	const char *what;
};

static void problem(struct problems *p, const char *date, const char *detail)
{
	if (p->count++ < SHOW)
		printf("       %s: %s: %s\n", p->what, date, detail);
}

/* A Hebrew month or year seen as a run of consecutive lines with the same text. */
struct run {
	char name[64];
	char first_day[64];
	int length;
	bool open_start; /* began with the first line of the range: not a whole run */
};

struct shape {
	int year, month, day, weekday; /* the next line's date, counted independently */
	struct run month_run, year_run;
	int months_in_year;
	bool adar, adar1, adar2;
	long whole_months, whole_years;
	struct problems bad_line, bad_date, bad_weekday, bad_month, bad_year;
};

static const char *const weekday_names[] = {"א", "ב", "ג", "ד", "ה", "ו", "שבת"};

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

static void advance_date(struct shape *s)
{
	s->weekday = (s->weekday + 1) % 7;
	if (++s->day <= days_in_month(s->year, s->month))
		return;
	s->day = 1;
	if (++s->month <= 12)
		return;
	s->month = 1;
	s->year++;
}

static void start_run(struct run *r, const char *name, const char *day, bool open_start)
{
	snprintf(r->name, sizeof r->name, "%s", name);
	snprintf(r->first_day, sizeof r->first_day, "%s", day);
	r->length = 0;
	r->open_start = open_start;
}

static void end_month(struct shape *s, const char *date)
{
	struct run *m = &s->month_run;
	if (m->open_start)
		return;
	s->whole_months++;
	if ((m->length != 29 && m->length != 30) || strcmp(m->first_day, "א'") != 0) {
		char detail[160];
		snprintf(detail, sizeof detail, "%s began on %s and lasted %d days", m->name,
			 m->first_day, m->length);
		problem(&s->bad_month, date, detail);
	}
}

static void end_year(struct shape *s, const char *date)
{
	struct run *y = &s->year_run;
	if (y->open_start)
		return;
	s->whole_years++;
	/* the six lengths a Hebrew year may have */
	bool common = y->length >= 353 && y->length <= 355;
	bool leap = y->length >= 383 && y->length <= 385;
	bool months_fit = common ? s->months_in_year == 12 && s->adar && !s->adar1 && !s->adar2
				 : s->months_in_year == 13 && !s->adar && s->adar1 && s->adar2;
	if (!(common || leap) || !months_fit || strcmp(y->first_day, "א' תשרי") != 0) {
		char detail[200];
		snprintf(detail, sizeof detail, "%s began on %s, %d days, %d months", y->name,
			 y->first_day, y->length, s->months_in_year);
		problem(&s->bad_year, date, detail);
	}
}

static void note_month_name(struct shape *s, const char *month)
{
	s->months_in_year++;
	s->adar |= strcmp(month, "אדר") == 0;
	s->adar1 |= strcmp(month, "אדר א'") == 0;
	s->adar2 |= strcmp(month, "אדר ב'") == 0;
}

static void check_hebrew(struct shape *s, const struct day *d, bool first_line)
{
	const char *date = d->field[0], *day = d->field[2], *month = d->field[3], *year = d->field[4];
	char year_start[64];
	snprintf(year_start, sizeof year_start, "%s %s", day, month);
	if (first_line || strcmp(year, s->year_run.name) != 0) {
		if (!first_line)
			end_year(s, date);
		start_run(&s->year_run, year, year_start, first_line);
		s->months_in_year = 0;
		s->adar = s->adar1 = s->adar2 = false;
	}
	if (first_line || strcmp(month, s->month_run.name) != 0) {
		if (!first_line)
			end_month(s, date);
		start_run(&s->month_run, month, day, first_line);
		note_month_name(s, month);
	}
	s->month_run.length++;
	s->year_run.length++;
}

static void check_line(struct shape *s, char *line, bool first_line)
{
	struct day d;
	if (!split_line(line, &d)) {
		problem(&s->bad_line, "?", "not six tab-separated fields");
		return;
	}
	char want[16];
	snprintf(want, sizeof want, "%04d-%02d-%02d", s->year, s->month, s->day);
	if (strcmp(d.field[0], want) != 0)
		problem(&s->bad_date, want, d.field[0]);
	if (strcmp(d.field[1], weekday_names[s->weekday]) != 0)
		problem(&s->bad_weekday, want, d.field[1]);
	const char *labels = d.field[5];
	size_t n = strlen(labels);
	if (labels[0] == ';' || (n && labels[n - 1] == ';') || strstr(labels, ";;"))
		problem(&s->bad_line, want, "an empty holiday label");
	check_hebrew(s, &d, first_line);
	advance_date(s);
}

/* Dumps a year into memory and checks it line by line; returns its number of lines, or
 * -1 when calendar_dump failed. */
static long check_year(struct shape *s, int year, bool *first_line)
{
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	if (!mem)
		return -1;
	int rc = calendar_dump(year, mem);
	fclose(mem);
	long lines = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		check_line(s, line, *first_line);
		*first_line = false;
		lines++;
	}
	free(text);
	return rc == 0 ? lines : -1;
}

static void check_shape(void)
{
	struct shape s = {.year = CAL_FIRST_YEAR, .month = 1, .day = 1, .weekday = 1};
	s.bad_line.what = "line";
	s.bad_date.what = "date";
	s.bad_weekday.what = "weekday";
	s.bad_month.what = "month";
	s.bad_year.what = "year";
	int wrong_count = 0;
	bool first_line = true;
	for (int year = CAL_FIRST_YEAR; year <= CAL_LAST_YEAR; year++) {
		long want = days_in_month(year, 2) == 29 ? 366 : 365;
		if (check_year(&s, year, &first_line) != want && wrong_count++ < SHOW)
			printf("       year %d: not %ld lines\n", year, want);
	}
	CHECK(wrong_count == 0, "dump: every year %d–%d dumps one line a day", CAL_FIRST_YEAR, CAL_LAST_YEAR);
	CHECK(s.bad_line.count == 0, "dump: every line has six tab-separated fields, labels non-empty");
	CHECK(s.bad_date.count == 0, "dump: the ISO dates follow each other from 1900-01-01");
	CHECK(s.bad_weekday.count == 0, "dump: the weekdays cycle from Monday 1 January 1900");
	CHECK(s.bad_month.count == 0 && s.whole_months > 3700,
	      "dump: each of %ld Hebrew months begins on א' and lasts 29 or 30 days", s.whole_months);
	CHECK(s.bad_year.count == 0 && s.whole_years == 300,
	      "dump: each of %ld Hebrew years begins on א' תשרי, lasts 353–355 days with אדר "
	      "or 383–385 with אדר א' and אדר ב'", s.whole_years);
}

static void check_label_room(void)
{
	struct gdate first = {CAL_FIRST_YEAR, 1, 1}, last = {CAL_LAST_YEAR, 12, 31};
	long end = cal_fixed_from_gregorian(last);
	int most = 0;
	for (long fixed = cal_fixed_from_gregorian(first); fixed <= end; fixed++) {
		int n = cal_holidays(cal_gregorian_from_fixed(fixed), NULL, 0);
		if (n > most)
			most = n;
	}
	CHECK(most <= CAL_MAX_LABELS, "dump: no day has more labels than CAL_MAX_LABELS (most: %d)", most);
}

static void check_refusals(void)
{
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	int before = calendar_dump(CAL_FIRST_YEAR - 1, mem);
	int after = calendar_dump(CAL_LAST_YEAR + 1, mem);
	fclose(mem);
	CHECK(before == -1 && after == -1 && size == 0,
	      "dump: years outside %d–%d are refused and nothing is written", CAL_FIRST_YEAR, CAL_LAST_YEAR);
	free(text);
	FILE *read_only = fopen("/dev/null", "r");
	CHECK(read_only && calendar_dump(2020, read_only) == -2, "dump: a failed write is reported (-2)");
	if (read_only)
		fclose(read_only);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		int first = atoi(argv[1]), last = argc > 2 ? atoi(argv[2]) : first;
		if (argc > 3 || first < CAL_FIRST_YEAR || last > CAL_LAST_YEAR || first > last) {
			fprintf(stderr, "usage: calendar_dump [FIRST [LAST]]  (years %d–%d)\n", CAL_FIRST_YEAR,
				CAL_LAST_YEAR);
			return 2;
		}
		return print_years(first, last);
	}
	check_shape();
	check_label_room();
	check_refusals();
	return check_failed ? 1 : 0;
}
