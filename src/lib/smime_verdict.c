/*
 * smime_verdict.c: the X-SEEMail-Verified stamp, the log line, and the
 * message written after the stamp (see smime_verify.h).
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "output.h"
#include "smime_canon.h"
#include "smime_header.h"
#include "smime_verify_priv.h"
#include "stamp.h"
#include "status.h"

static const char *const own_stamps[] = { "X-SEEMail-*", NULL };
static const char *const entity_drop[] = {
	"X-SEEMail-*", "Content-*", "MIME-Version", NULL,
};

static void stamp_value(const struct verify *v, struct buf *b)
{
	static const char *const names[] = { "none", "pass", "fail" };

	buf_puts(b, names[v->status]);
	if (v->status == V_PASS) {
		buf_puts(b, "; agency=\"");
		stamp_escape(b, v->agency, strlen(v->agency), 1);
		buf_puts(b, "\"");
	}
	if (v->status == V_FAIL) {
		buf_puts(b, "; reason=\"");
		stamp_escape(b, v->why, strlen(v->why), 1);
		buf_puts(b, "\"");
	}
	if (v->status != V_NONE && v->domain[0]) {
		buf_puts(b, "; domain=\"");
		stamp_escape(b, v->domain, strlen(v->domain), 1);
		buf_puts(b, "\"");
	}
	if (v->status == V_PASS && v->mismatch[0])
		buf_printf(b, "; mismatch=\"%s\"", v->mismatch);
	if (v->status == V_PASS && v->header_unsigned)
		buf_puts(b, "; header=\"not signed\"");
}

static void put_spans(struct output *o, const struct span *spans, size_t n, int lf)
{
	for (size_t i = 0; i < n; i++)
		out_lines(o, spans[i].p, spans[i].n, lf);
}

int smime_write_result(const struct verify *v, int fd)
{
	const char *nl = stamp_newline(v->in->p, v->in->len);
	int lf = strcmp(nl, "\n") == 0;
	struct span whole = { v->in->p, v->in->len }, *spans = NULL, *ent = NULL;
	size_t nspans = 0, nent = 0;
	struct buf b = BUF_INIT_MAX(1 << 20), val = BUF_INIT_MAX(1 << 16);
	struct output *o = malloc(sizeof *o);
	int st = 0;

	stamp_value(v, &val);
	if (!val.err)
		stamp_field(&b, "X-SEEMail-Verified", val.p, nl);
	if (v->out == OUT_INNER)
		smime_trace_fields(&b, v->hdr, nl);
	/* Everything that can fail for want of memory is done before the
	 * first byte is written: nothing partial ever leaves. */
	if (!b.err && !val.err && o != NULL) {
		if (v->out == OUT_INNER)
			st = stamp_strip(v->msg.p, v->msg.n, smime_inner_drop, &spans, &nspans);
		else if (v->out == OUT_ENTITY &&
		    (st = stamp_strip(v->hdr.p, v->hdr.n, entity_drop, &spans, &nspans)) == 0)
			/* The entity's own header becomes part of the message's. */
			st = stamp_strip(v->msg.p, v->msg.n, own_stamps, &ent, &nent);
		else
			st = stamp_strip(whole.p, whole.n, own_stamps, &spans, &nspans);
	}
	if (b.err || val.err || o == NULL || st < 0) {
		buf_free(&b);
		buf_free(&val);
		free(o);
		free(spans);
		free(ent);
		log_msg(LOG_ERR, "out of memory writing the result");
		return EX_TEMPFAIL;
	}
	out_init(o, fd);
	out_put(o, b.p, b.len);
	if (v->out == OUT_ENTITY) {
		put_spans(o, spans, nspans, 0);
		out_puts(o, "MIME-Version: 1.0");
		out_puts(o, nl);
		put_spans(o, ent, nent, lf);
	} else {
		put_spans(o, spans, nspans, v->out == OUT_INNER ? lf : 0);
	}
	buf_free(&b);
	buf_free(&val);
	free(spans);
	free(ent);
	st = out_finish(o);
	free(o);
	return st;
}

void smime_log_verdict(const struct verify *v)
{
	char why[400];

	if (v->status == V_PASS)
		log_msg(LOG_INFO, "pass: signed by the gateway of %s for %s%s%s%s", v->agency,
		    v->domain, v->decrypted ? ", decrypted" : "", v->mismatch[0] ? "; outer " : "",
		    v->mismatch[0] ? v->mismatch : "");
	else if (v->status == V_FAIL)
		log_msg(LOG_INFO, "fail: %s", log_sanitize(why, sizeof why, v->why, strlen(v->why)));
	else
		log_msg(LOG_INFO, "none: not S/MIME");
	if (v->status == V_PASS && strstr(v->mismatch, "From"))
		log_msg(LOG_WARNING, "the outer From differs from the signed one (%s): the signed "
		    "one is delivered", v->domain);
}
