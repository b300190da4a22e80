#!/usr/bin/env python3
"""What a screen reader reads of the contents: each Link element's text in poppler's
structure text (pdfinfo -struct-text) is its entry's name as book.yaml has it, a space and
a page number. Usage: contents_links.py STRUCT_TEXT BOOK_YAML (a book whose units are
written {id: …, toc: …, plan: …}, as tests/contents_book.py writes them)"""
import re
import sys

# bidi controls, and the private-use codes of mirrored brackets and blank marks (see
# tests/paragraphs.py)
NOISE = re.compile('[\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff]')


def main():
    struct, manifest = sys.argv[1:3]
    names = [re.sub(r"^'|'$", '', n.strip())
             for n in re.findall(r'toc: (.+?), plan:', open(manifest, encoding='utf-8').read())]
    names = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]  # a run shares one entry
    lines = open(struct, encoding='utf-8').read().splitlines()
    links = [NOISE.sub('', lines[i + 1].strip())[1:-1] for i, l in enumerate(lines[:-1])
             if l.strip() == 'Link (inline)']
    read = [re.fullmatch(r'(.*) (\d+)', l) for l in links]
    bad = [f'"{l}"' for l, m in zip(links, read) if not m]
    bad += [f'"{m.group(1)}" for "{n}"' for m, n in zip(read, names) if m and m.group(1) != n]
    ok = links and len(links) == len(names) and not bad
    print(f'{"ok  " if ok else "FAIL"} contents: each of {len(links)} Links reads its entry\'s name from '
          f'book.yaml ({len(names)} entries), a space and its page')
    for b in bad[:8]:
        print('       ' + b)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
