/*
 * policy_report.h: what seem-policy tells people: --explain, --json, the
 * audit line, and --check's certificate check.
 */
#ifndef SEEMAIL_POLICY_REPORT_H
#define SEEMAIL_POLICY_REPORT_H

#include "buf.h"
#include "config.h"
#include "directory.h"
#include "input.h"
#include "policy.h"
#include "verdict.h"

struct report_ctx {
	const struct config *cfg;
	const struct input *in;
	const char *sender, *queue_id;
	int level;
	size_t triggers, uninspectable;
};

void policy_report_outbound(struct buf *b, const struct report_ctx *r,
    const struct directory *dir, const struct outbound *o, const struct verdict *v,
    int json);
void policy_report_inbound(struct buf *b, const struct report_ctx *r,
    const struct inbound *in, const struct verdict *v, int json);

/* --routes: one line per recipient, in the order given,
 * "ROUTE<TAB>ADDRESS", ROUTE being held (refused), smime (a member the
 * gateway signs and encrypts for) or plain (internal, not a member, or a
 * member that receives by Secure Government Email).  The contract MTA
 * scripts split a batch by. */
void policy_report_routes(struct buf *b, const struct outbound *o);

/* One line to the log (syslog mail by default): queue id, Message-ID,
 * sender, recipients, level, verdict, codes. */
void policy_audit(const struct report_ctx *r, const struct verdict *v,
    const struct outbound *o);

#endif
