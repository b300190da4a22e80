/* render_pdf.c — writes the laid-out book as PDF through libharu. The only file that
 * includes hpdf.h. See docs/architecture.md for the libharu 2.3.0 traps worked around
 * here: zero-width strings dropped, a malformed ToUnicode CMap, encoder order. */
#include "render_pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FONTS 16

struct renderer {
	HPDF_Doc pdf;
	const struct tx_engine *e;
	HPDF_Font font[MAX_FONTS];
	HPDF_STATUS error;
	HPDF_STATUS detail;
	/* what the page's graphics state holds, so that each is set only when it changes */
	HPDF_Font cur_font;
	double cur_size;
	uint32_t cur_fill;
	bool fill_known;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct renderer *r = data;
	if (!r->error) {
		r->error = error;
		r->detail = detail;
	}
}

static HPDF_Stream tounicode_stream(HPDF_Font font)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	return attr->cmap_stream ? attr->cmap_stream->stream : NULL;
}

/* libharu 2.3.0 writes its encoding CMap as ToUnicode, which poppler rejects with a warning
 * on every page; CID = Unicode here, so the right map is the identity. A range may not
 * cross a high byte, and surrogates (D8–DF) have no meaning. */
static void write_identity_tounicode(HPDF_Font font)
{
	HPDF_Stream s = tounicode_stream(font);
	if (!s)
		return;
	HPDF_MemStream_FreeData(s);
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
				"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
				"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
				"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	int hi[256], n = 0;
	for (int h = 0; h < 256; h++)
		if (h < 0xD8 || h > 0xDF)
			hi[n++] = h;
	for (int i = 0; i < n; i += 100) {
		int count = n - i < 100 ? n - i : 100;
		char line[64];
		snprintf(line, sizeof line, "%d beginbfrange\n", count);
		HPDF_Stream_WriteStr(s, line);
		for (int k = i; k < i + count; k++) {
			snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi[k], hi[k], hi[k]);
			HPDF_Stream_WriteStr(s, line);
		}
		HPDF_Stream_WriteStr(s, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static HPDF_Font get_font(struct renderer *r, int f)
{
	if (r->font[f])
		return r->font[f];
	const char *name = HPDF_LoadTTFontFromFile(r->pdf, tx_font_path(r->e, f), HPDF_TRUE);
	if (!name)
		return NULL;
	r->font[f] = HPDF_GetFont(r->pdf, name, "UTF-8");
	if (r->font[f])
		write_identity_tounicode(r->font[f]);
	return r->font[f];
}

static void set_fill(HPDF_Page page, uint32_t c)
{
	HPDF_Page_SetRGBFill(page, ((c >> 16) & 0xFF) / 255.0f, ((c >> 8) & 0xFF) / 255.0f,
			     (c & 0xFF) / 255.0f);
}

static void set_stroke(HPDF_Page page, uint32_t c)
{
	HPDF_Page_SetRGBStroke(page, ((c >> 16) & 0xFF) / 255.0f, ((c >> 8) & 0xFF) / 255.0f,
			       (c & 0xFF) / 255.0f);
}

static void draw_text(struct renderer *r, HPDF_Page page, double height, const struct box *b)
{
	const struct tx_line *l = b->line;
	if (!l || l->nseg == 0)
		return;
	HPDF_Page_BeginText(page);
	for (size_t i = 0; i < l->nseg; i++) {
		const struct tx_seg *sg = &l->segs[i];
		HPDF_Font font = get_font(r, sg->font);
		if (!font)
			break;
		if (font != r->cur_font || sg->size != r->cur_size) {
			HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)sg->size);
			r->cur_font = font;
			r->cur_size = sg->size;
		}
		if (!r->fill_known || sg->color != r->cur_fill) {
			set_fill(page, sg->color);
			r->cur_fill = sg->color;
			r->fill_known = true;
		}
		if (sg->embolden) {
			/* filled and outlined: bold weight from the regular face */
			HPDF_Page_SetTextRenderingMode(page, HPDF_FILL_THEN_STROKE);
			HPDF_Page_SetLineWidth(page, (HPDF_REAL)(sg->size * 0.04));
			set_stroke(page, sg->color);
		}
		float x = (float)(b->x + sg->x), y = (float)(height - b->baseline + sg->dy);
		/* libharu silently drops a string whose width is zero (a lone vowel mark): a
		 * tiny character spacing makes it non-zero */
		bool zero = HPDF_Page_TextWidth(page, sg->utf8) == 0;
		if (zero)
			HPDF_Page_SetCharSpace(page, 0.01f);
		HPDF_Page_TextOut(page, x, y, sg->utf8);
		if (zero)
			HPDF_Page_SetCharSpace(page, 0);
		if (sg->embolden)
			HPDF_Page_SetTextRenderingMode(page, HPDF_FILL);
	}
	HPDF_Page_EndText(page);
}

static void draw_shape(struct renderer *r, HPDF_Page page, double height, const struct box *b)
{
	r->fill_known = false; /* shapes set their own colours */
	if (b->kind == BOX_RULE) {
		set_stroke(page, b->stroke);
		HPDF_Page_SetLineWidth(page, (HPDF_REAL)b->stroke_width);
		HPDF_Page_MoveTo(page, (HPDF_REAL)b->x, (HPDF_REAL)(height - b->y));
		HPDF_Page_LineTo(page, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(height - b->y - b->h));
		HPDF_Page_Stroke(page);
		return;
	}
	if (b->filled)
		set_fill(page, b->fill);
	if (b->stroked) {
		set_stroke(page, b->stroke);
		HPDF_Page_SetLineWidth(page, (HPDF_REAL)b->stroke_width);
	}
	HPDF_Page_Rectangle(page, (HPDF_REAL)b->x, (HPDF_REAL)(height - b->y - b->h),
			    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
	if (b->filled && b->stroked)
		HPDF_Page_FillStroke(page);
	else if (b->filled)
		HPDF_Page_Fill(page);
	else
		HPDF_Page_Stroke(page);
}

static void add_outline(HPDF_Doc pdf, HPDF_Page *pages, const struct layout *L)
{
	HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_Outline parent = NULL;
	for (size_t i = 0; i < L->outline.len; i++) {
		const struct outline_entry *o = &VEC_AT(&L->outline, struct outline_entry, i);
		if (o->page >= L->pages.len)
			continue;
		HPDF_Outline item = HPDF_CreateOutline(pdf, o->level == 0 ? NULL : parent, o->title, enc);
		if (!item)
			continue;
		HPDF_Destination dst = HPDF_Page_CreateDestination(pages[o->page]);
		HPDF_Outline_SetDestination(item, dst);
		HPDF_Outline_SetOpened(item, HPDF_TRUE);
		if (o->level == 0)
			parent = item;
	}
}

static bool draw_document(struct renderer *r, const struct layout *L)
{
	HPDF_Doc pdf = r->pdf;
	/* compression applies only to pages added after it is set; the encoder must be the
	 * current one before any Info string is written */
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	if (L->title)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, L->title);
	if (L->author)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, L->author);
	if (L->subject)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, L->subject);
	if (L->keywords)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, L->keywords);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "planbook");
	HPDF_Page *pages = calloc(L->pages.len ? L->pages.len : 1, sizeof *pages);
	for (size_t i = 0; i < L->pages.len && !r->error; i++) {
		const struct page *pg = &VEC_AT(&L->pages, struct page, i);
		HPDF_Page page = pages[i] = HPDF_AddPage(pdf);
		r->cur_font = NULL; /* a new page starts with no font and black fill */
		r->fill_known = false;
		HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width);
		HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height);
		for (size_t k = 0; k < pg->boxes.len; k++) {
			const struct box *b = &VEC_AT(&pg->boxes, struct box, k);
			if (b->kind == BOX_TEXT)
				draw_text(r, page, pg->height, b);
			else
				draw_shape(r, page, pg->height, b);
		}
	}
	if (!r->error && L->outline.len) {
		add_outline(pdf, pages, L);
		HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	}
	free(pages);
	return !r->error;
}

/* Writes to a temporary file beside the target and renames it only when all went well,
 * so a failed run never leaves half a PDF nor spoils the last good one. */
bool render_pdf(const struct layout *L, const struct tx_engine *e, struct diag *d,
		const char *path)
{
	struct renderer r = {.e = e};
	r.pdf = HPDF_New(on_error, &r);
	if (!r.pdf) {
		diag_report(d, D_OUTPUT, path, 0, 0, "out of memory");
		return false;
	}
	bool ok = draw_document(&r, L);
	if (!ok) {
		diag_report(d, D_PDF, path, 0, 0, (unsigned)r.error, (unsigned)r.detail);
		HPDF_Free(r.pdf);
		return false;
	}
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 16);
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
	snprintf(tmp, n + 16, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_report(d, D_OUTPUT, path, 0, 0, strerror(errno));
		HPDF_Free(r.pdf);
		free(tmp);
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	close(fd);
	HPDF_STATUS st = HPDF_SaveToFile(r.pdf, tmp);
	HPDF_Free(r.pdf);
	if (st != HPDF_OK || r.error) {
		diag_report(d, D_OUTPUT, path, 0, 0, "the PDF library could not save the file");
		unlink(tmp);
		free(tmp);
		return false;
	}
	if (rename(tmp, path) != 0) {
		diag_report(d, D_OUTPUT, path, 0, 0, strerror(errno));
		unlink(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	return true;
}
