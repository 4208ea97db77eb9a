/*
 * policy_input.c: reading the stamps and fields a decision needs.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* Every author counts: a From field may name several mailboxes, and a
 * message may have several From fields, and a reader's client shows them
 * all.  The agency rules judge the first author at a member agency that
 * did not sign (else the first author); own-domain, the first author at
 * one of our own domains. */
struct authors {
	const struct config *cfg;
	const struct directory *dir;
	struct inbound *in;
	int rank;                       /* of the author in from_addr */
};

static void author(const char *a, size_t an, void *ctx)
{
	struct authors *au = ctx;
	struct inbound *in = au->in;
	const struct dir_entry *e;
	char addr[512], dom[256];
	int rank = 1;

	if (an == 0 || an >= sizeof addr)
		return;
	memcpy(addr, a, an);
	addr[an] = '\0';
	if (addr_domain(addr, dom, sizeof dom) < 0)
		return;
	if (!in->own_domain[0] && config_is_local(au->cfg, dom))
		snprintf(in->own_domain, sizeof in->own_domain, "%s", dom);
	e = directory_lookup(au->dir, dom);
	if (e && !(in->ver.status == 1 && strcasecmp(in->ver.agency, e->agency) == 0))
		rank = 2;
	if (rank > au->rank) {
		au->rank = rank;
		snprintf(in->from_addr, sizeof in->from_addr, "%s", addr);
		snprintf(in->from_domain, sizeof in->from_domain, "%s", dom);
	}
}

static void from_field(const char *v, size_t n, void *ctx)
{
	addr_each(v, n, author, ctx);
}

void policy_read_inbound(const struct config *cfg, const struct directory *dir,
    const char *msg, size_t n, const char *sender, struct inbound *in)
{
	struct authors au = { cfg, dir, in, 0 };

	in->ver.status = -2;
	stamp_find(msg, n, "X-SEEMail-Verified", read_verified, &in->ver);
	if (in->ver.status == -2)
		in->ver.status = 0;
	stamp_find(msg, n, "From", from_field, &au);
	if (sender && addr_domain(sender, in->sender_domain, sizeof in->sender_domain) < 0)
		in->sender_domain[0] = '\0';
	struct authres ar = { cfg->authserv_id, in->from_domain, 0, 0 };
	if (cfg->authserv_id && in->from_domain[0])
		stamp_find(msg, n, "Authentication-Results", read_authres, &ar);
	in->dmarc_pass = ar.pass;
}
