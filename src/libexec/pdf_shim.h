/*
 * pdf_shim.h: the plain C interface to poppler-cpp (pdf_shim.cc).
 *
 * The only C++ of seemail sits behind these functions; no exception
 * crosses them.  A document is read from bytes in memory, which are not
 * copied and must outlive it.  Text comes out as UTF-8 (invalid UTF-16
 * from the document becomes U+FFFD), in chunks of at most PDF_CHUNK
 * bytes, so that the caller can stream it into a scanner.  poppler's own
 * error output is silenced; the first error it reports while a document
 * is opened becomes part of the reason for a broken one.
 *
 * Every function returns a status: PDF_OK; PDF_BROKEN (poppler cannot
 * read the document or that page); PDF_LOCKED (a user password is needed
 * to open it: a PDF with only an owner password opens and is read);
 * PDF_NOMEM (memory ran out, typically at the child's address-space
 * limit).
 */
#ifndef SEEMAIL_PDF_SHIM_H
#define SEEMAIL_PDF_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pdf_doc;

enum pdf_status { PDF_OK, PDF_BROKEN, PDF_LOCKED, PDF_NOMEM };

#define PDF_CHUNK 16384

/* Text out: a chunk of UTF-8 (never split inside a character). */
typedef void (*pdf_text_fn)(const char *s, size_t n, void *ctx);

/* Opens a PDF held in memory.  On PDF_BROKEN, why holds a short reason
 * in printable ASCII (possibly empty); *out is set only on PDF_OK. */
enum pdf_status pdf_open(const char *data, size_t n, struct pdf_doc **out,
    char *why, size_t whysz);

/* The number of pages (0 if the page tree holds none). */
int pdf_pages(const struct pdf_doc *d);

/* Sends the text of page i (0-based) to fn, in reading order (the same
 * as pdftotext without options). */
enum pdf_status pdf_page_text(const struct pdf_doc *d, int i, pdf_text_fn fn, void *ctx);

/* Sends the document information (Title, Subject, Keywords, Author,
 * Creator, Producer and any other text entry of the Info dictionary;
 * not the dates) to fn as "Key: value\n" lines. */
enum pdf_status pdf_info(const struct pdf_doc *d, pdf_text_fn fn, void *ctx);

/* Sends the title of every bookmark (the outline a reader shows beside
 * the pages) to fn, one per line, depth first.  PDF_BROKEN past
 * PDF_OUTLINE_MAX items or PDF_OUTLINE_DEPTH levels. */
#define PDF_OUTLINE_MAX   100000
#define PDF_OUTLINE_DEPTH 64
enum pdf_status pdf_outline(const struct pdf_doc *d, pdf_text_fn fn, void *ctx);

/* Files attached to the document (PDF portfolios, /EmbeddedFiles). */
int pdf_attachments(const struct pdf_doc *d);
/* Calls fn with the name, declared type and bytes of attachment i; the
 * bytes are valid only during the call. */
enum pdf_status pdf_attachment(const struct pdf_doc *d, int i,
    void (*fn)(const char *name, const char *mime, const char *data, size_t n, void *ctx),
    void *ctx);

void pdf_close(struct pdf_doc *d);

#ifdef __cplusplus
}
#endif

#endif
