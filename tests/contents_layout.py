#!/usr/bin/env python3
"""The contents pages as a printed book has them (issue 15, item 1), checked on planbook's
dump and on what poppler reads from the PDF. Usage: contents_layout.py [--wide-groups] DUMP PDF LAYOUT_YAML

From the dump (boxes and their ink): every entry has a leader ending a small distance from
its number and from its text; the numbers of a column share one box, right-aligned in it,
the box as wide as the widest number; no line of an entry ends inside an open bracket; no
entry's last line is a lone word after a line of three or more; continuation lines are
indented from the right; the last page's columns end within two entry lines of each other
(the line height from the layout file). From poppler's glyph boxes (pdftotext -bbox): the
leader dots of a column stand on one grid and run from the number to the text; from
pdftotext -layout: no printed line leaves a bracket open."""
import re
import subprocess
import sys

BOX = re.compile(r'^  text (\S+) x=([\d.-]+) y=([\d.-]+) w=([\d.-]+) h=([\d.-]+) base=[\d.-]+ '
                 r'ink=([\d.-]+?)\.\.([\d.-]+) segs=\d+ "(.*)"$')
LINK = re.compile(r'^  link contents-link x=([\d.-]+) y=([\d.-]+) w=([\d.-]+) h=([\d.-]+) to=\d+')
GAP_NUMBER = 5.0   # pt from a number's ink to the first dot
GAP_TEXT = 10.0    # pt from the last dot to the text: a clear gap and at most one dot's step
HANG_MIN = 4.0     # pt a continuation line starts in from the right, at least

failures = 0


def report(ok, name, detail=()):
    global failures
    print(('ok   ' if ok else 'FAIL ') + name)
    if not ok:
        failures += 1
        for d in list(detail)[:8]:
            print('       ' + d)


def read_dump(path):
    """The filled contents pages: {page number: [box dicts]} (the dump shows the pages kept
    for the contents empty first, then filled at the end)"""
    pages, cur = {}, None
    for line in open(path, encoding='utf-8'):
        if line.startswith('page '):
            f = line.split()
            cur = int(f[1]) if f[2] == 'contents' else None
            if cur is not None:
                pages[cur] = []
            continue
        if cur is None:
            continue
        m = BOX.match(line.rstrip('\n'))
        if m:
            role, x, y, w, h, il, ir, text = m.groups()
            pages[cur].append(dict(role=role, x=float(x), y=float(y), w=float(w), h=float(h),
                                   il=float(il), ir=float(ir), text=text.replace('\\"', '"')))
            continue
        m = LINK.match(line)
        if m:
            x, y, w, h = map(float, m.groups())
            pages[cur].append(dict(role='link', x=x, y=y, w=w, h=h))
    return {p: b for p, b in pages.items() if b}


def items_of(boxes):
    """Entries and headings in order: dict(kind, lines, page, leader, link)"""
    items, cur = [], None
    for b in boxes:
        r = b['role']
        if r in ('contents-part', 'contents-group'):
            if not (cur and cur['kind'] == r and not cur.get('link')):
                cur = dict(kind=r, lines=[])
                items.append(cur)
            cur['lines'].append(b)
        elif r == 'contents-entry':
            if not (cur and cur['kind'] == r and 'number' not in cur):
                cur = dict(kind=r, lines=[])
                items.append(cur)
            cur['lines'].append(b)
        elif r == 'contents-page':
            cur['number'] = b
        elif r == 'contents-leader':
            cur['leader'] = b
        elif r == 'link':
            cur['link'] = b
    return items


def column_of(box, columns):
    c = box['x'] + box['w'] / 2
    for i, (x0, x1) in enumerate(columns):
        if x0 - 1 <= c <= x1 + 1:
            return i
    return None


def layout_line_height(path):
    """contents-entry's size × leading, from the layout file"""
    for line in open(path, encoding='utf-8'):
        if line.strip().startswith('contents-entry:'):
            size = float(re.search(r'size:\s*([\d.]+)', line).group(1))
            leading = float(re.search(r'leading:\s*([\d.]+)', line).group(1))
            return size * leading
    raise SystemExit('no contents-entry in ' + path)


def glyphs(pdf, page):
    out = subprocess.run(['pdftotext', '-bbox', '-f', str(page), '-l', str(page), pdf, '-'],
                         capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def main():
    wide = '--wide-groups' in sys.argv
    dump, pdf, layout = [a for a in sys.argv[1:] if a != '--wide-groups'][:3]
    pages = read_dump(dump)
    if not pages:
        report(False, 'contents: the dump has filled contents pages')
        return 1
    step = layout_line_height(layout)
    entries, everything, columns_of_page = [], [], {}
    for p, boxes in pages.items():
        its = items_of(boxes)
        cols = sorted({(b['x'], b['x'] + b['w']) for b in boxes if b['role'] == 'link'}, reverse=True)
        columns_of_page[p] = cols
        for it in its:
            it['page'] = p
            it['column'] = column_of(it['lines'][0], cols)
        everything += its
        entries += [it for it in its if it['kind'] == 'contents-entry']

    # leaders: from the number to the text, a small gap at each end
    bad = []
    for e in entries:
        last, num, lead = e['lines'][-1], e.get('number'), e.get('leader')
        if not num or not lead:
            bad.append(f'"{" ".join(l["text"] for l in e["lines"])}": no leader')
            continue
        a, b = lead['il'] - num['ir'], last['il'] - lead['ir']
        if not (0 < a <= GAP_NUMBER and 0 < b <= GAP_TEXT):
            bad.append(f'"{last["text"]}" {num["text"]}: {a:.1f} pt from the number, {b:.1f} pt from the text')
    report(not bad, f'contents: each of {len(entries)} entries has leaders from its number (within '
           f'{GAP_NUMBER:g} pt) to its text (within {GAP_TEXT:g} pt)', bad)

    # numbers: one box per column, right-aligned in it, as wide as the widest number
    bad = []
    widest = max((e['number']['ir'] - e['number']['il'] for e in entries if e.get('number')), default=0)
    for p, cols in columns_of_page.items():
        for c in range(len(cols)):
            nums = [e['number'] for e in entries if e['page'] == p and e['column'] == c and e.get('number')]
            if not nums:
                continue
            if max(n['x'] for n in nums) - min(n['x'] for n in nums) > 0.01 or \
               max(n['w'] for n in nums) - min(n['w'] for n in nums) > 0.01:
                bad.append(f'page {p} column {c + 1}: number boxes differ')
            if max(n['ir'] for n in nums) - min(n['ir'] for n in nums) > 0.3:
                bad.append(f'page {p} column {c + 1}: numbers end at {sorted({round(n["ir"], 1) for n in nums})}')
            if any(abs(n['x'] + n['w'] - n['ir']) > 1 for n in nums):
                bad.append(f'page {p} column {c + 1}: numbers not against their box\'s right edge')
            if abs(nums[0]['w'] - widest) > 1.5:
                bad.append(f'page {p} column {c + 1}: box {nums[0]["w"]:.1f} pt wide, the widest number {widest:.1f}')
    report(not bad, 'contents: the page numbers of a column share one box, as wide as the widest '
           'number, right-aligned in it', bad)

    # brackets: no line but an item's last leaves one open; with --wide-groups, a group
    # longer (in characters) than the longest line of the contents may break
    bad = []
    longest = max(len(l['text']) for it in everything for l in it['lines'])
    for it in everything:
        whole = ' '.join(l['text'] for l in it['lines'])
        if wide and any(len(g) > longest for g in re.findall(r'\([^)]*\)', whole)):
            continue
        depth = 0
        for l in it['lines'][:-1]:
            depth += l['text'].count('(') - l['text'].count(')')
            if depth > 0:
                bad.append(f'"{l["text"]}" / ...')
                break
    report(not bad, 'contents: no line of an entry ends inside an open bracket', bad)

    # a lone word on the last line, after a line of three words or more
    bad = []
    for it in everything:
        ls = [l['text'].split() for l in it['lines']]
        if len(ls) >= 2 and len(ls[-1]) == 1 and len(ls[-2]) >= 3:
            bad.append(' / '.join(' '.join(w) for w in ls))
    report(not bad, 'contents: no entry ends on a lone word that the line before could have kept company', bad)

    # continuation lines start in from the right
    bad = []
    for it in everything:
        first = it['lines'][0]
        for l in it['lines'][1:]:
            if first['ir'] - l['ir'] < HANG_MIN:
                bad.append(f'"{first["text"]}" / "{l["text"]}": {first["ir"] - l["ir"]:.1f} pt in')
    wrapped = sum(len(it['lines']) > 1 for it in everything)
    report(wrapped and not bad, f'contents: the continuation lines of {wrapped} wrapped entries are '
           f'indented from the right (at least {HANG_MIN:g} pt)', bad)

    # the last page's columns end at about the same height
    last = max(pages)
    bottoms = []
    for c in range(len(columns_of_page[last]) or 1):
        ys = [l['y'] + l['h'] for it in everything if it['page'] == last and it['column'] == c for l in it['lines']]
        if ys:
            bottoms.append(max(ys))
    # all three columns used, unless the page has fewer entries
    want = min(3, sum(1 for it in everything if it['page'] == last and it['kind'] == 'contents-entry'))
    ok = len(bottoms) == want and max(bottoms) - min(bottoms) <= 2 * step + 0.01
    report(ok, f'contents: the {want} columns of the last contents page end within two lines '
           f'({2 * step:.1f} pt) of each other', [f'columns end at {[round(b, 1) for b in bottoms]}'])

    # poppler: the dots of a column on one grid, from the number to the text
    bad, lines_seen = [], 0
    for p, cols in columns_of_page.items():
        gl = glyphs(pdf, p)
        for c, (x0, x1) in enumerate(cols):
            rows = {}
            for g in gl:
                if x0 - 1 <= g[0] and g[2] <= x1 + 1:
                    rows.setdefault(round(g[1], 1), []).append(g)
            leaders = []
            for y, row in sorted(rows.items()):
                row.sort(key=lambda g: g[0])
                dots = [g for g in row if g[4] == '.']
                if not row[0][4].isdigit() or not dots:
                    continue
                lines_seen += 1
                i = 0
                while i + 1 < len(row) and row[i + 1][4].isdigit() and row[i + 1][0] - row[i][2] < 0.5:
                    i += 1
                after = [g for g in row if g[0] > dots[-1][2]]
                if dots[0][0] - row[i][2] > GAP_NUMBER or not after or after[0][0] - dots[-1][2] > GAP_TEXT:
                    bad.append(f'page {p} column {c + 1} y {y}: dots from {dots[0][0]:.1f} to {dots[-1][2]:.1f}, '
                               f'number ends {row[i][2]:.1f}, text starts {after[0][0] if after else None}')
                leaders.append((y, [d[0] for d in dots]))
            # the longest leader of the column lays out the grid the others' dots are on
            grid = max((xs for _, xs in leaders), key=len, default=[])
            for y, xs in leaders:
                if any(min(abs(x - g) for g in grid) > 0.3 for x in xs):
                    bad.append(f'page {p} column {c + 1} y {y}: dots off the grid of the column')
    report(lines_seen and not bad, f'contents (poppler): the dots of {lines_seen} entries stand on their '
           'column\'s grid and run from the number to the text', bad)

    # pdftotext -layout: every printed line closes the brackets it opens
    if wide:
        return 1 if failures else 0
    # (each column cut out by itself: poppler's -layout may mix columns whose lines do not
    # fall on the same heights)
    bad = []
    for p, cols in columns_of_page.items():
        for x0, x1 in cols:
            text = subprocess.run(['pdftotext', '-layout', '-r', '72', '-f', str(p), '-l', str(p),
                                   '-x', str(int(x0) - 1), '-y', '0', '-W', str(int(x1 - x0) + 3),
                                   '-H', '2000', pdf, '-'], capture_output=True, text=True).stdout
            bad += [l.strip() for l in text.splitlines() if l.count('(') != l.count(')')]
    report(not bad, 'contents (pdftotext -layout, a column at a time): no printed line leaves a bracket open', bad)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
