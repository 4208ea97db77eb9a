/*
 * fuzz_pdf.c: the PDF shim (pdf_shim.cc over poppler-cpp), as
 * seem-extract-pdf drives it: open, the text of each page (at most 16
 * here, to keep one input quick), the document information, and the
 * attached files.  Invariants: text comes out as valid UTF-8 in chunks of
 * at most PDF_CHUNK bytes, and every function returns one of its
 * statuses.  poppler itself is not built with the sanitizers; the shim's
 * C++ is.
 */
#include "fuzz.h"
#include "pdf_shim.h"
#include "utf8.h"

#define MAX_PAGES 16

FUZZ_QUIET_INIT

static void text(const char *s, size_t n, void *ctx)
{
	size_t *total = ctx;
	FUZZ_CHECK(n <= PDF_CHUNK);
	FUZZ_CHECK(utf8_valid(s, n));
	*total += n;
}

static void attachment(const char *name, const char *mime, const char *data, size_t n,
    void *ctx)
{
	size_t *total = ctx;
	FUZZ_CHECK(name != NULL);
	FUZZ_CHECK(n == 0 || data != NULL);
	(void)mime;
	*total += n + strlen(name);
}

static int is_status(enum pdf_status st)
{
	return st == PDF_OK || st == PDF_BROKEN || st == PDF_LOCKED || st == PDF_NOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_doc *d = NULL;
	char why[200];
	enum pdf_status st;
	size_t total = 0;

	why[0] = '\0';
	st = pdf_open((const char *)data, size, &d, why, sizeof why);
	FUZZ_CHECK(is_status(st));
	FUZZ_CHECK(memchr(why, '\0', sizeof why) != NULL);
	for (const char *p = why; *p; p++)
		FUZZ_CHECK(*p >= 32 && *p < 127);       /* printable ASCII */
	if (st != PDF_OK)
		return 0;
	FUZZ_CHECK(d != NULL);
	int pages = pdf_pages(d);
	FUZZ_CHECK(pages >= 0);
	for (int i = 0; i < pages && i < MAX_PAGES; i++)
		FUZZ_CHECK(is_status(pdf_page_text(d, i, text, &total)));
	FUZZ_CHECK(is_status(pdf_info(d, text, &total)));
	FUZZ_CHECK(is_status(pdf_outline(d, text, &total)));
	int na = pdf_attachments(d);
	FUZZ_CHECK(na >= 0);
	for (int i = 0; i < na && i < MAX_PAGES; i++)
		FUZZ_CHECK(is_status(pdf_attachment(d, i, attachment, &total)));
	pdf_close(d);
	return 0;
}
