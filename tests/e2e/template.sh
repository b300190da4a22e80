# planbook template: every unit's workbook of the 2020 book (view, protection, notes,
# drop-down lists, the plan's rows), the command's options and failures, and what
# LibreOffice makes of the workbooks: saved back as CSV, they give the same book.
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/template.sh
. tests/lib.sh
PY=/usr/bin/python3 # Debian's, which has openpyxl and yaml
status() { "$@" >/dev/null 2>"$TMP/err"; echo $?; }
# same_rows A.xlsx B.xlsx: the plan sheets hold the same values
same_rows() { $PY -c '
import sys, openpyxl
a, b = (list(openpyxl.load_workbook(p).worksheets[0].iter_rows(values_only=True)) for p in sys.argv[1:])
sys.exit(0 if a == b else 1)' "$@"; }
units=$($PY -c "
import yaml
b = yaml.safe_load(open('input/2020/book.yaml', encoding='utf-8'))
for p in b['parts']:
    for u in p.get('units') or []: print(b['id'] + '-' + u['id'], u.get('plan') or '-')")

rc=$(status $PB template --all "$TMP/all" input/2020)
n=$(ls "$TMP/all" | grep -c '\.xlsx$')
[ "$rc" = 0 ] && [ "$n" = "$(echo "$units" | wc -l)" ] && grep -q "wrote $n workbooks" "$TMP/err" &&
  pass "template: --all writes one workbook per unit ($n)" || { fail "template: --all (rc $rc, $n files)"; cat "$TMP/err"; }
[ -z "$(ls -A "$TMP/all" | grep '^\.')" ] && pass "template: no temporary file is left behind" ||
  fail "template: temporary files left in the folder"
$PY tests/template_check.py input/2020 "$TMP/all" > "$TMP/check" 2>&1 &&
  pass "template: every workbook is right to left, protected but the header, with notes, lists and the plan's rows ($(tail -1 "$TMP/check"))" ||
  { fail "template: the workbooks"; head -20 "$TMP/check" | sed 's/^/       /'; }
# the check sees a workbook that holds another unit's plan
mkdir -p "$TMP/swapped" && cp "$TMP/all"/*.xlsx "$TMP/swapped/"
cp "$TMP/all/book-2020-secretariat.xlsx" "$TMP/swapped/book-2020-spokesperson.xlsx"
! $PY tests/template_check.py input/2020 "$TMP/swapped" > "$TMP/check" 2>&1 &&
  grep -q 'spokesperson.xlsx: .*goal' "$TMP/check" &&
  pass "template: the check tells a workbook holding another unit's plan" || fail "template: the check missed a swapped workbook"

# one unit, -o, the default name, and wrong usage
rc=$(status $PB template --unit secretariat -o "$TMP/one.xlsx" input/2020)
[ "$rc" = 0 ] && same_rows "$TMP/one.xlsx" "$TMP/all/book-2020-secretariat.xlsx" &&
  pass "template: --unit ID -o FILE writes that unit's workbook" || fail "template: --unit -o (rc $rc)"
top=$PWD; pb=$(cd "$(dirname "$PB")" && pwd)/$(basename "$PB")
(mkdir -p "$TMP/w" && cd "$TMP/w" && "$pb" template --unit it "$top/input/2020" 2>/dev/null &&
  test -s out/book-2020-it.xlsx) && pass "template: the default output is out/<book id>-<unit id>.xlsx" ||
  fail "template: default output"
rc=$(status $PB template --unit no-such-unit -o "$TMP/x.xlsx" input/2020)
[ "$rc" = 2 ] && grep -q "no unit with the id 'no-such-unit'" "$TMP/err" && [ ! -e "$TMP/x.xlsx" ] &&
  pass "template: an unknown unit id is a usage error (2)" || fail "template: unknown unit (rc $rc)"
[ "$(status $PB template input/2020)" = 2 ] && [ "$(status $PB template --unit it --all "$TMP/a2" input/2020)" = 2 ] &&
  pass "template: neither or both of --unit and --all is a usage error (2)" || fail "template: usage"
rc=$(status $PB template --unit it -o "$TMP/no/such/dir/it.xlsx" input/2020)
[ "$rc" = 2 ] && grep -q "error: cannot write the workbook: .*\[PB036\]" "$TMP/err" &&
  pass "template: a workbook that cannot be written is reported (PB036, exit 2)" || { fail "template: unwritable (rc $rc)"; cat "$TMP/err"; }
mkdir -p "$TMP/bad" && printf 'id: bad\nyear: 2020\ntitle: [x\n' > "$TMP/bad/book.yaml"
[ "$(status $PB template --all "$TMP/b" "$TMP/bad")" = 1 ] && [ -z "$(ls -A "$TMP/b")" ] &&
  pass "template: a manifest that does not read writes nothing (1)" || fail "template: bad manifest"

# a plan with errors still gets a workbook with what could be read, and says so
cp -r input/2020 "$TMP/broken"
# the header must stay first: put the orphan row right after it
{ head -1 input/2020/general/it.csv; printf ',,,,,,,,שורה בלי מטרה,1,\n'; tail -n +2 input/2020/general/it.csv; } > "$TMP/broken/general/it.csv"
rc=$(status $PB template --unit it -o "$TMP/broken.xlsx" "$TMP/broken")
[ "$rc" = 0 ] && grep -q 'PB020' "$TMP/err" && grep -q "the workbooks hold what could be read" "$TMP/err" &&
  same_rows "$TMP/broken.xlsx" "$TMP/all/book-2020-it.xlsx" &&
  pass "template: a plan with errors gets its workbook with what was read, and the errors are told" ||
  { fail "template: plan with errors (rc $rc)"; cat "$TMP/err"; }

# LibreOffice opens every workbook; saved as CSV they give back the same book
mkdir -p "$TMP/csv"
(cd "$TMP" && HOME="$TMP" soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
  --outdir "$TMP/csv" "$TMP/all"/*.xlsx >/dev/null 2>&1)
c=$(ls "$TMP/csv" | grep -c '\.csv$')
[ "$c" = "$n" ] && grep -q 'הכנת מס""ד נתונים' "$TMP/csv/book-2020-secretariat.csv" &&
  pass "template: LibreOffice opens every workbook ($c saved as CSV, with the plan's texts)" ||
  fail "template: LibreOffice converted $c of $n workbooks"
cp -r input/2020 "$TMP/rt"
echo "$units" | while read -r name plan; do
  [ "$plan" = - ] || cp "$TMP/csv/$name.csv" "$TMP/rt/$plan"; done
$PB dump input/2020 2>/dev/null | sed 's|input/2020/||g' > "$TMP/d1"
$PB dump "$TMP/rt" 2>/dev/null | sed "s|$TMP/rt/||g" > "$TMP/d2"
[ -s "$TMP/d1" ] && cmp -s "$TMP/d1" "$TMP/d2" && ! cmp -s input/2020/general/it.csv "$TMP/rt/general/it.csv" &&
  pass "template: the plans saved back from the workbooks by LibreOffice lay out the same book" ||
  { fail "template: the book from the saved workbooks differs"; diff "$TMP/d1" "$TMP/d2" | head -10; }
# the workbooks themselves, read back unchanged by planbook, print the same book as the CSVs
python3 tests/workbook_book.py input/2020 "$TMP/rb" $PB >/dev/null
$PB build -o "$TMP/rb.pdf" "$TMP/rb" 2>"$TMP/rb.err" && $PB build -o "$TMP/csv.pdf" input/2020 2>/dev/null &&
  pdftotext "$TMP/rb.pdf" "$TMP/rb.txt" && pdftotext "$TMP/csv.pdf" "$TMP/csv.txt" &&
  [ "$(grep -c 'plan: .*\.xlsx' "$TMP/rb/book.yaml")" -ge 98 ] && cmp -s "$TMP/rb.txt" "$TMP/csv.txt" &&
  pass "template: every 2020 workbook read back unchanged prints the same book as its CSV" ||
  { fail "template: the book from the workbooks read back differs"; diff "$TMP/rb.txt" "$TMP/csv.txt" | head; head -5 "$TMP/rb.err"; }
