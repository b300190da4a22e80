# Plan tables: every cell of the 2020 plans on its pages, page-break rules on fixtures
# (tests/data/tables), margins, and a pixel check of a table that runs over two pages.
. tests/lib.sh
$PB build -o "$TMP/book.pdf" input/2020 2>/dev/null
$PB dump input/2020 > "$TMP/book.dump" 2>/dev/null
python3 tests/cells.py input/2020 "$TMP/book.pdf" "$TMP/book.dump" > "$TMP/cells" 2>&1
grep -q 'missing: 0$' "$TMP/cells" && pass "tables: every cell of every 2020 plan is on its table's pages ($(sed -n 's/.*cells checked: \([0-9]*\).*/\1/p' "$TMP/cells") cells)" ||
  { fail "tables: cells missing from the 2020 book"; grep FAIL "$TMP/cells" | head; }
# nothing outside the margins of a table page (A4 landscape, margins from the layout)
check "tables: nothing is drawn outside the margins of a table page" python3 - "$TMP/book.dump" <<'PY'
import re, sys
mm = 72 / 25.4
left, right, top, bottom = 10 * mm, 841.89 - 10 * mm, 12 * mm, 595.28 - 18 * mm
bad, table = [], False
for line in open(sys.argv[1]):
    if line.startswith('page '):
        table = ' table ' in line
        page = line.split()[1]
        continue
    if not table or ' folio ' in line or ' running-head ' in line or not line.startswith('  '):
        continue  # page numbers and running heads live in the margins
    v = dict(re.findall(r'(\w+)=([-\d.]+)', line))
    x, y, w, h = (float(v[k]) for k in 'xywh')
    if x < left - 0.01 or x + w > right + 0.01 or y < top - 0.01 or y + h > bottom + 0.01:
        bad.append(f'page {page}: {line.strip()[:80]}')
print('\n'.join(bad[:5]))
sys.exit(1 if bad else 0)
PY
$PB dump tests/data/tables > "$TMP/t.dump" 2>/dev/null
sed 's/widow-space: 35 /widow-space: 0  /; s|\.\./fonts|'"$PWD"'/fonts|' layouts/book.yaml > "$TMP/nowidow.yaml"
$PB dump --layout "$TMP/nowidow.yaml" tests/data/tables > "$TMP/t0.dump" 2>/dev/null
# page of a metric line by its text "שורה <goal><n> של מדד"
page_of() { awk -v want="\"שורה $2 של מדד\"" '/^page /{p=$2} index($0, want){print p; exit}' "$1"; }
check "tables: the header rows repeat on every page of a table" sh -c \
  "test \$(grep -c '^page .* table ' '$TMP/t.dump') = \$(grep -c ' text header .*\"נושאים\"' '$TMP/t.dump')"
check "tables: a goal runs over onto a second page" \
  test "$(page_of "$TMP/t.dump" א1)" != "$(page_of "$TMP/t.dump" א40)"
long2=$(pages_of "$TMP/t.dump" long.csv | sed -n 2p)
check "tables: its spanning cells are printed again, marked as continued" sh -c \
  "awk '/^page $long2 /{p=1;next} /^page /{p=0} p' '$TMP/t.dump' | grep -q 'text cell-continued .*\"(המשך) מטרה א'"
check "tables: a goal's spanning cell is as tall as its lines on the page" python3 - "$TMP/t.dump" "$(pages_of "$TMP/t.dump" long.csv | head -1)" <<'PY'
import re, sys
rows, goal, inside = [], None, False
for line in open(sys.argv[1]):
    if line.startswith('page '):
        if inside:
            break
        inside = line.split()[1] == sys.argv[2]
        continue
    if not inside:
        continue
    v = dict(re.findall(r'(\w+)=([-\d.]+)', line))
    if line.startswith('  rect cell ') and abs(float(v['x']) - 449.28) < 1:   # the goal column
        goal = (float(v['y']), float(v['h']))
    if line.startswith('  rect cell ') and abs(float(v['x']) - 153.82) < 1:   # the metric column
        rows.append((float(v['y']), float(v['h'])))
top, h = goal
span = [r for r in rows if r[0] >= top - 0.01 and r[0] < top + h - 0.01]
total = sum(r[1] for r in span)
print(f'goal cell {h:.2f} pt, its {len(span)} lines {total:.2f} pt')
sys.exit(0 if len(span) > 1 and abs(total - h) < 0.01 * len(span) else 1)  # dump rounds to 0.01
PY
check "tables: a cell taller than a page is split across pages, nothing lost" python3 - "$TMP/t.dump" <<'PY'
import re, sys
pages, text = set(), []
for line in open(sys.argv[1]):
    if line.startswith('page '):
        page, src = line.split()[1], line.split('source=')[1].strip()
        continue
    if src.endswith('tall.csv') and ' text cell ' in line:
        pages.add(page)
        text.append(line.split('"', 1)[1].rsplit('"', 1)[0])
joined = ' '.join(text)
missing = [i for i in range(1, 120) if f'מספר {i} ' not in joined + ' ']
print(f'{len(pages)} pages, missing: {missing[:5]}')
sys.exit(0 if len(pages) > 1 and not missing else 1)
PY
check "tables: a goal's first line does not end a page alone" \
  test "$(page_of "$TMP/t.dump" ב1)" = "$(page_of "$TMP/t.dump" ב2)"
check "tables: a goal's last line does not begin a page alone" \
  test "$(page_of "$TMP/t.dump" ה3)" = "$(page_of "$TMP/t.dump" ה4)"
check "tables: the fixture does exercise both rules (with widow-space 0 both lines are alone)" sh -c \
  "test '$(page_of "$TMP/t0.dump" ב1)' != '$(page_of "$TMP/t0.dump" ב2)' && test '$(page_of "$TMP/t0.dump" ה3)' != '$(page_of "$TMP/t0.dump" ה4)'"
# pixels of the two pages of the long table, against references checked by eye
$PB build -o "$TMP/t.pdf" tests/data/tables 2>/dev/null
for n in 1 2; do
  page=$(pages_of "$TMP/t.dump" long.csv | sed -n ${n}p)
  pdftoppm -gray -r 40 -f $page -l $page "$TMP/t.pdf" "$TMP/r"
  check "pixels: table page $n (a goal continued) matches its reference" \
    python3 tests/pixcmp.py tests/data/ref/table-$n.pgm.gz "$(ls "$TMP"/r-*.pgm | head -1)"
  rm -f "$TMP"/r-*.pgm
done
