# Measurement: results, statuses and explanations per period, read from a plan's columns
# and checked with planbook check --measurement PERIOD.
. tests/lib.sh
mk() { # mk DIR: a one-unit book whose plan is DIR/plan.csv
  mkdir -p "$1"
  printf 'id: m\nyear: 2020\ntitle: מדידה\nparts:\n  - id: a\n    title: מינהל\n    units:\n      - {id: u, toc: יחידה, plan: plan.csv}\n' > "$1/book.yaml"
}
mk "$TMP/m"
H='נושאים,מטרה,סוג מדד,מדד,ערך,ביצוע מחצית א'"'"',סטטוס מחצית א'"'"',הסבר מחצית א'"'"',מדד מנכ"ל'
cat > "$TMP/m/plan.csv" <<CSV
$H
נושא,מטרה א,מדד תפוקה,מדד 1,10,12,בוצע,,כן
,,,מדד 2,20,,בוצע,,
,,,מדד 3,30,5,לא בוצע,,
,,,מדד 4,40,,,,
,,,מדד 5,50,,בוצעה,,
,,,מדד 6,60,3,בוצע חלקית,חסר כוח אדם,V
,,,מדד 7,70,,בוטל,,
CSV
$PB check --lang en --measurement h1 "$TMP/m" 2>"$TMP/err"; rc=$?
want() { grep -qF -- "$2" "$TMP/err" && pass "measurement: $1" || { fail "measurement: $1"; sed 's/^/       /' "$TMP/err" | head -12; }; }
[ $rc = 0 ] && pass "measurement: check --measurement gives warnings, not errors (exit 0)" || fail "measurement: exit $rc"
want "'done' with no result, at its status cell" "plan.csv:3:14: row 3, column G (סטטוס מחצית א'): warning: the status is 'בוצע' but there is no result: write what was achieved in 'ביצוע מחצית א'' [PB074]"
want "'not done' with no explanation, at its status cell" "row 4, column G (סטטוס מחצית א'): warning: the status is 'לא בוצע' but there is no explanation"
want "an unknown status, with the nearest" "row 6, column G (סטטוס מחצית א'): warning: 'בוצעה' is not one of the statuses (בוצע, בוצע חלקית, לא בוצע, בוטל, or those of book.yaml's measurement: statuses) (did you mean 'בוצע'?) [PB073]"
want "the unreported lines, per unit, with their rows" "plan.csv: warning: 1 of 7 metric lines: no status for מחצית א' (rows: 5) [PB076]"
want "a CEO mark other than כן" "row 7, column I (מדד מנכ\"ל): warning: 'V' is not a CEO-metric mark"
[ "$(grep -c 'PB07[3-6]' "$TMP/err")" = 4 ] && pass "measurement: nothing else is reported (a cancelled line needs nothing)" ||
  { fail "measurement: $(grep -c 'PB07[3-6]' "$TMP/err") reports"; cat "$TMP/err"; }
$PB check --strict --measurement h1 "$TMP/m" 2>/dev/null; rc=$?
[ $rc = 1 ] && pass "measurement: with --strict they are errors (exit 1)" || fail "measurement: --strict exit $rc"
$PB check --measurement year "$TMP/m" 2>"$TMP/err"; rc=$?
grep -q "the plan has no results for שנתי: add the columns 'ביצוע שנתי', 'סטטוס שנתי' and 'הסבר שנתי'" "$TMP/err" &&
  pass "measurement: a plan without the year's columns is told which to add" || { fail "measurement: no year columns"; cat "$TMP/err"; }
$PB check --measurement q3 "$TMP/m" 2>"$TMP/err"; rc=$?
[ $rc = 2 ] && grep -q "no measurement period 'q3'; the periods: h1 (מחצית א'), year (שנתי)" "$TMP/err" &&
  pass "measurement: an unknown period is a usage error naming the periods" || fail "measurement: unknown period (rc $rc)"
# the measurement columns do not change the book
$PB check "$TMP/m" 2>"$TMP/err"; grep -q 'PB07[4-6]' "$TMP/err" && fail "measurement: plain check reports the period" ||
  pass "measurement: plain check does not report missing results"
# book.yaml's own periods and statuses
mk "$TMP/c"
cat >> "$TMP/c/book.yaml" <<'Y'
measurement:
  periods:
    - {id: q1, name: רבעון א}
  statuses:
    - {label: הושלם, means: done}
    - {label: לא רלוונטי, means: cancelled}
Y
printf 'מטרה,סוג מדד,מדד,ערך,ביצוע רבעון א,סטטוס רבעון א,הסבר רבעון א\nמטרה,מדד תפוקה,מדד,1,,בוצע,\n' > "$TMP/c/plan.csv"
$PB check --measurement q1 "$TMP/c" 2>"$TMP/err"; rc=$?
[ $rc = 0 ] && grep -q "'בוצע' is not one of the statuses" "$TMP/err" && ! grep -q 'unknown column' "$TMP/err" &&
  pass "measurement: book.yaml names the periods, their columns and the statuses" || { fail "measurement: custom (rc $rc)"; cat "$TMP/err"; }
printf 'מטרה,סוג מדד,מדד,ערך,ביצוע רבעון א,סטטוס רבעון א,הסבר רבעון א\nמטרה,מדד תפוקה,מדד,1,3,הושלם,\n' > "$TMP/c/plan.csv"
$PB check --measurement q1 "$TMP/c" 2>"$TMP/err"; rc=$?
[ $rc = 0 ] && ! grep -q 'PB07' "$TMP/err" && pass "measurement: a line reported with the book's own status is complete" ||
  { fail "measurement: custom status"; cat "$TMP/err"; }
