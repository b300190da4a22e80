#!/usr/bin/env python3
"""A synthetic book N times the 2020 book, for profiling how reading and checking scale
(instruction counts under callgrind; not a test). Usage:

    python3 tests/big_book.py N DEST [--own-files]

Like tests/bench.py's ten-fold book, each administration is repeated N times with its unit
ids suffixed. Without --own-files every copy reads the 2020 book's files (so a plan is
checked once, however many units print it); with it, copy k reads them through its own
folder DEST/c<k> (a link to input/2020), so that every unit has a plan of its own to read
and check, and the input folder holds N times the files to match against book.yaml."""
import os
import re
import sys


def big_book(n, dest, own_files=False, src='input/2020'):
    os.makedirs(dest, exist_ok=True)
    text = open(os.path.join(src, 'book.yaml'), encoding='utf-8').read()
    head, parts = text.split('\nparts:\n', 1)
    blocks = [b for b in re.split(r'\n(?=  - id: )', '\n' + parts) if b.strip()]
    up = os.path.relpath(src, dest)
    out = [head.replace('id: book-2020', f'id: big-{n}'), 'parts:']
    for k in range(n):
        where = up
        if own_files:
            where = f'c{k}'
            link = os.path.join(dest, where)
            if not os.path.islink(link):
                os.symlink(os.path.abspath(src), link)
        for b in blocks:
            if k and 'id: opening' in b:
                continue
            b = re.sub(r'(^\s*(?:- )?id: )(\S+)', lambda m: f'{m.group(1)}{m.group(2)}-{k}', b,
                       flags=re.M)
            b = re.sub(r'^(\s*(?:prose|goals|intro|plan): )(\S+)',
                       lambda m: f'{m.group(1)}{where}/{m.group(2)}', b, flags=re.M)
            out.append(b.rstrip('\n'))
    open(os.path.join(dest, 'book.yaml'), 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    return dest


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    big_book(int(sys.argv[1]), sys.argv[2], '--own-files' in sys.argv[3:])
