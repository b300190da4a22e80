# Pixel regression: pages of the sample book rendered by poppler are compared with
# references that were checked by eye (tests/data/ref/README.md).
. tests/lib.sh
$PB build -o "$TMP/sample.pdf" tests/data/sample 2>/dev/null
$PB dump tests/data/sample > "$TMP/dump" 2>/dev/null
# sample-1 is the letter's first page, sample-2 the features page
for ref in tests/data/ref/sample-*.pgm.gz; do
  n=$(basename "$ref" .pgm.gz); n=${n#sample-}
  if [ $n = 1 ]; then page=$(pages_of "$TMP/dump" letter.md | head -1); else page=$(pages_of "$TMP/dump" features.md | head -1); fi
  pdftoppm -gray -r 40 -f "$page" -l "$page" "$TMP/sample.pdf" "$TMP/r"
  got=$(ls "$TMP"/r-*.pgm | head -1)
  check "pixels: page $page matches its reference within tolerance" python3 tests/pixcmp.py "$ref" "$got"
  rm -f "$TMP"/r-*.pgm
done
