# Every paragraph of the Markdown sources is found, in logical order, in what poppler
# (pdftotext) and pdf.js extract from the built PDF.
. tests/lib.sh
for input in tests/data/sample input/2020; do
  pdf=$TMP/$(basename $input).pdf
  if ! $PB build -o "$pdf" "$input" 2>"$TMP/err"; then fail "extraction: $input builds"; cat "$TMP/err"; continue; fi
  # the prose files the manifest lists, read from book.yaml with grep
  mds=$(sed -n 's/^ *\(- *\)\{0,1\}prose: *//p' "$input/book.yaml" | sed "s|^|$input/|")
  pdftotext "$pdf" "$TMP/poppler.txt"
  python3 tests/paragraphs.py poppler "$TMP/poppler.txt" $mds
  node tests/extract_pdfjs.mjs "$pdf" > "$TMP/pdfjs.txt" 2>"$TMP/pdfjs.err" ||
    { fail "extraction: pdf.js reads $input"; cat "$TMP/pdfjs.err"; }
  python3 tests/paragraphs.py pdf.js "$TMP/pdfjs.txt" $mds
done
