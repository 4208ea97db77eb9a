/*
 * fuzz_pdf_annot.c: the scan of a PDF's bytes for the strings of its
 * annotations and form fields (pdf_annot.h), object streams included.
 * Invariants: no memory error (the status is OK or CUT), the text is no
 * longer than a bound proportional to the input and the inflate budget,
 * and the scan ends (libFuzzer's -timeout catches a quadratic one).
 */
#include "fuzz.h"
#include "pdf_annot.h"

#define INFLATE_MAX (1u << 20)

struct total {
	size_t bytes;
};

static void count(const char *s, size_t n, void *ctx)
{
	struct total *t = ctx;

	FUZZ_CHECK(n > 0);
	(void)s;
	t->bytes += n;
}

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct total t = { 0 };
	enum pdf_annot_status st = pdf_annot_text((const char *)data, size, INFLATE_MAX, count, &t, NULL);

	FUZZ_CHECK(st == PDF_ANNOT_OK || st == PDF_ANNOT_CUT);
	/* Each input byte (or inflated byte) becomes at most 3 bytes of
	 * UTF-8 (PDFDocEncoding) plus a line break per string. */
	FUZZ_CHECK(t.bytes <= 4 * ((size_t)size + INFLATE_MAX) + 16);
	return 0;
}
