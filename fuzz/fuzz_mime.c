/*
 * fuzz_mime.c: the MIME reader, through classify_message with the
 * built-in triggers and the default limits.  There is no extract hook, so
 * containers are only marked uninspectable (their readers have targets
 * of their own).  Invariants: the walk returns one of its statuses, and
 * the stamps written from what it found are printable ASCII fields that
 * nothing in the message can break out of.
 */
#include "classify.h"
#include "config.h"
#include "fuzz.h"
#include "report.h"
#include "stamp.h"
#include "status.h"
#include "triggers.h"
#include "utf8.h"

static struct config cfg;
static struct patterns *pat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	config_defaults(&cfg);
	pat = patterns_new();
	if (pat == NULL || triggers_add_defaults(pat) != 0 || patterns_compile(pat) != 0)
		abort();
	return 0;
}

/* Every line of a stamp block is a field of ours or a continuation, in
 * printable ASCII, ending with nl. */
static void check_stamps(const struct buf *b, const char *nl)
{
	size_t nll = strlen(nl);
	const char *p = b->p ? b->p : "", *end = p + b->len;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(e != NULL);                  /* the block ends with nl */
		size_t len = (size_t)(e + 1 - p);
		FUZZ_CHECK(len >= nll && memcmp(e + 1 - nll, nl, nll) == 0);
		FUZZ_CHECK(strncmp(p, "X-SEEMail-", 10) == 0 || p[0] == ' ' || p[0] == '\t');
		for (const char *q = p; q < e + 1 - nll; q++)
			FUZZ_CHECK((*q >= 32 && *q < 127) || *q == '\t');
		p = e + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *msg = (const char *)data;
	struct findings fs;
	struct classify c;
	int st;

	findings_init(&fs);
	classify_init(&c, &cfg, pat, &fs);
	st = classify_message(&c, msg, size);
	FUZZ_CHECK(st == 0 || st == EX_DATAERR || st == EX_TEMPFAIL);
	if (st == 0) {
		struct buf b = BUF_INIT_MAX(0);
		const char *nl = stamp_newline(msg, size);
		stamp_classification(&b, &fs, cfg.lim.max_findings, nl);
		if (!b.err)
			check_stamps(&b, nl);
		buf_reset(&b);
		report_json(&b, &fs);
		if (!b.err)
			FUZZ_CHECK(utf8_valid(b.p ? b.p : "", b.len));
		buf_reset(&b);
		report_explain(&b, &fs);
		buf_free(&b);
	}
	findings_free(&fs);
	return 0;
}
