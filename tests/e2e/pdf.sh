# The PDF itself: valid, fonts embedded, no warning from poppler, Hebrew metadata, outline.
. tests/lib.sh
pdf=$TMP/sample.pdf
$PB build -o "$pdf" tests/data/sample 2>/dev/null
check "pdf: qpdf --check finds no error" sh -c "qpdf --check '$pdf' | grep -q 'No syntax or stream encoding errors'"
check "pdf: every font is embedded and subset" sh -c "pdffonts '$pdf' | awk 'NR>2 { if (\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\") bad=1; n++ } END { exit bad || n == 0 }'"
for tool in "pdftotext $pdf /dev/null" "pdffonts $pdf" "pdfinfo $pdf" "pdftoppm -r 20 -png $pdf $TMP/p"; do
  check "pdf: poppler prints no warning (${tool%% *})" sh -c "$tool 2>&1 >/dev/null | (! grep .)"
done
check "pdf: the title is Hebrew in the metadata" sh -c "pdfinfo '$pdf' | grep -q '^Title: *ספר לדוגמה'"
check "pdf: the author names the municipality" sh -c "pdfinfo '$pdf' | grep -q '^Author: *עיריית אשדוד'"
check "pdf: bookmarks are in Hebrew and point at pages" sh -c "qpdf --json --json-key=outlines '$pdf' | grep -q 'מכתב לדוגמה'"
# Page drawings are compressed by planbook itself, on the writer's thread (render_pdf.c):
# each page's stream must say so, and qpdf --check above decodes every stream.
flate_check='import json, sys
j = json.load(sys.stdin); objs = j["qpdf"][1]
bad = [c for p in j["pages"] for c in p["contents"]
       if objs["obj:" + c]["stream"]["dict"].get("/Filter") not in ("/FlateDecode", ["/FlateDecode"])]
sys.exit(1 if bad or not j["pages"] else 0)'
check "pdf: every page's drawing is Flate-compressed" sh -c \
  "qpdf --json --json-key=pages --json-key=qpdf '$pdf' | python3 -c '$flate_check'"
check "pdf: two builds are byte-identical" sh -c "$PB build -o '$TMP/again.pdf' tests/data/sample 2>/dev/null && cmp '$pdf' '$TMP/again.pdf'"
