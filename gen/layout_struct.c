/* layout_struct.c — the book's logical structure, made as the layout places its boxes:
 * elements in reading order, which the renderer turns into the PDF's structure tree. */
#include "layout.h"

static const char *const role_names[SR__COUNT] = {
	[SR_DOCUMENT] = "Document", [SR_PART] = "Part",     [SR_SECT] = "Sect",
	[SR_H1] = "H1",             [SR_H2] = "H2",         [SR_H3] = "H3",
	[SR_P] = "P",               [SR_L] = "L",           [SR_LI] = "LI",
	[SR_LBL] = "Lbl",           [SR_LBODY] = "LBody",   [SR_TABLE] = "Table",
	[SR_THEAD] = "THead",       [SR_TBODY] = "TBody",   [SR_TR] = "TR",
	[SR_TH] = "TH",             [SR_TD] = "TD",         [SR_TOC] = "TOC",
	[SR_TOCI] = "TOCI",         [SR_REFERENCE] = "Reference", [SR_LINK] = "Link",
	[SR_FIGURE] = "Figure",     [SR_CAPTION] = "Caption",
};

const char *layout_role_name(enum struct_role role)
{
	return role < SR__COUNT ? role_names[role] : "Span";
}

struct node *layout_node(struct layout *L, struct node *parent, enum struct_role role)
{
	struct node *n = arena_alloc(L->keep, sizeof *n);
	n->role = role;
	n->id = L->nnodes++;
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

struct node *layout_begin(struct layout *L, enum struct_role role)
{
	struct node *n = layout_node(L, L->cur ? L->cur : L->root, role);
	L->cur = n;
	return n;
}

void layout_end(struct layout *L, struct node *n)
{
	L->cur = n ? n->parent : NULL;
}

struct node *layout_enter(struct layout *L, struct node *n)
{
	struct node *was = L->cur;
	L->cur = n;
	return was;
}

struct layout_mark layout_artifact(struct layout *L, enum artifact_kind kind)
{
	struct layout_mark m = {L->cur, L->art};
	L->cur = NULL;
	L->art = kind;
	return m;
}

void layout_resume(struct layout *L, struct layout_mark m)
{
	L->cur = m.cur;
	L->art = m.art;
}
