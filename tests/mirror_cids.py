#!/usr/bin/env python3
"""Checks the private-use CIDs that draw mirrored glyphs (gen/render_font.c), reading the
PDF through `qpdf --json`, not through the generator's code.

Usage: mirror_cids.py PDF [--not-drawn HEX,HEX…]. For every Type0 font, every CID drawn in
the pages' text (Tj strings after the font's Tf) that lies in the private-use area U+E000–
U+F8FF must have:
- a ToUnicode entry (bfchar) giving the typed character, and no identity range over it;
- a CIDToGIDMap entry: the glyph of the typed character's mirror (for the brackets and
  quotes listed below), or at least a glyph;
- a /W entry equal to the width of the CID that shows the same glyph in its own right;
- that glyph's outline in the embedded font program (libharu embeds only the glyphs it
  counts as used, the others are left empty).
--not-drawn lists code points that must not be drawn through their own CID, so that the
case where a glyph is used only in its mirrored form is known to be exercised."""
import base64
import json
import re
import struct
import subprocess
import sys

MIRROR = {'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
          '«': '»', '»': '«', '‹': '›', '›': '‹', '≤': '≥', '≥': '≤'}
PRIVATE = range(0xE000, 0xF900)


def load(pdf):
    out = subprocess.run(['qpdf', '--json', '--json-stream-data=inline',
                          '--decode-level=generalized', pdf],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)['qpdf'][1]


def ref(objs, r):
    return objs['obj:' + r]


def stream_bytes(objs, r):
    return base64.b64decode(ref(objs, r)['stream']['data'])


def value(objs, v):
    """A dictionary or array, following one indirect reference."""
    if isinstance(v, str) and v.endswith(' R'):
        o = ref(objs, v)
        return o['value'] if 'value' in o else o['stream']['dict']
    return v


def tounicode(data):
    text = data.decode('latin-1')
    chars, ranges = {}, []
    for block in re.findall(r'beginbfchar(.*?)endbfchar', text, re.S):
        for src, dst in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', block):
            chars[int(src, 16)] = chr(int(dst, 16))
    for block in re.findall(r'beginbfrange(.*?)endbfrange', text, re.S):
        for lo, hi, _ in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', block):
            ranges.append((int(lo, 16), int(hi, 16)))
    return chars, ranges


def widths(w, dw):
    out, i = {}, 0
    while i < len(w):
        if isinstance(w[i + 1], list):
            for k, x in enumerate(w[i + 1]):
                out[w[i] + k] = x
            i += 2
        else:
            for c in range(w[i], w[i + 1] + 1):
                out[c] = w[i + 2]
            i += 3
    return lambda cid: out.get(cid, dw)


def glyph_lengths(font):
    """The length of each glyph's outline in a TrueType font program (loca)."""
    n = struct.unpack('>H', font[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, length = struct.unpack('>4sIII', font[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, length)
    head_off = tables[b'head'][0]
    long_loca = struct.unpack('>h', font[head_off + 50:head_off + 52])[0] == 1
    off, length = tables[b'loca']
    if long_loca:
        loca = struct.unpack(f'>{length // 4}I', font[off:off + length])
    else:
        loca = [x * 2 for x in struct.unpack(f'>{length // 2}H', font[off:off + length])]
    return [loca[i + 1] - loca[i] for i in range(len(loca) - 1)]


def drawn_cids(objs, pages):
    """CIDs drawn per font object, from every page's text operators."""
    drawn = {}
    for page in pages:
        resources = value(objs, ref(objs, page['object'])['value'].get('/Resources', {}))
        fonts = value(objs, resources.get('/Font', {}))
        data = b''.join(stream_bytes(objs, c) for c in page['contents']).decode('latin-1')
        font = None
        # "<cids> Tj", and "[adjust <cids> adjust <cids>] TJ" (text in reading order)
        for m in re.finditer(r'/(\S+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\[([^\]]*)\]\s*TJ', data):
            if m.group(1):
                font = fonts.get('/' + m.group(1))
            elif font:
                hexs = m.group(2) if m.group(2) is not None else ''.join(
                    re.findall(r'<([0-9a-fA-F]*)>', m.group(3)))
                drawn.setdefault(font, set()).update(
                    int(hexs[i:i + 4], 16) for i in range(0, len(hexs), 4))
    return drawn


def check_font(objs, font_ref, cids, not_drawn):
    font = ref(objs, font_ref)['value']
    name = font['/BaseFont']
    cidfont = value(objs, font['/DescendantFonts'][0]) if isinstance(
        font['/DescendantFonts'], list) else value(objs, value(objs, font['/DescendantFonts'])[0])
    chars, ranges = tounicode(stream_bytes(objs, font['/ToUnicode']))
    gid_map = stream_bytes(objs, cidfont['/CIDToGIDMap'])
    width = widths(value(objs, cidfont.get('/W', [])), cidfont.get('/DW', 1000))
    descriptor = value(objs, cidfont['/FontDescriptor'])
    outline = glyph_lengths(stream_bytes(objs, descriptor['/FontFile2']))

    def gid(cid):
        return int.from_bytes(gid_map[2 * cid:2 * cid + 2], 'big') if 2 * cid + 1 < len(gid_map) else 0

    problems = []
    private = sorted(c for c in cids if c in PRIVATE)
    for cid in private:
        typed = chars.get(cid)
        if typed is None:
            problems.append(f'{name}: CID {cid:04X} has no ToUnicode entry of its own')
            continue
        if any(lo <= cid <= hi for lo, hi in ranges):
            problems.append(f'{name}: CID {cid:04X} is also inside an identity range')
        g = gid(cid)
        if typed == chr(cid):  # the blank mark (render_pdf.c): a space's glyph and width
            if g != gid(0x20) or width(cid) != width(0x20):
                problems.append(f'{name}: blank mark {cid:04X} is glyph {g}, {width(cid)} wide, '
                                f'not the space\'s')
            continue
        want = gid(ord(MIRROR[typed])) if typed in MIRROR else None
        if g == 0 or (want is not None and g != want):
            problems.append(f'{name}: CID {cid:04X} (typed {typed}) shows glyph {g}, not {want}')
            continue
        own = next((c for c in range(0xE000) if gid(c) == g), None)
        if own is not None and width(cid) != width(own):
            problems.append(f'{name}: CID {cid:04X} is {width(cid)} wide, its glyph {width(own)}')
        if g >= len(outline) or outline[g] == 0:
            problems.append(f'{name}: glyph {g} (CID {cid:04X}) is not in the embedded font')
    for c in not_drawn:
        if c in cids:
            problems.append(f'{name}: U+{c:04X} is drawn through its own CID')
    return private, problems


def main():
    pdf = sys.argv[1]
    not_drawn = []
    if '--not-drawn' in sys.argv:
        not_drawn = [int(x, 16) for x in sys.argv[sys.argv.index('--not-drawn') + 1].split(',')]
    objs = load(pdf)
    pages = json.loads(subprocess.run(['qpdf', '--json', '--json-key=pages', pdf],
                                      capture_output=True, text=True, check=True).stdout)['pages']
    drawn = drawn_cids(objs, pages)
    total, problems = 0, []
    for font_ref, cids in sorted(drawn.items()):
        private, found = check_font(objs, font_ref, cids, not_drawn)
        total += len(private)
        problems += found
    for p in problems:
        print(p)
    print(f'{total} private-use CIDs drawn in {len(drawn)} fonts, {len(problems)} problems')
    return 1 if problems or total == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
