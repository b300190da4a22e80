/* text.h — the text engine: bidi (FriBidi), shaping (HarfBuzz), line breaking (libunibreak)
 * and font metrics (FreeType). It turns a logical paragraph into lines of positioned
 * segments in visual order; it knows nothing of pages or of the PDF library. */
#ifndef PB_TEXT_H
#define PB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct tx_engine;

struct tx_engine *tx_new(void);
void tx_free(struct tx_engine *e);
/* Loads a TrueType font once (a second call with the same path gives the same index).
 * Returns -1 if the file cannot be read or is not a TrueType font. */
int tx_font_load(struct tx_engine *e, const char *path);
const char *tx_font_path(const struct tx_engine *e, int font);
double tx_font_ascent(const struct tx_engine *e, int font);  /* in em, positive */
double tx_font_descent(const struct tx_engine *e, int font); /* in em, positive */
/* Kerning (HarfBuzz's "kern" feature) on or off; off unless set. Call before any layout:
 * results are cached. */
void tx_set_kerning(struct tx_engine *e, bool on);
/* Shaping calls made and cache hits, for the benchmark. */
void tx_stats(const struct tx_engine *e, long *shaped, long *cached);

struct tx_style {
	int font;
	double size;    /* pt */
	uint32_t color; /* 0xRRGGBB */
	/* Drawn filled and outlined, a bold made from the regular face. Used for bold words
	 * inside regular text: pdf.js, the engine of Firefox's viewer, splits a line where
	 * the font changes and then puts the pieces of a right-to-left line in the wrong
	 * order when text is copied; a line in one font copies right. */
	bool embolden;
};

enum tx_align { TX_RIGHT, TX_LEFT, TX_CENTER, TX_JUSTIFY };

/* A paragraph is built from styled pieces of logical (typed-order) UTF-8 text. A '\n'
 * inside the text is a forced line break. */
struct tx_para;
struct tx_para *tx_para_new(void);
void tx_para_add(struct tx_para *p, const char *utf8, size_t len, const struct tx_style *st);
void tx_para_free(struct tx_para *p);
bool tx_para_empty(const struct tx_para *p);

/* One run of glyphs that the renderer draws with a single text operator: its code points
 * are in visual (left-to-right) order. x is from the left edge of the paragraph box, dy
 * from the baseline (up is positive). A line's segments come left to right: text
 * extractors (poppler, pdf.js) read right-to-left text best when it is drawn that way. */
struct tx_seg {
	int font;
	double size;
	uint32_t color;
	double x, dy, width;
	const char *utf8;
	/* Set where a reader copying the text should get other characters than the ones
	 * drawn: a bracket mirrored in a right-to-left run is drawn as its mirror image but
	 * means the bracket that was typed. Such a segment holds that one glyph only. */
	const char *actual;
	bool rtl; /* the run's bidi level is odd */
	bool embolden;
	size_t logical; /* where its first character is in the paragraph: segments sorted by it
			 * come in reading order (glyphs of a right-to-left one reversed) */
};

struct tx_line {
	double width;   /* natural width of the content */
	double ascent;  /* pt above the baseline */
	double descent; /* pt below the baseline */
	double size;    /* the largest font size on the line */
	const char *text; /* the line's characters in logical order (for dumps and tests) */
	bool space_after; /* the line ends where the paragraph had a space or a break */
	size_t nseg;
	struct tx_seg *segs;
};

struct tx_lines {
	size_t n;
	struct tx_line *lines;
	double max_width; /* widest line, for measuring */
};

/* Breaks and positions a paragraph within width (pt). rtl selects the base direction.
 * Results live in arena a. A word wider than the line is broken between characters. */
struct tx_lines tx_layout(struct tx_engine *e, struct arena *a, const struct tx_para *p,
			  double width, enum tx_align align, bool rtl);

/* Width of a single line of text in one style, as it would be laid out. */
double tx_measure(struct tx_engine *e, const char *utf8, const struct tx_style *st);
/* The same from the characters' own advances, without shaping or bidi: within a few per
 * cent of tx_measure (kerning, ligatures and marks make the difference), and a hundred
 * times cheaper; for finding which words may be the widest. */
double tx_width_estimate(struct tx_engine *e, const char *utf8, const struct tx_style *st);

/* For tests of the shortcut past HarfBuzz: -1 when the run (one direction) needs HarfBuzz,
 * else whether its plain shaping gives what HarfBuzz gives, glyph for glyph. */
int tx_shape_plainly_agrees(struct tx_engine *e, int font, const char *utf8, bool rtl);

#endif
