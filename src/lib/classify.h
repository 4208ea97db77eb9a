/*
 * classify.h: finding trigger terms in a message, everywhere a reader
 * could see them.
 *
 * The walk covers the Subject and the marking headers (of the message and
 * of every attached message), every body part at any depth up to
 * mime_depth, every file name, and the content of every part: text in
 * any charset, HTML, enriched, calendar, attached messages; documents and
 * archives go to the extract hook.  What cannot be seen into is recorded
 * as uninspectable with its reason, never skipped silently.
 */
#ifndef SEEMAIL_CLASSIFY_H
#define SEEMAIL_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "findings.h"
#include "matcher.h"
#include "sniff.h"

struct classify;

/* Extracts a container (PDF, ZIP, OLE2, RTF, TNEF, gzip) whose decoded
 * bytes are data, recording under location where.  name is its file name
 * or "". */
typedef void (*extract_fn)(struct classify *c, enum doctype t, const char *data,
    size_t n, int where, const char *name);

struct classify {
	const struct config *cfg;
	const struct patterns *pat;
	struct findings *fs;
	extract_fn extract;     /* NULL: containers are uninspectable */
	void *extract_ctx;
	size_t parts;           /* MIME parts seen */
	size_t depth;           /* documents and archives nesting now (extract_depth) */
	size_t nest;            /* multiparts and attached messages nesting now
	                         * (mime_depth): apart from depth, so that a PDF
	                         * in a message forwarded four times is read */
	uint64_t expanded;      /* bytes inflated from this attachment (max_expanded_size) */
	int status;             /* 0, or EX_TEMPFAIL after a transient failure */
	/* Readers call this, when set, between units of work (pages,
	 * entries): an extractor child sends what it has found so far. */
	void (*progress)(struct classify *c);
};

/* Calls c->progress if there is one. */
static inline void classify_progress(struct classify *c)
{
	if (c->progress)
		c->progress(c);
}

void classify_init(struct classify *c, const struct config *cfg,
    const struct patterns *pat, struct findings *fs);

/* Classifies a whole message.  Returns 0; EX_DATAERR if the input is not
 * a message (empty, or no header field); EX_TEMPFAIL when memory ran
 * out or an extractor could not be run. */
int classify_message(struct classify *c, const char *msg, size_t n);

/* Classifies a file: an attachment's decoded bytes or an archive entry.
 * Its format is sniffed from data; ctype and charset are what was
 * declared (may be NULL). */
void classify_file(struct classify *c, const char *data, size_t n,
    const char *name, const char *ctype, const char *charset, int where);

/* A new location inside where ("word/header1.xml"). */
int classify_where_inside(struct classify *c, int where, const char *inside);

/* Scans text (UTF-8) at a location. */
void classify_text(struct classify *c, int where, const char *text, size_t n);

/* Marks a location uninspectable. */
void classify_uninspectable(struct classify *c, int where, const char *why);

#endif
