#!/usr/bin/env python3
"""workbook_book.py SRC DEST [PLANBOOK]: a copy of the book SRC in DEST whose every plan is
the unit's workbook as `planbook template` writes it (the plan's rows in it), listed in
book.yaml in place of its CSV; the CSVs are left out. Prints how many plans were swapped.
Used by the tests and the bench to read a whole book from workbooks."""
import os
import re
import shutil
import subprocess
import sys


def workbook_book(src, dest, planbook):
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    books = dest + '.templates'
    shutil.rmtree(books, ignore_errors=True)
    subprocess.run([planbook, 'template', '--all', books, src], check=True,
                   stderr=subprocess.DEVNULL)
    book_id = re.search(r'^id:\s*(\S+)', open(os.path.join(src, 'book.yaml'), encoding='utf-8').read(), re.M).group(1)
    lines, unit, swapped = [], None, 0
    for line in open(os.path.join(dest, 'book.yaml'), encoding='utf-8').read().split('\n'):
        m = re.match(r'\s*-?\s*id:\s*(\S+)', line)
        unit = m.group(1) if m else unit
        m = re.match(r'(\s*)plan:\s*(\S+)\.csv\s*$', line)
        workbook = os.path.join(books, f'{book_id}-{unit}.xlsx')
        if m and os.path.exists(workbook):
            os.replace(workbook, os.path.join(dest, m.group(2) + '.xlsx'))
            line, swapped = f'{m.group(1)}plan: {m.group(2)}.xlsx', swapped + 1
        lines.append(line)
    open(os.path.join(dest, 'book.yaml'), 'w', encoding='utf-8').write('\n'.join(lines))
    shutil.rmtree(books)
    for root, _, files in os.walk(dest):
        for f in files:
            if f.endswith('.csv'):
                os.remove(os.path.join(root, f))
    return swapped


if __name__ == '__main__':
    pb = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.environ.get('BUILD', 'build'), 'planbook')
    print(workbook_book(sys.argv[1], sys.argv[2], pb))
