# planbook serve over HTTP (curl): --links and --set-password; who reaches what (no
# token, a made-up token, a revoked one, the dashboard signed out); paths with ../ in any
# spelling; the upload cap (413, nothing stored); file kinds; CSRF; the sign-in rate
# limit; the security headers and cookies; an upload of another kind rewriting book.yaml;
# SIGTERM with a request in flight; and `planbook check` with the data folder inside.
BUILD=${BUILD:-build} # also run alone: sh tests/e2e/serve.sh
. tests/lib.sh
. tests/serve_lib.sh
PY=/usr/bin/python3
book=$TMP/book
cp -r input/2020 "$book"
data=$book/.planbook
# a unit with no plan yet, at the end of the last administration's units
printf '      - id: newunit\n        toc: יחידה חדשה\n        pending: yes\n' >>"$book/book.yaml"

# ---- --set-password, --links
echo 'planning-2020!' | $PB serve --set-password "$book" 2>"$TMP/pw.err"
[ -s "$data/password" ] && grep -q '^\$argon2id\$' "$data/password" && ! grep -q 'planning-2020' "$data/password" &&
  [ "$(stat -c %a "$data/password")" = 600 ] &&
  pass "serve: --set-password keeps only the crypto_pwhash hash (argon2id, mode 600)" ||
  { fail "serve: --set-password"; cat "$TMP/pw.err"; }
echo 'short' | $PB serve --set-password "$book" 2>/dev/null; rc=$?
[ $rc = 2 ] && pass "serve: a password under 8 characters is refused (2)" || fail "serve: short password (rc $rc)"

$PB serve --links "$book" >"$TMP/links" 2>"$TMP/links.err"; rc=$?
$PB list "$book" 2>/dev/null | awk -F'\t' '$2 ~ /^unit/ {print $1}' | sort >"$TMP/ids"
cut -f1 "$TMP/links" | sort >"$TMP/link-ids"
bad=$(grep -vcE '^[a-z0-9_-]+	/u/[0-9a-f]{32}$' "$TMP/links")
[ $rc = 0 ] && [ "$bad" = 0 ] && [ -s "$TMP/ids" ] && cmp -s "$TMP/ids" "$TMP/link-ids" &&
  pass "serve: --links prints ID<TAB>/u/TOKEN for every unit of planbook list ($(wc -l <"$TMP/links"))" ||
  { fail "serve: --links (rc $rc, $bad lines of another shape)"; head -3 "$TMP/links"; }
leaked=0; while read -r id path; do grep -q "${path#/u/}" "$data/links.tsv" && leaked=$((leaked+1)); done <"$TMP/links"
[ "$leaked" = 0 ] && [ "$(wc -l <"$data/links.tsv")" = "$(wc -l <"$TMP/links")" ] &&
  pass "serve: the links file holds one hash per unit and no token" || fail "serve: $leaked tokens stored as they are"
it=$(awk '$1=="it"{print $2}' "$TMP/links"); other=$(awk '$1=="strategy"{print $2}' "$TMP/links")

serve_start "$TMP/serve.log" "$book" || { fail "serve: the server starts"; cat "$TMP/serve.log"; exit 0; }
pass "serve: the server starts on a free loopback port ($PORT)"
code() { curl -s -o "$TMP/body" -w '%{http_code}' --max-time 20 "$@"; }

# ---- who reaches what
c1=$(code "$BASE/u"); c2=$(code "$BASE/u/"); c3=$(code "$BASE/u/0123456789abcdef0123456789abcdef")
c4=$(code "$BASE/u/0123456789abcdef0123456789abcdef/template"); c5=$(code "$BASE/u/not-a-token")
[ "$c1" = 403 ] && [ "$c2" = 403 ] && pass "serve: no token → 403" || fail "serve: no token → $c1 $c2"
[ "$c3" = 403 ] && [ "$c4" = 403 ] && [ "$c5" = 404 ] &&
  pass "serve: a made-up token → 403 (its template too), a malformed one → 404" || fail "serve: made-up token → $c3 $c4 $c5"
c=$(code "$BASE$it"); grep -q 'אגף מערכות מידע' "$TMP/body" && [ "$c" = 200 ] &&
  pass "serve: a unit's link opens its page" || fail "serve: the unit's link → $c"
c=$(curl -s -o "$TMP/t.xlsx" -w '%{http_code}' "$BASE$it/template"); [ "$c" = 200 ] && $PY -c "
import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
sys.exit(0 if ws['G1'].value == 'מטרה' and ws.max_row > 10 else 1)" "$TMP/t.xlsx" &&
  pass "serve: the link downloads the unit's workbook, with its plan" || fail "serve: template → $c"
c=$(code -D "$TMP/h" "$BASE/admin"); grep -qi '^location: /signin' "$TMP/h" && [ "$c" = 303 ] &&
  pass "serve: the dashboard signed out sends to the sign-in page" || fail "serve: /admin signed out → $c"
c=$(code -X POST -d what=book "$BASE/admin/build"); [ "$c" = 403 ] &&
  pass "serve: a dashboard action signed out → 403" || fail "serve: POST /admin/build signed out → $c"

# ---- paths: ../ and its encodings, backslashes, encoded slashes, in every route
$PY - "$PORT" "${it#/u/}" >"$TMP/paths" <<'PY'
# Every route's prefix with ../ in every spelling, once, twice and six times, before
# files the server must never give: sent as they are (http.client does not tidy a path).
import http.client, sys
port, tok = int(sys.argv[1]), sys.argv[2]
evil = ['../', '..%2f', '..%2F', '%2e%2e/', '%2e%2e%2f', '%2E%2E%2F', '%252e%252e%252f', '..%252f',
        '.%2e/', '%2e./', '..\\', '..%5c', '%5c', '%2f', '%2F', '//', '%00', ';/../', '..;/', '%c0%ae%c0%ae/']
targets = ['book.yaml', '.planbook/password', '.planbook/secret', '.planbook/links.tsv', 'etc/passwd',
           'general/it.csv']
prefixes = ['/', '/static/', '/static/style.css/', '/u/', f'/u/{tok}/', f'/u/{tok}/version/',
            f'/u/{tok}/file/', f'/u/{tok}/build/', f'/u/{tok}/template/', '/admin/', '/admin/file/',
            '/admin/build/', '\\', '/signin/']
secrets = [b'root:', b'argon2', b'id: book-2020', 'אבנים גדולות'.encode(), b'\t/u/']
tried = bad = 0
conn = http.client.HTTPConnection('127.0.0.1', port, timeout=20)
for p in prefixes:
    for e in evil:
        for t in targets:
            for n in (1, 2, 6):
                path = p + e * n + t
                tried += 1
                try:
                    conn.request('GET', path)
                    r = conn.getresponse()
                    body = r.read()
                except (http.client.HTTPException, OSError) as x:
                    conn.close(); conn = http.client.HTTPConnection('127.0.0.1', port, timeout=20)
                    continue  # refused as malformed by the HTTP layer: not served either
                if r.status not in (400, 403, 404, 405) or any(s in body for s in secrets):
                    bad += 1
                    print('served', r.status, path)
                if r.getheader('Connection', '').lower() == 'close':
                    conn.close(); conn = http.client.HTTPConnection('127.0.0.1', port, timeout=20)
print(tried, bad)
PY
read -r tried served <<EOF2
$(tail -1 "$TMP/paths")
EOF2
[ "$served" = 0 ] && [ "$tried" -gt 3000 ] &&
  pass "serve: none of $tried paths with ../, encoded dots and slashes, backslashes, in every route, is served (400/403/404/405)" ||
  { fail "serve: $served of $tried traversal paths answered otherwise"; head -5 "$TMP/paths"; }
c=$(code "$BASE/static/style.css"); [ "$c" = 200 ] && grep -q 'direction\|--blue' "$TMP/body" &&
  pass "serve: the style sheet itself is served" || fail "serve: /static/style.css → $c"

# ---- headers and cookies
hdr() { curl -s -D - -o /dev/null --max-time 20 "$@" | tr -d '\r'; }
missing=""
for u in "$BASE/signin" "$BASE$it" "$BASE$it/template" "$BASE/nowhere" "$BASE/admin" "$BASE/static/style.css"; do
  h=$(hdr "$u")
  echo "$h" | grep -qi "^content-security-policy: default-src 'self'" || missing="$missing csp:$u"
  echo "$h" | grep -qi '^x-content-type-options: nosniff' || missing="$missing nosniff:$u"
  echo "$h" | grep -qi '^referrer-policy: no-referrer' || missing="$missing referrer:$u"
  echo "$h" | grep -qi '^x-frame-options: deny' || missing="$missing frame:$u"
done
[ -z "$missing" ] && pass "serve: every answer (page, download, 404, redirect, style) has CSP, nosniff, no-referrer, DENY" ||
  fail "serve: headers missing:$missing"
h=$(hdr -H 'X-Forwarded-Proto: https' "$BASE/signin")
echo "$h" | grep -qi '^set-cookie: pb_pre=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict$' &&
  pass "serve: cookies are HttpOnly; SameSite=Strict, and not Secure from an untrusted X-Forwarded-Proto" ||
  { fail "serve: the sign-in cookie"; echo "$h" | grep -i cookie; }

# ---- sign in
jar=$TMP/jar
curl -s -c "$jar" -b "$jar" -o "$TMP/signin.html" "$BASE/signin"
cs=$(csrf_of "$TMP/signin.html")
c=$(code -c "$jar" -b "$jar" --data-urlencode "csrf=$cs" --data-urlencode 'password=planning-2020!' -D "$TMP/h" "$BASE/signin")
[ "$c" = 303 ] && grep -qi '^set-cookie: pb_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict' "$TMP/h" &&
  pass "serve: the right password signs in (303, a session cookie HttpOnly; SameSite=Strict)" || fail "serve: sign-in → $c"
c=$(code -b "$jar" "$BASE/admin"); [ "$c" = 200 ] && grep -q 'לוח הבקרה' "$TMP/body" && grep -q 'אגף מערכות מידע' "$TMP/body" &&
  pass "serve: signed in, the dashboard lists the units" || fail "serve: dashboard → $c"
cp "$TMP/body" "$TMP/dash.html"; admin_cs=$(csrf_of "$TMP/dash.html")

# ---- the dashboard's builds: asked for at once, run one at a time, a page that waits
wait_done() { # KEY: polls the build's page until it is done or failed (90 s)
  for _ in $(seq 180); do
    curl -s -b "$jar" -o "$TMP/build.html" "$BASE/admin/build/$1"
    grep -q 'id="done"\|id="failed"' "$TMP/build.html" && return 0
    sleep 0.5
  done
  return 1
}
asked=""
for what in sections book check booklet:h1; do
  asked="$asked$(code -b "$jar" --data "csrf=$admin_cs&what=$what" -D "$TMP/h" "$BASE/admin/build")"
done
curl -s -b "$jar" -o "$TMP/wait.html" "$BASE/admin/build/booklet:h1"
[ "$asked" = 303303303303 ] && grep -q 'id="waiting"' "$TMP/wait.html" && grep -q 'http-equiv="refresh" content="2"' "$TMP/wait.html" &&
  grep -q 'ממתין בתור' "$TMP/wait.html" &&
  pass "serve: four builds asked at once; the last one's page says it waits its turn and refreshes itself" ||
  fail "serve: builds asked → $asked"
ok=yes
for what in sections book check booklet:h1; do wait_done "$what" && grep -q 'id="done"' "$TMP/build.html" || { ok=no; echo "       $what:"; grep -o 'id="[a-z]*"[^<]*' "$TMP/build.html" | head -3; }; done
[ $ok = yes ] && grep -q 'שגיאות: 0' "$TMP/build.html" && pass "serve: every build ends (the whole book's check: 0 errors)" || fail "serve: the builds"
c1=$(curl -s -b "$jar" -o "$TMP/book.pdf" -w '%{http_code}' "$BASE/admin/file/book")
c2=$(curl -s -b "$jar" -o "$TMP/booklet.pdf" -w '%{http_code}' "$BASE/admin/file/booklet:h1")
c3=$(curl -s -b "$jar" -o "$TMP/sections.zip" -w '%{http_code}' "$BASE/admin/file/sections")
pages=$(pdfinfo "$TMP/book.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
$PB build -o "$TMP/cli.pdf" "$book" 2>/dev/null; cli_pages=$(pdfinfo "$TMP/cli.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
[ "$c1$c2$c3" = 200200200 ] && qpdf --check "$TMP/book.pdf" >/dev/null 2>&1 && qpdf --check "$TMP/booklet.pdf" >/dev/null 2>&1 &&
  [ -n "$pages" ] && [ "$pages" = "$cli_pages" ] && pdftotext "$TMP/booklet.pdf" - | grep -q 'מחצית' &&
  /usr/bin/python3 -c "
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); names = z.namelist()
assert 'book-2020.pdf' in names and 'book-2020-it.pdf' in names and 'book-2020-general.pdf' in names and len(names) > 100, names[:5]
assert z.testzip() is None and z.read('book-2020-it.pdf')[:5] == b'%PDF-'" "$TMP/sections.zip" &&
  pass "serve: the dashboard downloads the book (as the command line prints it, $pages pages), the booklet, and every section as a zip" ||
  fail "serve: build downloads → $c1 $c2 $c3, $pages pages (command line $cli_pages)"
# the book built again: data/builds keeps each build's newest result only, the sections
# as their zip alone (the folder the zip was made of is gone)
code -b "$jar" --data "csrf=$admin_cs&what=book" "$BASE/admin/build" >/dev/null
wait_done book
B=$book/.planbook/builds
n_book=$(ls "$B" | grep -c '^book-.*\.pdf$'); n_zip=$(ls "$B" | grep -c '^sections-.*\.zip$')
n_dirs=$(find "$B" -mindepth 1 -type d | wc -l)
c=$(curl -s -b "$jar" -o "$TMP/book2.pdf" -w '%{http_code}' "$BASE/admin/file/book")
[ "$n_book" = 1 ] && [ "$n_zip" = 1 ] && [ "$n_dirs" = 0 ] && [ "$c" = 200 ] && qpdf --check "$TMP/book2.pdf" >/dev/null 2>&1 &&
  pass "serve: a new build replaces the one before in data/builds (one book, the sections' zip alone)" ||
  { fail "serve: data/builds after a second build: $n_book books, $n_zip zips, $n_dirs folders ($c)"; ls "$B"; }

# ---- a unit's measurement pages, asked from its page
curl -s -o "$TMP/u.html" "$BASE$it"
c=$(code --data "csrf=$(csrf_of "$TMP/u.html")&what=measurement-h1" -D "$TMP/h" "$BASE$it/build")
for _ in $(seq 120); do
  curl -s -o "$TMP/ub.html" "$BASE$it/build/measurement-h1"; grep -q 'id="done"\|id="failed"' "$TMP/ub.html" && break; sleep 0.5
done
d=$(curl -s -o "$TMP/um.pdf" -w '%{http_code}' "$BASE$it/file/measurement-h1")
x=$(code "$BASE$other/file/measurement-h1")
[ "$c" = 303 ] && grep -q 'id="done"' "$TMP/ub.html" && [ "$d" = 200 ] && qpdf --check "$TMP/um.pdf" >/dev/null 2>&1 &&
  pdftotext "$TMP/um.pdf" - | grep -q 'אגף מערכות מידע' && [ "$x" = 303 ] &&
  pass "serve: a unit's measurement pages (h1) are built from its page and downloaded; another unit's link does not get them" ||
  fail "serve: unit measurement pages → $c, download $d, other unit $x"

# ---- CSRF: every POST without its form's token → 403, and nothing changes
curl -s -o "$TMP/unit.html" "$BASE$it"; unit_cs=$(csrf_of "$TMP/unit.html")
curl -s -o "$TMP/it.xlsx" "$BASE$it/template"
$PY -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); wb['תוכנית']['I3'] = 'איפיון דרישות – עודכן'; wb.save(sys.argv[2])" "$TMP/it.xlsx" "$TMP/good.xlsx"
snapshot "$book" >"$TMP/before"
r1=$(code -F "plan=@$TMP/good.xlsx" "$BASE$it/upload")
r2=$(code -F csrf=0000000000000000000000000000000000000000000000000000000000000000 -F "plan=@$TMP/good.xlsx" "$BASE$it/upload")
r3=$(code -F "csrf=$(csrf_of "$TMP/dash.html")" -F "plan=@$TMP/good.xlsx" "$BASE$it/upload")
r4=$(code --data version=1 "$BASE$it/restore")
r5=$(code -b "$jar" --data what=book "$BASE/admin/build")
r6=$(code -b "$jar" --data "unit=it&action=revoke" "$BASE/admin/link")
r7=$(code -b "$jar" --data "password=planning-2020!" "$BASE/signin")
r8=$(code --data "csrf=$unit_cs&what=section" "$BASE$other/build")
snapshot "$book" >"$TMP/after"
[ "$r1$r2$r3$r4$r5$r6$r7" = 403403403403403403403 ] && [ "$r8" = 403 ] && cmp -s "$TMP/before" "$TMP/after" &&
  pass "serve: POSTs without their form's CSRF token (none, made up, another form's, another unit's) → 403, nothing changed" ||
  { fail "serve: CSRF → $r1 $r2 $r3 $r4 $r5 $r6 $r7 $r8"; diff "$TMP/before" "$TMP/after" | head -5; }

# ---- the upload cap: 413, nothing stored (the input and the data folder byte for byte)
{ printf 'PK\003\004'; head -c $((21 * 1024 * 1024)) /dev/zero; } >"$TMP/big.xlsx"
snapshot "$book" >"$TMP/before"
c1=$(code -F "csrf=$unit_cs" -F "plan=@$TMP/big.xlsx" "$BASE$it/upload")
c2=$(code -H 'Transfer-Encoding: chunked' -F "csrf=$unit_cs" -F "plan=@$TMP/big.xlsx" "$BASE$it/upload")
c3=$(code -H 'Expect:' -F "csrf=$unit_cs" -F "plan=@$TMP/big.xlsx" "$BASE$it/upload")
snapshot "$book" >"$TMP/after"
[ "$c1" = 413 ] && [ "$c2" = 413 ] && [ "$c3" = 413 ] && cmp -s "$TMP/before" "$TMP/after" && [ -z "$(ls -A "$data/tmp")" ] &&
  pass "serve: a 21 MB upload → 413 (with Content-Length, streamed chunked, sent whole), nothing stored" ||
  { fail "serve: oversized upload → $c1 $c2 $c3"; diff "$TMP/before" "$TMP/after" | head -5; ls -A "$data/tmp"; }

# ---- file kinds: judged by content, not name; nothing kept
printf '%%PDF-1.4 not a plan' >"$TMP/plan.xlsx"; printf '\320\317\021\340old excel' >"$TMP/old.xlsx"; : >"$TMP/empty.csv"
snapshot "$book" >"$TMP/before"
k1=$(code -F "csrf=$unit_cs" -F "plan=@$TMP/plan.xlsx" "$BASE$it/upload"); grep -q 'id="problem"' "$TMP/body" || k1="$k1(no message)"
k2=$(code -F "csrf=$unit_cs" -F "plan=@$TMP/old.xlsx" "$BASE$it/upload"); grep -q 'xls' "$TMP/body" || k2="$k2(no message)"
k3=$(code -F "csrf=$unit_cs" -F "plan=@$TMP/empty.csv" "$BASE$it/upload")
k4=$(code -F "csrf=$unit_cs" -F "plan=@$TMP/good.xlsx;filename=../../book.yaml" -F "plan=@$TMP/good.xlsx" "$BASE$it/upload")
snapshot "$book" >"$TMP/after"
[ "$k1$k2$k3" = 415415415 ] && [ "$k4" = 400 ] && cmp -s "$TMP/before" "$TMP/after" && [ -z "$(ls -A "$data/tmp")" ] &&
  pass "serve: a PDF named .xlsx, an old .xls, an empty file → 415 with a message, two files in one form → 400; nothing kept" ||
  fail "serve: file kinds → $k1 $k2 $k3 $k4"

# ---- a workbook where book.yaml names a CSV: book.yaml's plan: is rewritten, the CSV goes
# to the history, and the client's file name (../../book.yaml) reaches nothing
cp "$book/book.yaml" "$TMP/book.yaml.before"
c=$(code -F "csrf=$unit_cs" -F "plan=@$TMP/good.xlsx;filename=../../book.yaml" "$BASE$it/upload")
diff "$TMP/book.yaml.before" "$book/book.yaml" >"$TMP/yaml.diff"
[ "$c" = 200 ] && grep -q 'id="accepted" data-version="2"' "$TMP/body" && [ -f "$book/general/it.xlsx" ] && [ ! -e "$book/general/it.csv" ] &&
  [ "$(grep -c '^[<>]' "$TMP/yaml.diff")" = 2 ] && grep -q '^> *plan: general/it.xlsx' "$TMP/yaml.diff" &&
  cmp -s "$data/history/book.yaml/000001.yaml" "$TMP/book.yaml.before" && cmp -s "$data/history/it/000001.csv" input/2020/general/it.csv &&
  cmp -s "$data/history/it/000002.xlsx" "$TMP/good.xlsx" && cmp -s "$book/general/it.xlsx" "$TMP/good.xlsx" &&
  pass "serve: a workbook for a CSV plan: one line of book.yaml changes, both versions and the old book.yaml are in the history" ||
  { fail "serve: upload of another kind → $c"; cat "$TMP/yaml.diff"; }
$PB check "$book" >/dev/null 2>"$TMP/check.err"; rc=$?
$PB build -o "$TMP/after.pdf" "$book" >/dev/null 2>&1 && pdftotext "$TMP/after.pdf" - | grep -q 'איפיון דרישות – עודכן' && built=yes || built=no
[ $rc = 0 ] && ! grep -q 'PB030' "$TMP/check.err" && [ $built = yes ] &&
  pass "serve: planbook check of the input stays clean with .planbook inside (history, rejected, tmp), and the book prints the upload" ||
  { fail "serve: check after uploads (rc $rc, built $built)"; grep PB030 "$TMP/check.err" | head -3; }
cp "$book/general/it.xlsx" "$book/stray.csv"
$PB check "$book" 2>&1 | grep -q 'stray.csv.*PB030' && pass "serve: (the same check still reports a stray file outside .planbook)" ||
  fail "serve: check does not report an unlisted file"
rm "$book/stray.csv"

# ---- a pending unit's first plan: a file named from its id, and a plan: line after its id
newunit=$(awk '$1=="newunit"{print $2}' "$TMP/links")
curl -s -o "$TMP/new.html" "$BASE$newunit"
c=$(code -F "csrf=$(csrf_of "$TMP/new.html")" -F "plan=@input/2020/general/it.csv;filename=..%2f..%2fevil.csv" "$BASE$newunit/upload")
[ "$c" = 200 ] && cmp -s "$book/newunit.csv" input/2020/general/it.csv && ! ls "$book"/*evil* "$TMP"/*evil* >/dev/null 2>&1 &&
  tail -4 "$book/book.yaml" | grep -q '^        plan: newunit.csv$' && $PB check "$book" >/dev/null 2>&1 &&
  pass "serve: a pending unit's first plan is INPUT_DIR/newunit.csv (from its id, not the client's name), book.yaml gets its plan: line" ||
  { fail "serve: pending unit's upload → $c"; tail -4 "$book/book.yaml"; }

# ---- the sign-in rate limit
rate() { code -c "$jar.$1" -b "$jar.$1" ${2:+-H "X-Forwarded-For: $2"} --data-urlencode "csrf=$(csrf_of "$TMP/s.$1")" --data-urlencode "password=$3" "$BASE/signin"; }
curl -s -c "$jar.a" -b "$jar.a" -o "$TMP/s.a" "$BASE/signin"
codes=""; for i in 1 2 3 4 5; do codes="$codes$(rate a '' wrong-password-$i)"; done
sixth=$(rate a '' 'planning-2020!'); grep -q 'שניות' "$TMP/body" && msg=yes || msg=no
[ "$codes" = 401401401401401 ] && [ "$sixth" = 429 ] && [ $msg = yes ] &&
  pass "serve: sign-in is rate-limited: 5 wrong passwords (401), then even the right one → 429 with the wait" ||
  fail "serve: rate limit → $codes then $sixth"
curl -s -D "$TMP/h" -c "$jar.a" -b "$jar.a" -o /dev/null --data-urlencode "csrf=$(csrf_of "$TMP/s.a")" --data-urlencode "password=x" "$BASE/signin"
grep -qi '^retry-after: [0-9]' "$TMP/h" && pass "serve: the 429 says Retry-After" || fail "serve: no Retry-After"

# ---- revoke and reissue from the dashboard; --links revokes every earlier link
c=$(code -b "$jar" --data "csrf=$admin_cs&unit=strategy&action=reissue" "$BASE/admin/link")
new=$(grep -o '/u/[0-9a-f]\{32\}' "$TMP/body" | head -1)
o=$(code "$BASE$other"); n=$(code "$BASE$new")
[ "$c" = 200 ] && [ -n "$new" ] && [ "$o" = 403 ] && [ "$n" = 200 ] &&
  pass "serve: reissuing a link from the dashboard: the new one opens the page, the old one → 403" || fail "serve: reissue → $c, old $o, new $n"
c=$(code -b "$jar" --data "csrf=$admin_cs&unit=strategy&action=revoke" "$BASE/admin/link"); n=$(code "$BASE$new")
[ "$c" = 200 ] && [ "$n" = 403 ] && pass "serve: a revoked link → 403" || fail "serve: revoke → $c, link $n"
$PB serve --links "$book" >"$TMP/links2" 2>/dev/null
o=$(code "$BASE$it"); n=$(code "$BASE$(awk '$1=="it"{print $2}' "$TMP/links2")")
[ "$o" = 403 ] && [ "$n" = 200 ] && pass "serve: --links while serving issues new links, and the old ones stop working" ||
  fail "serve: --links again → old $o, new $n"
it=$(awk '$1=="it"{print $2}' "$TMP/links2")

# ---- SIGTERM: a request in flight is answered, new ones are refused, exit 0
head -c 1500000 /dev/urandom >"$TMP/slow.bin"
curl -s -o "$TMP/unit2.html" "$BASE$it"
curl -s -o "$TMP/slow.out" -w '%{http_code}' --limit-rate 300k -F "csrf=$(csrf_of "$TMP/unit2.html")" -F "plan=@$TMP/slow.bin" "$BASE$it/upload" >"$TMP/slow.code" &
slow=$!
sleep 1.5
kill -TERM "$SERVE_PID"
sleep 0.5
late=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/signin"); late_rc=$?
wait $slow
for _ in $(seq 300); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
wait "$SERVE_PID"; status=$?
[ "$(cat "$TMP/slow.code")" = 415 ] && grep -q 'id="problem"' "$TMP/slow.out" && [ $status = 0 ] && [ "$late_rc" != 0 ] && grep -q 'stopped\|נעצר' "$TMP/serve.log" &&
  pass "serve: SIGTERM: the upload in flight (1.5 MB, slowly) is answered (415: not a plan), a new request is refused, exit 0" ||
  { fail "serve: SIGTERM (in flight $(cat "$TMP/slow.code"), late $late rc $late_rc, exit $status)"; tail -5 "$TMP/serve.log"; }

# ---- the log: one line per request, never a token
lines=$(grep -c '^20[0-9-]*T[0-9:]*Z 127.0.0.1 [A-Z]* /' "$TMP/serve.log")
leaked=0; for t in $(cut -f2 "$TMP/links" "$TMP/links2" | sed 's|/u/||'); do grep -q "$t" "$TMP/serve.log" && leaked=$((leaked+1)); done
[ "$lines" -gt 1000 ] && [ "$leaked" = 0 ] && grep -q ' POST /u/\*/upload 413 ' "$TMP/serve.log" &&
  pass "serve: one log line per request (time, address, method, path, status, bytes, ms: $lines lines), no token in it" ||
  fail "serve: the log ($lines lines, $leaked tokens)"

# ---- behind a proxy: its X-Forwarded-Proto and X-Forwarded-For trusted; --lang en
if serve_start "$TMP/proxy.log" "$book" --behind-proxy --lang en; then
  h=$(hdr -H 'X-Forwarded-Proto: https' "$BASE/signin")
  echo "$h" | grep -qi '^set-cookie: pb_pre=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Secure$' &&
    pass "serve: --behind-proxy: cookies are Secure when the proxy says https" || { fail "serve: Secure cookie"; echo "$h" | grep -i cookie; }
  curl -s -c "$jar.p" -b "$jar.p" -o "$TMP/s.p" "$BASE/signin"
  codes=""; for i in 1 2 3 4 5 6; do codes="$codes$(rate p 10.9.9.1 wrong-$i)"; done
  other=$(rate p 10.9.9.2 'planning-2020!')
  [ "$codes" = 401401401401401429 ] && [ "$other" = 303 ] &&
    pass "serve: --behind-proxy: the limit is per client address (X-Forwarded-For): another address still signs in" ||
    fail "serve: per-address limit → $codes, other $other"
  curl -s -o "$TMP/t2.xlsx" "$BASE$it/template"
  $PY -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); wb['תוכנית']['H12'] = 'מדד שאינו קיים'; wb.save(sys.argv[2])" "$TMP/t2.xlsx" "$TMP/bad.xlsx"
  curl -s -o "$TMP/unit3.html" "$BASE$it"
  c=$(code -F "csrf=$(csrf_of "$TMP/unit3.html")" -F "plan=@$TMP/bad.xlsx" "$BASE$it/upload")
  [ "$c" = 422 ] && grep -q 'תוכנית!H12 (סוג מדד)</bdi><strong>error:</strong> unknown metric type' "$TMP/body" &&
    ls "$data/rejected/" | grep -q '^it-.*\.xlsx$' &&
    pass "serve: --lang en: a broken workbook's error is in English, at its cell; the upload is kept aside in rejected/" ||
    { fail "serve: --lang en upload → $c"; grep -o '<li[^>]*>.*H12.*</li>' "$TMP/body" | head -2; }
  serve_stop
  [ "$SERVE_STATUS" = 0 ] && pass "serve: the second server stops with status 0" || fail "serve: second server's status $SERVE_STATUS"
else
  fail "serve: a server --behind-proxy --lang en starts"; cat "$TMP/proxy.log"
fi

# ---- make install: the program, web/ and planbook.service; the installed server finds its pages
make -s install DESTDIR="$TMP/inst" PREFIX=/usr/local BUILD="$BUILD" >/dev/null 2>&1
unit_file=$TMP/inst/usr/local/lib/systemd/system/planbook.service
cp -r input/2020 "$TMP/inst-book"
if [ -f "$unit_file" ] && grep -q '^ExecStart=/usr/local/bin/planbook serve .*--behind-proxy' "$unit_file" &&
   grep -q '^KillSignal=SIGTERM' "$unit_file" && [ -f "$TMP/inst/usr/local/share/planbook/web/unit.html" ] &&
   SERVE_PB=$TMP/inst/usr/local/bin/planbook serve_start "$TMP/inst.log" "$TMP/inst-book"; then
  c=$(code "$BASE/signin"); grep -q 'כניסה ליחידת התכנון' "$TMP/body" && s=ok || s=no
  serve_stop
  [ "$c" = 200 ] && [ $s = ok ] && [ "$SERVE_STATUS" = 0 ] &&
    pass "serve: make install puts planbook.service and web/ in place, and the installed server serves its pages" ||
    fail "serve: the installed server → $c"
else
  fail "serve: make install (DESTDIR)"; ls -R "$TMP/inst" | head
fi
