#!/usr/bin/env python3
"""Every cell of every plan listed in a book's manifest appears in the text that poppler
extracts from the book, on the pages of that plan's table.

Usage: cells.py INPUT_DIR PDF DUMP. The pages of each plan are read from the layout dump
('page N table … source=PLAN'); the plans are read with Python's csv module, not with the
generator's reader. A cell passes when its words and numbers come out in order in the text
of its table's pages. They need not follow each other: poppler reads the lines of a table
row across the columns, so the lines of a tall cell come out between those of its
neighbours (and the punctuation is not compared: see paragraphs.py)."""
import csv
import re
import subprocess
import sys

sys.path.insert(0, sys.path[0])
from paragraphs import words  # noqa: E402


def plans(input_dir):
    text = open(f'{input_dir}/book.yaml', encoding='utf-8').read()
    return sorted(set(re.findall(r'^\s*plan:\s*(\S+)', text, re.M)))


def table_pages(dump):
    """Each plan file's table pages (numbers from 1), from the layout dump."""
    pages_of = {}
    for line in open(dump, encoding='utf-8'):
        m = re.match(r'page (\d+) table \S+ folio=\d+ source=(\S+)', line)
        if m:
            pages_of.setdefault(m.group(2), []).append(int(m.group(1)))
    return pages_of


def numbers_as_sets(tokens):
    """Sorts each run of adjacent numbers: poppler writes a number range of right-to-left
    text ("51% - 54%") as one left-to-right run ("54% - 51%")."""
    out, run = [], []
    for t in tokens + ['']:
        if t.isdigit():
            run.append(t)
            continue
        out += sorted(run)
        run = []
        if t:
            out.append(t)
    return out


def in_order(want, have):
    """True when the words of want occur in have in the same order (a subsequence), each
    within the next 400 words of the one before."""
    for start in (i for i, x in enumerate(have) if x == want[0]):
        pos, ok = start, True
        for w in want[1:]:
            try:
                pos = have.index(w, pos + 1, pos + 401)
            except ValueError:
                ok = False
                break
        if ok:
            return True
    return False


def main():
    input_dir, pdf, dump = sys.argv[1:4]
    pages_of = table_pages(dump)
    text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
    page_text = text.split('\f')
    cells = missing = 0
    for plan in plans(input_dir):
        path = f'{input_dir}/{plan}'
        pages = pages_of.get(path)
        if not pages:
            print(f'FAIL cells: {plan} has no table pages')
            missing += 1
            continue
        here = numbers_as_sets(words(' '.join(page_text[p - 1] for p in pages)).split())
        rows = list(csv.reader(open(path, encoding='utf-8-sig')))
        lost = []
        for row in rows[1:]:
            for cell in row:
                w = numbers_as_sets(words(cell).split())
                if not w:
                    continue
                cells += 1
                if not in_order(w, here):
                    lost.append(cell)
        if lost:
            missing += len(lost)
            print(f'FAIL cells: {plan}: {len(lost)} cells not found on pages {pages[0]}–{pages[-1]}, '
                  f'e.g. {lost[0]!r}')
        else:
            print(f'ok   cells: every cell of {plan} is on its pages {pages[0]}–{pages[-1]}')
    print(f'     cells checked: {cells}, missing: {missing}')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
