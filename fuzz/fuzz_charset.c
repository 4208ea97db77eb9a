/*
 * fuzz_charset.c: any charset to UTF-8 (charset_sink).  The first byte
 * is the length of a charset label (0 to 31: 0 is no label, a guess) that
 * follows it; the rest is the text, converted once with charset_to_utf8
 * and once through the sink in chunks of 1 to 300 bytes.  Invariants: the
 * output is valid UTF-8, and it does not depend on the chunking.
 */
#include "charset.h"
#include "fuzz.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole = BUF_INIT_MAX(0);
	struct fuzz_sink parts;
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
	fuzz_sink_init(&parts);
	charset_sink_init(&cs, ln ? label : NULL, ln, &parts.base);
	fuzz_feed_chunked(&cs.base, text, n, seed, 1 + seed % 300);
	charset_sink_fini(&cs);
	FUZZ_CHECK(parts.ended);
	if (!whole.err && !parts.b.err) {
		FUZZ_CHECK(utf8_valid(whole.p ? whole.p : "", whole.len));
		FUZZ_CHECK(whole.len == parts.b.len);
		FUZZ_CHECK(whole.len == 0 || memcmp(whole.p, parts.b.p, whole.len) == 0);
	}
	buf_free(&whole);
	buf_free(&parts.b);
	return 0;
}
