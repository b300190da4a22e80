# The fuzzers' corpora (tests/fuzz/corpus/<reader>, found by 'make fuzz', see
# docs/fuzzing.md) replayed under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer: every input of every reader ends with no crash, leak or report.
. tests/lib.sh
names="csv xlsx xlsx_xml manifest layout prose"
bins=$(for n in $names; do printf ' %s' "$BUILD/fuzz/fuzz_$n"; done)
if ! make -s -j2 BUILD="$BUILD" $bins >"$TMP/make" 2>&1; then
  fail "fuzz: the harnesses build (clang, libFuzzer)"; sed 's/^/       /' "$TMP/make" | head -20
  exit 0
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for n in $names; do
  dir=tests/fuzz/corpus/$n
  count=$(ls "$dir" | wc -l)
  if [ "$count" = 0 ]; then fail "fuzz: $dir is empty"; continue; fi
  # given files, libFuzzer runs each once and fuzzes nothing
  start=$(date +%s%N)
  TMPDIR=$TMP "$BUILD/fuzz/fuzz_$n" -rss_limit_mb=2048 -timeout=10 "$dir"/* >"$TMP/$n.out" 2>&1
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ $rc = 0 ] && ! grep -q 'Sanitizer\|runtime error\|ERROR: libFuzzer' "$TMP/$n.out"; then
    pass "fuzz: the $n corpus replays clean ($count inputs, ${ms} ms)"
  else
    fail "fuzz: the $n corpus (exit $rc)"
    grep -m1 -B2 -A20 'ERROR\|runtime error' "$TMP/$n.out" | sed 's/^/       /'
  fi
done
