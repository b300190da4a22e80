#!/usr/bin/env python3
"""Page signatures: every page of a PDF rendered by poppler (pdftoppm -r 110, grey) and
reduced to the mean of each 12 x 12 pixel block. Two renderings of the same drawing
compare equal within a level or two: text drawn in reading order lands on its glyph
positions by other floating-point sums than text drawn left to right, which may turn a
few edge pixels' anti-aliasing (up to 58 of 255 on single pixels, 3 at most on a block's
mean in the 2020 book). A word moved, missing or drawn twice changes its blocks by tens of levels.

  pixsig.py make PDF OUT.gz      write the signatures of PDF's pages
  pixsig.py check PDF REF.gz     compare; prints the pages that differ, exits 1 if any"""
import glob
import gzip
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, sys.path[0])
from pixcmp import read_pgm  # noqa: E402

BLOCK = 12
TOLERANCE = 6  # levels of 255 on one block's mean


def signature(path):
    w, h, px = read_pgm(path)
    bw, bh = (w + BLOCK - 1) // BLOCK, (h + BLOCK - 1) // BLOCK
    sums, counts = [0] * (bw * bh), [0] * (bw * bh)
    for y in range(h):
        row = px[y * w:(y + 1) * w]
        base = (y // BLOCK) * bw
        for x in range(w):
            k = base + x // BLOCK
            sums[k] += row[x]
            counts[k] += 1
    return [w, h, [round(s / c) for s, c in zip(sums, counts)]]


def signatures(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['pdftoppm', '-gray', '-r', '110', pdf, os.path.join(tmp, 'p')],
                       check=True)
        return [signature(p) for p in sorted(glob.glob(os.path.join(tmp, 'p-*.pgm')))]


def main():
    mode, pdf, ref = sys.argv[1:4]
    got = signatures(pdf)
    if mode == 'make':
        with gzip.open(ref, 'wt') as f:
            json.dump(got, f, separators=(',', ':'))
        return 0
    want = json.load(gzip.open(ref, 'rt'))
    differ = []
    for i, (g, w) in enumerate(zip(got, want), start=1):
        worst = max((abs(a - b) for a, b in zip(g[2], w[2])), default=0)
        if g[:2] != w[:2] or worst > TOLERANCE:
            differ.append(f'{i} ({worst})')
    if len(got) != len(want):
        differ.append(f'{len(got)} pages, not {len(want)}')
    print('pages that differ:', ' '.join(differ) if differ else 'none')
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
