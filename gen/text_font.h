/* text_font.h — what the two halves of the text engine share: its fonts, the cache of
 * shaped runs and the engine itself. text_shape.c loads fonts and shapes runs; text.c lays
 * paragraphs out with them. Nothing outside the text engine includes this. */
#ifndef PB_TEXT_FONT_H
#define PB_TEXT_FONT_H

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdbool.h>
#include <stdint.h>

#include "hash.h"
#include "text.h"
#include "util.h"

struct tx_font {
	char *path;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	double ascent, descent;
	/* glyph id → a code point that maps to it (for glyphs HarfBuzz substituted) */
	uint32_t *rev_cmap;
	unsigned nglyphs;
	float *advances; /* the nominal advance (em) of U+0000..U+07FF: Latin and Hebrew */
	/* U+0000..U+07FF that HarfBuzz would leave alone (plain_chars), made at first use */
	struct plain_glyph *plain;
};

#define ADVANCES 0x800

struct shape_entry {
	uint64_t hash;
	int font;
	bool rtl;
	size_t nchars;
	uint32_t *chars;
	size_t nglyphs;
	struct glyph *glyphs;
	double width; /* in em */
	struct shape_entry *next;
};

struct glyph {
	uint32_t gid;
	uint32_t cluster; /* index of the source character within the piece */
	int32_t x_advance, x_offset, y_offset; /* font units */
	/* worked out once per shaped run: */
	uint32_t cp;    /* the code point to draw (see glyph_codepoint) */
	bool plain;     /* its nominal glyph at its nominal advance: the viewer places it */
	double advance; /* in em: the viewer's advance when plain, HarfBuzz's otherwise */
};

/* A character HarfBuzz gives its nominal glyph at its nominal advance whatever stands
 * around it; gid 0: not such a character. */
struct plain_glyph {
	uint32_t gid;
	int32_t x_advance;
	double advance; /* the viewer's (viewer_advance) */
};

#define CACHE_BUCKETS 4096

struct tx_engine {
	FT_Library ft;
	struct tx_font fonts[16];
	int nfonts;
	hb_buffer_t *buf;
	struct arena cache_arena;
	struct shape_entry *cache[CACHE_BUCKETS];
	long shaped, cached;
	/* tx_measure's answers, by the text and its style: a book measures the same words
	 * (dates, a plan's vision on every goal) thousands of times for its column widths */
	struct strmap measured; /* to an index in widths */
	double *widths;
	size_t nwidths, capwidths;
	bool kerning;
};

/* A run of one font and one direction, shaped (cached for the engine's life). */
const struct shape_entry *tx_shape(struct tx_engine *e, int font, bool rtl, const uint32_t *u,
				   size_t n);

#endif
