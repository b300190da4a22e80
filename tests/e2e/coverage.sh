# How much of the real 2020 book the generated one holds (tests/coverage.py), read from
# the reference extraction beside the repository (shared/reference), as CI has it.
. tests/lib.sh
ref=../shared/reference/2020-book-extraction.txt
if [ ! -f "$ref" ]; then
  echo "SKIP coverage: $ref is not beside the repository"
  exit 0
fi
$PB build -o "$TMP/book.pdf" input/2020 2>/dev/null
# Issue 7 asks for 95 %. The figure checked counts once the four pages that the
# extraction holds twice (see tests/coverage.py); the two figures before it are printed too.
if python3 tests/coverage.py "$ref" "$TMP/book.pdf" 0.95 > "$TMP/out"; then
  pass "coverage: the book holds at least 95 % of the 2020 book's Hebrew words"
else
  fail "coverage: below 95 %"
fi
sed 's/^/     /' "$TMP/out"

# The check can fail: one administration alone is far below 95 %.
$PB build --section operations -o "$TMP/part.pdf" input/2020 2>/dev/null
if python3 tests/coverage.py "$ref" "$TMP/part.pdf" 0.95 > /dev/null; then
  fail "coverage: one administration alone passes the 95 % check"
else
  pass "coverage: one administration alone is below 95 %"
fi

# A listed second copy that no longer repeats the lines before it stops the script, so an
# edited extraction cannot lose text silently.
awk 'NR >= 9700 && NR <= 9800 { print "שורה אחרת"; next } { print }' "$ref" > "$TMP/edited.txt"
if python3 tests/coverage.py "$TMP/edited.txt" "$TMP/book.pdf" 0.95 > "$TMP/out2"; then
  fail "coverage: an extraction whose listed copy differs is accepted"
elif grep -q "not a second copy" "$TMP/out2"; then
  pass "coverage: an extraction whose listed copy differs is refused, with its lines named"
else
  fail "coverage: an edited extraction fails without naming the lines"
fi
