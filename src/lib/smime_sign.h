/*
 * smime_sign.h: seem-sign's work, from recipients to the S/MIME message.
 *
 * For a batch of member recipients (see smime_rcpt.h) the message, minus
 * every X-SEEMail-* field and an mbox "From " line, is wrapped as
 * message/rfc822 (RFC 8551 section 3.1: the header is signed too), put
 * in canonical form, signed as multipart/signed (RFC 1847) with a
 * detached SignedData, and that whole entity is encrypted to every
 * destination agency.  The result is the outer header (smime_header.h)
 * and the application/pkcs7-mime body, in the message's own line ends.
 * The boundary is made from the content's digest, so the content cannot
 * hold it and the same input gives the same structure.
 *
 * A batch with no member passes through byte for byte.  The message is
 * built whole in memory and written only when complete: a failure writes
 * nothing.  Returns 0; EX_USAGE (mixed batch), EX_DATAERR (not a
 * message), EX_NOPERM (uninspectable content: code cannot-sign),
 * EX_TEMPFAIL, EX_CONFIG; each logged where it happened.
 */
#ifndef SEEMAIL_SMIME_SIGN_H
#define SEEMAIL_SMIME_SIGN_H

#include <stddef.h>

#include "config.h"
#include "input.h"

struct sign_request {
	char *const *rcpt;              /* envelope recipients */
	size_t nrcpt;
	int hide_subject;               /* besides the hide_subject setting */
	int outfd;
};

int smime_sign(const struct config *c, const struct sign_request *r, const struct input *in);

#endif
