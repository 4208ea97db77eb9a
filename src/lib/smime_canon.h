/*
 * smime_canon.h: line ends for S/MIME, in both directions.
 *
 * What is signed is the canonical form of a MIME entity: every line ends
 * in CRLF (RFC 8551 section 3.1.1).  canon_* stage bytes in a fixed
 * buffer and hand them on in large pieces, turning a bare LF into CRLF
 * on the way (a CR at the end of one piece and an LF at the start of the
 * next are one line end).  Nothing else is changed: 8-bit bytes and long
 * lines travel as they are, inside the encryption.  out_lines writes a
 * canonical text back with the line ends of the message it came in.
 */
#ifndef SEEMAIL_SMIME_CANON_H
#define SEEMAIL_SMIME_CANON_H

#include <stddef.h>

#include "output.h"

#define CANON_CHUNK (64 * 1024)

struct canon {
	/* Receives each full staging buffer; returns 0, or -1 to stop. */
	int (*flush)(void *ctx, const char *p, size_t n);
	void *ctx;
	int err;                /* set once flush failed: later input is dropped */
	int prev_cr;            /* the last byte staged was a CR */
	size_t n;
	char buf[CANON_CHUNK];
};

void canon_init(struct canon *c, int (*flush)(void *, const char *, size_t), void *ctx);
/* Stages text, turning bare LFs into CRLF. */
void canon_text(struct canon *c, const char *p, size_t n);
/* Stages bytes as they are (already canonical, or binary). */
void canon_raw(struct canon *c, const char *p, size_t n);
void canon_str(struct canon *c, const char *s);
/* Hands on what is staged; returns 0 or -1 (flush failed). */
int canon_end(struct canon *c);

/* 1 if some LF in p is not preceded by a CR. */
int canon_has_bare_lf(const char *p, size_t n);

/* Writes canonical text to o, with LF line ends if lf is set (CRLF
 * becomes LF), else as it is. */
void out_lines(struct output *o, const char *p, size_t n, int lf);

#endif
