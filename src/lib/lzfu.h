/*
 * lzfu.h: compressed RTF ([MS-OXRTFCP]), the form of an Outlook message's
 * RTF body (PR_RTF_COMPRESSED).
 *
 * A 16-byte header (compressed size, raw size, type, CRC) and then either
 * the RTF as it is ("MELA") or LZ77 tokens over a 4096-byte ring
 * dictionary primed with a fixed RTF prefix ("LZFu").  Decompression is
 * linear in its output, which is capped by max: going past it is an
 * error, never a silent truncation.  The CRC is not checked (lenient, as
 * the readers that Outlook talks to are); lzfu_crc is there for writers
 * and tests.
 */
#ifndef SEEMAIL_LZFU_H
#define SEEMAIL_LZFU_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum lzfu_status {
	LZFU_OK,
	LZFU_SHORT,             /* less than a header */
	LZFU_BAD_TYPE,          /* neither "LZFu" nor "MELA" */
	LZFU_TRUNCATED,         /* the data ends before the end mark */
	LZFU_TOO_BIG,           /* the output would pass max */
	LZFU_NOMEM,
};

#define LZFU_HEADER 16
#define LZFU_COMPRESSED 0x75465a4cu     /* "LZFu" */
#define LZFU_UNCOMPRESSED 0x414c454du   /* "MELA" */

/* The dictionary's initial content and its length (207). */
extern const char lzfu_prefix[];
#define LZFU_PREFIX_LEN 207

/* Decompresses in[0..n) into out (appending; out->max is left alone,
 * max caps what this call adds).  What was decoded before an error stays
 * in out.  Returns an lzfu_status. */
int lzfu_decompress(const void *in, size_t n, size_t max, struct buf *out);

const char *lzfu_strerror(int status);

/* The CRC of [MS-OXRTFCP] section 3.1.3.2 over p[0..n). */
uint32_t lzfu_crc(const void *p, size_t n);

#endif
