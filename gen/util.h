/* util.h — memory arena, growable buffers and small file helpers shared by every stage. */
#ifndef PB_UTIL_H
#define PB_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* An arena hands out memory that lives until the arena is freed as a whole.
 * Every stage allocates its results here, so nothing is freed piecemeal. */
struct arena_block;
struct arena {
	struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t size);          /* zeroed, aligned */
void *arena_calloc(struct arena *a, size_t n, size_t size); /* checks n*size overflow */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);
/* Moves everything of src into dst (src is left empty): what another thread allocated. */
void arena_adopt(struct arena *dst, struct arena *src);

/* A growable byte buffer on the heap (freed with buf_free). */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_add_utf8(struct buf *b, uint32_t cp); /* one code point, encoded in place */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *buf_cstr(struct buf *b); /* NUL-terminated view */
void buf_free(struct buf *b);

/* A growable array of fixed-size items in an arena. */
struct vec {
	void *items;
	size_t len, cap, size;
};
void *vec_push(struct arena *a, struct vec *v, size_t item_size); /* zeroed new item */
/* The vector's items copied into arena a at their exact size (NULL when empty): for
 * vectors grown in a scratch arena, whose doubling leaves old copies behind. */
void *vec_keep(struct arena *a, const struct vec *v);
#define VEC_AT(v, type, i) (((type *)(v)->items)[i])

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);

/* Reads a whole file; returns false and sets errno on failure. */
bool file_read(const char *path, struct buf *out);
bool file_exists(const char *path);
char *path_join(struct arena *a, const char *dir, const char *name);
char *path_dir(struct arena *a, const char *path);
/* A new empty file beside path (".NAME.XXXXXX"), to write into and rename to path when
 * complete; NULL with errno set when it cannot be made. */
char *path_temp_beside(struct arena *a, const char *path);

/* UTF-8. utf8_check returns the byte offset of the first invalid sequence, or -1. */
long utf8_check(const char *s, size_t n);
/* Decodes one code point; returns its length (1 for an invalid byte, decoded as U+FFFD). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The next code point of the *left bytes at *s, which it steps past; false at the end. */
static inline bool utf8_next(const char **s, size_t *left, uint32_t *cp)
{
	if (!*left)
		return false;
	size_t len = (size_t)utf8_decode(*s, *left, cp);
	*s += len;
	*left -= len;
	return true;
}
int utf8_encode(uint32_t cp, char out[4]);
/* Column (1-based, in characters) of byte offset off within line starting at line_start. */
int utf8_column(const char *line_start, size_t off);

/* Writes v in decimal at p, with no terminator; returns the end. For text written in
 * bulk (a PDF's numbers, cache keys), where snprintf costs more than the rest. */
char *put_decimal(char *p, unsigned long v);

/* The value of a hex digit (either case), or -1. */
int hex_digit(char c);

/* lround(x) for |x| below 2^52, without the library call: the PDF writer rounds a few
 * numbers for every glyph it places. x - r is exact there, so the halves go as lround's,
 * away from zero. */
static inline long round_long(double x)
{
	long r = (long)x;
	double rest = x - (double)r;
	return rest >= 0.5 ? r + 1 : rest <= -0.5 ? r - 1 : r;
}

#endif
