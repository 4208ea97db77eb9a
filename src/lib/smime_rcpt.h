/*
 * smime_rcpt.h: which recipients seem-sign must sign and encrypt for.
 *
 * A recipient is a member when its domain is in the directory, is not one
 * of local_domains and its agency does not send by Secure Government
 * Email (",sge"): mail to it travels as S/MIME.  Every other recipient
 * (outside the directory, an SGE agency, our own domains, an address
 * without a domain) gets the message as it is.  One delivery cannot do
 * both, so a batch that mixes them is refused with EX_USAGE: the MTA must
 * split it.  A member agency is encrypted to with the certificate of
 * the recipient's directory line, or, if that line has none, of another
 * line of the same agency; an agency with no certificate at all makes
 * the message wait (EX_TEMPFAIL) until the administrator installs one.
 */
#ifndef SEEMAIL_SMIME_RCPT_H
#define SEEMAIL_SMIME_RCPT_H

#include <stddef.h>

#include "config.h"
#include "directory.h"

struct smime_dest {
	const struct dir_entry *entry;  /* the line whose certificate is used */
	size_t nrcpt;                   /* recipients of this agency */
};

struct smime_plan {
	size_t nmember, nother;
	struct smime_dest *dest;        /* one per agency, in recipients' order */
	size_t ndest;
};

/* Fills plan (free with smime_plan_free).  Returns 0, EX_USAGE (mixed, or
 * no recipient: logged), EX_TEMPFAIL (an agency without a certificate,
 * or memory: logged). */
int smime_plan(const struct config *c, const struct directory *d, char *const *rcpt,
    size_t n, struct smime_plan *plan);
void smime_plan_free(struct smime_plan *plan);

/* Whether seem-policy's X-SEEMail-Policy stamps let the message go to
 * every recipient.  After a block, only internal recipients and those a
 * "deliver; recipients=" field names (on_block = uncleared) may have it:
 * the documented pipeline ends in seem-sign, so its exit status is the
 * pipeline's, and a blocked message must not leave by it.  A message
 * with no policy stamp is not ours to judge.  Returns 0, or EX_NOPERM
 * (logged). */
int smime_policy_allows(const struct config *c, const char *msg, size_t len,
    char *const *rcpt, size_t n);

#endif
