/*
 * smime_b64.h: base64 for S/MIME bodies, fast and streaming.
 *
 * The encoder takes bytes in pieces of any size and appends lines of 76
 * characters ending in the given newline to a buf (whose ceiling and
 * sticky error it keeps).  The decoder reads a body of any line length,
 * skipping white space; it stops at the first '=' (padding) and reports
 * any other character outside the alphabet, because a CMS object with a
 * stray character is damaged rather than merely untidy.  Both are linear
 * and touch each byte once.
 */
#ifndef SEEMAIL_SMIME_B64_H
#define SEEMAIL_SMIME_B64_H

#include <stddef.h>

#include "buf.h"

#define B64_LINE 76

struct b64enc {
	struct buf *out;
	const char *nl;
	size_t nllen;
	size_t col;                     /* characters on the current line */
	unsigned char carry[3];
	size_t ncarry;
};

void b64_enc_init(struct b64enc *e, struct buf *out, const char *nl);
void b64_enc_put(struct b64enc *e, const void *p, size_t n);
/* Writes the last group with its padding and ends the last line. */
void b64_enc_end(struct b64enc *e);

/* An upper bound of the encoded size of n bytes, newlines included. */
size_t b64_enc_size(size_t n, size_t nllen);

/* Decodes src into dst, which must hold 3 * (n / 4) + 3 bytes (dst may
 * be src itself: decoding never writes ahead of reading).  Returns the
 * decoded length; *bad is set to 1 if a character outside the alphabet
 * and white space came before the padding, or the data ends in the
 * middle of a byte. */
size_t b64_decode(const char *src, size_t n, unsigned char *dst, int *bad);

#endif
