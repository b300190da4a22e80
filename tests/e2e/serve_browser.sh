# planbook serve in a real browser: Debian's chromium, headless, driven by puppeteer-core
# (tests/serve_browser.mjs): sign in, the dashboard, a unit's link, its template, a broken
# and a good upload, the history, a restore, the section's PDF. Screenshots of every page
# are left in build/serve-shots/ for a person to look at.
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/serve_browser.sh
. tests/lib.sh
. tests/serve_lib.sh
book=$TMP/book
cp -r input/2020 "$book"
echo 'planning-2020!' | $PB serve --set-password "$book" 2>/dev/null
link=$($PB serve --links "$book" 2>/dev/null | awk '$1=="it"{print $2}')
range=$($PB list "$book" 2>/dev/null | awk -F'\t' '$1=="it"{print $4}')
shots=$BUILD/serve-shots
rm -rf "$shots" && mkdir -p "$shots"
if ! serve_start "$TMP/serve.log" "$book"; then fail "browser: the server starts"; cat "$TMP/serve.log"; exit 0; fi
timeout 300 node tests/serve_browser.mjs "$BASE" "$link" 'planning-2020!' "$book" "$TMP" "$shots" \
  "${range%-*}" "${range#*-}" 2>&1
rc=$?
serve_stop
[ $rc = 0 ] || { echo "       the server's log:"; tail -15 "$TMP/serve.log" | sed 's/^/       /'; }
n=$(ls "$shots"/*.png 2>/dev/null | wc -l)
[ "$n" -ge 9 ] && pass "browser: $n screenshots in $shots" || fail "browser: $n screenshots"
[ "$SERVE_STATUS" = 0 ] && pass "browser: the server stops on SIGTERM with status 0" || fail "browser: the server's status $SERVE_STATUS"
