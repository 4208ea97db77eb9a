/*
 * fuzz_xml.c: the XML text of OOXML and OpenDocument parts (xmltext, over
 * expat), which fuzz_zip reaches only through valid deflate streams.  The
 * input is one XML part, fed once whole and once in chunks of 1 to 256
 * bytes, with an observer on every hook.  Invariants: whether a problem
 * is reported does not depend on the chunking, nor does the text of a
 * document without one, in line or aside (before a problem, expat hands
 * out text in pieces that do depend on it); the sinks are never ended by
 * xmltext.
 */
#include "config.h"
#include "fuzz.h"
#include "xmltext.h"

static struct config cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	config_defaults(&cfg);
	return 0;
}

static void on_start(void *ctx, const char *ns, const char *local, const char **atts)
{
	size_t *k = ctx;
	FUZZ_CHECK(ns != NULL && local != NULL && atts != NULL);
	(void)xmltext_attr(atts, "name");
	++*k;
}

static void on_end(void *ctx, const char *ns, const char *local)
{
	size_t *k = ctx;
	FUZZ_CHECK(ns != NULL && local != NULL);
	++*k;
}

static void on_text(void *ctx, const char *s, size_t n)
{
	size_t *k = ctx;
	FUZZ_CHECK(n == 0 || s != NULL);
	*k += n;
}

/* Returns 1 if a problem was reported. */
static int run(const char *p, size_t n, size_t max, uint32_t seed, struct fuzz_sink *out,
    struct fuzz_sink *aside)
{
	size_t events = 0;
	struct xml_observer obs = { on_start, on_end, on_text, &events };
	struct xmltext *x;
	int problem;

	fuzz_sink_init(out);
	fuzz_sink_init(aside);
	x = xmltext_new(&out->base, &aside->base, &cfg.lim, &obs);
	if (x == NULL)
		return -1;
	if (max == 0) {
		xmltext_feed(x, p, n, 1);
	} else {
		size_t i = 0;
		int stop = 0;
		while (!stop) {
			size_t k = 1 + fuzz_next(&seed) % max;
			if (k > n - i)
				k = n - i;
			stop = xmltext_feed(x, p + i, k, i + k == n) < 0 || i + k == n;
			i += k;
		}
	}
	xmltext_flush(x);
	problem = xmltext_problem(x) != NULL;
	if (xmltext_nomem(x))
		problem = -1;
	xmltext_free(x);
	FUZZ_CHECK(!out->ended && !aside->ended);
	return problem;
}

static int same(const struct fuzz_sink *a, const struct fuzz_sink *b)
{
	return a->b.len == b->b.len && (a->b.len == 0 || memcmp(a->b.p, b->b.p, a->b.len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_sink whole, parts, whole_aside, parts_aside;
	uint32_t seed = (uint32_t)size;
	int p1, p2;

	for (size_t i = 0; i < size && i < 4; i++)
		seed = seed << 8 | data[i];
	p1 = run((const char *)data, size, 0, seed, &whole, &whole_aside);
	p2 = run((const char *)data, size, 1 + seed % 256, seed, &parts, &parts_aside);
	int err = whole.b.err || parts.b.err || whole_aside.b.err || parts_aside.b.err;
	if (p1 >= 0 && p2 >= 0 && !err) {
		FUZZ_CHECK(p1 == p2);
	}
	if (p1 == 0 && p2 == 0 && !err) {
		FUZZ_CHECK(same(&whole, &parts));
		FUZZ_CHECK(same(&whole_aside, &parts_aside));
	}
	buf_free(&whole.b);
	buf_free(&parts.b);
	buf_free(&whole_aside.b);
	buf_free(&parts_aside.b);
	return 0;
}
