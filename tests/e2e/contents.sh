# The contents pages (issue 15, item 1): leaders from the number to the entry's last line on
# one grid, the numbers right-aligned in one box per column, entries broken between words
# into a hanging indent, never inside a bracketed group, no lone word on a last line, the
# last page's columns balanced; checked on the dump and on poppler's reading of the PDF
# (tests/contents_layout.py), for the 2020 book and for a book whose contents take pages.
. tests/lib.sh
$PB build -o "$TMP/book.pdf" input/2020 2>/dev/null || fail "contents: input/2020 builds"
$PB dump input/2020 > "$TMP/dump" 2>/dev/null
python3 tests/contents_layout.py "$TMP/dump" "$TMP/book.pdf" layouts/book.yaml

python3 tests/contents_book.py "$TMP/long"
$PB build -o "$TMP/long.pdf" "$TMP/long" 2>/dev/null || fail "contents: the long book builds"
$PB dump "$TMP/long" > "$TMP/long.dump" 2>/dev/null
# its groups longer than a line may break; its entries are made up, so the pages are
# checked from the dump and poppler's glyphs only
python3 tests/contents_layout.py --wide-groups "$TMP/long.dump" "$TMP/long.pdf" layouts/book.yaml | sed 's/contents/contents (long book)/'
python3 tests/toc.py "$TMP/long.pdf" "$TMP/long/book.yaml" | sed 's/contents/contents (long book)/'
# the pages kept for the contents before the numbers were known are the pages it fills:
# each contents page shown twice by the dump (kept, then filled), the second time with entries
kept=$(awk '/^page [0-9]+ / { p = ($3 == "contents") ? $2 : ""; if (p != "") seen[p]++ }
  p != "" && seen[p] == 2 && /contents-entry/ { full[p] = 1 }
  END { for (q in seen) printf "%s:%d%s ", q, seen[q], full[q] ? "" : "-empty" }' "$TMP/long.dump")
check "contents (long book): the pages kept for the contents are each filled ($kept)" \
  sh -c "echo '$kept' | grep -q ' .*:' && ! echo '$kept' | grep -q -e '-empty' -e ':[013-9]'"
# the entry too long for a line: its group broken between words, its word between letters
check "contents (long book): a bracketed group wider than a column breaks between its words" \
  grep -q 'contents-entry .*"מחלקה אזורית (א, [^)]*,"$' "$TMP/long.dump"
# four entries of 60 letters each, every letter printed, on lines of no more than a column
check "contents (long book): a word wider than a column breaks between its letters" python3 -c "
import re, sys
parts = re.findall(r'contents-entry .*\"(א+)\"\$', open('$TMP/long.dump', encoding='utf-8').read(), re.M)
print(len(parts), 'lines', sum(map(len, parts)), 'letters')
sys.exit(0 if len(parts) >= 8 and sum(map(len, parts)) == 240 else 1)"
# what a screen reader reads: each Link of the contents gives its entry's whole name, as
# book.yaml has it, a space and the page number (wrapped lines joined by a space, the
# letters of a broken word not)
pdfinfo -struct-text "$TMP/long.pdf" > "$TMP/struct" 2>/dev/null
python3 tests/contents_links.py "$TMP/struct" "$TMP/long/book.yaml" | sed 's/contents/contents (long book)/'
