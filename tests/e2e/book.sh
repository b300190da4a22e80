# The assembled book: contents against reality, document language, printing a unit or an
# administration alone (same page numbers, or from 1), and --split.
. tests/lib.sh
$PB build -o "$TMP/book.pdf" input/2020 2>/dev/null
python3 tests/toc.py "$TMP/book.pdf" input/2020/book.yaml
check "book: the catalog says Hebrew (he-IL) and opens with the bookmarks" sh -c \
  "qpdf --json --json-key=qpdf '$TMP/book.pdf' | grep -q '\"/Lang\": \"u:he-IL\"' && qpdf --json --json-key=qpdf '$TMP/book.pdf' | grep -q '\"/PageMode\": \"/UseOutlines\"'"
check "book: the first page is the cover" sh -c "pdftotext -f 1 -l 1 '$TMP/book.pdf' - | grep -q 'תוכניות עבודה מקושרות תקציב'"
check "book: the table of contents comes before the first letter" sh -c \
  "pdftotext -f 3 -l 3 '$TMP/book.pdf' - | grep -q 'תוכן העניינים'"
$PB list input/2020 > "$TMP/list" 2>/dev/null
# text of page P of a PDF, without its last line (the page number) when asked
page_text() { pdftotext -f "$2" -l "$2" "$1" - | sed -e 's/\xe2\x80\xaa//g' -e 's/\xe2\x80\xab//g' -e 's/\xe2\x80\xac//g' | grep -v '^\s*$'; }
# the text without the last line that is exactly N; fails if there is none
drop_last_line_equal() { awk -v n="$1" '{ l[NR] = $0; if ($0 == n) at = NR } END { if (!at) exit 1; for (i = 1; i <= NR; i++) if (i != at) print l[i] }'; }
same_pages() { # PDF FIRST_IN_PDF BOOK_FIRST COUNT [renumbered]
  for i in $(seq 0 $(($4 - 1))); do
    a=$(page_text "$1" $(($2 + i))); b=$(page_text "$TMP/book.pdf" $(($3 + i)))
    if [ -n "$5" ]; then
      # each page's own number, wherever poppler puts it, is taken out before comparing
      a=$(printf '%s\n' "$a" | drop_last_line_equal $((i + 1))) || return 1
      b=$(printf '%s\n' "$b" | drop_last_line_equal $(($3 + i))) || return 1
    fi
    [ "$a" = "$b" ] || return 1
  done
}
range=$(awk -F'\t' '$1 == "strategy" { print $4 }' "$TMP/list"); first=${range%-*}; last=${range#*-}
n=$((last - first + 1))
$PB build --unit strategy -o "$TMP/unit.pdf" input/2020 2>/dev/null
check "unit: --unit prints a title page and the unit's $n pages" \
  test "$(pdfinfo "$TMP/unit.pdf" | awk '/^Pages:/ {print $2}')" = $((n + 1))
check "unit: they are the book's pages $first-$last, with the book's page numbers" same_pages "$TMP/unit.pdf" 2 $first $n
$PB build --unit strategy --renumber -o "$TMP/unit1.pdf" input/2020 2>/dev/null
check "unit: with --renumber the same pages are numbered from 1" same_pages "$TMP/unit1.pdf" 2 $first $n renumbered
range=$(awk -F'\t' '$1 == "finance" { print $4 }' "$TMP/list"); first=${range%-*}; last=${range#*-}
$PB build --section finance -o "$TMP/section.pdf" input/2020 2>/dev/null
check "section: --section prints a title page and the administration's pages $((first + 1))-$last (its title page stands for its divider, page $first)" \
  test "$(pdfinfo "$TMP/section.pdf" | awk '/^Pages:/ {print $2}')" = $((last - first + 1))
check "section: they are the book's pages $((first + 1))-$last, with the book's page numbers" same_pages "$TMP/section.pdf" 2 $((first + 1)) $((last - first))
check "section: an unknown id is a usage error naming it" sh -c \
  "$PB build --unit nosuch -o '$TMP/x.pdf' input/2020 2>&1 | grep -q \"no unit with the id 'nosuch'\"; test ! -e '$TMP/x.pdf'"
$PB build --split "$TMP/split" input/2020 2>/dev/null
check "split: the whole book, every administration and every unit in one run" \
  test "$(ls "$TMP/split" | wc -l)" = $((1 + $(wc -l < "$TMP/list")))
range=$(awk -F'\t' '$1 == "secretariat" { print $4 }' "$TMP/list"); first=${range%-*}; last=${range#*-}
check "split: a unit's file (book-2020-secretariat.pdf) holds its title page, then its pages, numbered as in the book" \
  same_pages "$TMP/split/book-2020-secretariat.pdf" 2 $first $((last - first + 1))
check "split: the whole book in the split is the book" sh -c \
  "test \$(pdfinfo '$TMP/split/book-2020.pdf' | awk '/^Pages:/ {print \$2}') = \$(pdfinfo '$TMP/book.pdf' | awk '/^Pages:/ {print \$2}')"
