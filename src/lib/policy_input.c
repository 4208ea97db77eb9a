/*
 * policy_input.c: reading the stamps and fields a decision needs.
 */
#include <stdio.h>
#include <string.h>

#include "address.h"
#include "level.h"
#include "policy_input.h"
#include "stamp.h"

struct level_read {
	int level, count;
};

static void read_level(const char *v, size_t n, void *ctx)
{
	struct level_read *l = ctx;
	size_t k = 0;

	while (k < n && v[k] != ' ' && v[k] != ';')
		k++;
	l->count++;
	l->level = level_parse(v, k);
}

int policy_read_level(const char *msg, size_t n, const char **why)
{
	struct level_read lr = { -1, 0 };

	stamp_find(msg, n, "X-SEEMail-Classification", read_level, &lr);
	if (lr.count == 1 && lr.level >= 0)
		return lr.level;
	*why = lr.count == 0 ? "no X-SEEMail-Classification stamp"
	    : lr.count > 1 ? "more than one X-SEEMail-Classification stamp"
	    : "unknown level in X-SEEMail-Classification";
	return -1;
}

static void read_verified(const char *v, size_t n, void *ctx)
{
	struct verified *ver = ctx;

	if (ver->status != -2) {
		/* More than one: someone added one; trust none. */
		ver->status = -1;
		ver->agency[0] = '\0';
		return;
	}
	policy_parse_verified(v, n, ver);
}

struct authres {
	const char *authserv_id, *domain;
	int pass, seen;
};

/* Only the topmost Authentication-Results counts: our MTA prepends its
 * own above whatever arrived, and one further down, even with our
 * authserv-id, may have been written by the sender (RFC 8601, 5). */
static void read_authres(const char *v, size_t n, void *ctx)
{
	struct authres *a = ctx;

	if (a->seen++ == 0 && policy_authres_dmarc_pass(v, n, a->authserv_id, a->domain))
		a->pass = 1;
}

struct first_value {
	struct buf *b;
	int found;
};

static void first_value(const char *v, size_t n, void *ctx)
{
	struct first_value *f = ctx;

	if (!f->found++)
		buf_put(f->b, v, n);
}

void policy_read_inbound(const struct config *cfg, const char *msg, size_t n,
    const char *sender, struct inbound *in)
{
	struct buf from = BUF_INIT_MAX(1 << 20), addr = BUF_INIT_MAX(4096);
	struct first_value fv = { &from, 0 };

	in->ver.status = -2;
	stamp_find(msg, n, "X-SEEMail-Verified", read_verified, &in->ver);
	if (in->ver.status == -2)
		in->ver.status = 0;
	stamp_find(msg, n, "From", first_value, &fv);
	if (from.len && addr_first(from.p, from.len, &addr) == 0 && addr.len) {
		snprintf(in->from_addr, sizeof in->from_addr, "%s", addr.p);
		if (addr_domain(addr.p, in->from_domain, sizeof in->from_domain) < 0)
			in->from_domain[0] = '\0';
	}
	buf_free(&from);
	buf_free(&addr);
	if (sender && addr_domain(sender, in->sender_domain, sizeof in->sender_domain) < 0)
		in->sender_domain[0] = '\0';
	struct authres ar = { cfg->authserv_id, in->from_domain, 0, 0 };
	if (cfg->authserv_id && in->from_domain[0])
		stamp_find(msg, n, "Authentication-Results", read_authres, &ar);
	in->dmarc_pass = ar.pass;
}
