/*
 * charset.h: any text to UTF-8.
 *
 * UTF-8, US-ASCII, ISO-8859-1, Windows-1252, UTF-16 and UTF-32 (either
 * byte order, with or without BOM) are converted here; every other
 * charset glibc's iconv knows goes through iconv.  Nothing is dropped:
 * a byte that is invalid in the declared charset is read as Windows-1252,
 * and an unknown or missing charset is guessed (BOM, then UTF-16 by its
 * zero bytes, then UTF-8 where valid, Windows-1252 where not).  "UTF-16"
 * without a BOM is read in the byte order its zero bytes show, and
 * little-endian, as mail clients read it, when they show none.
 */
#ifndef SEEMAIL_CHARSET_H
#define SEEMAIL_CHARSET_H

#include <stddef.h>

#include "buf.h"
#include "sink.h"

enum charset_kind {
	CS_GUESS,               /* unknown or missing: see above */
	CS_UTF8,                /* also US-ASCII: invalid bytes as cp1252 */
	CS_LATIN1,
	CS_CP1252,
	CS_UTF16LE, CS_UTF16BE, CS_UTF16,       /* UTF16: BOM, else zero bytes, else LE */
	CS_UTF32LE, CS_UTF32BE, CS_UTF32,
	CS_ICONV,
};

struct charset_sink {
	struct sink base;
	struct sink *next;
	enum charset_kind kind;
	void *cd;                       /* iconv_t for CS_ICONV */
	int started;                    /* BOM and guess done */
	unsigned char pend[256];        /* bytes held: an unfinished sequence,
	                                   or the start kept for the guess */
	size_t npend;
	size_t nout;
	char out[8192];
};

/* Sets up a converter for the charset label (label may be NULL or
 * empty: guess).  Always succeeds; charset_sink_fini releases iconv. */
void charset_sink_init(struct charset_sink *c, const char *label, size_t n,
    struct sink *next);
void charset_sink_fini(struct charset_sink *c);

/* 1 if the label names UTF-8 or US-ASCII, whose text needs no conversion
 * beyond reading invalid bytes leniently (which the scanner does). */
int charset_is_utf8(const char *label, size_t n);

/* 1 if the label names UTF-16 without saying which byte order ("utf-16",
 * "ucs-2"): the order then comes from a byte order mark or a guess from
 * the first bytes, which a sender can steer. */
int charset_is_utf16_unordered(const char *label, size_t n);

/* One-shot conversion, appending UTF-8 to out. */
void charset_to_utf8(const char *label, size_t ln, const char *in, size_t n,
    struct buf *out);

/* The code point of a Windows-1252 byte. */
unsigned charset_cp1252(unsigned char c);

/* Appends the UTF-8 of one Windows-1252 byte. */
void charset_cp1252_char(unsigned char c, struct buf *out);

#endif
