# A mistake in book.yaml reads as what to do, at the line to change.
. tests/lib.sh
cp tests/data/sample/* "$TMP/"
cp "$TMP/book.yaml" "$TMP/orig.yaml"
# edit FROM TO: book.yaml with the first FROM replaced by TO
edit() { python3 -c "import sys; s = open(sys.argv[1]).read(); open(sys.argv[2], 'w').write(s.replace(sys.argv[3], sys.argv[4], 1))" "$TMP/orig.yaml" "$TMP/book.yaml" "$1" "$2"; }
# expect NAME WANT: planbook check fails and its first line holds WANT
expect() {
  $PB check --lang en "$TMP" 2>"$TMP/err"; rc=$?
  if [ $rc = 1 ] && head -1 "$TMP/err" | grep -qF -- "$2"; then pass "yaml: $1"; else fail "yaml: $1 (rc $rc)"; head -3 "$TMP/err" | sed 's/^/       /'; fi
}
edit "    title: פתיחה" "      title: פתיחה"
expect "a key indented too far says under which key" "book.yaml:9:7: error: indent 'title:' under 'id:' (line 8)"
edit "        prose: letter.md" "       prose: letter.md"
expect "a key indented too little says under which key" "book.yaml:12:8: error: indent 'prose:' under 'toc:' (line 11)"
edit "year: 2020" "year:2020"
expect "key:value asks for a space" "book.yaml:3:1: error: put a space after 'year:'"
edit "title: ספר לדוגמה" "title: #ספר לדוגמה"
expect "a value starting with # asks for quotes" "book.yaml:4:1: error: put the value of 'title' in quotes: it starts with #"
edit "      - prose: features.md" "      - {prose: features.md, toc: א, ב}"
expect "a value cut at its comma in {} asks for quotes" "error: 'ב' has no value: if it is part of the value of 'toc', put that value in quotes: it has a comma"
edit "title: ספר לדוגמה" "title: ספר: לדוגמה"
expect "a value with ': ' asks for quotes" "book.yaml:4:1: error: put the value of 'title' in quotes: it has ': '"
edit "title: ספר לדוגמה" "title: \"ספר לדוגמה"
expect "an unclosed quote names the line it opens on" "book.yaml:4:1: error: a quote opened on this line is never closed"
edit "    title: פתיחה" "	title: פתיחה"
expect "a tab in the indentation" "book.yaml:9:1: error: indent with spaces, not with tabs"
edit "title: ספר לדוגמה" "title: [ספר, לדוגמה"
expect "an unclosed list" "book.yaml:4:1: error: close the brackets opened on this line"
# a layout file is read by the same reader: a colour after '#' without quotes
sed 's/^\( *\)\(title-fill\|rule\|text\): *"\(#[0-9A-Fa-f]*\)"/\1\2: \3/' layouts/book.yaml > "$TMP/layout.yaml"
ln -s "$PWD/fonts" "$TMP/fonts" 2>/dev/null
if grep -q ': #[0-9A-Fa-f]' "$TMP/layout.yaml"; then
  $PB check --lang en --layout "$TMP/layout.yaml" "$TMP" 2>"$TMP/err"; rc=$?
  [ $rc != 0 ] && grep -qF 'put the colour in quotes: title-fill: "#1F3864"' "$TMP/err" &&
    ! grep -q "is not a valid colour" "$TMP/err" &&
    pass "yaml: an unquoted colour in the layout asks for quotes" || { fail "yaml: an unquoted colour in the layout (rc $rc)"; head -3 "$TMP/err"; }
else
  fail "yaml: the layout has no quoted colour to unquote"
fi
