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

BYTE_TOKENS = [b'"', b',', b'\n', b'\r', b'\t', b':', b'- ', b'{', b'[', b'*', b'&a ', b'|', b'#',
               b'\xd7', b'\xef\xbb\xbf', b'\x00']
TEXT_TOKENS = ['"', ',', '\n', '\t', ':', '- ', '{', '[', '*', '&a ', '|', '#', '\ufeff', ' ', '0',
               '31/02/2020', '-', '\u05b8', '\u200f', '1,000,000', '(', ')']
# what an edit may put in: random bytes, a token, a run of Hebrew letters or of words
BYTE_INSERTS = [lambda r: bytes(r.randrange(256) for _ in range(r.randint(1, 20))),
                lambda r: r.choice(BYTE_TOKENS),
                lambda r: ('א' * r.randint(1, 3000)).encode()]
TEXT_INSERTS = [lambda r: r.choice(TEXT_TOKENS),
                lambda r: 'א' * r.randint(1, 3000),
                lambda r: ' '.join('מילה' for _ in range(r.randint(1, 400)))]


def damage(seq, rnd, inserts):
    """seq (a bytearray, or a list of characters) after 1 to 4 random edits."""
    for _ in range(rnd.randint(1, 4)):
        op, i = rnd.randrange(4), rnd.randrange(len(seq) + 1)
        if op == 0:
            del seq[i:i + rnd.randint(1, 200)]
        elif op == 1:
            seq[i:i] = rnd.choice(inserts)(rnd)
        elif op == 2:
            j = rnd.randrange(len(seq) + 1)
            seq[i:i] = seq[j:j + rnd.randint(1, 500)]
        else:
            del seq[i:]
    return seq


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
        if text is not None:
            data = ''.join(damage(list(text), rnd, TEXT_INSERTS)).encode('utf-8')
        else:
            data = bytes(damage(bytearray(data), rnd, BYTE_INSERTS))
        with open(path, 'wb') as f:
            f.write(data)
        print(k, name)


if __name__ == '__main__':
    main()
