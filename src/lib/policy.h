/*
 * policy.h: the rule of SEEMail, as decisions over recipients.
 *
 * Outbound: each envelope recipient is internal (local_domains), a member
 * of the standard or restricted community (the directory), or not a
 * member; the classification level decides per SPEC's table (1A, 1C,
 * above-seemail), and uninspectable content for a recipient the gateway
 * must sign for is cannot-sign.  Any refusal refuses every external
 * recipient (on_block = all) or only those not cleared (uncleared).
 *
 * Inbound: from the X-SEEMail-Verified stamp, the level, the From domain
 * and the envelope sender: 4A, unsigned-agency and own-domain warnings.
 * An agency that the directory marks ",sge" proves its origin with a
 * dmarc=pass Authentication-Results header of our own authserv-id.
 *
 * Decisions are pure functions of their inputs: they read nothing, print
 * nothing and can be tested exhaustively.
 */
#ifndef SEEMAIL_POLICY_H
#define SEEMAIL_POLICY_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "directory.h"
#include "verdict.h"

enum rcpt_kind { RCPT_INTERNAL, RCPT_STANDARD, RCPT_RESTRICTED, RCPT_NONMEMBER, RCPT_INVALID };

struct rcpt {
	const char *addr;
	char domain[256];
	enum rcpt_kind kind;
	const struct dir_entry *entry;  /* for members */
	unsigned codes;                 /* bit per enum code that concerns it */
	int refused;
	char why[200];                  /* the rule applied, for --explain */
};

struct outbound {
	int level;
	size_t uninspectable;
	struct rcpt *r;
	size_t n;
	unsigned codes;                 /* all codes that apply */
	int on_block;
};

/* Decides for every recipient; r[] must have n entries with addr set. */
void policy_outbound(const struct config *cfg, const struct directory *dir,
    struct outbound *o);

/* The X-SEEMail-Policy fields for an outbound decision. */
void policy_outbound_verdict(const struct outbound *o, struct verdict *v);

struct verified {
	int status;                     /* 0 none, 1 pass, -1 fail, -2 no stamp */
	char agency[256];
	char domain[256];
};

struct inbound {
	int level;
	struct verified ver;
	char from_domain[256];          /* "" if no usable From */
	char from_addr[512];
	char own_domain[256];           /* an author at one of our domains, or "" */
	char sender_domain[256];        /* envelope sender, "" if none */
	int dmarc_pass;                 /* our MTA saw dmarc=pass for from_domain */
	unsigned codes;
	const struct dir_entry *from_entry;
	char why[CODE_COUNT][800];      /* the rule applied, per code, for --explain */
};

void policy_inbound(const struct config *cfg, const struct directory *dir,
    struct inbound *in);
void policy_inbound_verdict(const struct inbound *in, struct verdict *v);

/* Parses an X-SEEMail-Verified value. */
void policy_parse_verified(const char *v, size_t n, struct verified *out);

/* 1 if an Authentication-Results value is from authserv_id and says
 * dmarc=pass for domain (header.from). */
int policy_authres_dmarc_pass(const char *v, size_t n, const char *authserv_id,
    const char *domain);

const char *rcpt_kind_name(enum rcpt_kind k);

#endif
