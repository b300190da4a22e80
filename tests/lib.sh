# lib.sh — shared by the end-to-end tests: report lines the runner counts.
PB=${PB:-$BUILD/planbook}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; }
# check "name" command… : passes when the command succeeds
check() { name=$1; shift; if "$@" >"$TMP/out" 2>&1; then pass "$name"; else fail "$name"; sed 's/^/       /' "$TMP/out" | head -20; fi; }
