/* render_pdf.h — the PDF writer. */
#ifndef PB_RENDER_PDF_H
#define PB_RENDER_PDF_H

#include "diag.h"
#include "layout.h"
#include "text.h"

/* Writes the book to path atomically. false after reporting a diagnostic. */
bool render_pdf(const struct layout *L, const struct tx_engine *e, struct diag *d,
		const char *path);

#endif
