# The Excel workbook reader: workbooks that LibreOffice and openpyxl write from the 2020
# plans print as the CSV plans do; the reader's features; hostile workbooks end in one
# clear error, bounded in time and memory, with no PDF; Excel habits lose nothing silently.
# Expected values come from the CSV book or are written by hand in tests/xlsx_fixtures.py.
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/xlsx.sh
. tests/lib.sh
PY=/usr/bin/python3 # Debian's, which has openpyxl and yaml
C=$TMP/cases
$PY tests/xlsx_fixtures.py cases "$C" || fail "xlsx: tests/xlsx_fixtures.py cases"
$PB build -o "$TMP/book.pdf" input/2020 2>/dev/null && pdftotext -q "$TMP/book.pdf" "$TMP/book.txt"

# ---------------------------------------------------------------- LibreOffice
# Two administrations' plans (12) converted by LibreOffice in one call, every column as
# text (format 2), as a department saving its CSV as a workbook would.
mkdir -p "$TMP/lo/in" && cp -r input/2020 "$TMP/lo/book"
for dir in ceo finance; do
  for f in input/2020/$dir/*.csv; do cp "$f" "$TMP/lo/in/$dir--$(basename "$f")"; done
done
text_columns=$(seq 1 30 | sed 's|$|/2|' | paste -sd/ -)
(cd "$TMP" && HOME="$TMP" soffice --headless -env:UserInstallation="file://$TMP/lo/profile" \
  --infilter="CSV:44,34,76,1,$text_columns" --convert-to xlsx --outdir "$TMP/lo/in" "$TMP/lo/in"/*.csv \
  >/dev/null 2>&1)
for x in "$TMP/lo/in"/*.xlsx; do
  [ -e "$x" ] || continue
  name=$(basename "$x"); dir=${name%%--*}; plan=${name#*--}
  mv "$x" "$TMP/lo/book/$dir/$plan" && rm "$TMP/lo/book/$dir/${plan%.xlsx}.csv"
done
sed -i -E 's,plan: ((ceo|finance)/.*)\.csv$,plan: \1.xlsx,' "$TMP/lo/book/book.yaml"
n=$(ls "$TMP/lo/book/ceo" "$TMP/lo/book/finance" | grep -c '\.xlsx$')
left=$(ls "$TMP/lo/book/ceo" "$TMP/lo/book/finance" | grep -c '\.csv$')
named=$(grep -c 'plan: .*\.xlsx$' "$TMP/lo/book/book.yaml")
$PB build -o "$TMP/lo.pdf" "$TMP/lo/book" 2>"$TMP/lo.err"; rc=$?
pdftotext -q "$TMP/lo.pdf" "$TMP/lo.txt" 2>/dev/null
[ "$n" = 12 ] && [ "$left" = 0 ] && [ "$named" = 12 ] && [ $rc = 0 ] && [ -s "$TMP/book.txt" ] &&
  cmp -s "$TMP/book.txt" "$TMP/lo.txt" &&
  pass "xlsx: 12 plans saved as workbooks by LibreOffice print the same book as their CSVs" ||
  { fail "xlsx: LibreOffice workbooks ($n converted, $left CSV left, $named named, rc $rc)"
    grep error "$TMP/lo.err" | head -5; diff "$TMP/book.txt" "$TMP/lo.txt" | head -10; }

# ---------------------------------------------------------------- openpyxl
# Units with dates, percentages and amounts, as workbooks with goal cells merged and values
# as numbers and dates carrying their formats.
cp -r input/2020 "$TMP/opx"
units="emergency women it psychology strategy projects"
$PY tests/xlsx_fixtures.py units "$TMP/opx" $units > "$TMP/opx.log" 2>&1
for f in '#,##0' '0%' General dd/mm/yyyy d.m.yy mmm-yy; do
  grep -qF " $f:" "$TMP/opx.log" || missing="$missing $f"
done
[ -z "$missing" ] && [ "$(grep -c ' merges ' "$TMP/opx.log")" = 6 ] &&
  pass "xlsx: the openpyxl workbooks hold merged goals and every kind of value ($(awk '{m += $2} END {print m}' "$TMP/opx.log") merges)" ||
  { fail "xlsx: openpyxl workbooks: formats missing:$missing"; cat "$TMP/opx.log"; }
for u in $units; do
  $PB build --unit $u -o "$TMP/$u-csv.pdf" input/2020 2>/dev/null
  $PB build --unit $u -o "$TMP/$u-xlsx.pdf" "$TMP/opx" 2>"$TMP/err"
  pdftotext -q "$TMP/$u-csv.pdf" "$TMP/$u-csv.txt"; pdftotext -q "$TMP/$u-xlsx.pdf" "$TMP/$u-xlsx.txt"
  [ -s "$TMP/$u-csv.txt" ] && cmp -s "$TMP/$u-csv.txt" "$TMP/$u-xlsx.txt" &&
    pass "xlsx: $u from openpyxl ($(grep "^$u " "$TMP/opx.log" | cut -d' ' -f4-)) prints as its CSV" ||
    { fail "xlsx: $u from openpyxl differs from its CSV"; grep error "$TMP/err" | head -3
      diff "$TMP/$u-csv.txt" "$TMP/$u-xlsx.txt" | head -8; }
done

# ---------------------------------------------------------------- the cases
# run CASE [PLANBOOK]: builds the case's book within 20 s and 1 GB; sets rc, err, mem (KB)
run() {
  d=$C/$1; err=$d/err
  rm -f "$d/out.pdf"
  if [ -n "$2" ]; then # a sanitizer build maps terabytes of shadow memory: no ulimit -v
    /usr/bin/time -f %M -o "$d/mem" timeout 20 "$2" build -o "$d/out.pdf" "$d" >/dev/null 2>"$err"
  else
    /usr/bin/time -f %M -o "$d/mem" timeout 20 sh -c 'ulimit -v 1048576 && exec "$@"' - \
      $PB build -o "$d/out.pdf" "$d" >/dev/null 2>"$err"
  fi
  rc=$?; mem=$(tail -1 "$d/mem")
}
# same_book CASE: its book lays out as CASE.expect, the plan written by hand as CSV
same_book() {
  $PB dump "$C/$1" 2>/dev/null | sed 's|source=[^ ]*/p\.[a-z]*$|source=PLAN|' > "$C/$1/dump"
  $PB dump "$C/$1.expect" 2>/dev/null | sed 's|source=[^ ]*/p\.[a-z]*$|source=PLAN|' > "$C/$1/dump.expect"
  [ -s "$C/$1/dump" ] && cmp -s "$C/$1/dump" "$C/$1/dump.expect"
}
why() { echo "       exit $rc, $mem KB"; sed 's/^/       /' "$err" | head -5; }
# reads CASE WHAT [MESSAGE-PATTERN]: the book is written, with that warning if one is given,
# and lays out as the expected one
reads() {
  run "$1"
  if [ $rc = 0 ] && [ -s "$d/out.pdf" ] && ! grep -q 'error:' "$err" &&
     { [ -z "$3" ] || grep -q "$3" "$err"; } && { [ ! -d "$C/$1.expect" ] || same_book "$1"; }; then
    pass "xlsx: $2"
  else fail "xlsx: $2"; why; [ -d "$C/$1.expect" ] && diff "$C/$1/dump.expect" "$C/$1/dump" | head -6; fi
}
# refused CASE WHAT MESSAGE-PATTERN [PLANBOOK]: exit 1 or 2, no PDF, exactly one error line
# and it matches, no sanitizer report, within 20 s and 300 MB
refused() {
  run "$1" "$4"
  if { [ $rc = 1 ] || [ $rc = 2 ]; } && [ ! -e "$d/out.pdf" ] && [ "$(grep -c 'error:' "$err")" = 1 ] &&
     grep -q "$3" "$err" && ! grep -q 'Sanitizer\|runtime error' "$err" && [ "${mem:-0}" -lt 300000 ]; then
    pass "xlsx: $2 (exit $rc, $((mem / 1024)) MB)"
  else fail "xlsx: $2"; why; fi
}
p='p\.xlsx: תוכנית!'

# features
reads inline "inline strings are read"
reads rich "rich-text runs are joined, a phonetic reading left out"
reads escapes "_x000D_ and _x005F_ escapes are decoded"
reads date1904 "a date of a 1904-system workbook shows as in Excel"
reads locale "custom formats with [\$-40D] show dates and Hebrew month names"
reads formats "numbers show through 25 custom and 7 built-in formats as in Excel (rounding, sections, dates, the 1900 leap-year slip)"
reads prefixed "elements with a prefix (x:c) are read"
reads no-refs "rows and cells without r=\"…\" take their places in order"
reads strict "Strict OOXML's namespaces and absolute relationship targets are read"
reads values "an ISO date (t=\"d\") shows in its format; an empty <v></v> is an empty cell"
reads formula "formulas give their cached values (number and text)"
refused formula-novalue "a formula saved without its value is an error at its cell" "${p}J3: error: .*\[PB061\]"
refused cell-error "#DIV/0! is an error at its cell" "${p}J3: error: .*#DIV/0!.*\[PB063\]"
reads hidden-row "a hidden row is read, with a warning naming it" "${p}row 3: warning: .*hidden.*\[PB052\]"
reads hidden-sheet "a hidden first sheet is passed over for the first visible one"
reads sheet-named "sheet: in book.yaml chooses the sheet read"
refused sheet-missing "sheet: naming a sheet the workbook lacks is an error listing its sheets" \
  "no sheet 'תוכנית 2021' .*its sheets: 'הערות', 'תוכנית 2020' \[PB059\]"

# hostile workbooks
refused bomb "a zip bomb (200 MB of spaces) is refused before it is inflated" "sheet1.xml is too large .*200 MB.*\[PB057\]"
refused ratio-bomb "a part of 1.1 MB compressed 900 times is refused" "sheet1.xml is too large .*compressed [0-9]* times.*\[PB057\]"
reads ratio-under "a part of just under 1 MB may compress as it likes"
refused lying-bomb "a bomb whose zip directory understates its size stops at 32 MB inflated" "sheet1.xml is too large .*more than 32 MB.*\[PB057\]"
refused huge-sheet "a 100 MB sheet is too large" "sheet1.xml is too large .*100 MB.*\[PB057\]"
refused truncated "a workbook cut in half cannot be opened" "p\.xlsx: error: the workbook cannot be opened .*\[PB055\]"
refused corrupt "a workbook with damaged bytes is reported damaged" "p\.xlsx: error: .*damaged.*\[PB05[58]\]"
refused entities-strings "an entity bomb in the shared strings is stopped" "sharedStrings.xml is damaged (limit on input amplification.*\[PB058\]"
refused entities-sheet "an entity bomb in the sheet is stopped" "sheet1.xml is damaged (limit on input amplification.*\[PB058\]"
reads dimension "an absurd <dimension ref=A1:XFD1048576> is harmless"
refused last-cell "a value at XFD1048576 is an error at its cell" "${p}XFD1048576: error: 'רחוק' .*\[PB050\]"
refused string-index "a shared string out of range is an error at its cell" "${p}I3: error: .*text 7.*holds 1.*\[PB062\]"
refused old-xls "an .xls named .xlsx says to save it as .xlsx" "p\.xlsx: error: this is an old Excel file.*\[PB045\]"
refused text-named-xlsx "a text file named .xlsx is not a workbook" "p\.xlsx: error: .*not an Excel workbook.*\[PB046\]"
reads xlsx-named-csv "a workbook named .csv is read as one, with a warning" "p\.csv: warning: .*Excel workbook.*\[PB044\]"

# Excel habits: nothing is lost without a word
reads csv-semicolon "a ';'-separated CSV reads as the comma one"
reads csv-utf16 "tab-separated UTF-16 text with a BOM ('Unicode text') reads as the CSV"
refused header-low "a header under a title row is an error naming its row" "${p}row 2: error: .*on row 2.*\[PB053\]"
refused header-two-rows "group titles in a row above the names is an error naming the row" "${p}row 2: error: .*on row 2.*\[PB053\]"
refused header-printed "the printed book's header, names merged over two rows, is one error naming the rows" \
  "${p}row 2: error: the column names are on two rows (1 and 2).*\[PB071\]"
refused header-none "no header row at all is one error" "${p}row 1: error: the first row must hold the column names.*\[PB054\]"
refused csv-header-none "no header row in a CSV is one error" "p\.csv:1:1: row 1: error: the first row must hold.*\[PB054\]"
refused unnamed-value "a value right of the last named column is an error at its cell" "${p}L3: error: 'הערה בצד' .*\[PB050\]"
refused csv-unnamed-value "the same in a CSV" "p\.csv:3:[0-9]*: row 3, column L: error: 'הערה בצד' .*\[PB050\]"
reads value-no-metric "a target with no metric is a warning at its cell" "${p}J3 (ערך): warning: .*'50 אישורים'.*\[PB051\]"
reads csv-value-no-metric "the same in a CSV" "p\.csv:3:[0-9]*: row 3, column J (ערך): warning: .*\[PB051\]"
reads merged-across "a vision merged across two goals: a warning at its top cell, both goals print it" \
  "p\.xlsx: Sheet!B2 (חזון ראש העיר): warning: .*(row 4).*\[PB049\]"
reads merged-line "a target merged down over two lines: a warning at its top cell that the second prints none" \
  "p\.xlsx: Sheet!J2 (ערך): warning: this merged cell reaches down to row 3.*only row 2 prints it.*\[PB072\]"
reads vocab-split "a vocabulary item split at its comma in book.yaml: PB066 says to quote it" \
  "${p}B2 (חזון ראש העיר): warning: 'מקצועיות, מצוינות ושירות איכותי' is one item.*quotes.*\[PB066\]"

# ---------------------------------------------------------------- sanitizers
# Every case again under AddressSanitizer and UndefinedBehaviorSanitizer (the build of
# sanitize.sh, brought up to date).
ASAN=$BUILD/asan/planbook
make -s CC=clang BUILD=$BUILD/asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
  LDFLAGS="-fsanitize=address,undefined" "$ASAN" >/dev/null 2>&1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
bad=""; n=0
for d in "$C"/*/; do
  c=$(basename "$d")
  case $c in *.expect) continue ;; esac
  n=$((n + 1))
  run "$c" "$ASAN"
  if [ $rc -gt 2 ] || grep -q 'Sanitizer\|runtime error' "$err"; then bad="$bad $c (exit $rc)"; fi
done
[ -x "$ASAN" ] && [ -z "$bad" ] && pass "xlsx: all $n cases end cleanly under the sanitizers" ||
  fail "xlsx: under the sanitizers:$bad"
