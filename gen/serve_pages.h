/* serve_pages.h — the server's pages, made from web/ templates (serve_pages.c). Each fills a
 * template with values and answers the request with it inside web/layout.html. */
#ifndef PB_SERVE_PAGES_H
#define PB_SERVE_PAGES_H

#include "serve_http.h"

/* What an upload or a restore came to, for the unit's page. */
struct outcome {
	bool shown;
	bool accepted;           /* accepted, or refused for its errors */
	bool restored;
	long version;
	const char *messages;    /* what checking it said */
	const char *kept;        /* where a refused upload was kept */
	const char *problem;     /* a refusal before any check: "kind", "empty", "store" */
};

void page_signin(struct request *r, unsigned status, const char *problem, unsigned retry,
		 const char *csrf);
void page_dashboard(struct request *r, const struct book_state *s, const char *csrf);
void page_unit(struct request *r, const struct book_state *s, const struct unit_row *u,
	       const char *csrf, const struct outcome *o, unsigned status);
/* A build's page: waiting (it refreshes itself), done (a link to the file) or failed.
 * base is /admin or /u/TOKEN. */
void page_build(struct request *r, const struct job_view *v, const char *base,
		const char *what, const char *title);
void page_link(struct request *r, const char *unit, const char *name, const char *path,
	       const char *csrf, bool revoked);
void page_error(struct request *r, unsigned status, const char *what);
/* The style sheet, web/style.css. */
void page_style(struct request *r);

#endif
