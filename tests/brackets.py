#!/usr/bin/env python3
"""Brackets in right-to-left text copy out as typed: every bracketed Hebrew phrase that
the book prints is looked for in what an extractor gives for its page.

Usage: brackets.py NAME DUMP EXTRACTED [BEFORE]. DUMP is `planbook dump` of the book (the
logical text of every printed line, page by page); EXTRACTED is the text of the PDF with a
form feed after each page (pdftotext, or tests/extract_pdfjs.mjs); BEFORE a note on the
figures before the fix, printed in the messages.

A phrase is a pair of brackets, (), [] or {}, with a Hebrew letter between them, on one
page (its lines joined, so a phrase wrapped over lines counts). Each of its two brackets is
checked where it touches a Hebrew word: the opening one before the first Hebrew word
inside, the closing one after the last, with at most a few other characters (a number,
spaces) between. A bracket copies right when the extraction of that page has the same
bracket on the same side of the same word; a mirrored one has the other bracket there
(`)נוהל 24(` for `(נוהל 24)`). This ignores where an extractor puts the bracket among the
digits next to it: poppler places neutral characters next to a number by its own rule
(`(נוהל )24`, see docs/architecture.md), whatever the drawing. The phrases that come out
verbatim are counted too. Prints 'ok'/'FAIL'; exits 1 unless every phrase copies right."""
import collections
import re
import sys

BIDI = re.compile('[\u200e\u200f\u202a-\u202e\u2066-\u2069]')
MARKS = re.compile('[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]')
HEB = '\u05d0-\u05ea'
WORD = f'[{HEB}]+(?:["\'\u05f3\u05f4][{HEB}]+)*'
GAP = f'[^{HEB}()\\[\\]{{}}]{{0,12}}?'  # what may stand between a bracket and its word
PAIRS = {'(': ')', '[': ']', '{': '}'}
PHRASE = re.compile(r'\(([^()]*)\)|\[([^\[\]]*)\]|\{([^{}]*)\}')
BRACKET_BEFORE = re.compile(f'([()\\[\\]{{}}]){GAP}({WORD})')
BRACKET_AFTER = re.compile(f'(?<![{HEB}"\'\u05f3\u05f4])({WORD}){GAP}([()\\[\\]{{}}])')


# The blank mark after a space in right-to-left lines: a glyph with no Unicode value that
# pdf.js copies as its private-use code (docs/architecture.md, "Reading order").
BLANK_MARK = re.compile('[\ue000-\uf8ff]')


def normalise(s):
    return re.sub(r'\s+', ' ', MARKS.sub('', BIDI.sub('', BLANK_MARK.sub('', s)))).strip()


def dump_pages(path):
    """The logical text of each printed page, its lines joined by spaces."""
    pages = collections.defaultdict(list)
    page = None
    for line in open(path, encoding='utf-8'):
        m = re.match(r'page (\d+) ', line)
        if m:
            page = int(m.group(1))
            continue
        m = re.match(r'  text \S+ .*?"(.*)"$', line.rstrip('\n'))
        if m and page is not None:
            pages[page].append(re.sub(r'\\(.)', r'\1', m.group(1)))
    return {p: normalise(' '.join(lines)) for p, lines in pages.items()}


def extracted_pages(path):
    text = open(path, encoding='utf-8').read()
    return {i + 1: normalise(t) for i, t in enumerate(text.split('\f'))}


def edges(phrase_open, inner, phrase_close):
    """The phrase's brackets as (bracket, side, word): where each touches a Hebrew word."""
    out = []
    m = re.match(f'{GAP}({WORD})', inner)
    if m:
        out.append((phrase_open, 'before', m.group(1)))
    m = re.search(f'(?<![{HEB}"\'\u05f3\u05f4])({WORD}){GAP}$', inner)
    if m:
        out.append((phrase_close, 'after', m.group(1)))
    return out


def found_edges(text):
    found = collections.Counter()
    for m in BRACKET_BEFORE.finditer(text):
        found[(m.group(1), 'before', m.group(2))] += 1
    for m in BRACKET_AFTER.finditer(text):
        found[(m.group(2), 'after', m.group(1))] += 1
    return found


def main():
    name, dump, extracted = sys.argv[1:4]
    before = sys.argv[4] if len(sys.argv) > 4 else ''
    printed, got = dump_pages(dump), extracted_pages(extracted)
    phrases = right = verbatim = 0
    wrong = []
    for page, text in sorted(printed.items()):
        have = found_edges(got.get(page, ''))
        for m in PHRASE.finditer(text):
            inner = next(g for g in m.groups() if g is not None)
            if not re.search(f'[{HEB}]', inner):
                continue
            opening = m.group(0)[0]
            phrases += 1
            verbatim += m.group(0) in got.get(page, '')
            ok = True
            for e in edges(opening, inner, PAIRS[opening]):
                if have[e] > 0:
                    have[e] -= 1
                else:
                    ok = False
            if ok:
                right += 1
            else:
                wrong.append((page, m.group(0)))
    note = f' ({before})' if before else ''
    figures = (f'{right} of {phrases} bracketed Hebrew phrases copy with their brackets as typed, '
               f'{verbatim} verbatim{note}')
    if phrases and right == phrases:
        print(f'ok   brackets: {name}: {figures}')
        return 0
    print(f'FAIL brackets: {name}: {figures}')
    for page, phrase in wrong[:5]:
        print(f'       page {page}: {phrase}')
    return 1


if __name__ == '__main__':
    sys.exit(main())
