/*
 * tnef.h: Transport-Neutral Encapsulation Format ([MS-OXTNEF]), the
 * winmail.dat (application/ms-tnef) part that Outlook and Exchange send.
 *
 * The reader walks the attribute records of one stream held in memory
 * and hands out what a person could read: the subject, the bodies (plain
 * text, HTML, and the RTF body decompressed, see lzfu.h) and every
 * attachment with its name and bytes.  Embedded messages and OLE objects
 * (PR_ATTACH_DATA_OBJ) come out as attachments too, for the caller to
 * read recursively.  It trusts no length: every record and property is
 * checked against the bytes that hold it.  It is lenient where that is
 * safe (checksums are not checked, zero padding after the last record is
 * ignored) and reports everything else it cannot read as a problem,
 * keeping what it read before.  Bounded by the limits given: records,
 * attachments, properties per record, expanded RTF size.
 */
#ifndef SEEMAIL_TNEF_H
#define SEEMAIL_TNEF_H

#include <stddef.h>

#define TNEF_SIGNATURE 0x223e9f78u

enum tnef_text {
	TNEF_SUBJECT,
	TNEF_BODY_TEXT,         /* attBody, PR_BODY */
	TNEF_BODY_HTML,         /* PR_HTML */
	TNEF_BODY_RTF,          /* PR_RTF_COMPRESSED, decompressed */
};

struct tnef_handler {
	/* Text of the message in charset (a label: "windows-1252",
	 * "utf-16le"; NULL for RTF, which names its own). */
	void (*text)(void *ctx, enum tnef_text kind, const char *data, size_t n,
	    const char *charset);
	/* An attachment: its name in UTF-8 ("" if it has none), its declared
	 * MIME type or NULL, and its bytes; data is NULL when it carries none
	 * (attached by reference).  object is 1 when data is the content of
	 * an embedded message or OLE storage (a TNEF stream or a compound
	 * file). */
	void (*attachment)(void *ctx, const char *name, const char *ctype,
	    const char *data, size_t n, int object);
	/* Something could not be read, and why. */
	void (*problem)(void *ctx, const char *why);
};

struct tnef_limits {
	size_t max_records;
	size_t max_attachments;
	size_t max_properties;  /* in one attMsgProps or attAttachment */
	size_t max_expanded;    /* bytes of decompressed RTF */
};

/* 1 if data starts with the TNEF signature. */
int tnef_is(const char *data, size_t n);

/* Reads a TNEF stream.  Returns 0, or -1 when memory ran out (the caller
 * must fail transiently); problems with the stream go to h->problem. */
int tnef_read(const char *data, size_t n, const struct tnef_limits *lim,
    const struct tnef_handler *h, void *ctx);

#endif
