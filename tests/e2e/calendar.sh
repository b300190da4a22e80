# The Hebrew calendar (gen/calendar.c) against hebcal, an independent implementation:
# the Hebrew date of every day 1900–2200 and the Israeli holidays of those years, with
# zero mismatches (tests/hebcal_oracle.py says what is compared and how).
. tests/lib.sh
DUMP=$BUILD/tests/calendar_dump
if ! command -v hebcal >/dev/null 2>&1; then
  fail "calendar: hebcal is not installed ('make test-deps' installs it)"
  exit 0
fi
# the runner has built it; built here when the test is run on its own
if ! make -s BUILD="$BUILD" "$DUMP" >"$TMP/make" 2>&1; then
  fail "calendar: $DUMP builds"; sed 's/^/       /' "$TMP/make" | head -20
  exit 0
fi
start=$(date +%s%N)
if "$DUMP" 1900 2200 >"$TMP/days.tsv" 2>"$TMP/err"; then
  pass "calendar: calendar_dump prints the days of 1900–2200 ($(wc -l <"$TMP/days.tsv") lines)"
else
  fail "calendar: calendar_dump 1900 2200"; sed 's/^/       /' "$TMP/err" | head -20
  exit 0
fi
python3 tests/hebcal_oracle.py "$TMP/days.tsv" >"$TMP/oracle" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$TMP/oracle"
# a crash of the script (a traceback, no FAIL line) must not pass unseen
[ $rc = 0 ] || grep -q '^FAIL ' "$TMP/oracle" || fail "calendar: the oracle script ran to its end (exit $rc)"
echo "     calendar: the oracle run took ${ms} ms (a figure, not a test: speed is make bench's)"

# the command line gives the same days
$PB calendar --year 2020 --dump > "$TMP/cli.tsv" 2>/dev/null
check "calendar: planbook calendar --year 2020 --dump prints the 366 days of 2020" \
  test "$(wc -l < "$TMP/cli.tsv")" = 366
check "calendar: 1 January 2020 is ד' טבת תש\"פ, a Wednesday" grep -q "^2020-01-01	ד	ד'	טבת	תש\"פ" "$TMP/cli.tsv"
check "calendar: 28 September 2020 is יום כיפור" grep -q '^2020-09-28	.*יום כיפור' "$TMP/cli.tsv"
check "calendar: a year outside 1900-2200 is a usage error" sh -c "$PB calendar --year 1800 --dump >/dev/null 2>&1; test \$? = 2"

# The planning-calendar page of the 2020 book, written alone (--calendar-only)
if $PB build --calendar-only -o "$TMP/cal.pdf" input/2020 >/dev/null 2>"$TMP/err"; then
  pass "calendar page: planbook build --calendar-only writes the page"
else
  fail "calendar page: planbook build --calendar-only"; sed 's/^/       /' "$TMP/err" | tail -5
  exit 0
fi
check "calendar page: one A4 landscape page" sh -c \
  "pdfinfo '$TMP/cal.pdf' | grep -q '^Pages: *1\$' && pdfinfo '$TMP/cal.pdf' | grep -q '^Page size: *841.89 x 595.2'"
check "calendar page: qpdf --check" qpdf --check "$TMP/cal.pdf"
pdfinfo -struct-text "$TMP/cal.pdf" > "$TMP/cal.txt"
sed -n 's/^ *- {category: [a-z]*, label: "\(.*\)", from:.*/\1/p' input/2020/book.yaml | sed 's/\\"/"/g' > "$TMP/labels"
check "calendar page: book.yaml has the 2020 events" test "$(wc -l < "$TMP/labels")" -ge 9
python3 tests/calendar_page.py "$TMP/cal.txt" "$TMP/cli.tsv" "$TMP/labels"
# legibility, from the layout: no text under 5 pt (a line is 1.15 × its size) and no line
# whose ink leaves its box (a cell's text over its neighbour's)
$PB dump input/2020 2>/dev/null | awk '/^page /{on = ($3 == "calendar")} on && /^  text /' > "$TMP/calboxes"
check "calendar page: no text smaller than 5 pt" awk '{for (i = 1; i <= NF; i++) if ($i ~ /^h=/) { h = substr($i, 3) + 0; if (h < 5 * 1.15 - 0.01) { print; bad = 1 } }} END { exit bad }' "$TMP/calboxes"
check "calendar page: every line's ink stays inside its box" awk '{
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^x=/) x = substr($i, 3) + 0; if ($i ~ /^w=/) w = substr($i, 3) + 0
    if ($i ~ /^ink=/) { split(substr($i, 5), r, /\.\./); lo = r[1] + 0; hi = r[2] + 0 }
  }
  if (lo < x - 0.2 || hi > x + w + 0.2) { print; bad = 1 } } END { exit bad }' "$TMP/calboxes"
check "calendar page: holiday and event names wrap between words, never inside one" python3 -c '
import re, sys
words = set()
for row in open(sys.argv[1], encoding="utf-8"):
    for label in row.rstrip("\n").split("\t")[5].split(";"):
        words.update(label.split())
for label in open(sys.argv[2], encoding="utf-8"):
    words.update(label.split())
bad = []
for line in open(sys.argv[3], encoding="utf-8"):
    if " holiday-label " in line or " event-label " in line:
        text = re.search(r"\"(.*)\"$", line).group(1).replace("\\\"", "\"")
        bad += [w for w in text.split() if w not in words]
print(" ".join(bad)); sys.exit(1 if bad else 0)' "$TMP/cli.tsv" "$TMP/labels" "$TMP/calboxes"
# and as poppler draws it, against a reference looked at by eye (tests/data/ref/README.md)
pdftoppm -gray -r 40 "$TMP/cal.pdf" "$TMP/c"
check "calendar page: matches its pixel reference within tolerance" \
  python3 tests/pixcmp.py tests/data/ref/calendar-1.pgm.gz "$(ls "$TMP"/c-*.pgm | head -1)"

# Events the calendar cannot draw are reported where they are written
cp -r tests/data/sample "$TMP/bad"
cat >> "$TMP/bad/book.yaml" <<'YAML'
calendar:
  categories:
    - {id: m, label: "מדידה"}
  events:
    - {category: m, label: "תאריך שאינו קיים", from: 2020-02-30}
    - {category: m, label: "הפוך", from: 2020-05-10, to: 2020-05-01}
    - {category: m, label: "בשנה אחרת", from: 2019-03-01, to: 2019-03-05}
YAML
$PB check "$TMP/bad" > "$TMP/diag" 2>&1; rc=$?
check "calendar: an event on a date that does not exist is an error at its line" \
  grep -q "book.yaml:[0-9]*:[0-9]*: error: the calendar event 'תאריך שאינו קיים' has a date that does not exist: 2020-02-30 \[PB032\]" "$TMP/diag"
check "calendar: an event that ends before it starts is an error" \
  grep -q "error: the calendar event 'הפוך' ends (2020-05-01) before it starts (2020-05-10) \[PB033\]" "$TMP/diag"
check "calendar: an event in another year is a warning that it is not shown" \
  grep -q "warning: the calendar event 'בשנה אחרת' is not in 2020, the year of the book, so the calendar does not show it \[PB034\]" "$TMP/diag"
check "calendar: planbook check exits 1 on those errors" test $rc = 1

# More overlapping events than the page has lanes for: said, not silently overdrawn
cp -r tests/data/sample "$TMP/full"
{ printf 'calendar:\n  categories:\n    - {id: m, label: "מדידה"}\n  events:\n'
  for i in 1 2 3 4; do printf '    - {category: m, label: "אירוע %s", from: 2020-03-0%s, to: 2020-03-20}\n' $i $i; done
} >> "$TMP/full/book.yaml"
$PB build --calendar-only -o "$TMP/full.pdf" "$TMP/full" > "$TMP/diag" 2>&1
check "calendar: too many overlapping events are a warning naming the month" \
  grep -q "warning: the planning calendar does not fit its page (more than 3 events overlap in מרץ)" "$TMP/diag"

# A wall copy: a layout whose calendar page is A3 gives an A3 page, its text larger
mkdir -p "$TMP/a3/layouts" && ln -s "$PWD/fonts" "$TMP/a3/fonts"
sed 's/^  page: {size: A4, orientation: landscape, margins: {top: 12, bottom: 14, right: 10, left: 10}}$/  page: {size: A3, orientation: landscape, margins: {top: 15, bottom: 18, right: 15, left: 15}}/; s/^  label-size: 5 /  label-size: 7 /' \
  layouts/book.yaml > "$TMP/a3/layouts/a3.yaml"
$PB build --calendar-only --layout "$TMP/a3/layouts/a3.yaml" -o "$TMP/a3.pdf" input/2020 > /dev/null 2>&1
check "calendar page: a layout with calendar: page: {size: A3} gives an A3 page" sh -c \
  "pdfinfo '$TMP/a3.pdf' | grep -q '^Page size: *1190.55 x 841.89'"

# In the whole book the calendar is page 2, and a bookmark leads to it
$PB build -o "$TMP/book.pdf" input/2020 >/dev/null 2>&1
check "calendar page: page 2 of the book is the calendar" sh -c \
  "pdftotext -f 2 -l 2 '$TMP/book.pdf' - | grep -q 'לוח התכנון והמדידה העירוניים'"
check "calendar page: the book's first bookmarks are the calendar (page 2) and the contents (page 3)" sh -c \
  "qpdf --json --json-key=outlines '$TMP/book.pdf' | python3 -c 'import json, sys; o = json.load(sys.stdin)[\"outlines\"]; sys.exit(0 if [(x[\"title\"], x[\"destpageposfrom1\"]) for x in o[:2]] == [(\"לוח התכנון והמדידה העירוניים 2020\", 2), (\"תוכן העניינים\", 3)] else 1)'"

# The layout cannot make the calendar illegible, nor have colours dropped unseen
sed 's/^  label-size: 5 /  label-size: 4 /' layouts/book.yaml > "$TMP/a3/layouts/small.yaml"
$PB build --calendar-only --layout "$TMP/a3/layouts/small.yaml" -o "$TMP/small.pdf" input/2020 > "$TMP/diag" 2>&1
check "calendar: a label size under 5 pt is an error at its line" \
  grep -q "small.yaml:[0-9]*:[0-9]*: error: '4' is not a valid label-size (5 pt at least" "$TMP/diag"
sed 's/^  colors: \[\(.*\)\]/  colors: [\1, "#000001", "#000002", "#000003", "#000004"]/' layouts/book.yaml > "$TMP/a3/layouts/nine.yaml"
$PB build --calendar-only --layout "$TMP/a3/layouts/nine.yaml" -o "$TMP/nine.pdf" input/2020 > "$TMP/diag" 2>&1
check "calendar: a ninth category colour is reported, not dropped" \
  grep -q "nine.yaml:[0-9]*:[0-9]*: error: '#000004' is not a valid colour here (the calendar takes at most 8" "$TMP/diag"
