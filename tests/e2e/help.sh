# Help: every command's own help (planbook help COMMAND = planbook COMMAND --help), the
# options it lists are the ones it takes, counted messages in singular and plural, make
# book's one line of warnings, and the man page (it renders, it names every option, it
# installs).
. tests/lib.sh
commands="build check list dump calendar template export new serve help"

# ---- each command's help
for c in $commands; do
  $PB $c --help >"$TMP/h.$c" 2>"$TMP/e.$c"; rc=$?
  $PB help $c >"$TMP/help.$c" 2>&1; rc2=$?
  $PB $c -h >"$TMP/short.$c" 2>&1
  [ $rc = 0 ] && [ $rc2 = 0 ] && [ ! -s "$TMP/e.$c" ] && head -1 "$TMP/h.$c" | grep -q "^usage: planbook $c\b" &&
    cmp -s "$TMP/h.$c" "$TMP/help.$c" && cmp -s "$TMP/h.$c" "$TMP/short.$c" &&
    pass "help: planbook $c --help, -h and planbook help $c print the same usage of $c (exit 0)" ||
    { fail "help: $c --help (rc $rc, help rc $rc2)"; head -3 "$TMP/h.$c" "$TMP/e.$c"; }
done

# What each command takes, as README.md and docs/serve.md describe the commands (not as the
# program says), and options of other commands that it must not list.
has() { # COMMAND "OPTIONS IT TAKES" "OPTIONS IT DOES NOT"
  missing=""; extra=""
  for o in $2; do grep -q -- "$o\b" "$TMP/h.$1" || missing="$missing $o"; done
  for o in $3; do grep -q -- "$o\b" "$TMP/h.$1" && extra="$extra $o"; done
  [ -z "$missing$extra" ] && pass "help: $1 --help lists $2 and not $3" ||
    fail "help: $1 --help lacks [$missing ] or lists [$extra ]"
}
has build "--output --layout --strict --measurement --unit --section --calendar-only --renumber --split --quiet-warnings" \
  "--all --from --listen --year --links"
has check "--layout --strict --measurement" "--split --output --all --unit --listen --quiet-warnings"
has list "--layout" "--split --strict --all --output"
has dump "--layout --unit --section --measurement" "--split --all --output --listen"
has calendar "--year --dump" "--output --unit --layout"
has template "--unit --all --output" "--split --layout --strict --measurement --from"
has export "--output --measurement" "--unit --all --split --layout"
has new "--from --output" "--unit --all --split --measurement"
has serve "--listen --data --upload-limit --threads --secure --behind-proxy --links --url --set-password" \
  "--output --split --unit --all --layout"

# Every option a help lists is taken by that command: given with it (and a value), the
# command still reaches --help and prints the same text. An option of another command is
# refused (2), so the help and the parser cannot part.
bad=""; tried=0
for c in $commands; do
  for o in $(grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+( [A-Z_:|]+)?' "$TMP/h.$c" | sed 's/^ *//; s/^-[a-zA-Z], //' | tr ' ' '='); do
    name=${o%%=*}; [ "$name" = --help ] || [ "$name" = --lang ] && continue
    case $o in *=*) arg="$name x" ;; *) arg=$name ;; esac
    tried=$((tried + 1))
    $PB $c $arg --help >"$TMP/again" 2>/dev/null && cmp -s "$TMP/again" "$TMP/h.$c" || bad="$bad $c:$name"
  done
done
[ -z "$bad" ] && [ $tried -ge 35 ] && pass "help: each of the $tried options the helps list is taken by its command" || fail "help: listed but refused ($tried tried):$bad"
$PB build --all x --help >/dev/null 2>"$TMP/err"; rc1=$?
$PB template --split x --help >/dev/null 2>&1; rc2=$?
$PB check --output x --help >/dev/null 2>&1; rc3=$?
[ $rc1 = 2 ] && [ $rc2 = 2 ] && [ $rc3 = 2 ] && grep -q "^usage: planbook build" "$TMP/err" &&
  pass "help: an option of another command is refused with the command's usage (2)" ||
  { fail "help: other command's option ($rc1 $rc2 $rc3)"; cat "$TMP/err"; }

$PB build >/dev/null 2>"$TMP/err"; rc1=$?
$PB build tests/data/sample out.pdf >/dev/null 2>"$TMP/err2"; rc2=$?
[ $rc1 = 2 ] && [ $rc2 = 2 ] && grep -q "^planbook build: INPUT_DIR is missing$" "$TMP/err" &&
  grep -q "^planbook build: 'out.pdf' is one argument too many$" "$TMP/err2" && [ ! -e out.pdf ] &&
  pass "help: no input folder, or one argument too many, is said in words (2)" ||
  { fail "help: operands ($rc1 $rc2)"; cat "$TMP/err" "$TMP/err2"; }

# ---- planbook help, help nosuch
$PB help >"$TMP/general" 2>&1; rc=$?
$PB --help >"$TMP/general2" 2>&1
[ $rc = 0 ] && cmp -s "$TMP/general" "$TMP/general2" && grep -q '^commands:$' "$TMP/general" &&
  [ "$(grep -cE "^  ($(echo $commands | tr ' ' '|')) " "$TMP/general")" = 10 ] &&
  pass "help: planbook help is planbook --help, and names the ten commands" ||
  { fail "help: planbook help (rc $rc)"; head "$TMP/general"; }
$PB help nosuch >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc = 2 ] && [ ! -s "$TMP/out" ] && grep -q "unknown command 'nosuch'" "$TMP/err" &&
  pass "help: planbook help nosuch is a usage error (2) naming it" || { fail "help: help nosuch (rc $rc)"; cat "$TMP/err"; }
$PB help biuld >/dev/null 2>"$TMP/err"
grep -q "unknown command 'biuld' (did you mean 'build'?)" "$TMP/err" &&
  pass "help: a misspelt command gets a 'did you mean'" || { fail "help: did you mean"; head -2 "$TMP/err"; }
$PB --lang he build --help >"$TMP/he" 2>&1
grep -q '^אפשרויות:$' "$TMP/he" && grep -q -- '--split DIR' "$TMP/he" && ! grep -q -- '--all' "$TMP/he" &&
  pass "help: build --help in Hebrew, with the options as they are typed" || { fail "help: Hebrew"; head "$TMP/he"; }
long=$(for c in $commands; do $PB help $c; $PB --lang he help $c; done; $PB --help; $PB --lang he --help)
wide() { python3 -c 'import sys; [print(l) for l in sys.stdin.read().splitlines() if len(l) > 80]'; }
[ -z "$(echo "$long" | wide)" ] && pass "help: no line of any help is wider than 80 characters (English and Hebrew)" ||
  { fail "help: lines wider than 80"; echo "$long" | wide | head -3; }

# ---- singular and plural: books with exactly 1 and 2 errors, 1 and 2 warnings
book() { # DIR ROWS-WITH-AN-UNKNOWN-METRIC-TYPE EXTRA-FILES
  one_unit_book "$1"
  printf 'נושא,,,,,מטרה ראשונה,מדד תפוקה,מדד ראשון,31.12,\n' >> "$1/plan.csv"
  i=0; while [ $i -lt $2 ]; do i=$((i + 1)); printf ',,,,,מטרה %s,סוג אחר,מדד,31.12,\n' $i >> "$1/plan.csv"; done
  i=0; while [ $i -lt $3 ]; do i=$((i + 1)); printf '# לא ברשימה\n' > "$1/extra$i.md"; done
}
book "$TMP/e0" 0 0; book "$TMP/e1" 1 0; book "$TMP/e2" 2 0; book "$TMP/w1" 0 1; book "$TMP/w2" 0 2
$PB check "$TMP/e0" >/dev/null 2>"$TMP/e0.err"; rc=$?
[ $rc = 0 ] && [ "$(tail -1 "$TMP/e0.err")" = "$TMP/e0: 0 errors, 0 warnings" ] &&
  pass "plural: a clean copy of the sample says 0 errors, 0 warnings" || { fail "plural: the clean copy (rc $rc)"; cat "$TMP/e0.err"; }
counts() { # NAME DIR ERRORS WARNINGS "ENGLISH SUMMARY" "HEBREW SUMMARY"
  $PB check "$2" >/dev/null 2>"$TMP/en.err"; $PB check --lang he "$2" >/dev/null 2>"$TMP/he.err"
  [ "$(grep -c ': error: ' "$TMP/en.err")" = $3 ] && [ "$(grep -c ': warning: ' "$TMP/en.err")" = $4 ] &&
    [ "$(tail -1 "$TMP/en.err")" = "$2: $5" ] && [ "$(tail -1 "$TMP/he.err")" = "$2: $6" ] &&
    pass "plural: $1: '$5' / '$6'" || { fail "plural: $1"; tail -3 "$TMP/en.err" "$TMP/he.err"; }
}
counts "one error" "$TMP/e1" 1 0 "1 error, 0 warnings" "שגיאה אחת, 0 אזהרות"
counts "two errors" "$TMP/e2" 2 0 "2 errors, 0 warnings" "2 שגיאות, 0 אזהרות"
counts "one warning" "$TMP/w1" 0 1 "0 errors, 1 warning" "0 שגיאות, אזהרה אחת"
counts "two warnings" "$TMP/w2" 0 2 "0 errors, 2 warnings" "0 שגיאות, 2 אזהרות"
$PB build -o "$TMP/x.pdf" "$TMP/e1" 2>"$TMP/b1"; $PB build -o "$TMP/x.pdf" "$TMP/e2" 2>"$TMP/b2"
$PB build --lang he -o "$TMP/x.pdf" "$TMP/e1" 2>"$TMP/b1he"; $PB build --lang he -o "$TMP/x.pdf" "$TMP/e2" 2>"$TMP/b2he"
[ "$(tail -1 "$TMP/b1")" = "planbook: $TMP/e1 has 1 error; no book was written" ] &&
  [ "$(tail -1 "$TMP/b2")" = "planbook: $TMP/e2 has 2 errors; no book was written" ] &&
  [ "$(tail -1 "$TMP/b1he")" = "planbook: ב-$TMP/e1 יש שגיאה אחת; הספר לא נכתב" ] &&
  [ "$(tail -1 "$TMP/b2he")" = "planbook: ב-$TMP/e2 יש 2 שגיאות; הספר לא נכתב" ] && [ ! -e "$TMP/x.pdf" ] &&
  pass "plural: build says 1 error / 2 errors (שגיאה אחת / 2 שגיאות) and writes nothing" ||
  { fail "plural: build"; tail -1 "$TMP/b1" "$TMP/b2" "$TMP/b1he" "$TMP/b2he"; }
$PB export -o "$TMP/x.csv" "$TMP/e1" 2>"$TMP/x1"
[ "$(tail -1 "$TMP/x1")" = "planbook: $TMP/e1 has 1 error; nothing was exported" ] &&
  pass "plural: export says 1 error" || { fail "plural: export"; tail -1 "$TMP/x1"; }
cp -r "$TMP/e0" "$TMP/l2"; printf 'נושא,,,,,מטרה שנייה,מדד תפוקה,מדד שני,31.12,\n' >> "$TMP/l2/plan.csv"
$PB export -o "$TMP/x.csv" "$TMP/e0" 2>"$TMP/x0"; $PB export -o "$TMP/x2.csv" "$TMP/l2" 2>"$TMP/x2"
[ "$(tail -1 "$TMP/x0")" = "planbook: wrote $TMP/x.csv (1 metric line)" ] &&
  [ "$(tail -1 "$TMP/x2")" = "planbook: wrote $TMP/x2.csv (2 metric lines)" ] &&
  pass "plural: export of a plan of one metric line says 1 metric line, of two, 2 metric lines" ||
  { fail "plural: export lines"; tail -1 "$TMP/x0" "$TMP/x2"; }

# ---- --quiet-warnings: the warnings counted in one line, errors in full
$PB build -o "$TMP/w.pdf" "$TMP/w2" 2>"$TMP/loud"
$PB build --quiet-warnings -o "$TMP/q.pdf" "$TMP/w2" 2>"$TMP/quiet"; rc=$?
[ "$(grep -c ': warning: ' "$TMP/loud")" = 2 ] && [ $rc = 0 ] && [ -s "$TMP/q.pdf" ] &&
  ! grep -q 'warning:' "$TMP/quiet" &&
  [ "$(tail -1 "$TMP/quiet")" = "2 warnings in $TMP/w2 (planbook check $TMP/w2 lists them)" ] &&
  pass "quiet: build prints its 2 warnings; with --quiet-warnings one line counts them and the PDF is written" ||
  { fail "quiet: --quiet-warnings (rc $rc)"; cat "$TMP/loud" "$TMP/quiet"; }
$PB build --quiet-warnings -o "$TMP/q.pdf" "$TMP/w1" 2>"$TMP/quiet1"
[ "$(tail -1 "$TMP/quiet1")" = "1 warning in $TMP/w1 (planbook check $TMP/w1 lists them)" ] &&
  pass "quiet: one warning is '1 warning'" || { fail "quiet: one warning"; cat "$TMP/quiet1"; }
book "$TMP/ew" 1 1
$PB build --quiet-warnings -o "$TMP/ew.pdf" "$TMP/ew" 2>"$TMP/ew.err"; rc=$?
[ $rc = 1 ] && grep -q "plan.csv:3:[0-9]*: row 3, column G (סוג מדד): error: unknown metric type 'סוג אחר'" "$TMP/ew.err" &&
  ! grep -q ': warning: ' "$TMP/ew.err" && grep -q "^1 warning in $TMP/ew " "$TMP/ew.err" &&
  pass "quiet: an error is still printed in full, with the place, beside the warnings' count" ||
  { fail "quiet: errors with --quiet-warnings (rc $rc)"; cat "$TMP/ew.err"; }
# make book itself: the 2020 book's warnings as one line, as many as check lists
n=$($PB check input/2020 2>&1 | grep -c ': warning: ')
make -s book BUILD="$BUILD" OUT="$TMP/mk" >"$TMP/make.out" 2>&1; rc=$?
[ $rc = 0 ] && [ -s "$TMP/mk/book-2020.pdf" ] && ! grep -q 'warning:' "$TMP/make.out" && [ "$n" -gt 1 ] &&
  [ "$(tail -1 "$TMP/make.out")" = "$n warnings in input/2020 (planbook check input/2020 lists them)" ] &&
  pass "quiet: make book ends with one line, '$n warnings in input/2020 …', not $n warnings" ||
  { fail "quiet: make book (rc $rc, check lists $n)"; tail -5 "$TMP/make.out"; }

# ---- the man page
groff -man -Tutf8 -ww docs/planbook.1 >/dev/null 2>"$TMP/groff"
[ ! -s "$TMP/groff" ] && pass "man: docs/planbook.1 renders with groff -man -ww without a warning" ||
  { fail "man: groff warnings"; head "$TMP/groff"; }
LC_ALL=C MANWIDTH=100 man -l docs/planbook.1 >"$TMP/man.txt" 2>/dev/null
missing=""
for o in $(cat "$TMP"/h.* "$TMP/general" | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u); do
  grep -q -- "$o\b" "$TMP/man.txt" || missing="$missing $o"
done
total=$(cat "$TMP"/h.* "$TMP/general" | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u | wc -l)
[ -z "$missing" ] && [ "$total" -ge 25 ] && pass "man: the page describes every one of the $total long options the commands take" ||
  fail "man: options missing from docs/planbook.1:$missing (of $total)"
missing=""
for c in $commands; do grep -q "^       $c\b" "$TMP/man.txt" || missing="$missing $c"; done
[ -z "$missing" ] && pass "man: the page describes every command" || fail "man: commands missing:$missing"
make -s install DESTDIR="$TMP/inst" PREFIX=/usr BUILD="$BUILD" >/dev/null 2>&1
MANPATH="$TMP/inst/usr/share/man" man -w planbook >"$TMP/where" 2>/dev/null
LC_ALL=C MANWIDTH=100 MANPATH="$TMP/inst/usr/share/man" man planbook >"$TMP/man2.txt" 2>/dev/null
[ "$(cat "$TMP/where")" = "$TMP/inst/usr/share/man/man1/planbook.1" ] && grep -q -- '--quiet-warnings' "$TMP/man2.txt" &&
  cmp -s "$TMP/man.txt" "$TMP/man2.txt" &&
  pass "man: make install DESTDIR=… PREFIX=/usr puts it in share/man/man1, and man planbook shows it" ||
  { fail "man: installed page"; cat "$TMP/where"; ls -R "$TMP/inst/usr/share/man" | head; }
# the installed page names the version the program says it is (the Makefile's VERSION)
version=$($TMP/inst/usr/bin/planbook --version 2>/dev/null)
grep -q "^\.TH PLANBOOK 1 .* \"$version\" " "$TMP/inst/usr/share/man/man1/planbook.1" &&
  pass "man: the installed page is of $version, the version planbook --version says" ||
  fail "man: the installed page's .TH does not name '$version'"
