/* text.c — bidi, shaping and line breaking of one paragraph.
 *
 * The pipeline follows what was found to work with libharu (see docs/architecture.md):
 * bidi levels on the whole logical paragraph (base RTL) → pieces of equal level and style
 * that contain no break opportunity → each piece shaped (text_shape.c, cached) → greedy
 * line filling on the logical order → per line, pieces put in visual order (UAX #9 rule
 * L2) → glyphs mapped back to code points (the PDF library draws code points, not glyph
 * ids) and merged into segments wherever the viewer's own advance lands where HarfBuzz put
 * the next glyph. */
#include "text.h"

#include <fribidi.h>
#include <linebreak.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_font.h"

/* ---------------------------------------------------------------- paragraphs */

struct tx_para {
	uint32_t *u;
	int *style;
	size_t n, cap;
	struct tx_style *styles;
	size_t nstyles, capstyles;
};

struct tx_para *tx_para_new(void)
{
	struct tx_para *p = xmalloc(sizeof *p);
	memset(p, 0, sizeof *p);
	return p;
}

void tx_para_free(struct tx_para *p)
{
	if (!p)
		return;
	free(p->u);
	free(p->style);
	free(p->styles);
	free(p);
}

bool tx_para_empty(const struct tx_para *p) { return p->n == 0; }

static int para_style_index(struct tx_para *p, const struct tx_style *st)
{
	for (size_t i = 0; i < p->nstyles; i++)
		if (p->styles[i].font == st->font && p->styles[i].size == st->size &&
		    p->styles[i].color == st->color && p->styles[i].embolden == st->embolden)
			return (int)i;
	if (p->nstyles == p->capstyles) {
		p->capstyles = p->capstyles ? p->capstyles * 2 : 4;
		p->styles = xrealloc(p->styles, p->capstyles * sizeof *p->styles);
	}
	p->styles[p->nstyles] = *st;
	return (int)p->nstyles++;
}

void tx_para_add(struct tx_para *p, const char *s, size_t len, const struct tx_style *st)
{
	int si = para_style_index(p, st);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += (size_t)utf8_decode(s + i, len - i, &cp);
		if (cp == '\r')
			continue;
		if (cp == '\t')
			cp = ' ';
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->u = xrealloc(p->u, p->cap * sizeof *p->u);
			p->style = xrealloc(p->style, p->cap * sizeof *p->style);
		}
		p->u[p->n] = cp;
		p->style[p->n++] = si;
	}
}

/* A piece: characters [start, end) of one level and style, with no break opportunity
 * inside, all spaces or none. */
struct piece {
	size_t start, end;
	int level;
	int style;
	bool space;
	bool hard_break; /* a forced line break ('\n') */
	bool break_after;
	double width; /* pt */
	const struct shape_entry *shaped;
};

struct work {
	struct tx_engine *e;
	const struct tx_para *p;
	FriBidiLevel *levels;
	char *brk;
	struct piece *pieces;
	size_t npieces, cap;
	bool rtl; /* base direction */
};

static bool is_space(uint32_t c) { return c == ' ' || c == 0xA0 || c == 0x2009 || c == 0x202F; }
static bool is_letter(uint32_t c)
{
	return (c >= 0x05D0 && c <= 0x05EA) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_mark(uint32_t c)
{
	return (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 &&
		c != 0x05C6) ||
	       (c >= 0x0300 && c <= 0x036F);
}

/* Whether a paragraph has only letters of its own direction and characters that take
 * the direction around them (spaces, punctuation, marks): then UAX #9 puts every character
 * at the paragraph's level, and running it is most of what laying out a table's cell
 * costs. A number, a letter of the other direction, or a line break (FriBidi takes the
 * paragraph's end after one as its own way), needs the algorithm. */
static bool one_direction(const FriBidiCharType *types, size_t n, bool rtl)
{
	for (size_t i = 0; i < n; i++) {
		switch (types[i]) {
		case FRIBIDI_TYPE_NSM: case FRIBIDI_TYPE_WS: case FRIBIDI_TYPE_ON:
		case FRIBIDI_TYPE_CS: case FRIBIDI_TYPE_ES: case FRIBIDI_TYPE_ET:
		case FRIBIDI_TYPE_BN: case FRIBIDI_TYPE_SS:
			break;
		case FRIBIDI_TYPE_RTL:
			if (!rtl)
				return false;
			break;
		case FRIBIDI_TYPE_LTR: case FRIBIDI_TYPE_EN:
			if (rtl)
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

/* Bidi levels. A sign directly before a number ("-5%", "(+15%)") is typed as part of the
 * number, as a reader expects, rather than left on the far side of it as plain UAX #9
 * would put it in a right-to-left paragraph. */
static void compute_levels(struct work *w, bool rtl)
{
	const uint32_t *u = w->p->u;
	size_t n = w->p->n;
	FriBidiCharType *types = xmalloc(n * sizeof *types);
	FriBidiBracketType *brackets = xmalloc(n * sizeof *brackets);
	fribidi_get_bidi_types(u, (FriBidiStrIndex)n, types);
	for (size_t i = 0; i + 1 < n; i++) {
		bool sign = u[i] == '-' || u[i] == '+' || u[i] == 0x2212;
		bool starts = i == 0 || !(is_letter(u[i - 1]) || is_digit(u[i - 1]));
		if (sign && starts && is_digit(u[i + 1]))
			types[i] = FRIBIDI_TYPE_EN;
	}
	if (one_direction(types, n, rtl)) {
		memset(w->levels, rtl ? 1 : 0, n * sizeof *w->levels);
	} else {
		fribidi_get_bracket_types(u, (FriBidiStrIndex)n, types, brackets);
		FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
		if (!fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n,
							 &base, w->levels))
			memset(w->levels, rtl ? 1 : 0, n * sizeof *w->levels);
	}
	free(types);
	free(brackets);
}

/* UAX #14 break opportunities, plus the ones a Hebrew typesetter expects: after a maqaf,
 * a hyphen or a slash inside a word of two letters or more ("ו/או", "תל-אביב"), which
 * UAX #14 forbids after Hebrew letters. A one-letter prefix ("ב-2020") stays joined. */
static void compute_breaks(struct work *w)
{
	const uint32_t *u = w->p->u;
	size_t n = w->p->n;
	set_linebreaks_utf32((const utf32_t *)u, n, "he", w->brk);
	for (size_t i = 1; i + 1 < n; i++) {
		bool joiner = u[i] == 0x05BE || u[i] == '-' || u[i] == '/';
		if (!joiner || w->brk[i] != LINEBREAK_NOBREAK || !is_letter(u[i + 1]))
			continue;
		size_t letters = 0;
		for (size_t j = i; j-- > 0 && (is_letter(u[j]) || is_mark(u[j]) || u[j] == '"' ||
					       u[j] == '\'');)
			letters += is_letter(u[j]);
		if (letters >= 2)
			w->brk[i] = LINEBREAK_ALLOWBREAK;
	}
	/* after a comma or semicolon typed without a space ("פרסום,תיאומים"), a break is
	 * better than cutting a word; UAX #14 allows none before a letter */
	for (size_t i = 0; i + 1 < n; i++)
		if ((u[i] == ',' || u[i] == ';') && is_letter(u[i + 1]) &&
		    w->brk[i] == LINEBREAK_NOBREAK)
			w->brk[i] = LINEBREAK_ALLOWBREAK;
	/* a dash between spaces ("תושביה - מקצועיות") stays at the end of its line: UAX #14
	 * allows a break after any space, which would start the next line with the dash */
	for (size_t i = 0; i + 1 < n; i++) {
		uint32_t dash = u[i + 1];
		bool spaced = (dash == '-' || dash == 0x2013 || dash == 0x2014) &&
			      (i + 2 == n || is_space(u[i + 2]));
		if (is_space(u[i]) && spaced && w->brk[i] == LINEBREAK_ALLOWBREAK)
			w->brk[i] = LINEBREAK_NOBREAK;
	}
	if (n)
		w->brk[n - 1] = LINEBREAK_MUSTBREAK;
}

static struct piece *add_piece(struct work *w)
{
	if (w->npieces == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->pieces = xrealloc(w->pieces, w->cap * sizeof *w->pieces);
	}
	struct piece *pc = &w->pieces[w->npieces++];
	memset(pc, 0, sizeof *pc);
	return pc;
}

static void measure_piece(struct work *w, struct piece *pc)
{
	const struct tx_style *st = &w->p->styles[pc->style];
	const uint32_t *u = w->p->u + pc->start;
	size_t n = pc->end - pc->start;
	if (pc->hard_break) {
		pc->width = 0;
		return;
	}
	pc->shaped = tx_shape(w->e, st->font, pc->level & 1, u, n);
	pc->width = pc->shaped->width * st->size;
}

/* Cuts the paragraph into pieces. */
static void split_pieces(struct work *w)
{
	const struct tx_para *p = w->p;
	size_t i = 0;
	while (i < p->n) {
		struct piece *pc = add_piece(w);
		pc->start = i;
		pc->level = w->levels[i];
		pc->style = p->style[i];
		if (p->u[i] == '\n' || p->u[i] == 0x2028) {
			pc->hard_break = true;
			pc->end = ++i;
			pc->break_after = true;
			measure_piece(w, pc);
			continue;
		}
		pc->space = is_space(p->u[i]);
		size_t j = i;
		for (;;) {
			bool brk = w->brk[j] == LINEBREAK_ALLOWBREAK || w->brk[j] == LINEBREAK_MUSTBREAK;
			j++;
			if (brk) {
				pc->break_after = true;
				break;
			}
			if (j >= p->n || w->levels[j] != pc->level || p->style[j] != pc->style ||
			    is_space(p->u[j]) != pc->space || p->u[j] == '\n' || p->u[j] == 0x2028)
				break;
		}
		/* a break opportunity after a run of spaces belongs after the last space, but the
		 * spaces themselves stay one piece */
		pc->end = j;
		i = j;
		measure_piece(w, pc);
	}
}

/* Splits piece k into one piece per character cluster (a base and its marks), each
 * breakable, for a word that is wider than the whole line. */
static void split_piece_into_clusters(struct work *w, size_t k)
{
	struct piece old = w->pieces[k];
	size_t count = 0;
	for (size_t i = old.start; i < old.end; i++)
		if (i == old.start || !is_mark(w->p->u[i]))
			count++;
	if (count <= 1)
		return;
	size_t tail = w->npieces - k - 1;
	while (w->npieces + count - 1 > w->cap) {
		w->cap *= 2;
		w->pieces = xrealloc(w->pieces, w->cap * sizeof *w->pieces);
	}
	memmove(&w->pieces[k + count], &w->pieces[k + 1], tail * sizeof *w->pieces);
	w->npieces += count - 1;
	size_t i = old.start;
	for (size_t c = 0; c < count; c++) {
		struct piece *pc = &w->pieces[k + c];
		*pc = old;
		pc->start = i;
		i++;
		while (i < old.end && is_mark(w->p->u[i]))
			i++;
		pc->end = i;
		pc->break_after = c + 1 < count ? true : old.break_after;
		measure_piece(w, pc);
	}
}

struct line_span {
	size_t first, last; /* pieces [first, last) */
	bool forced;        /* ended by a forced break or the paragraph's end */
};

/* Greedy filling: takes as many whole words (pieces up to a break opportunity) as fit. */
static size_t fill_lines(struct work *w, double width, struct line_span **out)
{
	size_t cap = 16, n = 0;
	struct line_span *lines = xmalloc(cap * sizeof *lines);
	size_t k = 0;
	while (k < w->npieces) {
		size_t first = k, last_fit = k;
		double used = 0;
		bool forced = false;
		while (k < w->npieces) {
			/* the word starting at k: pieces up to one with break_after */
			size_t end = k;
			double word = 0, trailing = 0;
			while (end < w->npieces) {
				struct piece *pc = &w->pieces[end];
				if (pc->space)
					trailing += pc->width;
				else
					word += trailing + pc->width, trailing = 0;
				end++;
				if (pc->break_after)
					break;
			}
			if (used + word > width + 1e-6) {
				if (last_fit == first) {
					/* nothing on the line yet: the word must be cut */
					size_t before = w->npieces;
					for (size_t q = k; q < end; q++) {
						size_t grown = w->npieces - before;
						split_piece_into_clusters(w, q + grown);
					}
					if (w->npieces != before)
						continue; /* retry with cluster pieces */
					/* a single cluster wider than the line: place it anyway */
					used += word;
					last_fit = k = end;
				}
				break;
			}
			used += word + trailing;
			k = last_fit = end;
			struct piece *lastpc = &w->pieces[end - 1];
			if (lastpc->hard_break || end == w->npieces) {
				forced = true;
				break;
			}
		}
		if (n == cap) {
			cap *= 2;
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		lines[n++] = (struct line_span){first, last_fit, forced || last_fit == w->npieces};
		k = last_fit;
	}
	*out = lines;
	return n;
}

/* UAX #9 rule L2 on pieces: from the highest level down to the lowest odd level, reverse
 * every run of pieces at that level or higher. */
static void visual_order(struct work *w, size_t *order, size_t n)
{
	int maxl = 0, minodd = 127;
	for (size_t i = 0; i < n; i++) {
		int l = w->pieces[order[i]].level;
		if (l > maxl)
			maxl = l;
		if ((l & 1) && l < minodd)
			minodd = l;
	}
	for (int level = maxl; level >= minodd && level > 0; level--) {
		for (size_t i = 0; i < n;) {
			if (w->pieces[order[i]].level < level) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < n && w->pieces[order[j]].level >= level)
				j++;
			for (size_t a = i, b = j - 1; a < b; a++, b--) {
				size_t t = order[a];
				order[a] = order[b];
				order[b] = t;
			}
			i = j;
		}
	}
}

struct seg_builder {
	struct arena *a;
	struct vec segs;
	struct buf text;
	struct tx_seg cur;
	size_t last_logical; /* the last glyph's character */
	bool open;
};

static void seg_close(struct seg_builder *sb)
{
	if (!sb->open)
		return;
	sb->cur.utf8 = arena_strndup(sb->a, sb->text.data ? sb->text.data : "", sb->text.len);
	*(struct tx_seg *)vec_push(sb->a, &sb->segs, sizeof(struct tx_seg)) = sb->cur;
	sb->text.len = 0;
	sb->open = false;
}

/* Emits the glyphs of one piece at pen x. Consecutive plain glyphs share a segment as long
 * as the viewer's advance lands where the next glyph goes; a mark or a kerned glyph starts
 * a segment of its own. */
static double emit_piece(struct work *w, struct seg_builder *sb, const struct piece *pc,
			 double x)
{
	const struct tx_style *st = &w->p->styles[pc->style];
	struct tx_font *f = &w->e->fonts[st->font];
	const uint32_t *u = w->p->u + pc->start;
	double scale = st->size / f->upem;
	for (size_t i = 0; i < pc->shaped->nglyphs; i++) {
		const struct glyph *g = &pc->shaped->glyphs[i];
		uint32_t cp = g->cp;
		if (cp < 0x20 || cp == 0x2028)
			continue;
		bool plain = g->plain;
		double adv = g->advance * st->size;
		double gx = x + g->x_offset * scale, gy = g->y_offset * scale;
		/* a bracket drawn mirrored gets a segment of its own that remembers what was typed */
		uint32_t src = u[g->cluster];
		FriBidiChar mirror;
		bool mirrored = cp != src && fribidi_get_mirror_char(src, &mirror) && mirror == cp;
		bool joins = sb->open && plain && !mirrored && g->x_offset == 0 && g->y_offset == 0 &&
			     sb->cur.font == st->font && sb->cur.size == st->size &&
			     sb->cur.color == st->color && sb->cur.embolden == st->embolden &&
			     sb->cur.rtl == (pc->level & 1) &&
			     sb->cur.dy == 0 && !sb->cur.actual &&
			     fabs(sb->cur.x + sb->cur.width - gx) < 0.02;
		size_t logical = pc->start + g->cluster;
		/* a segment holds characters that follow each other in the text too: it is
		 * copied in that order (two glyphs side by side may come from both ends of a
		 * line) */
		if (joins && !(pc->level & 1 ? logical < sb->last_logical && sb->last_logical - logical <= 4
					     : logical > sb->last_logical && logical - sb->last_logical <= 4))
			joins = false;
		if (!joins) {
			seg_close(sb);
			sb->cur = (struct tx_seg){.font = st->font, .size = st->size,
						  .color = st->color, .embolden = st->embolden,
						  .x = gx, .dy = gy, .rtl = pc->level & 1,
						  .logical = logical};
			if (mirrored) {
				char enc[4];
				sb->cur.actual = arena_strndup(sb->a, enc, (size_t)utf8_encode(src, enc));
			}
			sb->open = true;
		}
		if (logical < sb->cur.logical)
			sb->cur.logical = logical;
		sb->last_logical = logical;
		buf_add_utf8(&sb->text, cp);
		sb->cur.width = (gx - sb->cur.x) + adv;
		if (!plain || g->x_offset || g->y_offset || mirrored)
			seg_close(sb); /* the next glyph starts afresh */
		x += adv;
	}
	return x;
}

static void layout_line(struct work *w, struct arena *a, const struct line_span *ls,
			double width, enum tx_align align, bool last, struct tx_line *out)
{
	/* drop spaces and forced breaks at the line's end (UAX #9 rule L1 puts them at the
	 * paragraph level; they are invisible) and at its start */
	size_t first = ls->first, end = ls->last;
	while (end > first && (w->pieces[end - 1].space || w->pieces[end - 1].hard_break))
		end--;
	while (first < end && w->pieces[first].space)
		first++;
	size_t n = end > first ? end - first : 0;
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	double natural = 0;
	size_t spaces = 0;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		struct piece *pc = &w->pieces[first + i];
		order[i] = first + i;
		natural += pc->width;
		spaces += pc->space && !pc->hard_break;
		const struct tx_style *st = &w->p->styles[pc->style];
		double asc = tx_font_ascent(w->e, st->font) * st->size;
		double desc = tx_font_descent(w->e, st->font) * st->size;
		if (asc > out->ascent)
			out->ascent = asc;
		if (desc > out->descent)
			out->descent = desc;
		if (st->size > out->size)
			out->size = st->size;
	}
	if (n == 0 && w->p->nstyles) { /* an empty line still has a height */
		const struct tx_style *st = &w->p->styles[w->p->style[ls->first < w->npieces ?
									 w->pieces[ls->first].start : 0]];
		out->ascent = tx_font_ascent(w->e, st->font) * st->size;
		out->descent = tx_font_descent(w->e, st->font) * st->size;
		out->size = st->size;
	}
	visual_order(w, order, n);
	double extra = 0, x;
	bool justify = align == TX_JUSTIFY && !last && !ls->forced && spaces > 0 && natural < width;
	if (justify) {
		extra = (width - natural) / (double)spaces;
		/* pdf.js ends a run of text where the gap after a word passes 0.6 em, and then
		 * copies the pieces of a right-to-left line in the wrong order; a space (0.28 em
		 * in Liberation Sans) may therefore grow by 0.3 em at most. A looser line stays
		 * ragged. */
		if (extra > 0.3 * out->size)
			justify = false;
	}
	if (align == TX_JUSTIFY && !justify)
		align = w->rtl ? TX_RIGHT : TX_LEFT; /* a paragraph's last line starts at its side */
	if (justify)
		x = 0;
	else if (align == TX_LEFT)
		x = 0;
	else if (align == TX_CENTER)
		x = (width - natural) / 2;
	else
		x = width - natural;
	struct seg_builder sb = {.a = a};
	for (size_t i = 0; i < n; i++) {
		struct piece *pc = &w->pieces[order[i]];
		x = emit_piece(w, &sb, pc, x);
		/* the space glyphs stay in the run; only the stretch is added after them */
		if (pc->space && justify)
			x += extra * (double)(pc->end - pc->start);
	}
	seg_close(&sb);
	buf_free(&sb.text);
	out->width = justify ? width : natural;
	out->space_after = ls->last > end; /* spaces or a break were dropped at its end */
	if (n) {
		size_t from = w->pieces[first].start, to = w->pieces[end - 1].end;
		struct buf t = {0};
		for (size_t i = from; i < to; i++)
			buf_add_utf8(&t, w->p->u[i]);
		out->text = arena_strndup(a, t.data ? t.data : "", t.len);
		buf_free(&t);
	} else {
		out->text = "";
	}
	out->nseg = sb.segs.len;
	out->segs = sb.segs.items;
	free(order);
}

struct tx_lines tx_layout(struct tx_engine *e, struct arena *a, const struct tx_para *p,
			  double width, enum tx_align align, bool rtl)
{
	struct tx_lines res = {0};
	if (p->n == 0)
		return res;
	struct work w = {.e = e, .p = p};
	w.levels = xmalloc(p->n * sizeof *w.levels);
	w.brk = xmalloc(p->n);
	w.rtl = rtl;
	compute_levels(&w, rtl);
	compute_breaks(&w);
	split_pieces(&w);
	struct line_span *spans;
	size_t nlines = fill_lines(&w, width, &spans);
	res.lines = arena_calloc(a, nlines, sizeof *res.lines);
	res.n = nlines;
	for (size_t i = 0; i < nlines; i++) {
		layout_line(&w, a, &spans[i], width, align, i + 1 == nlines, &res.lines[i]);
		if (res.lines[i].width > res.max_width)
			res.max_width = res.lines[i].width;
	}
	free(spans);
	free(w.pieces);
	free(w.levels);
	free(w.brk);
	return res;
}

double tx_measure(struct tx_engine *e, const char *utf8, const struct tx_style *st)
{
	/* the text and what of its style decides its width */
	char key[256];
	size_t n = strlen(utf8);
	bool kept = n < sizeof key - 48;
	if (kept) {
		char *p = put_decimal(key, (unsigned long)st->font);
		*p++ = ' ';
		p = put_decimal(p, (unsigned long)lround(st->size * 4096));
		*p++ = ' ';
		memcpy(p, utf8, n + 1);
	}
	size_t *at = kept ? strmap_get(&e->measured, key) : NULL;
	if (at)
		return e->widths[*at];
	struct tx_para *p = tx_para_new();
	tx_para_add(p, utf8, n, st);
	struct arena a = {0};
	struct tx_lines l = tx_layout(e, &a, p, 1e9, TX_RIGHT, true);
	double wmax = l.max_width;
	arena_free(&a);
	tx_para_free(p);
	if (!kept)
		return wmax; /* a long text, not kept */
	e->measured.a = &e->cache_arena;
	at = strmap_put(&e->measured, arena_strdup(&e->cache_arena, key), &(bool){false});
	if (e->nwidths == e->capwidths) {
		e->capwidths = e->capwidths ? e->capwidths * 2 : 1024;
		e->widths = xrealloc(e->widths, e->capwidths * sizeof *e->widths);
	}
	*at = e->nwidths;
	e->widths[e->nwidths++] = wmax;
	return wmax;
}
