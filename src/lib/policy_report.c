/*
 * policy_report.c: --explain, --json and the audit line of seem-policy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "level.h"
#include "log.h"
#include "mime.h"
#include "policy_report.h"
#include "stamp.h"
#include "status.h"

#define BIT(c) (1u << (c))

static void message_id(const struct input *in, char *out, size_t sz)
{
	struct span hdr, body, v;
	struct buf b = BUF_INIT_MAX(4096);

	out[0] = '\0';
	mime_split(in->p, in->len, &hdr, &body);
	if (hdr_find(hdr, "Message-ID", &v)) {
		hdr_unfold(v.p, v.n, &b);
		if (!b.err && b.p)
			log_sanitize(out, sz, b.p + strspn(b.p, " \t"), strlen(b.p + strspn(b.p, " \t")));
	}
	buf_free(&b);
}

static void codes_list(struct buf *b, const struct verdict *v, const char *sep)
{
	int any = 0;
	for (size_t i = 0; i < v->n; i++)
		if (v->f[i].code >= 0) {
			buf_printf(b, "%s%s", any ? sep : "", code_name(v->f[i].code));
			any = 1;
		}
}

static const char *kind_word(int k)
{
	return k == VERDICT_BLOCK ? "block" : k == VERDICT_WARN ? "warn" : "deliver";
}

void policy_audit(const struct report_ctx *r, const struct verdict *v,
    const struct outbound *o)
{
	char msgid[256], sender[256], q[64];
	struct buf b = BUF_INIT_MAX(8192), codes = BUF_INIT_MAX(1024);

	message_id(r->in, msgid, sizeof msgid);
	log_sanitize(sender, sizeof sender, r->sender ? r->sender : "", r->sender ? strlen(r->sender) : 0);
	log_sanitize(q, sizeof q, r->queue_id ? r->queue_id : "-", r->queue_id ? strlen(r->queue_id) : 1);
	codes_list(&codes, v, ",");
	buf_printf(&b, "queue=%s direction=%s message-id=%s sender=<%s> level=%s verdict=%s codes=%s",
	    q, o ? "outbound" : "inbound", msgid[0] ? msgid : "-", sender, level_name(r->level),
	    kind_word(verdict_kind(v)), codes.len ? codes.p : "-");
	if (o) {
		buf_puts(&b, " rcpts=");
		for (size_t i = 0; i < o->n && b.len < 7000; i++) {
			char a[256];
			log_sanitize(a, sizeof a, o->r[i].addr, strlen(o->r[i].addr));
			buf_printf(&b, "%s%s%s", i ? "," : "", a, o->r[i].refused ? "(refused)" : "");
		}
	}
	buf_printf(&b, " triggers=%zu uninspectable=%zu", r->triggers, r->uninspectable);
	if (!b.err)
		log_msg(LOG_INFO, "%s", b.p);
	buf_free(&b);
	buf_free(&codes);
}

/* Text from the message or the command line, for a person or a line-
 * based script: a control character must not start a line of its own or
 * move the terminal's cursor, so all but printable ASCII is escaped. */
static void text(struct buf *b, const char *s)
{
	stamp_escape(b, s, strlen(s), 0);
}

static void explain_head(struct buf *b, const struct report_ctx *r, const char *dir)
{
	char msgid[256];
	message_id(r->in, msgid, sizeof msgid);
	buf_printf(b, "Direction: %s\nMessage-ID: ", dir);
	text(b, msgid[0] ? msgid : "(none)");
	buf_puts(b, "\nSender: ");
	text(b, r->sender ? r->sender : "(not given)");
	buf_putc(b, '\n');
	buf_printf(b, "Classification: %s (%zu trigger stamps, %zu uninspectable parts)\n",
	    level_name(r->level), r->triggers, r->uninspectable);
}

static void explain_verdict(struct buf *b, const struct verdict *v)
{
	buf_printf(b, "\nVerdict: %s\n", kind_word(verdict_kind(v)));
	for (size_t i = 0; i < v->n; i++) {
		const struct verdict_field *f = &v->f[i];
		if (f->code >= 0) {
			buf_printf(b, "  %s %s (%s)%s", kind_word(f->kind), code_name(f->code),
			    code_title(f->code), f->recipients ? ": " : "");
			text(b, f->recipients ? f->recipients : "");
			buf_putc(b, '\n');
		} else if (f->recipients) {
			buf_puts(b, "  still delivered to: ");
			text(b, f->recipients);
			buf_putc(b, '\n');
		}
		if (f->refused) {
			buf_puts(b, "  refused, not delivered to: ");
			text(b, f->refused);
			buf_putc(b, '\n');
		}
	}
}

static void json_codes(struct buf *b, unsigned codes)
{
	int any = 0;
	buf_putc(b, '[');
	for (int c = 0; c < CODE_COUNT; c++)
		if (codes & BIT(c)) {
			buf_printf(b, "%s\"%s\"", any ? "," : "", code_name(c));
			any = 1;
		}
	buf_putc(b, ']');
}

void policy_report_outbound(struct buf *b, const struct report_ctx *r,
    const struct directory *dir, const struct outbound *o, const struct verdict *v,
    int json)
{
	if (json) {
		char msgid[256];
		message_id(r->in, msgid, sizeof msgid);
		buf_puts(b, "{\"direction\":\"outbound\",\"message_id\":");
		json_cstr(b, msgid);
		buf_puts(b, ",\"sender\":");
		json_cstr(b, r->sender ? r->sender : "");
		buf_printf(b, ",\"classification\":\"%s\",\"triggers\":%zu,\"uninspectable\":%zu,"
		    "\"on_block\":\"%s\",\"recipients\":[", level_name(r->level), r->triggers,
		    r->uninspectable, o->on_block == ON_BLOCK_ALL ? "all" : "uncleared");
		for (size_t i = 0; i < o->n; i++) {
			const struct rcpt *x = &o->r[i];
			buf_puts(b, i ? ",{\"address\":" : "{\"address\":");
			json_cstr(b, x->addr);
			buf_puts(b, ",\"domain\":");
			json_cstr(b, x->domain);
			buf_printf(b, ",\"kind\":\"%s\"", rcpt_kind_name(x->kind));
			if (x->entry) {
				buf_puts(b, ",\"agency\":");
				json_cstr(b, x->entry->agency);
				buf_puts(b, ",\"directory\":");
				json_cstr(b, dir->name);
				buf_printf(b, ",\"directory_line\":%u,\"sge\":%s", x->entry->line,
				    x->entry->sge ? "true" : "false");
			}
			buf_puts(b, ",\"rule\":");
			json_cstr(b, x->why);
			buf_puts(b, ",\"codes\":");
			json_codes(b, x->codes);
			buf_printf(b, ",\"refused\":%s}", x->refused ? "true" : "false");
		}
		buf_printf(b, "],\"verdict\":\"%s\",\"codes\":", kind_word(verdict_kind(v)));
		json_codes(b, o->codes);
		buf_puts(b, ",\"refused\":[");
		int any = 0;
		for (size_t i = 0; i < o->n; i++)
			if (o->r[i].refused) {
				if (any++)
					buf_putc(b, ',');
				json_cstr(b, o->r[i].addr);
			}
		buf_puts(b, "]}\n");
		return;
	}
	explain_head(b, r, "outbound");
	buf_printf(b, "On block: %s\n\nRecipients:\n", o->on_block == ON_BLOCK_ALL
	    ? "all (refuse every external recipient)" : "uncleared (refuse only those not cleared)");
	for (size_t i = 0; i < o->n; i++) {
		const struct rcpt *x = &o->r[i];
		buf_puts(b, "  ");
		text(b, x->addr);
		buf_printf(b, "\n    %s", rcpt_kind_name(x->kind));
		if (x->entry)
			buf_printf(b, ": %s (%s line %u%s)", x->entry->agency, dir->name, x->entry->line,
			    x->entry->sge ? ", sends by Secure Government Email" : "");
		buf_printf(b, "\n    rule: %s\n", x->why);
		if (x->codes) {
			buf_puts(b, "    codes:");
			for (int c = 0; c < CODE_COUNT; c++)
				if (x->codes & BIT(c))
					buf_printf(b, " %s", code_name(c));
			buf_putc(b, '\n');
		}
		buf_printf(b, "    %s\n", x->kind == RCPT_INTERNAL ? "not affected (internal)"
		    : x->refused ? "REFUSED" : "cleared");
	}
	explain_verdict(b, v);
}

void policy_report_inbound(struct buf *b, const struct report_ctx *r,
    const struct inbound *in, const struct verdict *v, int json)
{
	static const char *const ver[] = { "fail", "none", "pass" };
	const char *vs = in->ver.status >= -1 && in->ver.status <= 1 ? ver[in->ver.status + 1] : "fail";

	if (json) {
		char msgid[256];
		message_id(r->in, msgid, sizeof msgid);
		buf_puts(b, "{\"direction\":\"inbound\",\"message_id\":");
		json_cstr(b, msgid);
		buf_printf(b, ",\"classification\":\"%s\",\"verified\":\"%s\",\"verified_agency\":",
		    level_name(r->level), vs);
		json_cstr(b, in->ver.agency);
		buf_puts(b, ",\"from\":");
		json_cstr(b, in->from_addr);
		buf_puts(b, ",\"from_agency\":");
		json_cstr(b, in->from_entry ? in->from_entry->agency : "");
		buf_puts(b, ",\"sender\":");
		json_cstr(b, r->sender ? r->sender : "");
		buf_printf(b, ",\"dmarc_pass\":%s,\"codes\":", in->dmarc_pass ? "true" : "false");
		json_codes(b, in->codes);
		buf_puts(b, ",\"rules\":{");
		int any = 0;
		for (int c = 0; c < CODE_COUNT; c++)
			if (in->codes & BIT(c)) {
				buf_printf(b, "%s\"%s\":", any++ ? "," : "", code_name(c));
				json_cstr(b, in->why[c]);
			}
		buf_printf(b, "},\"verdict\":\"%s\"}\n", kind_word(verdict_kind(v)));
		return;
	}
	explain_head(b, r, "inbound");
	buf_printf(b, "Verified: %s%s", vs, in->ver.agency[0] ? " by " : "");
	text(b, in->ver.agency);
	buf_puts(b, "\nFrom: ");
	text(b, in->from_addr[0] ? in->from_addr : "(none)");
	buf_printf(b, " (%s)\n", in->from_entry ? in->from_entry->agency
	    : "not a SEEMail agency's domain");
	buf_printf(b, "DMARC pass from our MTA: %s\n", in->dmarc_pass ? "yes" : "no");
	for (int c = 0; c < CODE_COUNT; c++)
		if (in->codes & BIT(c))
			buf_printf(b, "  %s: %s\n", code_name(c), in->why[c]);
	explain_verdict(b, v);
}

void policy_report_routes(struct buf *b, const struct outbound *o)
{
	for (size_t i = 0; i < o->n; i++) {
		const struct rcpt *x = &o->r[i];
		const char *route = x->refused ? "held"
		    : (x->kind == RCPT_STANDARD || x->kind == RCPT_RESTRICTED) && !x->entry->sge ? "smime"
		    : "plain";
		buf_printf(b, "%s\t", route);
		text(b, x->addr);
		buf_putc(b, '\n');
	}
}
