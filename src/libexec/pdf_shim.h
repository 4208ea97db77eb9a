/*
 * pdf_shim.h: the plain C interface to poppler-cpp (pdf_shim.cc).
 */
#ifndef SEEMAIL_PDF_SHIM_H
#define SEEMAIL_PDF_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pdf_doc;

enum pdf_status { PDF_OK, PDF_BROKEN, PDF_LOCKED };

/* Opens a PDF held in memory (the bytes must outlive the document). */
enum pdf_status pdf_open(const char *data, size_t n, struct pdf_doc **out);
int pdf_pages(struct pdf_doc *d);
/* Calls fn with the UTF-8 text of page i (0-based). */
int pdf_page_text(struct pdf_doc *d, int i, void (*fn)(const char *s, size_t n, void *ctx), void *ctx);
/* Calls fn with each document information entry (title, subject, keywords, ...). */
void pdf_info(struct pdf_doc *d, void (*fn)(const char *key, const char *s, size_t n, void *ctx), void *ctx);
void pdf_close(struct pdf_doc *d);

#ifdef __cplusplus
}
#endif

#endif
