#!/usr/bin/env python3
"""fill_measurement.py SRC DEST: a copy of a book (SRC, e.g. input/2020) whose every plan CSV
has the measurement columns of both periods and the CEO column, filled with a FIXED seed:
results, statuses and explanations for most lines, some lines left unreported (an empty
status), some marked as CEO metrics. Used by tests/e2e/booklet.sh and tests/bench.py."""
import csv
import os
import random
import shutil
import sys

PERIODS = ["מחצית א'", 'שנתי']
COLUMNS = [f'{kind} {p}' for p in PERIODS for kind in ('ביצוע', 'סטטוס', 'הסבר')] + ['מדד מנכ"ל']
STATUSES = [('בוצע', 50), ('בוצע חלקית', 15), ('לא בוצע', 12), ('בוטל', 5), ('', 18)]


def pick(rng):
    total = sum(w for _, w in STATUSES)
    x = rng.randrange(total)
    for label, w in STATUSES:
        if x < w:
            return label
        x -= w
    return ''


def cells(rng):
    """The seven new cells of one metric line."""
    out = []
    for _ in PERIODS:
        status = pick(rng)
        result = ''
        if status in ('בוצע', 'בוצע חלקית'):
            result = rng.choice([str(rng.randrange(1, 5000)), f'{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.2020',
                                 f'{rng.randrange(5, 100)}%', 'הושלם במלואו'])
        explanation = ''
        if status in ('בוצע חלקית', 'לא בוצע'):
            explanation = rng.choice(['חסר כוח אדם', 'עיכוב בהליך המכרז ייושם ברבעון הבא',
                                      'התקציב לא אושר', 'נדחה לשנה הבאה בשל סדרי עדיפויות'])
        elif status == 'בוטל':
            explanation = 'בוטל בהחלטת הנהלה'
        out += [result, status, explanation]
    out.append('כן' if rng.random() < 0.08 else '')
    return out


def fill_plan(path, rng):
    with open(path, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f))
    header = rows[0]
    metric = header.index('מדד')
    width = len(header)
    out = [header + COLUMNS]
    for row in rows[1:]:
        row = row + [''] * (width - len(row))
        is_line = bool(row[metric].strip())
        out.append(row + (cells(rng) if is_line else [''] * len(COLUMNS)))
    with open(path, 'w', encoding='utf-8', newline='') as f:
        csv.writer(f).writerows(out)


def fill_book(src, dest, seed=2020):
    rng = random.Random(seed)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    for folder, _, files in sorted(os.walk(dest)):
        for name in sorted(files):
            if name.endswith('.csv'):
                fill_plan(os.path.join(folder, name), rng)
    return dest


if __name__ == '__main__':
    fill_book(sys.argv[1], sys.argv[2])
