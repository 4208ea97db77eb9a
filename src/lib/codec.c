/*
 * codec.c: base64, quoted-printable and uuencode decoding.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "codec.h"

/* Base64 alphabet: value, or -1 for a character to skip, -2 for '='. */
static signed char b64[256];
static int b64_ready;

static void b64_init(void)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	memset(b64, -1, sizeof b64);
	for (int i = 0; i < 64; i++)
		b64[(unsigned char)alpha[i]] = (signed char)i;
	b64['='] = -2;
	b64_ready = 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

enum cte cte_parse(const char *v, size_t n)
{
	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && (isspace((unsigned char)v[n - 1]) || v[n - 1] == ';'))
		n--;
	if (n == 0)
		return CTE_IDENTITY;
#define IS(s) (n == sizeof(s) - 1 && strncasecmp(v, s, n) == 0)
	if (IS("7bit") || IS("8bit") || IS("binary") || IS("7-bit") || IS("8-bit"))
		return CTE_IDENTITY;
	if (IS("base64"))
		return CTE_BASE64;
	if (IS("quoted-printable"))
		return CTE_QP;
	if (IS("x-uuencode") || IS("uuencode") || IS("x-uue") || IS("uue"))
		return CTE_UUENCODE;
#undef IS
	return CTE_UNKNOWN;
}

const char *cte_name(enum cte e)
{
	static const char *const n[] = { "identity", "base64", "quoted-printable",
	    "x-uuencode", "unknown" };
	return n[e];
}

struct out {
	struct sink *sink;
	size_t n;
	char buf[32768];
};

static inline void out_flush(struct out *o)
{
	sink_put(o->sink, o->buf, o->n);
	o->n = 0;
}

static void decode_base64(const unsigned char *s, size_t n, struct out *o)
{
	unsigned acc = 0, nacc = 0;
	size_t i = 0;

	if (!b64_ready)
		b64_init();
	while (i < n) {
		if (o->n + 3 > sizeof o->buf)
			out_flush(o);
		/* Fast path: four alphabet characters make three bytes. */
		if (nacc == 0) {
			size_t room = (sizeof o->buf - o->n) / 3;
			while (i + 4 <= n && room--) {
				int a = b64[s[i]], b = b64[s[i + 1]], c = b64[s[i + 2]], d = b64[s[i + 3]];
				if ((a | b | c | d) < 0)
					break;
				unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
				o->buf[o->n++] = (char)(v >> 16);
				o->buf[o->n++] = (char)(v >> 8);
				o->buf[o->n++] = (char)v;
				i += 4;
			}
			if (i >= n)
				break;
			if (o->n + 3 > sizeof o->buf)
				continue;
		}
		int v = b64[s[i++]];
		if (v == -1)
			continue;
		if (v == -2) {
			/* Padding ends a block; what follows starts anew. */
			if (nacc == 2)
				o->buf[o->n++] = (char)(acc >> 4);
			else if (nacc == 3) {
				o->buf[o->n++] = (char)(acc >> 10);
				o->buf[o->n++] = (char)(acc >> 2);
			}
			acc = nacc = 0;
			continue;
		}
		acc = acc << 6 | (unsigned)v;
		if (++nacc == 4) {
			o->buf[o->n++] = (char)(acc >> 16);
			o->buf[o->n++] = (char)(acc >> 8);
			o->buf[o->n++] = (char)acc;
			acc = nacc = 0;
		}
	}
	/* Unpadded end: keep the whole bytes that the bits make. */
	if (o->n + 3 > sizeof o->buf)
		out_flush(o);
	if (nacc == 2)
		o->buf[o->n++] = (char)(acc >> 4);
	else if (nacc == 3) {
		o->buf[o->n++] = (char)(acc >> 10);
		o->buf[o->n++] = (char)(acc >> 2);
	}
}

static void put_bytes(struct out *o, const unsigned char *p, size_t n)
{
	if (o->n + n > sizeof o->buf) {
		out_flush(o);
		if (n > sizeof o->buf) {
			sink_put(o->sink, (const char *)p, n);
			return;
		}
	}
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

static void decode_qp(const unsigned char *s, size_t n, int underscore, struct out *o)
{
	size_t i = 0;

	while (i < n) {
		const unsigned char *eq = memchr(s + i, '=', n - i);
		size_t run = eq ? (size_t)(eq - (s + i)) : n - i;
		if (underscore) {
			for (size_t k = 0; k < run; k++) {
				if (o->n == sizeof o->buf)
					out_flush(o);
				o->buf[o->n++] = s[i + k] == '_' ? ' ' : (char)s[i + k];
			}
		} else {
			put_bytes(o, s + i, run);
		}
		i += run;
		if (i >= n)
			break;
		/* At an '=': a soft line break, an escape, or a literal. */
		size_t j = i + 1;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < n && (s[j] == '\n' || (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n'))) {
			i = j + (s[j] == '\r' ? 2 : 1);
			continue;
		}
		if (j == n && j > i + 1) {
			i = n;          /* "=  " at the very end: a soft break */
			continue;
		}
		if (i + 2 < n + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			unsigned char c = (unsigned char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			put_bytes(o, &c, 1);
			i += 3;
			continue;
		}
		if (i + 1 == n) {
			i = n;          /* a lone '=' at the end: a soft break */
			continue;
		}
		put_bytes(o, s + i, 1);
		i++;
	}
}

/* uuencode: the lines after "begin ..." up to "end". */
static void decode_uu(const unsigned char *s, size_t n, struct out *o)
{
	size_t i = 0;
	int in_body = 0;

	while (i < n) {
		const unsigned char *nl = memchr(s + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
		const unsigned char *l = s + i;
		i += len + (nl != NULL);
		if (len && l[len - 1] == '\r')
			len--;
		if (!in_body) {
			if (len >= 6 && memcmp(l, "begin ", 6) == 0)
				in_body = 1;
			continue;
		}
		if (len >= 3 && memcmp(l, "end", 3) == 0)
			break;
		if (len == 0)
			continue;
		size_t count = (size_t)((l[0] - 0x20) & 0x3f);
		for (size_t k = 1; k + 3 < len + 3 && count > 0; k += 4) {
			unsigned char c[4];
			for (int q = 0; q < 4; q++)
				c[q] = k + (size_t)q < len ? (unsigned char)((l[k + (size_t)q] - 0x20) & 0x3f) : 0;
			unsigned char b[3] = {
				(unsigned char)(c[0] << 2 | c[1] >> 4),
				(unsigned char)(c[1] << 4 | c[2] >> 2),
				(unsigned char)(c[2] << 6 | c[3]),
			};
			size_t take = count < 3 ? count : 3;
			put_bytes(o, b, take);
			count -= take;
		}
	}
}

void cte_decode(enum cte e, const char *src, size_t n, struct sink *sink)
{
	struct out o;

	o.sink = sink;
	o.n = 0;
	switch (e) {
	case CTE_BASE64:
		decode_base64((const unsigned char *)src, n, &o);
		break;
	case CTE_QP:
		decode_qp((const unsigned char *)src, n, 0, &o);
		break;
	case CTE_UUENCODE:
		decode_uu((const unsigned char *)src, n, &o);
		break;
	default:
		sink_put(sink, src, n);
		return;
	}
	out_flush(&o);
}

struct buf_sink {
	struct sink base;
	struct buf *b;
};

static void bs_put(struct sink *s, const char *p, size_t n)
{
	buf_put(((struct buf_sink *)s)->b, p, n);
}

static void bs_end(struct sink *s) { (void)s; }

void cte_decode_buf(enum cte e, const char *src, size_t n, struct buf *b)
{
	struct buf_sink bs = { { bs_put, bs_end }, b };
	cte_decode(e, src, n, &bs.base);
}

void base64_decode_buf(const char *src, size_t n, struct buf *b)
{
	cte_decode_buf(CTE_BASE64, src, n, b);
}

void qp_decode_buf(const char *src, size_t n, int underscore_is_space, struct buf *b)
{
	struct buf_sink bs = { { bs_put, bs_end }, b };
	struct out o;

	o.sink = &bs.base;
	o.n = 0;
	decode_qp((const unsigned char *)src, n, underscore_is_space, &o);
	out_flush(&o);
}
