/* write_manifest.h — one unit's plan changed in book.yaml's text. */
#ifndef PB_WRITE_MANIFEST_H
#define PB_WRITE_MANIFEST_H

#include <stdbool.h>

#include "util.h"

/* book.yaml's text src with unit's `plan:` set to plan (added after its id when it has
 * none), everything else kept byte for byte, into out. false with *error set (English)
 * when the text does not parse or has no such unit. */
bool manifest_set_plan(struct arena *a, const char *src, size_t len, const char *unit,
		       const char *plan, struct buf *out, const char **error);

#endif
