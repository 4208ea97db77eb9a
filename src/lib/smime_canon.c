/*
 * smime_canon.c: staging canonical text in large pieces.
 */
#include <string.h>

#include "smime_canon.h"

void canon_init(struct canon *c, int (*flush)(void *, const char *, size_t), void *ctx)
{
	c->flush = flush;
	c->ctx = ctx;
	c->err = 0;
	c->prev_cr = 0;
	c->n = 0;
}

static void hand_on(struct canon *c)
{
	if (c->n && !c->err && c->flush(c->ctx, c->buf, c->n) < 0)
		c->err = 1;
	c->n = 0;
}

void canon_raw(struct canon *c, const char *p, size_t n)
{
	if (n == 0)
		return;
	c->prev_cr = p[n - 1] == '\r';
	while (n && !c->err) {
		size_t k = sizeof c->buf - c->n;
		if (k > n)
			k = n;
		memcpy(c->buf + c->n, p, k);
		c->n += k;
		p += k;
		n -= k;
		if (c->n == sizeof c->buf)
			hand_on(c);
	}
}

void canon_str(struct canon *c, const char *s)
{
	canon_raw(c, s, strlen(s));
}

void canon_text(struct canon *c, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end && !c->err) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		if (lf == NULL) {
			canon_raw(c, p, (size_t)(end - p));
			return;
		}
		int has_cr = lf > p ? lf[-1] == '\r' : c->prev_cr;
		if (has_cr) {
			canon_raw(c, p, (size_t)(lf + 1 - p));
		} else {
			canon_raw(c, p, (size_t)(lf - p));
			canon_raw(c, "\r\n", 2);
		}
		p = lf + 1;
	}
}

int canon_end(struct canon *c)
{
	hand_on(c);
	return c->err ? -1 : 0;
}

int canon_has_bare_lf(const char *p, size_t n)
{
	const char *end = p + n, *q = p;

	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		if (q == p || q[-1] != '\r')
			return 1;
		q++;
	}
	return 0;
}

void out_lines(struct output *o, const char *p, size_t n, int lf)
{
	const char *end = p + n;

	if (!lf) {
		out_put(o, p, n);
		return;
	}
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		if (q == NULL) {
			out_put(o, p, (size_t)(end - p));
			return;
		}
		if (q > p && q[-1] == '\r') {
			out_put(o, p, (size_t)(q - 1 - p));
			out_put(o, "\n", 1);
		} else {
			out_put(o, p, (size_t)(q + 1 - p));
		}
		p = q + 1;
	}
}
