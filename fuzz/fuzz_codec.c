/*
 * fuzz_codec.c: Content-Transfer-Encoding decoding.  The input's first
 * line is given to cte_parse; the whole input is decoded in every
 * encoding, through a sink (cte_decode) and into a buffer
 * (cte_decode_buf), and by the short-string decoders of RFC 2047 words.
 * Invariants: the sink and the buffer get the same bytes, and base64 and
 * quoted-printable never produce more bytes than they were given.
 */
#include "codec.h"
#include "fuzz.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum cte kinds[] = { CTE_IDENTITY, CTE_BASE64, CTE_QP, CTE_UUENCODE, CTE_UNKNOWN };
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	struct buf b = BUF_INIT_MAX(0);

	(void)cte_name(cte_parse(p, nl ? (size_t)(nl - p) : size));
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct fuzz_sink s;
		fuzz_sink_init(&s);
		buf_reset(&b);
		cte_decode(kinds[i], p, size, &s.base);
		cte_decode_buf(kinds[i], p, size, &b);
		FUZZ_CHECK(!s.ended);           /* cte_decode does not end the sink */
		if (!b.err && !s.b.err) {
			FUZZ_CHECK(b.len == s.b.len);
			FUZZ_CHECK(b.len == 0 || memcmp(b.p, s.b.p, b.len) == 0);
			if (kinds[i] == CTE_BASE64 || kinds[i] == CTE_QP)
				FUZZ_CHECK(b.len <= size);
		}
		buf_free(&s.b);
	}
	buf_reset(&b);
	base64_decode_buf(p, size, &b);
	FUZZ_CHECK(b.err || b.len <= size);
	buf_reset(&b);
	qp_decode_buf(p, size, 0, &b);
	FUZZ_CHECK(b.err || b.len <= size);
	buf_reset(&b);
	qp_decode_buf(p, size, 1, &b);
	FUZZ_CHECK(b.err || b.len <= size);
	buf_free(&b);
	return 0;
}
