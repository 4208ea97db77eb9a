/*
 * rfc2047.c: decoding and encoding of encoded words.
 */
#include <ctype.h>
#include <string.h>

#include "charset.h"
#include "codec.h"
#include "rfc2047.h"
#include "utf8.h"

struct word {
	const char *charset;
	size_t clen;
	int enc;                /* 'B' or 'Q' */
	const char *text;
	size_t tlen;
	size_t len;             /* the whole word */
};

/* Where the encoded text of words may end.  Every word's text runs to
 * the first "?=" after it and must not hold white space or control
 * characters before that; both positions are found once and reused by
 * the following attempts, so that a header full of "=?x?q?" openers with
 * no closing "?=" is still read in linear time. */
struct ends {
	const char *qe;         /* the first "?=" at or after from, or NULL */
	const char *bad;        /* the first byte <= 32 or >= 127 at or after from */
	const char *from_qe, *from_bad;
};

static const char *next_qe(struct ends *e, const char *t, const char *end)
{
	if (e->from_qe == NULL || t < e->from_qe || (e->qe && t > e->qe)) {
		e->qe = memmem(t, (size_t)(end - t), "?=", 2);
		e->from_qe = t;
	}
	return e->qe;
}

static const char *next_bad(struct ends *e, const char *t, const char *end)
{
	if (e->from_bad == NULL || t < e->from_bad || t > e->bad) {
		const char *q = t;
		while (q < end && *q > 32 && *q < 127)
			q++;
		e->bad = q;
		e->from_bad = t;
	}
	return e->bad;
}

/* Parses an encoded word at p; 1 if valid. */
static int parse_word(const char *p, const char *end, struct word *w, struct ends *e)
{
	const char *q, *c;

	if (end - p < 8 || p[0] != '=' || p[1] != '?')
		return 0;
	c = p + 2;
	q = c;
	while (q < end && *q != '?' && *q > 32 && *q < 127 && q - c < 64)
		q++;
	if (q >= end || *q != '?' || q == c)
		return 0;
	w->charset = c;
	w->clen = (size_t)(q - c);
	const char *star = memchr(c, '*', w->clen);
	if (star)
		w->clen = (size_t)(star - c);       /* RFC 2231 language suffix */
	q++;
	if (q + 2 > end || (toupper((unsigned char)*q) != 'B' && toupper((unsigned char)*q) != 'Q') || q[1] != '?')
		return 0;
	w->enc = toupper((unsigned char)*q);
	q += 2;
	w->text = q;
	/* Encoded text: printable, no white space, up to "?=". */
	const char *qe = next_qe(e, q, end);
	if (qe == NULL || next_bad(e, q, end) < qe)
		return 0;
	w->tlen = (size_t)(qe - w->text);
	w->len = (size_t)(qe + 2 - p);
	return 1;
}

/* Converts raw text outside words: UTF-8 where valid, else cp1252. */
static void plain(const char *s, size_t n, struct buf *out)
{
	charset_to_utf8(NULL, 0, s, n, out);
}

void rfc2047_decode(const char *v, size_t n, struct buf *out)
{
	const char *p = v, *end = v + n, *text = v;
	struct buf pend = BUF_INIT_MAX(1 << 20);       /* decoded bytes of adjacent words */
	const char *pcs = NULL;
	size_t pcl = 0;
	struct ends ends = { 0 };

	while (p < end) {
		const char *q = memchr(p, '=', (size_t)(end - p));
		struct word w;
		if (q == NULL)
			break;
		if (q + 1 < end && q[1] == '?' && parse_word(q, end, &w, &ends)) {
			/* White space between two words is dropped. */
			int adjacent = pcs != NULL;
			for (const char *t = text; t < q && adjacent; t++)
				if (!isspace((unsigned char)*t))
					adjacent = 0;
			if (!adjacent || pcl != w.clen || strncasecmp(pcs, w.charset, pcl) != 0) {
				if (pcs)
					charset_to_utf8(pcs, pcl, pend.p ? pend.p : "", pend.len, out);
				buf_reset(&pend);
				pcs = NULL;
				if (!adjacent)
					plain(text, (size_t)(q - text), out);
			}
			if (w.enc == 'B')
				base64_decode_buf(w.text, w.tlen, &pend);
			else
				qp_decode_buf(w.text, w.tlen, 1, &pend);
			pcs = w.charset;
			pcl = w.clen;
			p = text = q + w.len;
			continue;
		}
		p = q + 1;
	}
	if (pcs)
		charset_to_utf8(pcs, pcl, pend.p ? pend.p : "", pend.len, out);
	plain(text, (size_t)(end - text), out);
	buf_free(&pend);
}

/* Plain text is written as it is unless it holds anything but printable
 * ASCII, something that would read as an encoded word, or a run without
 * spaces too long to fold (a line must stay under 998 characters). */
static int needs_encoding(const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 32 || c >= 127)
			return 1;
		if (c == '=' && i + 1 < n && s[i + 1] == '?')
			return 1;       /* would read as an encoded word */
		run = c == ' ' ? 0 : run + 1;
		if (run > 70)
			return 1;
	}
	return 0;
}

void rfc2047_encode(const char *s, size_t n, size_t col, const char *nl,
    struct buf *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	if (!needs_encoding(s, n)) {
		/* Plain: fold at spaces to keep lines short. */
		size_t i = 0;
		while (i < n) {
			size_t w = i;
			while (w < n && s[w] != ' ')
				w++;
			size_t wl = w - i;
			if (col + wl > 76 && col > 1) {
				buf_puts(out, nl);
				buf_putc(out, ' ');
				col = 1;
			}
			buf_put(out, s + i, wl);
			col += wl;
			i = w;
			if (i < n) {
				buf_putc(out, ' ');
				col++;
				i++;
			}
		}
		return;
	}
	/* UTF-8 in base64 words, never splitting a character; invalid
	 * bytes become U+FFFD so that every word is valid UTF-8. */
	struct buf u = BUF_INIT_MAX(0);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0 || cp < 32 || cp == 127) {
			buf_puts(&u, k == 0 ? "\xef\xbf\xbd" : " ");
			i += k ? k : 1;
		} else {
			buf_put(&u, s + i, k);
			i += k;
		}
	}
	size_t i = 0;
	while (i < u.len) {
		/* A word is "=?UTF-8?B?" + base64 + "?=": fit it in what is left
		 * of the line (78 columns), else start a new line. */
		size_t room = col + 12 < 78 ? (78 - col - 12) / 4 * 3 : 0;
		if (room < 9) {
			buf_puts(out, nl);
			buf_putc(out, ' ');
			col = 1;
			room = (78 - col - 12) / 4 * 3;
		}
		size_t take = 0;
		while (i + take < u.len) {
			unsigned cp;
			size_t k = utf8_decode((const unsigned char *)u.p + i + take, u.len - i - take, &cp);
			if (k == 0)
				k = 1;
			if (take + k > room)
				break;
			take += k;
		}
		buf_puts(out, "=?UTF-8?B?");
		const unsigned char *b = (const unsigned char *)u.p + i;
		for (size_t k = 0; k < take; k += 3) {
			unsigned v = (unsigned)b[k] << 16;
			if (k + 1 < take) v |= (unsigned)b[k + 1] << 8;
			if (k + 2 < take) v |= b[k + 2];
			buf_putc(out, b64[v >> 18 & 63]);
			buf_putc(out, b64[v >> 12 & 63]);
			buf_putc(out, k + 1 < take ? b64[v >> 6 & 63] : '=');
			buf_putc(out, k + 2 < take ? b64[v & 63] : '=');
		}
		buf_puts(out, "?=");
		col += 12 + (take + 2) / 3 * 4;
		i += take;
		if (i < u.len) {
			/* The next word goes on a new line: white space between
			 * encoded words is dropped by readers. */
			buf_puts(out, nl);
			buf_putc(out, ' ');
			col = 1;
		}
	}
	buf_free(&u);
}
