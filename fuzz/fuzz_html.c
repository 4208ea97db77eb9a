/*
 * fuzz_html.c: HTML to text (html_sink).  The input goes through once
 * whole and once in chunks of 1 to 64 bytes (sizes drawn from its first
 * bytes).  Invariant: the text does not depend on the chunking, and the
 * sink ends its successor exactly once.
 */
#include "fuzz.h"
#include "html.h"

FUZZ_QUIET_INIT

static void run(const char *p, size_t n, uint32_t seed, size_t max, struct fuzz_sink *out)
{
	struct html_sink h;

	fuzz_sink_init(out);
	html_sink_init(&h, &out->base);
	if (max)
		fuzz_feed_chunked(&h.base, p, n, seed, max);
	else {
		sink_put(&h.base, p, n);
		sink_end(&h.base);
	}
	FUZZ_CHECK(out->ended);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_sink whole, parts;
	uint32_t seed = 0;

	for (size_t i = 0; i < size && i < 4; i++)
		seed = seed << 8 | data[i];
	run((const char *)data, size, seed, 0, &whole);
	run((const char *)data, size, seed, 1 + seed % 64, &parts);
	if (!whole.b.err && !parts.b.err) {
		FUZZ_CHECK(whole.b.len == parts.b.len);
		FUZZ_CHECK(whole.b.len == 0 || memcmp(whole.b.p, parts.b.p, whole.b.len) == 0);
	}
	buf_free(&whole.b);
	buf_free(&parts.b);
	return 0;
}
