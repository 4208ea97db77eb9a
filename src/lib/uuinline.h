/*
 * uuinline.h: files uuencoded in the text of a message body.
 *
 * Before MIME, a file travelled inside the text: a line "begin 644
 * name", lines of uuencode, a line "end".  Outlook and Thunderbird still
 * show such a block as an attachment, so seem-classify reads it as one.
 */
#ifndef SEEMAIL_UUINLINE_H
#define SEEMAIL_UUINLINE_H

#include <stddef.h>

#include "mime.h"
#include "sink.h"

/* A pass-through stage that notices a line starting "begin ", so that
 * the text is decoded again for uu_next only when one is there: most
 * text has none, and costs one memchr per line. */
struct uu_watch {
	struct sink base;
	struct sink *next;
	size_t matched;         /* bytes of "begin " matched at a line start */
	int found;
};

void uu_watch_init(struct uu_watch *w, struct sink *next);

/* Finds the next block at or after *pos in text p[0..n): a "begin MODE
 * NAME" line at a line start (MODE three or four octal digits), up to
 * and including its "end" line or the end of the text.  Sets *block to
 * it (for cte_decode with CTE_UUENCODE), copies NAME (cut to fit) into
 * name, moves *pos past it and returns 1; returns 0 when there is none.
 * Linear in the bytes it passes over. */
int uu_next(const char *p, size_t n, size_t *pos, struct span *block, char *name,
    size_t namesz);

#endif
