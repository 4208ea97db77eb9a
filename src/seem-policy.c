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

#include "certs.h"
#include "config.h"
#include "directory.h"
#include "emit.h"
#include "input.h"
#include "options.h"
#include "policy.h"
#include "policy_input.h"
#include "policy_report.h"
#include "stamp.h"
#include "status.h"
#include "triggers.h"
#include "verdict.h"

enum { OPT_SENDER = 256, OPT_INBOUND, OPT_QUEUE, OPT_EXPLAIN, OPT_JSON, OPT_ROUTES, OPT_CHECK };

static const struct toolopt opts[] = {
	{ "sender", 'f', "SENDER", "the envelope sender", OPT_SENDER },
	{ "inbound", 0, NULL, "decide for a message arriving from outside: warnings "
	  "4A, unsigned-agency, own-domain", OPT_INBOUND },
	{ "queue-id", 'q', "ID", "the MTA's queue id, for the audit line", OPT_QUEUE },
	{ "explain", 0, NULL, "instead of the message, write each recipient's look-up "
	  "and each rule applied, for a person", OPT_EXPLAIN },
	{ "json", 0, NULL, "the same as --explain, as JSON for a script", OPT_JSON },
	{ "routes", 0, NULL, "instead of the message, one line per recipient: held, smime "
	  "or plain, a tab, the address (for MTA scripts)", OPT_ROUTES },
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
	default: return option_mode(&a->mode, id);
	}
	return 0;
}

static const char *const own_stamps[] = { "X-SEEMail-Policy", NULL };

/* --check: every file the configuration names, and the certificates and
 * keys it needs, loaded as the tools would load them. */
static int check(const struct config *cfg)
{
	struct patterns *pat = NULL;
	struct directory dir;
	struct gateway g = { 0 };
	int st = triggers_load(cfg, &pat);
	int dst = directory_load(cfg, &dir);
	int gst = 0;

	X509_STORE *store = NULL;
	if (dst == 0 && cfg->ca_file && (dst = certs_read_store(cfg->ca_file, &store)) != 0)
		log_msg(LOG_ERR, "%s: ca_file cannot be read", cfg->ca_file);
	if (dst == 0)
		dst = certs_check_directory(&dir, 30, store);
	X509_STORE_free(store);
	if (cfg->cert || cfg->key) {
		gst = certs_load_gateway(cfg, &g, 1);
		certs_gateway_free(&g);
	}
	if (st == 0 && dst == 0 && gst == 0)
		printf("%s: OK: %zu domains in %s, %zu trigger terms%s\n",
		    cfg->path ? cfg->path : "built-in configuration", dir.n, dir.name,
		    patterns_count(pat), cfg->cert ? ", gateway key and certificate" : "");
	patterns_free(pat);
	directory_free(&dir);
	if (st == 0 && dst == 0 && gst == 0)
		return tool_flush_stdout();
	return st ? st : dst ? dst : gst;
}

/* Outbound: the recipients are the operands. */
static int outbound(const struct config *cfg, const struct directory *dir,
    struct report_ctx *rep, char **rcpts, size_t n, struct outbound *o, struct verdict *v)
{
	o->level = rep->level;
	o->uninspectable = rep->uninspectable;
	o->n = n;
	o->r = calloc(n ? n : 1, sizeof *o->r);
	if (o->r == NULL)
		return EX_TEMPFAIL;
	for (size_t i = 0; i < n; i++)
		o->r[i].addr = rcpts[i];
	policy_outbound(cfg, dir, o);
	policy_outbound_verdict(o, v);
	return 0;
}

int main(int argc, char **argv)
{
	struct common_opts common;
	struct args a = { 0 };
	struct config cfg;
	struct directory dir = { 0 };
	struct input in = { 0 };
	struct verdict v = { 0 };
	struct outbound o = { 0 };
	struct inbound ib;
	struct buf b = BUF_INIT_MAX(0);
	const char *why;
	int first, st;

	st = tool_start(argc, argv, &tool, LOG_TARGET_SYSLOG, handle, &a, &common, &cfg, &first, -1);
	if (st)
		return st < 0 ? 0 : st;
	if (a.check) {
		st = check(&cfg);
		goto done;
	}
	if (a.inbound && a.mode == OPT_ROUTES) {
		log_msg(LOG_ERR, "--routes is for outbound decisions");
		st = EX_USAGE;
		goto done;
	}
	if (!a.inbound && first == argc) {
		log_msg(LOG_ERR, "no recipients: seem-policy -f SENDER RCPT... (or --inbound)");
		st = EX_USAGE;
		goto done;
	}
	if ((st = directory_load(&cfg, &dir)) != 0 ||
	    (st = input_read_fd(&in, STDIN_FILENO, "stdin", cfg.lim.max_message_size)) != 0)
		goto done;
	struct report_ctx rep = { &cfg, &in, a.sender, a.queue_id,
	    policy_read_level(in.p, in.len, &why),
	    stamp_find(in.p, in.len, "X-SEEMail-Trigger", NULL, NULL),
	    stamp_find(in.p, in.len, "X-SEEMail-Uninspectable", NULL, NULL) };
	if (rep.level < 0) {
		log_msg(LOG_ERR, "%s: %s: run seem-classify first (the policy never guesses)",
		    in.name, why);
		st = EX_DATAERR;
		goto done;
	}
	memset(&ib, 0, sizeof ib);
	if (a.inbound) {
		ib.level = rep.level;
		policy_read_inbound(&cfg, &dir, in.p, in.len, a.sender, &ib);
		policy_inbound(&cfg, &dir, &ib);
		policy_inbound_verdict(&ib, &v);
	} else if ((st = outbound(&cfg, &dir, &rep, argv + first, (size_t)(argc - first), &o, &v)) != 0) {
		goto done;
	}
	policy_audit(&rep, &v, a.inbound ? NULL : &o);
	if (a.mode == OPT_ROUTES) {
		policy_report_routes(&b, &o);
		st = emit_buf(&b);
	} else if (a.mode == OPT_EXPLAIN || a.mode == OPT_JSON) {
		if (a.inbound)
			policy_report_inbound(&b, &rep, &ib, &v, a.mode == OPT_JSON);
		else
			policy_report_outbound(&b, &rep, &dir, &o, &v, a.mode == OPT_JSON);
		st = emit_buf(&b);
	} else {
		verdict_write(&b, &v, stamp_newline(in.p, in.len));
		st = emit_stamped(in.p, in.len, &b, own_stamps);
	}
	if (st == 0 && verdict_kind(&v) == VERDICT_BLOCK)
		st = EX_NOPERM;
done:
	free(o.r);
	buf_free(&b);
	verdict_free(&v);
	input_free(&in);
	directory_free(&dir);
	config_free(&cfg);
	return st;
}
