# Brackets in right-to-left text copy out as typed (issue 14, item 1): a glyph drawn as
# its mirror image is shown through a private-use CID of its own (gen/render_font.c), and
# the pages look exactly as before.
. tests/lib.sh
book=input/2020
pdf=$TMP/book.pdf
if ! $PB build -o "$pdf" $book 2>"$TMP/err"; then fail "brackets: $book builds"; cat "$TMP/err"; exit 0; fi
$PB dump $book > "$TMP/dump" 2>/dev/null
pdftotext "$pdf" "$TMP/poppler.txt"
node tests/extract_pdfjs.mjs "$pdf" > "$TMP/pdfjs.txt" 2>"$TMP/pdfjs.err" ||
  { fail "brackets: pdf.js reads $book"; cat "$TMP/pdfjs.err"; }

# Every bracketed Hebrew phrase printed; the figures before the fix are main's at bf5b973
# and e53ccc5 (the same).
python3 tests/brackets.py "poppler, $book" "$TMP/dump" "$TMP/poppler.txt" "before the fix: 0 of 283, 0 verbatim"
python3 tests/brackets.py "pdf.js, $book" "$TMP/dump" "$TMP/pdfjs.txt" "before the fix: 0 of 283, 0 verbatim"
# The plan cells pdf.js copies verbatim: 6,296 of 6,512 before the fix, 6,445 with it.
cells=$(python3 tests/cells_verbatim.py $book "$TMP/dump" "$TMP/pdfjs.txt")
check "brackets: pdf.js copies $cells plan cells of $book verbatim (6296 before the fix)" \
  test "${cells%% of *}" -ge 6445

check "brackets: each private CID of $book shows its mirror glyph, with its width, embedded, and copies as typed" \
  python3 tests/mirror_cids.py "$pdf"
check "brackets: qpdf --check finds no error in $book" sh -c "qpdf --check '$pdf' | grep -q 'No syntax or stream encoding errors'"
check "brackets: poppler prints no warning on $book" sh -c "pdftotext '$pdf' /dev/null 2>&1 | (! grep .)"
check "brackets: $book has two fonts, both embedded CID TrueType" sh -c \
  "pdffonts '$pdf' | awk 'NR > 2 { n++; if (\$0 ~ /CID TrueType/ && \$(NF-4) == \"yes\") good++ } END { exit !(n == 2 && good == 2) }'"

# Pixels: every page at 110 dpi against its reference, to the pixel (tests/data/ref/README.md,
# tests/pixsig.py): as before the tagged PDF, or as the reference says and why.
ref=tests/data/ref/book-2020.sig.gz
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
/usr/bin/python3 tests/pixsig.py check "$pdf" "$ref" > "$TMP/pixels" 2>&1
check "brackets: all $pages pages of $book at 110 dpi render as their references, pixel for pixel ($(cat "$TMP/pixels"))" \
  grep -q 'differ from their reference: none' "$TMP/pixels"

# A glyph drawn only in its mirrored form: square and curly brackets, guillemets and ≤ ≥
# in a Hebrew paragraph, none of them drawn through its own code point anywhere.
mkdir "$TMP/tiny"
cat > "$TMP/tiny/book.yaml" <<'EOF'
id: tiny
year: 2020
title: סוגריים
organisation: עיריית אשדוד
issuer: היחידה לתכנון אסטרטגי ומידע
parts:
  - id: opening
    title: פתיחה
    pages:
      - prose: brackets.md
EOF
printf '# סוגריים\n\nטיוטה [שלב ב'"'"'] והערה {טיוטה} וציטוט «כך כתוב», בתנאי שהשיעור ≤ 80%% ומעל ≥ 5%%.\n' > "$TMP/tiny/brackets.md"
$PB build -o "$TMP/tiny.pdf" "$TMP/tiny" 2>/dev/null
check "brackets: a glyph drawn only mirrored is embedded, and copies as typed" \
  python3 tests/mirror_cids.py "$TMP/tiny.pdf" --not-drawn 005B,005D,007B,007D,00AB,00BB,2264,2265
pdftotext "$TMP/tiny.pdf" "$TMP/tiny-poppler.txt"
node tests/extract_pdfjs.mjs "$TMP/tiny.pdf" > "$TMP/tiny-pdf.js.txt" 2>/dev/null
# poppler moves the neutral characters next to a number by its own rule, so "≤ 80%" is
# looked for as the words before it
for reader in poppler pdf.js; do
  check "brackets: $reader copies square and curly brackets, guillemets and ≤ ≥ as typed" \
    python3 - "$TMP/tiny-$reader.txt" <<'PY'
import sys
sys.path.insert(0, 'tests')
from brackets import normalise
text = normalise(open(sys.argv[1], encoding='utf-8').read())
want = ["טיוטה [שלב ב'] והערה {טיוטה} וציטוט «כך כתוב»", 'שהשיעור ≤', 'ומעל ≥']
missing = [w for w in want if w not in text]
print('missing:', missing, 'in', text[-120:])
sys.exit(1 if missing else 0)
PY
done

# tests/glyphpos.py, by which pixsig.py make tells a glyph on a quarter pixel's edge from
# one that moved: nothing between a PDF and itself; a word made longer moves the glyphs
# after it (the line is right-aligned, so those before it in reading order)
/usr/bin/python3 tests/glyphpos.py "$TMP/tiny.pdf" "$TMP/tiny.pdf" > "$TMP/glyphpos-same" 2>&1
check "brackets: glyphpos.py finds no glyph moved between a PDF and itself" \
  test ! -s "$TMP/glyphpos-same"
sed -i 's/והערה/והערות/' "$TMP/tiny/brackets.md"
$PB build -o "$TMP/tiny2.pdf" "$TMP/tiny" 2>/dev/null
/usr/bin/python3 tests/glyphpos.py "$TMP/tiny.pdf" "$TMP/tiny2.pdf" > "$TMP/glyphpos-moved" 2>&1
check "brackets: glyphpos.py finds the glyphs a longer word moved ($(cat "$TMP/glyphpos-moved"))" \
  grep -q 'page [0-9]*: [1-9][0-9]* glyphs moved' "$TMP/glyphpos-moved"
