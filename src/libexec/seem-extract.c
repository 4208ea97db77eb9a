/*
 * seem-extract: the child that reads documents and archives for
 * seem-classify (see extract.h).  Not meant to be run by hand.
 *
 *   seem-extract [-c CONF] --type zip|ole2|rtf|tnef|gzip|tar --depth N
 *                --name NAME --where TEXT [--part P --ctype T ...] <part
 */
#include <stdio.h>

#include "extract.h"
#include "extractors.h"
#include "log.h"
#include "status.h"

/* Nested containers are read here, in this process, except PDFs, which
 * go to their own child. */
static void dispatch(struct classify *c, enum doctype t, const char *data,
    size_t n, int where, const char *name)
{
	if (t == DOC_PDF) {
		extract_run(c, "seem-extract-pdf", t, data, n, where, name);
		return;
	}
	if (c->depth >= c->cfg->lim.extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	c->depth++;
	switch (t) {
	case DOC_ZIP: extract_zip(c, data, n, where, name); break;
	case DOC_OLE2: extract_ole2(c, data, n, where, name); break;
	case DOC_RTF: extract_rtf(c, data, n, where, name); break;
	case DOC_TNEF: extract_tnef(c, data, n, where, name); break;
	case DOC_GZIP: extract_gzip(c, data, n, where, name); break;
	case DOC_TAR: extract_tar(c, data, n, where, name); break;
	default: classify_uninspectable(c, where, "not a format seem-extract reads"); break;
	}
	c->depth--;
}

int main(int argc, char **argv)
{
	struct extract_child x;
	int st;

	log_init("seem-extract", LOG_TARGET_STDERR);
	st = extract_child_start(&x, argc, argv);
	if (st)
		return st;
	x.c.extract = dispatch;
	/* The part itself was sniffed by the parent; its depth is counted
	 * there, so it is read at this depth. */
	x.c.depth--;
	dispatch(&x.c, x.type, x.data, x.n, 0, x.name);
	return extract_child_finish(&x);
}
