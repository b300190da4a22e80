/* render_pdf.h — the PDF writer: pages are drawn as the layout hands them over, and the
 * file is written when the book is complete. */
#ifndef PB_RENDER_PDF_H
#define PB_RENDER_PDF_H

#include "diag.h"
#include "layout.h"
#include "text.h"

struct renderer;

/* threaded: the pages are drawn on a thread of their own while the layout goes on (the
 * writer then owns and frees each batch of pages handed to it). */
struct renderer *render_open(const struct tx_engine *e, bool threaded);
/* A layout sink: draws the layout's pending pages. */
void render_pages(struct layout *L, void *renderer);
/* A layout sink for the end: draws the contents onto the pages kept for them. */
void render_fill(struct layout *L, void *renderer);
/* Adds the metadata and the outline and writes the file atomically; frees the renderer.
 * false after reporting a diagnostic (and nothing is written). */
bool render_close(struct renderer *r, const struct layout *L, struct diag *d, const char *path);
void render_abort(struct renderer *r);

#endif
