# Built with clang (warnings are errors) and run under AddressSanitizer and
# UndefinedBehaviorSanitizer: no warning, no leak, no undefined behaviour.
. tests/lib.sh
check "build: clang compiles every source with -Wall -Wextra -Werror" \
  make -s CC=clang BUILD=$BUILD/clang $BUILD/clang/planbook
# clang for the sanitizer build: gcc 12 gives false "null format string" warnings under
# -fsanitize
check "build: the sanitizer build compiles" \
  make -s CC=clang BUILD=$BUILD/asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
    LDFLAGS="-fsanitize=address,undefined" $BUILD/asan/planbook $BUILD/asan/tests/test_text
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
check "sanitize: the sample book builds clean" $BUILD/asan/planbook build -o "$TMP/s.pdf" tests/data/sample
check "sanitize: the 2020 book builds clean" $BUILD/asan/planbook build -o "$TMP/b.pdf" input/2020
check "sanitize: bad input is reported clean" sh -c "$BUILD/asan/planbook build -o $TMP/x.pdf /nonexistent; test \$? = 2"
check "sanitize: the text engine tests run clean" $BUILD/asan/tests/test_text
check "valgrind: the sample book builds with no error and no leak" \
  valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite $BUILD/planbook build -o "$TMP/v.pdf" tests/data/sample
