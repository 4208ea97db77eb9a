/*
 * extract_dispatch.c: the in-process readers, by format, as seem-extract
 * runs them (and the tests and fuzz targets that stand in for it).
 */
#include "extract.h"
#include "extractors.h"

void extract_dispatch(struct classify *c, enum doctype t, const char *data,
    size_t n, int where, const char *name)
{
	if (t == DOC_PDF) {
		/* poppler runs in a child of its own (seem-extract-pdf). */
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
