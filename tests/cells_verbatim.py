#!/usr/bin/env python3
"""How many cells of the plans listed in a book's manifest an extractor copies verbatim.

Usage: cells_verbatim.py INPUT_DIR DUMP EXTRACTED. EXTRACTED is the text of the PDF with a
form feed after each page (tests/extract_pdfjs.mjs, pdftotext); the pages of each plan come
from the layout dump. A cell counts when its text, with whitespace collapsed and bidi
controls and vowel marks dropped, occurs in the text of its table's pages, their lines
joined by spaces. Prints "N of M"."""
import csv
import sys

sys.path.insert(0, sys.path[0])
from brackets import normalise  # noqa: E402
from cells import plans, table_pages  # noqa: E402


def main():
    input_dir, dump, extracted = sys.argv[1:4]
    pages_of = table_pages(dump)
    pages = open(extracted, encoding='utf-8').read().split('\f')
    cells = verbatim = 0
    for plan in plans(input_dir):
        path = f'{input_dir}/{plan}'
        here = normalise(' '.join(pages[p - 1] for p in pages_of.get(path, [])))
        for row in list(csv.reader(open(path, encoding='utf-8-sig')))[1:]:
            for cell in (normalise(c) for c in row):
                if cell:
                    cells += 1
                    verbatim += cell in here
    print(f'{verbatim} of {cells}')


if __name__ == '__main__':
    main()
