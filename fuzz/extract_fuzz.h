/*
 * extract_fuzz.h: what the targets of the extractors share.
 *
 * A target hands the input to one extractor of extractors.h, as
 * seem-extract would: with the default configuration and limits, the
 * built-in triggers, and a classify context whose extract hook reads
 * nested containers in this process (through the same dispatch as
 * seem-extract, bounded by extract_depth).  PDFs, which seem-extract
 * hands to another child, are only marked uninspectable here: the PDF
 * shim has a target of its own.  Invariant: an extractor leaves the
 * nesting depth as it found it and reports memory failures only as
 * EX_TEMPFAIL.
 */
#ifndef SEEMAIL_EXTRACT_FUZZ_H
#define SEEMAIL_EXTRACT_FUZZ_H

#include "classify.h"
#include "config.h"
#include "extractors.h"
#include "fuzz.h"
#include "status.h"
#include "triggers.h"

static struct config fx_cfg;
static struct patterns *fx_pat;

static inline void fx_dispatch(struct classify *c, enum doctype t, const char *data,
    size_t n, int where, const char *name)
{
	size_t depth = c->depth;

	if (t == DOC_PDF) {
		classify_uninspectable(c, where, "PDF (not read by this target)");
		return;
	}
	extract_dispatch(c, t, data, n, where, name);
	FUZZ_CHECK(c->depth == depth);
}

static inline void fx_init(void)
{
	fuzz_quiet();
	config_defaults(&fx_cfg);
	fx_pat = patterns_new();
	if (fx_pat == NULL || triggers_add_defaults(fx_pat) != 0 || patterns_compile(fx_pat) != 0)
		abort();
}

/* Runs fn over the input as the container at location 0, as seem-extract
 * does after its parent sniffed it. */
static inline void fx_run(void (*fn)(struct classify *, const char *, size_t, int, const char *),
    const uint8_t *data, size_t size)
{
	struct findings fs;
	struct classify c;
	int where;

	findings_init(&fs);
	classify_init(&c, &fx_cfg, fx_pat, &fs);
	c.extract = fx_dispatch;
	where = findings_where(&fs, "attachment \"fuzz\" (part 2)", "2", "application/octet-stream",
	    "fuzz", "", "");
	if (where == 0) {
		c.depth = 1;
		fn(&c, (const char *)data, size, where, "fuzz");
		FUZZ_CHECK(c.depth == 1);
		FUZZ_CHECK(c.status == 0 || c.status == EX_TEMPFAIL);
	}
	findings_free(&fs);
}

#define FUZZ_EXTRACTOR(fn)                                                      \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                       \
	{                                                                       \
		(void)argc;                                                     \
		(void)argv;                                                     \
		fx_init();                                                      \
		return 0;                                                       \
	}                                                                       \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)            \
	{                                                                       \
		fx_run(fn, data, size);                                         \
		return 0;                                                       \
	}

#endif
