/* render_flate.h — compressing a PDF stream (FlateDecode) in one call. */
#ifndef PB_RENDER_FLATE_H
#define PB_RENDER_FLATE_H

#include <stddef.h>

/* n bytes compressed into a new block (free it), in zlib's format, which FlateDecode
 * reads; NULL if that failed, *len then 0. */
unsigned char *flate(const void *in, size_t n, size_t *len);

#endif
