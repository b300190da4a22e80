# The measurement booklet (planbook build --measurement PERIOD) of a copy of the 2020 book
# filled with results by tests/fill_measurement.py (fixed seed), checked against counts
# made by tests/booklet_check.py from the input itself.
. tests/lib.sh
python3 tests/fill_measurement.py input/2020 "$TMP/m"
$PB build --lang en --measurement h1 -o "$TMP/h1.pdf" "$TMP/m" 2>"$TMP/err"; rc=$?
[ $rc = 0 ] && [ -s "$TMP/h1.pdf" ] && pass "booklet: build --measurement h1 writes the booklet" ||
  { fail "booklet: build (rc $rc)"; tail -5 "$TMP/err"; }
grep -q "metric lines: no status for מחצית א'; the end of the booklet lists the lines not reported" "$TMP/err" &&
  pass "booklet: the build says how many lines are not reported [PB081]" || fail "booklet: no PB081"
$PB dump --measurement h1 "$TMP/m" > "$TMP/h1.dump" 2>/dev/null
summary=$(awk '$3 == "summary" { print $2; exit }' "$TMP/h1.dump")
pdftotext -layout -f "$summary" -l "$summary" "$TMP/h1.pdf" "$TMP/city.txt"
check "booklet: the city's and every administration's % done are on the city summary" \
  python3 tests/booklet_check.py percent "$TMP/m" h1 "$TMP/city.txt"
check "booklet: the city summary is titled from the layout file and has its chart" sh -c \
  "grep -q 'סיכום עירוני' '$TMP/h1.dump' && awk '/^page $summary /{p=1;next} /^page /{p=0} p' '$TMP/h1.dump' | grep -q '  rect bar '"
check "booklet: the list of lines not reported is complete" \
  python3 tests/booklet_check.py unreported "$TMP/m" h1 "$TMP/h1.dump"
check "booklet: the CEO pages hold every CEO metric" \
  python3 tests/booklet_check.py ceo "$TMP/m" h1 "$TMP/h1.dump"
check "booklet: nothing is drawn outside the margins, no text wider than its box" \
  python3 tests/booklet_check.py margins "$TMP/h1.dump"
check "booklet: every status cell has its mark (a shape or a glyph)" sh -c \
  "test \$(grep -c '  rule mark \|  rect mark \|  text mark ' '$TMP/h1.dump') -gt 1000"
# the year-end booklet shows the mid-year status beside the year's
$PB dump --measurement year "$TMP/m" > "$TMP/year.dump" 2>/dev/null
printf '%s\n' "\"מחצית א'\"" > "$TMP/h1word"
check "booklet: the year-end tables show the mid-year status beside the year's" sh -c \
  "headers() { awk -v k=\$1 '\$1 == \"page\" { kind = \$3 } kind == k && / text header /' '$TMP/year.dump'; }; headers table | grep -qF -f '$TMP/h1word'"
check "booklet: the year-end summaries show the mid-year % beside the year's" sh -c \
  "awk '\$1 == \"page\" { kind = \$3 } kind == \"summary\" && / text header /' '$TMP/year.dump' | grep -q '\"מחצית'"
# the measurement columns take their widest number or date, and the plan's columns theirs
# (the tabar column once printed "1813278" over "0" beside the results)
check "booklet: no number, date or column name is cut between lines (mid-year booklet)" \
  python3 tests/table_books.py whole "$TMP/m" "$TMP/h1.dump" --printed
check "booklet: no number, date or column name is cut between lines (year-end booklet)" \
  python3 tests/table_books.py whole "$TMP/m" "$TMP/year.dump" --printed
# the default name, in out/ of the current folder
pb=$(cd "$(dirname "$PB")" && pwd)/$(basename "$PB")
(cd "$TMP" && "$pb" build --measurement year m 2>"$TMP/err.default")
check "booklet: default output out/<book id>-measurement-<period>.pdf" sh -c "test -s '$TMP/out/book-2020-measurement-year.pdf' || cat '$TMP/err.default'"
# --unit, --section, --split
count() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
units=$(awk '$3 == "table" && $NF ~ /ceo\/hr.csv$/' "$TMP/h1.dump" | wc -l)
$PB build --measurement h1 --unit hr -o "$TMP/hr.pdf" "$TMP/m" 2>/dev/null
check "booklet: --unit gives its title page and its table's $units pages" test "$(count "$TMP/hr.pdf")" = $((units + 1))
check "booklet: --unit keeps the booklet's page numbers" sh -c \
  "pdftotext -layout '$TMP/hr.pdf' - | grep -q 'אגף משאבי אנוש' && awk '\$3 == \"table\" && \$NF ~ /ceo\\/hr.csv\$/ {print \$2; exit}' '$TMP/h1.dump' | xargs -I{} sh -c 'pdftotext -f 2 -l 2 -layout $TMP/hr.pdf - | grep -qw {}'"
plans=$(python3 -c "import yaml; b = yaml.safe_load(open('$TMP/m/book.yaml')); print(' '.join(u['plan'] for p in b['parts'] if p['id'] == 'ceo' for u in p['units']))")
sect=$(for p in $plans; do awk -v p="$p" '$3 == "table" && substr($NF, length($NF) - length(p) + 1) == p' "$TMP/h1.dump"; done | wc -l)
sect=$((sect + $(grep -c '^page .* summary ' "$TMP/h1.dump" >/dev/null; awk '/^page /{s=$3; n=$2} s=="summary" && /text title .*סיכום יחידות - יחידות מנכ/ {print n}' "$TMP/h1.dump" | sort -u | wc -l)))
$PB build --measurement h1 --section ceo -o "$TMP/ceo.pdf" "$TMP/m" 2>/dev/null
check "booklet: --section gives its title page, its units' summary and their tables ($sect pages)" \
  test "$(count "$TMP/ceo.pdf")" = $((sect + 1))
$PB build --measurement h1 --split "$TMP/split" "$TMP/m" 2>/dev/null
check "booklet: --split writes the booklet and every administration and unit (<booklet>-<id>.pdf, with its title page)" sh -c \
  "test -s '$TMP/split/book-2020-measurement-h1.pdf' && test -s '$TMP/split/book-2020-measurement-h1-ceo.pdf' && test \$(pdfinfo '$TMP/split/book-2020-measurement-h1-hr.pdf' | awk '/^Pages:/{print \$2}') = $((units + 1))"
# a layout file changes a status's colour and mark
sed 's|\.\./fonts|'"$PWD"'/fonts|; s|done:         {color: "#1E7B34", symbol: check}|done: {color: "#005A9C", symbol: "+"}|' layouts/book.yaml > "$TMP/l.yaml"
$PB dump --layout "$TMP/l.yaml" --measurement h1 --unit hr "$TMP/m" > "$TMP/l.dump" 2>/dev/null
check "booklet: a status's mark comes from the layout file" grep -q '  text mark .*"+"' "$TMP/l.dump"
