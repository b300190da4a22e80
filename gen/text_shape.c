/* text_shape.c — the text engine's fonts and shaping: fonts loaded through FreeType (for
 * metrics) and HarfBuzz, runs of one font and one direction shaped and cached, and the
 * widths the PDF viewer will use. A run of plain characters only (most words of a book)
 * is shaped without HarfBuzz when the font cannot change it (find_plain_chars). */
#include <fribidi.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include <hb-ot.h>
#include <hb.h>
#include <linebreak.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text_font.h"

static bool linebreak_ready;

struct tx_engine *tx_new(void)
{
	struct tx_engine *e = xmalloc(sizeof *e);
	memset(e, 0, sizeof *e);
	if (FT_Init_FreeType(&e->ft)) {
		free(e);
		return NULL;
	}
	e->buf = hb_buffer_create();
	if (!linebreak_ready) {
		init_linebreak();
		linebreak_ready = true;
	}
	return e;
}

void tx_free(struct tx_engine *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->nfonts; i++) {
		struct tx_font *f = &e->fonts[i];
		hb_font_destroy(f->font);
		hb_face_destroy(f->face);
		hb_blob_destroy(f->blob);
		free(f->rev_cmap);
		free(f->advances);
		free(f->plain);
		free(f->path);
	}
	hb_buffer_destroy(e->buf);
	FT_Done_FreeType(e->ft);
	arena_free(&e->cache_arena);
	free(e->widths);
	free(e);
}

/* Reads metrics and the reverse cmap with FreeType; rejects what the PDF library cannot
 * embed (anything but TrueType outlines). */
static bool read_font_tables(struct tx_engine *e, struct tx_font *f)
{
	FT_Face face;
	if (FT_New_Face(e->ft, f->path, 0, &face))
		return false;
	FT_ULong glyf_len = 0;
	bool ok = FT_IS_SFNT(face) && FT_Load_Sfnt_Table(face, TTAG_glyf, 0, NULL, &glyf_len) == 0 &&
		  glyf_len > 0;
	if (ok) {
		f->upem = face->units_per_EM;
		f->ascent = (double)face->ascender / f->upem;
		f->descent = -(double)face->descender / f->upem;
		f->nglyphs = (unsigned)face->num_glyphs;
		f->rev_cmap = calloc(f->nglyphs ? f->nglyphs : 1, sizeof *f->rev_cmap);
		FT_UInt gid;
		FT_ULong cp = FT_Get_First_Char(face, &gid);
		while (gid != 0) {
			/* prefer BMP code points: the PDF library draws only those */
			if (gid < f->nglyphs && cp <= 0xFFFF && !f->rev_cmap[gid])
				f->rev_cmap[gid] = (uint32_t)cp;
			cp = FT_Get_Next_Char(face, cp, &gid);
		}
	}
	FT_Done_Face(face);
	return ok;
}

int tx_font_load(struct tx_engine *e, const char *path)
{
	for (int i = 0; i < e->nfonts; i++)
		if (strcmp(e->fonts[i].path, path) == 0)
			return i;
	if (e->nfonts == (int)(sizeof e->fonts / sizeof e->fonts[0]))
		return -1;
	struct tx_font *f = &e->fonts[e->nfonts];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	if (!read_font_tables(e, f)) {
		free(f->rev_cmap);
		free(f->path);
		return -1;
	}
	f->blob = hb_blob_create_from_file(path);
	f->face = hb_face_create(f->blob, 0);
	f->font = hb_font_create(f->face); /* hb-ot functions, scale = upem */
	return e->nfonts++;
}

const char *tx_font_path(const struct tx_engine *e, int font) { return e->fonts[font].path; }
double tx_font_ascent(const struct tx_engine *e, int font) { return e->fonts[font].ascent; }
double tx_font_descent(const struct tx_engine *e, int font) { return e->fonts[font].descent; }

void tx_set_kerning(struct tx_engine *e, bool on) { e->kerning = on; }

void tx_stats(const struct tx_engine *e, long *shaped, long *cached)
{
	*shaped = e->shaped;
	*cached = e->cached;
}

/* ---------------------------------------------------------------- shaping */

static uint64_t hash_chars(const uint32_t *u, size_t n, int font, bool rtl)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(font * 2 + rtl);
	for (size_t i = 0; i < n; i++) {
		h ^= u[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static uint32_t glyph_codepoint(struct tx_font *f, uint32_t gid, uint32_t src);
static double viewer_advance(struct tx_font *f, uint32_t cp);

/* The characters a run may hold to be shaped without HarfBuzz: Latin-1, Hebrew letters
 * and Hebrew punctuation. */
static bool plain_candidate(uint32_t c)
{
	return (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF && c != 0xAD) ||
	       (c >= 0x05D0 && c <= 0x05F4) || c == 0x05BE || c == 0x05C0 || c == 0x05C3 ||
	       c == 0x05C6;
}

/* The glyphs that a lookup of one of features (all scripts and languages) may take as
 * input. */
static hb_set_t *lookup_inputs(hb_face_t *face, hb_tag_t table, const hb_tag_t *features)
{
	hb_set_t *lookups = hb_set_create(), *glyphs = hb_set_create();
	hb_ot_layout_collect_lookups(face, table, NULL, NULL, features, lookups);
	for (hb_codepoint_t i = HB_SET_VALUE_INVALID; hb_set_next(lookups, &i);)
		hb_ot_layout_lookup_collect_glyphs(face, table, i, NULL, glyphs, NULL, NULL);
	hb_set_destroy(lookups);
	return glyphs;
}

/* Whether the substitutions HarfBuzz applies by default can make any other glyph out of
 * the glyphs in set, in any order and number (ligatures included). */
static bool substitutes(hb_face_t *face, hb_set_t *lookups, const hb_set_t *set)
{
	hb_set_t *closure = hb_set_copy(set);
	hb_ot_layout_lookups_substitute_closure(face, lookups, closure);
	bool grows = hb_set_get_population(closure) != hb_set_get_population(set);
	hb_set_destroy(closure);
	return grows;
}

/* Which characters HarfBuzz gives their nominal glyph at its nominal advance in any run of
 * such characters, in this font (f->plain; gid 0: not one). A candidate is left out when it
 * mirrors in right-to-left text, when the font has no glyph for it or calls that glyph a
 * mark, when a default substitution can change it (alone or with others: the substitution
 * closure of all of them adds no glyph), or when a positioning lookup other than mark
 * attachment, which moves marks only, may take it (kerning, when it is on). */
static void find_plain_chars(struct tx_font *f, bool kerning)
{
	static const hb_tag_t gsub[] = {
		HB_TAG('c', 'c', 'm', 'p'), HB_TAG('l', 'o', 'c', 'l'), HB_TAG('r', 'l', 'i', 'g'),
		HB_TAG('r', 'v', 'r', 'n'), HB_TAG('c', 'a', 'l', 't'), HB_TAG('c', 'l', 'i', 'g'),
		HB_TAG('l', 'i', 'g', 'a'), HB_TAG('r', 'c', 'l', 't'), HB_TAG('r', 't', 'l', 'a'),
		HB_TAG('r', 't', 'l', 'm'), HB_TAG('l', 't', 'r', 'a'), HB_TAG('l', 't', 'r', 'm'),
		HB_TAG('f', 'r', 'a', 'c'), HB_TAG('n', 'u', 'm', 'r'), HB_TAG('d', 'n', 'o', 'm'),
		HB_TAG('r', 'a', 'n', 'd'), HB_TAG_NONE};
	static const hb_tag_t gpos[] = {HB_TAG('c', 'u', 'r', 's'), HB_TAG('d', 'i', 's', 't'),
					HB_TAG('k', 'e', 'r', 'n'), HB_TAG_NONE};
	hb_tag_t pos[4] = {gpos[0], gpos[1], kerning ? gpos[2] : HB_TAG_NONE, HB_TAG_NONE};
	f->plain = calloc(ADVANCES, sizeof *f->plain);
	if (!f->plain)
		return;
	hb_set_t *moved = lookup_inputs(f->face, HB_OT_TAG_GPOS, pos);
	hb_set_t *set = hb_set_create();
	for (uint32_t c = 0; c < ADVANCES; c++) {
		hb_codepoint_t g;
		FriBidiChar m;
		if (!plain_candidate(c) || fribidi_get_mirror_char(c, &m) ||
		    !hb_font_get_nominal_glyph(f->font, c, &g) || hb_set_has(moved, g) ||
		    hb_ot_layout_get_glyph_class(f->face, g) == HB_OT_LAYOUT_GLYPH_CLASS_MARK)
			continue;
		f->plain[c] = (struct plain_glyph){g, hb_font_get_glyph_h_advance(f->font, g),
						   viewer_advance(f, c)};
		hb_set_add(set, g);
	}
	hb_set_t *lookups = hb_set_create();
	hb_ot_layout_collect_lookups(f->face, HB_OT_TAG_GSUB, NULL, NULL, gsub, lookups);
	if (substitutes(f->face, lookups, set)) {
		/* leave out each glyph that changes alone; if some join still make others, none
		 * is plain */
		hb_set_t *one = hb_set_create();
		for (uint32_t c = 0; c < ADVANCES; c++) {
			if (!f->plain[c].gid)
				continue;
			hb_set_clear(one);
			hb_set_add(one, f->plain[c].gid);
			if (substitutes(f->face, lookups, one)) {
				hb_set_del(set, f->plain[c].gid);
				f->plain[c].gid = 0;
			}
		}
		hb_set_destroy(one);
		if (substitutes(f->face, lookups, set))
			memset(f->plain, 0, ADVANCES * sizeof *f->plain);
	}
	hb_set_destroy(lookups);
	hb_set_destroy(set);
	hb_set_destroy(moved);
}

/* A run of plain characters only, shaped without HarfBuzz: their nominal glyphs, in visual
 * order, as HarfBuzz would give them. Most words of a book are such runs, and HarfBuzz took
 * a fifth of the layout's time. False: the run needs HarfBuzz. */
static bool shape_plainly(struct tx_engine *e, struct tx_font *f, bool rtl, const uint32_t *u,
			  size_t n, struct glyph *out)
{
	if (!f->plain)
		find_plain_chars(f, e->kerning);
	if (!f->plain)
		return false;
	for (size_t i = 0; i < n; i++)
		if (u[i] >= ADVANCES || !f->plain[u[i]].gid)
			return false;
	for (size_t k = 0; k < n; k++) {
		size_t i = rtl ? n - 1 - k : k;
		const struct plain_glyph *p = &f->plain[u[i]];
		out[k] = (struct glyph){p->gid, (uint32_t)i, p->x_advance, 0, 0, u[i], true, p->advance};
	}
	return true;
}

/* Shapes a run of one font and one direction; results are cached for the engine's life
 * (a book repeats the same words over and over). */
/* The glyphs of a run as HarfBuzz shapes it, in arena a; returns how many. */
static size_t shape_with_harfbuzz(struct tx_engine *e, int font, bool rtl, const uint32_t *u,
				  size_t n, struct arena *a, struct glyph **out)
{
	struct tx_font *f = &e->fonts[font];
	hb_buffer_t *buf = e->buf;
	hb_buffer_reset(buf);
	hb_buffer_add_utf32(buf, u, (int)n, 0, (int)n);
	hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_set_language(buf, hb_language_from_string("he", -1));
	hb_buffer_guess_segment_properties(buf);
	/* marks keep their own cluster, so each maps back to its own character */
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_CHARACTERS);
	hb_buffer_set_flags(buf, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
	/* without kerning a run of letters is one string the viewer places by itself: the
	 * PDF is smaller and faster to make, and text extracts more reliably */
	hb_feature_t kern = {HB_TAG('k', 'e', 'r', 'n'), e->kerning, HB_FEATURE_GLOBAL_START,
			     HB_FEATURE_GLOBAL_END};
	hb_shape(f->font, buf, &kern, 1);
	unsigned ng;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &ng);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &ng);
	*out = arena_calloc(a, ng ? ng : 1, sizeof **out);
	for (unsigned i = 0; i < ng; i++) {
		struct glyph *g = &(*out)[i];
		*g = (struct glyph){info[i].codepoint, info[i].cluster, pos[i].x_advance,
				    pos[i].x_offset, pos[i].y_offset, 0, false, 0};
		g->cp = glyph_codepoint(f, g->gid, u[g->cluster]);
		hb_codepoint_t nominal;
		g->plain = hb_font_get_nominal_glyph(f->font, g->cp, &nominal) && nominal == g->gid &&
			   g->x_advance == hb_font_get_glyph_h_advance(f->font, g->gid);
		g->advance = g->plain ? viewer_advance(f, g->cp) : (double)g->x_advance / f->upem;
	}
	return ng;
}

const struct shape_entry *tx_shape(struct tx_engine *e, int font, bool rtl, const uint32_t *u,
				   size_t n)
{
	uint64_t h = hash_chars(u, n, font, rtl);
	struct shape_entry **slot = &e->cache[h % CACHE_BUCKETS];
	for (struct shape_entry *s = *slot; s; s = s->next)
		if (s->hash == h && s->font == font && s->rtl == rtl && s->nchars == n &&
		    memcmp(s->chars, u, n * sizeof *u) == 0) {
			e->cached++;
			return s;
		}
	e->shaped++;
	struct shape_entry *s = arena_alloc(&e->cache_arena, sizeof *s);
	s->hash = h;
	s->font = font;
	s->rtl = rtl;
	s->nchars = n;
	s->chars = arena_calloc(&e->cache_arena, n ? n : 1, sizeof *u);
	memcpy(s->chars, u, n * sizeof *u);
	s->glyphs = arena_calloc(&e->cache_arena, n ? n : 1, sizeof *s->glyphs);
	if (shape_plainly(e, &e->fonts[font], rtl, u, n, s->glyphs))
		s->nglyphs = n;
	else
		s->nglyphs = shape_with_harfbuzz(e, font, rtl, u, n, &e->cache_arena, &s->glyphs);
	for (size_t i = 0; i < s->nglyphs; i++)
		s->width += s->glyphs[i].advance;
	s->next = *slot;
	*slot = s;
	return s;
}

int tx_shape_plainly_agrees(struct tx_engine *e, int font, const char *utf8, bool rtl)
{
	size_t len = strlen(utf8), n = 0;
	struct arena a = {0};
	uint32_t *u = arena_calloc(&a, len + 1, sizeof *u);
	for (size_t i = 0; i < len;) {
		int k = utf8_decode(utf8 + i, len - i, &u[n++]);
		i += k > 0 ? (size_t)k : 1;
	}
	struct glyph *plain = arena_calloc(&a, n + 1, sizeof *plain), *hb;
	int result = -1;
	if (shape_plainly(e, &e->fonts[font], rtl, u, n, plain)) {
		size_t ng = shape_with_harfbuzz(e, font, rtl, u, n, &a, &hb);
		result = ng == n;
		for (size_t i = 0; result && i < n; i++)
			result = plain[i].gid == hb[i].gid && plain[i].cluster == hb[i].cluster &&
				 plain[i].x_advance == hb[i].x_advance && hb[i].x_offset == 0 &&
				 hb[i].y_offset == 0 && plain[i].cp == hb[i].cp &&
				 plain[i].plain == hb[i].plain && plain[i].advance == hb[i].advance;
	}
	arena_free(&a);
	return result;
}

/* The code point the PDF library should draw for a glyph: the source character when its
 * nominal glyph is the one HarfBuzz chose, else its mirror (brackets in RTL runs), else any
 * code point mapped to that glyph (presentation forms such as U+FB2A), else the source. */
static uint32_t glyph_codepoint(struct tx_font *f, uint32_t gid, uint32_t src)
{
	hb_codepoint_t g;
	if (hb_font_get_nominal_glyph(f->font, src, &g) && g == gid)
		return src;
	FriBidiChar m;
	if (fribidi_get_mirror_char(src, &m) && hb_font_get_nominal_glyph(f->font, m, &g) &&
	    g == gid)
		return m;
	if (gid < f->nglyphs && f->rev_cmap[gid])
		return f->rev_cmap[gid];
	return src;
}

/* The advance the viewer will use for code point cp: the PDF library writes widths
 * truncated to 1/1000 em. Using the same figure keeps our layout and the viewer in step. */
static double viewer_advance(struct tx_font *f, uint32_t cp)
{
	hb_codepoint_t g;
	if (!hb_font_get_nominal_glyph(f->font, cp, &g))
		return 0;
	int adv = hb_font_get_glyph_h_advance(f->font, g);
	return floor((double)adv * 1000.0 / f->upem) / 1000.0;
}

/* A character's own advance in em, from a table made at the first use. */
static double nominal_advance(struct tx_font *f, uint32_t cp)
{
	if (!f->advances) {
		f->advances = xmalloc(ADVANCES * sizeof *f->advances);
		for (uint32_t c = 0; c < ADVANCES; c++) {
			hb_codepoint_t g;
			f->advances[c] = hb_font_get_nominal_glyph(f->font, c, &g)
					 ? (float)hb_font_get_glyph_h_advance(f->font, g) / (float)f->upem
					 : 0;
		}
	}
	if (cp < ADVANCES)
		return f->advances[cp];
	hb_codepoint_t g;
	return hb_font_get_nominal_glyph(f->font, cp, &g)
		       ? (double)hb_font_get_glyph_h_advance(f->font, g) / f->upem
		       : 0;
}

double tx_width_estimate(struct tx_engine *e, const char *utf8, const struct tx_style *st)
{
	struct tx_font *f = &e->fonts[st->font];
	double em = 0;
	size_t left = strlen(utf8);
	uint32_t cp;
	for (const char *p = utf8; utf8_next(&p, &left, &cp);)
		em += nominal_advance(f, cp);
	return em * st->size;
}
