/*
 * rtf_object.h: what an RTF \objdata group holds.
 *
 * An OLE 1.0 embedded object ([MS-OLEDS] 2.2.4 ObjectHeader and 2.2.5
 * EmbeddedObject): a version, a format id (2: embedded), the class name,
 * topic and item names, then the native data.  For the class "Package"
 * (a file dropped into the document) the native data is the packager's
 * record: a label, the original path, and the file's bytes, which are
 * the payload here; for other classes (Word.Document.8, Excel.Sheet.8...)
 * the native data is, usually an OLE2 compound file.  Every length is
 * checked against the bytes; what does not parse is reported as such,
 * so that the caller can still read the bytes as they are.
 */
#ifndef SEEMAIL_RTF_OBJECT_H
#define SEEMAIL_RTF_OBJECT_H

#include <stddef.h>

struct ole1 {
	char class_name[64];    /* "Package", "Word.Document.8", or "" */
	char file_name[256];    /* a package's label or file name, or "" */
	const char *data;       /* the payload, inside the bytes given */
	size_t n;
};

/* Finds the payload of an object's bytes.  Returns 0, or -1 when they
 * are not an embedded OLE 1.0 object (a linked one holds no data). */
int ole1_payload(const char *p, size_t n, struct ole1 *o);

/* Finds the file in a packager's native data (also what an OLE2
 * "\1Ole10Native" stream holds after its 4-byte size): sets file_name,
 * data and n and returns 0, or returns -1 and leaves o alone. */
int ole1_package(const char *p, size_t n, struct ole1 *o);

#endif
