/*
 * fuzz_charset.c: any charset to UTF-8 (charset_sink).  The first byte
 * is the length of a charset label (0 to 31: 0 is no label, a guess) that
 * follows it; the rest is the text, converted with charset_to_utf8 (as
 * for a header), and through the sink (as for a body) once whole and
 * once in chunks of 1 to 300 bytes.  Invariants: charset_to_utf8 writes
 * valid UTF-8, and the sink's output does not depend on the chunking
 * (the sink passes UTF-8 on as it is, invalid bytes included, for the
 * scanner to read leniently).
 */
#include "charset.h"
#include "fuzz.h"
#include "utf8.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole = BUF_INIT_MAX(0);
	struct fuzz_sink one, parts;
	struct charset_sink cs;
	size_t ln;
	const char *label, *text;
	size_t n;
	uint32_t seed = (uint32_t)size;

	if (size < 1)
		return 0;
	ln = data[0] % 32;
	if (ln > size - 1)
		ln = size - 1;
	label = (const char *)data + 1;
	text = label + ln;
	n = size - 1 - ln;
	for (size_t i = 0; i < n && i < 3; i++)
		seed = seed << 8 | (unsigned char)text[i];

	(void)charset_is_utf8(label, ln);
	charset_to_utf8(ln ? label : NULL, ln, text, n, &whole);
	if (!whole.err)
		FUZZ_CHECK(utf8_valid(whole.p ? whole.p : "", whole.len));
	fuzz_sink_init(&one);
	charset_sink_init(&cs, ln ? label : NULL, ln, &one.base);
	sink_put(&cs.base, text, n);
	sink_end(&cs.base);
	charset_sink_fini(&cs);
	fuzz_sink_init(&parts);
	charset_sink_init(&cs, ln ? label : NULL, ln, &parts.base);
	fuzz_feed_chunked(&cs.base, text, n, seed, 1 + seed % 300);
	charset_sink_fini(&cs);
	FUZZ_CHECK(one.ended && parts.ended);
	if (!one.b.err && !parts.b.err) {
		FUZZ_CHECK(one.b.len == parts.b.len);
		FUZZ_CHECK(one.b.len == 0 || memcmp(one.b.p, parts.b.p, one.b.len) == 0);
	}
	buf_free(&whole);
	buf_free(&one.b);
	buf_free(&parts.b);
	return 0;
}
