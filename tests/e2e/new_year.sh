# planbook new: the 2021 book started from the 2020 book (manifest moved on, every unit
# pending with its blank workbook, prose pages with a note), a filled workbook that makes
# its unit printed, the manifest's forms (quotes, flow style, no plan, sheet, 29 February,
# CRLF), and the refusals (a folder that is not empty, a source that cannot be copied).
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/new_year.sh
. tests/lib.sh
PY=/usr/bin/python3 # Debian's, which has openpyxl
status() { "$@" >/dev/null 2>"$TMP/err"; echo $?; }
N=$TMP/2021
Y=$N/book.yaml

rc=$(status $PB new 2021 --from input/2020 -o "$N")
[ "$rc" = 0 ] && grep -q "wrote $N, the 2021 book: 99 units pending" "$TMP/err" &&
  pass "new: writes the 2021 folder from input/2020" || { fail "new: 2021 (rc $rc)"; cat "$TMP/err"; }
rc=$(status $PB check "$N")
units=$($PB list "$N" 2>/dev/null | awk -F'\t' '$2 ~ /^unit/' | wc -l)
pending=$($PB list "$N" 2>/dev/null | awk -F'\t' '$2 == "unit (pending)"' | wc -l)
[ "$rc" = 0 ] && grep -q "^$N: 0 errors" "$TMP/err" && [ "$units" = 99 ] && [ "$pending" = 99 ] &&
  pass "new: check says 0 errors, and list shows every unit pending ($pending of $units)" ||
  { fail "new: check (rc $rc, $pending of $units pending)"; grep error "$TMP/err" | head; }
$PB check "$N" 2>"$TMP/err" >/dev/null
[ "$(grep -c 'PB031' "$TMP/err")" = 99 ] && [ "$(grep -c 'warning: ' "$TMP/err")" = 111 ] &&
  pass "new: one PB031 per unit, and no warning but those and the update notes" || fail "new: warnings"
pages=$(cd "$N" && find . -name '*.md' | sed 's|^\./||' | sort)
ok=1; for p in $pages; do grep -q "^$N/$p:2:9: warning: .*copied from the 2020 book.*\[PB070\]" "$TMP/err" || ok=0; done
[ "$ok" = 1 ] && [ "$(echo "$pages" | wc -l)" = 12 ] && [ "$(grep -c PB070 "$TMP/err")" = 12 ] &&
  pass "new: each of the 12 prose pages is copied and warns about its update note (PB070)" || fail "new: prose notes"
# a page with a header gets a line in it; one without gets a header of that line
for p in $pages; do
  if head -1 "input/2020/$p" | grep -q '^---'; then sed 2d "$N/$p"; else sed 1,3d "$N/$p"; fi |
    cmp -s - "input/2020/$p" || ok=0; done
[ "$ok" = 1 ] && pass "new: the pages are the 2020 text with the note added to the header, or as a header" ||
  fail "new: page text"
grep -q '^year: 2021$' "$Y" && grep -q '^id: book-2021$' "$Y" && grep -q '^hebrew-year: תשפ"א$' "$Y" &&
  grep -q '^  title: \[תוכניות עבודה מקושרות תקציב, לשנת 2021\]$' "$Y" && grep -q '^  hebrew-date: כסלו תשפ"א$' "$Y" &&
  grep -q '^  date: דצמבר 2020$' "$Y" && grep -q '^subject: .*לשנת 2021, מקושרות' "$Y" &&
  pass "new: the manifest says 2021, book-2021, תשפ\"א, and the cover is dated כסלו תשפ\"א, דצמבר 2020" ||
  fail "new: the manifest's year"
grep -q 'from: 2021-01-12, to: 2021-01-23}' "$Y" && grep -q 'label: "העברת נתונים - מדידת שנת 2020"' "$Y" &&
  grep -q "^  # Dates moved on from the 2020 book by 'planbook new'" "$Y" && ! grep -q '2020-' "$Y" &&
  pass "new: the calendar's events move a year (2020-01-12 → 2021-01-12), with a note to check them" ||
  fail "new: calendar events"
# the rest of the file is the 2020 manifest: the years, plan lines and the three comment
# lines added aside; the comments are as they were
sed -e '1,2d' -e '/# Dates moved on/d' -e '/^ *pending: yes$/d' -e 's/\.xlsx$/.csv/' "$Y" |
  sed -e '/^ *#/!s/2021/Y1/g' -e '/^ *#/!s/2020/Y0/g' -e 's/תשפ"א/H1/g' > "$TMP/new.yaml"
sed -e '/^ *#/!s/2020/Y1/g' -e '/^ *#/!s/2019/Y0/g' -e 's/תש"פ/H1/g' input/2020/book.yaml > "$TMP/old.yaml"
cmp -s "$TMP/old.yaml" "$TMP/new.yaml" && [ "$(grep -c '^        pending: yes$' "$Y")" = 99 ] &&
  pass "new: the manifest keeps its comments and layout; each plan line is followed by pending: yes" ||
  { fail "new: manifest layout"; diff "$TMP/old.yaml" "$TMP/new.yaml" | head; }

# the workbooks: one per plan, header only, where the plans were
n=$(grep -c '^ *plan: .*\.xlsx$' "$Y"); files=$(cd "$N" && find . -name '*.xlsx' | wc -l)
$PY -c '
import sys, openpyxl
bad = 0
for p in sys.argv[1:]:
    ws = openpyxl.load_workbook(p).worksheets[0]
    head = [c.value for c in ws[1]]
    if ws.max_row != 1 or "מטרה" not in head or "סוג מדד" not in head: bad += 1; print(p, ws.max_row, head)
sys.exit(bad)' $(find "$N" -name '*.xlsx') > "$TMP/out" 2>&1 &&
  [ "$files" = 98 ] && [ "$n" = 99 ] && ! find "$N" -name '*.csv' | grep -q . &&
  pass "new: $files workbooks (Kivunim's is shared) open in openpyxl with the header row only; no old plan is copied" ||
  { fail "new: workbooks ($files files, $n plan lines)"; head "$TMP/out"; }
[ ! -e "$N/NOTES.md" ] && [ -z "$(ls -A "$TMP" | grep '^\.')" ] &&
  pass "new: NOTES.md is left out, and no temporary folder is left" || fail "new: stray files"

rc=$(status $PB build -o "$TMP/2021.pdf" "$N")
[ "$rc" = 0 ] && [ -s "$TMP/2021.pdf" ] && [ "$($PB list "$N" 2>/dev/null | awk -F'\t' '$1 == "hr" {print $4}')" = - ] &&
  pass "new: the 2021 folder builds a book, pending units without tables" || { fail "new: build (rc $rc)"; tail -3 "$TMP/err"; }

# a department fills its workbook: the unit is printed
$PY -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.worksheets[0]
col = {c.value: c.column for c in ws[1]}
for name, value in {"נושאים": "נושא", "מטרה": "מטרה חדשה", "סוג מדד": "מדד תוצאה", "מדד": "מדד אחד", "ערך": "10"}.items():
    ws.cell(row=2, column=col[name], value=value)
wb.save(sys.argv[1])' "$N/general/secretariat.xlsx"
line=$($PB list "$N" 2>/dev/null | awk -F'\t' '$1 == "secretariat"')
rc=$(status $PB check "$N")
[ "$rc" = 0 ] && grep -q "^$N: 0 errors, 110 warnings" "$TMP/err" && [ "$(echo "$line" | cut -f2)" = unit ] &&
  [ "$(echo "$line" | cut -f4)" != - ] &&
  pass "new: a goal written into a workbook turns its unit from pending to printed" ||
  { fail "new: filled workbook (rc $rc: $line)"; grep -v PB0[37] "$TMP/err" | head; }

# the target exists: refused, nothing changed
before=$(cd "$N" && find . -type f -exec md5sum {} + | sort | md5sum)
rc=$(status $PB new 2021 --from input/2020 -o "$N")
[ "$rc" = 2 ] && grep -q "exists and is not empty; nothing was written" "$TMP/err" &&
  [ "$(cd "$N" && find . -type f -exec md5sum {} + | sort | md5sum)" = "$before" ] &&
  pass "new: a target folder that is not empty is refused (2), and left as it was" || fail "new: existing target (rc $rc)"
# in Hebrew, for the planning unit: the same refusals, translated
rc=$(status $PB --lang he new 2021 --from input/2020 -o "$N")
rc2=$(status2() { "$@" >/dev/null 2>"$TMP/err2"; echo $?; }; status2 $PB --lang he new 2020 --from input/2020 -o "$TMP/x")
[ "$rc" = 2 ] && grep -q "קיימת ואינה ריקה; לא נכתב דבר" "$TMP/err" && [ "$rc2" = 2 ] &&
  grep -q "השנה החדשה צריכה להיות בין" "$TMP/err2" &&
  pass "new: its refusals are in Hebrew with --lang he (a folder not empty, the same year)" ||
  { fail "new: Hebrew messages (rc $rc, $rc2)"; cat "$TMP/err" "$TMP/err2"; }
mkdir "$TMP/empty"
[ "$(status $PB new 2021 --from input/2020 -o "$TMP/empty")" = 0 ] && [ -s "$TMP/empty/book.yaml" ] &&
  pass "new: an empty target folder is used" || fail "new: empty target"
# without -o: the year's folder beside the source
mkdir -p "$TMP/in" && cp -r input/2020 "$TMP/in/2020"
[ "$(status $PB new 2021 --from "$TMP/in/2020/")" = 0 ] && [ -s "$TMP/in/2021/book.yaml" ] &&
  pass "new: the default target is the year's folder beside the source" || fail "new: default target"
[ "$(status $PB new 2021 input/2020)" = 2 ] && [ "$(status $PB new --from input/2020)" = 2 ] &&
  [ "$(status $PB new 20x1 --from input/2020 -o "$TMP/x")" = 2 ] &&
  [ "$(status $PB new 2020 --from input/2020 -o "$TMP/x")" = 2 ] && [ ! -e "$TMP/x" ] &&
  pass "new: no --from, no year, a year that is not a number or the same year: usage (2)" || fail "new: usage"
# a listed file that cannot be read: nothing is left behind
cp -r input/2020 "$TMP/in/broken" && rm "$TMP/in/broken/front/vision.md"
rc=$(status $PB new 2021 --from "$TMP/in/broken" -o "$TMP/in/b2021")
[ "$rc" = 2 ] && grep -q "nothing was written" "$TMP/err" && [ ! -e "$TMP/in/b2021" ] &&
  [ -z "$(ls -A "$TMP/in" | grep '^\.')" ] &&
  pass "new: a file that cannot be copied stops it, and the half-written folder is removed (2)" ||
  { fail "new: failure (rc $rc)"; cat "$TMP/err"; ls -A "$TMP/in"; }

# the manifest's other forms
S=$TMP/small
mkdir -p "$S/front" && printf '# מכתב\n\nשלום לשנת 2020.\n' > "$S/front/letter.md"
cat > "$S/book.yaml" <<'EOF'
id: small-2020
year: 2020
hebrew-year: תש"פ
title: "ספר 2020"   # 2020 stays in a comment
cover:
  title: [לשנת 2020]
  hebrew-date: 'כסלו תש"פ'
  date: דצמבר 2019
calendar:
  categories:
    - {id: m, label: "מדידה"}
  events:
    - {category: m, label: "יום \"29\"", from: 2020-02-29}
parts:
  - id: front
    title: פתיחה
    pages:
      - toc: מכתב
        prose: front/letter.md
  - id: admin
    title: מינהל 2020-2021
    units:
      - id: one
        toc: אחת
        plan: "a/one.csv"   # the plan
        sheet: Sheet1
      - {id: two, toc: שתיים, plan: a/two.csv}
      - id: three
        toc: שלוש
        pending: yes
      - id: four
        toc: ארבע
        plan: a/four.csv
        pending: no
EOF
rc=$(status $PB new 2021 --from "$S" -o "$TMP/s2021"); y=$TMP/s2021/book.yaml
[ "$rc" = 0 ] && grep -q '^title: "ספר 2021"   # 2020 stays in a comment$' "$y" &&
  grep -q "^  hebrew-date: 'כסלו תשפ\"א'$" "$y" && grep -q 'from: 2021-02-28}' "$y" &&
  grep -q '^    title: מינהל 2021-2022$' "$y" &&
  grep -A1 '^        plan: "a/one.xlsx"   # the plan$' "$y" | grep -q '^        pending: yes$' && ! grep -q sheet: "$y" &&
  grep -q '^      - {id: two, toc: שתיים, plan: a/two.xlsx, pending: yes}$' "$y" &&
  grep -A1 '^        pending: yes$' "$y" | grep -q '^        plan: a/three.xlsx$' &&
  grep -A1 'plan: a/four.xlsx' "$y" | grep -q '^        pending: yes$' && ! grep -q 'pending: no' "$y" &&
  pass "new: quoted values, flow units, a unit without a plan, pending: no, sheet:, 29 February" ||
  { fail "new: small manifest (rc $rc)"; cat "$TMP/err" "$y"; }
rc=$(status $PB check "$TMP/s2021")
[ "$rc" = 0 ] && [ "$(grep -c PB031 "$TMP/err")" = 4 ] && [ "$(ls "$TMP/s2021/a" | wc -l)" = 4 ] &&
  head -3 "$TMP/s2021/front/letter.md" | grep -q '^update: "copied from the 2020 book' &&
  grep -q 'letter.md:2:9: warning: .*PB070' "$TMP/err" &&
  pass "new: a page without a header gets one with the note; four pending units, 0 errors" ||
  { fail "new: small check (rc $rc)"; cat "$TMP/err"; }
mkdir -p "$TMP/crlf/front" && sed 's/$/\r/' "$S/book.yaml" > "$TMP/crlf/book.yaml" &&
  sed 's/$/\r/' "$S/front/letter.md" > "$TMP/crlf/front/letter.md"
rc=$(status $PB new 2021 --from "$TMP/crlf" -o "$TMP/c2021")
[ "$rc" = 0 ] && [ "$(grep -c "$(printf '\r')\$" "$TMP/c2021/book.yaml")" = "$(wc -l < "$TMP/c2021/book.yaml")" ] &&
  [ "$(grep -c "$(printf '\r')\$" "$TMP/c2021/front/letter.md")" = "$(wc -l < "$TMP/c2021/front/letter.md")" ] &&
  [ "$(status $PB check "$TMP/c2021")" = 0 ] &&
  pass "new: a manifest and pages with CRLF line ends get CRLF lines" || { fail "new: CRLF (rc $rc)"; cat "$TMP/err"; }
