/*
 * smime_b64.c: base64 encoding in lines and decoding, a group of four
 * characters at a time on the common path.
 */
#include <string.h>

#include "smime_b64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

enum { WS = 0x40, PAD = 0x41, BAD = 0x80 };

/* 0..63 for the alphabet, WS, PAD or BAD: built once, on first use. */
static unsigned char dec[256];

static void dec_init(void)
{
	memset(dec, BAD, sizeof dec);
	for (int i = 0; i < 64; i++)
		dec[(unsigned char)alphabet[i]] = (unsigned char)i;
	dec[' '] = dec['\t'] = dec['\r'] = dec['\n'] = dec['\f'] = dec['\v'] = WS;
	dec['='] = PAD;
}

void b64_enc_init(struct b64enc *e, struct buf *out, const char *nl)
{
	memset(e, 0, sizeof *e);
	e->out = out;
	e->nl = nl;
	e->nllen = strlen(nl);
}

size_t b64_enc_size(size_t n, size_t nllen)
{
	size_t chars = (n + 2) / 3 * 4;
	return chars + (chars / B64_LINE + 1) * nllen;
}

static char *quad(char *o, const unsigned char *s)
{
	unsigned v = (unsigned)s[0] << 16 | (unsigned)s[1] << 8 | s[2];
	o[0] = alphabet[v >> 18];
	o[1] = alphabet[(v >> 12) & 63];
	o[2] = alphabet[(v >> 6) & 63];
	o[3] = alphabet[v & 63];
	return o + 4;
}

/* Encodes whole groups of s (n a multiple of 3) at the end of the buffer,
 * breaking lines; the buffer has room. */
static void groups(struct b64enc *e, const unsigned char *s, size_t n)
{
	char *o = e->out->p + e->out->len;

	while (n) {
		size_t room = (B64_LINE - e->col) / 4, q = n / 3;
		if (q > room)
			q = room;
		for (size_t i = 0; i < q; i++, s += 3)
			o = quad(o, s);
		e->col += 4 * q;
		n -= 3 * q;
		if (e->col == B64_LINE) {
			memcpy(o, e->nl, e->nllen);
			o += e->nllen;
			e->col = 0;
		}
	}
	e->out->len = (size_t)(o - e->out->p);
	e->out->p[e->out->len] = '\0';
}

void b64_enc_put(struct b64enc *e, const void *p, size_t n)
{
	const unsigned char *s = p;

	if (e->out->err)
		return;
	while (e->ncarry && n) {
		e->carry[e->ncarry++] = *s++;
		n--;
		if (e->ncarry == 3) {
			if (buf_reserve(e->out, 4 + e->nllen + 1) < 0)
				return;
			groups(e, e->carry, 3);
			e->ncarry = 0;
		}
	}
	if (e->ncarry)
		return;         /* all of p went into the carry */
	size_t whole = n - n % 3;
	if (whole) {
		if (buf_reserve(e->out, b64_enc_size(whole, e->nllen) + 1) < 0)
			return;
		groups(e, s, whole);
	}
	memcpy(e->carry, s + whole, n - whole);
	e->ncarry = n - whole;
}

void b64_enc_end(struct b64enc *e)
{
	if (e->ncarry) {
		unsigned char last[3] = { 0, 0, 0 };
		char q[4];
		memcpy(last, e->carry, e->ncarry);
		quad(q, last);
		if (e->ncarry == 1)
			q[2] = '=';
		q[3] = '=';
		if (e->col + 4 > B64_LINE) {
			buf_put(e->out, e->nl, e->nllen);
			e->col = 0;
		}
		buf_put(e->out, q, 4);
		e->col += 4;
		e->ncarry = 0;
	}
	if (e->col) {
		buf_put(e->out, e->nl, e->nllen);
		e->col = 0;
	}
}

size_t b64_decode(const char *src, size_t n, unsigned char *dst, int *bad)
{
	const unsigned char *s = (const unsigned char *)src;
	unsigned acc = 0;
	size_t i = 0, o = 0;
	int k = 0;

	if (dec['='] != PAD)
		dec_init();
	*bad = 0;
	while (i < n) {
		if (k == 0) {
			/* The common case: four characters of the alphabet. */
			while (i + 4 <= n) {
				unsigned a = dec[s[i]], b = dec[s[i + 1]], c = dec[s[i + 2]], d = dec[s[i + 3]];
				if ((a | b | c | d) & 0xC0)
					break;
				unsigned v = a << 18 | b << 12 | c << 6 | d;
				dst[o] = (unsigned char)(v >> 16);
				dst[o + 1] = (unsigned char)(v >> 8);
				dst[o + 2] = (unsigned char)v;
				o += 3;
				i += 4;
			}
			if (i >= n)
				break;
		}
		unsigned v = dec[s[i++]];
		if (v < 64) {
			acc = acc << 6 | v;
			if (++k == 4) {
				dst[o] = (unsigned char)(acc >> 16);
				dst[o + 1] = (unsigned char)(acc >> 8);
				dst[o + 2] = (unsigned char)acc;
				o += 3;
				k = 0;
				acc = 0;
			}
		} else if (v == PAD) {
			break;
		} else if (v == BAD) {
			*bad = 1;
		}
	}
	if (k == 1)
		*bad = 1;
	else if (k == 2)
		dst[o++] = (unsigned char)(acc >> 4);
	else if (k == 3) {
		dst[o++] = (unsigned char)(acc >> 10);
		dst[o++] = (unsigned char)(acc >> 2);
	}
	return o;
}
