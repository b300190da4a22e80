#!/usr/bin/python3
"""The export of planbook (planbook export) against the plans it was made from.

  export_check.py fill DIR          adds the measurement columns to every plan CSV of the
                                    book DIR, with results, statuses (a few misspelt or
                                    spaced as people type them), explanations (commas,
                                    quotes, line breaks) and CEO marks drawn with a fixed
                                    seed; some lines are left unreported
  export_check.py check DIR CSV [XLSX] [--period ID]
                                    the export CSV (and workbook) of the book DIR: a BOM,
                                    CRLF line ends, the header, and exactly one row per
                                    metric line, counted here from the CSVs by the rules of
                                    read_plan.c, in book order, with its unit, metric,
                                    target, results, statuses and explanations as written;
                                    the workbook right to left, filtered, with the same rows

Debian's python3 (/usr/bin/python3) has openpyxl and yaml. Prints each failure and a last
line 'rows: N, failures: N'; exits 1 on a failure."""
import csv
import io
import os
import random
import re
import sys

import yaml

PERIODS = [('h1', "מחצית א'"), ('year', 'שנתי')]
STATUSES = ['בוצע', 'בוצע חלקית', 'לא בוצע', 'בוטל']
CEO, CEO_YES = 'מדד מנכ"ל', 'כן'
FIXED = ['מינהל', 'מזהה יחידה', 'יחידה', 'נושא', 'חזון ראש העיר', 'הדגשי מדיניות', 'שם החשבון',
         'תקציב', 'מטרה', 'סוג מדד', 'מדד', 'ערך']
GOAL = {'נושאים', 'נושא', 'חזון ראש העיר', 'חזון', 'הדגשי מדיניות', 'דגשי מדיניות', 'שם החשבון',
        'שם חשבון', 'תב"ר', 'תב״ר', 'תבר', 'תקציב', 'מטרה', 'מטרות'}
LINE = {'מדד', 'מדדים', 'ערך', 'לו"ז', 'לו״ז', 'הערות', 'הערה'}


def columns(period=None):
    """Each period's result, status and explanation (all periods, or one), then CEO."""
    out = []
    for pid, name in PERIODS:
        if period in (None, pid):
            out += [f'ביצוע {name}', f'סטטוס {name}', f'הסבר {name}']
    return out + [CEO]


def trim(s):
    return (s or '').strip(' \t\r\n')


def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        return list(csv.reader(f))


def units(book_dir):
    book = yaml.safe_load(open(os.path.join(book_dir, 'book.yaml'), encoding='utf-8'))
    for part in book['parts']:
        for u in part.get('units') or []:
            if u.get('plan'):
                yield book, part, u


# ---------------------------------------------------------------- fill

def draw(rng):
    """One line's cells for the measurement columns."""
    if rng.random() < 0.25:
        return [''] * (3 * len(PERIODS) + 1)  # not reported at all
    cells = []
    for _ in PERIODS:
        status = rng.choice(STATUSES + ['', 'בוצעה', 'לא  בוצע'])
        result = rng.choice(['', str(rng.randint(0, 5000)), '1,500', f'{rng.randint(1, 99)}%',
                             'הושלם "בזמן"', '2.5'])
        why = rng.choice(['', '', 'חסר תקציב, יושלם ברבעון הבא', 'שורה ראשונה\nשורה שנייה',
                          'עיכוב "במכרז"'])
        cells += [result, status, why]
    return cells + [CEO_YES if rng.random() < 0.15 else '']


def fill(book_dir):
    rng = random.Random(2020)
    done = set()
    for _, _, u in units(book_dir):
        path = os.path.join(book_dir, u['plan'])
        if path in done:
            continue
        done.add(path)
        rows = read_csv(path)
        out = [rows[0] + columns()]
        for r in rows[1:]:
            # a blank row stays blank: filled, it would become a line of its own
            out.append(r + draw(rng) if any(trim(c) for c in r) else r)
        with open(path, 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows(out)
    print(f'plans filled: {len(done)}')


# ---------------------------------------------------------------- expected rows

def metric_lines(path, extras):
    """The lines of a plan as read_plan.c reads them: after a goal has started, a row is a
    line when its metric, target, notes, extra or measurement cells hold anything."""
    rows = read_csv(path)
    header = [trim(h) for h in rows[0]]
    watched = LINE | set(extras) | set(columns())
    started = False
    for r in rows[1:]:
        cell = {h: trim(r[i]) if i < len(r) else '' for i, h in enumerate(header) if h}
        started |= any(v for h, v in cell.items() if h in GOAL or re.fullmatch(r'תקציב \d{4}', h))
        if started and any(v for h, v in cell.items() if h in watched):
            yield cell


def expected(book_dir, period):
    """Per line, the cells the export must hold: unit id, metric, and the measurement."""
    out = []
    for _, _, u in units(book_dir):
        for cell in metric_lines(os.path.join(book_dir, u['plan']), u.get('extra-columns') or []):
            row = {'מזהה יחידה': u['id'], 'מדד': cell.get('מדד', '')}
            row.update({c: cell.get(c, '') for c in columns(period)})
            out.append(row)
    return out


# ---------------------------------------------------------------- check

class Check:
    def __init__(self):
        self.failures = []

    def __call__(self, ok, what):
        if not ok:
            self.failures.append(what)
        return ok


def check_csv(check, path, want, header):
    raw = open(path, 'rb').read()
    check(raw.startswith(b'\xef\xbb\xbf'), 'the CSV has no BOM')
    text = raw.decode('utf-8-sig')
    records = list(csv.reader(io.StringIO(text, newline='')))
    check(text.endswith('\r\n') and text.count('\r\n') == len(records) and
          '\r' not in text.replace('\r\n', ''), 'the CSV lines do not all end in CRLF')
    check(records[0] == header, f'header {records[0]}')
    rows = [dict(zip(records[0], r)) for r in records[1:]]
    check(len(rows) == len(want), f'{len(rows)} rows in the CSV, {len(want)} metric lines')
    for i, (got, w) in enumerate(zip(rows, want)):
        diff = {k: (got.get(k), v) for k, v in w.items() if got.get(k) != v}
        if not check(not diff, f'row {i + 2}: (export, plan) {diff}'):
            break
    return records


def same_value(cell, text):
    if cell is None:
        return text == ''
    if isinstance(cell, (int, float)):
        return float(text.replace(',', '')) == cell
    return cell == text


def check_xlsx(check, path, records):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    check(ws.sheet_view.rightToLeft, 'the workbook is not right to left')
    check(ws.freeze_panes == 'A2', f'frozen at {ws.freeze_panes}')
    last = openpyxl.utils.get_column_letter(len(records[0]))
    check(ws.auto_filter.ref == f'A1:{last}{len(records)}', f'autofilter {ws.auto_filter.ref}')
    check(all(c.font.b for c in ws[1]), 'the header is not bold')
    rows = list(ws.iter_rows(values_only=True))
    check(len(rows) == len(records), f'{len(rows)} rows in the workbook, {len(records)} in the CSV')
    for i, (got, want) in enumerate(zip(rows, records)):
        if not check(len(got) == len(want) and all(map(same_value, got, want)),
                     f'workbook row {i + 1}: {got!r:.200} / {want!r:.200}'):
            break


def main():
    if sys.argv[1] == 'fill':
        fill(sys.argv[2])
        return
    args = sys.argv[2:]
    period = None
    if '--period' in args:
        period = args[args.index('--period') + 1]
        args = args[:args.index('--period')]
    book_dir, csv_path = args[0], args[1]
    check = Check()
    want = expected(book_dir, period)
    records = check_csv(check, csv_path, want, FIXED + columns(period))
    if len(args) > 2:
        check_xlsx(check, args[2], records)
    for f in check.failures[:10]:
        print('FAIL', f)
    print(f'rows: {len(want)}, failures: {len(check.failures)}')
    sys.exit(1 if check.failures else 0)


if __name__ == '__main__':
    main()
