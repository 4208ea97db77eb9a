/*
 * pdf_annot.h: the text of a PDF's annotations and form fields, read
 * from the file's bytes.
 *
 * poppler-cpp gives a page's text as it is drawn, which includes the
 * appearance of a filled form field or a free-text note, but it has no
 * interface to what a reader sees only on a click: the text of a sticky
 * note (/Contents, /Subj), a form field's value (/V, /DV) when the field
 * has no up-to-date appearance, its tooltip (/TU) and its name (/T),
 * a button's caption (/CA).  This reads those strings wherever they are
 * written in the file: in the file body and inside object streams
 * (/Type /ObjStm, FlateDecode), where PDF 1.5 and later writers keep
 * most dictionaries.  Every such string is sent to fn as UTF-8 (PDF's
 * UTF-16BE and UTF-8 with their byte order marks, else PDFDocEncoding),
 * followed by a line break.
 *
 * It is a scan, not a parser: a string under one of those keys in any
 * dictionary is read (a page's /Contents is a reference, not a string,
 * and is passed over).  The strings of an encrypted PDF are encrypted
 * and read as noise.  Bounded: object streams are inflated into at most
 * inflate_max bytes in all; what lies beyond is not read, and the
 * result says so, as it does for an object stream whose dictionary and
 * data are more than 4 KB apart.  Object streams under a filter other
 * than FlateDecode, or with a predictor, are passed over.
 *
 * A file attached to a page (a /FileAttachment annotation) is not read
 * here, and poppler-cpp lists only the files of the document's
 * /EmbeddedFiles; *attached is set when there is one, so that the
 * caller can say that the PDF holds a file it could not read.
 */
#ifndef SEEMAIL_PDF_ANNOT_H
#define SEEMAIL_PDF_ANNOT_H

#include <stddef.h>

typedef void (*pdf_annot_fn)(const char *s, size_t n, void *ctx);

enum pdf_annot_status {
	PDF_ANNOT_OK,
	PDF_ANNOT_CUT,          /* object streams past inflate_max: not all read */
	PDF_ANNOT_NOMEM,
};

enum pdf_annot_status pdf_annot_text(const char *data, size_t n, size_t inflate_max,
    pdf_annot_fn fn, void *ctx, int *attached);

#endif
