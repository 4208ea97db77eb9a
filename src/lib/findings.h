/*
 * findings.h: what classification found, and where.
 *
 * A location ("where") is a place in the message: a header, a body part,
 * an attachment or a place inside one.  Findings are trigger terms found
 * at a location; an uninspectable entry is a part that could not be seen
 * into, with the reason; a note is anything else worth explaining (a
 * declared type that the content contradicts).  Identical findings at one
 * location are counted, not repeated, and storage is capped: past the cap
 * the level is still raised and the rest counted as omitted.
 */
#ifndef SEEMAIL_FINDINGS_H
#define SEEMAIL_FINDINGS_H

#include <stddef.h>

struct where {
	char *text;             /* for people: attachment "a.docx" (part 2) > word/document.xml */
	char *part;             /* MIME part path: "2.1", "" for the top header */
	char *ctype;            /* declared content type, or "" */
	char *filename;         /* "" if none */
	char *header;           /* header field name, or "" */
	char *inside;           /* path inside a container, or "" */
};

struct finding {
	int level;
	char *term;             /* the text as found (decoded, not normalised) */
	char *before, *after;   /* a little context on each side */
	int where;
	unsigned count;
};

struct uninspectable {
	int where;
	char *reason;
};

struct note {
	int where;
	char *text;
};

#define FINDINGS_MAX_STORED 1000

struct findings {
	struct where *w;
	size_t nw, capw;
	struct finding *f;
	size_t nf, capf;
	struct uninspectable *u;
	size_t nu, capu;
	struct note *n;
	size_t nn, capn;
	size_t omitted;         /* findings not stored past the cap */
	int level;              /* the highest level found */
	int err;                /* ENOMEM: the caller must fail (EX_TEMPFAIL) */
	unsigned *hash;         /* dedup table of finding index + 1 */
	size_t hashcap;
};

void findings_init(struct findings *fs);
void findings_free(struct findings *fs);

/* Adds a location; NULL fields are "".  Returns its index, or -1. */
int findings_where(struct findings *fs, const char *text, const char *part,
    const char *ctype, const char *filename, const char *header,
    const char *inside);

/* Records a finding; returns its index, or (size_t)-1 if it was merged
 * into an identical one or omitted. */
size_t findings_add(struct findings *fs, int level, const char *term, size_t tn,
    const char *before, size_t bn, int where);
/* Appends context after a finding (up to a small cap). */
void findings_after(struct findings *fs, size_t idx, const char *p, size_t n);

void findings_uninspectable(struct findings *fs, int where, const char *reason);
void findings_note(struct findings *fs, int where, const char *text);

/* Adds what `from` holds that `into` does not: a location, finding,
 * uninspectable part or note already in `into` (same text throughout) is
 * not added again, and a finding in both keeps the larger count.  For a
 * message read two ways.  Linear in both. */
void findings_merge(struct findings *into, const struct findings *from);

/* The findings of `from` (its uninspectable parts and notes aside) at
 * location `where` of `into`, as findings_merge does: for a part read a
 * second way into findings of its own. */
void findings_merge_at(struct findings *into, const struct findings *from, int where);

/* Merges the records of a child process (see extract protocol). */

#endif
