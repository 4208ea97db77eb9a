/*
 * codec.h: Content-Transfer-Encoding decoding, lenient, linear time.
 *
 * Base64 skips characters outside its alphabet and restarts after '='
 * padding (some senders concatenate encoded blocks); quoted-printable
 * keeps an '=' that does not start a valid escape; uuencode (x-uuencode)
 * reads the lines between "begin" and "end".  Decoded bytes are pushed to
 * a sink in chunks; cte_decode does not call sink_end.
 */
#ifndef SEEMAIL_CODEC_H
#define SEEMAIL_CODEC_H

#include <stddef.h>

#include "buf.h"
#include "sink.h"

enum cte { CTE_IDENTITY, CTE_BASE64, CTE_QP, CTE_UUENCODE, CTE_UNKNOWN };

/* From a Content-Transfer-Encoding value: 7bit, 8bit, binary (and none)
 * are identity. */
enum cte cte_parse(const char *v, size_t n);
const char *cte_name(enum cte e);

void cte_decode(enum cte e, const char *src, size_t n, struct sink *out);

/* Decodes into a buffer (which keeps its ceiling: check b->err). */
void cte_decode_buf(enum cte e, const char *src, size_t n, struct buf *b);

/* Base64 and quoted-printable of short strings (RFC 2047 words). */
void base64_decode_buf(const char *src, size_t n, struct buf *b);
void qp_decode_buf(const char *src, size_t n, int underscore_is_space, struct buf *b);

#endif
