/*
 * notice.c: which notice a stamped message gets, if any (see notice.h).
 *
 * The rules against mail loops (RFC 3834, RFC 5321 section 4.5.5) are
 * here: a block notice never answers a null sender or an auto-submitted
 * message.  An inbound warning goes to the message's own recipients and
 * stands in for the message, so it is always written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "log.h"
#include "notice_priv.h"
#include "status.h"

/* Our host name for Reporting-MTA: letters, digits, '-' and '.'. */
static char *host_name(void)
{
	char h[256];

	if (gethostname(h, sizeof h) < 0)
		h[0] = '\0';
	h[sizeof h - 1] = '\0';
	for (char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			*p = '-';
	return strdup(h[0] ? h : "localhost");
}

/* notify_from: "addr", "Name <addr>", or a bare local part such as the
 * default MAILER-DAEMON, which gets "@" and our host name. */
static int parse_from(struct notice_set *ns, const char *v)
{
	const char *lt = strrchr(v, '<'), *a = v, *gt;
	size_t an = strlen(v);
	struct buf addr = BUF_INIT_MAX(1024);

	if (lt && (gt = strchr(lt, '>')) != NULL) {
		const char *name = v;
		size_t nn = (size_t)(lt - v);
		while (nn && (*name == ' ' || *name == '\t'))
			name++, nn--;
		while (nn && (name[nn - 1] == ' ' || name[nn - 1] == '\t'))
			nn--;
		if (nn >= 2 && name[0] == '"' && name[nn - 1] == '"')
			name++, nn -= 2;
		ns->from_name = notice_clean_dup(name, nn, 200);
		a = lt + 1;
		an = (size_t)(gt - a);
	} else {
		ns->from_name = strdup("");
	}
	while (an && (*a == ' ' || *a == '\t'))
		a++, an--;
	while (an && (a[an - 1] == ' ' || a[an - 1] == '\t'))
		an--;
	buf_put(&addr, a, an);
	if (memchr(a, '@', an) == NULL)
		buf_printf(&addr, "@%s", ns->host);
	if (addr.err || ns->from_name == NULL) {
		buf_free(&addr);
		return EX_TEMPFAIL;
	}
	if (!notice_addr_ok(addr.p, addr.len)) {
		char shown[200];
		log_msg(LOG_ERR, "notify_from = %s: not a mail address",
		    log_sanitize(shown, sizeof shown, v, strlen(v)));
		buf_free(&addr);
		return EX_CONFIG;
	}
	ns->from_addr = buf_take(&addr, NULL);
	ns->domain = strchr(ns->from_addr, '@') + 1;
	return 0;
}

int notice_load(const struct config *cfg, struct notice_set **out)
{
	struct notice_set *ns = calloc(1, sizeof *ns);
	const char *prefix = cfg->warning_prefix ? cfg->warning_prefix : "";
	int st;

	*out = NULL;
	if (ns == NULL)
		return EX_TEMPFAIL;
	ns->cfg = cfg;
	ns->host = host_name();
	ns->prefix = notice_clean_dup(prefix, strlen(prefix), 200);
	if (ns->host == NULL || ns->prefix == NULL)
		st = EX_TEMPFAIL;
	else if ((st = parse_from(ns, cfg->notify_from ? cfg->notify_from : "MAILER-DAEMON")) == 0)
		st = notice_templates_load(cfg, ns->tpl);
	if (st) {
		notice_set_free(ns);
		return st;
	}
	*out = ns;
	return 0;
}

void notice_set_free(struct notice_set *ns)
{
	if (ns == NULL)
		return;
	for (int c = 0; c < CODE_COUNT; c++)
		template_free(ns->tpl[c]);
	free(ns->from_name);
	free(ns->from_addr);
	free(ns->host);
	free(ns->prefix);
	free(ns);
}

/* Why a block gets no notice (in buf when it names the sender), or NULL
 * if it gets one. */
static const char *no_notice(struct notice *nt, int *prio, char *buf, size_t bn)
{
	int s = notice_sender(nt, &nt->sender);

	*prio = LOG_INFO;
	if (s == 0)
		return "the envelope sender is null (<>): a notice never answers a bounce";
	if (nt->auto_submitted)
		return "the message is itself auto-submitted (RFC 3834): a notice would "
		    "answer a robot";
	if (s < 0) {
		*prio = LOG_WARNING;
		return "no usable sender address (-f, Return-Path or From)";
	}
	/* A notice repeats what was blocked (the subject, the terms, the
	 * original): it must not carry it out of the agency either. */
	char dom[256];
	if (nt->ns->cfg->local_domains.n > 0 && (addr_domain(nt->sender, dom, sizeof dom) < 0 ||
	    !config_is_local(nt->ns->cfg, dom))) {
		char who[256];
		*prio = LOG_WARNING;
		snprintf(buf, bn, "the sender %s is outside local_domains, and a notice would "
		    "carry what was blocked out of the agency", log_sanitize(who, sizeof who,
		    nt->sender, strlen(nt->sender)));
		return buf;
	}
	return NULL;
}

int notice_build(const struct notice_set *ns, const struct notice_args *a,
    const char *msg, size_t n, struct buf *out, enum notice_result *res)
{
	struct notice nt;
	struct buf text = BUF_INIT_MAX(1 << 24), subject = BUF_INIT_MAX(1 << 16);
	const char *why;
	char whybuf[512];
	int st, prio;

	memset(&nt, 0, sizeof nt);
	nt.ns = ns;
	nt.args = a;
	*res = NOTICE_NONE;
	if ((st = notice_read(&nt, msg, n)) != 0)
		goto done;
	if (nt.kind == VERDICT_DELIVER) {
		*res = NOTICE_PASS;
		goto done;
	}
	const char *id = nt.msgid ? nt.msgid : "(no Message-ID)";
	const char *code = code_name(nt.v.f[nt.fields[0]].code);
	if (nt.kind == VERDICT_BLOCK && (why = no_notice(&nt, &prio, whybuf, sizeof whybuf)) != NULL) {
		log_msg(prio, "no notice for %s (block, code %s): %s", id, code, why);
		goto done;
	}
	notice_text(&nt, &text, &subject);
	if (text.err || subject.err) {
		log_msg(LOG_ERR, "out of memory writing the notice");
		st = EX_TEMPFAIL;
		goto done;
	}
	if (nt.kind == VERDICT_BLOCK)
		st = notice_write_block(&nt, text.p ? text.p : "", text.len,
		    subject.p ? subject.p : "", out);
	else
		st = notice_write_warn(&nt, text.p ? text.p : "", text.len,
		    subject.p ? subject.p : "", out);
	if (st == 0) {
		*res = nt.kind == VERDICT_BLOCK ? NOTICE_BLOCK : NOTICE_WARN;
		if (nt.kind == VERDICT_BLOCK)
			log_msg(LOG_INFO, "block notice for %s (code %s) to %s", id, code, nt.sender);
		else
			log_msg(LOG_INFO, "warning for %s (code %s) to %zu recipients", id, code,
			    nt.to.n + nt.cc.n);
	}
done:
	if (st) {
		buf_reset(out);
		*res = NOTICE_NONE;
	}
	buf_free(&text);
	buf_free(&subject);
	notice_release(&nt);
	return st;
}
