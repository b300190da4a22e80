#!/usr/bin/env python3
"""Page references: every page of a PDF rendered by poppler (pdftoppm -r 110, grey), kept
as the SHA-256 of its pixels and the mean of each 12 x 12 pixel block (to say how far a
page is off), and, for a page that renders otherwise than before, the reason and the hash
it had before. Every page must render to its reference's pixels exactly.

  pixsig.py make AFTER.pdf OUT.gz --before BEFORE.pdf [--on-purpose PAGES=REASON ...]
      BEFORE is the book as it was, AFTER as it is now; every page's reference is AFTER's
      rendering. Pages listed on purpose (PAGES as 3,53,79-80) must have been looked at;
      REASON says what changed. Any other page that differs from BEFORE must have every
      glyph where it was to 1e-4 pt (tests/glyphpos.py), and differ only by glyphs on a
      quarter pixel's edge or by a level or two where glyph edges blend; the reference
      says which. Else make stops and names the page.
  pixsig.py check PDF REF.gz
      compare; prints the pages that differ from their reference, exits 1 if any"""
import glob
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, sys.path[0])
from pixcmp import read_pgm  # noqa: E402

BLOCK = 12
DPI = 110


def blocks(w, h, px):
    bw, bh = (w + BLOCK - 1) // BLOCK, (h + BLOCK - 1) // BLOCK
    sums, counts = [0] * (bw * bh), [0] * (bw * bh)
    for y in range(h):
        row = px[y * w:(y + 1) * w]
        base = (y // BLOCK) * bw
        for x in range(w):
            k = base + x // BLOCK
            sums[k] += row[x]
            counts[k] += 1
    return [round(s / c) for s, c in zip(sums, counts)]


def page_reference(path):
    w, h, px = read_pgm(path)
    return {'size': [w, h], 'sha256': hashlib.sha256(bytes(px)).hexdigest(),
            'blocks': blocks(w, h, px)}


def render(pdf, folder):
    subprocess.run(['pdftoppm', '-gray', '-r', str(DPI), pdf, os.path.join(folder, 'p')],
                   check=True)
    return sorted(glob.glob(os.path.join(folder, 'p-*.pgm')))


def references(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        return [page_reference(p) for p in render(pdf, tmp)]


def pixels_apart(path_a, path_b):
    """(pixels that differ, by at most how many levels) between two renderings"""
    a, b = read_pgm(path_a)[2], read_pgm(path_b)[2]
    apart = [abs(x - y) for x, y in zip(a, b) if x != y]
    return len(apart), max(apart, default=0)


def page_list(text):
    pages = set()
    for part in text.split(','):
        first, _, last = part.partition('-')
        pages.update(range(int(first), int(last or first) + 1))
    return pages


def make(after_pdf, out, args):
    before_pdf, on_purpose = None, {}
    while args:
        flag, value, args = args[0], args[1], args[2:]
        if flag == '--before':
            before_pdf = value
        elif flag == '--on-purpose':
            pages, _, reason = value.partition('=')
            for p in page_list(pages):
                on_purpose[p] = reason
        else:
            sys.exit(f'pixsig.py: unknown option {flag}')
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, 'before'))
        os.mkdir(os.path.join(tmp, 'after'))
        return make_from(render(before_pdf or after_pdf, os.path.join(tmp, 'before')),
                         render(after_pdf, os.path.join(tmp, 'after')),
                         before_pdf, after_pdf, on_purpose, out)


def make_from(before_pages, after_pages, before_pdf, after_pdf, on_purpose, out):
    after = [page_reference(p) for p in after_pages]
    before = [page_reference(p) for p in before_pages]
    if len(before) != len(after):
        sys.exit(f'pixsig.py: {len(after)} pages, {len(before)} before: list the change')
    import pikepdf
    from glyphpos import compare_page, SCALE
    pdfs = (pikepdf.open(before_pdf), pikepdf.open(after_pdf)) if before_pdf else None
    pages, stop = [], []
    for number, (b, a) in enumerate(zip(before, after), start=1):
        if b['sha256'] != a['sha256']:
            a['before'] = {'sha256': b['sha256']}
        if number in on_purpose:
            a['differs'] = on_purpose[number]
            pages.append(a)
            continue
        if b['sha256'] != a['sha256']:
            moved, ties = compare_page(*pdfs, number)
            count, levels = pixels_apart(before_pages[number - 1], after_pages[number - 1])
            if moved:
                stop.append(f'{number} ({len(moved)} glyphs moved)')
                continue
            if ties:
                a['differs'] = (
                    'every glyph where it was to 1e-4 pt, now drawn in reading order; '
                    'these stand on a quarter pixel\'s edge at 110 dpi and fall on its other '
                    'side: ' + '; '.join(f'U+{code:04X} at {x!r} pt ({x * SCALE:.4f} px), '
                                         f'now {near!r} pt' for code, x, near in ties))
            elif levels <= 2:
                a['differs'] = (
                    f'every glyph where it was to 1e-4 pt, now drawn in reading order; {count} '
                    f'pixel{"s" if count > 1 else ""} differ{"" if count > 1 else "s"} by '
                    f'{levels} level{"s" if levels > 1 else ""} where the '
                    'anti-aliased edges of neighbouring glyphs meet, blended in the other order')
            else:
                stop.append(f'{number} ({count} pixels differ by up to {levels} levels, '
                            'no glyph moved: look at it)')
                continue
        pages.append(a)
    if stop:
        sys.exit('pixsig.py: pages changed and not listed as on purpose: ' + ', '.join(stop))
    with gzip.open(out, 'wt') as f:
        json.dump({'dpi': DPI, 'block': BLOCK, 'pages': pages}, f, separators=(',', ':'))
    listed = [n for n, p in enumerate(pages, start=1) if 'differs' in p]
    print(f'{len(pages)} pages; {len(listed)} differ from before, each with its reason: '
          f'{" ".join(map(str, listed))}')
    return 0


def check(pdf, ref):
    got = references(pdf)
    want = json.load(gzip.open(ref, 'rt'))['pages']
    as_before, as_said, differ = 0, 0, []
    for number, (g, w) in enumerate(zip(got, want), start=1):
        if g['sha256'] == w['sha256']:
            if 'differs' in w:
                as_said += 1
            else:
                as_before += 1
            continue
        worst = (max(abs(a - b) for a, b in zip(g['blocks'], w['blocks']))
                 if g['size'] == w['size'] else 255)
        differ.append(f'{number} (by up to {worst} levels on a 12 x 12 block)')
    if len(got) != len(want):
        differ.append(f'{len(got)} pages, not {len(want)}')
    print(f'{as_before} as before, {as_said} as the reference says and why; '
          'pages that differ from their reference: ' + (' '.join(differ) if differ else 'none'))
    return 1 if differ else 0


def main():
    mode, pdf, ref = sys.argv[1:4]
    if mode == 'make':
        return make(pdf, ref, sys.argv[4:])
    return check(pdf, ref)


if __name__ == '__main__':
    sys.exit(main())
