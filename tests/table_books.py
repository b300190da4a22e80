#!/usr/bin/env python3
"""Books and checks for tests/e2e/table_breaks.sh: no number, date or column name cut
between lines, and the page-break rules of the plan tables, read from `planbook dump`.

  table_books.py extra SRC DST       a copy of the book SRC in which every plan has three
                                     more columns (a date, an amount, a budget number)
  table_books.py many SRC DST N      a book of at least N goals made from SRC's plans,
                                     each goal repeated with 1 to 8 metric lines
  table_books.py whole INPUT DUMP [--printed]
                                     every number and date of every plan cell, and every
                                     word of the column names printed in the header, whole
                                     on one line of its cell on the plan's pages (--printed:
                                     of the cells printed: a booklet prints its period's)
  table_books.py breaks DUMP LAYOUT [EXPECTED]
                                     the page-break rules hold for every goal (EXPECTED:
                                     the line counts written by `many`, checked too)

The plans are read with Python's csv module, the layout's margins and widow-space from
the layout file: nothing here comes from the generator but the dump it is checking."""
import csv
import json
import re
import shutil
import sys

GOAL_COLUMNS = {'נושאים', 'נושא', 'חזון ראש העיר', 'חזון', 'הדגשי מדיניות', 'דגשי מדיניות',
                'שם החשבון', 'שם חשבון', 'תב"ר', 'תב״ר', 'תבר', 'תקציב', 'מטרה', 'מטרות'}
TYPE_COLUMNS = {'סוג מדד', 'סוג המדד'}
EXTRA = ['מועד סיום', 'עלות משוערת', 'מס\' תב"ר']
# the names the book prints over the standard columns (docs/input-format.md)
PRINTED_HEADERS = ['נושאים', 'חזון ראש העיר', 'חזון', 'הדגשי מדיניות', 'שם החשבון', 'תב"ר',
                   'מטרה', 'מדד', 'ערך', 'לו"ז', 'הערות', 'משאבים', 'יעדים']
NUMBER = re.compile(r'[0-9][0-9.,/:%\-]*[0-9]')


def plans(input_dir):
    text = open(f'{input_dir}/book.yaml', encoding='utf-8').read()
    return sorted(set(re.findall(r'^\s*plan:\s*(\S+)', text, re.M)))


def read_rows(path):
    return list(csv.reader(open(path, encoding='utf-8-sig', newline='')))


def write_rows(path, rows):
    with open(path, 'w', encoding='utf-8', newline='') as f:
        csv.writer(f, lineterminator='\r\n').writerows(rows)


def is_goal_column(name):
    return name.strip() in GOAL_COLUMNS or name.strip().startswith('תקציב ')


# ---------------------------------------------------------------- the books

def add_extra_columns(src, dst):
    """Three more columns in every plan, declared in book.yaml (extra-columns:)."""
    shutil.copytree(src, dst)
    for k, plan in enumerate(plans(dst)):
        rows = read_rows(f'{dst}/{plan}')
        metric = rows[0].index('מדד')
        rows[0] += EXTRA
        for i, r in enumerate(rows[1:], 1):
            n = i + 7 * k
            has_line = len(r) > metric and r[metric].strip()
            r += ['', '', ''] if not has_line else [
                f'{(n * 7) % 28 + 1:02d}/{(n * 5) % 12 + 1:02d}/2021',
                f'{(n * 7919) % 9000 * 1000 + 250000:,}',
                f'{20210000 + n * 37}']
        write_rows(f'{dst}/{plan}', rows)
    text = open(f'{dst}/book.yaml', encoding='utf-8').read()
    names = ', '.join(json.dumps(x, ensure_ascii=False) for x in EXTRA)
    # a unit that has extra columns already gets three more, the others their first
    text = re.sub(r'^(\s*extra-columns:\s*\[)(.*)\]', lambda m: f'{m.group(1)}{m.group(2)}, {names}]',
                  text, flags=re.M)
    lines, out = text.split('\n'), []
    for i, line in enumerate(lines):
        out.append(line)
        m = re.match(r'^(\s*)plan:', line)
        if not m:
            continue
        indent, j = m.group(1), i + 1
        while j < len(lines) and re.match(re.escape(indent) + r'[^\s-]', lines[j]):
            j += 1
        if not any('extra-columns:' in x for x in lines[i:j]):
            out.append(f'{indent}extra-columns: [{names}]')
    open(f'{dst}/book.yaml', 'w', encoding='utf-8').write('\n'.join(out))


def goals_of(rows):
    """The goals of a plan: lists of rows, a row filling a goal column starting one."""
    head = rows[0]
    goal_cols = [i for i, h in enumerate(head) if is_goal_column(h)]
    goals = []
    for r in rows[1:]:
        if any(i < len(r) and r[i].strip() for i in goal_cols) or not goals:
            goals.append([r])
        else:
            goals[-1].append(r)
    return goal_cols, goals


def many_goals(src, dst, want):
    """Each goal of each plan repeated, with 1 to 8 lines (its own, cycled); every line has
    a metric. Writes DST/expected.json: per plan, the line count of each goal in order."""
    shutil.copytree(src, dst)
    names = plans(dst)
    total = sum(len(goals_of(read_rows(f'{dst}/{p}'))[1]) for p in names)
    reps = -(-want // total)
    expected = {}
    for k, plan in enumerate(names):
        rows = read_rows(f'{dst}/{plan}')
        head = rows[0]
        goal_cols, goals = goals_of(rows)
        metric, text = head.index('מדד'), head.index('מטרה') if 'מטרה' in head else head.index('מטרות')
        out, counts = [head], []
        for rep in range(reps):
            for g, goal in enumerate(goals):
                lines = 1 + (rep * 5 + g * 3 + k) % 8
                first = list(goal[0]) + [''] * (len(head) - len(goal[0]))
                first[text] = f'{first[text]} (עותק {rep + 1})'
                rest = [list(r) + [''] * (len(head) - len(r)) for r in goal[1:]]
                if not rest:
                    rest = [[''] * len(head)]
                body = [first] + [list(rest[j % len(rest)]) for j in range(lines - 1)]
                for j, r in enumerate(body):
                    if not r[metric].strip():
                        r[metric] = f'שורה {j + 1} של המדד'
                    if j and any(r[i].strip() for i in goal_cols):
                        raise SystemExit(f'{plan}: a goal row inside a goal')
                out += body
                counts.append(lines)
        write_rows(f'{dst}/{plan}', out)
        expected[f'{dst}/{plan}'] = counts
    json.dump(expected, open(f'{dst}/expected.json', 'w'))
    print(f'{sum(len(c) for c in expected.values())} goals in {len(names)} plans')


# ---------------------------------------------------------------- reading the dump

def unquote(s):
    return re.sub(r'\\(.)', lambda m: '\n' if m.group(1) == 'n' else m.group(1), s)


def read_dump(path):
    """Table pages: {'n', 'source', 'height', 'rects': [...], 'texts': [...]}."""
    pages = []
    for line in open(path, encoding='utf-8'):
        if line.startswith('page '):
            m = re.match(r'page (\S+) (\S+) [\d.]+x([\d.]+) folio=\S+ source=(\S+)', line)
            pages.append({'n': m.group(1), 'kind': m.group(2), 'height': float(m.group(3)),
                          'source': m.group(4), 'rects': [], 'texts': []})
            continue
        if not pages or pages[-1]['kind'] != 'table':
            continue
        m = re.match(r'  (\w+) (\S+) x=(\S+) y=(\S+) w=(\S+) h=(\S+)(.*)', line)
        if not m:
            continue
        kind, role = m.group(1), m.group(2)
        box = {'role': role, 'x': float(m.group(3)), 'y': float(m.group(4)),
               'w': float(m.group(5)), 'h': float(m.group(6))}
        if kind == 'rect':
            pages[-1]['rects'].append(box)
        elif kind == 'text':
            box['text'] = unquote(m.group(7).split('"', 1)[1].rsplit('"', 1)[0])
            pages[-1]['texts'].append(box)
    return [p for p in pages if p['kind'] == 'table']


def cells_of(page):
    """Each cell's rectangle with the lines of text inside it, top to bottom."""
    cells = [dict(r, lines=[]) for r in page['rects'] if r['role'] in ('cell', 'header-cell')]
    for t in page['texts']:
        cx, cy = t['x'] + t['w'] / 2, t['y'] + t['h'] / 2
        inside = [c for c in cells if c['x'] <= cx <= c['x'] + c['w'] and c['y'] <= cy <= c['y'] + c['h']]
        if inside:
            min(inside, key=lambda c: c['w'] * c['h'])['lines'].append(t['text'])
    return cells


def squeeze(s):
    return re.sub(r'\s+', '', s)


# ---------------------------------------------------------------- whole numbers

def extra_names(input_dir):
    """The names in every extra-columns: [...] of book.yaml (plain or JSON-quoted)."""
    names = set()
    for items in re.findall(r'extra-columns:\s*\[(.*)\]', open(f'{input_dir}/book.yaml', encoding='utf-8').read()):
        try:
            names.update(json.loads(f'[{items}]'))
        except ValueError:
            names.update(x.strip() for x in items.split(','))
    return names


def check_whole(input_dir, dump, printed_only=False):
    by_plan = {}
    for p in read_dump(dump):
        by_plan.setdefault(p['source'], []).extend(cells_of(p))
    checked = broken = lost = skipped = 0
    for plan in plans(input_dir):
        path = f'{input_dir}/{plan}'
        cells = by_plan.get(path, [])
        if not cells:
            print(f'FAIL {plan}: no table pages')
            lost += 1
            continue
        joined = [(squeeze(''.join(c['lines'])), c['lines']) for c in cells]
        rows = read_rows(path)
        head = rows[0]
        extras = extra_names(input_dir)
        heads = [(squeeze(''.join(c['lines'])), c['lines']) for c in cells if c['role'] == 'header-cell']
        # what must stay whole: the numbers of the cells (in the cell holding the cell's text)
        wanted = [(cell, NUMBER.findall(cell), joined, False) for r in rows[1:] for cell in r]
        # and each word of the header's names (in the header cell holding just that name: a
        # narrow column once printed תב" over ר)
        names = set(PRINTED_HEADERS) | set(head) | extra_names(input_dir)
        names |= {f'תקציב {y}' for y in re.findall(r'\b(20\d\d)\b', ' '.join(head) + ' 2020')}
        printed = {text for text, _ in heads}
        wanted += [(h, h.split(), heads, True) for h in names if squeeze(h) in printed]
        for cell, tokens, where, exact in wanted:
            if not tokens:
                continue
            whole = squeeze(cell)
            mine = [lines for text, lines in where if (whole == text if exact else whole in text)]
            if not mine and printed_only:
                skipped += len(tokens)  # a booklet prints the columns of its period only
                continue
            for tok in tokens:
                checked += 1
                if not mine:
                    lost += 1
                    print(f'FAIL {plan}: no cell of the table holds {cell!r}')
                    continue
                if not any(tok in line for lines in mine for line in lines):
                    broken += 1
                    if broken <= 10 or not NUMBER.search(tok):
                        print(f'FAIL {plan}: {tok!r} is cut between lines: '
                              f'{" / ".join(mine[0])!r}')
    print(f'tokens checked: {checked}, cut: {broken}, cells not found: {lost}'
          + (f', in cells not printed: {skipped}' if printed_only else ''))
    return 1 if broken or lost or not checked else 0


# ---------------------------------------------------------------- page breaks

def layout_rules(path):
    text = open(path, encoding='utf-8').read()
    tables = text[text.index('\ntables:'):]
    bottom = float(re.search(r'margins: \{[^}]*bottom: ([\d.]+)', tables).group(1))
    ws = float(re.search(r'widow-space: ([\d.]+)', tables).group(1))
    mm = 72 / 25.4
    return bottom * mm, ws * mm


def fragments(pages, page_bottom):
    """Per plan, its goals in order, each a list of fragments (one per page): the goal
    cell's top, the bottom of its lines, the page's body top and foot, its lines' heights."""
    plans_ = {}
    for p in pages:
        cells = cells_of(p)
        head = [c for c in cells if c['role'] == 'header-cell']
        body_top = max(c['y'] + c['h'] for c in head)
        foot = p['height'] - page_bottom
        goal_x = next(c['x'] for c in head if c['lines'] == ['מטרה'])
        metric_x = next(c['x'] for c in head if c['lines'] == ['מדד'])
        metric_w = next(c['w'] for c in cells if c['role'] == 'cell' and abs(c['x'] - metric_x) < 0.02)
        rows = sorted((c for c in cells if c['role'] == 'cell' and abs(c['x'] - metric_x) < 0.02),
                      key=lambda c: c['y'])
        # the metric type's cells, beside the metric's (right to left)
        types = [c for c in cells if c['role'] == 'cell' and abs(c['x'] - metric_x - metric_w) < 0.02]
        goals = plans_.setdefault(p['source'], [])
        conts = [t for t in p['texts'] if t['role'] == 'cell-continued']
        for g in sorted((c for c in cells if c['role'] == 'cell' and abs(c['x'] - goal_x) < 0.02),
                        key=lambda c: c['y']):
            mine = [r['h'] for r in rows if g['y'] - 0.02 <= r['y'] < g['y'] + g['h'] - 0.02]
            # the first line's type cell: a line needs at least that much room to start a
            # group (the type's name), and no more than that to go on with one
            first_type = next((t['h'] for t in types if abs(t['y'] - g['y']) < 0.02), 0)
            frag = {'page': p['n'], 'top': g['y'], 'end': g['y'] + g['h'], 'body_top': body_top,
                    'foot': foot, 'rows': mine, 'first_type': first_type}
            continued = any(g['x'] <= t['x'] + 0.02 and t['x'] + t['w'] <= g['x'] + g['w'] + 0.02 and
                            g['y'] <= t['y'] < g['y'] + g['h'] for t in conts)
            if continued and goals:
                goals[-1].append(frag)
            else:
                goals.append([frag])
    return plans_


def check_breaks(dump, layout, expected_path=None):
    page_bottom, ws = layout_rules(layout)
    pages = read_dump(dump)
    bad = []
    # the header rows repeat on every page of a table
    for p in pages:
        names = [t['text'] for t in p['texts'] if t['role'] == 'header']
        if 'נושאים' not in names or 'מטרה' not in names:
            bad.append(f'page {p["n"]}: no header rows')
    by_plan = fragments(pages, page_bottom)
    ngoals = nsplit = 0
    for plan, goals in by_plan.items():
        for g in goals:
            ngoals += 1
            if len(g) < 2:
                continue
            nsplit += 1
            first, last = g[0], g[-1]
            where = f'{plan}, goal on pages {g[0]["page"]}-{g[-1]["page"]} ({[len(f["rows"]) for f in g]} lines)'
            # a lone first line, where the goal could have gone over whole
            at_top = abs(first['top'] - first['body_top']) < 0.02
            if len(first['rows']) < 2 and not at_top and first['foot'] - first['top'] <= ws:
                bad.append(f'{where}: its first line alone at the foot of page {first["page"]}')
            # a lone last line, where one more could have gone with it
            before = g[-2]
            if len(last['rows']) < 2 and len(before['rows']) > 2 and before['foot'] - before['end'] <= ws:
                bad.append(f'{where}: its last line alone at the top of page {last["page"]}')
            # a line goes over only when it does not fit, or to go with the last line
            for a, b in zip(g, g[1:]):
                gap = a['foot'] - a['end']
                widow_move = b is last and len(b['rows']) == 2
                need = max(b['rows'][0], b['first_type'])
                if gap >= need + 0.02 and not widow_move:
                    bad.append(f'{where}: a line needing at most {need:.1f} pt went to page '
                               f'{b["page"]} with {gap:.1f} pt free on page {a["page"]}')
    if expected_path:
        expected = json.load(open(expected_path))
        for plan, counts in expected.items():
            got = [sum(len(f['rows']) for f in g) for g in by_plan.get(plan, [])]
            if counts and len(got) % len(counts) == 0:
                counts = counts * (len(got) // len(counts))  # a plan two units list
            if got != counts:
                i = next((i for i, (x, y) in enumerate(zip(got, counts)) if x != y), min(len(got), len(counts)))
                bad.append(f'{plan}: goal {i + 1} has {got[i:i + 1]} lines in the dump, the plan {counts[i:i + 1]}'
                           f' ({len(got)} goals in the dump, {len(counts)} in the plan)')
    for b in bad[:12]:
        print('FAIL', b)
    print(f'goals: {ngoals}, split over pages: {nsplit}, broken rules: {len(bad)}')
    return 1 if bad or not ngoals else 0


def main():
    cmd = sys.argv[1]
    if cmd == 'extra':
        add_extra_columns(sys.argv[2], sys.argv[3])
        return 0
    if cmd == 'many':
        many_goals(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    if cmd == 'whole':
        return check_whole(sys.argv[2], sys.argv[3], sys.argv[4:] == ['--printed'])
    if cmd == 'breaks':
        return check_breaks(*sys.argv[2:5])
    raise SystemExit(__doc__)


if __name__ == '__main__':
    sys.exit(main())
