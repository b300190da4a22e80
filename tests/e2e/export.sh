# planbook export: the 2020 book with measurement columns filled in (fixed seed) exported
# as CSV and as a workbook, checked row by row against its plans (tests/export_check.py);
# one period; the command's failures; the same rows from the book's workbooks.
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/export.sh
. tests/lib.sh
PY=/usr/bin/python3 # Debian's, which has openpyxl and yaml
status() { "$@" >/dev/null 2>"$TMP/err"; echo $?; }

cp -r input/2020 "$TMP/m" && $PY tests/export_check.py fill "$TMP/m" >/dev/null
rc=$(status $PB export -o "$TMP/all.csv" "$TMP/m")
n=$(grep -o 'wrote .* (\([0-9]*\) metric lines)' "$TMP/err" | grep -o '[0-9]* metric' | cut -d' ' -f1)
[ "$rc" = 0 ] && [ -n "$n" ] && pass "export: CSV of the measured 2020 book ($n metric lines)" || { fail "export: CSV (rc $rc)"; cat "$TMP/err"; }
rc=$(status $PB export -o "$TMP/all.xlsx" "$TMP/m")
[ "$rc" = 0 ] && pass "export: the same as a workbook" || { fail "export: xlsx (rc $rc)"; cat "$TMP/err"; }
$PY tests/export_check.py check "$TMP/m" "$TMP/all.csv" "$TMP/all.xlsx" > "$TMP/check" 2>&1 &&
  pass "export: one row per metric line with its results and statuses as written; BOM, CRLF; the workbook right to left, filtered, same rows ($(tail -1 "$TMP/check"))" ||
  { fail "export: the rows"; head -12 "$TMP/check" | sed 's/^/       /'; }
[ -z "$(ls -A "$TMP" | grep '^\.')" ] && pass "export: no temporary file is left behind" ||
  fail "export: temporary files left"

rc=$(status $PB export --measurement h1 -o "$TMP/h1.csv" "$TMP/m")
[ "$rc" = 0 ] && $PY tests/export_check.py check "$TMP/m" "$TMP/h1.csv" --period h1 > "$TMP/check" 2>&1 &&
  pass "export: --measurement h1 has only that period's columns" ||
  { fail "export: --measurement h1 (rc $rc)"; head -5 "$TMP/check"; }

# the plans as the workbooks planbook template writes (the results in them) export the same
python3 tests/workbook_book.py "$TMP/m" "$TMP/rb" $PB >/dev/null
rc=$(status $PB export -o "$TMP/rb.csv" "$TMP/rb")
[ "$rc" = 0 ] && cmp -s "$TMP/all.csv" "$TMP/rb.csv" &&
  pass "export: the book's templates, read back unchanged, keep every result, status and CEO mark" ||
  { fail "export: from the templates (rc $rc)"; cat "$TMP/err" | tail -3; }

# the book without measurement columns: empty results, the lines all there
rc=$(status $PB export -o "$TMP/plain.csv" input/2020)
[ "$rc" = 0 ] && $PY tests/export_check.py check input/2020 "$TMP/plain.csv" > "$TMP/check" 2>&1 &&
  pass "export: a book with no results exports its lines with empty result columns" ||
  { fail "export: plain book (rc $rc)"; head -5 "$TMP/check"; }

# the default name, and failures
top=$PWD; pb=$(cd "$(dirname "$PB")" && pwd)/$(basename "$PB")
(mkdir -p "$TMP/w" && cd "$TMP/w" && "$pb" export "$top/input/2020" 2>/dev/null &&
  test -s out/book-2020-export.csv) && pass "export: the default output is out/<book id>-export.csv" ||
  fail "export: default output"
rc=$(status $PB export --measurement q3 -o "$TMP/q3.csv" "$TMP/m")
[ "$rc" = 2 ] && grep -q "no measurement period 'q3'; the periods: h1" "$TMP/err" && [ ! -e "$TMP/q3.csv" ] &&
  pass "export: an unknown period is a usage error (2) naming the periods" || fail "export: unknown period (rc $rc)"
rc=$(status $PB export -o "$TMP/x.txt" "$TMP/m")
[ "$rc" = 2 ] && [ ! -e "$TMP/x.txt" ] && pass "export: a file named neither .csv nor .xlsx is a usage error (2)" ||
  fail "export: -o x.txt (rc $rc)"
[ "$(status $PB export)" = 2 ] && [ "$(status $PB export --bogus input/2020)" = 2 ] &&
  pass "export: wrong usage (2)" || fail "export: usage"
rc=$(status $PB export -o "$TMP/no/such/dir/e.xlsx" "$TMP/m")
[ "$rc" = 2 ] && grep -q "error: cannot write the export: .*\[PB090\]" "$TMP/err" &&
  pass "export: a file that cannot be written is reported (PB090, exit 2)" || { fail "export: unwritable (rc $rc)"; cat "$TMP/err"; }
cp -r input/2020 "$TMP/broken"
{ head -1 input/2020/general/it.csv; printf ',,,,,,,,שורה בלי מטרה,1,\n'; tail -n +2 input/2020/general/it.csv; } > "$TMP/broken/general/it.csv"
rc=$(status $PB export -o "$TMP/broken.csv" "$TMP/broken")
[ "$rc" = 1 ] && [ ! -e "$TMP/broken.csv" ] && grep -q 'nothing was exported' "$TMP/err" &&
  pass "export: input with errors exports nothing (1)" || { fail "export: input with errors (rc $rc)"; tail -2 "$TMP/err"; }
