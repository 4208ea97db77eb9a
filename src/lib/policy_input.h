/*
 * policy_input.h: what seem-policy reads from a classified message: the
 * one classification stamp, the counts of the others, and for an inbound
 * decision the Verified stamp, the From address and our MTA's
 * Authentication-Results.
 */
#ifndef SEEMAIL_POLICY_INPUT_H
#define SEEMAIL_POLICY_INPUT_H

#include <stddef.h>

#include "config.h"
#include "policy.h"

/* The level of the one X-SEEMail-Classification stamp; -1 and *why set
 * when there is none, more than one, or an unknown level. */
int policy_read_level(const char *msg, size_t n, const char **why);

/* Fills an inbound decision's inputs (level set by the caller): a second
 * X-SEEMail-Verified stamp makes the message count as not verified; of
 * several authors (From mailboxes, in one field or several) the one at a
 * member agency that did not sign is judged. */
void policy_read_inbound(const struct config *cfg, const struct directory *dir,
    const char *msg, size_t n, const char *sender, struct inbound *in);

#endif
