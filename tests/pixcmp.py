#!/usr/bin/env python3
"""Compares two greyscale PGM images (the first may be gzipped). Tolerance: a pixel
differs when its grey level changes by more than 64 of 255; the images match when at most
0.05 % of the pixels differ (80 pixels of a page at 40 dpi: room for a
renderer that anti-aliases differently, none for a missing or moved word)."""
import gzip
import sys


def read_pgm(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b'P5', 'not a binary PGM'
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def main():
    w1, h1, a = read_pgm(sys.argv[1])
    w2, h2, b = read_pgm(sys.argv[2])
    if (w1, h1) != (w2, h2):
        print(f'size differs: {w1}x{h1} vs {w2}x{h2}')
        return 1
    diff = sum(1 for x, y in zip(a, b) if abs(x - y) > 64)
    share = diff / (w1 * h1)
    print(f'{diff} of {w1 * h1} pixels differ ({share:.3%})')
    return 0 if share <= 0.0005 else 1


if __name__ == '__main__':
    sys.exit(main())
