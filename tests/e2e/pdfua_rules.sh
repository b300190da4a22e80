# The PDF/UA-1 checker (tests/pdfua.py), rule by rule, on veraPDF's own test files
# (tests/data/pdfua, README there) and on variants of them made below ("ours"), for the rules
# no corpus file breaks. For every line of tests/data/pdfua/expected.txt and of the variants:
# a fail file is reported with its rule and a pass file is not, and the checker reports
# exactly the rules listed for the file, so a rule that fires by mistake fails too.
. tests/lib.sh
PY=/usr/bin/python3     # Debian's: pikepdf comes from python3-pikepdf
D=tests/data/pdfua
mkdir -p "$TMP/json" "$TMP/ours"

# rules_of FILE: the rules the checker reports, sorted, one line, "-" for none. "BROKEN" when
# its exit status does not match what it reported (0: nothing, 1: failures) or a check broke.
cache_of() { echo "$TMP/json/$(printf %s "$1" | tr '/ ' '__').json"; }
rules_of() {
  json=$(cache_of "$1")
  if [ ! -f "$json.rules" ]; then
    $PY tests/pdfua.py --json "$1" > "$json" 2>"$json.err"
    $PY - "$json" $? > "$json.rules" <<'PY'
import json, sys
try:
    j = json.load(open(sys.argv[1]))
except ValueError:
    print('BROKEN'); sys.exit()
rules = sorted({f['rule'] for f in j['failures']})
ok_status = {0: not rules, 1: bool(rules)}.get(int(sys.argv[2]), False)
print('BROKEN' if j['errors'] or not ok_status else ' '.join(rules) or '-')
PY
  fi
  cat "$json.rules"
}

# prove FILE RULE VERDICT REPORTED...: one test line
prove() {
  file=$1 rule=$2 verdict=$3
  shift 3
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//')
  got=$(rules_of "$file")
  case " $got " in *" $rule "*) has=fail ;; *) has=pass ;; esac
  what="pdfua: $(basename "$file") $([ "$verdict" = fail ] && echo fails || echo passes) $rule"
  if [ "$has" = "$verdict" ] && [ "$got" = "$want" ]; then
    pass "$what (reports: $want)"
  else
    fail "$what"
    echo "       wanted: $want"
    echo "       reported: $got"
    sed 's/^/       /' "$(cache_of "$file").err" | head -5
  fi
}

# Each line of a table: FILE RULE VERDICT REPORTED... [# note]
prove_all() {
  sed 's/#.*//' "$1" | while read -r file rule verdict reported; do
    [ -n "$file" ] || continue
    # shellcheck disable=SC2086 # REPORTED is a list of words
    prove "$2/$file" "$rule" "$verdict" $reported
  done
}

prove_all "$D/expected.txt" "$D"

# --- Ours: variants of corpus files, each broken in one way, for rules no corpus file fails
# (6.1-1, 6.2-1, 7.1-12, 7.2-15, 7.21.4.1-2, pb-parenttree, pb-mcid) and for the ways the
# book's own fonts and tables could go wrong (a CIDFontType2 with /W and /CIDToGIDMap; libharu
# 2.3.0's cidrange ToUnicode; /Id written for /ID). The list goes to $TMP/ours/expected.txt.
$PY - "$D" "$TMP/ours" > "$TMP/ours/expected.txt" <<'PY'
import os, re, sys
import pikepdf

SRC, OUT = sys.argv[1], sys.argv[2]


def elems(pdf):
    """Structure elements in tree order."""
    out, todo = [], [pdf.Root.StructTreeRoot.get('/K')]
    while todo:
        k = todo.pop(0)
        items = list(k) if isinstance(k, pikepdf.Array) else [k]
        kids = []
        for item in items:
            if isinstance(item, pikepdf.Dictionary) and '/S' in item:
                out.append(item)
                kids.append(item.get('/K'))
        todo = kids + todo
    return out


def of_type(pdf, s):
    return [e for e in elems(pdf) if e.S == pikepdf.Name('/' + s)]


def table_attr(elem, **attrs):
    """Adds a Table attribute object to an element."""
    a = pikepdf.Dictionary({'/O': pikepdf.Name('/Table')})
    for k, v in attrs.items():
        a['/' + k] = v
    old = elem.get('/A')
    elem.A = pikepdf.Array(([old] if isinstance(old, pikepdf.Dictionary) else list(old or [])) + [a])


def variant(name, source, rule, reported, note):
    """Decorator: the function changes an open copy of source; the result is saved as name."""
    def wrap(change):
        pdf = pikepdf.open(os.path.join(SRC, source))
        change(pdf)
        pdf.save(os.path.join(OUT, name))
        print('%s %s fail %s # %s (from %s)' % (name, rule, reported, note, source))
        return change
    return wrap


def first_cidfont(pdf):
    font = [f for _name, f in pdf.pages[0].Resources.Font.items()][0]
    return font, font.DescendantFonts[0]


@variant('ours-6.2-1-no-markinfo.pdf', '7.2-t03-pass-a.pdf', '6.2-1', '6.2-1', 'no /MarkInfo')
def _(pdf):
    del pdf.Root['/MarkInfo']


@variant('ours-7.1-12-no-p.pdf', '7.2-t03-pass-a.pdf', '7.1-12', '7.1-12 7.1-3',
         'the Caption has no /P, so its text does not reach the root either')
def _(pdf):
    del of_type(pdf, 'Caption')[0]['/P']


@variant('ours-7.2-15-overlap.pdf', '7.2-t15-pass-a.pdf', '7.2-15', '7.2-15 7.2-42',
         'a TD spans two rows into a cell the row below spans two columns over; that row then overflows')
def _(pdf):
    rows = of_type(pdf, 'TR')
    table_attr([k for k in rows[2].K if k.S == '/TD'][1], RowSpan=2)
    table_attr([k for k in rows[3].K if k.S == '/TD'][0], ColSpan=2)


@variant('ours-7.5-2-Id.pdf', '7.5-t01-pass-b.pdf', '7.5-2', '7.5-2',
         'the TH carry /Id, not /ID, so the TD /Headers name nothing')
def _(pdf):
    for th in of_type(pdf, 'TH'):
        th.Id = th.ID
        del th['/ID']


@variant('ours-7.21.4.1-2-gid.pdf', '7.21.4.1-t01-pass-a.pdf', '7.21.4.1-2', '7.21.4.1-2',
         'a /CIDToGIDMap to glyph 65534, past the end of the font')
def _(pdf):
    _font, cid = first_cidfont(pdf)
    cid.CIDToGIDMap = pikepdf.Stream(pdf, b'\xff\xfe' * 65536)


@variant('ours-7.21.8-1-gid0.pdf', '7.21.4.1-t01-pass-a.pdf', '7.21.8-1', '7.21.8-1',
         'a /CIDToGIDMap of zeros: every glyph is .notdef')
def _(pdf):
    _font, cid = first_cidfont(pdf)
    cid.CIDToGIDMap = pikepdf.Stream(pdf, bytes(2 * 65536))


@variant('ours-7.21.5-1-w.pdf', '7.21.4.1-t01-pass-a.pdf', '7.21.5-1', '7.21.5-1',
         'the CIDFontType2 loses /W, so every glyph is 1000 wide')
def _(pdf):
    _font, cid = first_cidfont(pdf)
    del cid['/W']


@variant('ours-7.21.7-1-cidrange.pdf', '7.21.4.1-t01-pass-a.pdf', '7.21.7-1', '7.21.7-1',
         'the ToUnicode libharu 2.3.0 writes: one cidrange, which a ToUnicode CMap cannot use')
def _(pdf):
    font, _cid = first_cidfont(pdf)
    font.ToUnicode = pikepdf.Stream(pdf, b'/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n'
                                    b'1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n'
                                    b'1 begincidrange\n<0000> <FFFF> 0\nendcidrange\nendcmap\n')


@variant('ours-7.18.5-1-no-objr.pdf', '7.18.5-t01-pass-a.pdf', '7.18.5-1', '7.18.5-1',
         'the Link element loses its OBJR; the annotation still points at it')
def _(pdf):
    link = of_type(pdf, 'Link')[0]
    link.K = pikepdf.Array([k for k in (link.K if isinstance(link.K, pikepdf.Array) else [link.K])
                            if not (isinstance(k, pikepdf.Dictionary) and k.get('/Type') == '/OBJR')])


@variant('ours-pb-parenttree-no-structparents.pdf', '7.2-t03-pass-a.pdf', 'pb-parenttree', 'pb-parenttree 7.1-3',
         'the page loses /StructParents, so none of its MCIDs leads to an element')
def _(pdf):
    del pdf.pages[0].obj['/StructParents']


@variant('ours-pb-parenttree-wrong-owner.pdf', '7.2-t03-pass-a.pdf', 'pb-parenttree', 'pb-parenttree',
         'the ParentTree gives MCID 11 to the Table, which does not list it')
def _(pdf):
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    nums[1][11] = of_type(pdf, 'Table')[0]


@variant('ours-pb-mcid-twice.pdf', '7.2-t03-pass-a.pdf', 'pb-mcid', 'pb-mcid pb-parenttree',
         'the content draws MCID 11 twice and 12 never')
def _(pdf):
    page = pdf.pages[0].obj
    page.Contents.write(re.sub(rb'/MCID 12\b', b'/MCID 11', page.Contents.read_bytes()))
PY
# 6.1-1 by hand: the header is bytes before any object
sed '1s/^%PDF-1\.[0-9]/%PDF-2.0/' "$D/7.2-t03-pass-a.pdf" > "$TMP/ours/ours-6.1-1-header.pdf"
echo "ours-6.1-1-header.pdf 6.1-1 fail 6.1-1 # %PDF-2.0 (from 7.2-t03-pass-a.pdf)" >> "$TMP/ours/expected.txt"
# Every variant must be a valid PDF, or it would prove nothing about the rule.
for f in "$TMP"/ours/*.pdf; do
  qpdf --check "$f" >/dev/null 2>&1 || fail "pdfua: the variant $(basename "$f") is not a valid PDF"
done
check "pdfua: the variants of the corpus files are made (13)" test "$(grep -c ' fail ' "$TMP/ours/expected.txt")" = 13
prove_all "$TMP/ours/expected.txt" "$TMP/ours"

# --- The command itself: exit status, the report's lines, the list of rules.
check "pdfua: a failing file exits 1, one line per failure, then the summary" sh -c "
  $PY tests/pdfua.py $D/7.2-t42-fail-a.pdf > $TMP/out42; test \$? = 1 &&
  grep -qx '7.2-42 page 1: Table: rows with more columns than the first row.s 3: 2, 3, 4, 5' $TMP/out42 &&
  tail -1 $TMP/out42 | grep -q '^pdfua: 1 failure (rules checked: 5-1 5-2 .* pb-mcid)$'"
check "pdfua: a passing file exits 0 and says 0 failures" sh -c "
  $PY tests/pdfua.py $D/7.2-t03-pass-a.pdf > $TMP/out03 && test \$(wc -l < $TMP/out03) = 1 &&
  grep -q '^pdfua: 0 failures (rules checked: ' $TMP/out03"
check "pdfua: a document-wide failure says so" sh -c "
  $PY tests/pdfua.py $D/7.1-t10-fail-a.pdf | grep -q '^7.1-10 document: '"
printf 'not a pdf\n' > "$TMP/not.pdf"
check "pdfua: a file that is no PDF exits 2" sh -c "$PY tests/pdfua.py $TMP/not.pdf >/dev/null 2>&1; test \$? = 2"
$PY tests/pdfua.py --list-rules > "$TMP/rules"
check "pdfua: --list-rules names 106 veraPDF rules and 3 of ours, once each" sh -c "
  test \$(wc -l < $TMP/rules) = 109 && test \$(awk '{print \$1}' $TMP/rules | sort -u | wc -l) = 109 &&
  test \$(grep -c '^pb-' $TMP/rules) = 3"
check "pdfua: the rules --list-rules calls checked are the ones a report lists" sh -c "
  test \"\$(awk '\$2 == \"checked\" {print \$1}' $TMP/rules | tr '\n' ' ')\" = \
       \"\$(sed -n 's/^pdfua: .*(rules checked: \(.*\))$/\1 /p' $TMP/out03)\""
check "pdfua: a rule not checked is listed with its reason" grep -q '^7.7-1  *not checked  *Formula: the book has no' "$TMP/rules"
