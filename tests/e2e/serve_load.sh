# planbook serve under load (tests/serve_load.py): 50 concurrent clients × 20 requests on
# loopback, mixing good and bad uploads, pages and downloads, against a server built with
# AddressSanitizer and UndefinedBehaviorSanitizer: its request and upload parsing runs
# under the sanitizers, and their log must stay empty. The upload cap is set to 1 MB here
# (--upload-limit 1) so that fifty oversized uploads stay cheap; the 20 MB default is
# tested in serve.sh.
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/serve_load.sh
. tests/lib.sh
. tests/serve_lib.sh
check "build: the sanitizer build of the server compiles" \
  make -s CC=clang BUILD=$BUILD/asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
    LDFLAGS="-fsanitize=address,undefined" $BUILD/asan/planbook
book=$TMP/book
cp -r input/2020 "$book"
echo 'planning-2020!' | $BUILD/asan/planbook serve --set-password "$book" 2>/dev/null
$BUILD/asan/planbook serve --links "$book" >"$TMP/links" 2>/dev/null
mkdir -p "$TMP/san"
# every report goes to a file of its own (log_path); leaks are looked for when it stops
export ASAN_OPTIONS="detect_leaks=1:log_path=$TMP/san/asan:quarantine_size_mb=32"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$TMP/san/ubsan"
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan-serve.supp:print_suppressions=0"
if ! SERVE_PB=$BUILD/asan/planbook serve_start "$TMP/serve.log" "$book" --upload-limit 1 --threads 8; then
  fail "load: the sanitized server starts"; cat "$TMP/serve.log"; exit 0
fi
timeout 600 /usr/bin/python3 tests/serve_load.py "$BASE" "$TMP/links" "$book" "$book/.planbook" "$SERVE_PID" \
  'planning-2020!' 1048576 >"$TMP/load.out" 2>&1
rc=$?
grep -v '^figures:' "$TMP/load.out"
serve_stop
[ $rc = 0 ] || { echo "       exit $rc; the server's log ends:"; tail -5 "$TMP/serve.log" | sed 's/^/       /'; }
grep '^figures:' "$TMP/load.out" | sed 's/^/       /'
[ "$SERVE_STATUS" = 0 ] && pass "load: the sanitized server stops on SIGTERM with status 0" ||
  fail "load: the server's status $SERVE_STATUS"
reports=$(cat "$TMP"/san/* 2>/dev/null | wc -c)
if [ "$reports" = 0 ] && ! grep -q 'Sanitizer\|runtime error' "$TMP/serve.log"; then
  pass "load: no AddressSanitizer, UndefinedBehaviorSanitizer or leak report"
else
  fail "load: sanitizer reports ($reports bytes)"; cat "$TMP"/san/* 2>/dev/null | head -40
fi

# The same requests, fewer (20 clients × 10), against a ThreadSanitizer build: the
# pipeline's checks run on libmicrohttpd's threads side by side, and builds on the worker.
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
check "build: the thread sanitizer build of the server compiles" \
  make -s CC=clang BUILD=$BUILD/tsan OPT="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" $BUILD/tsan/planbook
rm -rf "$book" && cp -r input/2020 "$book"
echo 'planning-2020!' | $PB serve --set-password "$book" 2>/dev/null
$PB serve --links "$book" >"$TMP/links" 2>/dev/null
mkdir -p "$TMP/tsan"
export TSAN_OPTIONS="suppressions=$PWD/tests/data/tsan.supp log_path=$TMP/tsan/tsan"
if SERVE_PB=$BUILD/tsan/planbook serve_start "$TMP/tserve.log" "$book" --upload-limit 1 --threads 8; then
  LOAD_CLIENTS=20 LOAD_REQUESTS=10 timeout 300 /usr/bin/python3 tests/serve_load.py "$BASE" "$TMP/links" "$book" \
    "$book/.planbook" "$SERVE_PID" 'planning-2020!' 1048576 >"$TMP/tload.out" 2>&1
  rc=$?
  serve_stop
  races=$(cat "$TMP"/tsan/* 2>/dev/null | grep -c 'WARNING: ThreadSanitizer')
  [ $rc = 0 ] && [ "$races" = 0 ] && [ "$SERVE_STATUS" = 0 ] &&
    pass "load: 200 mixed requests from 20 clients under ThreadSanitizer: all answered right, no data race" ||
    { fail "load: under ThreadSanitizer (rc $rc, $races races, exit $SERVE_STATUS)"; grep -v '^ok' "$TMP/tload.out" | head -5
      cat "$TMP"/tsan/* 2>/dev/null | head -30; }
else
  fail "load: the thread-sanitized server starts"; cat "$TMP/tserve.log"
fi
