# Pixel regression: pages of the sample book rendered by poppler are compared with
# references that were checked by eye (tests/data/ref/README.md).
. tests/lib.sh
$PB build -o "$TMP/sample.pdf" tests/data/sample 2>/dev/null
for ref in tests/data/ref/sample-*.pgm.gz; do
  page=$(basename "$ref" .pgm.gz); page=${page#sample-}
  pdftoppm -gray -r 40 -f "$page" -l "$page" "$TMP/sample.pdf" "$TMP/r"
  got=$(ls "$TMP"/r-*.pgm | head -1)
  check "pixels: page $page matches its reference within tolerance" python3 tests/pixcmp.py "$ref" "$got"
  rm -f "$TMP"/r-*.pgm
done
