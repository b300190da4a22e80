#!/usr/bin/env python3
"""The table of contents agrees with the book, checked through the PDF alone (qpdf's JSON
and poppler's text): for every entry, the page number printed equals the page its link
goes to; the bookmark of the same name goes to the same page; and a unit's entry goes to
a page that names the unit (its table's running head). Usage: toc.py PDF BOOK_YAML"""
import html
import json
import re
import subprocess
import sys

sys.path.insert(0, sys.path[0])
from paragraphs import words  # noqa: E402


def qpdf(pdf, key):
    out = subprocess.run(['qpdf', '--json', f'--json-key={key}', pdf], capture_output=True, text=True)
    return json.loads(out.stdout)[key]


def text_in(pdf, page, rect, height):
    x0, y0, x1, y1 = rect
    out = subprocess.run(['pdftotext', '-r', '72', '-f', str(page), '-l', str(page), '-x', str(int(x0)),
                          '-y', str(int(height - y1)), '-W', str(int(x1 - x0) + 1), '-H', str(int(y1 - y0) + 1),
                          pdf, '-'], capture_output=True, text=True)
    return out.stdout


def glyphs_of(pdf, page):
    """poppler's boxes of the page's glyphs: (xMin, yMin, xMax, yMax, text)"""
    out = subprocess.run(['pdftotext', '-bbox', '-f', str(page), '-l', str(page), pdf, '-'],
                         capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def number_at_left(glyphs, rect, height):
    """The number printed at the left of an entry's last line (the page number; a title
    may hold numbers of its own, "2020", which a reader may give after it)"""
    x0, y0, x1, y1 = rect
    digits = [g for g in glyphs if x0 - 1 <= g[0] and g[2] <= x1 + 1 and height - y1 - 1 <= g[1]
              and g[3] <= height - y0 + 1 and g[4].isdigit()]
    if not digits:
        return None
    last = max(g[1] for g in digits)
    run = sorted((g for g in digits if abs(g[1] - last) < 1), key=lambda g: g[0])
    text = run[0][4]
    for a, b in zip(run, run[1:]):
        if b[0] - a[2] > 0.5:
            break
        text += b[4]
    return int(text)


def main():
    pdf, manifest = sys.argv[1:3]
    pages = [p['object'] for p in qpdf(pdf, 'pages')]
    index = {ref: i + 1 for i, ref in enumerate(pages)}
    objects = qpdf(pdf, 'qpdf')[1]
    units = set(re.findall(r'^\s*toc:\s*(.+?)\s*$', open(manifest, encoding='utf-8').read(), re.M))
    units = {u.strip('\'"') for u in units}
    outline = {}

    def walk(items):
        for o in items:
            outline.setdefault(o['title'], set()).add(o.get('destpageposfrom1'))
            walk(o['kids'])
    walk(qpdf(pdf, 'outlines'))
    links = bad = named = 0
    glyphs = {}
    for ref in pages:
        page = objects[f'obj:{ref}']['value']
        annots = page.get('/Annots', [])
        height = page['/MediaBox'][3]
        for a in annots:
            ann = objects[f'obj:{a}']['value']
            dest = ann['/Dest']
            if isinstance(dest, str):
                dest = objects[f'obj:{dest}']['value']
            target = index[dest[0]]
            text = text_in(pdf, index[ref], ann['/Rect'], height)
            if index[ref] not in glyphs:
                glyphs[index[ref]] = glyphs_of(pdf, index[ref])
            printed = number_at_left(glyphs[index[ref]], ann['/Rect'], height)
            title = ' '.join(re.sub(r'[\u202a-\u202e]|\.', ' ', re.sub(r'\d+', ' ', text)).split())
            links += 1
            problems = []
            if printed != target:
                problems.append(f'prints {printed if printed is not None else "no number"}, goes to {target}')
            if title in outline and target not in outline[title]:
                problems.append(f'no bookmark "{title}" goes there ({sorted(outline[title])})')
            if title in units:
                # the unit's table names it in its running head; a unit with an intro page
                # begins with that page, so its first pages are searched
                named += 1
                section = subprocess.run(['pdftotext', '-f', str(target), '-l', str(target + 8), pdf, '-'],
                                         capture_output=True, text=True).stdout
                if words(title) not in words(section):
                    problems.append(f'the pages from {target} do not name the unit')
            if problems:
                bad += 1
                print(f'FAIL contents: "{title}": ' + '; '.join(problems))
    print(f'{"ok  " if links and not bad else "FAIL"} contents: {links} entries, each printing '
          f'the page its link and bookmark go to ({named} units found on their pages)')
    return 1 if bad or not links else 0


if __name__ == '__main__':
    sys.exit(main())
