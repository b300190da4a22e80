#!/usr/bin/env python3
"""The structure of a tagged book as poppler reads it (`pdfinfo -struct-text`), against
the sources: every cell of every plan appears verbatim as the text of a TD, and every
paragraph of the given Markdown files as the text of a P, a heading or a list item's body.

Usage: struct_text.py INPUT_DIR PDF|STRUCT.txt [MD ...]; STRUCT.txt is the structure as
another reader gives it in the same form (tests/struct_pdfjs.mjs for pdf.js). The plans are read with Python's csv module
and the Markdown with tests/paragraphs.py, not with the generator's readers. Texts are
compared with runs of white space made one space and with Unicode's compatibility
normalisation (NFKC: a letter with a dot drawn as its presentation form, U+FB2A, is the
letter and the dot). Prints one ok/FAIL line per check and the counts; exits 1 on a miss."""
import csv
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, sys.path[0])
from cells import plans  # noqa: E402
from paragraphs import header_and_body, paragraphs  # noqa: E402

ELEMENT = re.compile(r'^(\s*)([A-Za-z0-9]+)(?: <[^>]*>)?(?: \((?:block|inline)\))?:?$')


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    s = re.sub('[\ue000-\uf8ff\u200e\u200f\u202a-\u202e\u2066-\u2069]', '', s)
    return re.sub(r'\s+', ' ', s).strip()


def elements(pdf):
    """(type, text) of every structure element: the text of its own content, a Span in
    another language inside it included, in order."""
    if pdf.endswith('.txt'):
        out = open(pdf, encoding='utf-8').read()
    else:
        out = subprocess.run(['pdfinfo', '-struct-text', pdf], capture_output=True, text=True,
                             check=True).stdout
    found, stack = [], []  # stack of (indent, index in found)
    for line in out.splitlines():
        if line == '=== page':  # pdf.js: a new page's tree
            found.append(['page', ''])
            stack = []
            continue
        m = ELEMENT.match(line)
        if m and not line.strip().startswith('/'):
            indent = len(m.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            found.append([m.group(2), ''])
            stack.append((indent, len(found) - 1))
            continue
        s = line.strip()
        if s.startswith('"') and s.endswith('"') and stack:
            found[stack[-1][1]][1] += s[1:-1]
            if found[stack[-1][1]][0] == 'Span' and len(stack) > 1:
                found[stack[-2][1]][1] += s[1:-1]
    return [(t, norm(x)) for t, x in found]


def main():
    input_dir, pdf, mds = sys.argv[1], sys.argv[2], sys.argv[3:]
    els = elements(pdf)
    by_type = {}
    for t, x in els:
        by_type.setdefault(t, set()).add(x)
    tables = sum(1 for t, _ in els if t == 'Table')
    reader = 'pdf.js' if pdf.endswith('.txt') else 'poppler'
    print(f'{"ok  " if tables >= 99 else "FAIL"} struct ({reader}): {tables} Table elements '
          f'(at least 99)')
    failed = 0 if tables >= 99 else 1
    cells = missing = 0
    for plan in plans(input_dir):
        with open(f'{input_dir}/{plan}', encoding='utf-8-sig', newline='') as f:
            rows = list(csv.reader(f))
        for r, row in enumerate(rows[1:], start=2):
            for c, cell in enumerate(row, start=1):
                want = norm(cell)
                if not want:
                    continue
                cells += 1
                if want not in by_type.get('TD', ()):
                    missing += 1
                    if missing <= 30:
                        print(f'FAIL struct: {plan}:{r}:{c} not the text of a TD: {want[:60]}')
    ok = missing == 0
    print(f'{"ok  " if ok else "FAIL"} struct ({reader}): {cells - missing} of {cells} plan cells are '
          f'the text of a TD, verbatim')
    failed += not ok
    texts = set()
    for t in ('P', 'H1', 'H2', 'H3', 'LBody'):
        texts |= by_type.get(t, set())
    # pdf.js reads a page at a time: a paragraph that goes on to the next page is the last
    # paragraph of one page's tree and the first of the next
    last = None
    for t, x in els:
        if t == 'page':
            last = ('page', last[1] if last else None)
        elif t == 'P':
            if last and last[0] == 'page' and last[1]:
                texts.add(norm(last[1] + ' ' + x))
            last = ('P', x)
    paras = pmissing = 0
    for path in mds:
        _, body = header_and_body(open(path, encoding='utf-8').read())
        for p in paragraphs(body):
            want = norm(p)
            paras += 1
            if want not in texts:
                if reader == 'pdf.js' and re.search('[\u05d0-\u05ea][\u0591-\u05c7]+[\u05d0-\u05ea]', p):
                    # pdf.js puts a vowel mark inside a word on the letter before its own
                    print(f'SKIP struct: pdf.js moves a vowel mark inside a word: {want[:60]}')
                    paras -= 1
                    continue
                pmissing += 1
                print(f'FAIL struct: paragraph of {path} not the text of a P: {want[:60]}')
    ok = pmissing == 0
    print(f'{"ok  " if ok else "FAIL"} struct ({reader}): {paras - pmissing} of {paras} paragraphs are '
          f'the text of a P, a heading or a list item, verbatim')
    failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
