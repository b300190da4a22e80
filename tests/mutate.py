#!/usr/bin/env python3
"""Damaged copies of real input, for the sanitizer tests (tests/e2e/sanitize.sh) and for
longer runs by hand. Each copy is a folder holding the input with one file damaged by a
few random edits: bytes cut, random bytes, a lone quote, comma, newline, tab, colon, YAML
flow bracket, anchor, byte-order mark or NUL put in, a piece copied elsewhere, the file
cut short, a run of Hebrew letters put in. Every other copy is edited as text (whole
characters, valid UTF-8), so that it gets past the reading and into the layout more often.
Deterministic for a given seed.

Usage: mutate.py SOURCE DEST COUNT SEED [FILE]
SOURCE is an input folder, or a layout file's folder when FILE names the one file to
damage (the layout). Writes DEST/0 … DEST/COUNT-1 and prints, for each, the file damaged."""
import os
import random
import shutil
import sys

TOKENS = [b'"', b',', b'\n', b'\r', b'\t', b':', b'- ', b'{', b'[', b'*', b'&a ', b'|', b'#',
          b'\xd7', b'\xef\xbb\xbf', b'\x00']


def damage(data, rnd):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op, i = rnd.randrange(6), rnd.randrange(len(b) + 1)
        if op == 0:
            del b[i:i + rnd.randint(1, 200)]
        elif op == 1:
            b[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 20)))
        elif op == 2:
            b[i:i] = rnd.choice(TOKENS)
        elif op == 3:
            j = rnd.randrange(len(b) + 1)
            b[i:i] = b[j:j + rnd.randint(1, 500)]
        elif op == 4:
            del b[i:]
        else:
            b[i:i] = ('א' * rnd.randint(1, 3000)).encode()
    return bytes(b)


TEXT_TOKENS = ['"', ',', '\n', '\t', ':', '- ', '{', '[', '*', '&a ', '|', '#', '\ufeff', ' ', '0',
               '31/02/2020', '-', '\u05b8', '\u200f', '1,000,000', '(', ')']


def damage_text(text, rnd):
    t = list(text)
    for _ in range(rnd.randint(1, 4)):
        op, i = rnd.randrange(5), rnd.randrange(len(t) + 1)
        if op == 0:
            del t[i:i + rnd.randint(1, 200)]
        elif op == 1:
            t[i:i] = list(rnd.choice(TEXT_TOKENS))
        elif op == 2:
            j = rnd.randrange(len(t) + 1)
            t[i:i] = t[j:j + rnd.randint(1, 500)]
        elif op == 3:
            t[i:i] = list('א' * rnd.randint(1, 3000))
        else:
            t[i:i] = list(' '.join('מילה' for _ in range(rnd.randint(1, 400))))
    return ''.join(t)


def main():
    src, dest, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    only = sys.argv[5] if len(sys.argv) > 5 else None
    rnd = random.Random(seed)
    files = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src)
                   for f in fs if not f.endswith('NOTES.md'))
    for k in range(count):
        out = os.path.join(dest, str(k))
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(src, out)
        name = only or rnd.choice(files)
        path = os.path.join(out, name)
        with open(path, 'rb') as f:
            data = f.read()
        try:
            text = data.decode('utf-8') if k % 2 else None
        except UnicodeDecodeError:
            text = None
        data = damage_text(text, rnd).encode('utf-8') if text is not None else damage(data, rnd)
        with open(path, 'wb') as f:
            f.write(data)
        print(k, name)


if __name__ == '__main__':
    main()
