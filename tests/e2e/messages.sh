# The messages in Hebrew: every message of the program has a translation in po/he.po, and
# a clerk's broken plan is reported in Hebrew when the language asks for it (even where the
# he_IL locale is not installed), in English otherwise.
. tests/lib.sh
POT=$BUILD/planbook.pot
[ -f "$POT" ] || make -s "$POT" >/dev/null
check "messages: po/he.po translates every message of the program (msgcmp)" msgcmp po/he.po "$POT"
check "messages: no message of po/he.po is left untranslated" \
  sh -c '[ -z "$(msgattrib --untranslated --no-obsolete po/he.po)" ]'
check "messages: no message of po/he.po is fuzzy" \
  sh -c '[ -z "$(msgattrib --only-fuzzy --no-obsolete po/he.po)" ]'
check "messages: po/he.po keeps every printf conversion (msgfmt --check)" msgfmt --check -o /dev/null po/he.po

# A small book with one unit whose plan names an unknown metric type at G3.
book=$TMP/book
one_unit_book "$book" 'מדד תוצאה'
cat >> "$book/plan.csv" <<'CSV'
נושא,,,,,מטרה ראשונה,מדד תפוקה,מדד ראשון,31.12,
,,,,,מטרה שנייה,מדד תוצאא,מדד שני,31.12,
CSV
hebrew() { # NAME FILE: the error of the plan in Hebrew
  grep -q "plan.csv:3:[0-9]*: שורה 3, עמודה G (סוג מדד): שגיאה: סוג המדד 'מדד תוצאא' אינו מוכר (האם הכוונה ל-'מדד תוצאה'?) \[PB023\]$" "$2" &&
    pass "$1" || { fail "$1"; sed 's/^/       /' "$2" | head -10; }
}
english() {
  grep -q "plan.csv:3:[0-9]*: row 3, column G (סוג מדד): error: unknown metric type 'מדד תוצאא' (did you mean 'מדד תוצאה'?) \[PB023\]$" "$2" &&
    pass "$1" || { fail "$1"; sed 's/^/       /' "$2" | head -10; }
}
unset LC_ALL LC_MESSAGES LANGUAGE
LANG=he_IL.UTF-8 $PB check "$book" 2>"$TMP/he" >/dev/null; rc=$?
[ $rc = 1 ] && pass "messages: a broken plan is an error in Hebrew too (exit 1)" || fail "messages: exit $rc with LANG=he_IL.UTF-8"
hebrew "messages: LANG=he_IL.UTF-8 (locale not installed) reports the cell in Hebrew: שורה 3, עמודה G" "$TMP/he"
grep -q ": שגיאה אחת, 0 אזהרות$" "$TMP/he" && pass "messages: the summary line is in Hebrew" ||
  { fail "messages: the summary line is in Hebrew"; tail -2 "$TMP/he"; }
LANG=C $PB check --lang he "$book" 2>"$TMP/he2" >/dev/null
hebrew "messages: --lang he reports in Hebrew whatever LANG says" "$TMP/he2"
env LANGUAGE=he $PB check "$book" 2>"$TMP/he3" >/dev/null
hebrew "messages: LANGUAGE=he alone reports in Hebrew" "$TMP/he3"
LANG=C $PB check "$book" 2>"$TMP/en" >/dev/null
english "messages: LANG=C reports in English" "$TMP/en"
LANG=he_IL.UTF-8 $PB check --lang en "$book" 2>"$TMP/en2" >/dev/null
english "messages: --lang en reports in English whatever LANG says" "$TMP/en2"
LANG=C $PB --lang=he check "$book" 2>"$TMP/he4" >/dev/null
hebrew "messages: --lang=he before the command" "$TMP/he4"
$PB check --lang xx "$book" >/dev/null 2>"$TMP/err"; rc=$?
[ $rc = 2 ] && grep -q -- "--lang" "$TMP/err" && pass "messages: --lang xx is a usage error (2)" ||
  { fail "messages: --lang xx (exit $rc)"; cat "$TMP/err"; }

LANG=he_IL.UTF-8 $PB --help >"$TMP/help" 2>&1
grep -q '^פקודות:$' "$TMP/help" && grep -q 'planbook build' "$TMP/help" &&
  pass "messages: --help in Hebrew keeps the commands as they are typed" || { fail "messages: --help in Hebrew"; head -5 "$TMP/help"; }

# A fragment of a message is translated too: a missing prose file, a bad date in book.yaml.
mkdir -p "$TMP/missing" "$TMP/date"
cp -r tests/data/sample/. "$TMP/missing/"; cp -r tests/data/sample/. "$TMP/date/"
printf '      - prose: nowhere.md\n' >> "$TMP/missing/book.yaml"
printf 'calendar:\n  categories: [{id: c, label: ק}]\n  events:\n    - {category: c, label: x, from: 2020-13-01}\n' >> "$TMP/date/book.yaml"
$PB check --lang he "$TMP/missing" 2>"$TMP/missing.err" >/dev/null
grep -q "book.yaml:[0-9]*:[0-9]*: שגיאה: אי אפשר לקרוא את הקובץ: .*nowhere.md לא קיים \[PB001\]$" "$TMP/missing.err" &&
  pass "messages: a missing file is said in Hebrew (the fragment 'does not exist' too)" ||
  { fail "messages: missing file in Hebrew"; cat "$TMP/missing.err"; }
$PB check --lang he "$TMP/date" 2>"$TMP/date.err" >/dev/null
grep -q "book.yaml:[0-9]*:[0-9]*: שגיאה: הערך '2020-13-01' אינו תקין בתור תאריך (כותבים אותו כך: 2020-03-31) \[PB007\]$" "$TMP/date.err" &&
  pass "messages: a bad date is said in Hebrew with the Hebrew description of a date" ||
  { fail "messages: bad date in Hebrew"; cat "$TMP/date.err"; }

# The same plan as a workbook: the bad metric type at G12.
PY=/usr/bin/python3
if $PY -c 'import openpyxl' 2>/dev/null; then
  wb=$TMP/wb
  cp -r "$book" "$wb"; rm "$wb/plan.csv"
  sed -i 's/plan: plan.csv/plan: plan.xlsx/' "$wb/book.yaml"
  $PY - "$wb/plan.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "תוכנית"
ws.append(["נושאים", "חזון ראש העיר", "הדגשי מדיניות", "שם החשבון", "תקציב", "מטרה", "סוג מדד", "מדד", "ערך", "הערות"])
ws.append(["נושא", None, None, None, None, "מטרה ראשונה", "מדד תפוקה", "מדד 1", "31.12", None])
for i in range(2, 11):
    ws.append([None, None, None, None, None, None, None, "מדד %d" % i, "31.12", None])
ws.append([None, None, None, None, None, "מטרה שנייה", "מדד תוצאא", "מדד 11", "31.12", None])
wb.save(sys.argv[1])
PY
  $PB check --lang he "$wb" 2>"$TMP/wb.err" >/dev/null
  grep -q "plan.xlsx: תוכנית!G12 (סוג מדד): שגיאה: סוג המדד 'מדד תוצאא' אינו מוכר (האם הכוונה ל-'מדד תוצאה'?) \[PB023\]$" "$TMP/wb.err" &&
    pass "messages: a workbook's cell is named SHEET!G12 and the message is in Hebrew" ||
    { fail "messages: workbook message in Hebrew"; cat "$TMP/wb.err"; }
else
  fail "messages: openpyxl is missing for $PY (make check installs python3-openpyxl)"
fi
