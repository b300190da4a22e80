# Layout checked on the text dump of the pages (planbook dump), without pixels.
. tests/lib.sh
$PB dump tests/data/sample > "$TMP/dump" 2>"$TMP/err" || { fail "layout: dump runs"; cat "$TMP/err"; }
margins=$(awk '/^page 1 /{print}' "$TMP/dump")
# A4 portrait 595.28 x 841.89; margins 22 mm = 62.36 pt each side
check "layout: prose pages are A4 portrait" grep -q '^page [0-9]* prose 595.28x841.89' "$TMP/dump"
check "layout: right-to-left body lines end at the right margin" \
  sh -c "grep ' text body ' '$TMP/dump' | grep -v 'Evidence' | grep -q 'ink=[0-9.]*\.\.532\.9'"
check "layout: a left-to-right paragraph starts at the left margin" \
  sh -c "grep '\"Evidence based policy' '$TMP/dump' | grep -q 'ink=62\.36\.\.'"
check "layout: no text is drawn outside the margins" \
  awk '/ text (body|item|title|heading)/ { split($0, a, "ink="); split(a[2], b, "[. ]"); split(a[2], c, "\\.\\."); l = c[1]; split(c[2], d, " "); r = d[1]; if (l < 62.3 || r > 532.95) bad = 1 } END { exit bad }' "$TMP/dump"
check "layout: list markers sit right of their item's text" \
  sh -c "grep -A1 'פריט ראשון ברשימה' '$TMP/dump' | grep -q 'text marker x=51[0-9]'"
check "layout: every page but the cover has its page number" \
  sh -c "test \$(grep -c '^page [0-9]' '$TMP/dump') = \$((\$(grep -c ' text folio ' '$TMP/dump') + 1))"
check "layout: the cover comes first and prints no page number" \
  sh -c "awk '/^page 1 /{p=1;print;next} /^page /{p=0} p' '$TMP/dump' | grep -q '^page 1 cover' && ! awk '/^page 1 /{p=1;next} /^page /{p=0} p' '$TMP/dump' | grep -q ' folio '"
letter=$(pages_of "$TMP/dump" letter.md | head -1)
check "layout: the letterhead heads the letter's page" \
  sh -c "awk '/^page $letter /{p=1;next} /^page /{p=0} p' '$TMP/dump' | grep -q 'text letterhead .*\"לשכת המנכ\\\\\"ל\"'"
check "layout: a two-digit list marker is printed whole" \
  sh -c "grep ' text marker ' '$TMP/dump' | grep -q '\"10\\.\"'"
