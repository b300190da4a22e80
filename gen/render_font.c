/* render_font.c — the book's fonts inside the PDF: loading them through libharu, the
 * ToUnicode map, and a second CID for each glyph drawn mirrored, so that a bracket drawn
 * as its mirror image in right-to-left text copies out as the bracket that was typed.
 *
 * With libharu's UTF-8 encoder a CID is the Unicode code point, and CID, glyph and
 * ToUnicode entry come one per code point: the glyph of ")" is reachable only through
 * CID 0029, which copies as ")" also where it shows a typed "(". So a mirrored glyph is
 * drawn through a private-use CID of its own (U+E000 up, one per typed character in order
 * of first use, skipping any the font has a glyph for) whose CIDToGIDMap entry is the
 * mirror's glyph, whose /W entry is that glyph's width and whose ToUnicode entry is the
 * typed character. Same glyph, same width, same font: the page looks the same and pdf.js
 * keeps the line one chunk. CIDToGIDMap and /W hold only the code points drawn (the font
 * is created over an empty cmap: font_with_empty_map), and ToUnicode is ours; all three
 * are completed just before the file is saved. Tied, like the ToUnicode fix, to libharu
 * 2.3.0's installed internal headers. */
#include "render_font.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_flate.h"
#include "util.h"

#define PDF_MAX_FONTS 16
#define PRIVATE_FIRST 0xE000u
#define PRIVATE_LAST 0xF8FFu

/* A glyph drawn as the mirror image of the character typed. */
struct mirrored_cid {
	uint32_t typed; /* what a reader copying the text should get; 0: nothing (the blank) */
	uint32_t drawn; /* the code point whose glyph is shown: the typed one's mirror */
	unsigned cid;   /* the private-use CID that shows it */
};

struct pdf_font {
	HPDF_Font font;
	uint8_t used[0x10000 / 8]; /* the code points drawn, mapped to their glyphs at the end */
	struct mirrored_cid *mirrored; /* in CID order: CIDs are handed out upwards */
	size_t nmirrored, cap;
	unsigned next_cid;
};

struct pdf_fonts {
	HPDF_Doc pdf;
	const struct tx_engine *e;
	struct pdf_font fonts[PDF_MAX_FONTS];
};

struct pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, const struct tx_engine *e)
{
	struct pdf_fonts *fs = xmalloc(sizeof *fs);
	memset(fs, 0, sizeof *fs);
	fs->pdf = pdf;
	fs->e = e;
	return fs;
}

void pdf_fonts_free(struct pdf_fonts *fs)
{
	if (!fs)
		return;
	for (int i = 0; i < PDF_MAX_FONTS; i++)
		free(fs->fonts[i].mirrored);
	free(fs);
}

/* libharu maps every one of the 65,536 codes through the font's cmap as it creates the
 * font, each by a linear search over the cmap's segments: a sixth of the writer's work on
 * the 2020 book, for a map of which a book uses two hundred entries. So the font is created
 * over a cmap in which every code has glyph 0 (one segment), which leaves CIDToGIDMap all
 * zeros and /W empty, and the real cmap is put back; the codes drawn are mapped, and their
 * widths written, when the file is finished (map_used_codes). */
static HPDF_Font font_with_empty_map(HPDF_Doc pdf, const char *name)
{
	static HPDF_UINT16 end[1] = {0xFFFF}, start[1] = {0xFFFF}, offset[1] = {0};
	static HPDF_INT16 delta[1] = {1}; /* 0xFFFF + 1: glyph 0 */
	HPDF_FontDef def = HPDF_Doc_FindFontDef(pdf, name);
	HPDF_TTFontDefAttr attr = def && def->type == HPDF_FONTDEF_TYPE_TRUETYPE ? def->attr : NULL;
	if (!attr || attr->cmap.format != 4)
		return HPDF_GetFont(pdf, name, "UTF-8");
	HPDF_TTF_CmapRange real = attr->cmap;
	attr->cmap.seg_count_x2 = 2;
	attr->cmap.end_count = end;
	attr->cmap.start_count = start;
	attr->cmap.id_delta = delta;
	attr->cmap.id_range_offset = offset;
	HPDF_Font f = HPDF_GetFont(pdf, name, "UTF-8");
	attr->cmap = real;
	return f;
}

HPDF_Font pdf_font(struct pdf_fonts *fs, int font)
{
	if (font < 0 || font >= PDF_MAX_FONTS)
		return NULL;
	struct pdf_font *f = &fs->fonts[font];
	if (f->font)
		return f->font;
	const char *name = HPDF_LoadTTFontFromFile(fs->pdf, tx_font_path(fs->e, font), HPDF_TRUE);
	if (!name)
		return NULL;
	f->font = font_with_empty_map(fs->pdf, name);
	f->next_cid = PRIVATE_FIRST;
	return f->font;
}

unsigned pdf_font_width(struct pdf_fonts *fs, int font, uint32_t c)
{
	if (font < 0 || font >= PDF_MAX_FONTS || !fs->fonts[font].font || c > 0xFFFF)
		return 0;
	struct pdf_font *f = &fs->fonts[font];
	f->used[c / 8] |= (uint8_t)(1u << (c % 8));
	return (unsigned)HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)c);
}

static HPDF_FontDef font_def(HPDF_Font font)
{
	return ((HPDF_FontAttr)font->attr)->fontdef;
}

/* The private-use CID that shows drawn's glyph and copies as typed, handed out on first
 * use; 0 when the private-use area is exhausted. A CID the font has a glyph of its own
 * for is skipped: text that uses that character still shows it. (Text that uses one the
 * font lacks, drawn as the missing glyph today, would show the bracket instead.) */
static unsigned private_cid(struct pdf_font *f, uint32_t typed, uint32_t drawn)
{
	for (size_t i = 0; i < f->nmirrored; i++)
		if (f->mirrored[i].typed == typed && f->mirrored[i].drawn == drawn)
			return f->mirrored[i].cid;
	HPDF_FontDef def = font_def(f->font);
	while (f->next_cid <= PRIVATE_LAST &&
	       HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)f->next_cid) != 0)
		f->next_cid++;
	if (f->next_cid > PRIVATE_LAST)
		return 0;
	if (f->nmirrored == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->mirrored = xrealloc(f->mirrored, f->cap * sizeof *f->mirrored);
	}
	f->mirrored[f->nmirrored++] = (struct mirrored_cid){typed, drawn, f->next_cid};
	return f->next_cid++;
}

unsigned pdf_mirrored_cid(struct pdf_fonts *fs, int font, uint32_t drawn, uint32_t typed)
{
	if (font < 0 || font >= PDF_MAX_FONTS || !fs->fonts[font].font || drawn > 0xFFFF ||
	    typed > 0xFFFF)
		return 0;
	return private_cid(&fs->fonts[font], typed, drawn);
}

unsigned pdf_blank_cid(struct pdf_fonts *fs, int font)
{
	return pdf_mirrored_cid(fs, font, ' ', 0);
}

/* Sets one CID's glyph id in libharu's CIDToGIDMap: a memory stream of two big-endian
 * bytes per CID, held in buffers. */
static void set_glyph_of_cid(HPDF_Stream map, unsigned cid, unsigned gid)
{
	const HPDF_BYTE bytes[2] = {(HPDF_BYTE)(gid >> 8), (HPDF_BYTE)(gid & 0xFF)};
	size_t at = 2 * (size_t)cid, start = 0;
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(map);
	for (HPDF_UINT i = 0; i < nbuf; i++) {
		HPDF_UINT len;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(map, i, &len);
		for (size_t k = 0; k < 2 && p; k++)
			if (at + k >= start && at + k < start + len)
				p[at + k - start] = bytes[k];
		start += len;
	}
}

static bool is_a(void *obj, HPDF_UINT16 obj_class)
{
	return obj && (((HPDF_Obj_Header *)obj)->obj_class & HPDF_OCLASS_ANY) == obj_class;
}

/* Adds "cid [width]" to a CIDFont's /W array, which libharu writes as "first [w1 w2 …]"
 * runs in CID order, before the first run that starts after it. No run holds a private
 * CID already: it had no glyph, so it was as wide as the missing glyph, which is /DW. */
static void add_width_of_cid(HPDF_Array w, unsigned cid, int width)
{
	void *later = NULL;
	for (HPDF_UINT i = 0; i < w->list->count && !later; i += 2) {
		HPDF_Number start = HPDF_List_ItemAt(w->list, i);
		if (!is_a(start, HPDF_OCLASS_NUMBER))
			return; /* not as libharu writes it: left alone */
		if (start->value > (HPDF_INT32)cid)
			later = start;
	}
	HPDF_Number first = HPDF_Number_New(w->mmgr, (HPDF_INT32)cid);
	HPDF_Array run = HPDF_Array_New(w->mmgr);
	if (!first || !run)
		return;
	HPDF_Array_AddNumber(run, width);
	if (later) {
		HPDF_Array_Insert(w, later, first);
		HPDF_Array_Insert(w, later, run);
	} else {
		HPDF_Array_Add(w, first);
		HPDF_Array_Add(w, run);
	}
}

/* The mirror's glyph and width for a private CID. Asking the width also marks the glyph
 * as used, for the embedded subset. */
static void map_private_cid(HPDF_Font font, const struct mirrored_cid *m)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)m->drawn);
	HPDF_INT16 width = HPDF_TTFontDef_GetCharWidth(attr->fontdef, (HPDF_UINT16)m->drawn);

	if (attr->map_stream)
		set_glyph_of_cid(attr->map_stream->stream, m->cid, gid);
	HPDF_Array w = HPDF_Dict_GetItem(attr->descendant_font, "W", HPDF_OCLASS_ARRAY);
	if (w)
		add_width_of_cid(w, m->cid, width);
}

/* The glyphs and widths of the code points drawn (font_with_empty_map left them out). */
static void map_used_codes(struct pdf_font *f)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)f->font->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_Array w = HPDF_Dict_GetItem(attr->descendant_font, "W", HPDF_OCLASS_ARRAY);
	for (unsigned c = 0; c < 0xFFFF; c++) {
		if (!(f->used[c / 8] & (1u << (c % 8))))
			continue;
		HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
		HPDF_INT16 width = HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)c);
		if (gid && attr->map_stream)
			set_glyph_of_cid(attr->map_stream->stream, c, gid);
		if (w && width != def->missing_width)
			add_width_of_cid(w, c, width);
	}
}

/* A CMap section: "N beginKIND", the lines, "endKIND", at most 100 lines a section. */
static void write_cmap_sections(HPDF_Stream s, const char *kind, char (*lines)[32], size_t n)
{
	for (size_t i = 0; i < n; i += 100) {
		size_t count = n - i < 100 ? n - i : 100;
		char head[32];
		snprintf(head, sizeof head, "%zu begin%s\n", count, kind);
		HPDF_Stream_WriteStr(s, head);
		for (size_t k = i; k < i + count; k++)
			HPDF_Stream_WriteStr(s, lines[k]);
		HPDF_Stream_WriteStr(s, "end");
		HPDF_Stream_WriteStr(s, kind);
		HPDF_Stream_WriteStr(s, "\n");
	}
}

/* libharu 2.3.0 writes its encoding CMap as ToUnicode, which poppler rejects with a
 * warning on every page; CID = Unicode here, so the right map is the identity, one range
 * per high byte (a range may not cross one; surrogates D8–DF have no meaning), with the
 * private CIDs of mirrored glyphs left out of it and mapped to their typed characters. */
static void write_tounicode(const struct pdf_font *f)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)f->font->attr;
	if (!attr->cmap_stream)
		return;
	HPDF_Stream s = attr->cmap_stream->stream;
	/* 248 high bytes, each range split at most once more by every private CID */
	size_t cap = 256 + 2 * f->nmirrored, nranges = 0, next = 0;
	char (*lines)[32] = xmalloc(cap * sizeof *lines);
	for (unsigned hi = 0; hi < 0x10000; hi += 0x100) {
		if (hi >= 0xD800 && hi <= 0xDF00)
			continue;
		unsigned from = hi, last = hi + 0xFF;
		for (; next < f->nmirrored && f->mirrored[next].cid <= last; next++) {
			unsigned cid = f->mirrored[next].cid;
			if (cid > from)
				snprintf(lines[nranges++], 32, "<%04X> <%04X> <%04X>\n", from, cid - 1, from);
			from = cid + 1;
		}
		if (from <= last)
			snprintf(lines[nranges++], 32, "<%04X> <%04X> <%04X>\n", from, last, from);
	}
	HPDF_MemStream_FreeData(s);
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
				"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
				"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
				"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	write_cmap_sections(s, "bfrange", lines, nranges);
	for (size_t i = 0; i < f->nmirrored; i++)
		if (f->mirrored[i].typed)
			snprintf(lines[i], 32, "<%04X> <%04X>\n", f->mirrored[i].cid,
				 (unsigned)f->mirrored[i].typed);
		else /* the blank mark (render_pdf.c): its own private-use code, which carries
		      * no text; a code with no Unicode value at all is not allowed (PDF/UA 7.21.7) */
			snprintf(lines[i], 32, "<%04X> <%04X>\n", f->mirrored[i].cid,
				 f->mirrored[i].cid);
	write_cmap_sections(s, "bfchar", lines, f->nmirrored);
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	free(lines);
}

/* The font's embedded subset, its CIDToGIDMap and its ToUnicode compressed now at the
 * fastest level (render_flate.c), not by libharu at its own level as it saves, when
 * nothing else runs: 6 ms of the 2020 book's 100. libharu makes the subset, and the
 * descriptor that holds it, in the font's before-write hook, and makes them only once:
 * called here first, it makes them now; called again as the file is saved, it only sets
 * the two maps' filters to the font's own, which is made none here. Either way the font
 * gets three objects after pdf_fonts_used was asked: its file, the file's length and its
 * descriptor. */
static void pack_font(struct pdf_font *f)
{
	HPDF_Font font = f->font;
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	if (!font->before_write_fn || font->before_write_fn(font) != HPDF_OK ||
	    !attr->fontdef->descriptor)
		return; /* left to libharu's save */
	font->filter = HPDF_STREAM_FILTER_NONE;
	HPDF_Dict file = HPDF_Dict_GetItem(attr->fontdef->descriptor, "FontFile2", HPDF_OCLASS_DICT);
	if (file)
		flate_in_place(file);
	if (attr->map_stream)
		flate_in_place(attr->map_stream);
	if (attr->cmap_stream)
		flate_in_place(attr->cmap_stream);
}

unsigned pdf_fonts_used(const struct pdf_fonts *fs)
{
	unsigned n = 0;
	for (int i = 0; i < PDF_MAX_FONTS; i++)
		n += fs->fonts[i].font != NULL;
	return n;
}

void pdf_fonts_finish(struct pdf_fonts *fs)
{
	for (int i = 0; i < PDF_MAX_FONTS; i++) {
		struct pdf_font *f = &fs->fonts[i];
		if (!f->font)
			continue;
		map_used_codes(f);
		for (size_t k = 0; k < f->nmirrored; k++)
			map_private_cid(f->font, &f->mirrored[k]);
		write_tounicode(f);
		pack_font(f);
	}
}
