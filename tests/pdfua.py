#!/usr/bin/python3
"""pdfua.py FILE.pdf [--json] | --list-rules

Checks a PDF against the machine-checkable rules of PDF/UA-1 (ISO 14289-1) that apply to a
book like planbook's: text, tables, lists, headings, links, contents, figures, fonts and
metadata. Each rule is named by its veraPDF rule id (veraPDF-validation-profiles,
PDF_UA/PDFUA-1.xml: clause-testNumber); rules of our own, which veraPDF does not have, are
named pb-… . `--list-rules` lists every veraPDF PDF/UA-1 rule, checked or not, and says why
a rule is not checked. docs/pdfua.md describes each check.

Output: one line per failure, `RULE page N: what` (or `RULE document: what`), then
`pdfua: N failures (rules checked: …)`. Exit status 0 when nothing failed, 1 when something
did, 2 when the file cannot be read or some of it could not be checked (never a pass).

Needs Debian's python3-pikepdf (run it with /usr/bin/python3).
"""
import argparse
import json
import re
import struct
import sys
import xml.parsers.expat
from collections import Counter, defaultdict

try:
    import pikepdf
except ImportError:
    sys.stderr.write('pdfua: needs pikepdf: apt-get install python3-pikepdf, and run /usr/bin/python3\n')
    sys.exit(2)

# ---------------------------------------------------------------------------------------------
# The rules. Texts are short forms of the profile's descriptions; pb-… rules are ours.

RULES = [
    ('5-1', 'XMP metadata holds the PDF/UA identification (pdfuaid:part)'),
    ('5-2', 'pdfuaid:part is 1'),
    ('5-3', 'the part property has the namespace prefix pdfuaid'),
    ('5-4', 'the amd property, if any, has the namespace prefix pdfuaid'),
    ('5-5', 'the corr property, if any, has the namespace prefix pdfuaid'),
    ('6.1-1', 'the file header is %PDF-1.n with n from 0 to 7'),
    ('6.2-1', 'the catalog has /MarkInfo with /Marked true'),
    ('7.1-1', 'no Artifact marked content inside tagged content'),
    ('7.1-2', 'no tagged content inside an Artifact'),
    ('7.1-3', 'all page content is tagged (MCID reachable from the structure tree) or an Artifact'),
    ('7.1-4', '/MarkInfo /Suspects is not true'),
    ('7.1-5', 'every non-standard structure type is role-mapped to a standard one'),
    ('7.1-6', 'the role map has no cycle'),
    ('7.1-7', 'standard structure types are not remapped'),
    ('7.1-8', 'the catalog has a /Metadata stream (/Type /Metadata, /Subtype /XML)'),
    ('7.1-9', 'the XMP metadata has a dc:title'),
    ('7.1-10', '/ViewerPreferences has /DisplayDocTitle true'),
    ('7.1-11', 'the catalog has a /StructTreeRoot'),
    ('7.1-12', 'every structure element has /P'),
    ('7.2-2', 'outline entries have a language (catalog /Lang)'),
    ('7.2-3', 'Table contains only TR, THead, TBody, TFoot and Caption'),
    ('7.2-4', 'TR is in Table, THead, TBody or TFoot'),
    ('7.2-5', 'THead is in Table'),
    ('7.2-6', 'TBody is in Table'),
    ('7.2-7', 'TFoot is in Table'),
    ('7.2-8', 'TH is in TR'),
    ('7.2-9', 'TD is in TR'),
    ('7.2-10', 'TR contains only TH and TD'),
    ('7.2-11', 'Table has at most one THead'),
    ('7.2-12', 'Table has at most one TFoot'),
    ('7.2-13', 'a Table with TFoot has TBody'),
    ('7.2-14', 'a Table with THead has TBody'),
    ('7.2-15', 'table cells do not overlap'),
    ('7.2-16', 'a Table Caption is its first or last kid'),
    ('7.2-17', 'LI is in L'),
    ('7.2-18', 'LBody is in LI'),
    ('7.2-19', 'L contains only L, LI and Caption'),
    ('7.2-20', 'LI contains only Lbl and LBody'),
    ('7.2-21', 'ActualText of an element has a language'),
    ('7.2-22', 'Alt of an element has a language'),
    ('7.2-23', 'E (expansion) of an element has a language'),
    ('7.2-24', 'annotation /Contents has a language'),
    ('7.2-26', 'TOCI is in TOC'),
    ('7.2-27', 'TOC contains only TOC, TOCI and Caption'),
    ('7.2-28', 'a TOC Caption is its first kid'),
    ('7.2-29', 'every /Lang is a language tag'),
    ('7.2-30', 'ActualText of Span marked content has a language'),
    ('7.2-31', 'Alt of Span marked content has a language'),
    ('7.2-32', 'E of Span marked content has a language'),
    ('7.2-33', 'x-default entries of the XMP metadata have a language (catalog /Lang)'),
    ('7.2-34', 'page text has a language'),
    ('7.2-36', 'THead contains only TR'),
    ('7.2-37', 'TBody contains only TR'),
    ('7.2-38', 'TFoot contains only TR'),
    ('7.2-39', 'Table has at most one Caption'),
    ('7.2-40', 'an L Caption is its first kid'),
    ('7.2-41', 'no cell spans past the last row (RowSpan)'),
    ('7.2-42', 'no row has more columns than the first (ColSpan counted)'),
    ('7.2-43', 'no row has fewer columns than the first (ColSpan, RowSpan counted)'),
    ('7.3-1', 'Figure has /Alt or /ActualText'),
    ('7.4.2-1', 'numbered headings start at H1 and never go more than one level deeper'),
    ('7.4.4-1', 'no element has more than one H kid'),
    ('7.4.4-2', 'H is not used together with H1..H6'),
    ('7.4.4-3', 'H1..H6 are not used together with H'),
    ('7.5-1', 'every TD has a header: all TH have /Scope, or the TD reaches a scoped TH or names TH /IDs'),
    ('7.5-2', 'every id in a TD /Headers is the /ID of a TH of the same table'),
    ('7.18.1-1', 'an annotation other than Link, Widget, PrinterMark is in an Annot element'),
    ('7.18.1-2', 'an annotation has /Contents or its element has /Alt'),
    ('7.18.3-1', 'a page with annotations has /Tabs /S'),
    ('7.18.5-1', 'a Link annotation is tagged: /StructParent to a Link element that has an OBJR for it'),
    ('7.18.5-2', 'a Link annotation has /Contents'),
    ('7.21.3.2-1', 'an embedded CIDFontType2 has /CIDToGIDMap (a stream or /Identity)'),
    ('7.21.4.1-1', 'every font used to draw text is embedded (FontFile, FontFile2, FontFile3)'),
    ('7.21.4.1-2', 'every glyph used exists in the embedded font (TrueType programs)'),
    ('7.21.5-1', 'widths in the font dictionary match the font program (TrueType programs)'),
    ('7.21.7-1', 'every character code used maps to Unicode (ToUnicode, or a standard encoding)'),
    ('7.21.7-2', 'no code used maps to U+0000, U+FEFF or U+FFFE'),
    ('7.21.8-1', 'no text shows the .notdef glyph'),
    ('pb-lang', 'the catalog has a /Lang'),
    ('pb-parenttree', 'the tree is consistent: ParentTree and /K agree (keys, MCIDs both ways, OBJRs), '
                      'each element has one parent and /P names it'),
    ('pb-mcid', 'no MCID is used twice in one content stream'),
]
RULE_TEXT = dict(RULES)
RULE_ORDER = {rule: i for i, (rule, _) in enumerate(RULES)}

NOT_CHECKED = [
    ('7.2-25', 'form field /TU language: the book has no form fields'),
    ('7.7-1', 'Formula: the book has no mathematical formulas'),
    ('7.9-1', 'Note /ID: the book has no notes'),
    ('7.9-2', 'Note /ID unique: the book has no notes'),
    ('7.10-1', 'optional content configuration: the book has no optional content'),
    ('7.10-2', 'optional content /AS: the book has no optional content'),
    ('7.11-1', 'embedded file specifications: the book embeds no files'),
    ('7.15-1', 'dynamic XFA: the book has no forms'),
    ('7.16-1', 'encryption permissions: the book is not encrypted'),
    ('7.18.1-3', 'widget /TU: the book has no form fields'),
    ('7.18.2-1', 'TrapNet annotations: the book has none'),
    ('7.18.4-1', 'Widget in Form: the book has no form fields'),
    ('7.18.4-2', 'Form element kids: the book has no form fields'),
    ('7.18.6.2-1', 'media clip /CT: the book has no media'),
    ('7.18.6.2-2', 'media clip /Alt: the book has no media'),
    ('7.18.8-1', 'PrinterMark annotations: the book has none'),
    ('7.20-1', 'reference XObjects: planbook draws none'),
    ('7.20-2', 'a Form XObject with MCIDs drawn more than once: planbook draws no Form XObjects'),
    ('7.21.3.1-1', 'CIDSystemInfo of CMap and CIDFont agree: the book uses Identity-H only, which '
                   'passes by definition'),
    ('7.21.3.3-1', 'non-standard CMaps embedded: the book uses Identity-H only'),
    ('7.21.3.3-2', 'WMode of embedded CMaps: the book embeds no CMap'),
    ('7.21.3.3-3', 'CMaps referenced by usecmap: the book embeds no CMap'),
    ('7.21.4.2-1', 'Type 1 CharSet complete: the book has no Type 1 fonts'),
    ('7.21.4.2-2', 'CIDSet complete: libharu writes no CIDSet (checking it needs a glyph count '
                   'of the subset, which only a full font parser gives)'),
    ('7.21.6-1', 'cmap tables of non-symbolic TrueType fonts: the book uses only Type 0 fonts'),
    ('7.21.6-2', 'encodings of non-symbolic TrueType fonts: the book uses only Type 0 fonts'),
    ('7.21.6-3', 'no Encoding in symbolic TrueType fonts: the book uses only Type 0 fonts'),
    ('7.21.6-4', 'cmap of symbolic TrueType fonts: the book uses only Type 0 fonts'),
]

STANDARD_TYPES = frozenset((
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private '
    'H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot '
    'Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP '
    'Figure Formula Form').split())

# ---------------------------------------------------------------------------------------------
# Small helpers over pikepdf objects.


def name(obj):
    """A PDF name without its slash, or None."""
    return str(obj)[1:] if isinstance(obj, pikepdf.Name) else None


def text(obj):
    """A PDF text string (or name) as str, or None."""
    if isinstance(obj, pikepdf.String):
        return str(obj)
    if isinstance(obj, pikepdf.Name):
        return str(obj)[1:]
    return None


def key(obj):
    """Identity of an indirect object, None for a direct one."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return obj.objgen
    return None


def as_int(obj, default=None):
    try:
        return int(obj)
    except (TypeError, ValueError):
        return default


def as_list(obj):
    """An array's items, or the single object as a list (PDF allows either in many places)."""
    if obj is None:
        return []
    if isinstance(obj, pikepdf.Array):
        return list(obj)
    return [obj]


def number_tree(node, out, depth=0, seen=None):
    """Flattens a number tree (ISO 32000-1 7.9.7) into out: {int key: value}."""
    seen = set() if seen is None else seen
    if not isinstance(node, pikepdf.Dictionary) or depth > 40 or (key(node) and key(node) in seen):
        return out
    if key(node):
        seen.add(key(node))
    nums = node.get('/Nums')
    if isinstance(nums, pikepdf.Array):
        for i in range(0, len(nums) - 1, 2):
            k = as_int(nums[i])
            if k is not None:
                out[k] = nums[i + 1]
    for kid in as_list(node.get('/Kids')):
        number_tree(kid, out, depth + 1, seen)
    return out


def listing(items, n=6):
    """The first few of some items, sorted, with '…' when there are more."""
    items = sorted(items, key=lambda x: (isinstance(x, str), x))
    return ', '.join(str(x) for x in items[:n]) + (', …' if len(items) > n else '')


def count(n, noun):
    """'1 code', '2 codes'."""
    return '%d %s%s' % (n, noun, '' if n == 1 else 's')


LANG_TAG = re.compile(r'^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$')   # the profile's own test of 7.2-29


class Report:
    """Failures, collapsed: the same rule, page and message counted once with a number."""

    def __init__(self):
        self.counts = Counter()
        self.errors = []

    def fail(self, rule, page, message):
        assert rule in RULE_TEXT, rule
        self.counts[(rule, page, message)] += 1

    def lines(self):
        def order(item):
            (rule, page, message), _ = item
            return (page or 0, RULE_ORDER[rule], message)
        for (rule, page, message), n in sorted(self.counts.items(), key=order):
            where = 'document' if page is None else 'page %d' % page
            yield rule, page, message, n, '%s %s: %s%s' % (rule, where, message, '' if n == 1 else ' (%d times)' % n)


# ---------------------------------------------------------------------------------------------
# XMP metadata: the properties of rdf:Description, with the prefixes they were written with
# (rules 5-3..5-5 are about the prefix, which ElementTree would throw away).

RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
XML_NS = 'http://www.w3.org/XML/1998/namespace'
DC = 'http://purl.org/dc/elements/1.1/'
PDFUAID = 'http://www.aiim.org/pdfua/ns/id/'


class XmlNode:
    def __init__(self, uri, local, prefix):
        self.uri, self.local, self.prefix = uri, local, prefix
        self.attrs = []     # (uri, local, prefix, value)
        self.kids = []
        self.text = ''

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def items(self):
        """The values of an rdf:Alt/Seq/Bag below, or the node's own text."""
        lis = [n for n in self.walk() if (n.uri, n.local) == (RDF, 'li')]
        return [li.text.strip() for li in lis] if lis else [self.text.strip()]


def split_name(expat_name):
    parts = expat_name.split(' ')
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1], None
    return None, parts[0], None


def parse_xml(data):
    parser = xml.parsers.expat.ParserCreate(namespace_separator=' ')
    parser.namespace_prefixes = True
    root = XmlNode(None, None, None)
    stack = [root]

    def start(tag, attrs):
        node = XmlNode(*split_name(tag))
        node.attrs = [split_name(k) + (v,) for k, v in attrs.items()]
        stack[-1].kids.append(node)
        stack.append(node)

    def end(_tag):
        stack.pop()

    def chars(data):
        stack[-1].text += data

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    parser.Parse(data, True)
    return root


class Xmp:
    """props: (uri, local, prefix, values) of every property of every rdf:Description."""

    def __init__(self, data):
        self.props = []
        self.x_default = False
        root = parse_xml(data)
        for desc in root.walk():
            if (desc.uri, desc.local) != (RDF, 'Description'):
                continue
            for uri, local, prefix, value in desc.attrs:
                if uri not in (RDF, None, XML_NS):
                    self.props.append((uri, local, prefix, [value]))
            for node in desc.kids:
                self.props.append((node.uri, node.local, node.prefix, node.items()))
        # veraPDF's xDefault: a language alternative whose only entry is x-default, so that only
        # the catalog /Lang can say what language it is in.
        for node in root.walk():
            lis = [k for k in node.kids if (k.uri, k.local) == (RDF, 'li')]
            if (node.uri, node.local) == (RDF, 'Alt') and len(lis) == 1 and \
                    any((u, l, v) == (XML_NS, 'lang', 'x-default') for u, l, _p, v in lis[0].attrs):
                self.x_default = True

    def find(self, uri, local):
        return [p for p in self.props if (p[0], p[1]) == (uri, local)]


# ---------------------------------------------------------------------------------------------
# The structure tree.


class Elem:
    """A structure element, with what the checks need of it."""

    def __init__(self, obj, parent, page, lang):
        self.obj, self.parent = obj, parent
        self.raw = name(obj.get('/S')) or text(obj.get('/S')) or ''
        self.std = None
        self.kids = []
        self.mcids = []     # (page number or None, stream key or None, mcid)
        self.objrs = []     # (annotation or other object, page number or None)
        self.page = page
        own = text(obj.get('/Lang'))
        self.own_lang = own
        self.lang = own or lang

    def where(self):
        """The page to name in a message: the element's own, else the first page of its content."""
        if self.page:
            return self.page
        for kid in self.kids:
            page = kid.where()
            if page:
                return page
        return next((p for p, _s, _m in self.mcids if p), None)

    def attribute(self, owner, attr, class_map):
        """An attribute (ISO 32000-1 14.7.5): /A first, then the classes of /C."""
        sources = [a for a in as_list(self.obj.get('/A')) if isinstance(a, pikepdf.Dictionary)]
        for cls in as_list(self.obj.get('/C')):
            sources += [a for a in as_list(class_map.get(name(cls))) if isinstance(a, pikepdf.Dictionary)]
        for a in sources:
            if name(a.get('/O')) == owner and attr in a:
                return a[attr]
        return None


class StructTree:
    def __init__(self, pdf, page_no):
        self.page_no = page_no
        self.root = pdf.Root.get('/StructTreeRoot')
        if not isinstance(self.root, pikepdf.Dictionary):
            self.root = None
        root = self.root if self.root is not None else pikepdf.Dictionary()
        self.root_key = key(self.root)
        rm = root.get('/RoleMap')
        self.role_map = {}
        if isinstance(rm, pikepdf.Dictionary):
            self.role_map = {k[1:]: (name(v) if isinstance(v, pikepdf.Name) else (text(v) or ''))
                             for k, v in rm.items()}
        cm = root.get('/ClassMap')
        self.class_map = {k[1:]: v for k, v in cm.items()} if isinstance(cm, pikepdf.Dictionary) else {}
        self.parent_tree = number_tree(root.get('/ParentTree'), {})
        self.elems = []             # pre-order
        self.by_key = {}
        self.revisited = []         # (element, second parent): an element that is a kid twice
        self._reach = {}
        self._build(root.get('/K'), None, None, self.catalog_lang(pdf), 0)
        for e in self.elems:
            e.std = self.standard_type(e.raw)

    @staticmethod
    def catalog_lang(pdf):
        return text(pdf.Root.get('/Lang')) or None

    def _page(self, obj, inherited):
        pg = obj.get('/Pg') if isinstance(obj, pikepdf.Dictionary) else None
        return self.page_no.get(key(pg), inherited) if pg is not None else inherited

    def _build(self, k, parent, page, lang, depth):
        if depth > 200:
            return
        for item in as_list(k):
            if isinstance(item, int) and not isinstance(item, bool):
                if parent is not None:
                    parent.mcids.append((page, None, item))
            elif isinstance(item, pikepdf.Dictionary):
                kind = name(item.get('/Type'))
                if kind == 'MCR' and parent is not None:
                    stm = item.get('/Stm')
                    parent.mcids.append((self._page(item, page), key(stm) if stm is not None else None,
                                         as_int(item.get('/MCID'), -1)))
                elif kind == 'OBJR' and parent is not None:
                    parent.objrs.append((item.get('/Obj'), self._page(item, page)))
                elif '/S' in item:
                    self._add(item, parent, page, lang, depth)

    def _add(self, obj, parent, page, lang, depth):
        k = key(obj) or ('direct', len(self.elems))
        if k in self.by_key:
            self.revisited.append((self.by_key[k], parent))
            return
        e = Elem(obj, parent, self._page(obj, page), lang)
        self.by_key[k] = e
        self.elems.append(e)
        if parent is not None:
            parent.kids.append(e)
        self._build(obj.get('/K'), e, e.page, e.lang, depth + 1)

    def standard_type(self, s):
        """The standard type s stands for, through the role map; None if it reaches none."""
        seen = set()
        while s not in STANDARD_TYPES:
            if s in seen or s not in self.role_map:
                return None
            seen.add(s)
            s = self.role_map[s]
        return s

    def circular(self, s):
        """Whether following the role map from s comes back to a type already seen."""
        seen = {s}
        while s in self.role_map:
            s = self.role_map[s]
            if s in seen:
                return True
            seen.add(s)
        return False

    def elem_of(self, obj):
        return self.by_key.get(key(obj)) if obj is not None else None

    def std_of(self, obj):
        """Standard type of a structure element dictionary, in the tree or not."""
        e = self.elem_of(obj)
        if e is not None:
            return e.std
        s = name(obj.get('/S')) if isinstance(obj, pikepdf.Dictionary) else None
        return self.standard_type(s) if s else None

    def reaches_root(self, obj):
        """veraPDF's notion of tagged: following /P from the element ends at the StructTreeRoot."""
        start = key(obj)
        if start in self._reach:
            return self._reach[start]
        seen, cur, found = set(), obj, False
        for _ in range(500):
            if not isinstance(cur, pikepdf.Dictionary):
                break
            if name(cur.get('/Type')) == 'StructTreeRoot' or (key(cur) and key(cur) == self.root_key):
                found = True
                break
            if key(cur) in seen:
                break
            seen.add(key(cur))
            cur = cur.get('/P')
        if start:
            self._reach[start] = found
        return found

    def lang_of(self, obj):
        """The /Lang of an element or of its nearest ancestor that has one."""
        e = self.elem_of(obj)
        if e is not None:
            return e.lang
        cur = obj
        for _ in range(500):
            if not isinstance(cur, pikepdf.Dictionary):
                return None
            if text(cur.get('/Lang')):
                return text(cur.get('/Lang'))
            cur = cur.get('/P')
        return None

    def mcid_owner(self, parent_key, mcid):
        """The element the ParentTree names for MCID mcid of the content with StructParents parent_key."""
        entry = self.parent_tree.get(parent_key) if parent_key is not None else None
        if isinstance(entry, pikepdf.Array) and 0 <= mcid < len(entry):
            owner = entry[mcid]
            return owner if isinstance(owner, pikepdf.Dictionary) else None
        return None


# ---------------------------------------------------------------------------------------------
# Fonts: ToUnicode CMaps, the parts of TrueType programs we need, and the font dictionary.

CMAP_TOKEN = re.compile(rb'<([0-9A-Fa-f\s]*)>|(\[)|(\])|/([^\s/\[\]<>(){}%]*)|\(((?:\\.|[^\\)])*)\)'
                        rb'|%[^\r\n]*|([^\s/\[\]<>(){}%]+)')


def cmap_tokens(data):
    """Tokens of a CMap program: ('hex', bytes) ('[',) (']',) ('name', str) ('str', bytes) ('word', str)."""
    for m in CMAP_TOKEN.finditer(data):
        hexs, lb, rb, nm, lit, word = m.groups()
        if hexs is not None:
            h = re.sub(rb'\s', b'', hexs)
            yield ('hex', bytes.fromhex((h + b'0' if len(h) % 2 else h).decode()))
        elif lb:
            yield ('[',)
        elif rb:
            yield (']',)
        elif nm is not None:
            yield ('name', nm.decode('latin-1'))
        elif lit is not None:
            yield ('str', lit)
        elif word is not None:
            yield ('word', word.decode('latin-1'))


class CMap:
    """A CMap program: code space, bf mappings (ToUnicode) and cid mappings (an Encoding)."""

    SECTIONS = ('codespacerange', 'bfchar', 'bfrange', 'cidchar', 'cidrange', 'notdefchar', 'notdefrange')

    def __init__(self, data):
        self.codespace = []     # (length, lo, hi)
        self.bfchar = {}        # code -> destination bytes
        self.bfrange = []       # (lo, hi, destination bytes or list of bytes)
        self.cidchar = {}
        self.cidrange = []
        self.has_cid_ops = False
        self.wmode = None
        toks = list(cmap_tokens(data))
        i = 0
        while i < len(toks):
            t = toks[i]
            if t[0] == 'word' and t[1][5:] in self.SECTIONS and t[1].startswith('begin'):
                i = self._section(toks, i + 1, t[1][5:])
                continue
            if t == ('name', 'WMode') and i + 1 < len(toks) and toks[i + 1][0] == 'word':
                self.wmode = as_int(toks[i + 1][1])
            i += 1

    def _section(self, toks, i, kind):
        end = ('word', 'end' + kind)
        args = []
        while i < len(toks) and toks[i] != end:
            if toks[i][0] == '[':
                arr, i = [], i + 1
                while i < len(toks) and toks[i][0] != ']':
                    if toks[i][0] == 'hex':
                        arr.append(toks[i][1])
                    i += 1
                args.append(('arr', arr))
            else:
                args.append(toks[i])
            i += 1
        self._store(kind, args)
        return i + 1

    def _store(self, kind, args):
        num = lambda t: int.from_bytes(t[1], 'big') if t[0] == 'hex' else as_int(t[1])
        if kind == 'codespacerange':
            for lo, hi in zip(args[0::2], args[1::2]):
                if lo[0] == 'hex' and hi[0] == 'hex':
                    self.codespace.append((len(lo[1]), num(lo), num(hi)))
        elif kind == 'bfchar':
            for src, dst in zip(args[0::2], args[1::2]):
                if src[0] == 'hex' and dst[0] == 'hex':
                    self.bfchar[num(src)] = dst[1]
        elif kind == 'bfrange':
            for lo, hi, dst in zip(args[0::3], args[1::3], args[2::3]):
                if lo[0] == 'hex' and hi[0] == 'hex' and dst[0] in ('hex', 'arr'):
                    self.bfrange.append((num(lo), num(hi), dst[1]))
        elif kind == 'cidchar':
            self.has_cid_ops = True
            for src, cid in zip(args[0::2], args[1::2]):
                if src[0] == 'hex':
                    self.cidchar[num(src)] = num(cid)
        elif kind == 'cidrange':
            self.has_cid_ops = True
            for lo, hi, cid in zip(args[0::3], args[1::3], args[2::3]):
                if lo[0] == 'hex' and hi[0] == 'hex':
                    self.cidrange.append((num(lo), num(hi), num(cid)))

    def unicode_bytes(self, code):
        """The UTF-16BE bytes a ToUnicode CMap gives code, or None."""
        if code in self.bfchar:
            return self.bfchar[code]
        for lo, hi, dst in self.bfrange:
            if lo <= code <= hi:
                if isinstance(dst, list):
                    return dst[code - lo] if code - lo < len(dst) else None
                # ISO 32000-1 9.10.3: the destination is incremented for each code in the range.
                value = int.from_bytes(dst, 'big') + (code - lo)
                return value.to_bytes(max(len(dst), 1), 'big') if value < 256 ** max(len(dst), 1) else None
        return None

    def cid(self, code):
        if code in self.cidchar:
            return self.cidchar[code]
        for lo, hi, first in self.cidrange:
            if lo <= code <= hi and first is not None:
                return first + code - lo
        return None


def u16(data, off):
    return struct.unpack_from('>H', data, off)[0]


def u32(data, off):
    return struct.unpack_from('>I', data, off)[0]


class TrueType:
    """Glyph count, advance widths and cmap subtables of an sfnt font program."""

    def __init__(self, data):
        self.data = data
        tables = {}
        for i in range(u16(data, 4)):
            rec = 12 + 16 * i
            tables[data[rec:rec + 4].decode('latin-1')] = (u32(data, rec + 8), u32(data, rec + 12))
        self.tables = tables
        self.upem = u16(data, tables['head'][0] + 18) or 1000
        self.num_glyphs = u16(data, tables['maxp'][0] + 4)
        n_metrics = u16(data, tables['hhea'][0] + 34)
        hmtx = tables['hmtx'][0]
        self.advances = [u16(data, hmtx + 4 * i) for i in range(n_metrics)]
        self.subtables = {}
        if 'cmap' in tables:
            base = tables['cmap'][0]
            for i in range(u16(data, base + 2)):
                rec = base + 4 + 8 * i
                pid, eid = u16(data, rec), u16(data, rec + 2)
                self.subtables.setdefault((pid, eid), base + u32(data, rec + 4))
        self._maps = {}

    def width(self, gid):
        """Advance width of gid in 1/1000 em (PDF glyph space)."""
        if not self.advances:
            return None
        aw = self.advances[gid] if gid < len(self.advances) else self.advances[-1]
        return aw * 1000.0 / self.upem

    def lookup(self, pid, eid, code):
        if (pid, eid) not in self.subtables:
            return None
        if (pid, eid) not in self._maps:
            try:
                self._maps[(pid, eid)] = self._read_cmap(self.subtables[(pid, eid)])
            except struct.error:
                self._maps[(pid, eid)] = {}
        return self._maps[(pid, eid)].get(code)

    def _read_cmap(self, o):
        d, fmt, out = self.data, u16(self.data, o), {}
        if fmt == 0:
            out = {c: d[o + 6 + c] for c in range(256)}
        elif fmt == 4:
            segs = u16(d, o + 6) // 2
            ends, starts = o + 14, o + 16 + 2 * segs
            deltas, ranges = starts + 2 * segs, starts + 4 * segs
            for i in range(segs):
                end, start = u16(d, ends + 2 * i), u16(d, starts + 2 * i)
                delta, ro = u16(d, deltas + 2 * i), u16(d, ranges + 2 * i)
                for c in range(start, min(end, 0xFFFE) + 1):
                    if ro == 0:
                        out[c] = (c + delta) & 0xFFFF
                    else:
                        g = u16(d, ranges + 2 * i + ro + 2 * (c - start))
                        out[c] = (g + delta) & 0xFFFF if g else 0
        elif fmt == 6:
            first, count = u16(d, o + 6), u16(d, o + 8)
            out = {first + i: u16(d, o + 10 + 2 * i) for i in range(count)}
        elif fmt == 12:
            for i in range(u32(d, o + 12)):
                start, end, gid = struct.unpack_from('>III', d, o + 16 + 12 * i)
                for c in range(start, min(end, start + 0x10000) + 1):
                    out[c] = gid + c - start
        return out


PREDEFINED_CMAPS = frozenset((
    'GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V GBK2K-H GBK2K-V '
    'UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V '
    'ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V '
    'UniCNS-UTF16-H UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V '
    '90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H '
    'UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H '
    'KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H UniKS-UCS2-H '
    'UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V').split())
# ISO 14289-1 7.21.7: these character collections need no ToUnicode.
KNOWN_COLLECTIONS = frozenset(('GB1', 'CNS1', 'Japan1', 'Korea1'))
STANDARD_ENCODINGS = {'WinAnsiEncoding': 'cp1252', 'MacRomanEncoding': 'mac_roman', 'MacExpertEncoding': None}


def glyph_name_unicode(glyph):
    """Unicode of a glyph name in the uniXXXX / uXXXX[XX] forms of the Adobe Glyph List spec, else None."""
    m = re.match(r'^uni([0-9A-F]{4})$', glyph) or re.match(r'^u([0-9A-F]{4,6})$', glyph)
    if m:
        return chr(int(m.group(1), 16))
    return glyph if len(glyph) == 1 and glyph.isascii() and glyph.isalnum() else None


class Font:
    """A font dictionary: how its strings split into codes, and what each code means."""

    def __init__(self, d):
        self.d = d
        self.subtype = name(d.get('/Subtype'))
        self.base = name(d.get('/BaseFont')) or '(no /BaseFont)'
        self.composite = self.subtype == 'Type0'
        desc = as_list(d.get('/DescendantFonts')) if self.composite else []
        self.cidfont = desc[0] if desc and isinstance(desc[0], pikepdf.Dictionary) else None
        owner = self.cidfont if self.composite else d
        fd = owner.get('/FontDescriptor') if owner is not None else None
        self.descriptor = fd if isinstance(fd, pikepdf.Dictionary) else None
        self.program_key = next((k for k in ('/FontFile', '/FontFile2', '/FontFile3')
                                 if self.descriptor is not None and k in self.descriptor), None)
        self.tounicode = self._cmap(d.get('/ToUnicode'))
        self.encoding = d.get('/Encoding')
        self.enc_cmap = self._cmap(self.encoding) if self.composite else None
        self.cmap_name = name(self.encoding) if self.composite else None
        self._tt, self._tt_done = None, False
        self._differences = self._read_differences()
        self._widths = None
        self._c2g = None

    @staticmethod
    def _cmap(obj):
        if isinstance(obj, pikepdf.Stream):
            try:
                return CMap(obj.read_bytes())
            except pikepdf.PdfError:
                return None
        return None

    # -- codes
    def codes(self, data):
        """The character codes of a string shown with this font."""
        if not self.composite:
            return list(data)
        spaces = self.enc_cmap.codespace if self.enc_cmap and self.enc_cmap.codespace else [(2, 0, 0xFFFF)]
        out, i = [], 0
        while i < len(data):
            for n, lo, hi in sorted(spaces):
                if i + n <= len(data) and lo <= int.from_bytes(data[i:i + n], 'big') <= hi:
                    out.append(int.from_bytes(data[i:i + n], 'big'))
                    i += n
                    break
            else:
                i += 1      # a byte in no code space: ISO 32000-1 9.7.6.3 would map it to .notdef
        return out

    def cid(self, code):
        """CID of a code, or None when it cannot be known here (a predefined non-Identity CMap)."""
        if self.cmap_name in ('Identity-H', 'Identity-V'):
            return code
        return self.enc_cmap.cid(code) if self.enc_cmap is not None else None

    # -- Unicode
    def unicode_units(self, code):
        """The UTF-16 code units ToUnicode gives the code, or None."""
        if self.tounicode is None:
            return None
        dst = self.tounicode.unicode_bytes(code)
        if dst is None:
            return None
        if len(dst) % 2:
            dst = b'\0' + dst
        return [u16(dst, i) for i in range(0, len(dst), 2)]

    def unicode_without_tounicode(self, code):
        """Whether ISO 14289-1 7.21.7 lets this code go without a ToUnicode entry."""
        if self.composite:
            info = self.cidfont.get('/CIDSystemInfo') if self.cidfont is not None else None
            ordering = text(info.get('/Ordering')) if isinstance(info, pikepdf.Dictionary) else None
            registry = text(info.get('/Registry')) if isinstance(info, pikepdf.Dictionary) else None
            return (registry == 'Adobe' and ordering in KNOWN_COLLECTIONS) or \
                (self.cmap_name in PREDEFINED_CMAPS)
        if code in self._differences:
            return glyph_name_unicode(self._differences[code]) is not None
        base = self._base_encoding()
        if base in STANDARD_ENCODINGS:
            return True
        # A non-symbolic TrueType font finds its glyphs by Unicode (ISO 32000-1 9.6.6.4).
        return self.subtype == 'TrueType' and not self._symbolic()

    def _base_encoding(self):
        if isinstance(self.encoding, pikepdf.Name):
            return name(self.encoding)
        if isinstance(self.encoding, pikepdf.Dictionary):
            return name(self.encoding.get('/BaseEncoding'))
        return None

    def _read_differences(self):
        out = {}
        if self.composite or not isinstance(self.encoding, pikepdf.Dictionary):
            return out
        code = None
        for item in as_list(self.encoding.get('/Differences')):
            if isinstance(item, int):
                code = item
            elif isinstance(item, pikepdf.Name) and code is not None:
                out[code] = name(item)
                code += 1
        return out

    def _symbolic(self):
        flags = as_int(self.descriptor.get('/Flags'), 0) if self.descriptor is not None else 0
        return bool(flags & 4)

    # -- glyphs
    def truetype(self):
        """The parsed FontFile2 program, or None (absent, not TrueType, or unreadable)."""
        if not self._tt_done:
            self._tt_done = True
            if self.program_key == '/FontFile2':
                try:
                    self._tt = TrueType(self.descriptor['/FontFile2'].read_bytes())
                except (struct.error, KeyError, IndexError, pikepdf.PdfError):
                    self._tt = None
        return self._tt

    def gid(self, code):
        """Glyph id a code draws with in the TrueType program, or None when it cannot be told."""
        tt = self.truetype()
        if tt is None:
            return None
        if self.composite:
            cid = self.cid(code)
            if cid is None or self.cidfont is None:
                return None
            return self._cid_to_gid(cid)
        return self._simple_gid(tt, code)

    def _cid_to_gid(self, cid):
        if self._c2g is None:
            m = self.cidfont.get('/CIDToGIDMap')
            self._c2g = m.read_bytes() if isinstance(m, pikepdf.Stream) else 'identity'
        if self._c2g == 'identity':
            return cid
        return u16(self._c2g, 2 * cid) if 2 * cid + 2 <= len(self._c2g) else 0

    def _simple_gid(self, tt, code):
        """ISO 32000-1 9.6.6.4: a simple TrueType font's code to glyph, None when unknown here."""
        if not self._symbolic() and (3, 1) in tt.subtables:
            uni = None
            if code in self._differences:
                uni = glyph_name_unicode(self._differences[code])
            elif STANDARD_ENCODINGS.get(self._base_encoding()):
                try:
                    uni = bytes([code]).decode(STANDARD_ENCODINGS[self._base_encoding()])
                except UnicodeDecodeError:
                    uni = None
            if uni is None:
                return None
            return tt.lookup(3, 1, ord(uni)) or 0
        if (3, 0) in tt.subtables:
            for base in (0, 0xF000, 0xF100, 0xF200):
                g = tt.lookup(3, 0, base + code)
                if g:
                    return g
            return 0
        if (1, 0) in tt.subtables:
            return tt.lookup(1, 0, code) or 0
        return None

    def is_notdef(self, code):
        """Whether the code shows .notdef: CID 0, glyph 0 of a TrueType program, or named so."""
        if self.composite:
            cid = self.cid(code)
            if cid == 0:
                return True
        elif self._differences.get(code) == '.notdef':
            return True
        return self.gid(code) == 0

    def dict_width(self, code):
        """The width the font dictionary gives a code, in 1/1000 em."""
        if self.composite:
            if self._widths is None:
                self._widths = cid_widths(self.cidfont.get('/W'))
            cid = self.cid(code)
            if cid is None:
                return None
            return self._widths.get(cid, as_int(self.cidfont.get('/DW'), 1000))
        first = as_int(self.d.get('/FirstChar'), 0)
        widths = as_list(self.d.get('/Widths'))
        if 0 <= code - first < len(widths):
            return float(widths[code - first])
        return float(self.descriptor.get('/MissingWidth', 0)) if self.descriptor is not None else 0.0


def cid_widths(w):
    """The /W array of a CIDFont (ISO 32000-1 9.7.4.3) as {cid: width}."""
    out, items, i = {}, as_list(w), 0
    while i < len(items):
        first = as_int(items[i])
        if first is None:
            break
        if i + 1 < len(items) and isinstance(items[i + 1], pikepdf.Array):
            for n, width in enumerate(items[i + 1]):
                out[first + n] = float(width)
            i += 2
        elif i + 2 < len(items):
            last, width = as_int(items[i + 1], first), float(items[i + 2])
            for cid in range(first, min(last, first + 0x10000) + 1):
                out[cid] = width
            i += 3
        else:
            break
    return out


class FontUse:
    """What the content did with one font: the codes it showed, where first, and how."""

    def __init__(self, font):
        self.font = font
        self.codes = {}             # code -> first page
        self.rendered = {}          # code -> first page, text rendering mode other than 3
        self.first_page = None


# ---------------------------------------------------------------------------------------------
# The content walk: every page's content stream and the Form XObjects it draws, once.

PAINT_OPS = {'S': 'path', 's': 'path', 'f': 'path', 'F': 'path', 'f*': 'path', 'B': 'path',
             'B*': 'path', 'b': 'path', 'b*': 'path', 'sh': 'shading'}
TEXT_OPS = {'Tj', "'", '"', 'TJ'}


def content_id(page, stream):
    """Names a content stream: (page, None) for a page's content, (None, key) for a Form
    XObject with its own /StructParents (its MCIDs are the same wherever it is drawn)."""
    return (page, None) if stream is None else (None, stream)


class Mark:
    """One open marked-content sequence."""

    def __init__(self, tag, props):
        self.tag, self.props = tag, props
        self.mcid = as_int(props.get('/MCID')) if isinstance(props, pikepdf.Dictionary) else None
        self.elem = None
        self.tagged = False
        self.lang = text(props.get('/Lang')) if isinstance(props, pikepdf.Dictionary) else None


class Context:
    """Where the walk is: page, resources, the StructParents key in force, marks, text state."""

    def __init__(self, page_no, resources, parent_key, stream_key):
        self.page_no, self.resources = page_no, resources
        self.parent_key, self.stream_key = parent_key, stream_key
        self.marks = []
        self.font, self.render = None, 0
        self.saved = []
        self.forms = ()
        self.count_mcids = True     # False in a Form XObject with its own keys drawn again


class ContentWalk:
    """Walks every page's content, and the Form XObjects it draws, once, and records what the
    checks need: untagged content, MCIDs, fonts and the codes shown, text without a language."""

    def __init__(self, pdf, tree, report, catalog_lang):
        self.pdf, self.tree, self.report = pdf, tree, report
        self.catalog_lang = catalog_lang
        self.untagged = defaultdict(lambda: (Counter(), set()))     # (page, why) -> kinds, tags or MCIDs
        self.no_lang = Counter()                # page -> text items with no language
        self.misnested = defaultdict(set)       # (7.1-1 or 7.1-2, page) -> MCIDs
        # Content is named by content_id(): a page's content by its page, a Form XObject with
        # /StructParents of its own by the form, wherever it is drawn.
        self.mcids = defaultdict(Counter)       # content id -> Counter(mcid)
        self.mcid_owner = {}                    # content id + (mcid,) -> owner dict
        self.parent_keys = {}                   # content id -> StructParents key used
        self.first_page = {}                    # content id -> page it is first drawn on
        self.fonts = {}                         # font key -> FontUse
        self.forms_with_keys = set()

    def run(self):
        for page_no, page in enumerate(self.pdf.pages, 1):
            ctx = Context(page_no, page.obj.get('/Resources'), as_int(page.obj.get('/StructParents')), None)
            self.parent_keys[(page_no, None)] = ctx.parent_key
            self.first_page[(page_no, None)] = page_no
            self.walk(page, ctx)

    def walk(self, source, ctx):
        try:
            instructions = pikepdf.parse_content_stream(source)
        except pikepdf.PdfError as e:      # what it draws cannot be checked: an error, not a pass
            self.report.errors.append('page %d: a content stream cannot be parsed: %s' % (ctx.page_no, e))
            return
        for ins in instructions:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self.item(ctx, 'image')
                continue
            self.op(ctx, str(ins.operator), ins.operands)

    def op(self, ctx, op, args):
        if op == 'q':
            ctx.saved.append((ctx.font, ctx.render))
        elif op == 'Q':
            if ctx.saved:
                ctx.font, ctx.render = ctx.saved.pop()
        elif op == 'Tf' and args:
            ctx.font = self.font(ctx, args[0])
        elif op == 'Tr' and args:
            ctx.render = as_int(args[0], 0)
        elif op in TEXT_OPS and args:
            shown = [s for s in (as_list(args[0]) if op == 'TJ' else [args[-1]]) if isinstance(s, pikepdf.String)]
            self.text(ctx, shown)
        elif op in PAINT_OPS:
            self.item(ctx, PAINT_OPS[op])
        elif op == 'Do' and args:
            self.xobject(ctx, args[0])
        elif op in ('BMC', 'BDC') and args:
            props = args[1] if op == 'BDC' and len(args) > 1 else None
            if isinstance(props, pikepdf.Name):
                props = self.resource(ctx, '/Properties', props)
            self.begin(ctx, name(args[0]) or '', props)
        elif op == 'EMC':
            if ctx.marks:
                ctx.marks.pop()

    @staticmethod
    def resource(ctx, category, res_name):
        res = ctx.resources
        group = res.get(category) if isinstance(res, pikepdf.Dictionary) else None
        return group.get(str(res_name)) if isinstance(group, pikepdf.Dictionary) else None

    def font(self, ctx, res_name):
        d = self.resource(ctx, '/Font', res_name)
        if not isinstance(d, pikepdf.Dictionary):
            return None
        k = key(d) or ('direct', ctx.page_no, str(res_name))
        if k not in self.fonts:
            self.fonts[k] = FontUse(Font(d))
        return self.fonts[k]

    # -- marked content
    def begin(self, ctx, tag, props):
        mark = Mark(tag, props)
        inside_tagged = self.innermost_tagged(ctx.marks)
        inside_artifact = any(m.tag == 'Artifact' for m in ctx.marks)
        if mark.mcid is not None:
            mark.elem = self.tree.mcid_owner(ctx.parent_key, mark.mcid)
            mark.tagged = mark.elem is not None and self.tree.reaches_root(mark.elem)
            self.record_mcid(ctx, mark)
        if mark.lang is not None or (isinstance(props, pikepdf.Dictionary) and '/Lang' in props):
            if not LANG_TAG.match(mark.lang or ''):
                self.report.fail('7.2-29', ctx.page_no, 'marked content /%s has /Lang %r, not a language tag'
                                 % (tag, mark.lang or ''))
        if tag == 'Artifact' and inside_tagged:
            self.misnested[('7.1-1', ctx.page_no)].add(inside_tagged.mcid)
        if mark.tagged and inside_artifact:
            self.misnested[('7.1-2', ctx.page_no)].add(mark.mcid)
        if tag == 'Span' and isinstance(props, pikepdf.Dictionary):
            self.span_language(ctx, props)
        ctx.marks.append(mark)

    @staticmethod
    def innermost_tagged(marks):
        """The innermost enclosing mark with an MCID, if that MCID is tagged."""
        for m in reversed(marks):
            if m.mcid is not None:
                return m if m.tagged else None
        return None

    def span_language(self, ctx, props):
        if self.catalog_lang or text(props.get('/Lang')) or self.lang_in_force(ctx):
            return
        for entry, rule in (('/ActualText', '7.2-30'), ('/Alt', '7.2-31'), ('/E', '7.2-32')):
            if entry in props:
                self.report.fail(rule, ctx.page_no, 'Span marked content has %s but no language '
                                 '(no /Lang on it, around it, or in the catalog)' % entry)

    def lang_in_force(self, ctx):
        for m in reversed(ctx.marks):
            if m.lang:
                return m.lang
            if m.elem is not None:
                lang = self.tree.lang_of(m.elem)
                if lang:
                    return lang
        return None

    def record_mcid(self, ctx, mark):
        if not ctx.count_mcids:
            return
        where = content_id(ctx.page_no, ctx.stream_key)
        self.mcids[where][mark.mcid] += 1
        self.mcid_owner.setdefault(where + (mark.mcid,), mark.elem)

    # -- content items
    def classify(self, ctx):
        """('artifact' or 'tagged', None), or why the content is neither (a key of UNTAGGED) and
        what to name with it (a tag or an MCID)."""
        if any(m.tag == 'Artifact' for m in ctx.marks):
            return 'artifact', None
        for m in reversed(ctx.marks):
            if m.mcid is not None:
                if m.tagged:
                    return 'tagged', None
                return ('no-owner' if m.elem is None else 'no-root'), m.mcid
        if ctx.marks:
            return 'no-mcid', '/' + ctx.marks[-1].tag
        return 'outside', None

    def item(self, ctx, kind):
        state, detail = self.classify(ctx)
        if state not in ('artifact', 'tagged'):
            kinds, details = self.untagged[(ctx.page_no, state)]
            kinds[kind] += 1
            if detail is not None:
                details.add(detail)
        return state

    def text(self, ctx, strings):
        raw = [bytes(s) for s in strings]
        if not any(raw):
            return
        state = self.item(ctx, 'text')
        if state != 'artifact' and not self.catalog_lang and not self.lang_in_force(ctx):
            self.no_lang[ctx.page_no] += 1
        use = ctx.font
        if use is None:
            return
        use.first_page = use.first_page or ctx.page_no
        for data in raw:
            for code in use.font.codes(data):
                use.codes.setdefault(code, ctx.page_no)
                if ctx.render != 3:
                    use.rendered.setdefault(code, ctx.page_no)

    def xobject(self, ctx, res_name):
        xo = self.resource(ctx, '/XObject', res_name)
        if not isinstance(xo, pikepdf.Stream):
            return
        subtype = name(xo.get('/Subtype'))
        if subtype == 'Image':
            self.item(ctx, 'image')
        elif subtype == 'Form' and key(xo) not in ctx.forms and len(ctx.forms) < 12:
            self.form(ctx, xo)

    def form(self, ctx, xo):
        """A Form XObject draws inside the marks around it; its own /StructParents names its MCIDs."""
        own_key = as_int(xo.get('/StructParents'))
        sub = Context(ctx.page_no, xo.get('/Resources') or ctx.resources,
                      own_key if own_key is not None else ctx.parent_key,
                      key(xo) if own_key is not None else ctx.stream_key)
        sub.marks = list(ctx.marks)
        sub.font, sub.render = ctx.font, ctx.render
        sub.forms = ctx.forms + (key(xo),)
        if own_key is not None:
            self.parent_keys[content_id(ctx.page_no, key(xo))] = own_key
            self.first_page.setdefault(content_id(ctx.page_no, key(xo)), ctx.page_no)
            # Its MCIDs are counted once: drawing such a form twice is 7.20-2, not checked here.
            sub.count_mcids = key(xo) not in self.forms_with_keys
            self.forms_with_keys.add(key(xo))
        self.walk(xo, sub)


# ---------------------------------------------------------------------------------------------
# The checks. Each takes the Check context and reports failures under its rule ids.


class Check:
    """Everything the checks share: the file, its structure tree, the content walk, the report."""

    def __init__(self, path, pdf, report):
        self.path, self.pdf, self.report = path, pdf, report
        self.catalog = pdf.Root
        self.page_no = {page.obj.objgen: i for i, page in enumerate(pdf.pages, 1)}
        self.catalog_lang = StructTree.catalog_lang(pdf)
        self.tree = StructTree(pdf, self.page_no)
        self.walk = ContentWalk(pdf, self.tree, report, self.catalog_lang)
        self.groups = defaultdict(Counter)

    def fail(self, rule, page, message):
        self.report.fail(rule, page, message)

    def fail_each(self, rule, page, what, item):
        """One item of a failure that can come many times on a page (an MCID, an element type):
        flush() reports them in one line, `what (how many): the first few`."""
        self.groups[(rule, page, what)][item] += 1

    def flush(self):
        for (rule, page, what), items in self.groups.items():
            shown = [show(i) + (' (%d)' % n if n > 1 else '') for i, n in sorted(items.items())]
            self.fail(rule, page, '%s (%d): %s' % (what, sum(items.values()),
                                                   ', '.join(shown[:6]) + (', …' if len(shown) > 6 else '')))
        self.groups.clear()


def show(item):
    return ' '.join(str(x) for x in item) if isinstance(item, tuple) else str(item)


def check_header(c):
    with open(c.path, 'rb') as f:
        start = f.read(64)
    first = re.split(rb'[\r\n]', start, 1)[0]
    if not re.match(rb'^%PDF-1\.[0-7]$', first):
        c.fail('6.1-1', None, 'the header line is %r, not %%PDF-1.0 to %%PDF-1.7' % first[:16].decode('latin-1'))


def check_catalog(c):
    cat = c.catalog
    mark_info = cat.get('/MarkInfo')
    if not isinstance(mark_info, pikepdf.Dictionary):
        c.fail('6.2-1', None, 'the catalog has no /MarkInfo (the file does not say it is tagged)')
    else:
        if mark_info.get('/Marked') is not True:
            c.fail('6.2-1', None, '/MarkInfo /Marked is not true')
        if mark_info.get('/Suspects') is True:
            c.fail('7.1-4', None, '/MarkInfo /Suspects is true')
    meta = cat.get('/Metadata')
    if not isinstance(meta, pikepdf.Stream):
        c.fail('7.1-8', None, 'the catalog has no /Metadata stream')
    elif name(meta.get('/Type')) != 'Metadata' or name(meta.get('/Subtype')) != 'XML':
        c.fail('7.1-8', None, 'the /Metadata stream lacks /Type /Metadata and /Subtype /XML')
    prefs = cat.get('/ViewerPreferences')
    if not isinstance(prefs, pikepdf.Dictionary) or prefs.get('/DisplayDocTitle') is not True:
        c.fail('7.1-10', None, '/ViewerPreferences /DisplayDocTitle is not true (a viewer shows the file name, '
               'not the title)')
    if c.tree.root is None:
        c.fail('7.1-11', None, 'the catalog has no /StructTreeRoot: the file is not tagged')
    if not c.catalog_lang:
        c.fail('pb-lang', None, 'the catalog has no /Lang')


def check_xmp(c):
    meta = c.catalog.get('/Metadata')
    if not isinstance(meta, pikepdf.Stream):
        c.fail('5-1', None, 'no XMP metadata, so no PDF/UA identification')
        c.fail('7.1-9', None, 'no XMP metadata, so no dc:title')
        return
    try:
        xmp = Xmp(meta.read_bytes())
    except (xml.parsers.expat.ExpatError, pikepdf.PdfError) as e:
        c.fail('5-1', None, 'the XMP metadata cannot be read (%s)' % e)
        c.fail('7.1-9', None, 'the XMP metadata cannot be read (%s)' % e)
        return
    parts = xmp.find(PDFUAID, 'part')
    if not parts:
        c.fail('5-1', None, 'the XMP metadata has no pdfuaid:part')
    for _uri, _local, prefix, values in parts:
        if [v.strip() for v in values] != ['1']:
            c.fail('5-2', None, 'pdfuaid:part is %s, not 1' % ','.join(values))
    for rule, prop in (('5-3', 'part'), ('5-4', 'amd'), ('5-5', 'corr')):
        for _uri, _local, prefix, _values in xmp.find(PDFUAID, prop):
            if prefix != 'pdfuaid':
                c.fail(rule, None, 'the PDF/UA %s property has the prefix %r, not pdfuaid' % (prop, prefix))
    titles = xmp.find(DC, 'title')
    if not titles:
        c.fail('7.1-9', None, 'the XMP metadata has no dc:title')
    elif not any(v for t in titles for v in t[3]):
        c.fail('7.1-9', None, 'dc:title is empty')
    if xmp.x_default and not c.catalog_lang:
        c.fail('7.2-33', None, 'an XMP entry (such as dc:title) is in x-default only, and the catalog has no /Lang '
               'to say its language')


def check_roles(c):
    """7.1-5..7.1-7 once per structure type used (with how many elements have it), 7.1-12 per element."""
    by_type = defaultdict(list)
    for e in c.tree.elems:
        by_type[e.raw].append(e)
        if '/P' not in e.obj:
            c.fail_each('7.1-12', e.where(), 'elements without /P', '/' + e.raw)
    for s, elems in by_type.items():
        page, how_many = elems[0].where(), count(len(elems), 'element')
        if c.tree.circular(s):
            c.fail('7.1-6', page, 'the role map goes round in a circle from /%s (%s)' % (s, how_many))
        if s in STANDARD_TYPES and s in c.tree.role_map:
            c.fail('7.1-7', page, 'the standard type /%s is remapped to /%s (%s)' % (s, c.tree.role_map[s], how_many))
        if s not in STANDARD_TYPES and c.tree.standard_type(s) is None:
            c.fail('7.1-5', page, 'the type /%s is neither standard nor role-mapped to a standard type (%s)'
                   % (s, how_many))


# Where an element may be (its parent's standard type), and what it may contain.
PARENTS = {
    'TR': ({'Table', 'THead', 'TBody', 'TFoot'}, '7.2-4'),
    'THead': ({'Table'}, '7.2-5'), 'TBody': ({'Table'}, '7.2-6'), 'TFoot': ({'Table'}, '7.2-7'),
    'TH': ({'TR'}, '7.2-8'), 'TD': ({'TR'}, '7.2-9'),
    'LI': ({'L'}, '7.2-17'), 'LBody': ({'LI'}, '7.2-18'), 'TOCI': ({'TOC'}, '7.2-26'),
}
KIDS = {
    'Table': ({'TR', 'THead', 'TBody', 'TFoot', 'Caption'}, '7.2-3'),
    'TR': ({'TH', 'TD'}, '7.2-10'),
    'L': ({'L', 'LI', 'Caption'}, '7.2-19'),
    'LI': ({'Lbl', 'LBody'}, '7.2-20'),
    'TOC': ({'TOC', 'TOCI', 'Caption'}, '7.2-27'),
    'THead': ({'TR'}, '7.2-36'), 'TBody': ({'TR'}, '7.2-37'), 'TFoot': ({'TR'}, '7.2-38'),
}


def kid_types(e):
    """Standard types of an element's kids (unmapped kids left out: 7.1-5 reports those)."""
    return [k.std for k in e.kids if k.std]


def check_containment(c):
    for e in c.tree.elems:
        if e.std in PARENTS:
            allowed, rule = PARENTS[e.std]
            parent = e.parent.std if e.parent is not None else None
            if parent not in allowed:
                c.fail(rule, e.where(), '%s is inside %s, not %s' % (
                    e.std, parent or 'the structure tree root', ' or '.join(sorted(allowed))))
        kids = kid_types(e)
        if e.std in KIDS:
            allowed, rule = KIDS[e.std]
            for bad in sorted(set(kids) - allowed):
                c.fail(rule, e.where(), '%s contains %s (only %s may be there)' % (
                    e.std, bad, ', '.join(sorted(allowed))))
        if e.std == 'Table':
            check_table_kids(c, e, kids)
        if e.std in ('L', 'TOC') and 'Caption' in kids[1:]:
            c.fail('7.2-40' if e.std == 'L' else '7.2-28', e.where(),
                   'a Caption of %s is not its first kid' % e.std)


def check_table_kids(c, table, kids):
    n = Counter(kids)
    page = table.where()
    if n['THead'] > 1:
        c.fail('7.2-11', page, 'Table has %d THead' % n['THead'])
    if n['TFoot'] > 1:
        c.fail('7.2-12', page, 'Table has %d TFoot' % n['TFoot'])
    if n['TFoot'] and not n['TBody']:
        c.fail('7.2-13', page, 'Table has TFoot but no TBody')
    if n['THead'] and not n['TBody']:
        c.fail('7.2-14', page, 'Table has THead but no TBody')
    if n['Caption'] > 1:
        c.fail('7.2-39', page, 'Table has %d Caption' % n['Caption'])
    if 'Caption' in kids[1:-1]:
        c.fail('7.2-16', page, 'a Caption of Table is neither its first nor its last kid')


def table_rows(table):
    """The TR of a table in order, whether directly in it or in THead/TBody/TFoot."""
    rows = []
    for kid in table.kids:
        if kid.std == 'TR':
            rows.append(kid)
        elif kid.std in ('THead', 'TBody', 'TFoot'):
            rows += [k for k in kid.kids if k.std == 'TR']
    return rows


def span(c, cell, attr):
    n = as_int(cell.attribute('Table', attr, c.tree.class_map), 1)
    return n if n and n > 0 else 1


def cells_of(tr):
    return [k for k in tr.kids if k.std in ('TH', 'TD')]


def lay_out(c, rows):
    """Places a table's cells on a grid as veraPDF does: the first row's cells (ColSpan counted)
    set the width, and each cell takes the first free column of its row. Returns the grid
    {(row, col): cell}, where each placed cell starts {cell key: (row, col)}, the width, and
    the problems {rule: [what]}."""
    grid, origin, problems = {}, {}, defaultdict(list)
    ncols = sum(span(c, k, '/ColSpan') for k in cells_of(rows[0]))
    for r, tr in enumerate(rows):
        col = 0
        for cell in cells_of(tr):
            while (r, col) in grid:
                col += 1
            rs, cs = span(c, cell, '/RowSpan'), span(c, cell, '/ColSpan')
            if col + cs > ncols:
                problems['7.2-42'].append(str(r + 1))
                break
            if r + rs > len(rows):
                problems['7.2-41'].append('a %s in row %d, column %d spans %d rows, only %d are left'
                                          % (cell.std, r + 1, col + 1, rs, len(rows) - r))
                rs = len(rows) - r
            taken = [(r + i, col + j) for i in range(rs) for j in range(cs) if (r + i, col + j) in grid]
            if taken:
                problems['7.2-15'].append('the %s in row %d, column %d overlaps the cell in row %d, column %d'
                                          % (cell.std, r + 1, col + 1, taken[0][0] + 1, taken[0][1] + 1))
                col += cs
                continue
            for i in range(rs):
                for j in range(cs):
                    grid[(r + i, col + j)] = cell
            origin[key(cell.obj) or id(cell)] = (r, col)
            col += cs
    if not problems:    # holes after another problem would only echo it
        problems['7.2-43'] = [str(r + 1) for r in range(len(rows))
                              if any((r, col) not in grid for col in range(ncols))]
    return grid, origin, ncols, {rule: what for rule, what in problems.items() if what}


def check_tables(c):
    for table in (e for e in c.tree.elems if e.std == 'Table'):
        rows = table_rows(table)
        if not rows:
            continue
        grid, origin, ncols, problems = lay_out(c, rows)
        report_layout(c, table, ncols, problems)
        cells = [k for tr in rows for k in cells_of(tr)]
        ths = [k for k in cells if k.std == 'TH']
        ids = {text(th.obj.get('/ID')) for th in ths} - {None, ''}
        unknown = check_headers_ids(c, table, cells, ids, ths)
        if not problems:    # without a regular grid, "above" and "before" mean nothing
            check_scope(c, table, grid, origin, cells, ths, ids, unknown)


def report_layout(c, table, ncols, problems):
    page = table.where()
    for rule in ('7.2-41', '7.2-15'):
        for what in problems.get(rule, []):
            c.fail(rule, page, 'Table: %s' % what)
    if '7.2-42' in problems:
        c.fail('7.2-42', page, 'Table: rows with more columns than the first row\'s %d: %s'
               % (ncols, ', '.join(problems['7.2-42'])))
    if '7.2-43' in problems:
        c.fail('7.2-43', page, 'Table: rows with fewer columns than the first row\'s %d (RowSpan and ColSpan '
               'counted): %s' % (ncols, ', '.join(problems['7.2-43'])))


def headers_of(c, cell):
    return [text(h) for h in as_list(cell.attribute('Table', '/Headers', c.tree.class_map))
            if isinstance(h, pikepdf.String)]


def check_headers_ids(c, table, cells, ids, ths):
    """7.5-2 (stricter than veraPDF, which looks only at TDs not otherwise tied to a header):
    every id a TD names in /Headers is the /ID of a TH of the same table."""
    unknown = set()
    hint = '; a TH has /Id, but the key is /ID' if any('/Id' in th.obj for th in ths) else ''
    for td in (k for k in cells if k.std == 'TD'):
        missing = [h for h in headers_of(c, td) if h not in ids]
        if missing:
            unknown.add(key(td.obj) or id(td))
        for h in missing:
            c.fail_each('7.5-2', table.where(), 'ids in TD /Headers that no TH /ID of the table has%s' % hint, repr(h))
    return unknown


def check_scope(c, table, grid, origin, cells, ths, ids, unknown):
    """7.5-1 as veraPDF decides it: a table whose TH all have /Scope passes; otherwise every TD
    must name TH /IDs in /Headers, or have a TH with Scope Column/Both above it or Row/Both
    before it in its row (looking past TDs, then through the first run of TH only)."""
    unscoped = [th for th in ths if th.attribute('Table', '/Scope', c.tree.class_map) is None]
    if not unscoped:
        return
    lonely = []
    for td in (k for k in cells if k.std == 'TD'):
        k = key(td.obj) or id(td)
        if k in unknown or k not in origin:
            continue
        heads = headers_of(c, td)
        if heads and all(h in ids for h in heads):
            continue
        if not scoped_header_near(c, grid, origin[k], td):
            lonely.append(origin[k])
    if lonely:
        r, col = lonely[0]
        c.fail('7.5-1', table.where(), 'Table: %s without a header (first: row %d, column %d): %s without /Scope, '
               'and no /Headers naming TH /IDs' % (count(len(lonely), 'TD cell'), r + 1, col + 1,
                                                 count(len(unscoped), 'TH cell')))


def scoped_header_near(c, grid, pos, td):
    r0, c0 = pos
    rs, cs = span(c, td, '/RowSpan'), span(c, td, '/ColSpan')

    def scan(cells, wanted):
        seen_th = False
        for cell in cells:
            if cell is None:
                continue
            if cell.std == 'TH':
                if name(cell.attribute('Table', '/Scope', c.tree.class_map)) in (wanted, 'Both'):
                    return True
                seen_th = True
            elif seen_th:
                return False
        return False

    for col in range(c0, c0 + cs):
        if scan([grid.get((r, col)) for r in range(r0 - 1, -1, -1)], 'Column'):
            return True
    for r in range(r0, r0 + rs):
        if scan([grid.get((r, col)) for col in range(c0 - 1, -1, -1)], 'Row'):
            return True
    return False


def check_headings(c):
    """7.4.2-1 as veraPDF's hasCorrectNestingLevel: in tree order, a numbered heading may be at
    most one level deeper than the heading before it (the first must be H1); repeating a level
    or going back up any number of levels is fine."""
    last = 0
    plain = [e for e in c.tree.elems if e.std == 'H']
    numbered = [e for e in c.tree.elems if e.std and re.match(r'^H[1-6]$', e.std)]
    for e in numbered:
        level = int(e.std[1])
        if level > last + 1:
            what = 'the first numbered heading is %s, not H1' % e.std if last == 0 else \
                '%s follows H%d (skips a level)' % (e.std, last)
            c.fail('7.4.2-1', e.where(), what)
        last = level
    for e in c.tree.elems:
        n = kid_types(e).count('H')
        if n > 1:
            c.fail('7.4.4-1', e.where(), '%s has %d H kids (at most one)' % (e.std or e.raw or 'the root', n))
    if plain and numbered:
        c.fail('7.4.4-2', plain[0].where(), 'H is used (%d) together with H1..H6 (%d)' % (len(plain), len(numbered)))
        c.fail('7.4.4-3', numbered[0].where(), 'H1..H6 are used (%d) together with H (%d)'
               % (len(numbered), len(plain)))


def check_figures(c):
    for e in (e for e in c.tree.elems if e.std == 'Figure'):
        if not text(e.obj.get('/Alt')) and '/ActualText' not in e.obj:
            c.fail('7.3-1', e.where(), 'Figure has no /Alt and no /ActualText')


def check_language(c):
    lang = c.catalog.get('/Lang')
    if lang is not None and not LANG_TAG.match(text(lang) or ''):
        c.fail('7.2-29', None, 'the catalog /Lang %r is not a language tag' % (text(lang) or ''))
    for e in c.tree.elems:
        if '/Lang' in e.obj and not LANG_TAG.match(e.own_lang or ''):
            c.fail('7.2-29', e.where(), '/%s has /Lang %r, not a language tag' % (e.raw, e.own_lang or ''))
        if not e.lang:
            for entry, rule in (('/ActualText', '7.2-21'), ('/Alt', '7.2-22'), ('/E', '7.2-23')):
                if entry in e.obj:
                    c.fail(rule, e.where(), '/%s has %s but no language (no /Lang on it, its ancestors or '
                           'the catalog)' % (e.raw, entry))
    outlines = c.catalog.get('/Outlines')
    if isinstance(outlines, pikepdf.Dictionary) and outlines.get('/First') is not None and not c.catalog_lang:
        c.fail('7.2-2', None, 'the outline (bookmarks) has entries, and the catalog has no /Lang to say their language')
    for page, n in sorted(c.walk.no_lang.items()):
        c.fail('7.2-34', page, '%s with no language (no /Lang in the catalog, the marked content '
               'or the structure element)' % count(n, 'text string'))


KIND_NAMES = {'text': 'text string', 'path': 'path', 'image': 'image', 'shading': 'shading'}


UNTAGGED = {
    'outside': 'outside any marked content',
    'no-mcid': 'in marked content without an MCID (%s)',
    'no-owner': 'with MCIDs the ParentTree gives no element (%s)',
    'no-root': 'with MCIDs whose element\'s /P chain does not reach the StructTreeRoot (%s)',
}


def check_content(c):
    """7.1-1..7.1-3 from the content walk, one line per page and reason (7.2-29..32 are reported
    during the walk)."""
    for (rule, page), mcids in sorted(c.walk.misnested.items()):
        c.fail(rule, page, ('Artifacts inside tagged content (MCIDs %s)' if rule == '7.1-1' else
                            'tagged content inside an Artifact (MCIDs %s)') % listing(mcids))
    for (page, why), (kinds, details) in sorted(c.walk.untagged.items()):
        what = ', '.join(count(n, KIND_NAMES.get(kind, kind)) for kind, n in sorted(kinds.items()))
        reason = UNTAGGED[why] % listing(details) if '%s' in UNTAGGED[why] else UNTAGGED[why]
        c.fail('7.1-3', page, '%s %s: neither tagged nor an Artifact' % (what, reason))


def annotation_rect_outside(annot, page):
    rect = [float(v) for v in as_list(annot.get('/Rect'))]
    try:
        box = [float(v) for v in page.cropbox]
    except (AttributeError, TypeError, ValueError):
        return False
    if len(rect) != 4 or len(box) != 4:
        return False
    x0, x1 = sorted(rect[0::2])
    y0, y1 = sorted(rect[1::2])
    return x1 <= box[0] or x0 >= box[2] or y1 <= box[1] or y0 >= box[3]


def check_annotations(c):
    for page_no, page in enumerate(c.pdf.pages, 1):
        annots = [a for a in as_list(page.obj.get('/Annots')) if isinstance(a, pikepdf.Dictionary)]
        if annots and name(page.obj.get('/Tabs')) != 'S':
            tabs = name(page.obj.get('/Tabs'))
            c.fail('7.18.3-1', page_no, 'the page has %d annotations and %s' % (
                len(annots), 'no /Tabs' if tabs is None else '/Tabs /%s, not /S' % tabs))
        for annot in annots:
            check_annotation(c, page_no, page, annot)


def check_annotation(c, page_no, page, annot):
    subtype = name(annot.get('/Subtype'))
    exempt = (as_int(annot.get('/F'), 0) & 2) or annotation_rect_outside(annot, page)  # hidden, or off the page
    sp = as_int(annot.get('/StructParent'))
    elem = c.tree.parent_tree.get(sp) if sp is not None else None
    elem = elem if isinstance(elem, pikepdf.Dictionary) else None
    std = c.tree.std_of(elem) if elem is not None else None
    contents = text(annot.get('/Contents'))
    if contents and not c.catalog_lang and not (elem is not None and c.tree.lang_of(elem)):
        c.fail('7.2-24', page_no, 'a %s annotation has /Contents but no language' % subtype)
    if exempt:
        return
    if subtype == 'Link':
        if sp is None:
            c.fail('7.18.5-1', page_no, 'Link annotation not tagged: it has no /StructParent')
        elif elem is None:
            c.fail('7.18.5-1', page_no, 'Link annotation not tagged: its /StructParent %d is not in the ParentTree'
                   % sp)
        elif std != 'Link':
            c.fail('7.18.5-1', page_no, 'Link annotation is tagged as %s, not Link' % (std or name(elem.get('/S'))))
        elif not any(key(obj) == key(annot) for obj, _pg in objrs_of(c, elem)):
            c.fail('7.18.5-1', page_no, 'Link annotation: its Link element has no OBJR for it')
        if not contents:
            c.fail('7.18.5-2', page_no, 'Link annotation has no /Contents (its description for a screen reader)')
    elif subtype not in ('Widget', 'PrinterMark') and std != 'Annot':
        c.fail('7.18.1-1', page_no, '%s annotation is not in an Annot element' % subtype)
    if subtype != 'Widget' and not contents and not (elem is not None and text(elem.get('/Alt'))):
        c.fail('7.18.1-2', page_no, '%s annotation has no /Contents, nor /Alt on a structure element' % subtype)


def objrs_of(c, elem_obj):
    e = c.tree.elem_of(elem_obj)
    if e is not None:
        return e.objrs
    return [(k.get('/Obj'), None) for k in as_list(elem_obj.get('/K'))
            if isinstance(k, pikepdf.Dictionary) and name(k.get('/Type')) == 'OBJR']


def check_parent_tree(c):
    """pb-parenttree, pb-mcid: the ParentTree and the elements' /K say the same, both ways."""
    tree, walk = c.tree, c.walk
    if tree.root is None:
        return
    for where, counts in walk.mcids.items():
        check_drawn_mcids(c, where, counts)
    for e in tree.elems:
        for page, stream, mcid in e.mcids:
            where = content_id(page, stream)
            if where == (None, None):
                c.fail_each('pb-parenttree', e.where(), 'MCIDs in /K with no /Pg to say on which page',
                            (mcid, 'in /' + e.raw))
            elif mcid not in walk.mcids.get(where, ()):
                c.fail_each('pb-parenttree', page or walk.first_page.get(where), 'MCIDs in /K that the %s does not draw'
                            % ('page' if stream is None else 'Form XObject'), (mcid, 'in /' + e.raw))
        for obj, page in e.objrs:
            sp = as_int(obj.get('/StructParent')) if isinstance(obj, pikepdf.Dictionary) else None
            if sp is None or key(tree.parent_tree.get(sp)) != key(e.obj):
                c.fail_each('pb-parenttree', page or e.where(), 'OBJRs whose object\'s /StructParent does not lead '
                            'back to their element', '/' + e.raw)
    check_links(c)
    check_keys(c)


def check_links(c):
    """Each element is the kid of one parent, and its /P names that parent (or the root)."""
    tree = c.tree
    for e, _other in tree.revisited:
        c.fail_each('pb-parenttree', e.where(), 'elements that are the kid of two elements', '/' + e.raw)
    for e in tree.elems:
        want = e.parent.obj if e.parent is not None else tree.root
        if '/P' in e.obj and key(e.obj.get('/P')) != key(want):
            c.fail_each('pb-parenttree', e.where(), 'elements whose /P is not their parent', '/' + e.raw)


def check_drawn_mcids(c, where, counts):
    """Every MCID a content stream draws: used once, with an entry in the ParentTree, whose
    element lists it in /K."""
    tree, walk = c.tree, c.walk
    page, form = walk.first_page.get(where), where[1]
    pkey = walk.parent_keys.get(where)
    if pkey is None:
        c.fail('pb-parenttree', page, 'content has MCIDs but %s no /StructParents'
               % ('the page has' if form is None else 'its Form XObject has'))
    elif not isinstance(tree.parent_tree.get(pkey), pikepdf.Array):
        c.fail('pb-parenttree', page, '/StructParents %d is not an array in the ParentTree' % pkey)
    for mcid, n in sorted(counts.items()):
        if n > 1:
            c.fail_each('pb-mcid', page, 'MCIDs drawn more than once in one content stream', (mcid, '(%d times)' % n))
        owner = walk.mcid_owner.get(where + (mcid,))
        if pkey is None or owner is None:
            continue
        e = tree.elem_of(owner)
        if e is None:
            c.fail_each('pb-parenttree', page, 'MCIDs the ParentTree gives to an element outside the tree', mcid)
        elif mcid not in [m for p, s, m in e.mcids if content_id(p, s) == where]:
            c.fail_each('pb-parenttree', page, 'MCIDs the ParentTree gives to an element whose /K does not list them',
                        (mcid, 'to /' + e.raw))


def check_keys(c):
    """Every StructParents/StructParent key is in the ParentTree, used once, below ParentTreeNextKey."""
    tree, users = c.tree, defaultdict(list)
    for where, pkey in c.walk.parent_keys.items():
        if pkey is not None:
            users[pkey].append(('the page' if where[1] is None else 'a Form XObject', c.walk.first_page[where]))
    for page_no, page in enumerate(c.pdf.pages, 1):
        for annot in as_list(page.obj.get('/Annots')):
            sp = as_int(annot.get('/StructParent')) if isinstance(annot, pikepdf.Dictionary) else None
            if sp is not None:
                users[sp].append(('an annotation', page_no))
                if sp not in tree.parent_tree:
                    c.fail_each('pb-parenttree', page_no, 'annotation /StructParent keys not in the ParentTree', sp)
    for pkey, who in sorted(users.items()):
        if len(who) > 1:
            c.fail('pb-parenttree', who[1][1], 'the ParentTree key %d is used by %s' % (
                pkey, ', '.join('%s (page %d)' % w for w in who)))
    next_key = as_int(tree.root.get('/ParentTreeNextKey'))
    if next_key is not None and tree.parent_tree and next_key <= max(tree.parent_tree):
        c.fail('pb-parenttree', None, '/ParentTreeNextKey %d is not above the largest key %d'
               % (next_key, max(tree.parent_tree)))


def check_fonts(c):
    for use in c.walk.fonts.values():
        if use.codes:
            check_font(c, use)


def hexcode(code):
    return '<%04X>' % code if code > 0xFF else '<%02X>' % code


def some(codes, n=4):
    codes = sorted(codes)
    return ' '.join(hexcode(x) for x in codes[:n]) + (' …' if len(codes) > n else '')


def check_font(c, use):
    f, page = use.font, use.first_page
    label = 'font %s' % f.base
    if use.rendered and f.subtype != 'Type3' and f.program_key is None:
        c.fail('7.21.4.1-1', page, '%s is not embedded' % label)
    if f.composite and f.cidfont is not None and name(f.cidfont.get('/Subtype')) == 'CIDFontType2' \
            and f.program_key is not None:
        m = f.cidfont.get('/CIDToGIDMap')
        if not isinstance(m, pikepdf.Stream) and name(m) != 'Identity':
            c.fail('7.21.3.2-1', page, '%s: CIDFontType2 without a /CIDToGIDMap stream or /Identity' % label)
    check_unicode(c, use, label)
    notdef = [code for code in use.codes if f.is_notdef(code)]
    if notdef:
        c.fail('7.21.8-1', use.codes[min(notdef)], '%s: .notdef shown for %s: %s'
               % (label, count(len(notdef), 'code'), some(notdef)))
    check_glyphs(c, use, label)


def check_unicode(c, use, label):
    f = use.font
    missing, empty, bad = [], [], []
    for code in use.codes:
        units = f.unicode_units(code)
        if units is None:
            if not f.unicode_without_tounicode(code):
                missing.append(code)
        elif not units:
            empty.append(code)
        elif any(u in (0, 0xFEFF, 0xFFFE) for u in units):
            bad.append(code)
    if missing:
        why = 'the font has no /ToUnicode' if f.tounicode is None else 'its /ToUnicode has none for them'
        if f.tounicode is not None and f.tounicode.has_cid_ops and not (f.tounicode.bfchar or f.tounicode.bfrange):
            why += ': it has cidrange/cidchar, which a ToUnicode CMap cannot use'
        c.fail('7.21.7-1', use.codes[min(missing)], '%s: no Unicode for %s used (%s): %s'
               % (label, count(len(missing), 'code'), why, some(missing)))
    if empty:
        c.fail('7.21.7-1', use.codes[min(empty)], '%s: an empty string as the Unicode of %s: %s'
               % (label, count(len(empty), 'code'), some(empty)))
    if bad:
        c.fail('7.21.7-2', use.codes[min(bad)], '%s: U+0000, U+FEFF or U+FFFE as the Unicode of %s: %s'
               % (label, count(len(bad), 'code'), some(bad)))


def check_glyphs(c, use, label):
    """7.21.4.1-2 and 7.21.5-1, for TrueType programs (FontFile2), codes drawn visibly."""
    f = use.font
    tt = f.truetype()
    if tt is None:
        return
    absent, wrong = [], []
    for code in use.rendered:
        gid = f.gid(code)
        if gid is None or gid == 0:
            continue
        if gid >= tt.num_glyphs:
            absent.append(code)
            continue
        dict_w, prog_w = f.dict_width(code), tt.width(gid)
        if dict_w is not None and prog_w is not None and abs(dict_w - prog_w) > 1:
            wrong.append((code, dict_w, prog_w))
    if absent:
        c.fail('7.21.4.1-2', use.rendered[min(absent)], '%s: glyphs missing from the font program (it has %d) '
               'for %s: %s' % (label, tt.num_glyphs, count(len(absent), 'code'), some(absent)))
    if wrong:
        code, dw, pw = min(wrong)
        c.fail('7.21.5-1', use.rendered[code], '%s: the font dictionary and the font program give different widths '
               'for %s (first: %s, %g against %g)' % (label, count(len(wrong), 'code'), hexcode(code), dw, pw))


CHECKS = [check_header, check_catalog, check_xmp, check_roles, check_containment, check_tables,
          check_headings, check_figures, check_language, check_content, check_annotations,
          check_parent_tree, check_fonts]


# ---------------------------------------------------------------------------------------------

def run(path):
    report = Report()
    pdf = pikepdf.open(path)
    c = Check(path, pdf, report)
    try:
        c.walk.run()
    except Exception as e:      # a broken walk must not look like a pass
        report.errors.append('the content walk broke: %s: %s' % (type(e).__name__, e))
    for check in CHECKS:
        try:
            check(c)
        except Exception as e:      # reported, and the exit status says the file was not fully checked
            report.errors.append('%s broke: %s: %s' % (check.__name__, type(e).__name__, e))
        finally:
            c.flush()
    return report


def list_rules():
    for rule, what in RULES:
        print('%-12s checked      %s' % (rule, what))
    for rule, why in NOT_CHECKED:
        print('%-12s not checked  %s' % (rule, why))


def main():
    ap = argparse.ArgumentParser(description='Checks the machine-checkable PDF/UA-1 rules that apply to '
                                 'planbook\'s book.')
    ap.add_argument('pdf', nargs='?')
    ap.add_argument('--json', action='store_true', help='print the result as JSON')
    ap.add_argument('--list-rules', action='store_true', help='list every rule, checked or not')
    args = ap.parse_args()
    if args.list_rules:
        list_rules()
        return 0
    if not args.pdf:
        ap.error('a PDF file is needed')
    try:
        report = run(args.pdf)
    except (pikepdf.PdfError, OSError) as e:
        sys.stderr.write('pdfua: cannot read %s: %s\n' % (args.pdf, e))
        return 2
    lines = list(report.lines())
    rules = [r for r, _ in RULES]
    if args.json:
        json.dump({'file': args.pdf,
                   'failures': [{'rule': r, 'page': p, 'message': m, 'count': n} for r, p, m, n, _ in lines],
                   'rules_checked': rules,
                   'rules_not_checked': [{'rule': r, 'reason': why} for r, why in NOT_CHECKED],
                   'errors': report.errors}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write('\n')
    else:
        for *_, line in lines:
            print(line)
        for error in report.errors:
            print('pdfua: not checked: %s' % error)
        print('pdfua: %s (rules checked: %s)' % (count(len(lines), 'failure'), ' '.join(rules)))
    if report.errors:
        return 2
    return 1 if lines else 0


if __name__ == '__main__':
    sys.exit(main())
