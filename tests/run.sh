# run.sh — runs every test and ends with the line "N passed, N failed".
# Called by 'make check' with BUILD and PDFJS set; the working folder is the repository.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export BUILD=${BUILD:-build}
export PDFJS=${PDFJS:-$BUILD/node/node_modules/pdfjs-dist/legacy/build/pdf.mjs}
for t in "$BUILD"/tests/*; do
  [ -x "$t" ] || continue
  echo "== $(basename "$t")"
  "$t" | tee -a "$log"
done
for t in tests/e2e/*.sh; do
  echo "== $t"
  sh "$t" 2>&1 | tee -a "$log"
done
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
