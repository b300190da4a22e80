"""Compares planbook's Hebrew calendar with hebcal, an independent implementation.

    python3 tests/hebcal_oracle.py DAYS.TSV

DAYS.TSV is what `calendar_dump 1900 2200` prints (gen/calendar.h, calendar_dump): one
line a day, ISO date, weekday, Hebrew day, month and year in Hebrew, holiday labels.
Prints one "ok   " or "FAIL " line per check (tests/run.sh counts them) and exits 1 when
one failed.

1. Dates: every day of DATE_YEARS, against `hebcal -d` (Hebrew date of each day) and the
   weekday against Python's own calendar. Our letters are read back into numbers here,
   strictly (a misplaced geresh or "יה" for 15 fails), so the letters are checked too.
2. Holidays: every day of HOLIDAY_YEARS, against `hebcal -i` (Israel). hebcal's labels
   are English; HEBCAL_TO_OURS maps each one we print. A hebcal label we do not print
   must be in NOT_PRINTED, and a label of ours must have a counterpart, so that nothing
   drops out of the comparison unseen. אסרו חג, which hebcal does not list, is checked
   as the day after the last day of each festival that hebcal gives.
"""
import datetime
import re
import subprocess
import sys

DATE_YEARS = (1900, 2200)
HOLIDAY_YEARS = (1900, 2200)

LETTER_VALUES = dict(zip("אבגדהוזחטיכלמנסעפצקרשת",
                         [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90,
                          100, 200, 300, 400]))

MONTHS = {"ניסן": "Nisan", "אייר": "Iyyar", "סיוון": "Sivan", "תמוז": "Tamuz", "אב": "Av",
          "אלול": "Elul", "תשרי": "Tishrei", "חשון": "Cheshvan", "כסלו": "Kislev",
          "טבת": "Tevet", "שבט": "Sh'vat", "אדר": "Adar", "אדר א'": "Adar I",
          "אדר ב'": "Adar II"}

WEEKDAYS = ["א", "ב", "ג", "ד", "ה", "ו", "שבת"]  # from Sunday, as the book's grid

HEBCAL_TO_OURS = {
    "Rosh Hashana": "ראש השנה",  # hebcal adds the year: "Rosh Hashana 5781"
    "Rosh Hashana II": "ראש השנה",
    "Tzom Gedaliah": "צום גדליה",
    "Erev Yom Kippur": "ערב יום כיפור",
    "Yom Kippur": "יום כיפור",
    "Erev Sukkot": "ערב סוכות",
    "Sukkot I": "סוכות",
    "Sukkot II (CH''M)": 'חוה"מ סוכות',
    "Sukkot III (CH''M)": 'חוה"מ סוכות',
    "Sukkot IV (CH''M)": 'חוה"מ סוכות',
    "Sukkot V (CH''M)": 'חוה"מ סוכות',
    "Sukkot VI (CH''M)": 'חוה"מ סוכות',
    "Sukkot VII (Hoshana Raba)": "הושענה רבא",
    "Shmini Atzeret": "שמחת תורה",  # one day in Israel
    "Chanukah: 1 Candle": "נר ראשון של חנוכה",
    "Chanukah: 2 Candles": "חנוכה",
    "Chanukah: 3 Candles": "חנוכה",
    "Chanukah: 4 Candles": "חנוכה",
    "Chanukah: 5 Candles": "חנוכה",
    "Chanukah: 6 Candles": "חנוכה",
    "Chanukah: 7 Candles": "חנוכה",
    "Chanukah: 8 Candles": "חנוכה",
    "Chanukah: 8th Day": "חנוכה",
    "Asara B'Tevet": "עשרה בטבת",
    "Tu BiShvat": 'ט"ו בשבט',
    "Ta'anit Esther": "תענית אסתר",
    "Purim": "פורים",
    "Shushan Purim": "שושן פורים",
    "Erev Pesach": "ערב פסח",
    "Pesach I": "פסח",
    "Pesach II (CH''M)": 'חוה"מ פסח',
    "Pesach III (CH''M)": 'חוה"מ פסח',
    "Pesach IV (CH''M)": 'חוה"מ פסח',
    "Pesach V (CH''M)": 'חוה"מ פסח',
    "Pesach VI (CH''M)": 'חוה"מ פסח',
    "Pesach VII": "שביעי של פסח",
    "Yom HaShoah": "יום השואה",
    "Yom HaZikaron": "יום הזכרון",
    "Yom HaAtzma'ut": "יום העצמאות",
    "Lag BaOmer": 'ל"ג בעומר',
    "Yom Yerushalayim": "יום ירושלים",
    "Erev Shavuot": "ערב שבועות",
    "Shavuot I": "שבועות",
    "Tzom Tammuz": 'צום י"ז בתמוז',
    "Tish'a B'Av": "צום ט' באב",
    "Tish'a B'Av (observed)": "צום ט' באב",  # 9 Av on Shabbat, kept on Sunday
    "Tu B'Av": 'ט"ו באב',
    "Erev Rosh Hashana": "ערב ראש השנה",
}

# The festivals whose next day is אסרו חג in Israel.
FESTIVAL_LAST_DAYS = {"Pesach VII", "Shavuot I", "Shmini Atzeret"}
ASRU_CHAG = "אסרו חג"

# hebcal's events that the book does not print, and so the calendar does not label.
NOT_PRINTED = {
    "Erev Purim", "Erev Tish'a B'Av", "Leil Selichot", "Pesach Sheni", "Purim Katan",
    "Rosh Hashana LaBehemot", "Sigd", "Ta'anit Bechorot", "Yom HaAliyah",
    "Shabbat Chazon", "Shabbat HaChodesh", "Shabbat HaGadol", "Shabbat Nachamu",
    "Shabbat Parah", "Shabbat Shekalim", "Shabbat Shuva", "Shabbat Zachor",
}
NOT_PRINTED_PREFIXES = ("Rosh Chodesh ",)

SHOW = 15  # mismatches printed per failed check


def report(ok, name, problems=()):
    print(("ok   " if ok else "FAIL ") + name)
    for p in list(problems)[:SHOW]:
        print("       " + p)
    if len(problems) > SHOW:
        print("       … and %d more" % (len(problems) - SHOW))
    return ok


def hebrew_number(letters):
    """The value of a Hebrew numeral as the calendar writes it (ט"ו, ל', תשפ"א), or
    None when it is not written the standard way."""
    if re.fullmatch(r"[א-ת]'", letters):
        body = letters[0]
    elif re.fullmatch(r'[א-ת]+"[א-ת]', letters):
        body = letters.replace('"', "")
    else:
        return None
    values = [LETTER_VALUES.get(c) for c in body]
    if None in values:
        return None
    tail = sum(v for v in values if v < 100)
    if tail in (15, 16):  # written 9+6, 9+7
        if body[-2:] not in ("טו", "טז"):
            return None
        values = values[:-2] + [tail]
    if any(a < b for a, b in zip(values, values[1:])):
        return None
    return sum(values)


def hebcal(*args):
    out = subprocess.run(["hebcal", *args], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()


def read_dump(path):
    days = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 6:
                raise SystemExit("FAIL calendar: %s:%d has %d fields, not 6" % (path, n, len(fields)))
            days[fields[0]] = fields[1:]
    return days


def every_day(first_year, last_year):
    d = datetime.date(first_year, 1, 1)
    while d.year <= last_year:
        yield d
        d += datetime.timedelta(days=1)


def check_dates(days):
    first, last = DATE_YEARS
    theirs = {}
    unparsed = []
    for line in hebcal("-d", "-h", "-x", "-g", "--years", str(last - first + 1), str(first)):
        m = re.fullmatch(r"(\d{4}-\d\d-\d\d) (\d+)(?:st|nd|rd|th) of (.+), (\d+)", line)
        if m:
            theirs[m[1]] = (int(m[2]), m[3], int(m[4]))
        else:
            unparsed.append("hebcal printed: " + line)
    wrong_dates, wrong_letters, wrong_weekdays, compared = [], [], [], 0
    for d in every_day(first, last):
        iso = d.isoformat()
        ours = days.get(iso)
        if ours is None or iso not in theirs:
            wrong_dates.append("%s: missing in %s" % (iso, "our dump" if ours is None else "hebcal"))
            continue
        weekday, day_letters, month, year_letters, _ = ours
        if weekday != WEEKDAYS[d.isoweekday() % 7]:
            wrong_weekdays.append("%s: %s" % (iso, weekday))
        day, year = hebrew_number(day_letters), hebrew_number(year_letters)
        if day is None or year is None:
            wrong_letters.append("%s: day %s, year %s" % (iso, day_letters, year_letters))
            continue
        compared += 1
        mine = (day, MONTHS.get(month, "?" + month), 5000 + year)
        if mine != theirs[iso]:
            wrong_dates.append("%s: ours %d %s %d, hebcal %d %s %d" % ((iso,) + mine + theirs[iso]))
    span = "%d–%d" % DATE_YEARS
    ok = report(not unparsed, "calendar: every line of hebcal -d is understood", unparsed)
    ok &= report(not wrong_letters, "calendar: day and year letters are standard numerals, " + span,
                 wrong_letters)
    ok &= report(not wrong_weekdays, "calendar: weekday of every day %s agrees with Python" % span,
                 wrong_weekdays)
    ok &= report(not wrong_dates and compared > 0,
                 "calendar: Hebrew date of every day %s agrees with hebcal (%d days, %d mismatches)"
                 % (span, compared, len(wrong_dates)), wrong_dates)
    return ok


def hebcal_holidays():
    """(date, our label) for every hebcal event we print, the hebcal labels that have no
    mapping, and the number of hebcal events compared."""
    first, last = HOLIDAY_YEARS
    expected, unknown, compared = set(), [], 0
    for line in hebcal("-i", "-g", "--years", str(last - first + 1), str(first)):
        iso, _, label = line.partition(" ")
        label = re.sub(r"^Rosh Hashana \d{4}$", "Rosh Hashana", label)
        if label in NOT_PRINTED or label.startswith(NOT_PRINTED_PREFIXES):
            continue
        if label not in HEBCAL_TO_OURS:
            unknown.append(line)
            continue
        compared += 1
        expected.add((iso, HEBCAL_TO_OURS[label]))
        if label in FESTIVAL_LAST_DAYS:
            after = datetime.date.fromisoformat(iso) + datetime.timedelta(days=1)
            expected.add((after.isoformat(), ASRU_CHAG))
    inside = {e for e in expected if int(e[0][:4]) <= last}  # אסרו חג of 31 Dec 2100
    return inside, unknown, compared


def check_holidays(days):
    first, last = HOLIDAY_YEARS
    expected, unknown, compared = hebcal_holidays()
    comparable = set(HEBCAL_TO_OURS.values()) | {ASRU_CHAG}
    ours, uncompared = set(), []
    for d in every_day(first, last):
        labels = days[d.isoformat()][4]
        for label in filter(None, labels.split(";")):
            if label in comparable:
                ours.add((d.isoformat(), label))
            else:
                uncompared.append("%s: %s" % (d.isoformat(), label))
    missing = sorted("%s %s: hebcal has it, we do not" % e for e in expected - ours)
    extra = sorted("%s %s: we have it, hebcal does not" % e for e in ours - expected)
    span = "%d–%d" % HOLIDAY_YEARS
    ok = report(not unknown, "calendar: every hebcal -i event is mapped or listed as not printed",
                unknown)
    ok &= report(not uncompared, "calendar: every label we print has a hebcal counterpart", uncompared)
    ok &= report(not missing and not extra and compared > 0,
                 "calendar: Israeli holidays %s agree with hebcal -i (%d hebcal events, %d labelled "
                 "days of ours, %d mismatches)" % (span, compared, len(ours), len(missing) + len(extra)),
                 missing + extra)
    return ok


def main():
    days = read_dump(sys.argv[1])
    ok = check_dates(days)
    ok &= check_holidays(days)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
