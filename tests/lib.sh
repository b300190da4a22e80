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
