# The command line: help, version, exit codes, diagnostics, and output written atomically.
. tests/lib.sh
status() { "$@" >/dev/null 2>"$TMP/err"; echo $?; }
check "cli: --help exits 0 and explains the commands" sh -c "$PB --help | grep -q 'planbook build'"
check "cli: --version prints the version" sh -c "$PB --version | grep -q '^planbook [0-9]'"
[ "$(status $PB)" = 2 ] && pass "cli: no command is a usage error (2)" || fail "cli: no command is a usage error (2)"
[ "$(status $PB frobnicate x)" = 2 ] && pass "cli: an unknown command is a usage error (2)" || fail "cli: unknown command"
[ "$(status $PB build /nonexistent)" = 2 ] && pass "cli: a missing input folder is an I/O error (2)" || fail "cli: missing input folder"
# bad input: a manifest that does not parse
mkdir -p "$TMP/bad"
printf 'id: bad\nyear: 2020\ntitle: [x\nparts: []\n' > "$TMP/bad/book.yaml"
rc=$(status $PB build -o "$TMP/out.pdf" "$TMP/bad")
[ "$rc" = 1 ] && pass "cli: invalid data exits 1" || fail "cli: invalid data exits 1 (got $rc)"
grep -qE "^$TMP/bad/book.yaml:[0-9]+:[0-9]+: error: .*\[PB[0-9]+\]$" "$TMP/err" &&
  pass "cli: the diagnostic reads FILE:LINE:COL: error: message [code]" ||
  { fail "cli: diagnostic format"; cat "$TMP/err"; }
# a prose file listed but missing
mkdir -p "$TMP/missing"
printf 'id: m\nyear: 2020\ntitle: t\nparts:\n  - id: x\n    title: x\n    pages:\n      - prose: nowhere.md\n' > "$TMP/missing/book.yaml"
$PB check "$TMP/missing" 2>"$TMP/err"; rc=$?
[ $rc = 1 ] && grep -q "book.yaml:8:.*nowhere.md does not exist" "$TMP/err" &&
  pass "cli: a missing prose file is named with its line in book.yaml" || { fail "cli: missing prose file ($rc)"; cat "$TMP/err"; }
# invalid UTF-8 in a prose file
mkdir -p "$TMP/utf"; cp tests/data/sample/book.yaml "$TMP/utf/"; cp tests/data/sample/features.md "$TMP/utf/"
printf '# כותרת\n\nשורה \377\376 שבורה\n' > "$TMP/utf/letter.md"
$PB check "$TMP/utf" 2>"$TMP/err"
grep -q "letter.md:3:6: error: the text is not valid UTF-8 (byte offset 23)" "$TMP/err" &&
  pass "cli: invalid UTF-8 is reported with line, column and byte offset" || { fail "cli: invalid UTF-8"; cat "$TMP/err"; }
# an unknown key gets a suggestion
mkdir -p "$TMP/typo"; cp tests/data/sample/*.md "$TMP/typo/"
sed 's/^title:/titel:/' tests/data/sample/book.yaml > "$TMP/typo/book.yaml"
$PB check "$TMP/typo" 2>"$TMP/err"
grep -q "unknown setting 'titel' is ignored (did you mean 'title'?)" "$TMP/err" &&
  pass "cli: a misspelt setting gets a 'did you mean'" || { fail "cli: did you mean"; cat "$TMP/err"; }
# a failed build leaves the previous good PDF untouched and no temporary file behind
$PB build -o "$TMP/good.pdf" tests/data/sample 2>/dev/null
cp "$TMP/good.pdf" "$TMP/good.copy"
$PB build -o "$TMP/good.pdf" "$TMP/bad" 2>/dev/null
cmp -s "$TMP/good.pdf" "$TMP/good.copy" && pass "cli: a failed build keeps the previous PDF" || fail "cli: previous PDF clobbered"
[ -z "$(ls -A "$TMP" | grep '^\.good')" ] && pass "cli: no temporary file is left behind" || fail "cli: temporary file left"
$PB build -o "$TMP/new.pdf" "$TMP/bad" 2>/dev/null
[ ! -e "$TMP/new.pdf" ] && pass "cli: invalid input writes no PDF at all" || fail "cli: a PDF was written from invalid input"
# the default output is out/<book id>.pdf
top=$PWD; pb=$(cd "$(dirname "$PB")" && pwd)/$(basename "$PB")
(mkdir -p "$TMP/w" && cd "$TMP/w" && "$pb" build "$top/tests/data/sample" 2>/dev/null && test -s out/sample.pdf) &&
  pass "cli: the default output is out/<book id>.pdf" || fail "cli: default output"
