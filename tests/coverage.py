#!/usr/bin/env python3
"""How much of the real 2020 book the generated one holds: the Hebrew words of the
reference extraction (shared/reference/2020-book-extraction.txt), each counted as often as
it occurs there, found in the text poppler extracts from our book; printed as a share.

Usage: coverage.py EXTRACTION PDF [MINIMUM]. A word is a run of two or more Hebrew letters
(vowel marks dropped, gershayim and geresh kept inside a word).

Two figures are printed. The raw one compares the words as they stand. The extraction
prints Hebrew in visual order, and two of its artifacts (shared/reference/
2020-book-structure.md §0) make words that no correct text contains: neighbouring cells
glued into one token ("יעדיםמשאבים" = "יעדים" + "משאבים") and gershayim words cut and
swapped ("ר"תב" = "תב"ר"). The second figure reads such a token as the words it is made
of, when those are words of our book: a glued token is split in two, a swapped one turned
back.

A third figure also counts once the four pages that the extraction holds twice
(2020-book-structure.md, "Anomalies" 2: the emergency table's first page, two pages of
regional department ו'-ח', the call centre's second page and the planning division's
second page). The 2020 book's own page numbers count each of them once, so the second copy
is an artifact of the extraction, like the glued tokens. Each copy is checked to be the
lines just before it again (their words at least 95 % the same); if the extraction changes
and a copy no longer matches, the script fails rather than drop other text. That third
figure is checked against MINIMUM (exit 1 below it)."""
import collections
import re
import subprocess
import sys

WORD = re.compile(r'[\u05d0-\u05ea]+(?:["\'\u05f3\u05f4][\u05d0-\u05ea]+)*')
MARKS = re.compile('[\u0591-\u05c7]')


EXTRACTED_TWICE = [(2013, 2159), (9662, 10059), (14707, 14903), (19225, 19411)]


def words(text):
    text = MARKS.sub('', text).replace('\u05f4', '"').replace('\u05f3', "'")
    return collections.Counter(w for w in WORD.findall(text) if len(w) >= 2)


def as_ours(piece, ours):
    """The piece as a word of ours: itself, or turned back if it is a swapped gershayim word."""
    if ours[piece]:
        return piece
    m = re.fullmatch(r'([\u05d0-\u05ea]+)"([\u05d0-\u05ea]+)', piece)
    if m and ours[m.group(2) + '"' + m.group(1)]:          # ר"תב -> תב"ר
        return m.group(2) + '"' + m.group(1)
    return None


def split_in(w, ours, k):
    """w as exactly k words of ours, glued, the first ones as long as can be; or None."""
    if k == 1:
        whole = as_ours(w, ours)
        return [whole] if whole else None
    for i in range(len(w) - 2, 1, -1):
        head = as_ours(w[:i], ours)
        rest = split_in(w[i:], ours, k - 1) if head else None
        if rest:
            return [head] + rest
    return None


def segment(w, ours, most):
    """w as the fewest words of ours (up to `most`), glued; None if it is not."""
    for k in range(1, most + 1):
        parts = split_in(w, ours, k)
        if parts:
            return parts
    return None


def undo_artifacts(ref, ours):
    """The reference with glued and swapped tokens read as the words they are made of."""
    out = collections.Counter()
    for w, n in ref.items():
        short = n - ours[w]
        if short <= 0:
            out[w] += n
            continue
        out[w] += ours[w]
        parts = segment(w, ours, 3)
        for p in parts or [w]:
            out[p] += short
    return out


def share(ref, ours):
    total = sum(ref.values())
    found = sum(min(n, ours[w]) for w, n in ref.items())
    return found, total


def without_second_copies(lines):
    """The extraction's lines without the second copy of each page it holds twice; None if a
    listed copy is not the lines before it again."""
    for first, last in EXTRACTED_TWICE:
        n = last - first + 1
        copy = words('\n'.join(lines[first - 1:last]))
        before = words('\n'.join(lines[first - 1 - n:first - 1]))
        if sum((copy & before).values()) < 0.95 * max(sum(copy.values()), sum(before.values())):
            print(f'lines {first}-{last} of the extraction are not a second copy of the lines before them')
            return None
    return [line for i, line in enumerate(lines, 1)
            if not any(first <= i <= last for first, last in EXTRACTED_TWICE)]


def main():
    text = open(sys.argv[1], encoding='utf-8').read()
    ref = words(text)
    ours = words(subprocess.run(['pdftotext', sys.argv[2], '-'], capture_output=True,
                                text=True).stdout)
    minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 0
    found, total = share(ref, ours)
    print(f'coverage, raw: {found} of {total} Hebrew words of the 2020 book ({found / total:.1%})')
    fixed = undo_artifacts(ref, ours)
    found, total = share(fixed, ours)
    print(f'coverage, glued and swapped tokens read as their words: {found} of {total} '
          f'({found / total:.1%})')
    once = without_second_copies(text.split('\n'))
    if once is None:
        return 1
    fixed = undo_artifacts(words('\n'.join(once)), ours)
    found, total = share(fixed, ours)
    print(f'coverage, and pages the extraction holds twice counted once: {found} of {total} '
          f'({found / total:.1%})')
    missing = collections.Counter({w: n - ours[w] for w, n in fixed.items() if n > ours[w]})
    print('  most missing:', ' '.join(f'{w}×{n}' for w, n in missing.most_common(12)))
    return 0 if found / total >= minimum else 1


if __name__ == '__main__':
    sys.exit(main())
