# Sections: a unit or an administration printed alone (--unit, --section) or all at once
# (--split). Every file opens with a title page that names the organisation, the book, its
# year and the part, as input/2020/book.yaml writes them (read here with PyYAML), with no
# page after it that says the same again (the administration's divider); files are named
# <book id>-<id>.pdf; --split writes the very files --unit and --section write.
. tests/lib.sh
PY=/usr/bin/python3
in=input/2020
# what the manifest says: shell assignments, each value quoted for the shell
$PY - "$in/book.yaml" > "$TMP/vars" <<'EOF'
import shlex, sys, yaml
b = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
part = {p['id']: p for p in b['parts']}
unit = {u['id']: (p, u) for p in b['parts'] for u in p.get('units', [])}
out = {'book_id': b['id'], 'org': b['organisation'], 'title': b['title'], 'year': b['year'],
       'general': part['general']['title'], 'opening': part['opening']['title'],
       'it_part': unit['it'][0]['title'], 'it': unit['it'][1]['toc'],
       'ids': ' '.join(sorted(list(part) + list(unit)))}
for k, v in out.items():
    print('%s=%s' % (k, shlex.quote(str(v))))
EOF
. "$TMP/vars"

# page N's text, one line per line, without the direction marks poppler puts around runs
# and the private-use code of the renderer's blank marks (docs/architecture.md)
page_text() {
  pdftotext -f "$2" -l "$2" "$1" - | unmark
}
unmark() { LC_ALL=C sed -e 's/\xe2\x80[\xaa-\xae]//g; s/\xee\x80\x80//g; s/\x0c//g; s/^ *//; s/ *$//' | grep -v '^$'; }
# the title page (page 1) names each of the given texts on a line of its own
title_page_has() { # PDF TEXT…
  pdf=$1; shift
  page_text "$pdf" 1 > "$TMP/p1"
  for want in "$@"; do grep -qxF -- "$want" "$TMP/p1" || { echo "page 1 lacks '$want':"; cat "$TMP/p1"; return 1; }; done
}
# page 2 is no near-duplicate of page 1: most of its words (page numbers aside) are not
# on page 1 (the divider that followed the title page had nothing but the name)
not_near_duplicate() {
  page_text "$1" 1 > "$TMP/a"; page_text "$1" 2 > "$TMP/b"
  $PY -c "
import sys
words = lambda f: [w for w in open(f, encoding='utf-8').read().split() if not w.isdigit()]
a, b = set(words(sys.argv[1])), words(sys.argv[2])
same = sum(w in a for w in b)
print('page 2:', len(b), 'words,', same, 'of them on page 1')
sys.exit(0 if b and same < 0.5 * len(b) else 1)" "$TMP/a" "$TMP/b"
}
count() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

# the default names, in out/ of the current folder
pb=$(cd "$(dirname "$PB")" && pwd)/$(basename "$PB")
mkdir -p "$TMP/run"; cp -r "$in" "$TMP/run/in"
(cd "$TMP/run" && "$pb" build --unit it in && "$pb" build --section general in) 2>"$TMP/err" >/dev/null
unit=$TMP/run/out/$book_id-it.pdf section=$TMP/run/out/$book_id-general.pdf
check "sections: --unit writes out/<book id>-<unit id>.pdf ($book_id-it.pdf)" sh -c "test -s '$unit' || cat '$TMP/err'"
check "sections: --section writes out/<book id>-<id>.pdf ($book_id-general.pdf)" test -s "$section"

$PB build --split "$TMP/split" "$in" 2>/dev/null
check "sections: --split names every file <book id>-<id>.pdf, one per administration and unit of book.yaml, and the book <book id>.pdf" sh -c "
  want=\$(for id in $ids; do echo $book_id-\$id.pdf; done; echo $book_id.pdf)
  got=\$(ls '$TMP/split')
  [ \"\$(echo \"\$want\" | sort)\" = \"\$(echo \"\$got\" | sort)\" ] || { echo \"\$got\" | head; exit 1; }"

for f in "$unit:--unit it" "$TMP/split/$book_id-it.pdf:--split, it"; do
  check "sections: $(echo "${f#*:}"): the title page names the organisation, the book, its year, the administration and the unit" \
    title_page_has "${f%%:*}" "$org" "$title" "$it_part" "$it"
  check "sections: $(echo "${f#*:}"): page 2 is no near-duplicate of the title page" not_near_duplicate "${f%%:*}"
done
for f in "$section:--section general" "$TMP/split/$book_id-general.pdf:--split, general"; do
  check "sections: ${f#*:}: the title page names the organisation, the book, its year and the administration" \
    title_page_has "${f%%:*}" "$org" "$title" "$general"
  check "sections: ${f#*:}: page 2 is no near-duplicate of the title page (the divider is not printed after it)" \
    not_near_duplicate "${f%%:*}"
done
check "sections: the year ($year) is on the title page" sh -c "pdftotext -f 1 -l 1 '$section' - | grep -q '$year'"
check "sections: a part with no units (opening) gets its title page too" \
  title_page_has "$TMP/split/$book_id-opening.pdf" "$org" "$title" "$opening"

# --split writes what --unit and --section write: same text, same pages, same bytes but
# for the file's /ID
same_file() {
  [ "$(count "$1")" = "$(count "$2")" ] || { echo "pages: $(count "$1") and $(count "$2")"; return 1; }
  [ "$(pdftotext "$1" -)" = "$(pdftotext "$2" -)" ] || { echo "the text differs"; return 1; }
  $PY -c "
import re, sys
strip = lambda f: re.sub(rb'/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]|/(CreationDate|ModDate)\s*\([^)]*\)', b'', open(f, 'rb').read())
sys.exit(0 if strip(sys.argv[1]) == strip(sys.argv[2]) else 1)" "$1" "$2" || { echo "the bytes differ"; return 1; }
}
check "sections: the --split unit file is the --unit file (pages, text, bytes)" same_file "$TMP/split/$book_id-it.pdf" "$unit"
check "sections: the --split administration file is the --section file (pages, text, bytes)" same_file "$TMP/split/$book_id-general.pdf" "$section"

# the administration's pages but its divider: the book's pages after the divider
$PB list "$in" > "$TMP/list" 2>/dev/null
range=$(awk -F'\t' '$1 == "general" { print $4 }' "$TMP/list"); first=${range%-*}; last=${range#*-}
$PB build -o "$TMP/book.pdf" "$in" 2>/dev/null
divider_is_name() { [ "$(page_text "$TMP/book.pdf" $first | grep -v '^[0-9]*$')" = "$general" ]; }
check "sections: the book's page $first, the divider, says only the administration's name (what the title page says)" divider_is_name
check "sections: --section holds the title page and the book's pages $((first + 1))-$last" \
  test "$(count "$section")" = $((last - first + 1))
check "sections: its page 2 is the book's page $((first + 1)), with its number" sh -c \
  "[ \"\$(pdftotext -f 2 -l 2 '$section' -)\" = \"\$(pdftotext -f $((first + 1)) -l $((first + 1)) '$TMP/book.pdf' -)\" ]"
$PB build --section general --renumber -o "$TMP/renum.pdf" "$in" 2>/dev/null
check "sections: with --renumber the page after the title page is page 1" sh -c \
  "pdftotext -f 2 -l 2 '$TMP/renum.pdf' - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g' | grep -qx ' *1 *'"
check "sections: the bookmarks of --section start with the administration" sh -c \
  "$PY -c \"
import pikepdf, sys
with pikepdf.open('$section') as pdf, pdf.open_outline() as o:
    top = [i.title for i in o.root]
    print(top); sys.exit(0 if top == [sys.argv[1]] and len(o.root[0].children) > 1 else 1)\" '$general'"

# the title page is tagged: its texts are P elements, the unit's name the H1 (poppler's
# structure text: each element's role, then its text on the next line)
issuer=$(awk '/^issuer:/ { sub(/^issuer: */, ""); print }' "$in/book.yaml")
title_roles() {
  pdfinfo -struct-text "$unit" | LC_ALL=C sed 's/\xee\x80\x80//g' |
    awk '/^ *(P|H1) \(block\)/ { role = $1; next } role && /"/ { sub(/^ *"/, ""); sub(/"$/, ""); print role "\t" $0; role = "" }' |
    head -5 > "$TMP/roles"
  printf 'P\t%s\nP\t%s\nP\t%s\nP\t%s\nH1\t%s\n' "$org" "$issuer" "$title" "$it_part" "$it" | cmp - "$TMP/roles" ||
    { cat "$TMP/roles"; return 1; }
}
check "sections: the title page's structure: P for the organisation, the issuer, the book and the administration, H1 for the unit" title_roles
check "sections: the PDF/UA-1 checker finds no failure in a --split unit file" $PY tests/pdfua.py "$TMP/split/$book_id-it.pdf"
check "sections: qpdf --check finds no error in a --split unit file" qpdf --check "$TMP/split/$book_id-it.pdf"

# the measurement booklet's sections share the title page, with the booklet's title
python3 tests/fill_measurement.py "$in" "$TMP/m" >/dev/null
cover=$($PY -c "import yaml; print(yaml.safe_load(open('layouts/book.yaml', encoding='utf-8'))['measurement']['labels']['cover'])")
$PB build --measurement h1 --unit it -o "$TMP/m-it.pdf" "$TMP/m" 2>/dev/null
$PB build --measurement h1 --split "$TMP/msplit" "$TMP/m" 2>/dev/null
page_has_words() { # PDF TEXT…: each text somewhere on page 1
  pdf=$1; shift; page_text "$pdf" 1 > "$TMP/p1"
  for w in "$@"; do grep -qF -- "$w" "$TMP/p1" || { echo "no $w:"; cat "$TMP/p1"; return 1; }; done
}
check "sections: a booklet unit's title page names the organisation, the booklet ($cover), the administration and the unit" \
  page_has_words "$TMP/m-it.pdf" "$org" "$cover" "$year" "$it_part" "$it"
check "sections: the booklet's --split unit file is its --unit file" same_file "$TMP/msplit/$book_id-measurement-h1-it.pdf" "$TMP/m-it.pdf"

# a unit with no pages (a new year's book, every plan pending): --unit says so at its line
# of book.yaml and writes nothing; --split writes no file for it, but one for a pending
# unit whose introduction is printed
$PB new 2021 --from "$in" -o "$TMP/n" >/dev/null 2>&1
line=$(grep -n '^ *- id: it$' "$TMP/n/book.yaml" | cut -d: -f1)
$PB build --unit it -o "$TMP/n-it.pdf" "$TMP/n" 2>"$TMP/err"; rc=$?
check "sections: --unit of a pending unit exits 1, naming book.yaml:$line and the unit, and writes no file" sh -c \
  "[ $rc = 1 ] && grep -q \"book.yaml:$line:[0-9]*: error: '$it' has no pages to print.*\\[PB100\\]\" '$TMP/err' && test ! -e '$TMP/n-it.pdf' || { cat '$TMP/err' | tail -3; exit 1; }"
$PB build --split "$TMP/nsplit" "$TMP/n" 2>/dev/null
check "sections: --split writes no file for a unit with no pages, and its title page with a pending unit's introduction" sh -c \
  "test ! -e '$TMP/nsplit/book-2021-it.pdf' && test -s '$TMP/nsplit/book-2021-strategy.pdf' && grep -q 'intro: ceo/strategy-intro.md' '$TMP/n/book.yaml' &&
   pdftotext -f 1 -l 1 '$TMP/nsplit/book-2021-strategy.pdf' - | grep -q 2021"
