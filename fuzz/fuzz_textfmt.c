/*
 * fuzz_textfmt.c: text/enriched, text/calendar and format=flowed
 * (textfmt_sink).  The first byte picks the format; the rest goes through
 * once whole and once in chunks of 1 to 64 bytes.  Invariant: the text
 * does not depend on the chunking.
 */
#include "fuzz.h"
#include "textfmt.h"

FUZZ_QUIET_INIT

static void run(enum textfmt fmt, const char *p, size_t n, uint32_t seed, size_t max,
    struct fuzz_sink *out)
{
	struct textfmt_sink t;

	fuzz_sink_init(out);
	textfmt_sink_init(&t, fmt, &out->base);
	if (max)
		fuzz_feed_chunked(&t.base, p, n, seed, max);
	else {
		sink_put(&t.base, p, n);
		sink_end(&t.base);
	}
	FUZZ_CHECK(out->ended);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum textfmt fmts[] = { TF_ENRICHED, TF_CALENDAR, TF_FLOWED, TF_FLOWED_DELSP };
	struct fuzz_sink whole, parts;
	enum textfmt fmt;
	uint32_t seed = (uint32_t)size;

	if (size < 1)
		return 0;
	fmt = fmts[data[0] % 4];
	for (size_t i = 1; i < size && i < 4; i++)
		seed = seed << 8 | data[i];
	run(fmt, (const char *)data + 1, size - 1, seed, 0, &whole);
	run(fmt, (const char *)data + 1, size - 1, seed, 1 + seed % 64, &parts);
	if (!whole.b.err && !parts.b.err) {
		FUZZ_CHECK(whole.b.len == parts.b.len);
		FUZZ_CHECK(whole.b.len == 0 || memcmp(whole.b.p, parts.b.p, whole.b.len) == 0);
	}
	buf_free(&whole.b);
	buf_free(&parts.b);
	return 0;
}
