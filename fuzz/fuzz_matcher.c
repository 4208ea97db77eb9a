/*
 * fuzz_matcher.c: the trigger scanner with patterns from a triggers file.
 * The input is a triggers file, a NUL byte, then the text to scan (no
 * NUL: the built-in terms only).  The patterns are the built-in terms and
 * the file's; the text is scanned once whole (scan_text) and once through
 * the sink in chunks of 1 to 128 bytes.  Invariant: the findings (level,
 * terms, counts, locations) do not depend on the chunking.
 */
#include "fuzz.h"
#include "matcher.h"
#include "triggers.h"

FUZZ_QUIET_INIT

static void same(const struct findings *a, const struct findings *b)
{
	FUZZ_CHECK(a->level == b->level);
	FUZZ_CHECK(a->nf == b->nf);
	FUZZ_CHECK(a->omitted == b->omitted);
	FUZZ_CHECK(a->nu == b->nu);
	for (size_t i = 0; i < a->nf; i++) {
		FUZZ_CHECK(a->f[i].level == b->f[i].level);
		FUZZ_CHECK(a->f[i].where == b->f[i].where);
		FUZZ_CHECK(a->f[i].count == b->f[i].count);
		FUZZ_CHECK(strcmp(a->f[i].term, b->f[i].term) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *file, *text;
	size_t fn, tn;
	struct patterns *p;
	struct findings whole, parts;
	struct scan s;
	int w1, w2;
	uint32_t seed = (uint32_t)size;

	/* The file up to the first NUL; without one, no file. */
	const char *z = memchr(data, '\0', size);
	file = (const char *)data;
	fn = z ? (size_t)(z - file) : 0;
	text = z ? z + 1 : file;
	tn = size - (size_t)(text - file);
	for (size_t i = 0; i < tn && i < 3; i++)
		seed = seed << 8 | (unsigned char)text[i];

	p = patterns_new();
	if (p == NULL)
		return 0;
	if (triggers_add_defaults(p) != 0 || triggers_parse(p, file, fn, "fuzz") != 0 ||
	    patterns_compile(p) != 0) {
		patterns_free(p);
		return 0;
	}
	findings_init(&whole);
	findings_init(&parts);
	w1 = findings_where(&whole, "text", "1", "text/plain", "", "", "");
	w2 = findings_where(&parts, "text", "1", "text/plain", "", "", "");
	FUZZ_CHECK(w1 == 0 && w2 == 0);
	scan_text(p, &whole, w1, text, tn);
	if (scan_init(&s, p, &parts, w2) == 0) {
		fuzz_feed_chunked(&s.base, text, tn, seed, 1 + seed % 128);
		scan_fini(&s);
		if (!whole.err && !parts.err)
			same(&whole, &parts);
	}
	findings_free(&whole);
	findings_free(&parts);
	patterns_free(p);
	return 0;
}
