/* read_manifest.c — reads book.yaml into the model and reads the prose it lists. */
#include "read_manifest.h"

#include <stdlib.h>
#include <string.h>

#include "read_prose.h"
#include "read_yaml.h"

static bool read_page_entry(struct arena *a, struct diag *d, struct book *b,
			    const struct ynode *n, struct page_entry *pe)
{
	static const char *const keys[] = {"toc", "prose", NULL};
	if (n->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, "a page",
			    "a block with 'toc' and 'prose'");
		return false;
	}
	yaml_check_keys(d, n, keys);
	const char *file = NULL;
	if (!yaml_str(d, n, "toc", false, &pe->toc) || !yaml_str(d, n, "prose", true, &file))
		return false;
	struct ynode *fn = yaml_get(n, "prose");
	const char *path = path_join(a, b->dir, file);
	if (!file_exists(path)) {
		diag_report(d, D_FILE_OPEN, fn->file, fn->line, fn->col,
			    arena_printf(a, "%s does not exist", path));
		return true; /* keep going: report every missing file */
	}
	pe->prose = prose_read(a, d, path, path);
	if (pe->prose && !pe->toc)
		pe->toc = pe->prose->title;
	return true;
}

static bool read_part(struct arena *a, struct diag *d, struct book *b, const struct ynode *n,
		      struct part *p)
{
	static const char *const keys[] = {"id", "title", "pages", NULL};
	if (n->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, n->file, n->line, n->col, "a part",
			    "a block with 'title' and 'pages'");
		return false;
	}
	yaml_check_keys(d, n, keys);
	if (!yaml_str(d, n, "id", false, &p->id) || !yaml_str(d, n, "title", true, &p->title))
		return false;
	struct ynode *pages = yaml_get(n, "pages");
	if (!pages)
		return true;
	if (pages->kind != Y_SEQ) {
		diag_report(d, D_YAML_TYPE, pages->file, pages->line, pages->col, "pages",
			    "a list of pages");
		return false;
	}
	p->pages = arena_calloc(a, pages->len, sizeof *p->pages);
	p->npages = pages->len;
	for (size_t i = 0; i < pages->len; i++)
		if (!read_page_entry(a, d, b, pages->items[i], &p->pages[i]))
			return false;
	return true;
}

struct book *manifest_read(struct arena *a, struct diag *d, const char *dir)
{
	static const char *const keys[] = {"id", "year", "title", "organisation", "issuer",
					   "subject", "keywords", "parts", NULL};
	struct book *b = arena_alloc(a, sizeof *b);
	b->dir = arena_strdup(a, dir);
	b->manifest = path_join(a, dir, "book.yaml");
	struct ynode *root = yaml_load(a, d, b->manifest);
	if (!root)
		return NULL;
	if (root->kind != Y_MAP) {
		diag_report(d, D_YAML_TYPE, b->manifest, root->line, root->col, "book.yaml",
			    "a list of 'name: value' settings");
		return NULL;
	}
	yaml_check_keys(d, root, keys);
	double year = 0;
	const char *org = NULL, *issuer = NULL;
	if (!yaml_str(d, root, "id", true, &b->id) || !yaml_num(d, root, "year", true, &year) ||
	    !yaml_str(d, root, "title", true, &b->title) ||
	    !yaml_str(d, root, "organisation", false, &org) ||
	    !yaml_str(d, root, "issuer", false, &issuer) ||
	    !yaml_str(d, root, "subject", false, &b->subject) ||
	    !yaml_str(d, root, "keywords", false, &b->keywords))
		return NULL;
	if (strchr(b->id, '/') || b->id[0] == '.' || !b->id[0]) {
		struct ynode *n = yaml_get(root, "id");
		diag_report(d, D_VALUE_BAD, n->file, n->line, n->col, b->id,
			    "book id (it names the PDF file: letters, digits and '-')");
		return NULL;
	}
	b->year = (int)year;
	if (org && issuer)
		b->author = arena_printf(a, "%s – %s", org, issuer);
	else
		b->author = org ? org : issuer;
	struct ynode *parts = yaml_get(root, "parts");
	if (!parts || parts->kind != Y_SEQ) {
		diag_report(d, parts ? D_YAML_TYPE : D_KEY_MISSING, b->manifest,
			    parts ? parts->line : 0, parts ? parts->col : 0, "parts",
			    "a list of the book's parts");
		return NULL;
	}
	b->parts = arena_calloc(a, parts->len, sizeof *b->parts);
	b->nparts = parts->len;
	for (size_t i = 0; i < parts->len; i++)
		if (!read_part(a, d, b, parts->items[i], &b->parts[i]))
			return NULL;
	return b;
}
