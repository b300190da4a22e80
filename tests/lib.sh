# lib.sh — shared by the end-to-end tests: report lines the runner counts.
PB=${PB:-$BUILD/planbook}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; }
# check "name" command… : passes when the command succeeds
check() { name=$1; shift; if "$@" >"$TMP/out" 2>&1; then pass "$name"; else fail "$name"; sed 's/^/       /' "$TMP/out" | head -20; fi; }
# pages_of DUMP FILE-SUFFIX: the page numbers whose source ends with FILE-SUFFIX, one a line
pages_of() { awk -v want="$2" '/^page [0-9]/ { src = $NF; sub(/^source=/, "", src); if (substr(src, length(src) - length(want) + 1) == want) print $2 }' "$1"; }
# one_unit_book DIR [LABEL…]: tests/data/sample with an administration of one unit whose
# plan is DIR/plan.csv (its header row written, the rows left to the test), and the metric
# types מדד תפוקה and each LABEL
one_unit_book() {
  d=$1; shift
  cp -r tests/data/sample "$d"
  printf '  - id: admin\n    title: מינהל לדוגמה\n    units:\n      - {id: unit, toc: יחידה לדוגמה, plan: plan.csv}\nvocabularies:\n  metric-types:\n' >> "$d/book.yaml"
  for label in 'מדד תפוקה' "$@"; do printf '    - label: %s\n      spellings: []\n' "$label" >> "$d/book.yaml"; done
  printf 'נושאים,חזון ראש העיר,הדגשי מדיניות,שם החשבון,תקציב,מטרה,סוג מדד,מדד,ערך,הערות\n' > "$d/plan.csv"
}
