# planbook check / list / build on good, bad and hostile input.
. tests/lib.sh
$PB check input/2020 2>"$TMP/err"; rc=$?
[ $rc = 0 ] && grep -q '^input/2020: 0 errors' "$TMP/err" &&
  pass "input: check reads all of input/2020 with zero errors" || { fail "input: input/2020 has errors"; grep error "$TMP/err" | head; }
$PB list input/2020 > "$TMP/list" 2>/dev/null
check "input: list names the seven administrations" sh -c "test \$(grep -c '	administration	' '$TMP/list') = 7"
check "input: list gives every unit a distinct id" sh -c "cut -f1 '$TMP/list' | sort | uniq -d | (! grep .)"
check "input: list is tab-separated id, kind, name, pages in the book" grep -qE '^secretariat	unit	מזכירות	[0-9]+-[0-9]+$' "$TMP/list"
# a book with one warning: exit 0, but 1 with --strict, and build refuses then
mkdir -p "$TMP/warn"
cp tests/data/sample/*.md tests/data/sample/book.yaml "$TMP/warn/"
printf 'x\n' > "$TMP/warn/stray.md"
$PB check "$TMP/warn" 2>/dev/null; rc1=$?
$PB check --strict "$TMP/warn" 2>"$TMP/err"; rc2=$?
[ $rc1 = 0 ] && [ $rc2 = 1 ] && grep -q 'stray.md: error: this file is in the input folder' "$TMP/err" &&
  pass "input: --strict turns warnings into errors" || fail "input: --strict ($rc1 $rc2)"
$PB build --strict -o "$TMP/w.pdf" "$TMP/warn" 2>/dev/null; rc=$?
[ $rc = 1 ] && [ ! -e "$TMP/w.pdf" ] && pass "input: build refuses a book with errors and writes nothing" ||
  fail "input: build with errors (rc $rc)"
$PB build -o "$TMP/w.pdf" "$TMP/warn" 2>/dev/null && [ -s "$TMP/w.pdf" ] &&
  pass "input: warnings alone do not stop the build" || fail "input: build with warnings"
