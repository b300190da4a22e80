/* render_flate.h — compressing the PDF's streams (FlateDecode) in one call each. */
#ifndef PB_RENDER_FLATE_H
#define PB_RENDER_FLATE_H

#include <hpdf.h>
#include <stddef.h>

/* n bytes compressed into a new block (free it), in zlib's format, which FlateDecode
 * reads; NULL if that failed, *len then 0. */
unsigned char *flate(const void *in, size_t n, size_t *len);

/* A libharu stream object given n bytes of data, compressed now, so that libharu writes
 * it as it is when it saves; given the bytes plain if compressing failed (libharu then
 * compresses them with its own filter, if the object has one). */
void flate_into(HPDF_Dict stream, const void *data, size_t n);

/* The same for a libharu stream object that holds its data already. */
void flate_in_place(HPDF_Dict stream);

#endif
