/*
 * seem-policy: decide who may receive a classified message (outbound), or
 * which warning an arriving one needs (--inbound), and stamp the message
 * with X-SEEMail-Policy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "address.h"
#include "config.h"
#include "directory.h"
#include "input.h"
#include "level.h"
#include "options.h"
#include "output.h"
#include "policy.h"
#include "policy_report.h"
#include "stamp.h"
#include "status.h"
#include "triggers.h"
#include "verdict.h"

enum { OPT_SENDER = 256, OPT_INBOUND, OPT_QUEUE, OPT_EXPLAIN, OPT_JSON, OPT_CHECK };

static const struct toolopt opts[] = {
	{ "sender", 'f', "SENDER", "the envelope sender", OPT_SENDER },
	{ "inbound", 0, NULL, "decide for a message arriving from outside: warnings "
	  "4A, unsigned-agency, own-domain", OPT_INBOUND },
	{ "queue-id", 'q', "ID", "the MTA's queue id, for the audit line", OPT_QUEUE },
	{ "explain", 0, NULL, "instead of the message, write each recipient's look-up "
	  "and each rule applied, for a person", OPT_EXPLAIN },
	{ "json", 0, NULL, "the same as --explain, as JSON for a script", OPT_JSON },
	{ "check", 0, NULL, "check the whole configuration (seemail.conf, directory, "
	  "triggers, certificates) and exit", OPT_CHECK },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct tool tool = {
	"seem-policy", "[RCPT...] <MESSAGE",
	"Reads a message classified by seem-classify on standard input and writes it\n"
	"back with X-SEEMail-Policy stamps: deliver, or block with the codes (outbound,\n"
	"for the envelope recipients RCPT...), or warn (--inbound).",
	opts,
	"  0   deliver, or deliver with a warning (--inbound)\n"
	"  77  blocked: the stamped message is still written, for seem-notify\n"
	"  64  usage error (no recipients for an outbound decision)\n"
	"  65  the input is not a message, or has not exactly one classification stamp\n"
	"  75  transient failure\n"
	"  78  configuration error (also what --check reports)\n",
};

struct args {
	const char *sender, *queue_id;
	int inbound, mode, check;
};

static int handle(void *ctx, int id, const char *arg)
{
	struct args *a = ctx;

	switch (id) {
	case OPT_SENDER: a->sender = arg; break;
	case OPT_INBOUND: a->inbound = 1; break;
	case OPT_QUEUE: a->queue_id = arg; break;
	case OPT_CHECK: a->check = 1; break;
	default: a->mode = id; break;
	}
	return 0;
}

/* Reads the one X-SEEMail-Classification stamp.  -1 if absent, several
 * or unknown. */
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

static void read_verified(const char *v, size_t n, void *ctx)
{
	struct verified *ver = ctx;
	if (ver->status != -2) {
		/* More than one: someone added one; trust none. */
		ver->status = -1;
		snprintf(ver->agency, sizeof ver->agency, "%s", "");
		return;
	}
	policy_parse_verified(v, n, ver);
}

struct authres {
	const char *authserv_id, *domain;
	int pass;
};

static void read_authres(const char *v, size_t n, void *ctx)
{
	struct authres *a = ctx;
	if (policy_authres_dmarc_pass(v, n, a->authserv_id, a->domain))
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

static const char *const own_stamps[] = { "X-SEEMail-Policy", NULL };

static int write_message(const struct input *in, const struct verdict *v)
{
	struct buf b = BUF_INIT_MAX(0);
	struct span *spans = NULL;
	size_t nspans = 0;
	struct output out;

	verdict_write(&b, v, stamp_newline(in->p, in->len));
	if (b.err || stamp_strip(in->p, in->len, own_stamps, &spans, &nspans) < 0) {
		buf_free(&b);
		log_msg(LOG_ERR, "out of memory writing the result");
		return EX_TEMPFAIL;
	}
	out_init(&out, STDOUT_FILENO);
	out_put(&out, b.p, b.len);
	for (size_t i = 0; i < nspans; i++)
		out_put(&out, spans[i].p, spans[i].n);
	buf_free(&b);
	free(spans);
	return out_finish(&out);
}

static int write_text(struct buf *b)
{
	struct output out;

	if (b->err) {
		log_msg(LOG_ERR, "out of memory writing the report");
		return EX_TEMPFAIL;
	}
	out_init(&out, STDOUT_FILENO);
	out_put(&out, b->p, b->len);
	return out_finish(&out);
}

static int check(const struct config *cfg)
{
	struct patterns *pat = NULL;
	struct directory dir;
	int st = triggers_load(cfg, &pat);
	int dst = directory_load(cfg, &dir);

	if (dst == 0)
		dst = policy_check_certificates(&dir);
	if (st == 0 && dst == 0)
		printf("%s: OK: %zu domains in %s, %zu trigger terms\n",
		    cfg->path ? cfg->path : "built-in configuration", dir.n, dir.name,
		    patterns_count(pat));
	patterns_free(pat);
	directory_free(&dir);
	return st ? st : dst;
}

int main(int argc, char **argv)
{
	struct common_opts common;
	struct args a = { 0 };
	struct config cfg;
	struct directory dir = { 0 };
	struct input in = { 0 };
	struct verdict v = { 0 };
	int first, st;

	tool_init(&tool, LOG_TARGET_SYSLOG);
	st = options_parse(argc, argv, &tool, &common, handle, &a, &first);
	if (st)
		return st < 0 ? 0 : st;
	if ((st = tool_load_config(&common, &cfg)) != 0)
		return st;
	if (a.check) {
		st = check(&cfg);
		config_free(&cfg);
		return st;
	}
	if (!a.inbound && first == argc) {
		log_msg(LOG_ERR, "no recipients: seem-policy -f SENDER RCPT... (or --inbound)");
		config_free(&cfg);
		return EX_USAGE;
	}
	if ((st = directory_load(&cfg, &dir)) != 0)
		goto done;
	if ((st = input_read_fd(&in, STDIN_FILENO, "stdin", cfg.lim.max_message_size)) != 0)
		goto done;

	struct level_read lr = { -1, 0 };
	stamp_find(in.p, in.len, "X-SEEMail-Classification", read_level, &lr);
	if (lr.count != 1 || lr.level < 0) {
		log_msg(LOG_ERR, "%s: %s: run seem-classify first (the policy never guesses)",
		    in.name, lr.count == 0 ? "no X-SEEMail-Classification stamp"
		    : lr.count > 1 ? "more than one X-SEEMail-Classification stamp"
		    : "unknown level in X-SEEMail-Classification");
		st = EX_DATAERR;
		goto done;
	}
	struct report_ctx rep = { &cfg, &in, a.sender, a.queue_id, lr.level,
	    stamp_find(in.p, in.len, "X-SEEMail-Trigger", NULL, NULL),
	    stamp_find(in.p, in.len, "X-SEEMail-Uninspectable", NULL, NULL) };
	struct outbound o = { 0 };
	struct inbound ib;
	memset(&ib, 0, sizeof ib);

	if (!a.inbound) {
		o.level = lr.level;
		o.uninspectable = rep.uninspectable;
		o.n = (size_t)(argc - first);
		o.r = calloc(o.n, sizeof *o.r);
		if (o.r == NULL) {
			st = EX_TEMPFAIL;
			goto done;
		}
		for (size_t i = 0; i < o.n; i++)
			o.r[i].addr = argv[first + (int)i];
		policy_outbound(&cfg, &dir, &o);
		policy_outbound_verdict(&o, &v);
	} else {
		struct buf from = BUF_INIT_MAX(1 << 20), addr = BUF_INIT_MAX(4096);
		struct first_value fv = { &from, 0 };
		ib.level = lr.level;
		ib.ver.status = -2;
		stamp_find(in.p, in.len, "X-SEEMail-Verified", read_verified, &ib.ver);
		if (ib.ver.status == -2)
			ib.ver.status = 0;
		stamp_find(in.p, in.len, "From", first_value, &fv);
		if (from.len && addr_first(from.p, from.len, &addr) == 0 && addr.len) {
			snprintf(ib.from_addr, sizeof ib.from_addr, "%s", addr.p);
			if (addr_domain(addr.p, ib.from_domain, sizeof ib.from_domain) < 0)
				ib.from_domain[0] = '\0';
		}
		buf_free(&from);
		buf_free(&addr);
		if (a.sender && addr_domain(a.sender, ib.sender_domain, sizeof ib.sender_domain) < 0)
			ib.sender_domain[0] = '\0';
		struct authres ar = { cfg.authserv_id, ib.from_domain, 0 };
		if (cfg.authserv_id && ib.from_domain[0])
			stamp_find(in.p, in.len, "Authentication-Results", read_authres, &ar);
		ib.dmarc_pass = ar.pass;
		policy_inbound(&cfg, &dir, &ib);
		policy_inbound_verdict(&ib, &v);
	}

	policy_audit(&rep, &v, a.inbound ? NULL : &o);
	if (a.mode == OPT_EXPLAIN || a.mode == OPT_JSON) {
		struct buf b = BUF_INIT_MAX(0);
		if (a.inbound)
			policy_report_inbound(&b, &rep, &ib, &v, a.mode == OPT_JSON);
		else
			policy_report_outbound(&b, &rep, &dir, &o, &v, a.mode == OPT_JSON);
		st = write_text(&b);
		buf_free(&b);
	} else {
		st = write_message(&in, &v);
	}
	if (st == 0 && verdict_kind(&v) == VERDICT_BLOCK)
		st = EX_NOPERM;
	free(o.r);
done:
	verdict_free(&v);
	input_free(&in);
	directory_free(&dir);
	config_free(&cfg);
	return st;
}
