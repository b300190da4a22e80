# Built with clang (warnings are errors) and run under AddressSanitizer and
# UndefinedBehaviorSanitizer: no warning, no leak, no undefined behaviour.
. tests/lib.sh
check "build: clang compiles every source with -Wall -Wextra -Werror" \
  make -s CC=clang BUILD=$BUILD/clang $BUILD/clang/planbook
# clang for the sanitizer build: gcc 12 gives false "null format string" warnings under
# -fsanitize
check "build: the sanitizer build compiles" \
  make -s CC=clang BUILD=$BUILD/asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
    LDFLAGS="-fsanitize=address,undefined" $BUILD/asan/planbook $BUILD/asan/tests/test_text $BUILD/asan/tests/test_calendar
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
check "sanitize: the sample book builds clean" $BUILD/asan/planbook build -o "$TMP/s.pdf" tests/data/sample
check "sanitize: the 2020 book builds clean" $BUILD/asan/planbook build -o "$TMP/b.pdf" input/2020
check "sanitize: the planning calendar alone builds clean" $BUILD/asan/planbook build --calendar-only -o "$TMP/c.pdf" input/2020
# full stacks, so that the one known leak of libxlsxwriter can be told from ours
check "sanitize: every 2020 workbook of planbook template is written clean" \
  env ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions=tests/data/lsan-xlsxwriter.supp:print_suppressions=0 \
  $BUILD/asan/planbook template --all "$TMP/t" input/2020
check "sanitize: planbook new writes the 2021 folder clean" \
  env ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions=tests/data/lsan-xlsxwriter.supp:print_suppressions=0 \
  $BUILD/asan/planbook new 2021 --from input/2020 -o "$TMP/n2021"
# the plans are read on two threads: ThreadSanitizer over the 2020 book from workbooks
python3 tests/workbook_book.py input/2020 "$TMP/wb" $BUILD/planbook >/dev/null
check "build: the thread sanitizer build compiles" \
  make -s CC=clang BUILD=$BUILD/tsan OPT="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" $BUILD/tsan/planbook
check "sanitize: the 2020 book's workbooks are read on two threads with no race" \
  env TSAN_OPTIONS="suppressions=tests/data/tsan.supp halt_on_error=1 exitcode=66" \
  sh -c "$BUILD/tsan/planbook check $TMP/wb 2>$TMP/tsan.err; test \$? = 0 && ! grep -q ThreadSanitizer $TMP/tsan.err"
check "sanitize: bad input is reported clean" sh -c "$BUILD/asan/planbook build -o $TMP/x.pdf /nonexistent; test \$? = 2"
check "sanitize: the text engine tests run clean" $BUILD/asan/tests/test_text
check "sanitize: the calendar tests run clean" $BUILD/asan/tests/test_calendar
check "valgrind: the sample book builds with no error and no leak" \
  valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite $BUILD/planbook build -o "$TMP/v.pdf" tests/data/sample
# Hostile input: random bytes and pathological shapes end in a diagnostic and exit 1 or 2,
# never in a crash or a hang (run under the sanitizers).
python3 - "$TMP/hostile" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(2020)
head = 'id: h\nyear: 2020\ntitle: h\nparts:\n  - id: a\n    title: a\n'
cases = {
  'random-yaml': {'book.yaml': bytes(random.randrange(256) for _ in range(3000))},
  'deep-yaml': {'book.yaml': ('x: ' + '[' * 5000 + ']' * 5000 + '\n').encode()},
  'alias-yaml': {'book.yaml': b'a: &x [1]\nb: *x\n'},
  'random-csv': {'book.yaml': (head + '    units:\n      - {id: u, toc: u, plan: p.csv}\n').encode(),
                 'p.csv': bytes(random.randrange(256) for _ in range(5000))},
  'long-cell': {'book.yaml': (head + '    units:\n      - {id: u, toc: u, plan: p.csv}\n').encode(),
                'p.csv': ('מטרה,סוג מדד,מדד,ערך\n' + 'א' * 200000 + ',מדד התארגנות,' + 'ב ' * 50000 + ',31/02/2020\n').encode()},
  'many-columns': {'book.yaml': (head + '    units:\n      - {id: u, toc: u, plan: p.csv}\n').encode(),
                   'p.csv': (','.join(['מטרה'] * 5000) + '\n').encode()},
  'random-md': {'book.yaml': (head + '    pages:\n      - prose: a.md\n').encode(),
                'a.md': bytes(random.randrange(32, 256) for _ in range(5000))},
  'open-header': {'book.yaml': (head + '    pages:\n      - prose: a.md\n').encode(), 'a.md': b'---\nx: 1\n# never closed\n'},
}
for name, files in cases.items():
    os.makedirs(os.path.join(root, name), exist_ok=True)
    for f, data in files.items():
        open(os.path.join(root, name, f), 'wb').write(data)
PY
for d in "$TMP"/hostile/*; do
  timeout 60 $BUILD/asan/planbook build -o "$d/out.pdf" "$d" >/dev/null 2>"$TMP/err"; rc=$?
  # a very long cell is valid input and may build; everything else must be refused
  refused=no; { [ $rc = 1 ] || [ $rc = 2 ]; } && [ ! -e "$d/out.pdf" ] && refused=yes
  case $(basename "$d") in long-cell) [ $rc = 0 ] && refused=yes ;; esac
  if [ $refused = yes ] && ! grep -q 'Sanitizer' "$TMP/err"; then
    pass "hostile input: $(basename "$d") ends cleanly (exit $rc)"
  else
    fail "hostile input: $(basename "$d") (exit $rc)"; head -5 "$TMP/err"
  fi
done

# Damaged copies of the real input and of the layout (tests/mutate.py, fixed seeds): each
# ends in the book or in a diagnostic that says "error:", exit 1 or 2 and no PDF; never a
# sanitizer report, a hang or half a file. Longer runs by hand: more copies, other seeds.
damaged_ends_cleanly() { # DIR LAYOUT: runs one damaged copy, prints what went wrong
  timeout 60 $BUILD/asan/planbook build ${2:+--layout "$2"} -o "$1/out.pdf" "$3" >/dev/null 2>"$1/err"
  rc=$?
  if grep -q 'Sanitizer\|runtime error' "$1/err"; then echo "sanitizer report"
  elif [ $rc = 0 ]; then [ -s "$1/out.pdf" ] || echo "exit 0 without a PDF"
  elif [ $rc = 1 ] || [ $rc = 2 ]; then
    [ ! -e "$1/out.pdf" ] || echo "exit $rc but a PDF was written"
    grep -q 'error:' "$1/err" || echo "exit $rc without a line saying error:"
  else echo "exit $rc"; fi
}
python3 tests/mutate.py input/2020 "$TMP/damaged" 24 2020 > "$TMP/damaged.list"
bad=""
while read -r k file; do
  why=$(damaged_ends_cleanly "$TMP/damaged/$k" "" "$TMP/damaged/$k")
  [ -z "$why" ] || bad="$bad $k ($file: $why)"
done < "$TMP/damaged.list"
if [ -z "$bad" ]; then pass "hostile input: 24 damaged copies of input/2020 end cleanly"
else fail "hostile input: damaged copies of input/2020:$bad"; fi

mkdir -p "$TMP/layouts" && ln -s "$PWD/fonts" "$TMP/layouts/fonts"
python3 tests/mutate.py layouts "$TMP/layouts" 8 2021 book.yaml > "$TMP/layouts.list"
bad=""
while read -r k file; do
  why=$(damaged_ends_cleanly "$TMP/layouts/$k" "$TMP/layouts/$k/book.yaml" input/2020)
  [ -z "$why" ] || bad="$bad $k ($why)"
done < "$TMP/layouts.list"
if [ -z "$bad" ]; then pass "hostile input: 8 damaged copies of the layout end cleanly"
else fail "hostile input: damaged copies of the layout:$bad"; fi
python3 tests/fill_measurement.py input/2020 "$TMP/measured"
check "sanitize: the measurement booklet (year, with the mid-year beside it) builds clean" \
  $BUILD/asan/planbook build --measurement year -o "$TMP/m.pdf" "$TMP/measured"
check "sanitize: the booklet split into administrations and units builds clean" \
  $BUILD/asan/planbook build --measurement h1 --split "$TMP/msplit" "$TMP/measured"
