# How much of the real 2020 book the generated one holds (tests/coverage.py), read from
# the reference extraction beside the repository (shared/reference), as CI has it.
. tests/lib.sh
ref=../shared/reference/2020-book-extraction.txt
if [ ! -f "$ref" ]; then
  echo "SKIP coverage: $ref is not beside the repository"
  exit 0
fi
$PB build -o "$TMP/book.pdf" input/2020 2>/dev/null
# 93 % until the cover, the contents and the planning calendar are printed (issues 5, 6),
# which add the rest of the reference's words; then 95 %
if python3 tests/coverage.py "$ref" "$TMP/book.pdf" 0.93 > "$TMP/out"; then
  pass "coverage: the book holds at least 93 % of the 2020 book's Hebrew words"
else
  fail "coverage: below 93 %"
fi
sed 's/^/     /' "$TMP/out"
