/*
 * policy.c: outbound and inbound decisions (see policy.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "level.h"
#include "policy.h"
#include "stamp.h"

#define BIT(c) (1u << (c))

const char *rcpt_kind_name(enum rcpt_kind k)
{
	static const char *const n[] = { "internal", "standard member", "restricted member",
	    "not a member", "not a valid address" };
	return n[k];
}


static void classify_rcpt(const struct config *cfg, const struct directory *dir, struct rcpt *r)
{
	r->entry = NULL;
	if (addr_domain(r->addr, r->domain, sizeof r->domain) < 0) {
		r->kind = RCPT_INVALID;
		r->domain[0] = '\0';
		return;
	}
	if (config_is_local(cfg, r->domain)) {
		r->kind = RCPT_INTERNAL;
		return;
	}
	r->entry = directory_lookup(dir, r->domain);
	if (r->entry == NULL)
		r->kind = RCPT_NONMEMBER;
	else
		r->kind = r->entry->community == COMMUNITY_RESTRICTED ? RCPT_RESTRICTED : RCPT_STANDARD;
}

void policy_outbound(const struct config *cfg, const struct directory *dir, struct outbound *o)
{
	int lv = o->level;

	o->codes = 0;
	o->on_block = cfg->on_block;
	for (size_t i = 0; i < o->n; i++) {
		struct rcpt *r = &o->r[i];
		classify_rcpt(cfg, dir, r);
		r->codes = 0;
		r->refused = 0;
		if (r->kind == RCPT_INTERNAL) {
			snprintf(r->why, sizeof r->why, "internal: the MTA delivers it");
			continue;
		}
		int member = r->kind == RCPT_STANDARD || r->kind == RCPT_RESTRICTED;
		if (lv >= LEVEL_CONFIDENTIAL)
			r->codes |= BIT(CODE_ABOVE_SEEMAIL);
		if (lv >= LEVEL_SEEMAIL && !member)
			r->codes |= BIT(CODE_1A);
		if ((lv == LEVEL_SENSITIVE || lv == LEVEL_RESTRICTED) && r->kind == RCPT_STANDARD)
			r->codes |= BIT(CODE_1C);
		if (o->uninspectable && member && !r->entry->sge)
			r->codes |= BIT(CODE_CANNOT_SIGN);
		o->codes |= r->codes;

		/* The rule, for --explain. */
		const char *need = lv >= LEVEL_CONFIDENTIAL ? "nobody may receive it by email"
		    : lv >= LEVEL_SENSITIVE ? "only the restricted community may receive it"
		    : lv >= LEVEL_SEEMAIL ? "only SEEMail members may receive it"
		    : "anyone may receive it";
		snprintf(r->why, sizeof r->why, "%s: %s%s", level_name(lv), need,
		    r->codes & BIT(CODE_CANNOT_SIGN) ? "; it holds uninspectable content and "
		    "mail to a member must be signed" : "");
	}
	for (size_t i = 0; i < o->n; i++) {
		struct rcpt *r = &o->r[i];
		if (r->kind == RCPT_INTERNAL)
			continue;
		r->refused = o->codes && (o->on_block == ON_BLOCK_ALL || r->codes);
	}
}

/* ", "-joined addresses of the recipients selected. */
static char *join(const struct outbound *o, int (*pick)(const struct rcpt *, int), int arg)
{
	struct buf b = BUF_INIT_MAX(0);

	for (size_t i = 0; i < o->n; i++)
		if (pick(&o->r[i], arg)) {
			if (b.len)
				buf_puts(&b, ", ");
			buf_puts(&b, o->r[i].addr);
		}
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return b.len ? buf_take(&b, NULL) : NULL;
}

static int has_code(const struct rcpt *r, int code) { return (r->codes & BIT(code)) != 0; }
static int is_refused(const struct rcpt *r, int unused) { (void)unused; return r->refused; }
static int is_kept_external(const struct rcpt *r, int unused)
{
	(void)unused;
	return !r->refused && r->kind != RCPT_INTERNAL;
}

void policy_outbound_verdict(const struct outbound *o, struct verdict *v)
{
	memset(v, 0, sizeof *v);
	if (!o->codes) {
		v->f[v->n++] = (struct verdict_field){ VERDICT_DELIVER, -1, NULL, NULL, NULL, NULL };
		return;
	}
	for (int c = 0; c < CODE_COUNT; c++) {
		if (!(o->codes & BIT(c)))
			continue;
		struct verdict_field *f = &v->f[v->n++];
		memset(f, 0, sizeof *f);
		f->kind = VERDICT_BLOCK;
		f->code = c;
		f->recipients = join(o, has_code, c);
		if (v->n == 1)
			f->refused = join(o, is_refused, 0);
	}
	char *kept = join(o, is_kept_external, 0);
	if (kept)
		v->f[v->n++] = (struct verdict_field){ VERDICT_DELIVER, -1, kept, NULL, NULL, NULL };
}

/* ---- inbound ---- */

static void param_value(const char *v, size_t n, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	out[0] = '\0';
	for (size_t i = 0; i + nl + 1 < n; i++) {
		if ((i == 0 || v[i - 1] == ' ' || v[i - 1] == ';') && strncasecmp(v + i, name, nl) == 0 &&
		    v[i + nl] == '=') {
			const char *p = v + i + nl + 1, *end = v + n;
			struct buf b = BUF_INIT_MAX(4096);
			if (p < end && *p == '"') {
				const char *q = ++p;
				while (p < end && *p != '"') {
					if (*p == '\\' && p + 1 < end)
						p++;
					p++;
				}
				stamp_unescape(q, (size_t)(p - q), &b);
			} else {
				const char *q = p;
				while (p < end && *p != ';' && *p != ' ')
					p++;
				buf_put(&b, q, (size_t)(p - q));
			}
			snprintf(out, outsz, "%s", b.p ? b.p : "");
			buf_free(&b);
			return;
		}
	}
}

void policy_parse_verified(const char *v, size_t n, struct verified *out)
{
	size_t k = 0;

	while (k < n && v[k] != ';' && !isspace((unsigned char)v[k]))
		k++;
	out->status = -1;       /* anything unreadable counts as a failure */
	if (k == 4 && strncasecmp(v, "pass", 4) == 0)
		out->status = 1;
	else if (k == 4 && strncasecmp(v, "none", 4) == 0)
		out->status = 0;
	param_value(v, n, "agency", out->agency, sizeof out->agency);
	param_value(v, n, "domain", out->domain, sizeof out->domain);
}

/* Skips white space and (comments). */
static const char *skip_cfws(const char *p, const char *end)
{
	int depth = 0;
	while (p < end) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth)
			depth--;
		else if (!depth && !isspace((unsigned char)*p))
			break;
		p++;
	}
	return p;
}

int policy_authres_dmarc_pass(const char *v, size_t n, const char *authserv_id,
    const char *domain)
{
	const char *p = skip_cfws(v, v + n), *end = v + n;
	size_t al = authserv_id ? strlen(authserv_id) : 0;

	if (al == 0 || (size_t)(end - p) < al || strncasecmp(p, authserv_id, al) != 0)
		return 0;
	p += al;
	if (p < end && *p != ';' && !isspace((unsigned char)*p) && *p != '(')
		return 0;       /* a longer id that only starts like ours */
	/* Each resinfo: "method=result (comment) ptype.property=value ...". */
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *e = semi ? semi : end;
		const char *q = skip_cfws(p, e);
		int dmarc_pass = 0, from_ok = 0;
		if ((size_t)(e - q) >= 10 && strncasecmp(q, "dmarc", 5) == 0) {
			const char *r = skip_cfws(q + 5, e);
			if (r < e && *r == '=') {
				r = skip_cfws(r + 1, e);
				dmarc_pass = (size_t)(e - r) >= 4 && strncasecmp(r, "pass", 4) == 0 &&
				    (r + 4 == e || !isalnum((unsigned char)r[4]));
			}
			for (const char *h = q; h + 12 <= e; h++)
				if (strncasecmp(h, "header.from", 11) == 0) {
					const char *d = skip_cfws(h + 11, e);
					if (d < e && *d == '=') {
						d = skip_cfws(d + 1, e);
						size_t dl = 0;
						while (d + dl < e && !isspace((unsigned char)d[dl]) && d[dl] != ';' &&
						    d[dl] != '(')
							dl++;
						from_ok = strlen(domain) == dl && strncasecmp(d, domain, dl) == 0;
					}
				}
		}
		if (dmarc_pass && from_ok)
			return 1;
		p = semi ? semi + 1 : end;
	}
	return 0;
}

void policy_inbound(const struct config *cfg, const struct directory *dir, struct inbound *in)
{
	const struct dir_entry *sender_entry = NULL;
	int pass = in->ver.status == 1;

	in->codes = 0;
	memset(in->why, 0, sizeof in->why);
	in->from_entry = in->from_domain[0] ? directory_lookup(dir, in->from_domain) : NULL;
	if (in->sender_domain[0])
		sender_entry = directory_lookup(dir, in->sender_domain);

	/* Signed by the From domain's agency, or (SGE) DMARC-aligned. */
	int from_proven = in->from_entry &&
	    ((pass && strcasecmp(in->ver.agency, in->from_entry->agency) == 0) ||
	     (in->from_entry->sge && in->dmarc_pass));
	int from_member_gateway = pass || from_proven;

	if (in->level >= LEVEL_SEEMAIL && !from_member_gateway) {
		in->codes |= BIT(CODE_4A);
		snprintf(in->why[CODE_4A], sizeof in->why[CODE_4A],
		    "classified %s, but it did not come through a SEEMail member's gateway",
		    level_name(in->level));
	}
	if (in->from_entry && !from_proven) {
		in->codes |= BIT(CODE_UNSIGNED_AGENCY);
		snprintf(in->why[CODE_UNSIGNED_AGENCY], sizeof in->why[CODE_UNSIGNED_AGENCY],
		    "From domain %s belongs to %s, but the message was not %s", in->from_domain,
		    in->from_entry->agency, in->from_entry->sge ? "signed by its gateway nor "
		    "DMARC-verified by our MTA" : "signed by its gateway");
	} else if (sender_entry && !(pass && strcasecmp(in->ver.agency, sender_entry->agency) == 0) &&
	    !(sender_entry->sge && in->dmarc_pass && in->from_entry &&
	    strcasecmp(in->from_entry->agency, sender_entry->agency) == 0)) {
		in->codes |= BIT(CODE_UNSIGNED_AGENCY);
		snprintf(in->why[CODE_UNSIGNED_AGENCY], sizeof in->why[CODE_UNSIGNED_AGENCY],
		    "envelope sender domain %s belongs to %s, but the message was not signed by "
		    "its gateway", in->sender_domain, sender_entry->agency);
	}
	if (in->own_domain[0] || (in->sender_domain[0] && config_is_local(cfg, in->sender_domain))) {
		in->codes |= BIT(CODE_OWN_DOMAIN);
		snprintf(in->why[CODE_OWN_DOMAIN], sizeof in->why[CODE_OWN_DOMAIN],
		    "%s is one of our own domains, but the message came from outside",
		    in->own_domain[0] ? in->own_domain : in->sender_domain);
	}
}

void policy_inbound_verdict(const struct inbound *in, struct verdict *v)
{
	memset(v, 0, sizeof *v);
	for (int c = 0; c < CODE_COUNT; c++) {
		if (!(in->codes & BIT(c)))
			continue;
		struct verdict_field *f = &v->f[v->n++];
		memset(f, 0, sizeof *f);
		f->kind = VERDICT_WARN;
		f->code = c;
		f->from = in->from_addr[0] ? strdup(in->from_addr) : NULL;
		if (c == CODE_UNSIGNED_AGENCY && in->from_entry)
			f->agency = strdup(in->from_entry->agency);
	}
	if (v->n == 0)
		v->f[v->n++] = (struct verdict_field){ VERDICT_DELIVER, -1, NULL, NULL, NULL, NULL };
}
