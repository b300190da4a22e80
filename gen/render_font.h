/* render_font.h — the book's fonts inside the PDF (render_font.c). For the render_*.c
 * files only: it includes hpdf.h. */
#ifndef PB_RENDER_FONT_H
#define PB_RENDER_FONT_H

#include <hpdf.h>

#include "text.h"

struct pdf_fonts;

struct pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, const struct tx_engine *e);
void pdf_fonts_free(struct pdf_fonts *fs);

/* The text engine's font as a PDF font (Type0, CID = Unicode code point), loaded and
 * embedded on first use; NULL if libharu refuses it. */
HPDF_Font pdf_font(struct pdf_fonts *fs, int font);

/* Shows one glyph that the text engine drew as the mirror image of the typed character
 * (a bracket in right-to-left text): drawn is the code point whose glyph is shown, typed
 * the character a reader who copies the text should get. The page's current font must
 * be pdf_font(fs, font), and the text position already set. */
void pdf_show_mirrored(struct pdf_fonts *fs, HPDF_Page page, int font, const char *drawn,
		       const char *typed);

/* Writes what only the end knows into each font's objects: its ToUnicode map and, for
 * the mirrored glyphs shown, their CIDToGIDMap and /W entries. Call once, just before
 * the file is saved. */
void pdf_fonts_finish(struct pdf_fonts *fs);

#endif
