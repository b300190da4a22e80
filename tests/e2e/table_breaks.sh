# Plan tables: no number, date or column name cut between lines, in the 2020 book and in a
# copy of it whose every plan has three more columns; the page-break rules on every goal
# of the 2020 book and of a book of over 1,000 goals made from its plans. The rules and the
# books are in tests/table_books.py, which reads the plans with Python's csv module and the
# layout with `planbook dump`.
. tests/lib.sh
$PB dump input/2020 > "$TMP/book.dump" 2>/dev/null
check "table breaks: no number, date or column name of a 2020 plan is cut between lines" \
  python3 tests/table_books.py whole input/2020 "$TMP/book.dump"
python3 tests/table_books.py extra input/2020 "$TMP/x"
$PB dump "$TMP/x" > "$TMP/x.dump" 2>"$TMP/x.err"
check "table breaks: every plan with three more columns (dates, amounts, 'מס' תב\"ר'): no number, date or column name cut" \
  python3 tests/table_books.py whole "$TMP/x" "$TMP/x.dump"
check "table breaks: the three more columns fit: no warning that a table is too narrow" \
  sh -c "! grep PB095 '$TMP/x.err'"
check "table breaks: the page-break rules hold for every goal of the 2020 book" \
  python3 tests/table_books.py breaks "$TMP/book.dump" layouts/book.yaml
python3 tests/table_books.py many input/2020 "$TMP/many" 1000 > "$TMP/many.out"
$PB dump "$TMP/many" > "$TMP/many.dump" 2>/dev/null
check "table breaks: the page-break rules hold for every goal of a book of $(cut -d' ' -f1 "$TMP/many.out") goals, every line printed" \
  python3 tests/table_books.py breaks "$TMP/many.dump" layouts/book.yaml "$TMP/many/expected.json"
check "table breaks: the rules hold with the three more columns too" \
  python3 tests/table_books.py breaks "$TMP/x.dump" layouts/book.yaml
# a table whose numbers cannot all be whole on the page: a warning naming the plan
cp -r tests/data/tables "$TMP/narrow"
python3 - "$TMP/narrow" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.reader(open(f'{d}/long.csv', encoding='utf-8')))
names = [f'חשבון {i}' for i in range(1, 9)]
rows[0] += names
for r in rows[1:]:
    r += ['4021000012345678'] * 8
csv.writer(open(f'{d}/long.csv', 'w', encoding='utf-8', newline='')).writerows(rows)
text = open(f'{d}/book.yaml', encoding='utf-8').read()
text = text.replace('plan: long.csv', 'plan: long.csv\n        extra-columns: [' + ', '.join(names) + ']')
open(f'{d}/book.yaml', 'w', encoding='utf-8').write(text)
PY
$PB build --lang en -o "$TMP/narrow.pdf" "$TMP/narrow" 2>"$TMP/narrow.err"; rc=$?
check "table breaks: a table too wide for the page builds (rc $rc), with a warning naming its plan [PB095]" \
  sh -c "[ $rc = 0 ] && grep -q 'narrow/long.csv: warning: the 19 columns of this plan.s table do not fit the page even at their narrowest: its numbers, dates and column names need [0-9]* mm and the page has 277 mm' '$TMP/narrow.err' && test \$(grep -c PB095 '$TMP/narrow.err') = 1"
$PB dump "$TMP/narrow" > "$TMP/narrow.dump" 2>/dev/null
check "table breaks: its columns are scaled to the page: no cell outside the margins" python3 - "$TMP/narrow.dump" <<'PY'
import re, sys
mm = 72 / 25.4
left, right = 10 * mm, 841.89 - 10 * mm
cells = [tuple(float(v) for v in re.findall(r' [xw]=([-\d.]+)', l))
         for l in open(sys.argv[1], encoding='utf-8') if l.startswith('  rect cell')]
bad = [c for c in cells if c[0] < left - 0.01 or c[0] + c[1] > right + 0.01]
print(f'{len(cells)} cells, outside: {bad[:3]}')
sys.exit(1 if bad or not cells else 0)
PY
