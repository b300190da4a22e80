#!/usr/bin/env python3
"""Where each glyph of a page lands, summed as poppler sums it (Gfx::doShowText: the text
matrix from Td, then each glyph's /W width times the font size, and each TJ number times
-0.001 times the font size, in double precision), read from the PDF with pikepdf, not
with planbook's code. tests/pixsig.py uses it to tell why a page renders differently from
its reference: a glyph that moved, or one whose position sits on a quarter pixel's edge
(poppler places glyphs to a quarter pixel), where two sums of the same numbers in another
order fall on either side.

  glyphpos.py BEFORE.pdf AFTER.pdf [PAGE,...]   the glyphs that changed quarter pixel"""
import math
import sys

import pikepdf

DPI = 110
SCALE = DPI / 72.0
SPACES = (0x20,)
PRIVATE_USE = 0xE000
SAME = 1e-4  # points: closer than this, two positions are one position summed otherwise


def num(value):
    """A number as poppler's lexer reads it (Lexer::getObj): the integer part exactly, then
    each decimal digit added times a scale that is multiplied by 0.1 at each step, which
    is not always the double nearest the decimal."""
    text = str(value)
    neg = text.startswith('-')
    whole, _, decimals = text.lstrip('+-').partition('.')
    x = float(int(whole or '0'))
    scale = 0.1
    for d in decimals:
        x = x + scale * int(d)
        scale *= 0.1
    return -x if neg else x


def font_widths(font):
    desc = font.DescendantFonts[0]
    default = num(desc.get('/DW', 1000)) * 0.001
    widths = {}
    w = list(desc.get('/W', []))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            for k, v in enumerate(w[i + 1]):
                widths[first + k] = num(v) * 0.001
            i += 2
        else:
            for code in range(first, int(w[i + 1]) + 1):
                widths[code] = num(w[i + 2]) * 0.001
            i += 3
    return widths, default


def page_glyphs(pdf, number):
    """(code, x, y) of every glyph drawn on page NUMBER (from 1), spaces left out."""
    page = pdf.pages[number - 1]
    fonts = page.Resources.get('/Font', {})
    cache, out = {}, []
    widths, default, size = {}, 1000.0, 0.0
    tm, lx, ly, x, y = [1, 0, 0, 1, 0, 0], 0.0, 0.0, 0.0, 0.0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == 'BT':
            tm, lx, ly, x, y = [1, 0, 0, 1, 0, 0], 0.0, 0.0, 0.0, 0.0
        elif op == 'Tf':
            name, size = str(operands[0]), num(operands[1])
            if name not in cache:
                cache[name] = font_widths(fonts[name])
            widths, default = cache[name]
        elif op == 'Tm':
            tm = [num(v) for v in operands]
            lx = ly = 0.0
            x, y = tm[4], tm[5]
        elif op == 'Td':
            lx, ly = lx + num(operands[0]), ly + num(operands[1])
            x = tm[0] * lx + tm[2] * ly + tm[4]
            y = tm[1] * lx + tm[3] * ly + tm[5]
        elif op in ('Tj', 'TJ'):
            for item in (operands[0] if op == 'TJ' else [operands[0]]):
                if isinstance(item, pikepdf.String):
                    b = bytes(item)
                    for k in range(0, len(b) - 1, 2):
                        code = b[k] << 8 | b[k + 1]
                        if code not in SPACES:
                            out.append((code, x, y))
                        x += tm[0] * (widths.get(code, default) * size)
                else:
                    x += tm[0] * (-num(item) * 0.001 * size)
    return out


def quarter(x):
    """The quarter pixel poppler draws a glyph at, at DPI."""
    d = x * SCALE
    return math.floor(d), math.floor((d - math.floor(d)) * 4)


def compare_page(before, after, number):
    """(moved, ties): glyphs of either PDF with no glyph of the other within SAME points on
    their line, and glyphs found again whose quarter pixel changed, as (code, x before,
    x after)."""
    def lines(glyphs):
        rows = {}
        for code, x, y in glyphs:
            rows.setdefault(round(y, 3), []).append(x)
        return rows

    def nearest(rows, x, y):
        return min(rows.get(round(y, 3), []), key=lambda v: abs(v - x), default=None)

    old, new = page_glyphs(before, number), page_glyphs(after, number)
    old_rows, new_rows = lines(old), lines(new)
    moved, ties = [], []
    for code, x, y in old:
        near = nearest(new_rows, x, y)
        if near is None or abs(near - x) >= SAME:
            moved.append((code, x, near))
        elif quarter(near) != quarter(x):
            ties.append((code, x, near))
    # nothing drawn that was not: private-use codes aside (a bracket's mirror glyph stands
    # where the bracket was; the blank marks that give pdf.js its spaces draw nothing)
    for code, x, y in new:
        near = nearest(old_rows, x, y)
        if code < PRIVATE_USE and (near is None or abs(near - x) >= SAME):
            moved.append((code, near, x))
    return moved, ties


def main():
    before, after = pikepdf.open(sys.argv[1]), pikepdf.open(sys.argv[2])
    pages = ([int(p) for p in sys.argv[3].split(',')] if len(sys.argv) > 3
             else range(1, len(before.pages) + 1))
    for number in pages:
        moved, ties = compare_page(before, after, number)
        for code, x, near in ties:
            print(f'page {number}: U+{code:04X} at {x!r} pt, now {near!r} '
                  f'({x * SCALE:.4f} px, another quarter pixel)')
        if moved:
            print(f'page {number}: {len(moved)} glyphs moved by {SAME} pt or more')


if __name__ == '__main__':
    main()
