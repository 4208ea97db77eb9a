/*
 * ole2_priv.h: what the readers of compound documents share
 * (extract_ole2.c and the format readers msdoc.c, msxls.c, msppt.c,
 * mspub.c, msg.c, oleprops.c).
 *
 * A reader is given a storage of an open compound file and the location
 * of that storage; it records text with classify_text, places with
 * olex_where, embedded files with classify_file, and what it cannot read
 * with classify_uninspectable.  It marks each entry it has consumed in
 * x->done, so that extract_ole2.c can give every entry no reader took
 * its generic treatment (embedded storages are read as documents of
 * their own, other streams are sniffed and scanned as they are).  Text
 * it builds is capped at max_expanded_size: past it the place is
 * uninspectable, never silently cut.
 */
#ifndef SEEMAIL_OLE2_PRIV_H
#define SEEMAIL_OLE2_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "classify.h"
#include "ole2.h"

struct olex {
	struct classify *c;
	struct ole2 o;
	unsigned char *done;    /* per directory entry: consumed by a reader */
	size_t max;             /* bytes of text or data built at most */
};

static inline uint16_t olex_u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t olex_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A place inside where, named by a stream or storage name (leading
 * control characters, as in "\005SummaryInformation", are dropped). */
int olex_where(struct olex *x, int where, const char *name);

/* Reads stream id into b (emptied first; capped at x->max).  Returns 0;
 * on a broken stream marks the stream's place uninspectable with the
 * reason and returns -1, leaving what could be read in b.  Marks the
 * entry done either way. */
int olex_read(struct olex *x, uint32_t id, int where, struct buf *b);

/* Appends text as UTF-8: UTF-16LE code units (nbytes / 2 of them),
 * Windows-1252 or ISO-8859-1 bytes. */
void olex_utf16(struct buf *out, const unsigned char *p, size_t nbytes);
void olex_cp1252(struct buf *out, const unsigned char *p, size_t n);
void olex_latin1(struct buf *out, const unsigned char *p, size_t n);

/* Scans the text in binary data, as strings(1) would find it: runs of
 * at least STRINGS_MIN UTF-16LE characters (Latin, punctuation,
 * full-width forms) or Windows-1252 characters, each converted to UTF-8.
 * Linear in n; the text is capped at max_expanded_size. */
#define STRINGS_MIN 4
void olex_strings(struct classify *c, int where, const void *data, size_t n);

/* Scans a text built by a reader at where; a buffer that went past its
 * ceiling makes where uninspectable (what it holds is still scanned). */
void olex_scan(struct olex *x, int where, struct buf *text);

/* Reads storage st, a document of its own (the root, an embedded
 * object, an attached message's storage), at location where. */
void olex_storage(struct olex *x, uint32_t st, int where);

/* olex_storage one container level deeper, within extract_depth. */
void olex_nested(struct olex *x, uint32_t st, int where);

/* Hands an embedded file to classify_file (name may be NULL). */
void olex_file(struct olex *x, const char *data, size_t n, const char *name,
    const char *ctype, int where);

/* The format readers: each is called on a storage whose entries say it
 * is theirs. */
void msdoc_read(struct olex *x, uint32_t st, int where);
void msxls_read(struct olex *x, uint32_t st, int where);
void msppt_read(struct olex *x, uint32_t st, int where);
void mspub_read(struct olex *x, uint32_t st, int where);
void msg_read(struct olex *x, uint32_t st, int where);
/* SummaryInformation, DocumentSummaryInformation and any other property
 * set stream: every string property, custom properties with their
 * names, sensitivity labels (MSIP_Label_*) mapped by the configuration. */
void oleprops_read(struct olex *x, uint32_t id, int where);

/* Publisher 1.0, which is not a compound file: 1 if data is one (and
 * was read), else 0. */
int mspub1_read(struct classify *c, const char *data, size_t n, int where);


#endif
