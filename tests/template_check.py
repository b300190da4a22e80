#!/usr/bin/python3
"""Every unit's workbook written by 'planbook template --all DIR INPUT_DIR' is one a
department can fill in, and it holds the unit's plan.

Usage: /usr/bin/python3 tests/template_check.py INPUT_DIR DIR  (Debian's python3 has
openpyxl and yaml). For every unit of the manifest, DIR/<book id>-<unit id>.xlsx must:
- have the sheet 'תוכנית' first, right to left, its header row frozen, the sheet
  protected with rows still insertable, deletable, formattable and sortable; a hidden
  sheet 'רשימות' when it has one;
- have the plan's column names as header, then each measurement period's result, status
  and explanation and the CEO-metric column, each header cell locked with a comment in
  Hebrew; the cells under it (the columns' format, the written and merged cells) unlocked;
- have drop-down lists on the vision, policy and metric-type columns that hold the
  manifest's vocabularies (read from the hidden sheet for a list kept there); a warning
  for vision and policy, a stop for the type; the statuses on every status column and the
  CEO word on the CEO column, as warnings;
- give back the unit's plan: the CSV (read here with the csv module) and the sheet (a
  merged cell read as its top cell, blanks below) are read by the same rules as
  read_plan.c, into goals, metric groups and lines, and must be equal.
Prints each failure and a last line 'workbooks: N, failures: N'; exits 1 on a failure."""
import csv
import os
import re
import sys

import openpyxl
import yaml

PLAN, LISTS = 'תוכנית', 'רשימות'
NAMES = {'נושאים': 'topic', 'נושא': 'topic', 'חזון ראש העיר': 'vision', 'חזון': 'vision',
         'הדגשי מדיניות': 'policy', 'דגשי מדיניות': 'policy', 'שם החשבון': 'account',
         'שם חשבון': 'account', 'תב"ר': 'tabar', 'תב״ר': 'tabar', 'תבר': 'tabar',
         'תקציב': 'budget', 'מטרה': 'goal', 'מטרות': 'goal', 'סוג מדד': 'type',
         'סוג המדד': 'type', 'מדד': 'metric', 'מדדים': 'metric', 'ערך': 'value',
         'לו"ז': 'value', 'לו״ז': 'value', 'הערות': 'notes', 'הערה': 'notes'}
GOAL_KEYS = ['topic', 'vision', 'policy', 'account', 'tabar', 'budget', 'goal']
ORDER = GOAL_KEYS + ['type', 'metric', 'value', 'notes']
HEBREW = re.compile('[\u05d0-\u05ea]')
# The measurement columns (book.yaml's measurement:, or read_measurement.c's defaults):
# each period's result, status and explanation in order, then the CEO column.
PERIODS = [('h1', "מחצית א'"), ('year', 'שנתי')]
STATUSES = ['בוצע', 'בוצע חלקית', 'לא בוצע', 'בוטל']
CEO, CEO_YES = 'מדד מנכ"ל', 'כן'
MEASURE = []


def set_measurement(book):
    global STATUSES, CEO, CEO_YES
    m = book.get('measurement') or {}
    periods = m.get('periods') or [{'id': i, 'name': n} for i, n in PERIODS]
    MEASURE.clear()
    for p in periods:
        MEASURE.extend([p.get('result') or f"ביצוע {p['name']}", p.get('status') or f"סטטוס {p['name']}",
                        p.get('explanation') or f"הסבר {p['name']}"])
    STATUSES = [s['label'] for s in m['statuses']] if m.get('statuses') else STATUSES
    CEO, CEO_YES = m.get('ceo-column', CEO), m.get('ceo-yes', CEO_YES)
    MEASURE.append(CEO)


def key_of(name):
    if re.fullmatch(r'תקציב [12]\d\d\d', name):
        return 'budget'
    if name in MEASURE:
        return 'measure:' + name
    return NAMES.get(name, 'extra:' + name)


def trim(s):
    return (s or '').replace('\r', '').strip(' \t\n\r')


def plan_model(header, rows):
    """Goals as read_plan.c reads them: a row filling any goal column starts a goal, an
    empty topic continues the one above, a type starts a group, one line per row."""
    idx = {key_of(trim(h)): i for i, h in enumerate(header) if trim(h)}
    extras = sorted(k for k in idx if k.startswith('extra:'))
    measures = sorted(k for k in idx if k.startswith('measure:'))
    goals = []
    for r in rows:
        def cell(k):
            i = idx.get(k)
            return trim(r[i]) if i is not None and i < len(r) else ''
        if not any(trim(c) for c in r):
            continue
        if any(cell(k) for k in GOAL_KEYS):
            g = {k: cell(k) for k in GOAL_KEYS}
            g['topic'] = g['topic'] or (goals[-1]['topic'] if goals else '')
            g['groups'] = []
            goals.append(g)
        elif not goals:
            continue
        g = goals[-1]
        if cell('type') or not g['groups']:
            g['groups'].append((cell('type'), []))
        line = tuple(cell(k) for k in ['metric', 'value', 'notes'] + extras)
        results = {k: cell(k) for k in measures if cell(k)}  # an empty one is no result
        if any(line) or results:
            g['groups'][-1][1].append(dict(zip(['metric', 'value', 'notes'] + extras, line), **results))
    return goals


def read_csv(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        text = raw.decode('cp1255')
    rows = [r for r in csv.reader(text.splitlines(True)) if any(trim(c) for c in r)]
    return rows[0], rows[1:]


def sheet_rows(ws):
    """The sheet's values as text; a merged cell's value only in its top cell, which is
    what openpyxl gives."""
    return [[trim(c) if isinstance(c, str) else ('' if c is None else str(c)) for c in row]
            for row in ws.iter_rows(values_only=True)]


def vocab_list(entries, head, items):
    out = []
    for e in entries or []:
        out.append(e[head])
        out += [f'{e[head]} - {t}' for t in (e.get(items) or [])] if items else []
    return out


def validation_list(wb, dv):
    f = dv.formula1
    if f.startswith('"'):
        return f[1:-1].split(',')
    m = re.fullmatch(r"'?(.+?)'?!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)", f)
    if not m or m.group(1) not in wb.sheetnames:
        return None
    ws = wb[m.group(1)]
    return [ws[f'{m.group(2)}{r}'].value for r in range(int(m.group(3)), int(m.group(5)) + 1)]


class Check:
    def __init__(self):
        self.failures = []

    def __call__(self, ok, where, what):
        if not ok:
            self.failures.append(f'{where}: {what}')
        return ok


def check_view(check, wb, ws, name):
    check(wb.sheetnames[0] == PLAN, name, f'first sheet is {wb.sheetnames[0]!r}')
    if LISTS in wb.sheetnames:
        check(wb[LISTS].sheet_state == 'hidden', name, 'the lists sheet is not hidden')
    check(ws.sheet_view.rightToLeft, name, 'sheet not right to left')
    check(ws.freeze_panes == 'A2', name, f'freeze panes {ws.freeze_panes}')
    p = ws.protection
    check(p.sheet, name, 'sheet not protected')
    for what in ['formatCells', 'formatColumns', 'formatRows', 'insertRows', 'deleteRows',
                 'sort', 'autoFilter']:
        check(not getattr(p, what), name, f'protection forbids {what}')


def check_cells(check, ws, header, name):
    for col, h in enumerate(header, start=1):
        c = ws.cell(1, col)
        check(c.value == h, name, f'header {col} is {c.value!r}, not {h!r}')
        check(c.protection.locked, name, f'header {h} not locked')
        check(c.comment is not None and HEBREW.search(c.comment.text or ''), name,
              f'header {h} has no Hebrew comment')
        letter = openpyxl.utils.get_column_letter(col)
        check(not ws.column_dimensions[letter].protection.locked, name,
              f'column {letter} not unlocked below the header')
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if c.value is not None:
                check(not c.protection.locked, name, f'{c.coordinate} locked')
    for rng in ws.merged_cells.ranges:
        c = ws.cell(rng.min_row, rng.min_col)
        check(not c.protection.locked, name, f'merged {rng} locked')


def check_lists(check, wb, ws, header, book, name):
    vocab = book['vocabularies']
    want = {'vision': (vocab_list(vocab.get('vision'), 'pillar', 'themes'), 'warning'),
            'policy': (vocab_list(vocab.get('policy'), 'emphasis', 'items'), 'warning'),
            'type': (vocab_list(vocab.get('metric-types'), 'label', None), 'stop')}
    for key, (items, style) in want.items():
        col = openpyxl.utils.get_column_letter([key_of(h) for h in header].index(key) + 1)
        dvs = [dv for dv in ws.data_validations.dataValidation
               if f'{col}2' in dv.sqref and f'{col}1000' in dv.sqref and dv.type == 'list']
        if not check(len(dvs) == 1, name, f'{key}: {len(dvs)} list validations on {col}2:{col}1000'):
            continue
        got = validation_list(wb, dvs[0])
        check(got == items, name, f'{key}: the list is {got!r:.120}, not the vocabulary')
        check((dvs[0].errorStyle or 'stop') == style, name,
              f'{key}: error style {dvs[0].errorStyle}, not {style}')
    for i, h in enumerate(header):
        if h not in MEASURE[1::3] and h != CEO:
            continue
        col = openpyxl.utils.get_column_letter(i + 1)
        dvs = [dv for dv in ws.data_validations.dataValidation
               if f'{col}2' in dv.sqref and f'{col}1000' in dv.sqref and dv.type == 'list']
        want = [CEO_YES] if h == CEO else STATUSES
        if check(len(dvs) == 1, name, f'{h}: {len(dvs)} list validations on {col}'):
            check(validation_list(wb, dvs[0]) == want, name, f'{h}: the list is not {want}')
            check(dvs[0].errorStyle == 'warning', name, f'{h}: error style {dvs[0].errorStyle}')


def check_rows(check, ws, unit, book_dir, header, name):
    got = plan_model(header, sheet_rows(ws)[1:])
    if not unit.get('plan'):
        check(got == [], name, 'a pending unit has rows')
        return
    want = plan_model(*read_csv(os.path.join(book_dir, unit['plan'])))
    if not check(len(got) == len(want), name, f'{len(got)} goals, the plan has {len(want)}'):
        return
    for i, (g, w) in enumerate(zip(got, want)):
        check(g == w, name, f'goal {i + 1} differs:\n  sheet {g!r:.300}\n  plan  {w!r:.300}')


def expected_header(unit, book_dir):
    header = ['נושאים', 'חזון ראש העיר', 'הדגשי מדיניות', 'שם החשבון', 'תב"ר', 'תקציב', 'מטרה',
              'סוג מדד', 'מדד', 'ערך', 'הערות'] + list(unit.get('extra-columns') or []) + MEASURE
    if unit.get('plan'):
        for h in read_csv(os.path.join(book_dir, unit['plan']))[0]:
            h = trim(h)
            if key_of(h) == 'budget':  # 'תקציב 2020' as the plan names it
                header[5] = h
            if key_of(h) == 'vision':
                header[1] = h
            if key_of(h) == 'value':
                header[9] = h
    return header


def main():
    book_dir, out = sys.argv[1], sys.argv[2]
    book = yaml.safe_load(open(os.path.join(book_dir, 'book.yaml'), encoding='utf-8'))
    set_measurement(book)
    check = Check()
    units = [u for p in book['parts'] for u in (p.get('units') or [])]
    for unit in units:
        name = f"{book['id']}-{unit['id']}.xlsx"
        path = os.path.join(out, name)
        if not check(os.path.exists(path), name, 'not written'):
            continue
        wb = openpyxl.load_workbook(path)
        ws = wb[PLAN] if PLAN in wb.sheetnames else wb.worksheets[0]
        header = expected_header(unit, book_dir)
        check_view(check, wb, ws, name)
        check_cells(check, ws, header, name)
        check_lists(check, wb, ws, header, book, name)
        check_rows(check, ws, unit, book_dir, header, name)
    for f in check.failures[:20]:
        print('FAIL', f)
    print(f'workbooks: {len(units)}, failures: {len(check.failures)}')
    sys.exit(1 if check.failures else 0)


if __name__ == '__main__':
    main()
