/*
 * smime_rcpt.c: recipients to destination agencies.
 */
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "log.h"
#include "smime_rcpt.h"
#include "status.h"
#include "verdict.h"

/* The member entry of a recipient, or NULL if it is not one. */
static const struct dir_entry *member(const struct config *c, const struct directory *d,
    const char *rcpt)
{
	char dom[256];
	const struct dir_entry *e;

	if (addr_domain(rcpt, dom, sizeof dom) < 0 || config_is_local(c, dom))
		return NULL;
	e = directory_lookup(d, dom);
	return e && !e->sge ? e : NULL;
}

/* The entry whose certificate encrypts to e's agency. */
static const struct dir_entry *cert_entry(const struct directory *d, const struct dir_entry *e)
{
	if (e->cert)
		return e;
	for (size_t i = 0; i < d->n; i++)
		if (d->e[i].cert && strcmp(d->e[i].agency, e->agency) == 0)
			return &d->e[i];
	return NULL;
}

int smime_plan(const struct config *c, const struct directory *d, char *const *rcpt,
    size_t n, struct smime_plan *p)
{
	const char *a_member = NULL, *an_other = NULL;
	char s1[256], s2[256];

	memset(p, 0, sizeof *p);
	if (n == 0) {
		log_msg(LOG_ERR, "no recipients: give the envelope recipients as arguments");
		return EX_USAGE;
	}
	if ((p->dest = calloc(n, sizeof *p->dest)) == NULL) {
		log_msg(LOG_ERR, "out of memory");
		return EX_TEMPFAIL;
	}
	for (size_t i = 0; i < n; i++) {
		if (member(c, d, rcpt[i]) == NULL) {
			p->nother++;
			an_other = an_other ? an_other : rcpt[i];
		} else {
			p->nmember++;
			a_member = a_member ? a_member : rcpt[i];
		}
	}
	if (p->nmember && p->nother) {
		log_msg(LOG_ERR, "the recipients mix SEEMail members (%s) and others (%s): one "
		    "message cannot be both encrypted and not; the MTA must split the batch "
		    "(one recipient per delivery on the seem-sign transport)",
		    log_sanitize(s1, sizeof s1, a_member, strlen(a_member)),
		    log_sanitize(s2, sizeof s2, an_other, strlen(an_other)));
		return EX_USAGE;
	}
	for (size_t i = 0; i < n && p->nmember; i++) {
		const struct dir_entry *e = member(c, d, rcpt[i]);
		size_t k;
		for (k = 0; k < p->ndest && strcmp(p->dest[k].entry->agency, e->agency) != 0; k++)
			;
		if (k == p->ndest) {
			const struct dir_entry *ce = cert_entry(d, e);
			if (ce == NULL) {
				log_msg(LOG_ERR, "%s:%u: %s has no gateway certificate (\"-\"): mail to "
				    "%s cannot be encrypted and waits in the queue until one is "
				    "installed", d->name, e->line, e->agency,
				    log_sanitize(s1, sizeof s1, rcpt[i], strlen(rcpt[i])));
				return EX_TEMPFAIL;
			}
			p->dest[p->ndest++].entry = ce;
		}
		p->dest[k].nrcpt++;
	}
	return 0;
}

void smime_plan_free(struct smime_plan *p)
{
	free(p->dest);
	memset(p, 0, sizeof *p);
}

static int kept(const struct verdict *v, const char *addr)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->f[i].kind == VERDICT_DELIVER && verdict_list_has(v->f[i].recipients, addr, strlen(addr)))
			return 1;
	return 0;
}

int smime_policy_allows(const struct config *c, const char *msg, size_t len,
    char *const *rcpt, size_t n)
{
	struct verdict v;
	char dom[256], s[256];
	int st = 0;

	switch (verdict_read(msg, len, &v)) {
	case -1:
		log_msg(LOG_ERR, "refused: the X-SEEMail-Policy stamp cannot be read");
		return EX_NOPERM;
	case 0:
		return 0;
	}
	for (size_t i = 0; i < n && st == 0 && verdict_kind(&v) == VERDICT_BLOCK; i++) {
		if (addr_domain(rcpt[i], dom, sizeof dom) == 0 && config_is_local(c, dom))
			continue;
		if (!kept(&v, rcpt[i])) {
			log_msg(LOG_ERR, "refused: seem-policy blocked this message (code %s) and "
			    "%s is not among the recipients it may still go to",
			    code_name(v.f[0].code), log_sanitize(s, sizeof s, rcpt[i], strlen(rcpt[i])));
			st = EX_NOPERM;
		}
	}
	verdict_free(&v);
	return st;
}
