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

/* The advance of code point c (CID c) in 1/1000 em, as /W gives it; the code is marked as
 * drawn, so that the embedded subset holds its glyph and the end maps it to that glyph. */
unsigned pdf_font_width(struct pdf_fonts *fs, int font, uint32_t c);

/* The private-use CID that shows drawn's glyph and copies as typed (a mirrored bracket),
 * handed out on first use; 0 if there is none to give. */
unsigned pdf_mirrored_cid(struct pdf_fonts *fs, int font, uint32_t drawn, uint32_t typed);

/* A CID that shows the blank glyph of a space and copies as its own private-use code: the
 * mark that keeps pdf.js from dropping a space in text drawn in reading order
 * (render_pdf.c). */
unsigned pdf_blank_cid(struct pdf_fonts *fs, int font);

/* The fonts the file has. Each gets three objects more in pdf_fonts_finish or as the file
 * is saved: its subset, the subset's length and its descriptor. */
unsigned pdf_fonts_used(const struct pdf_fonts *fs);
/* Writes what only the end knows into each font's objects: its ToUnicode map and, for
 * the code points drawn and the mirrored glyphs shown, their CIDToGIDMap and /W entries;
 * then makes the embedded subsets and compresses them with the maps. Call once, just
 * before the file is saved. */
void pdf_fonts_finish(struct pdf_fonts *fs);

#endif
