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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

struct tags *tags_new(void)
{
	struct tags *t = calloc(1, sizeof *t);
	return t;
}

void tags_free(struct tags *t)
{
	if (!t)
		return;
	free(t->mcs);
	free(t->objrs);
	free(t->pages);
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

static void write_ops(HPDF_Page page, const char *text)
{
	HPDF_Stream_WriteStr(((HPDF_PageAttr)page->attr)->stream, text);
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
	char op[64];
	snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\n", lang ? "Span" : layout_role_name(n->role),
		 mcid);
	write_ops(t->page, op);
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

struct build {
	struct tags *t;
	HPDF_Doc pdf;
	HPDF_Encoder utf8;
	const struct layout *L;
	size_t *first_mc, *nmc; /* by node id: where its marked content is in order[] */
	size_t *order;          /* indexes into t->mcs, grouped by node in drawing order */
	size_t *first_objr, *nobjr;
	size_t *objr_order;
	bool *kept;
	HPDF_Dict *dicts; /* by node id */
	HPDF_Dict *span_of; /* by index in t->mcs: the Span made for a run in another language */
	struct idref {
		const char *id;
		HPDF_Dict elem;
	} *ids;
	size_t nids, capids;
	bool failed;
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
static bool mark_kept(struct build *b, const struct node *n)
{
	bool kept = b->nmc[n->id] > 0 || b->nobjr[n->id] > 0;
	for (const struct node *c = n->first; c; c = c->next)
		kept |= mark_kept(b, c);
	if (kept && n->role == SR_TR)
		for (const struct node *c = n->first; c; c = c->next)
			b->kept[c->id] = true;
	b->kept[n->id] |= kept;
	return b->kept[n->id];
}

static HPDF_Dict new_indirect_dict(struct build *b)
{
	HPDF_Dict d = HPDF_Dict_New(b->pdf->mmgr);
	if (!d || HPDF_Xref_Add(b->pdf->xref, d) != HPDF_OK) {
		b->failed = true;
		return NULL;
	}
	return d;
}

static void add_text(struct build *b, HPDF_Dict d, const char *key, const char *text, bool unicode)
{
	HPDF_String s = HPDF_String_New(b->pdf->mmgr, text, unicode ? b->utf8 : NULL);
	if (!s || HPDF_Dict_Add(d, key, s) != HPDF_OK)
		b->failed = true;
}

/* /A: a table cell's attributes (PDF 1.7 14.8.5.7). */
static void add_table_attributes(struct build *b, HPDF_Dict d, const struct node *n)
{
	if (n->role != SR_TH && n->role != SR_TD)
		return;
	HPDF_Dict a = HPDF_Dict_New(b->pdf->mmgr);
	HPDF_Dict_Add(d, "A", a);
	HPDF_Dict_AddName(a, "O", "Table");
	if (n->scope != SCOPE_NONE)
		HPDF_Dict_AddName(a, "Scope", n->scope == SCOPE_ROW	 ? "Row"
					      : n->scope == SCOPE_COLUMN ? "Column"
									 : "Both");
	if (n->rowspan > 1)
		HPDF_Dict_AddNumber(a, "RowSpan", n->rowspan);
	if (n->colspan > 1)
		HPDF_Dict_AddNumber(a, "ColSpan", n->colspan);
	if (n->nheaders) {
		HPDF_Array h = HPDF_Array_New(b->pdf->mmgr);
		HPDF_Dict_Add(a, "Headers", h);
		for (int i = 0; i < n->nheaders; i++)
			HPDF_Array_Add(h, HPDF_String_New(b->pdf->mmgr, n->headers[i], NULL));
	}
}

static void add_content(struct build *b, HPDF_Dict d, HPDF_Array kids, const struct node *n)
{
	struct tags *t = b->t;
	size_t pg_key = (size_t)-1;
	for (size_t i = 0; i < b->nmc[n->id]; i++) {
		const struct mc *m = &t->mcs[b->order[b->first_mc[n->id] + i]];
		if (pg_key == (size_t)-1) {
			pg_key = m->key;
			HPDF_Dict_Add(d, "Pg", t->pages[m->key].page);
		}
		if (m->lang) { /* a Span in another language, in its place among the content */
			HPDF_Dict span = new_indirect_dict(b);
			if (!span)
				return;
			HPDF_Dict_AddName(span, "Type", "StructElem");
			HPDF_Dict_AddName(span, "S", "Span");
			HPDF_Dict_Add(span, "P", d);
			HPDF_Dict_Add(span, "Pg", t->pages[m->key].page);
			add_text(b, span, "Lang", m->lang, false);
			HPDF_Dict_AddNumber(span, "K", m->mcid);
			HPDF_Array_Add(kids, span);
			b->span_of[b->order[b->first_mc[n->id] + i]] = span;
			continue;
		}
		if (m->key == pg_key) {
			HPDF_Array_AddNumber(kids, m->mcid);
			continue;
		}
		/* content on another page than the element's first: a marked-content reference */
		HPDF_Dict r = HPDF_Dict_New(b->pdf->mmgr);
		HPDF_Array_Add(kids, r);
		HPDF_Dict_AddName(r, "Type", "MCR");
		HPDF_Dict_Add(r, "Pg", t->pages[m->key].page);
		HPDF_Dict_AddNumber(r, "MCID", m->mcid);
	}
	for (size_t i = 0; i < b->nobjr[n->id]; i++) {
		const struct objr *o = &t->objrs[b->objr_order[b->first_objr[n->id] + i]];
		HPDF_Dict r = HPDF_Dict_New(b->pdf->mmgr);
		HPDF_Array_Add(kids, r);
		HPDF_Dict_AddName(r, "Type", "OBJR");
		HPDF_Dict_Add(r, "Obj", o->annot);
	}
}

static HPDF_Dict make_element(struct build *b, const struct node *n, HPDF_Dict parent)
{
	HPDF_Dict d = new_indirect_dict(b);
	if (!d)
		return NULL;
	b->dicts[n->id] = d;
	HPDF_Dict_AddName(d, "Type", "StructElem");
	HPDF_Dict_AddName(d, "S", layout_role_name(n->role));
	HPDF_Dict_Add(d, "P", parent);
	if (n->alt)
		add_text(b, d, "Alt", n->alt, true);
	if (n->lang)
		add_text(b, d, "Lang", n->lang, false);
	if (n->cell_id) {
		add_text(b, d, "ID", n->cell_id, false);
		grow((void **)&b->ids, &b->capids, b->nids + 1, sizeof *b->ids);
		b->ids[b->nids++] = (struct idref){n->cell_id, d};
	}
	add_table_attributes(b, d, n);
	HPDF_Array kids = HPDF_Array_New(b->pdf->mmgr);
	HPDF_Dict_Add(d, "K", kids);
	/* an element's own text comes before the elements inside it (a list item's text, then
	 * the list nested in it) */
	add_content(b, d, kids, n);
	for (const struct node *c = n->first; c; c = c->next)
		if (b->kept[c->id]) {
			HPDF_Dict cd = make_element(b, c, d);
			if (cd)
				HPDF_Array_Add(kids, cd);
		}
	return d;
}

static int by_id(const void *x, const void *y)
{
	return strcmp(((const struct idref *)x)->id, ((const struct idref *)y)->id);
}

/* The ids of the header cells, for the data cells' /Headers: a name tree, sorted. */
static void add_id_tree(struct build *b, HPDF_Dict root)
{
	if (!b->nids)
		return;
	qsort(b->ids, b->nids, sizeof *b->ids, by_id);
	HPDF_Dict tree = HPDF_Dict_New(b->pdf->mmgr);
	HPDF_Array names = HPDF_Array_New(b->pdf->mmgr);
	HPDF_Dict_Add(root, "IDTree", tree);
	HPDF_Dict_Add(tree, "Names", names);
	for (size_t i = 0; i < b->nids; i++) {
		HPDF_Array_Add(names, HPDF_String_New(b->pdf->mmgr, b->ids[i].id, NULL));
		HPDF_Array_Add(names, b->ids[i].elem);
	}
}

/* Page by page, the element of each marked-content id; then each link annotation's
 * element. Every drawn page and annotation gets its key. */
static void add_parent_tree(struct build *b, HPDF_Dict root)
{
	struct tags *t = b->t;
	HPDF_Dict tree = HPDF_Dict_New(b->pdf->mmgr);
	HPDF_Array nums = HPDF_Array_New(b->pdf->mmgr);
	HPDF_Dict_Add(root, "ParentTree", tree);
	HPDF_Dict_Add(tree, "Nums", nums);
	/* each page's array in id order: the elements gathered first */
	size_t *count = calloc(t->npages ? t->npages : 1, sizeof *count);
	size_t *start = calloc(t->npages ? t->npages : 1, sizeof *start);
	HPDF_Dict *elems = calloc(t->nmcs ? t->nmcs : 1, sizeof *elems);
	for (size_t key = 0, at = 0; key < t->npages; key++) {
		start[key] = at;
		at += (size_t)t->pages[key].next_mcid;
	}
	for (size_t i = 0; i < t->nmcs; i++) {
		const struct mc *m = &t->mcs[i];
		elems[start[m->key] + (size_t)m->mcid] = b->span_of[i] ? b->span_of[i]
								       : b->dicts[m->node->id];
	}
	for (size_t key = 0; key < t->npages; key++) {
		if (!t->pages[key].page)
			continue;
		HPDF_Dict_AddNumber(t->pages[key].page, "StructParents", (HPDF_INT32)key);
		HPDF_Dict_AddName(t->pages[key].page, "Tabs", "S");
		HPDF_Array arr = HPDF_Array_New(b->pdf->mmgr);
		HPDF_Xref_Add(b->pdf->xref, arr);
		for (int k = 0; k < t->pages[key].next_mcid; k++)
			HPDF_Array_Add(arr, elems[start[key] + (size_t)k]);
		HPDF_Array_AddNumber(nums, (HPDF_INT32)key);
		HPDF_Array_Add(nums, arr);
	}
	free(count);
	free(start);
	free(elems);
	size_t next = t->npages;
	for (size_t i = 0; i < t->nobjrs; i++, next++) {
		HPDF_Dict_AddNumber(t->objrs[i].annot, "StructParent", (HPDF_INT32)next);
		HPDF_Array_AddNumber(nums, (HPDF_INT32)next);
		HPDF_Array_Add(nums, b->dicts[t->objrs[i].node->id]);
	}
	HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)next);
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
static void add_metadata(struct build *b, const char *title, const char *lang)
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
	HPDF_Dict meta = HPDF_DictStream_New(b->pdf->mmgr, b->pdf->xref);
	if (!meta) {
		b->failed = true;
		buf_free(&x);
		return;
	}
	HPDF_Dict_AddName(meta, "Type", "Metadata");
	HPDF_Dict_AddName(meta, "Subtype", "XML");
	HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
	HPDF_Dict_Add(b->pdf->catalog, "Metadata", meta);
	buf_free(&x);
}

/* The catalog's entries of a tagged document read right to left. */
static void add_catalog_entries(struct build *b, HPDF_Dict root, const char *lang)
{
	HPDF_Dict cat = b->pdf->catalog;
	HPDF_Dict_Add(cat, "StructTreeRoot", root);
	add_text(b, cat, "Lang", lang, false);
	HPDF_Dict mark = HPDF_Dict_New(b->pdf->mmgr);
	HPDF_Dict_Add(cat, "MarkInfo", mark);
	HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	HPDF_Dict prefs = HPDF_Dict_New(b->pdf->mmgr);
	HPDF_Dict_Add(cat, "ViewerPreferences", prefs);
	HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_AddName(prefs, "Direction", "R2L");
}

bool tags_finish(struct tags *t, HPDF_Doc pdf, const struct layout *L, const char *lang)
{
	size_t n = L->nnodes ? L->nnodes : 1;
	struct build b = {.t = t, .pdf = pdf, .L = L};
	b.utf8 = HPDF_GetEncoder(pdf, "UTF-8");
	b.first_mc = calloc(n, sizeof *b.first_mc);
	b.nmc = calloc(n, sizeof *b.nmc);
	b.order = calloc(t->nmcs ? t->nmcs : 1, sizeof *b.order);
	b.first_objr = calloc(n, sizeof *b.first_objr);
	b.nobjr = calloc(n, sizeof *b.nobjr);
	b.objr_order = calloc(t->nobjrs ? t->nobjrs : 1, sizeof *b.objr_order);
	b.kept = calloc(n, sizeof *b.kept);
	b.dicts = calloc(n, sizeof *b.dicts);
	b.span_of = calloc(t->nmcs ? t->nmcs : 1, sizeof *b.span_of);
	if (!b.first_mc || !b.nmc || !b.order || !b.first_objr || !b.nobjr || !b.objr_order ||
	    !b.kept || !b.dicts || !b.span_of || !L->root) {
		b.failed = true;
		goto done;
	}
	group_by_node(n, t->nmcs, mc_node, t->mcs, b.first_mc, b.nmc, b.order);
	group_by_node(n, t->nobjrs, objr_node, t->objrs, b.first_objr, b.nobjr, b.objr_order);
	mark_kept(&b, L->root);
	HPDF_Dict root = new_indirect_dict(&b);
	if (!root)
		goto done;
	HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	HPDF_Dict doc = make_element(&b, L->root, root);
	if (doc)
		HPDF_Dict_Add(root, "K", doc);
	add_id_tree(&b, root);
	add_parent_tree(&b, root);
	add_catalog_entries(&b, root, lang);
	add_metadata(&b, L->title, lang);
done:
	free(b.first_mc);
	free(b.nmc);
	free(b.order);
	free(b.first_objr);
	free(b.nobjr);
	free(b.objr_order);
	free(b.kept);
	free(b.dicts);
	free(b.span_of);
	free(b.ids);
	return !b.failed;
}
