/*
 * notice.h: what seem-notify writes for a message that seem-policy stamped.
 *
 * notice_build() reads the X-SEEMail-Policy stamps (verdict.h) and the
 * classification stamps (stamp.h) of one message and decides:
 *
 *   NOTICE_PASS   no X-SEEMail-Policy stamp, or only "deliver": the caller
 *                 writes the input unchanged, byte for byte;
 *   NOTICE_BLOCK  a block notice to the envelope sender (the -f argument,
 *                 else Return-Path, else From): multipart/report (RFC 6522)
 *                 with the text of the primary code's template, a
 *                 message/delivery-status part (RFC 3464: 5.7.1 for each
 *                 refused recipient) and the original as message/rfc822,
 *                 or as text/rfc822-headers above notice_max_original;
 *                 Auto-Submitted: auto-replied (RFC 3834);
 *   NOTICE_WARN   an inbound warning to the original's To and Cc: the text
 *                 and the whole original as message/rfc822 (never cut: the
 *                 warning stands in for the message), Subject prefixed
 *                 with warning_prefix; Auto-Submitted: auto-generated;
 *   NOTICE_NONE   a block for which no notice may go out: a null sender
 *                 ("" or "<>"), an original that is itself auto-submitted,
 *                 or no usable sender address.  Logged; nothing to write.
 *
 * Everything taken from the original is sanitised before it reaches the
 * notice: control and invisible characters are removed, header values are
 * RFC 2047-encoded and folded, addresses are checked, the text part is
 * quoted-printable and the boundary occurs nowhere in the parts.  The
 * notice uses the line ends of the original (CRLF or LF).
 *
 * Returns 0; EX_DATAERR for an input with no header fields; EX_TEMPFAIL
 * for malformed or contradictory policy stamps (an internal failure: the
 * MTA keeps the message) and for memory.  On failure out is empty.
 */
#ifndef SEEMAIL_NOTICE_H
#define SEEMAIL_NOTICE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "config.h"

/* The templates and the From of notices, loaded and checked once. */
struct notice_set;

/* Loads the template of every code (templates = DIR: a file there
 * replaces the built-in one of the same name) and checks notify_from.
 * Returns 0, EX_CONFIG (logged with file:line) or EX_TEMPFAIL. */
int notice_load(const struct config *cfg, struct notice_set **out);
void notice_set_free(struct notice_set *ns);

struct notice_args {
	const char *sender;     /* -f SENDER, or NULL when not given */
	time_t now;             /* for Date and Arrival-Date */
};

enum notice_result { NOTICE_PASS, NOTICE_BLOCK, NOTICE_WARN, NOTICE_NONE };

int notice_build(const struct notice_set *ns, const struct notice_args *a,
    const char *msg, size_t n, struct buf *out, enum notice_result *res);

#endif
