# The values of a layout file (issue 15): a value that cannot make a printable page is an
# error at the line it is written on, with no PDF written; a font the layout names is
# found from a copy of the layout in another folder, and one that cannot be used falls
# back to planbook's own with a warning; book.yaml's title-pattern and calendar:.
. tests/lib.sh
FONTS=$PWD/fonts
cp -r tests/data/sample "$TMP/book"
mkdir -p "$TMP/lay"

# layout LINES…: $TMP/lay/l.yaml, four lines naming the fonts, then LINES from line 5
layout() {
  { printf 'fonts:\n  sans:\n    regular: %s/LiberationSans-Regular.ttf\n' "$FONTS"
    printf '    bold: %s/LiberationSans-Bold.ttf\n' "$FONTS"
    for l in "$@"; do printf '%s\n' "$l"; done; } > "$TMP/lay/l.yaml"
}
# refused NAME LINE WANT: building with $TMP/lay/l.yaml exits non-zero, reports an error
# at l.yaml:LINE whose text holds WANT, and leaves no PDF
refused() {
  rm -f "$TMP/out.pdf"
  $PB build --lang en --layout "$TMP/lay/l.yaml" -o "$TMP/out.pdf" "$TMP/book" >"$TMP/err" 2>&1; rc=$?
  if [ $rc != 0 ] && [ ! -e "$TMP/out.pdf" ] && grep -F "l.yaml:$2:" "$TMP/err" | grep -qF -- "$3"; then
    pass "layout values: $1"
  else
    fail "layout values: $1 (exit $rc$( [ -e "$TMP/out.pdf" ] && echo ', a PDF was written'))"
    sed 's/^/       /' "$TMP/err" | head -5
  fi
}

# the base of these layouts is itself accepted, so that each refusal is its line's doing
layout 'text:' '  body: {font: sans, size: 11}'
check "layout values: the minimal layout builds the sample book" \
  $PB build --layout "$TMP/lay/l.yaml" -o "$TMP/ok.pdf" "$TMP/book"

layout 'text:' '  body: {font: sans, size: 11}' '  title: {size: 0}'
refused "a font size of 0 is an error at its line (not the PDF library's)" 7 \
  "error: 'size: 0' cannot be used: a font size is 4 to 200 pt [PB120]"
layout 'text:' '  heading2:' '    bold: yes' '    size: 900'
refused "a font size of 900 pt is an error at its line" 8 "'size: 900' cannot be used: a font size is 4 to 200 pt"
layout 'text:' '  body: {font: sans, size: 11, leading: 0}'
refused "a line height of 0 is an error at its line" 6 "'leading: 0' cannot be used: the line height"
layout 'pages:' '  prose:' '    size: A4' '    margins: {top: 20, bottom: 20, right: 120, left: 100}'
refused "right and left margins wider than the page are an error at their line" 8 \
  "'right: 120' cannot be used: the right and left margins (120 and 100 mm) leave 0 mm of the page's width (210 mm)"
# A4 landscape is 210 mm high: 100 + 90 mm of margins leave 20 mm
layout 'tables:' '  page:' '    orientation: landscape' '    margins:' '      top: 100' '      bottom: 90'
refused "top and bottom margins that leave 20 mm of a landscape page are an error at the larger" 9 \
  "'top: 100' cannot be used: the top and bottom margins (100 and 90 mm) leave 20 mm of the page's height (210 mm)"
# the narrowest column of the shipped widths, tabar, is 4 of 105 shares of 277 mm: 10.6 mm
layout 'tables:' '  border-width: 0.4' '  padding: 30'
refused "a padding wider than its column is an error at its line" 7 \
  "'padding: 30' cannot be used: the column 'tabar' is 10.6 mm wide on the page, and a padding of 30.0 mm on each side"
layout 'tables:' '  widths: {topic: 8, vision: 0, policy: 11}'
refused "a column width of 0 is an error at its line" 6 \
  "'vision: 0' cannot be used: a column's width is its share of the table's width, above 0"
layout 'tables:' '  widths:' '    topic: 8' '    budget: -2'
refused "a negative column width is an error at its line" 8 "'budget: -2' cannot be used"
layout 'tables:' '  widths:' '    tabar: 0.1'
refused "a column too narrow for its padding is an error at its width's line" 7 \
  "'tabar: 0.1' cannot be used: the column 'tabar' is 0.3 mm wide"
layout 'rules:' '  color: #8EA9DB' '  width: 0.75'
refused "an unquoted colour says to put it in quotes, at its line" 6 \
  'error: put the colour in quotes: color: "#8EA9DB" (YAML reads # as the start of a comment'
check "layout values: the unquoted colour is not also called an invalid colour ''" \
  sh -c "! grep -q 'is not a valid colour' '$TMP/err'"
layout 'rules:' '  color: "#-12345"'
refused "a colour with a sign in it is an error at its line" 6 "'#-12345' is not a valid colour"
layout 'rules:' '  color: "#12345G"'
refused "a colour with a letter that is no hex digit is an error at its line" 6 \
  "'#12345G' is not a valid colour"
# "#RGB", as CSS writes it, is "#RRGGBB" with each digit doubled: the two files are the same
layout 'rules:' '  color: "#2F5"'
$PB build --layout "$TMP/lay/l.yaml" -o "$TMP/short.pdf" "$TMP/book" >/dev/null 2>&1
layout 'rules:' '  color: "#22FF55"'
$PB build --layout "$TMP/lay/l.yaml" -o "$TMP/long.pdf" "$TMP/book" >/dev/null 2>&1
layout 'rules:' '  color: "#22FF56"'
$PB build --layout "$TMP/lay/l.yaml" -o "$TMP/other.pdf" "$TMP/book" >/dev/null 2>&1
check "layout values: a colour written #2F5 draws as #22FF55 (and #22FF56 differs)" \
  sh -c "cmp -s '$TMP/short.pdf' '$TMP/long.pdf' && ! cmp -s '$TMP/long.pdf' '$TMP/other.pdf'"

# a font file that cannot be used: a warning at its line, planbook's face, and the book
for bad in missing nofont; do
  printf 'this is not a font\n' > "$TMP/lay/nofont.ttf"
  { printf 'fonts:\n  sans:\n    regular: %s/LiberationSans-Regular.ttf\n' "$FONTS"
    printf '    bold: %s.ttf\ntext:\n  title: {bold: yes}\n' "$bad"; } > "$TMP/lay/f.yaml"
  rm -f "$TMP/f.pdf"
  $PB build --lang en --layout "$TMP/lay/f.yaml" -o "$TMP/f.pdf" "$TMP/book" >"$TMP/err" 2>&1; rc=$?
  check "layout values: a $bad font file is a warning at its line naming it" \
    grep -q "f.yaml:4:[0-9]*: warning: cannot use the font file .*/lay/$bad.ttf; the book uses .*/LiberationSans-Bold.ttf instead \[PB121\]" "$TMP/err"
  check "layout values: with a $bad font file the book is still written (exit 0)" \
    sh -c "[ $rc = 0 ] && [ -s '$TMP/f.pdf' ]"
  # the titles are bold: the face put in place of the one named is embedded
  check "layout values: with a $bad font file the PDF embeds planbook's bold face instead" \
    sh -c "pdffonts '$TMP/f.pdf' | grep -q '+LiberationSans-Bold,Bold '"
done

# the shipped layout copied to a folder of its own still finds the fonts it names
mkdir -p "$TMP/elsewhere"
cp layouts/book.yaml "$TMP/elsewhere/mine.yaml"
$PB build --layout "$TMP/elsewhere/mine.yaml" -o "$TMP/copy.pdf" "$TMP/book" >"$TMP/err" 2>&1; rc=$?
check "layout values: a copied layout builds the book (exit 0)" sh -c "[ $rc = 0 ] && [ -s '$TMP/copy.pdf' ]"
check "layout values: a copied layout finds its fonts without a message about them" \
  sh -c "! grep -q 'PB008\|PB121' '$TMP/err'"
check "layout values: a copied layout's PDF embeds the fonts it names" \
  sh -c "pdffonts '$TMP/copy.pdf' | grep -q '+LiberationSans ' && pdffonts '$TMP/copy.pdf' | grep -q '+LiberationSans-Bold,Bold '"

# title-pattern at the top of book.yaml: every table takes it, unless its unit names one;
# the expected titles are the layout's patterns (layouts/book.yaml) with the units' names
cp -r tests/data/tables "$TMP/tables"
sed -i 's/^title: .*/&\ntitle-pattern: plain/; s/^        toc: תא גבוה מעמוד/&\n        title-pattern: linked-budget/' "$TMP/tables/book.yaml"
$PB dump "$TMP/tables" > "$TMP/tdump" 2>"$TMP/err"
check "layout values: a book-wide title-pattern titles the units' tables" \
  grep -q ' text title .*"תוכנית עבודה - מטרה שנמשכת על שני עמודים - לשנת 2020"' "$TMP/tdump"
check "layout values: a unit's own title-pattern overrides the book-wide one" \
  grep -q ' text title .*"תוכנית עבודה מקושרת תקציב - תא גבוה מעמוד - לשנת 2020"' "$TMP/tdump"
check "layout values: the book's title-pattern names a pattern of the layout: no warning" \
  sh -c "! grep -q PB123 '$TMP/err'"
sed -i 's/^title-pattern: plain/title-pattern: plian/' "$TMP/tables/book.yaml"
line=$(grep -n '^title-pattern: plian' "$TMP/tables/book.yaml" | cut -d: -f1)
$PB check --lang en "$TMP/tables" > /dev/null 2>"$TMP/err"
check "layout values: a title-pattern the layout does not have is a warning at its line" \
  grep -q "book.yaml:$line:[0-9]*: warning: the layout has no title pattern 'plian' (it has 'default', 'linked-budget', 'plain'): the tables take the pattern 'default' \[PB123\]" "$TMP/err"
check "layout values: without title-pattern the tables take the layout's default" \
  sh -c "$PB dump tests/data/tables 2>/dev/null | grep -q ' text title .*\"תוכנית עבודה - אבנים גדולות - לשנת 2020 - שורה יתומה\"'"

# the planning calendar is printed only for a book.yaml with calendar:
$PB dump "$TMP/book" > "$TMP/nocal" 2>/dev/null
check "layout values: a book.yaml without calendar: has no calendar page" \
  sh -c "! grep -q '^page [0-9]* calendar ' '$TMP/nocal' && grep -q '^page 2 contents ' '$TMP/nocal'"
check "layout values: a book.yaml without calendar: has no calendar bookmark" \
  sh -c "! grep -q '^outline .*לוח התכנון' '$TMP/nocal'"
$PB build -o "$TMP/nocal.pdf" "$TMP/book" 2>/dev/null
check "layout values: without calendar: the sample book has 4 pages (cover, contents, 2 prose)" \
  sh -c "pdfinfo '$TMP/nocal.pdf' | grep -q '^Pages: *4$'"
$PB build --calendar-only -o "$TMP/calonly.pdf" "$TMP/book" > "$TMP/err" 2>&1; rc=$?
check "layout values: --calendar-only without calendar: says so (exit 2, no PDF)" \
  sh -c "[ $rc = 2 ] && [ ! -e '$TMP/calonly.pdf' ] && grep -q 'book.yaml has no calendar: block' '$TMP/err'"
printf 'calendar:\n  subtitle: לוח לדוגמה\n' >> "$TMP/book/book.yaml"
$PB dump "$TMP/book" > "$TMP/cal" 2>/dev/null
check "layout values: a book.yaml with calendar: has the calendar as page 2" \
  grep -q '^page 2 calendar ' "$TMP/cal"
$PB build -o "$TMP/cal.pdf" "$TMP/book" 2>/dev/null
check "layout values: with calendar: the sample book has 5 pages" sh -c "pdfinfo '$TMP/cal.pdf' | grep -q '^Pages: *5$'"
check "layout values: the 2020 book's manifest has its calendar: block" grep -q '^calendar:' input/2020/book.yaml
