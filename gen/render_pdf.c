/* render_pdf.c — writes the laid-out book as PDF through libharu; with the other
 * render_*.c files (render_font.c: the fonts), the only ones that include hpdf.h. See
 * docs/architecture.md for the libharu 2.3.0 traps worked around here: zero-width strings
 * dropped, encoder order. */
#include "render_pdf.h"
#include "render_flate.h"
#include "render_font.h"
#include "render_tags.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct renderer {
	HPDF_Doc pdf;
	const struct tx_engine *e;
	struct pdf_fonts *fonts;
	HPDF_STATUS error;
	HPDF_STATUS detail;
	HPDF_Page *pages; /* every page drawn so far, by book index (NULL if not printed) */
	size_t npages, cap;
	struct link *links; /* links wait for the end: their targets may come later */
	size_t nlinks, caplinks;
	/* The writer runs on a thread of its own, fed a unit's pages at a time by the layout
	 * (struct batch); at most two wait, so memory stays bounded. */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct batch *queue, *queue_tail;
	int queued;
	bool closing, threaded;
	double page_width;  /* the page being drawn: its width, as libharu holds it, */
	struct buf drawing; /* and its content stream, gathered (draw_pages) */
	/* what the page's graphics state holds, so that each is set only when it changes */
	HPDF_Font cur_font;
	double cur_size;
	uint32_t cur_fill, cur_stroke;
	double cur_line_width;
	bool fill_known, stroke_known;
	struct tags *tags; /* the structure of what is drawn (render_tags.c) */
	uint16_t *widths[16]; /* each code point's advance in 1/1000 em, as libharu
				      * writes it; 0xFFFF until asked */
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct renderer *r = data;
	if (!r->error) {
		r->error = error;
		r->detail = detail;
	}
}

static HPDF_Font get_font(struct renderer *r, int f)
{
	return pdf_font(r->fonts, f);
}

/* A coordinate to the hundredth of a point: finer than any printer, and libharu writes
 * five decimals otherwise, which the page contents (held in memory until the file is
 * written) pay for in every number. */
static HPDF_REAL pt(double v)
{
	return (HPDF_REAL)((double)round_long(v * 100) / 100);
}

/* A colour channel to three decimals: 1/255 apart, they stay distinct. */
static HPDF_REAL channel(uint32_t c, int shift)
{
	return (HPDF_REAL)(round((c >> shift & 0xFF) / 255.0 * 1000) / 1000);
}

/* Operators written straight into the page's content stream. libharu's own calls clear a
 * 512-byte buffer with a byte loop each time (about 2,000 instructions for one "x y w h
 * re"): a third of the writer's time on a booklet of coloured cells. The bytes are the same
 * as libharu's, numbers formatted as its HPDF_FToA does (put_real). */
struct ops {
	char buf[160];
	char *p;
};

static void op_begin(struct ops *o)
{
	o->p = o->buf;
}

/* A number as libharu's HPDF_FToA writes it, by the same arithmetic (so the same bytes):
 * within ±32767, at most five decimals, no trailing zeros. Its digit loops took a twentieth
 * of the writer's time. */
static char *put_real(char *p, HPDF_REAL val)
{
	if (val > 32767)
		val = 32767;
	else if (val < -32767)
		val = -32767;
	if (val < 0) {
		*p++ = '-';
		val = -val;
	}
	HPDF_INT32 whole = (HPDF_INT32)(val + 0.000005);
	HPDF_INT32 frac = (HPDF_INT32)((HPDF_REAL)(val - whole + 0.000005) * 100000) % 100000;
	p = put_decimal(p, (unsigned long)whole);
	if (frac == 0)
		return p;
	*p++ = '.';
	for (HPDF_INT32 div = 10000; frac; div /= 10) {
		*p++ = (char)('0' + frac / div);
		frac %= div;
	}
	return p;
}

static void op_num(struct ops *o, HPDF_REAL v)
{
	if (o->p != o->buf)
		*o->p++ = ' ';
	o->p = put_real(o->p, v);
}

static void op_end(struct ops *o, HPDF_Page page, const char *op)
{
	if (o->p != o->buf)
		*o->p++ = ' ';
	size_t n = strlen(op);
	memcpy(o->p, op, n);
	o->p += n;
	*o->p++ = '\n';
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)o->buf,
			  (HPDF_UINT)(o->p - o->buf));
}

/* Writes out what o holds when it is nearly full, keeping it open. */
static void op_room(struct ops *o, HPDF_Page page)
{
	if (o->p - o->buf < (long)sizeof o->buf - 40)
		return;
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)o->buf,
			  (HPDF_UINT)(o->p - o->buf));
	o->p = o->buf;
}

/* A number inside a TJ array: a whole number of 1/1000 em as it is (a line's first
 * glyph may be more than libharu's limit of 32767 away), else to a thousandth. Written by
 * hand: snprintf took half the writer's time on a book of short glyph runs. */
static void op_flush_num(struct ops *o, HPDF_Page page, double v)
{
	op_room(o, page);
	long milli = round_long(v * 1000);
	if (milli < 0) {
		*o->p++ = '-';
		milli = -milli;
	}
	long frac = milli % 1000;
	o->p = put_decimal(o->p, (unsigned long)(milli / 1000));
	if (frac) {
		*o->p++ = '.';
		for (int d = 100; d && frac; d /= 10) {
			*o->p++ = (char)('0' + frac / d);
			frac %= d;
		}
	}
}

/* A glyph's two-byte code inside a TJ array. */
static void op_flush_hex(struct ops *o, HPDF_Page page, uint32_t cid)
{
	static const char hex[] = "0123456789ABCDEF";
	op_room(o, page);
	*o->p++ = '<';
	for (int shift = 12; shift >= 0; shift -= 4)
		*o->p++ = hex[(cid >> shift) & 0xF];
	*o->p++ = '>';
}

static void op_rgb(HPDF_Page page, uint32_t c, const char *op)
{
	struct ops o;
	op_begin(&o);
	op_num(&o, channel(c, 16));
	op_num(&o, channel(c, 8));
	op_num(&o, channel(c, 0));
	op_end(&o, page, op);
}

static void set_fill(HPDF_Page page, uint32_t c)
{
	op_rgb(page, c, "rg");
}

static void set_stroke(HPDF_Page page, uint32_t c)
{
	op_rgb(page, c, "RG");
}

/* "dx dy Td" to the absolute point (x, y), with libharu's text position kept as its own
 * HPDF_Page_TextOut keeps it (the same float arithmetic, so the same bytes). */
static void move_text_to(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_TransMatrix *m = &attr->text_matrix;
	if (m->a != 1 || m->b != 0 || m->c != 0 || m->d != 1) {
		HPDF_REAL dx = x - m->x, dy = y - m->y;
		HPDF_Page_MoveTextPos(page, dx, dy); /* never with our matrices; kept for safety */
		return;
	}
	HPDF_REAL dy = (y - m->y - (x - m->x) * m->b / m->a) / (m->d - m->c * m->b / m->a);
	HPDF_REAL dx = (x - m->x - dy * m->c) / m->a;
	struct ops o;
	op_begin(&o);
	op_num(&o, dx);
	op_num(&o, dy);
	op_end(&o, page, "Td");
	m->x += dx * m->a + dy * m->c;
	m->y += dy * m->d + dx * m->b;
	attr->text_pos.x = m->x;
	attr->text_pos.y = m->y;
}

/* Stroke colour and line width, set only when they change (a table page has hundreds of
 * cells, all alike). */
static void use_stroke(struct renderer *r, HPDF_Page page, uint32_t color, double width)
{
	if (r->stroke_known && color == r->cur_stroke && width == r->cur_line_width)
		return;
	set_stroke(page, color);
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
	r->cur_stroke = color;
	r->cur_line_width = width;
	r->stroke_known = true;
}

/* The advance of code point c in font f, in 1/1000 em as libharu writes it in /W, kept per
 * code point. Asking render_font.c also marks the code as drawn, so that the embedded
 * subset holds its glyph. */
static unsigned glyph_width(struct renderer *r, int f, uint32_t c)
{
	if (c > 0xFFFF || f < 0 || f >= 16)
		return 0;
	if (!r->widths[f]) {
		r->widths[f] = xmalloc(0x10000 * sizeof *r->widths[f]);
		memset(r->widths[f], 0xFF, 0x10000 * sizeof *r->widths[f]);
	}
	if (r->widths[f][c] == 0xFFFF)
		r->widths[f][c] = (uint16_t)pdf_font_width(r->fonts, f, c);
	return r->widths[f][c];
}

/* The glyphs of a segment: code points in drawing (visual) order with their offsets from
 * the segment's start, in 1/1000 em. */
struct seg_glyphs {
	uint32_t cp[256];
	unsigned at[256], w[256];
	size_t n;
};

static void segment_glyphs(struct renderer *r, int f, const struct tx_seg *sg,
			   struct seg_glyphs *out)
{
	out->n = 0;
	unsigned x = 0;
	size_t left = strlen(sg->utf8);
	uint32_t c;
	for (const char *p = sg->utf8; out->n < 256 && utf8_next(&p, &left, &c);) {
		unsigned w = glyph_width(r, f, c);
		out->cp[out->n] = c;
		out->at[out->n] = x;
		out->w[out->n++] = w;
		x += w;
	}
}

/* The text's state for segment sg: font and size, colour, and the fill-and-stroke mode
 * of a bold made from the regular face. */
static HPDF_Font use_segment_style(struct renderer *r, HPDF_Page page, const struct tx_seg *sg)
{
	HPDF_Font font = get_font(r, sg->font);
	if (!font)
		return NULL;
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
		HPDF_Page_SetTextRenderingMode(page, HPDF_FILL_THEN_STROKE);
		use_stroke(r, page, sg->color, sg->size * 0.04);
	}
	return font;
}

/* Whether a segment is English (Latin letters): its marked content says so. */
static bool latin_segment(const struct tx_seg *sg)
{
	for (const char *p = sg->utf8; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			return true;
	return false;
}

static int by_logical(const void *a, const void *b)
{
	const struct tx_seg *x = *(const struct tx_seg *const *)a, *y = *(const struct tx_seg *const *)b;
	return x->logical < y->logical ? -1 : x->logical > y->logical;
}


struct text_run {
	struct renderer *r;
	HPDF_Page page;
	double height;
	const struct box *b;
	double last_end; /* where the last non-space glyph drawn ends (pt, on the page) */
	double page_width;
	bool pending;     /* a space waits: drawn before the next glyph, which decides how */
	double pending_x; /* where the space is (pt, on the page) */
	/* the TJ array being written, which goes on over segments of one style */
	struct ops o;
	bool open;
	const struct tx_seg *style; /* the segment whose font, size and colour it has */
	double x0;                  /* where its pen started (pt, on the page) */
	double pen;                 /* where its pen is, 1/1000 em from x0 */
};

/* Where x (pt, on the page) is in the open TJ array: 1/1000 em from its start. Whole
 * thousandths, as the glyph widths are, wherever the segment's own start allows. */
static double tj_at(const struct text_run *run, double x)
{
	return (x - run->x0) / (run->style->size / 1000);
}

static void pen_to(struct text_run *run, double at)
{
	if (at != run->pen)
		op_flush_num(&run->o, run->page, run->pen - at);
	run->pen = at;
}

/* The space waiting before the next glyph; back: that glyph goes back from the last one
 * (right-to-left text drawn in reading order). pdf.js would cut the run there and forget
 * the space; a blank mark drawn after the space just past the line's start (its right
 * end), where no text of the line is, is a gap pdf.js reads as the space. Drawn at one
 * place for the whole line, the marks copy as one private-use code there. */
static void draw_space(struct text_run *run, const struct tx_seg *sg, bool back)
{
	struct renderer *r = run->r;
	HPDF_Font font = get_font(r, sg->font);
	unsigned space_w = font ? glyph_width(r, sg->font, ' ') : 0;
	pen_to(run, tj_at(run, run->pending_x));
	op_flush_hex(&run->o, run->page, ' ');
	run->pen += space_w;
	run->pending = false;
	/* decoration (the contents' leaders) is no text to copy: its mark fell among the
	 * entry's letters; text repeated as an artifact (a goal's cells again on the next
	 * page) is still copied from the page, and keeps its marks */
	bool decoration = (!run->b->node && run->b->artifact == ART_LAYOUT) || run->b->no_marks;
	unsigned blank = back && font && !decoration ? pdf_blank_cid(r->fonts, sg->font) : 0;
	if (!blank)
		return;
	double right = run->b->x + run->b->w + 0.7 * sg->size;
	/* at a whole thousandth: its place need not be exact, and the number is shorter */
	pen_to(run, (double)round_long(tj_at(run, right < run->page_width - 1 ? right : run->page_width - 1)));
	op_flush_hex(&run->o, run->page, blank);
	run->pen += space_w;
}

static void close_tj(struct text_run *run)
{
	if (!run->open)
		return;
	op_end(&run->o, run->page, "] TJ");
	run->open = false;
	if (latin_segment(run->style))
		tags_language(run->r->tags, NULL);
	if (run->style->embolden)
		HPDF_Page_SetTextRenderingMode(run->page, HPDF_FILL);
}

/* Whether segment sg can go on in the open TJ array: the same font, size, colour and
 * weight, and the same language (an English run is a marked Span of its own). */
static bool same_style(const struct tx_seg *a, const struct tx_seg *b)
{
	return a->font == b->font && a->size == b->size && a->color == b->color &&
	       a->embolden == b->embolden && a->dy == b->dy && !latin_segment(a) &&
	       !latin_segment(b);
}

/* Opens a TJ array for segment sg at its place, with its style. */
static bool open_tj(struct text_run *run, const struct tx_seg *sg)
{
	if (run->open && same_style(run->style, sg))
		return true;
	close_tj(run);
	HPDF_Font font = use_segment_style(run->r, run->page, sg);
	if (!font)
		return false;
	if (latin_segment(sg))
		tags_language(run->r->tags, "en");
	run->x0 = run->b->x + sg->x;
	move_text_to(run->page, pt(run->x0), pt(run->height - run->b->baseline + sg->dy));
	op_begin(&run->o);
	*run->o.p++ = '[';
	run->open = true;
	run->style = sg;
	run->pen = 0;
	return true;
}

/* Draws a segment's glyphs in reading order at their places, inside a TJ array that
 * goes on over the line's segments while their style does: "[adjust <cid> adjust <cid>]
 * TJ", each adjustment taking the pen from where the last glyph left it to the next
 * glyph (1/1000 em). Readers that take the text in the order it is drawn (poppler's
 * structure text, screen readers) get it as typed, and the page looks the same. */
static void draw_segment(struct text_run *run, const struct tx_seg *sg)
{
	struct renderer *r = run->r;
	HPDF_Font font = get_font(r, sg->font);
	if (!font)
		return;
	struct seg_glyphs g;
	segment_glyphs(r, sg->font, sg, &g);
	if (!g.n || !open_tj(run, sg))
		return;
	double x = run->b->x + sg->x, em = sg->size / 1000;
	/* the segment's start in the array: its glyphs are whole thousandths from there */
	/* its start where a Td of its own put it before (the page's coordinates are floats):
	 * drawn from the exact sum instead, a glyph here and there moved by a quarter pixel */
	double base = run->x0 == x ? 0 : ((double)pt(x) - (double)pt(run->x0)) / em;
	for (size_t k = 0; k < g.n; k++) {
		size_t i = sg->rtl ? g.n - 1 - k : k;
		double at = base + g.at[i];
		if (g.cp[i] == ' ') { /* drawn with the glyph after it, which decides how */
			run->pending = true;
			run->pending_x = x + g.at[i] * em;
			continue;
		}
		if (run->pending)
			draw_space(run, sg, x + g.at[i] * em < run->last_end - 0.01);
		pen_to(run, at);
		uint32_t cid = g.cp[i], typed;
		/* a mirrored bracket: a code of its own that copies as the one typed */
		if (sg->actual && utf8_decode(sg->actual, strlen(sg->actual), &typed) > 0) {
			unsigned own = pdf_mirrored_cid(r->fonts, sg->font, cid, typed);
			cid = own ? own : cid;
		}
		op_flush_hex(&run->o, run->page, cid);
		run->pen = at + g.w[i];
		run->last_end = x + (g.at[i] + g.w[i]) * em;
	}
}

static void draw_text(struct renderer *r, HPDF_Page page, double height, const struct box *b)
{
	const struct tx_line *l = b->line;
	if (!l || l->nseg == 0)
		return;
	const struct tx_seg *order[512];
	size_t n = l->nseg < 512 ? l->nseg : 512;
	for (size_t i = 0; i < n; i++)
		order[i] = &l->segs[i];
	qsort(order, n, sizeof *order, by_logical);
	HPDF_Page_BeginText(page);
	struct text_run run = {.r = r, .page = page, .height = height, .b = b,
				.page_width = r->page_width};
	for (size_t i = 0; i < n; i++)
		draw_segment(&run, order[i]);
	/* the space the line ended on, where the paragraph goes on: invisible, for readers
	 * that join the lines of an element */
	if ((l->space_after || b->space_after || run.pending) && r->cur_font) {
		if (run.open) {
			op_flush_hex(&run.o, page, ' ');
		} else {
			op_begin(&run.o);
			op_flush_hex(&run.o, page, ' ');
			op_end(&run.o, page, "Tj");
		}
	}
	close_tj(&run);
	HPDF_Page_EndText(page);
}

static void draw_shape(struct renderer *r, HPDF_Page page, double height, const struct box *b)
{
	struct ops o;
	op_begin(&o);
	if (b->kind == BOX_RULE) {
		use_stroke(r, page, b->stroke, b->stroke_width);
		op_num(&o, pt(b->x));
		op_num(&o, pt(height - b->y));
		op_end(&o, page, "m");
		op_begin(&o);
		op_num(&o, pt(b->x + b->w));
		op_num(&o, pt(height - b->y - b->h));
		op_end(&o, page, "l");
		HPDF_Stream_WriteStr(((HPDF_PageAttr)page->attr)->stream, "S\n");
		return;
	}
	if (b->filled && (!r->fill_known || b->fill != r->cur_fill)) {
		set_fill(page, b->fill);
		r->cur_fill = b->fill;
		r->fill_known = true;
	}
	if (b->stroked)
		use_stroke(r, page, b->stroke, b->stroke_width);
	op_num(&o, pt(b->x));
	op_num(&o, pt(height - b->y - b->h));
	op_num(&o, pt(b->w));
	op_num(&o, pt(b->h));
	op_end(&o, page, b->filled && b->stroked ? "re\nB" : b->filled ? "re\nf" : "re\nS");
}

/* The page an outline entry goes to: its own, or, for a heading (level 0) whose first page
 * this file does not print (an administration's divider, in its section), the first page
 * printed before the next heading's. NULL: none of its pages is printed. */
static HPDF_Page outline_page(const struct layout *L, size_t i, HPDF_Page *pages, size_t npages)
{
	const struct outline_entry *o = &VEC_AT(&L->outline, struct outline_entry, i);
	if (o->page < npages && pages[o->page])
		return pages[o->page];
	if (o->level != 0)
		return NULL;
	size_t end = npages;
	for (size_t k = i + 1; k < L->outline.len; k++) {
		const struct outline_entry *next = &VEC_AT(&L->outline, struct outline_entry, k);
		if (next->level == 0) {
			end = next->page < npages ? next->page : npages;
			break;
		}
	}
	for (size_t p = o->page; p < end; p++)
		if (pages[p])
			return pages[p];
	return NULL;
}

static void add_outline(HPDF_Doc pdf, HPDF_Page *pages, size_t npages, const struct layout *L)
{
	HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_Outline parent = NULL;
	for (size_t i = 0; i < L->outline.len; i++) {
		const struct outline_entry *o = &VEC_AT(&L->outline, struct outline_entry, i);
		HPDF_Page page = outline_page(L, i, pages, npages);
		if (o->level == 0 && !page)
			parent = NULL; /* what follows is not under the heading before */
		if (!page)
			continue;
		HPDF_Outline item = HPDF_CreateOutline(pdf, o->level == 0 ? NULL : parent, o->title, enc);
		if (!item)
			continue;
		HPDF_Destination dst = HPDF_Page_CreateDestination(page);
		HPDF_Outline_SetDestination(item, dst);
		HPDF_Outline_SetOpened(item, HPDF_TRUE);
		if (o->level == 0)
			parent = item;
	}
}

/* A unit's pages and the memory they live in, handed from the layout to the writer. */
struct batch {
	struct vec pages;
	struct arena arena;
	struct batch *next;
};

struct link {
	HPDF_Page page;
	double height;
	HPDF_Rect rect;
	size_t target;
	const struct node *node; /* its Link element */
};

static void draw_pages(struct renderer *r, const struct vec *pages, bool onto_kept);

static void *writer_thread(void *arg)
{
	struct renderer *r = arg;
	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (!r->queue && !r->closing)
			pthread_cond_wait(&r->changed, &r->lock);
		struct batch *b = r->queue;
		if (b) {
			r->queue = b->next;
			if (!r->queue)
				r->queue_tail = NULL;
		}
		pthread_mutex_unlock(&r->lock);
		if (!b)
			return NULL; /* closing, and nothing left */
		draw_pages(r, &b->pages, false);
		arena_free(&b->arena);
		free(b);
		pthread_mutex_lock(&r->lock);
		r->queued--;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
	}
}

/* Waits for the writer to draw every page handed over; ends the thread. */
static void stop_writer(struct renderer *r)
{
	if (!r->threaded)
		return;
	pthread_mutex_lock(&r->lock);
	r->closing = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	r->threaded = false;
}

struct renderer *render_open(const struct tx_engine *e, bool threaded)
{
	struct renderer *r = xmalloc(sizeof *r);
	memset(r, 0, sizeof *r);
	r->e = e;
	/* not libharu's memory pool (HPDF_NewEx): it hands out unaligned blocks */
	r->pdf = HPDF_New(on_error, r);
	r->tags = tags_new();
	if (!r->pdf || !r->tags) {
		if (r->pdf)
			HPDF_Free(r->pdf);
		tags_free(r->tags);
		free(r);
		return NULL;
	}
	/* the structure tree is written in object streams (PDF 1.5, render_tags.c); PDF/UA-1
	 * is made on PDF 1.7 (ISO 32000-1). libharu would write 1.3. */
	r->pdf->pdf_version = HPDF_VER_17;
	r->fonts = pdf_fonts_new(r->pdf, e);
	/* compression applies only to pages added after it is set; the encoder must be the
	 * current one before any Info string is written */
	HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r->pdf);
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	r->threaded = threaded && pthread_create(&r->thread, NULL, writer_thread, r) == 0;
	if (!r->threaded) {
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->changed);
	}
	return r;
}

/* The layout's sink: hands the pending pages, with their memory, to the writer. */
void render_pages(struct layout *L, void *ctx)
{
	struct renderer *r = ctx;
	/* what is not printed (a section's other pages) is dropped here */
	struct vec kept = {0};
	for (size_t i = 0; i < L->pages.len; i++)
		if (layout_selected(L, &VEC_AT(&L->pages, struct page, i)))
			*(struct page *)vec_push(L->a, &kept, sizeof(struct page)) =
				VEC_AT(&L->pages, struct page, i);
	L->pages = kept;
	if (!r->threaded) {
		draw_pages(r, &L->pages, false);
		return;
	}
	struct batch *b = xmalloc(sizeof *b);
	b->pages = L->pages;
	b->arena = L->pages_arena;
	b->next = NULL;
	L->pages_arena = (struct arena){0}; /* the writer frees it */
	pthread_mutex_lock(&r->lock);
	while (r->queued >= 2)
		pthread_cond_wait(&r->changed, &r->lock);
	if (r->queue_tail)
		r->queue_tail->next = b;
	else
		r->queue = b;
	r->queue_tail = b;
	r->queued++;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

/* Remembers the page drawn for a book index (pages not printed stay NULL). */
static void map_page(struct renderer *r, size_t index, HPDF_Page page)
{
	if (index == (size_t)-1)
		return; /* a section's own title page is no page of the book */
	while (index >= r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		r->pages = xrealloc(r->pages, cap * sizeof *r->pages);
		memset(r->pages + r->cap, 0, (cap - r->cap) * sizeof *r->pages);
		r->cap = cap;
	}
	r->pages[index] = page;
	if (index + 1 > r->npages)
		r->npages = index + 1;
}

static void keep_link(struct renderer *r, HPDF_Page page, double height, const struct box *b)
{
	if (r->nlinks == r->caplinks) {
		r->caplinks = r->caplinks ? r->caplinks * 2 : 64;
		r->links = xrealloc(r->links, r->caplinks * sizeof *r->links);
	}
	r->links[r->nlinks++] = (struct link){
		page, height,
		{(HPDF_REAL)b->x, (HPDF_REAL)(height - b->y - b->h), (HPDF_REAL)(b->x + b->w),
		 (HPDF_REAL)(height - b->y)},
		b->target, b->node};
}

static void draw_image(struct renderer *r, HPDF_Page page, double height, const struct box *b)
{
	HPDF_Image img = HPDF_LoadPngImageFromFile(r->pdf, b->image);
	if (img)
		HPDF_Page_DrawImage(page, img, (HPDF_REAL)b->x, (HPDF_REAL)(height - b->y - b->h),
				    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
}

/* A new page's drawing is gathered in one buffer of ours, not in libharu's memory stream
 * (which copies byte by byte, in 4 kB pieces): the page's content stream writes here while
 * it is drawn (its write function swapped), and only the compressed bytes go to libharu.
 * Per thread: the writer draws on its own thread, render_fill on the layout's. */
static _Thread_local struct buf *content_sink;

static HPDF_STATUS write_to_sink(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	(void)s;
	buf_add(content_sink, p, n);
	return HPDF_OK;
}

/* Draws pages: new ones, or (onto_kept) onto pages added earlier and kept for them. */
static void draw_pages(struct renderer *r, const struct vec *pages, bool onto_kept)
{
	for (size_t i = 0; i < pages->len && !r->error; i++) {
		const struct page *pg = &VEC_AT(pages, struct page, i);
		HPDF_Page page;
		if (onto_kept) {
			page = pg->index < r->npages ? r->pages[pg->index] : NULL;
			if (!page)
				continue;
		} else {
			page = HPDF_AddPage(r->pdf);
			map_page(r, pg->index, page);
			HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width);
			HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height);
		}
		r->page_width = (HPDF_REAL)pg->width;
		r->cur_font = NULL; /* a new page starts with no font and the default colours */
		r->fill_known = r->stroke_known = false;
		/* a page filled in later keeps its drawing in libharu's stream */
		HPDF_Stream stream = ((HPDF_PageAttr)page->attr)->stream;
		HPDF_Stream_Write_Func libharu_write = stream->write_fn;
		bool gathered = !onto_kept && !pg->drawn_later && stream->size == 0;
		if (gathered) {
			r->drawing.len = 0;
			content_sink = &r->drawing;
			stream->write_fn = write_to_sink;
		}
		tags_page_begin(r->tags, page, onto_kept);
		for (size_t k = 0; k < pg->boxes.len; k++) {
			const struct box *b = &VEC_AT(&pg->boxes, struct box, k);
			tags_box(r->tags, b);
			if (b->kind == BOX_TEXT)
				draw_text(r, page, pg->height, b);
			else if (b->kind == BOX_LINK)
				keep_link(r, page, pg->height, b);
			else if (b->kind == BOX_IMAGE)
				draw_image(r, page, pg->height, b);
			else
				draw_shape(r, page, pg->height, b);
		}
		tags_page_end(r->tags);
		/* the drawing compressed now, on the writer's thread while the layout goes on: left
		 * to HPDF_SaveToFile, it would be compressed at the end, alone, a quarter of the
		 * whole run. The fastest level (render_flate.c): libharu's level made a file a
		 * fifth smaller for a quarter more time. */
		if (gathered) {
			stream->write_fn = libharu_write;
			flate_into(((HPDF_PageAttr)page->attr)->contents, r->drawing.data,
				   r->drawing.len);
		}
	}
}

void render_fill(struct layout *L, void *ctx)
{
	struct renderer *r = ctx;
	stop_writer(r); /* every page is drawn: the kept ones can be filled */
	draw_pages(r, &L->pages, true);
}

/* Links go to pages that may have been drawn after the page that holds them. */
static void add_links(struct renderer *r)
{
	for (size_t i = 0; i < r->nlinks; i++) {
		struct link *l = &r->links[i];
		if (l->target >= r->npages || !r->pages[l->target])
			continue; /* its target is not in this printing */
		HPDF_Destination dst = HPDF_Page_CreateDestination(r->pages[l->target]);
		HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(l->page, l->rect, dst);
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
		/* read out in place of the link: where it goes (PDF/UA 7.18.5) */
		if (l->node && l->node->alt)
			HPDF_Dict_Add(a, "Contents",
				      HPDF_String_New(r->pdf->mmgr, l->node->alt,
						      HPDF_GetEncoder(r->pdf, "UTF-8")));
		tags_link(r->tags, a, l->node, NULL);
	}
}

void render_abort(struct renderer *r)
{
	if (!r)
		return;
	stop_writer(r);
	HPDF_Free(r->pdf);
	tags_free(r->tags);
	for (int f = 0; f < 16; f++)
		free(r->widths[f]);
	pdf_fonts_free(r->fonts);
	buf_free(&r->drawing);
	free(r->pages);
	free(r->links);
	free(r);
}

/* Writes to a temporary file beside the target and renames it only when all went well,
 * so a failed run never leaves half a PDF nor spoils the last good one. */
bool render_close(struct renderer *r, const struct layout *L, struct diag *d, const char *path)
{
	stop_writer(r);
	HPDF_Doc pdf = r->pdf;
	if (L->title)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, L->title);
	if (L->author)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, L->author);
	if (L->subject)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, L->subject);
	if (L->keywords)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, L->keywords);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "planbook");
	add_links(r);
	/* the structure, the document's language (for screen readers and search), metadata */
	if (!r->error && !tags_finish(r->tags, pdf, L, "he-IL") && !r->error)
		r->error = HPDF_FAILD_TO_ALLOC_MEM; /* the structure's own allocations failed */
	if (!r->error && L->outline.len) {
		add_outline(pdf, r->pages, r->npages, L);
		HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	}
	/* the structure tree's text is written on a thread of its own while the fonts are
	 * finished and libharu saves; its objects are numbered after the fonts' */
	if (!r->error)
		tags_start_tree(r->tags, pdf, 3 * pdf_fonts_used(r->fonts));
	pdf_fonts_finish(r->fonts);
	if (r->error) {
		diag_report(d, D_PDF, path, 0, 0, (unsigned)r->error, (unsigned)r->detail);
		render_abort(r);
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
		render_abort(r);
		free(tmp);
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	close(fd);
	HPDF_STATUS st = HPDF_SaveToFile(pdf, tmp);
	bool failed = st != HPDF_OK || r->error || !tags_append(r->tags, pdf, tmp);
	render_abort(r);
	if (failed) {
		diag_report(d, D_OUTPUT, path, 0, 0, _("the PDF library could not save the file"));
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
