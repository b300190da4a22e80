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
