/*
 * buf.h: a growable byte buffer with a ceiling.
 *
 * Growth past b->max (0: no ceiling beyond SIZE_MAX/2) or a failed
 * allocation sets the sticky b->err (ENOMEM or EFBIG) and drops the data:
 * the caller checks b->err once at the end instead of after every call.
 * The content is always NUL-terminated when b->p is not NULL.
 */
#ifndef SEEMAIL_BUF_H
#define SEEMAIL_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap, max;
	int err;
};

#define BUF_INIT_MAX(m) { NULL, 0, 0, (m), 0 }

int buf_reserve(struct buf *b, size_t extra);            /* 0 or -1 */
void buf_put(struct buf *b, const void *p, size_t n);
void buf_putc(struct buf *b, int c);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);                            /* len = 0, err = 0 */
void buf_free(struct buf *b);
/* Takes the content (caller frees), leaving b empty. */
char *buf_take(struct buf *b, size_t *len);

/* Makes *arr, an array of *cap elements of size sz, hold at least n + 1
 * (doubling, from 16).  0, or -1 with *arr unchanged when memory ran
 * out. */
int array_grow(void **arr, size_t *cap, size_t n, size_t sz);

#endif
