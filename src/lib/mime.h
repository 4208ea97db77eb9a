/*
 * mime.h: reading RFC 5322 / MIME entities in place.
 *
 * Everything here looks at spans of the message buffer and never copies
 * or changes it.  The reader is lenient the way mail clients are: LF or
 * CRLF line ends, a leading mbox "From " line, header lines that end the
 * header without a blank line, a missing closing boundary, boundaries with
 * trailing white space, content types without a subtype.  Each function
 * is linear in the bytes it is given.
 */
#ifndef SEEMAIL_MIME_H
#define SEEMAIL_MIME_H

#include <stddef.h>

#include "buf.h"

struct span {
	const char *p;
	size_t n;
};

struct hdr_field {
	const char *name;       /* without the colon and trailing blanks */
	size_t nlen;
	const char *value;      /* after the colon, folded, up to the line end */
	size_t vlen;
	const char *raw;        /* the whole field with its last line end */
	size_t rawlen;
};

struct hdr_iter {
	const char *p, *end;
};

/* Iterates the fields of a header block (as returned by mime_split). */
void hdr_iter_init(struct hdr_iter *it, struct span hdr);
int hdr_next(struct hdr_iter *it, struct hdr_field *f);   /* 1, or 0 at the end */

/* 1 if the field's name is name (case-insensitive). */
int hdr_is(const struct hdr_field *f, const char *name);

/* Finds the first field called name; its value in *v.  1 or 0. */
int hdr_find(struct span hdr, const char *name, struct span *v);

/* Appends the value unfolded (line ends removed, white space kept). */
void hdr_unfold(const char *v, size_t n, struct buf *out);

/* Splits an entity into its header fields and its body.  The header
 * span starts after an mbox "From " line if there is one; the body starts
 * after the blank line (or at the first line that is neither a field nor
 * a continuation).  Returns the number of header fields. */
size_t mime_split(const char *p, size_t n, struct span *hdr, struct span *body);

struct ctype {
	char type[32];          /* lower case; "" if absent or unreadable */
	char subtype[96];
	struct span params;     /* after the first ';' */
};

/* Parses a Content-Type value; a missing subtype gets a sensible one
 * ("text" -> plain, "multipart" -> mixed, others -> octet-stream). */
void ctype_parse(const char *v, size_t n, struct ctype *ct);

/* Looks up a parameter (RFC 2045 with RFC 2231 continuations and
 * charsets, and RFC 2047 words inside quotes as clients accept them).
 * Appends its value, as UTF-8, to out.  Returns 1 if found. */
int mime_param(struct span params, const char *name, struct buf *out);

/* The raw value of a parameter with no decoding (for boundaries). */
int mime_param_raw(struct span params, const char *name, struct buf *out);

struct mp_iter {
	const char *begin, *p, *end;
	const char *bnd;
	size_t blen;
	int state;              /* 0 before the first delimiter, 1 in parts, 2 done */
};

/* Iterates the body parts of a multipart body with the given boundary. */
void mp_init(struct mp_iter *it, struct span body, const char *bnd, size_t blen);
/* 1 with the next part; 0 when there are no more.  A body without any
 * delimiter line yields nothing (see mp_found_any). */
int mp_next(struct mp_iter *it, struct span *part);
int mp_found_any(const struct mp_iter *it);

#endif
