/* render_tags.h — the tagged PDF's structure (render_tags.c), for the renderer only: the
 * one other file that includes hpdf.h. */
#ifndef PB_RENDER_TAGS_H
#define PB_RENDER_TAGS_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

struct tags;

struct tags *tags_new(void);
void tags_free(struct tags *t);

/* Drawing a page: marked content opens and closes as the boxes go from one element, or
 * kind of artifact, to the next. A page may be begun again (the contents, drawn onto at
 * the end): its content ids go on from where they were. */
void tags_page_begin(struct tags *t, HPDF_Page page, bool again);
void tags_box(struct tags *t, const struct box *b);
void tags_page_end(struct tags *t);
/* Within a box's content: what follows is in language lang ("en"), or back in the
 * document's own (NULL). */
void tags_language(struct tags *t, const char *lang);

/* A link annotation made for a box of element n (a Link). */
void tags_link(struct tags *t, HPDF_Annotation annot, const struct node *n, const char *contents);

/* The structure tree of what was drawn, the parent tree, the ids, and the document's
 * language, title display, reading direction and XMP metadata. false if libharu failed. */
bool tags_finish(struct tags *t, HPDF_Doc pdf, const struct layout *L, const char *lang);

/* Just before the fonts are finished and libharu saves the file: begins writing the
 * structure tree's objects, on a thread of their own, numbered after the saved file's, of
 * which made_by_saving are still to be made (tags_append checks). */
void tags_start_tree(struct tags *t, HPDF_Doc pdf, unsigned made_by_saving);

/* After libharu has saved the file at path: appends the structure tree's objects, with
 * the cross-reference section and trailer of an update (ISO 32000-1 7.5.6). */
bool tags_append(struct tags *t, HPDF_Doc pdf, const char *path);

#endif
