/*
 * seem-extract-pdf: the child that reads PDFs (see extract.h).
 */
#include "extract.h"
#include "log.h"
#include "pdf_shim.h"

int main(int argc, char **argv)
{
	struct extract_child x;
	struct pdf_doc *d;
	int st;

	log_init("seem-extract-pdf", LOG_TARGET_STDERR);
	st = extract_child_start(&x, argc, argv);
	if (st)
		return st;
	if (pdf_open(x.data, x.n, &d) != PDF_OK)
		classify_uninspectable(&x.c, 0, "a PDF that cannot be read");
	else
		pdf_close(d);
	return extract_child_finish(&x);
}
