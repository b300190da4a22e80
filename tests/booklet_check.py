#!/usr/bin/env python3
"""booklet_check.py WHAT INPUT_DIR PERIOD FILE…: checks a measurement booklet against counts
made here from the input's CSV files and book.yaml, not through planbook's code.

  percent INPUT PERIOD TEXT     every administration's and the city's NN% on the city
                                summary (TEXT: pdftotext -layout of that page)
  unreported INPUT PERIOD DUMP  every unreported line's metric is on the unreported pages
  ceo INPUT PERIOD DUMP         every CEO metric is on the CEO pages
  margins DUMP                  nothing drawn outside the margins of a landscape page
"""
import csv
import os
import re
import sys

import yaml

STATUS = {'בוצע': 'done', 'בוצע חלקית': 'partly', 'לא בוצע': 'not', 'בוטל': 'cancelled'}
NAMES = {'h1': "מחצית א'", 'year': 'שנתי'}


def lines_of(path, period):
    """(metric, status or None, ceo) of every metric line of a plan."""
    with open(path, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f))
    h = rows[0]
    metric, status, ceo = h.index('מדד'), h.index('סטטוס ' + NAMES[period]), h.index('מדד מנכ"ל')
    out = []
    for r in rows[1:]:
        r = r + [''] * (len(h) - len(r))
        if r[metric].strip():
            out.append((r[metric].strip(), STATUS.get(r[status].strip()), r[ceo].strip() == 'כן'))
    return out


def book(input_dir):
    return yaml.safe_load(open(os.path.join(input_dir, 'book.yaml'), encoding='utf-8'))


def percent(lines):
    done = sum(1 for _, s, _ in lines if s == 'done')
    den = len(lines) - sum(1 for _, s, _ in lines if s == 'cancelled')
    return f'{(200 * done + den) // (2 * den)}%' if den else '—'


def every_plan(b):
    seen = set()
    for part in b['parts']:
        for u in part.get('units') or []:
            if u.get('plan') and u['plan'] not in seen:
                seen.add(u['plan'])
                yield part, u


def check_percent(input_dir, period, text):
    b = book(input_dir)
    # poppler wraps runs in embedding marks; the words and numbers are what matter
    rows = re.sub('[\u202a-\u202e]', '', open(text, encoding='utf-8').read()).splitlines()
    city = []
    bad = []
    for part, u in every_plan(b):
        city += lines_of(os.path.join(input_dir, u['plan']), period)
    want = [('העירייה כולה', percent(city))]
    for part in b['parts']:
        if not part.get('units'):
            continue
        plans = []
        for u in part['units']:
            if u.get('plan') and u['plan'] not in plans:
                plans.append(u['plan'])
        lines = [l for p in plans for l in lines_of(os.path.join(input_dir, p), period)]
        want.append((part['title'], percent(lines)))
    for name, pct in want:
        found = [r for r in rows if name in r]
        if not found or not any(re.search(r'(^|\s)' + re.escape(pct) + r'(\s|$)', r) for r in found):
            bad.append(f'{name}: want {pct}, rows: {found[:1]}')
    print(f'{len(want)} rows checked; ' + '; '.join(bad[:5]))
    return not bad


def dump_pages(dump, kind):
    """The text of every cell on the pages of a kind, spaces removed."""
    text, on = [], False
    for line in open(dump, encoding='utf-8'):
        if line.startswith('page '):
            on = line.split()[2] == kind
        elif on and line.startswith('  text cell '):
            text.append(line.split('"', 1)[1].rsplit('"', 1)[0])
    return re.sub(r'\s+', '', ''.join(text).replace('\\"', '"'))


def check_list(input_dir, period, dump, kind):
    b = book(input_dir)
    text = dump_pages(dump, kind)
    want = [m for _, u in every_plan(b) for m, s, ceo in lines_of(os.path.join(input_dir, u['plan']), period)
            if (kind == 'ceo' and ceo) or (kind == 'unreported' and s is None)]
    missing = [m for m in want if re.sub(r'\s+', '', m) not in text]
    print(f'{len(want)} lines, missing {len(missing)}: {missing[:3]}')
    return want and not missing


def check_margins(dump):
    mm = 72 / 25.4
    bad, land = [], False
    for line in open(dump, encoding='utf-8'):
        if line.startswith('page '):
            land = line.split()[3].startswith('841.89') and line.split()[2] != 'cover'
            page = line.split()[1]
            continue
        if not land or ' folio ' in line or ' running-head ' in line or not line.startswith('  '):
            continue
        v = dict(re.findall(r'(\w+)=([-\d.]+)', line))
        x, y, w, h = (float(v[k]) for k in 'xywh')
        x0, x1, y0, y1 = min(x, x + w), max(x, x + w), min(y, y + h), max(y, y + h)
        if x0 < 10 * mm - 0.01 or x1 > 841.89 - 10 * mm + 0.01 or y0 < 12 * mm - 0.01 or y1 > 595.28 - 18 * mm + 0.01:
            bad.append(f'page {page}: {line.strip()[:90]}')
        ink = re.search(r'ink=([-\d.]+)\.\.([-\d.]+)', line)
        if ink and (float(ink.group(1)) < x - 0.5 or float(ink.group(2)) > x + w + 0.5):
            bad.append(f'page {page}: text wider than its box: {line.strip()[:90]}')
    print('\n'.join(bad[:5]))
    return not bad


if __name__ == '__main__':
    what = sys.argv[1]
    if what == 'percent':
        ok = check_percent(*sys.argv[2:5])
    elif what in ('unreported', 'ceo'):
        ok = check_list(*sys.argv[2:5], what)
    else:
        ok = check_margins(sys.argv[2])
    sys.exit(0 if ok else 1)
