/*
 * sniff.h: a part's format, decided from its bytes.
 *
 * Magic numbers decide, and the declared type or the file name only where
 * the reader's own software would follow them: declared text is read as
 * text whatever its first bytes (a client shows it as text), a name
 * ending .gpg or .pgp is an OpenPGP object, .mht a message, and XML
 * names (.xml, .svg, .fodt...) are read through their markup.  Otherwise
 * they break ties between text formats, and are compared with what the
 * bytes say so that a mismatch can be explained.  ZIP and OLE2 files are
 * told apart further (docx, xlsx, odt, msg...) by the extractor that
 * reads their directory.
 */
#ifndef SEEMAIL_SNIFF_H
#define SEEMAIL_SNIFF_H

#include <stddef.h>

enum doctype {
	DOC_TEXT,               /* plain text, any charset */
	DOC_HTML,
	DOC_BINARY,             /* no known format: its bytes are scanned as they are */
	DOC_MEDIA,              /* image, audio, video: scanned as they are */
	DOC_PDF,
	DOC_ZIP,                /* also OOXML, OpenDocument */
	DOC_OLE2,               /* .doc .xls .ppt .pub .msg */
	DOC_RTF,
	DOC_TNEF,
	DOC_GZIP,
	DOC_TAR,
	DOC_MESSAGE,            /* an RFC 5322 message */
	DOC_CMS,                /* S/MIME (PKCS #7) */
	DOC_PGP,                /* OpenPGP */
	DOC_ARCHIVE,            /* an archive format seemail cannot open */
	DOC_COUNT
};

/* Bytes sniff() wants to see, at most. */
#define SNIFF_BYTES 4096

/* Decides from the first bytes (p, n: up to SNIFF_BYTES), the declared
 * type ("text/plain", may be "") and the file name (may be ""). */
enum doctype sniff(const char *p, size_t n, const char *ctype, const char *filename);

/* What the declaration alone suggests, or DOC_COUNT when it says
 * nothing useful (application/octet-stream, no name). */
enum doctype sniff_declared(const char *ctype, const char *filename);

const char *doctype_name(enum doctype t);

/* Containers are extracted in a separate process. */
int doctype_is_container(enum doctype t);

/* A ZIP end-of-central-directory record where one can be (the last 22
 * bytes, or up to a 64 KB comment before them) in the whole file p, n:
 * a self-extracting archive, or a ZIP with anything in front of it, which
 * unzip and 7-Zip open.  Returns 1 and sets *start to where the ZIP
 * begins if its directory says so (else 0: the offsets count from the
 * file's start). */
int sniff_zip_end(const char *p, size_t n, size_t *start);

#endif
