/* render_tags.c — the tagged PDF (PDF/UA-1, ISO 14289-1): marked content around what each
 * page draws, and once every page is drawn the structure tree of the elements the layout
 * made, its parent tree and ids, the document's language and its XMP metadata.
 *
 * libharu 2.3.0 has no API for any of it: this file builds the objects with its exported
 * dictionary, array and stream calls and writes marked-content operators straight into
 * the page's content stream. An object is registered as indirect (HPDF_Xref_Add) before
 * it is added anywhere: libharu makes an added object direct, and a direct object cannot
 * be added twice. */
#include "render_tags.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_flate.h"
#include "util.h"

/* One marked-content sequence of an element: its page and its id on that page. */
struct mc {
	const struct node *node;
	size_t key;
	int mcid;
	const char *lang; /* a span in another language inside the element, or NULL */
};

/* A link annotation, tied to its Link element by an object reference. */
struct objr {
	const struct node *node;
	HPDF_Annotation annot;
};

struct page_rec {
	HPDF_Page page;
	int next_mcid;
};

struct tags {
	struct mc *mcs;
	size_t nmcs, capmcs;
	struct objr *objrs;
	size_t nobjrs, capobjrs;
	struct page_rec *pages; /* by key: the order the pages were first drawn in */
	size_t npages, cappages;
	/* the page being drawn and its open marked content */
	HPDF_Page page;
	size_t key;
	enum { OPEN_NONE, OPEN_ELEMENT, OPEN_ARTIFACT } open;
	const struct node *open_node;
	const char *open_lang;
	enum artifact_kind open_art;
	struct tree *tree; /* tags_finish to tags_append */
	struct writer *wp; /* the tree's text, written while libharu saves */
	pthread_t thread;
	bool writing;
};

struct tree;
struct writer;
static void free_tree(struct tree *tr);
static void join_tree(struct tags *t);
static void free_writer(struct writer *w);

struct tags *tags_new(void)
{
	struct tags *t = calloc(1, sizeof *t);
	return t;
}

void tags_free(struct tags *t)
{
	if (!t)
		return;
	join_tree(t);
	if (t->wp)
		free_writer(t->wp);
	free(t->wp);
	free(t->mcs);
	free(t->objrs);
	free(t->pages);
	free_tree(t->tree);
	free(t);
}

static void grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t cap2 = *cap ? *cap * 2 : 256;
	while (cap2 < need)
		cap2 *= 2;
	*items = xrealloc(*items, cap2 * size);
	memset((char *)*items + *cap * size, 0, (cap2 - *cap) * size);
	*cap = cap2;
}

static void write_ops_n(HPDF_Page page, const char *text, size_t n)
{
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)text,
			  (HPDF_UINT)n);
}

static void write_ops(HPDF_Page page, const char *text)
{
	write_ops_n(page, text, strlen(text));
}

void tags_page_begin(struct tags *t, HPDF_Page page, bool again)
{
	size_t key = t->npages;
	for (size_t i = 0; again && i < t->npages; i++)
		if (t->pages[i].page == page)
			key = i;
	if (key == t->npages) {
		size_t cap = t->cappages;
		grow((void **)&t->pages, &cap, key + 1, sizeof *t->pages);
		t->cappages = cap;
		t->pages[t->npages++] = (struct page_rec){page, 0};
	}
	t->page = page;
	t->key = key;
	t->open = OPEN_NONE;
}

static void close_open(struct tags *t)
{
	if (t->open != OPEN_NONE)
		write_ops(t->page, "EMC\n");
	t->open = OPEN_NONE;
}

void tags_page_end(struct tags *t)
{
	close_open(t);
	t->page = NULL;
}

static void open_content(struct tags *t, const struct node *n, const char *lang)
{
	close_open(t);
	int mcid = t->pages[t->key].next_mcid++;
	/* "/Role <</MCID n>> BDC", written by hand: one for every run of text drawn */
	const char *role = lang ? "Span" : layout_role_name(n->role);
	size_t len = strlen(role);
	char op[64], *p = op;
	*p++ = '/';
	memcpy(p, role, len < 32 ? len : 32);
	p += len < 32 ? len : 32;
	memcpy(p, " <</MCID ", 9);
	p = put_decimal(p + 9, (unsigned long)mcid);
	memcpy(p, ">> BDC\n", 7);
	write_ops_n(t->page, op, (size_t)(p + 7 - op));
	grow((void **)&t->mcs, &t->capmcs, t->nmcs + 1, sizeof *t->mcs);
	t->mcs[t->nmcs++] = (struct mc){n, t->key, mcid, lang};
	t->open = OPEN_ELEMENT;
	t->open_node = n;
	t->open_lang = lang;
}

static void open_element(struct tags *t, const struct node *n)
{
	open_content(t, n, NULL);
}

/* Marked content cannot nest here: poppler's structure text drops what follows a nested
 * sequence's end. A run in another language is a Span element of its own, and the
 * element's content goes on in a new sequence after it. */
void tags_language(struct tags *t, const char *lang)
{
	if (t->open != OPEN_ELEMENT || t->open_lang == lang)
		return;
	open_content(t, t->open_node, lang);
}

static void open_artifact(struct tags *t, enum artifact_kind kind)
{
	static const char *const ops[] = {
		[ART_LAYOUT] = "/Artifact <</Type /Layout>> BDC\n",
		[ART_HEADER] = "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
		[ART_FOOTER] = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
		[ART_PAGINATION] = "/Artifact <</Type /Pagination>> BDC\n",
	};
	close_open(t);
	write_ops(t->page, ops[kind]);
	t->open = OPEN_ARTIFACT;
	t->open_art = kind;
}

void tags_box(struct tags *t, const struct box *b)
{
	if (!t->page || b->kind == BOX_LINK) /* a link is an annotation, not content */
		return;
	if (b->kind == BOX_TEXT && (!b->line || !b->line->nseg))
		return; /* draws nothing */
	bool content = b->kind != BOX_LINK && b->node;
	if (content) {
		if (t->open != OPEN_ELEMENT || t->open_node != b->node || t->open_lang)
			open_element(t, b->node);
		return;
	}
	enum artifact_kind kind = b->kind == BOX_RECT || b->kind == BOX_RULE ? ART_LAYOUT
									      : b->artifact;
	if (t->open != OPEN_ARTIFACT || t->open_art != kind)
		open_artifact(t, kind);
}

void tags_link(struct tags *t, HPDF_Annotation annot, const struct node *n, const char *contents)
{
	(void)contents;
	if (!n || !annot)
		return;
	grow((void **)&t->objrs, &t->capobjrs, t->nobjrs + 1, sizeof *t->objrs);
	t->objrs[t->nobjrs++] = (struct objr){n, annot};
}

/* ---------------------------------------------------------------- the structure tree */

/* What is kept from the drawing for the end: which elements have content on the pages
 * drawn, each one's marked content and links, grouped by element. */
struct tree {
	const struct layout *L;
	size_t *first_mc, *nmc;   /* by node id: where its marked content is in order[] */
	size_t *order;            /* indexes into t->mcs, grouped by node in drawing order */
	size_t *first_objr, *nobjr;
	size_t *objr_order;
	bool *kept;
	HPDF_Dict root;           /* the StructTreeRoot's placeholder, written again at the end */
};

/* Indexes of items grouped by node id, each group in its original order. */
static void group_by_node(size_t n, size_t nitems, const struct node *(*node_of)(const void *, size_t),
			  const void *items, size_t *first, size_t *count, size_t *order)
{
	for (size_t i = 0; i < nitems; i++)
		count[node_of(items, i)->id]++;
	size_t at = 0;
	for (size_t id = 0; id < n; id++) {
		first[id] = at;
		at += count[id];
		count[id] = 0;
	}
	for (size_t i = 0; i < nitems; i++) {
		size_t id = node_of(items, i)->id;
		order[first[id] + count[id]++] = i;
	}
}

static const struct node *mc_node(const void *items, size_t i)
{
	return ((const struct mc *)items)[i].node;
}

static const struct node *objr_node(const void *items, size_t i)
{
	return ((const struct objr *)items)[i].node;
}

/* An element is written when it or one below it has content on the pages drawn, and a
 * table's cell whenever its row is (an empty cell keeps the grid regular). */
static bool mark_kept(struct tree *tr, const struct node *n)
{
	bool kept = tr->nmc[n->id] > 0 || tr->nobjr[n->id] > 0;
	for (const struct node *c = n->first; c; c = c->next)
		kept |= mark_kept(tr, c);
	if (kept && n->role == SR_TR)
		for (const struct node *c = n->first; c; c = c->next)
			tr->kept[c->id] = true;
	tr->kept[n->id] |= kept;
	return tr->kept[n->id];
}

static void free_tree(struct tree *tr)
{
	if (!tr)
		return;
	free(tr->first_mc);
	free(tr->nmc);
	free(tr->order);
	free(tr->first_objr);
	free(tr->nobjr);
	free(tr->objr_order);
	free(tr->kept);
	free(tr);
}

/* Text for XML: & < > " escaped. */
static void xml_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		default:
			buf_addc(out, *s);
		}
	}
}

/* XMP metadata with the title and the PDF/UA identification (ISO 14289-1 5). */
static bool add_metadata(HPDF_Doc pdf, const char *title, const char *lang)
{
	struct buf x = {0};
	buf_adds(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		     "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		     "  xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
		     "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_text(&x, title ? title : "");
	buf_adds(&x, "</rdf:li></rdf:Alt></dc:title>\n<dc:language><rdf:Bag><rdf:li>");
	xml_text(&x, lang);
	buf_adds(&x, "</rdf:li></rdf:Bag></dc:language>\n"
		     "<pdfuaid:part>1</pdfuaid:part>\n"
		     "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
	HPDF_Dict meta = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!meta) {
		buf_free(&x);
		return false;
	}
	HPDF_Dict_AddName(meta, "Type", "Metadata");
	HPDF_Dict_AddName(meta, "Subtype", "XML");
	HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
	HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
	buf_free(&x);
	return true;
}

/* The catalog's entries of a tagged document read right to left. */
static void add_catalog_entries(HPDF_Doc pdf, HPDF_Dict root, const char *lang)
{
	HPDF_Dict cat = pdf->catalog;
	HPDF_Dict_Add(cat, "StructTreeRoot", root);
	HPDF_Dict_Add(cat, "Lang", HPDF_String_New(pdf->mmgr, lang, NULL));
	HPDF_Dict mark = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict_Add(cat, "MarkInfo", mark);
	HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict_Add(cat, "ViewerPreferences", prefs);
	HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_AddName(prefs, "Direction", "R2L");
}

/* Before the file is saved: what libharu writes itself (the catalog's entries, the
 * metadata, the pages' and links' keys into the parent tree) and a placeholder for the
 * structure tree's root. The tree itself, tens of thousands of small objects, is written
 * by tags_append after libharu has saved the file: as libharu dictionaries they took most
 * of the build's time and memory (a dictionary key costs it 128 bytes). */
bool tags_finish(struct tags *t, HPDF_Doc pdf, const struct layout *L, const char *lang)
{
	size_t n = L->nnodes ? L->nnodes : 1;
	struct tree *tr = calloc(1, sizeof *tr);
	if (!tr)
		return false;
	tr->L = L;
	tr->first_mc = calloc(n, sizeof *tr->first_mc);
	tr->nmc = calloc(n, sizeof *tr->nmc);
	tr->order = calloc(t->nmcs ? t->nmcs : 1, sizeof *tr->order);
	tr->first_objr = calloc(n, sizeof *tr->first_objr);
	tr->nobjr = calloc(n, sizeof *tr->nobjr);
	tr->objr_order = calloc(t->nobjrs ? t->nobjrs : 1, sizeof *tr->objr_order);
	tr->kept = calloc(n, sizeof *tr->kept);
	tr->root = HPDF_Dict_New(pdf->mmgr);
	if (!tr->first_mc || !tr->nmc || !tr->order || !tr->first_objr || !tr->nobjr ||
	    !tr->objr_order || !tr->kept || !L->root || !tr->root ||
	    HPDF_Xref_Add(pdf->xref, tr->root) != HPDF_OK) {
		free_tree(tr);
		return false;
	}
	group_by_node(n, t->nmcs, mc_node, t->mcs, tr->first_mc, tr->nmc, tr->order);
	group_by_node(n, t->nobjrs, objr_node, t->objrs, tr->first_objr, tr->nobjr, tr->objr_order);
	mark_kept(tr, L->root);
	HPDF_Dict_AddName(tr->root, "Type", "StructTreeRoot");
	for (size_t key = 0; key < t->npages; key++) {
		HPDF_Dict_AddNumber(t->pages[key].page, "StructParents", (HPDF_INT32)key);
		HPDF_Dict_AddName(t->pages[key].page, "Tabs", "S");
	}
	for (size_t i = 0; i < t->nobjrs; i++)
		HPDF_Dict_AddNumber(t->objrs[i].annot, "StructParent", (HPDF_INT32)(t->npages + i));
	add_catalog_entries(pdf, tr->root, lang);
	t->tree = tr;
	return add_metadata(pdf, L->title, lang);
}

/* ---------------------------------------------------------------- writing the tree */

/* Numbers and references appended by hand: tens of thousands of objects, and printf's
 * formatting was most of their cost. */
static void put_uint(struct buf *out, size_t v)
{
	char text[24];
	buf_add(out, text, (size_t)(put_decimal(text, v) - text));
}

static void put_ref(struct buf *out, unsigned num)
{
	put_uint(out, num);
	buf_adds(out, " 0 R ");
}

/* The tree's objects as PDF text, numbered from the first number libharu left free. */
struct writer {
	struct tags *t;
	struct tree *tr;
	struct buf out;
	unsigned *obj;      /* by node id: its object's number, 0 when not written */
	unsigned *span_obj; /* by index in t->mcs: the Span of a run in another language */
	unsigned *page_obj; /* by page key */
	FILE *file;         /* a scratch file, written as the text grows */
	long written;       /* where out's first byte goes in it */
	long root_at;
	unsigned first, next; /* the tree's objects are first .. next - 1 */
	/* The tree's objects are written into compressed object streams (PDF 1.5), a few
	 * hundred in each: written as plain objects they were most of the file (the 2020
	 * book's 15,600 elements, 2.1 MB with their cross-reference entries; 0.2 MB so). out
	 * holds the stream being filled, one object after the other. */
	unsigned *stream_of;  /* by object number - first: the object stream that holds it */
	uint16_t *index_in;   /* by object number - first: its place in that stream */
	unsigned *in_stream;  /* the stream being filled: its objects' numbers... */
	size_t *body_at;      /* ... and where each begins in out */
	unsigned nin;
	unsigned next_stream; /* the number the next object stream takes (from next on) */
	long *stream_at;      /* by stream number - next: where the stream begins in the file */
	size_t cap_streams;
	bool ok;
};

static unsigned object_number(void *obj)
{
	return ((HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* Object numbers in reading order: each kept element, then the language Spans. */
static void number_objects(struct writer *w, const struct node *n)
{
	if (!w->tr->kept[n->id])
		return;
	w->obj[n->id] = w->next++;
	for (const struct node *c = n->first; c; c = c->next)
		number_objects(w, c);
}

/* Four upper-case hex digits: a UTF-16 unit of a text string. */
static void put_hex4(struct buf *out, uint32_t v)
{
	static const char hex[] = "0123456789ABCDEF";
	char d[4] = {hex[v >> 12 & 0xF], hex[v >> 8 & 0xF], hex[v >> 4 & 0xF], hex[v & 0xF]};
	buf_add(out, d, 4);
}

/* A text string: ASCII as it is, anything else as UTF-16 with its byte order mark. */
static void put_string(struct buf *out, const char *s)
{
	bool ascii = true;
	for (const char *p = s; *p; p++)
		ascii &= (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F && *p != '(' &&
			 *p != ')' && *p != '\\';
	if (ascii) {
		buf_addc(out, '(');
		buf_adds(out, s);
		buf_addc(out, ')');
		return;
	}
	buf_adds(out, "<FEFF");
	size_t left = strlen(s);
	uint32_t c;
	while (utf8_next(&s, &left, &c)) {
		if (c > 0xFFFF) {
			c -= 0x10000;
			put_hex4(out, 0xD800 + (c >> 10));
			put_hex4(out, 0xDC00 + (c & 0x3FF));
		} else {
			put_hex4(out, c);
		}
	}
	buf_adds(out, ">");
}

/* The text so far into the file: the tree of a ten-fold book is tens of megabytes. */
static void flush_text(struct writer *w)
{
	if (w->file && w->out.len)
		fwrite(w->out.data, 1, w->out.len, w->file);
	w->written += (long)w->out.len;
	w->out.len = 0;
}

enum { STREAM_OBJECTS = 200 }; /* objects in one object stream: a reader reads it whole */

/* The object stream being filled, compressed into the file: "<</Type/ObjStm/N n/First f>>"
 * and its text, the pairs "number offset" and then the objects. */
static void finish_stream(struct writer *w)
{
	if (!w->nin || !w->ok)
		return;
	struct buf head = {0};
	for (unsigned i = 0; i < w->nin; i++) {
		put_uint(&head, w->in_stream[i]);
		buf_addc(&head, ' ');
		put_uint(&head, w->body_at[i]);
		buf_addc(&head, ' ');
	}
	size_t first = head.len;
	buf_add(&head, w->out.data, w->out.len); /* compressed from one buffer */
	size_t packed_len;
	unsigned char *packed = flate(head.data, head.len, &packed_len);
	unsigned num = w->next_stream++;
	size_t k = num - w->next;
	w->ok = packed_len > 0;
	if (w->ok) {
		grow((void **)&w->stream_at, &w->cap_streams, k + 1, sizeof *w->stream_at);
		w->stream_at[k] = w->written;
		char dict[160];
		int n = snprintf(dict, sizeof dict,
				 "%u 0 obj\n<</Type/ObjStm/N %u/First %zu/Filter/FlateDecode/Length %lu>>\n"
				 "stream\n", num, w->nin, first, (unsigned long)packed_len);
		fwrite(dict, 1, (size_t)n, w->file);
		fwrite(packed, 1, packed_len, w->file);
		fwrite("\nendstream\nendobj\n", 1, 18, w->file);
		w->written += n + (long)packed_len + 18;
	}
	free(packed);
	buf_free(&head);
	w->out.len = 0;
	w->nin = 0;
}

/* Begins object num: the tree's root, rewritten, as a plain object; an element in the
 * object stream being filled. */
static void begin_object(struct writer *w, unsigned num)
{
	if (num < w->first) {
		w->root_at = w->written + (long)w->out.len;
		put_uint(&w->out, num);
		buf_adds(&w->out, " 0 obj\n");
		return;
	}
	if (w->nin == STREAM_OBJECTS)
		finish_stream(w);
	w->stream_of[num - w->first] = w->next_stream;
	w->index_in[num - w->first] = (uint16_t)w->nin;
	w->in_stream[w->nin] = num;
	w->body_at[w->nin++] = w->out.len;
}

static void end_object(struct writer *w, unsigned num)
{
	if (num < w->first) {
		buf_adds(&w->out, "\nendobj\n");
		flush_text(w);
	} else {
		buf_addc(&w->out, '\n');
	}
}

/* /A: a table cell's attributes (PDF 1.7 14.8.5.7). */
static void put_table_attributes(struct buf *out, const struct node *n)
{
	if (n->role != SR_TH && n->role != SR_TD)
		return;
	buf_adds(out, "/A<</O/Table");
	if (n->scope != SCOPE_NONE)
		buf_printf(out, "/Scope/%s", n->scope == SCOPE_ROW ? "Row" : n->scope == SCOPE_COLUMN ? "Column" : "Both");
	if (n->rowspan > 1) {
		buf_adds(out, "/RowSpan ");
		put_uint(out, (size_t)n->rowspan);
	}
	if (n->colspan > 1)
		buf_printf(out, "/ColSpan %d", n->colspan);
	if (n->nheaders) {
		buf_adds(out, "/Headers[");
		for (int i = 0; i < n->nheaders; i++)
			put_string(out, n->headers[i]);
		buf_adds(out, "]");
	}
	buf_adds(out, ">>");
}

/* An element's /K: its content in drawing order (a marked-content id on its first page, a
 * reference with /Pg on another, a Span in another language, a link's annotation), then
 * the elements inside it. */
static void put_kids(struct writer *w, const struct node *n, size_t pg_key)
{
	struct tags *t = w->t;
	struct tree *tr = w->tr;
	buf_adds(&w->out, "/K[");
	for (size_t i = 0; i < tr->nmc[n->id]; i++) {
		size_t k = tr->order[tr->first_mc[n->id] + i];
		const struct mc *m = &t->mcs[k];
		if (m->lang)
			put_ref(&w->out, w->span_obj[k]);
		else if (m->key == pg_key) {
			put_uint(&w->out, (size_t)m->mcid);
			buf_adds(&w->out, " ");
		} else {
			buf_adds(&w->out, "<</Type/MCR/Pg ");
			put_uint(&w->out, w->page_obj[m->key]);
			buf_adds(&w->out, " 0 R/MCID ");
			put_uint(&w->out, (size_t)m->mcid);
			buf_adds(&w->out, ">>");
		}
	}
	for (size_t i = 0; i < tr->nobjr[n->id]; i++) {
		const struct objr *o = &t->objrs[tr->objr_order[tr->first_objr[n->id] + i]];
		buf_printf(&w->out, "<</Type/OBJR/Obj %u 0 R>>", object_number(o->annot));
	}
	for (const struct node *c = n->first; c; c = c->next)
		if (w->obj[c->id])
			put_ref(&w->out, w->obj[c->id]);
	buf_adds(&w->out, "]");
}

static void write_element(struct writer *w, const struct node *n, unsigned parent)
{
	struct tags *t = w->t;
	struct tree *tr = w->tr;
	if (!w->obj[n->id])
		return;
	begin_object(w, w->obj[n->id]);
	buf_adds(&w->out, "<</Type/StructElem/S/");
	buf_adds(&w->out, layout_role_name(n->role));
	buf_adds(&w->out, "/P ");
	put_ref(&w->out, parent);
	size_t pg_key = (size_t)-1;
	if (tr->nmc[n->id]) {
		pg_key = t->mcs[tr->order[tr->first_mc[n->id]]].key;
		buf_adds(&w->out, "/Pg ");
		put_ref(&w->out, w->page_obj[pg_key]);
	}
	if (n->alt) {
		buf_adds(&w->out, "/Alt");
		put_string(&w->out, n->alt);
	}
	if (n->lang) {
		buf_adds(&w->out, "/Lang");
		put_string(&w->out, n->lang);
	}
	if (n->cell_id) {
		buf_adds(&w->out, "/ID");
		put_string(&w->out, n->cell_id);
	}
	put_table_attributes(&w->out, n);
	put_kids(w, n, pg_key);
	buf_adds(&w->out, ">>");
	end_object(w, w->obj[n->id]);
	for (size_t i = 0; i < tr->nmc[n->id]; i++) { /* its runs in another language */
		size_t k = tr->order[tr->first_mc[n->id] + i];
		const struct mc *m = &t->mcs[k];
		if (!m->lang)
			continue;
		begin_object(w, w->span_obj[k]);
		buf_printf(&w->out, "<</Type/StructElem/S/Span/P %u 0 R/Pg %u 0 R/Lang", w->obj[n->id],
			   w->page_obj[m->key]);
		put_string(&w->out, m->lang);
		buf_printf(&w->out, "/K %d>>", m->mcid);
		end_object(w, w->span_obj[k]);
	}
	for (const struct node *c = n->first; c; c = c->next)
		write_element(w, c, w->obj[n->id]);
}

static int by_cell_id(const void *x, const void *y)
{
	return strcmp((*(const struct node *const *)x)->cell_id, (*(const struct node *const *)y)->cell_id);
}

static void collect_ids(struct writer *w, const struct node *n, const struct node ***ids, size_t *nids,
			size_t *cap)
{
	if (!w->obj[n->id])
		return;
	if (n->cell_id) {
		grow((void **)ids, cap, *nids + 1, sizeof **ids);
		(*ids)[(*nids)++] = n;
	}
	for (const struct node *c = n->first; c; c = c->next)
		collect_ids(w, c, ids, nids, cap);
}

/* The root: the document element, the parent tree (each page's ids, then each link's
 * key), and the header cells' ids in a name tree, sorted. */
static void write_root(struct writer *w, unsigned root)
{
	struct tags *t = w->t;
	begin_object(w, root);
	buf_printf(&w->out, "<</Type/StructTreeRoot/K %u 0 R/ParentTree<</Nums[", w->obj[w->tr->L->root->id]);
	size_t *start = calloc(t->npages + 1, sizeof *start);
	unsigned *owner = calloc(t->nmcs + 1, sizeof *owner);
	for (size_t key = 0; key < t->npages; key++)
		start[key + 1] = start[key] + (size_t)t->pages[key].next_mcid;
	for (size_t i = 0; i < t->nmcs; i++)
		owner[start[t->mcs[i].key] + (size_t)t->mcs[i].mcid] =
			t->mcs[i].lang ? w->span_obj[i] : w->obj[t->mcs[i].node->id];
	for (size_t key = 0; key < t->npages; key++) {
		buf_printf(&w->out, "%zu[", key);
		for (size_t k = start[key]; k < start[key + 1]; k++)
			put_ref(&w->out, owner[k]);
		buf_adds(&w->out, "]");
	}
	for (size_t i = 0; i < t->nobjrs; i++)
		buf_printf(&w->out, "%zu %u 0 R ", t->npages + i, w->obj[t->objrs[i].node->id]);
	buf_printf(&w->out, "]>>/ParentTreeNextKey %zu", t->npages + t->nobjrs);
	free(start);
	free(owner);
	const struct node **ids = NULL;
	size_t nids = 0, cap = 0;
	collect_ids(w, w->tr->L->root, &ids, &nids, &cap);
	if (nids) {
		qsort(ids, nids, sizeof *ids, by_cell_id);
		buf_adds(&w->out, "/IDTree<</Names[");
		for (size_t i = 0; i < nids; i++) {
			put_string(&w->out, ids[i]->cell_id);
			buf_adds(&w->out, " ");
			put_ref(&w->out, w->obj[ids[i]->id]);
		}
		buf_adds(&w->out, "]>>");
	}
	free(ids);
	buf_adds(&w->out, ">>");
	end_object(w, root);
}

/* Numbers the tree's objects from first and writes their text to a scratch file, with
 * offsets counted from its start. */
static void write_tree(struct writer *w)
{
	struct tags *t = w->t;
	size_t n = w->tr->L->nnodes ? w->tr->L->nnodes : 1;
	w->next = w->first;
	w->obj = calloc(n, sizeof *w->obj);
	w->span_obj = calloc(t->nmcs + 1, sizeof *w->span_obj);
	w->page_obj = calloc(t->npages + 1, sizeof *w->page_obj);
	w->ok = w->obj && w->span_obj && w->page_obj;
	if (!w->ok)
		return;
	for (size_t key = 0; key < t->npages; key++)
		w->page_obj[key] = object_number(t->pages[key].page);
	number_objects(w, w->tr->L->root);
	for (size_t i = 0; i < t->nmcs; i++)
		if (t->mcs[i].lang)
			w->span_obj[i] = w->next++;
	size_t count = w->next - w->first + 1;
	w->stream_of = calloc(count, sizeof *w->stream_of);
	w->index_in = calloc(count, sizeof *w->index_in);
	w->in_stream = calloc(STREAM_OBJECTS, sizeof *w->in_stream);
	w->body_at = calloc(STREAM_OBJECTS, sizeof *w->body_at);
	w->next_stream = w->next;
	w->file = w->stream_of && w->index_in && w->in_stream && w->body_at ? tmpfile() : NULL;
	w->ok = w->file != NULL;
	if (!w->ok)
		return;
	write_root(w, object_number(w->tr->root));
	write_element(w, w->tr->L->root, object_number(w->tr->root));
	finish_stream(w);
	w->ok = w->ok && !ferror(w->file);
}

static void *tree_thread(void *arg)
{
	write_tree(arg);
	return NULL;
}

static void free_writer(struct writer *w)
{
	if (w->file)
		fclose(w->file);
	buf_free(&w->out);
	free(w->obj);
	free(w->span_obj);
	free(w->page_obj);
	free(w->stream_of);
	free(w->index_in);
	free(w->in_stream);
	free(w->body_at);
	free(w->stream_at);
	memset(w, 0, sizeof *w);
}

/* Waits for the tree's writer, if one runs. */
static void join_tree(struct tags *t)
{
	if (t->writing)
		pthread_join(t->thread, NULL);
	t->writing = false;
}

/* The tree's text is written on a thread of its own while libharu saves the file: the two
 * took about the same time, one after the other. Its object numbers start where libharu's
 * end, which saving does not change (tags_append makes sure). */
void tags_start_tree(struct tags *t, HPDF_Doc pdf, unsigned made_by_saving)
{
	if (!t->tree || t->wp || !(t->wp = calloc(1, sizeof *t->wp)))
		return;
	*t->wp = (struct writer){.t = t, .tr = t->tree};
	t->wp->first = pdf->xref->start_offset + pdf->xref->entries->count + made_by_saving;
	t->writing = pthread_create(&t->thread, NULL, tree_thread, t->wp) == 0;
	if (!t->writing)
		write_tree(t->wp);
}

/* Copies the scratch file's text to the end of out. */
static bool copy_text(FILE *from, FILE *out)
{
	char chunk[1 << 16];
	size_t got;
	rewind(from);
	while ((got = fread(chunk, 1, sizeof chunk, from)) > 0)
		if (fwrite(chunk, 1, got, out) != got)
			return false;
	return !ferror(from);
}

/* One entry of a cross-reference stream of /W [1 4 2]: type, then offset or stream, then
 * generation or index, big-endian. */
static void put_entry(struct buf *out, int type, unsigned long field2, unsigned field3)
{
	unsigned char e[7] = {(unsigned char)type, (unsigned char)(field2 >> 24),
			      (unsigned char)(field2 >> 16), (unsigned char)(field2 >> 8),
			      (unsigned char)field2, (unsigned char)(field3 >> 8),
			      (unsigned char)field3};
	buf_add(out, e, sizeof e);
}

/* The update's cross-reference stream, after the text at base in f: the root (plain), the
 * tree's objects (each in its object stream), the object streams and itself. */
static bool write_xref_stream(struct writer *w, HPDF_Doc pdf, FILE *f, long base)
{
	unsigned root = object_number(w->tr->root), self = w->next_stream;
	long self_at = base + w->written;
	struct buf entries = {0};
	put_entry(&entries, 1, (unsigned long)(base + w->root_at), 0);
	for (unsigned num = w->first; num < self; num++)
		if (num < w->next)
			put_entry(&entries, 2, w->stream_of[num - w->first], w->index_in[num - w->first]);
		else
			put_entry(&entries, 1, (unsigned long)(base + w->stream_at[num - w->next]), 0);
	put_entry(&entries, 1, (unsigned long)self_at, 0);
	size_t len;
	unsigned char *packed = flate(entries.data, entries.len, &len);
	bool ok = packed != NULL;
	if (ok) {
		fprintf(f, "%u 0 obj\n<</Type/XRef/Size %u/Index[%u 1 %u %u]/W[1 4 2]/Root %u 0 R", self,
			self + 1, root, w->first, self - w->first + 1, object_number(pdf->catalog));
		if (pdf->info)
			fprintf(f, "/Info %u 0 R", object_number(pdf->info));
		fprintf(f, "/Prev %u/Filter/FlateDecode/Length %lu>>\nstream\n", pdf->xref->addr,
			(unsigned long)len);
		ok = fwrite(packed, 1, len, f) == len;
		fprintf(f, "\nendstream\nendobj\nstartxref\n%ld\n%%%%EOF\n", self_at);
	}
	free(packed);
	buf_free(&entries);
	return ok;
}

bool tags_append(struct tags *t, HPDF_Doc pdf, const char *path)
{
	if (!t->tree)
		return false;
	join_tree(t);
	if (!t->wp && !(t->wp = calloc(1, sizeof *t->wp)))
		return false;
	struct writer *w = t->wp;
	HPDF_Xref xref = pdf->xref;
	unsigned first = xref->start_offset + xref->entries->count;
	if (!w->t || first != w->first) { /* not begun, or libharu added objects as it saved */
		free_writer(w);
		*w = (struct writer){.t = t, .tr = t->tree, .first = first};
		write_tree(w);
	}
	FILE *f = w->ok ? fopen(path, "ab") : NULL;
	bool ok = f != NULL;
	if (f) {
		/* appended to the saved file: the root's new text, the object streams, and a
		 * cross-reference stream for them that goes back to libharu's table */
		fseek(f, 0, SEEK_END);
		long base = ftell(f);
		ok = copy_text(w->file, f);
		ok &= write_xref_stream(w, pdf, f, base);
		ok &= !ferror(f);
		ok &= fclose(f) == 0;
	}
	free_writer(w);
	return ok;
}
