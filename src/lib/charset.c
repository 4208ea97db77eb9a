/*
 * charset.c: conversion to UTF-8, streaming, lossless.
 *
 * UTF-8 input passes through untouched (the scanner reads invalid bytes
 * as Windows-1252 itself), so the common case costs nothing here.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "charset.h"
#include "utf8.h"

static const unsigned short cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

unsigned charset_cp1252(unsigned char c)
{
	return c >= 0x80 && c < 0xa0 ? cp1252_high[c - 0x80] : c;
}

void charset_cp1252_char(unsigned char c, struct buf *out)
{
	char u[4];
	buf_put(out, u, utf8_encode(charset_cp1252(c), u));
}

/* Lower-cases a label into out, dropping quotes and white space. */
static size_t clean_label(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\'' || isspace(c))
			continue;
		out[o++] = (char)tolower(c);
	}
	out[o] = '\0';
	return o;
}

static const struct {
	const char *name;
	enum charset_kind kind;
} names[] = {
	{ "utf-8", CS_UTF8 }, { "utf8", CS_UTF8 }, { "us-ascii", CS_UTF8 },
	{ "ascii", CS_UTF8 }, { "ansi_x3.4-1968", CS_UTF8 }, { "x-unknown", CS_GUESS },
	{ "unknown-8bit", CS_GUESS }, { "unknown", CS_GUESS }, { "default", CS_GUESS },
	{ "iso-8859-1", CS_CP1252 }, { "iso8859-1", CS_CP1252 }, { "iso_8859-1", CS_CP1252 },
	{ "latin1", CS_CP1252 }, { "latin-1", CS_CP1252 }, { "l1", CS_CP1252 },
	{ "windows-1252", CS_CP1252 }, { "cp1252", CS_CP1252 }, { "x-cp1252", CS_CP1252 },
	{ "utf-16le", CS_UTF16LE }, { "utf-16be", CS_UTF16BE }, { "utf-16", CS_UTF16 },
	{ "utf16", CS_UTF16 }, { "ucs-2", CS_UTF16 }, { "ucs-2le", CS_UTF16LE },
	{ "ucs-2be", CS_UTF16BE }, { "unicode", CS_UTF16LE }, { "unicodefffe", CS_UTF16BE },
	{ "utf-32le", CS_UTF32LE }, { "utf-32be", CS_UTF32BE }, { "utf-32", CS_UTF32 },
	{ "ucs-4", CS_UTF32 },
};

/* The kind of our own table for a label (cleaned into l), CS_GUESS for
 * none, or CS_ICONV when it is not in the table: no converter opened. */
static enum charset_kind table_kind(const char *label, size_t n, char *l, size_t lsz)
{
	if (label == NULL || clean_label(label, n, l, lsz) == 0)
		return CS_GUESS;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(l, names[i].name) == 0)
			return names[i].kind;
	return CS_ICONV;
}

/* The kind for a label; CS_ICONV with *cd set when iconv knows it. */
static enum charset_kind lookup(const char *label, size_t n, void **cd)
{
	char l[64];
	enum charset_kind k = table_kind(label, n, l, sizeof l);

	*cd = NULL;
	if (k != CS_ICONV)
		return k;
	/* Mislabelled mail is common: GB2312 and ISO-8859-8-I mean their
	 * supersets, and X- prefixes are decoration. */
	const char *name = l;
	/* Windows' own names for UTF-7 and EBCDIC International, which
	 * Outlook decodes and iconv does not know. */
	if (strcmp(l, "unicode-1-1-utf-7") == 0 || strcmp(l, "x-unicode-2-0-utf-7") == 0 ||
	    strcmp(l, "csunicode11utf7") == 0)
		name = "utf-7";
	else if (strcmp(l, "x-ebcdic-international") == 0)
		name = "ibm500";
	else if (strcmp(l, "gb2312") == 0 || strcmp(l, "gbk") == 0 || strcmp(l, "x-gbk") == 0)
		name = "gb18030";
	else if (strcmp(l, "iso-8859-8-i") == 0)
		name = "iso-8859-8";
	else if (strncmp(l, "x-", 2) == 0 && strlen(l) > 2)
		name = l + 2;
	iconv_t h = iconv_open("UTF-8", name);
	if (h == (iconv_t)-1)
		return CS_GUESS;
	*cd = h;
	return CS_ICONV;
}

/* The kind a label names in our table: what the checks below ask needs
 * no iconv converter opened and closed (scan_stream asks for every text
 * part, before charset_sink_init opens the one it uses). */
static enum charset_kind kind_of(const char *label, size_t n)
{
	char l[64];
	return table_kind(label, n, l, sizeof l);
}

int charset_is_utf16_unordered(const char *label, size_t n)
{
	return kind_of(label, n) == CS_UTF16;
}

int charset_is_utf8(const char *label, size_t n)
{
	return kind_of(label, n) == CS_UTF8;
}

static void flush(struct charset_sink *c)
{
	sink_put(c->next, c->out, c->nout);
	c->nout = 0;
}

static void emit_cp(struct charset_sink *c, unsigned cp)
{
	if (c->nout + 4 > sizeof c->out)
		flush(c);
	size_t k = utf8_encode(cp, c->out + c->nout);
	if (k == 0)
		k = utf8_encode(0xfffd, c->out + c->nout);
	c->nout += k;
}

/* Bytes for a unit of a fixed-width kind, 0 for others. */
static size_t unit(enum charset_kind k)
{
	switch (k) {
	case CS_UTF16LE: case CS_UTF16BE: return 2;
	case CS_UTF32LE: case CS_UTF32BE: return 4;
	default: return 0;
	}
}

/* Counts the zero bytes at even (z[0]) and odd (z[1]) offsets of whole
 * 16-bit units: UTF-16 text that is mostly ASCII has one in nearly every
 * unit, on the side of the high byte.  Returns the number of units. */
static size_t count_zeros(const unsigned char *p, size_t n, size_t z[2])
{
	size_t pairs = n / 2;

	z[0] = z[1] = 0;
	for (size_t i = 0; i < pairs * 2; i++)
		if (p[i] == 0)
			z[i & 1]++;
	return pairs;
}

/* Decides a guessed kind from the first bytes: a BOM, or the zero bytes
 * of UTF-16 text that is mostly ASCII.  Returns the BOM length. */
static size_t decide(struct charset_sink *c, const unsigned char *p, size_t n)
{
	size_t z[2];

	int want16 = c->kind == CS_UTF16, want32 = c->kind == CS_UTF32;

	if (n >= 4 && memcmp(p, "\xff\xfe\0\0", 4) == 0 && !want16) {
		c->kind = CS_UTF32LE;
		return 4;
	}
	if (n >= 4 && memcmp(p, "\0\0\xfe\xff", 4) == 0 && !want16) {
		c->kind = CS_UTF32BE;
		return 4;
	}
	if (n >= 2 && memcmp(p, "\xff\xfe", 2) == 0 && !want32) {
		c->kind = CS_UTF16LE;
		return 2;
	}
	if (n >= 2 && memcmp(p, "\xfe\xff", 2) == 0 && !want32) {
		c->kind = CS_UTF16BE;
		return 2;
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 && !want16 && !want32) {
		c->kind = CS_UTF8;
		return 3;
	}
	if (c->kind == CS_UTF16) {
		/* RFC 2781 reads "UTF-16" without a BOM as big-endian, but
		 * Outlook and Thunderbird (WHATWG) read little-endian, and
		 * text decoded otherwise than the reader sees it hides its
		 * terms: the zero bytes decide, and without any, LE. */
		count_zeros(p, n, z);
		c->kind = z[0] > z[1] ? CS_UTF16BE : CS_UTF16LE;
	} else if (c->kind == CS_UTF32) {
		c->kind = CS_UTF32BE;
	}
	if (c->kind != CS_GUESS)
		return 0;
	size_t pairs = count_zeros(p, n, z);
	if (pairs >= 2 && z[1] * 10 >= pairs * 4 && z[0] * 10 <= pairs)
		c->kind = CS_UTF16LE;
	else if (pairs >= 2 && z[0] * 10 >= pairs * 4 && z[1] * 10 <= pairs)
		c->kind = CS_UTF16BE;
	else
		c->kind = CS_UTF8;
	return 0;
}

/* Converts whole units of UTF-16/32; returns bytes consumed. */
static size_t convert_wide(struct charset_sink *c, const unsigned char *p, size_t n)
{
	size_t w = unit(c->kind), i = 0;
	int le = c->kind == CS_UTF16LE || c->kind == CS_UTF32LE;

	while (i + w <= n) {
		unsigned cp;
		if (w == 2) {
			cp = le ? (unsigned)(p[i] | p[i + 1] << 8) : (unsigned)(p[i] << 8 | p[i + 1]);
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (i + 4 > n)
					break;          /* the low half is in the next chunk */
				unsigned lo = le ? (unsigned)(p[i + 2] | p[i + 3] << 8)
				    : (unsigned)(p[i + 2] << 8 | p[i + 3]);
				if (lo >= 0xdc00 && lo < 0xe000) {
					emit_cp(c, 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00));
					i += 4;
					continue;
				}
				cp = 0xfffd;
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				cp = 0xfffd;
			}
		} else {
			cp = le ? (unsigned)p[i] | (unsigned)p[i + 1] << 8 | (unsigned)p[i + 2] << 16 | (unsigned)p[i + 3] << 24
			    : (unsigned)p[i] << 24 | (unsigned)p[i + 1] << 16 | (unsigned)p[i + 2] << 8 | p[i + 3];
		}
		emit_cp(c, cp);
		i += w;
	}
	return i;
}

static size_t convert_iconv(struct charset_sink *c, const unsigned char *p, size_t n, int final)
{
	char *in = (char *)p;
	size_t left = n;

	while (left > 0) {
		if (sizeof c->out - c->nout < 64)
			flush(c);
		char *o = c->out + c->nout;
		size_t room = sizeof c->out - c->nout;
		size_t r = iconv((iconv_t)c->cd, &in, &left, &o, &room);
		c->nout = (size_t)(o - c->out);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && left < sizeof c->pend)
			break;          /* unfinished sequence: wait for more */
		/* Invalid (or unfinished at the very end): keep the byte. */
		emit_cp(c, charset_cp1252((unsigned char)*in));
		in++;
		left--;
		iconv((iconv_t)c->cd, NULL, NULL, NULL, NULL);
	}
	return n - left;
}

/* Converts what it can of p; returns the bytes consumed (the rest is an
 * unfinished sequence to keep for the next chunk). */
static size_t convert(struct charset_sink *c, const unsigned char *p, size_t n, int final)
{
	switch (c->kind) {
	case CS_UTF8:
	case CS_GUESS:
		flush(c);
		sink_put(c->next, (const char *)p, n);
		return n;
	case CS_LATIN1:
	case CS_CP1252:
		for (size_t i = 0; i < n; i++) {
			if (p[i] < 0x80) {
				if (c->nout == sizeof c->out)
					flush(c);
				c->out[c->nout++] = (char)p[i];
			} else {
				emit_cp(c, c->kind == CS_CP1252 ? charset_cp1252(p[i]) : p[i]);
			}
		}
		return n;
	case CS_ICONV:
		return convert_iconv(c, p, n, final);
	default: {
		size_t used = convert_wide(c, p, n);
		if (final && used < n) {
			emit_cp(c, 0xfffd);     /* an odd byte at the end */
			used = n;
		}
		return used;
	}
	}
}

static void put(struct sink *s, const char *data, size_t n)
{
	struct charset_sink *c = (struct charset_sink *)s;
	const unsigned char *p = (const unsigned char *)data;

	if (!c->started) {
		/* Keep the first bytes until there are enough to decide. */
		size_t take = sizeof c->pend - c->npend;
		if (take > n)
			take = n;
		memcpy(c->pend + c->npend, p, take);
		c->npend += take;
		p += take;
		n -= take;
		if (c->npend < sizeof c->pend)
			return;
		size_t bom = decide(c, c->pend, c->npend);
		c->started = 1;
		size_t held = c->npend - bom;
		c->npend = 0;
		size_t used = convert(c, c->pend + bom, held, 0);
		memmove(c->pend, c->pend + bom + used, held - used);
		c->npend = held - used;
	}
	while (c->npend > 0 && n > 0) {
		/* Complete a sequence cut by the previous chunk. */
		size_t take = sizeof c->pend - c->npend < n ? sizeof c->pend - c->npend : n;
		take = take > 8 ? 8 : take;
		memcpy(c->pend + c->npend, p, take);
		size_t total = c->npend + take;
		size_t used = convert(c, c->pend, total, 0);
		if (used >= c->npend) {
			p += used - c->npend;
			n -= used - c->npend;
			c->npend = 0;
		} else {
			memmove(c->pend, c->pend + used, total - used);
			c->npend = total - used;
			p += take;
			n -= take;
		}
	}
	if (n > 0) {
		size_t used = convert(c, p, n, 0);
		memcpy(c->pend, p + used, n - used);
		c->npend = n - used;
	}
	flush(c);
}

static void end(struct sink *s)
{
	struct charset_sink *c = (struct charset_sink *)s;

	if (!c->started) {
		size_t bom = decide(c, c->pend, c->npend);
		c->started = 1;
		memmove(c->pend, c->pend + bom, c->npend - bom);
		c->npend -= bom;
	}
	if (c->npend)
		convert(c, c->pend, c->npend, 1);
	c->npend = 0;
	flush(c);
	sink_end(c->next);
}

void charset_sink_init(struct charset_sink *c, const char *label, size_t n,
    struct sink *next)
{
	memset(c, 0, offsetof(struct charset_sink, out));
	c->base.put = put;
	c->base.end = end;
	c->next = next;
	c->kind = lookup(label, n, &c->cd);
}

void charset_sink_fini(struct charset_sink *c)
{
	if (c->cd)
		iconv_close((iconv_t)c->cd);
	c->cd = NULL;
}

/* A sink that appends to a buf, for one-shot conversion. */
struct buf_sink {
	struct sink base;
	struct buf *b;
};

static void buf_sink_put(struct sink *s, const char *p, size_t n)
{
	buf_put(((struct buf_sink *)s)->b, p, n);
}

static void buf_sink_end(struct sink *s) { (void)s; }

/* Headers: keeps valid UTF-8, reads other bytes as cp1252. */
static void put_lenient(const char *in, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			charset_cp1252_char(p[i], out);
			i++;
		} else {
			buf_put(out, p + i, k);
			i += k;
		}
	}
}

void charset_to_utf8(const char *label, size_t ln, const char *in, size_t n,
    struct buf *out)
{
	struct buf_sink bs = { { buf_sink_put, buf_sink_end }, out };
	struct charset_sink c;

	charset_sink_init(&c, label, ln, &bs.base);
	if (c.kind == CS_UTF8 || c.kind == CS_GUESS) {
		put_lenient(in, n, out);
	} else {
		size_t start = out->len;
		c.base.put(&c.base, in, n);
		c.base.end(&c.base);
		/* A UTF-8 BOM overrides the label (decide), and the sink
		 * passes UTF-8 on as it is, invalid bytes included: read
		 * those leniently here too, so that the result is always
		 * UTF-8.  (Found by fuzz/fuzz_charset.c.) */
		if (!out->err && out->len > start &&
		    !utf8_valid(out->p + start, out->len - start)) {
			struct buf raw = BUF_INIT_MAX(0);
			buf_put(&raw, out->p + start, out->len - start);
			out->len = start;
			if (!raw.err)
				put_lenient(raw.p, raw.len, out);
			else
				out->err = raw.err;
			buf_free(&raw);
		}
	}
	charset_sink_fini(&c);
}
