/*
 * fuzz_html.c: HTML to text (html_sink).  The input goes through once
 * whole and once in chunks of 1 to 64 bytes (sizes drawn from its first
 * bytes).  Invariants: the flow, the text aside and too_deep do not
 * depend on the chunking, and the sink ends both successors exactly
 * once.
 */
#include "fuzz.h"
#include "html.h"

FUZZ_QUIET_INIT

/* Runs the input through; returns too_deep. */
static int run(const char *p, size_t n, uint32_t seed, size_t max, struct fuzz_sink *out,
    struct fuzz_sink *aside)
{
	struct html_sink h;

	fuzz_sink_init(out);
	fuzz_sink_init(aside);
	html_sink_init(&h, &out->base, &aside->base);
	if (max)
		fuzz_feed_chunked(&h.base, p, n, seed, max);
	else {
		sink_put(&h.base, p, n);
		sink_end(&h.base);
	}
	FUZZ_CHECK(out->ended);
	FUZZ_CHECK(aside->ended);
	return h.too_deep;
}

static void same(struct fuzz_sink *a, struct fuzz_sink *b)
{
	if (!a->b.err && !b->b.err) {
		FUZZ_CHECK(a->b.len == b->b.len);
		FUZZ_CHECK(a->b.len == 0 || memcmp(a->b.p, b->b.p, a->b.len) == 0);
	}
	buf_free(&a->b);
	buf_free(&b->b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_sink whole, parts, whole_aside, parts_aside;
	uint32_t seed = 0;

	for (size_t i = 0; i < size && i < 4; i++)
		seed = seed << 8 | data[i];
	int deep = run((const char *)data, size, seed, 0, &whole, &whole_aside);
	FUZZ_CHECK(deep == run((const char *)data, size, seed, 1 + seed % 64, &parts, &parts_aside));
	same(&whole, &parts);
	same(&whole_aside, &parts_aside);
	return 0;
}
