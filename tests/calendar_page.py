#!/usr/bin/env python3
"""The planning-calendar page's text, as poppler reads it from the tagged PDF's structure
(pdfinfo -struct-text: each day's cell of the table, in reading order), against the
days of the year that `planbook calendar --dump` prints (those are proven against hebcal by
tests/hebcal_oracle.py) and the event labels of book.yaml.

Checks: the 366 (or 365) day cells appear in the order of the year, each with its civil day
and its Hebrew day of the month; every holiday label of the year and every event label is
on the page (in the lines' order, their words in either order). Quote marks (geresh, gershayim) are left out of the comparison, since poppler
places a mark at the end of a right-to-left word on either side of it.

usage: calendar_page.py PAGE.txt DAYS.tsv LABELS.txt"""
import re
import sys

MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"), None)


def bare(s):
    return re.sub(r"[\s'\"\u05f3\u05f4]", "", s)


def main():
    page, days, labels = sys.argv[1:4]
    # the quoted text of each element; the blank mark after spaces (a private-use code) left out
    lines = [re.sub("[\ue000-\uf8ff]", "", l.translate(MARKS).strip()[1:-1])
             for l in open(page, encoding="utf-8") if l.strip().startswith('"')]
    # a day's cell starts with the civil day and its Hebrew day of the month ("1 ד'")
    cells = [(int(m.group(1)), bare(m.group(2))) for l in lines
             for m in [re.match(r"(\d{1,2}) ([\u05d0-\u05ea'\"\u05f3\u05f4]{1,4})(?!\S)", l)] if m]
    want, holidays = [], set()
    for row in open(days, encoding="utf-8"):
        f = row.rstrip("\n").split("\t")
        want.append((int(f[0][8:10]), bare(f[2])))
        holidays.update(x for x in f[5].split(";") if x)
    failed = 0
    if cells == want:
        print(f"ok   calendar page: the {len(want)} days of the year in order, each with its Hebrew day")
    else:
        failed += 1
        first = next((i for i, (a, b) in enumerate(zip(cells, want)) if a != b), min(len(cells), len(want)))
        print(f"FAIL calendar page: {len(cells)} day cells found, {len(want)} days in the year; "
              f"first difference at day {first + 1}: page {cells[first:first + 1]} year {want[first:first + 1]}")
    # each cell's text in reading order
    text = bare("|".join(lines))
    for kind, names in (("holiday", sorted(holidays)),
                        ("event", sorted({l.strip() for l in open(labels, encoding="utf-8") if l.strip()}))):
        missing = [n for n in names if bare(n) not in text]
        if missing:
            failed += 1
            print(f"FAIL calendar page: {kind} labels missing from the page text: {', '.join(missing)}")
        else:
            print(f"ok   calendar page: all {len(names)} {kind} labels are on the page")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
