/*
 * notice_mime.c: the MIME structure of notices.
 *
 * A block notice is multipart/report; report-type=delivery-status
 * (RFC 6522): the text (UTF-8, quoted-printable), a message/delivery-status
 * part (RFC 3464) and the original (message/rfc822, or text/rfc822-headers
 * above notice_max_original).  An inbound warning is multipart/mixed: the
 * text and the original as message/rfc822.
 *
 * Safety: header values are either our own ASCII or go through
 * rfc2047_encode (which folds and turns control characters into spaces);
 * addresses have passed notice_addr_ok; the text is quoted-printable, so
 * none of its lines can begin a boundary ("=" is always encoded); the
 * boundary is random and checked against every part, the original
 * included, and another is drawn if it occurs.  Line ends are nt->nl.
 *
 * Returns 0 or EX_TEMPFAIL (memory, or no boundary found: logged).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "notice_priv.h"
#include "rfc2047.h"
#include "stamp.h"
#include "status.h"

static uint64_t random64(void)
{
	static uint64_t counter;
	uint64_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
		return r;
	/* No entropy yet: unique is enough (boundaries are checked anyway). */
	r = ((uint64_t)time(NULL) << 24) ^ ((uint64_t)getpid() << 44) ^
	    (++counter * 0x9e3779b97f4a7c15u);
	return r;
}

/* ---- header fields ---- */

static void field_text(struct buf *o, const char *name, const char *utf8, const char *nl)
{
	buf_printf(o, "%s: ", name);
	rfc2047_encode(utf8, strlen(utf8), strlen(name) + 2, nl, o);
	buf_puts(o, nl);
}

static void field_addrs(struct buf *o, const char *name, const struct addrs *l,
    const char *nl)
{
	size_t col = strlen(name) + 2;

	buf_printf(o, "%s: ", name);
	for (size_t i = 0; i < l->n; i++) {
		size_t len = strlen(l->a[i]);
		if (i) {
			buf_putc(o, ',');
			col++;
			if (col + 1 + len > 78) {
				buf_puts(o, nl);
				col = 0;
			}
			buf_putc(o, ' ');
			col++;
		}
		buf_puts(o, l->a[i]);
		col += len;
	}
	buf_puts(o, nl);
}

/* An atom-only display name is written as it is; other ASCII is quoted;
 * anything else is RFC 2047-encoded. */
static void field_from(struct buf *o, const struct notice_set *ns, const char *nl)
{
	const char *name = ns->from_name;
	int atoms = 1, ascii = 1;

	buf_puts(o, "From: ");
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c >= 0x7f)
			ascii = atoms = 0;
		else if (!(c == ' ' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || strchr("!#$%&'*+-/^_`{|}~", c)))
			atoms = 0;
	}
	if (*name == '\0') {
		buf_printf(o, "%s%s", ns->from_addr, nl);
		return;
	}
	if (atoms) {
		buf_puts(o, name);
	} else if (ascii) {
		buf_putc(o, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(o, '\\');
			buf_putc(o, *p);
		}
		buf_putc(o, '"');
	} else {
		rfc2047_encode(name, strlen(name), 6, nl, o);
	}
	buf_printf(o, " <%s>%s", ns->from_addr, nl);
}

static void date_text(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(out, n, "%a, %d %b %Y %H:%M:%S %z", &tm) == 0)
		(void)!snprintf(out, n, "Thu, 01 Jan 1970 00:00:00 +0000");
}

/* From, To or Cc, Subject, Date, Message-ID, threading, Auto-Submitted. */
static void common_head(const struct notice *nt, const char *subject, const char *auto_value,
    struct buf *o)
{
	const char *nl = nt->nl;
	char date[64];

	field_from(o, nt->ns, nl);
	if (nt->kind == VERDICT_BLOCK) {
		buf_printf(o, "To: %s%s", nt->sender, nl);
	} else {
		if (nt->to.n)
			field_addrs(o, "To", &nt->to, nl);
		else if (!nt->cc.n)
			buf_printf(o, "To: undisclosed-recipients:;%s", nl);
		if (nt->cc.n)
			field_addrs(o, "Cc", &nt->cc, nl);
	}
	field_text(o, "Subject", subject, nl);
	date_text(nt->args->now, date, sizeof date);
	buf_printf(o, "Date: %s%s", date, nl);
	buf_printf(o, "Message-ID: <%lld.%016llx.seemail@%s>%s", (long long)nt->args->now,
	    (unsigned long long)random64(), nt->ns->domain, nl);
	if (nt->msgid) {
		if (nt->kind == VERDICT_BLOCK)
			buf_printf(o, "In-Reply-To: %s%s", nt->msgid, nl);
		buf_printf(o, "References: %s%s", nt->msgid, nl);
	}
	buf_printf(o, "Auto-Submitted: %s%s", auto_value, nl);
	buf_printf(o, "MIME-Version: 1.0%s", nl);
}

/* ---- bodies ---- */

void notice_qp(const char *s, size_t n, const char *nl, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n;) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (s + i)) : n - i, col = 0;
		const unsigned char *l = (const unsigned char *)s + i;
		for (size_t k = 0; k < len; k++) {
			unsigned char c = l[k];
			int last = k + 1 == len;
			int enc = c == '=' || c > 126 || (c < 32 && c != '\t') ||
			    ((c == ' ' || c == '\t') && last) ||
			    (k == 0 && (c == '.' || (c == 'F' && len >= 5 &&
			    memcmp(l, "From ", 5) == 0)));
			size_t w = enc ? 3 : 1;
			/* Keep 76 columns with the soft break's "=". */
			if (col + w > (last ? 76 : 75)) {
				buf_putc(out, '=');
				buf_puts(out, nl);
				col = 0;
			}
			if (enc) {
				buf_putc(out, '=');
				buf_putc(out, hex[c >> 4]);
				buf_putc(out, hex[c & 15]);
			} else {
				buf_putc(out, c);
			}
			col += w;
		}
		buf_puts(out, nl);
		i += len + (e != NULL);
	}
}

/* Splits a ", "-separated list into its items, trimmed. */
static size_t split(const char *s, const char *item[], size_t len[], size_t max)
{
	size_t k = 0;

	while (s && *s && k < max) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *p = s;
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			item[k] = p;
			len[k++] = n;
		}
		s = e ? e + 1 : NULL;
	}
	return k;
}

/* "rfc822; a@b" for printable ASCII, else RFC 6533's "utf-8; " with
 * \x{HEX} for anything that is not a QCHAR. */
static void dsn_address(struct buf *v, const char *a, size_t n)
{
	int ascii = 1;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)a[i] <= 0x20 || (unsigned char)a[i] >= 0x7f)
			ascii = 0;
	if (ascii) {
		buf_puts(v, "rfc822; ");
		buf_put(v, a, n);
		return;
	}
	buf_puts(v, "utf-8; ");
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)a[i];
		unsigned cp = c;
		size_t k = 1;
		if (c >= 0x80) {
			/* The list was cleaned: valid UTF-8. */
			k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			if (i + k > n)
				k = n - i;
			cp = c & (0x3f >> (k - 1));
			for (size_t j = 1; j < k; j++)
				cp = cp << 6 | ((unsigned char)a[i + j] & 0x3f);
		}
		if (cp > 0x20 && cp < 0x7f && cp != '+' && cp != '=' && cp != '\\')
			buf_putc(v, (int)cp);
		else
			buf_printf(v, "\\x{%X}", cp);
		i += k;
	}
}

static void delivery_status(const struct notice *nt, struct buf *o)
{
	const char **item = malloc(NOTICE_MAX_RCPTS * sizeof *item);
	size_t *len = malloc(NOTICE_MAX_RCPTS * sizeof *len);
	const char *nl = nt->nl;
	struct buf v = BUF_INIT_MAX(1 << 16), all = BUF_INIT_MAX(1 << 22);
	const char *refused = nt->refused;
	char date[64];
	size_t primary = nt->fields[0];

	if (refused == NULL) {
		/* No refused= (not seem-policy's): the recipients of each code. */
		for (size_t k = 0; k < nt->nfields; k++) {
			const char *r = nt->frcpt[nt->fields[k]];
			if (r && *r) {
				if (all.len)
					buf_puts(&all, ", ");
				buf_puts(&all, r);
			}
		}
		refused = all.p;
	}
	if (item == NULL || len == NULL)
		o->err = ENOMEM;
	date_text(nt->args->now, date, sizeof date);
	buf_printf(o, "Reporting-MTA: dns; %s%s", nt->ns->host, nl);
	buf_printf(o, "Arrival-Date: %s%s", date, nl);
	size_t n = item && len ? split(refused, item, len, NOTICE_MAX_RCPTS) : 0;
	for (size_t r = 0; r < n; r++) {
		buf_puts(o, nl);
		buf_reset(&v);
		dsn_address(&v, item[r], len[r]);
		if (!v.err)
			stamp_field(o, "Final-Recipient", v.p, nl);
		buf_printf(o, "Action: failed%sStatus: 5.7.1%s", nl, nl);
		buf_reset(&v);
		buf_puts(&v, "smtp; 550 5.7.1 SEEMail");
		int any = 0;
		for (size_t k = 0; k < nt->nfields; k++) {
			size_t i = nt->fields[k];
			if (!verdict_list_has(nt->frcpt[i], item[r], len[r]))
				continue;
			buf_printf(&v, "%s %s (%s)", any ? "," : "", code_name(nt->v.f[i].code),
			    code_title(nt->v.f[i].code));
			any = 1;
		}
		if (!any)
			buf_printf(&v, " %s (%s): refused with the rest of the message",
			    code_name(nt->v.f[primary].code), code_title(nt->v.f[primary].code));
		if (!v.err)
			stamp_field(o, "Diagnostic-Code", v.p, nl);
	}
	if (v.err || all.err)
		o->err = v.err ? v.err : all.err;
	buf_free(&v);
	buf_free(&all);
	free(item);
	free(len);
}

/* 7bit, 8bit or binary, for an attached message. */
static const char *cte_of(const char *p, size_t n)
{
	int eight = 0;
	size_t line = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\n') {
			line = 0;
			continue;
		}
		if (c == '\0' || ++line > 998 || (c == '\r' && i + 1 < n && p[i + 1] != '\n'))
			return "binary";
		if (c >= 0x80)
			eight = 1;
	}
	return eight ? "8bit" : "7bit";
}

/* ---- assembly ---- */

struct part {
	struct buf head;        /* the part's header fields */
	const char *body;
	size_t n;
	int close_line;         /* end the body with a line end before the delimiter */
};

static int has(const struct part *parts, size_t np, const char *b)
{
	for (size_t i = 0; i < np; i++)
		if (memmem(parts[i].body, parts[i].n, b, strlen(b)) ||
		    (parts[i].head.p && strstr(parts[i].head.p, b)))
			return 1;
	return 0;
}

static int assemble(const struct notice *nt, struct buf *head, const char *ctype,
    struct part *parts, size_t np, struct buf *out)
{
	const char *nl = nt->nl;
	char b[48];
	int tries = 0;

	do {
		if (++tries > 16) {
			log_msg(LOG_ERR, "no MIME boundary that the message does not hold");
			return EX_TEMPFAIL;
		}
		(void)!snprintf(b, sizeof b, "=_SEEMail_%016llx", (unsigned long long)random64());
	} while (has(parts, np, b));

	buf_put(out, head->p, head->len);
	buf_printf(out, "Content-Type: %s;%s boundary=\"%s\"%s", ctype, nl, b, nl);
	buf_puts(out, nl);
	buf_printf(out, "This is a message in MIME format.%s", nl);
	for (size_t i = 0; i < np; i++) {
		buf_printf(out, "%s--%s%s", nl, b, nl);
		buf_put(out, parts[i].head.p, parts[i].head.len);
		buf_puts(out, nl);
		buf_put(out, parts[i].body, parts[i].n);
		if (parts[i].close_line && parts[i].n && parts[i].body[parts[i].n - 1] != '\n')
			buf_puts(out, nl);
	}
	buf_printf(out, "%s--%s--%s", nl, b, nl);
	return out->err ? EX_TEMPFAIL : 0;
}

static void text_part(const struct notice *nt, struct part *p, const char *text, size_t tn,
    struct buf *qp)
{
	const char *nl = nt->nl;

	notice_qp(text, tn, nl, qp);
	buf_printf(&p->head, "Content-Type: text/plain; charset=utf-8%s"
	    "Content-Transfer-Encoding: quoted-printable%s", nl, nl);
	p->body = qp->p ? qp->p : "";
	p->n = qp->len;
	p->close_line = 1;
}

static void orig_part(const struct notice *nt, struct part *p, int headers_only,
    const char *disposition)
{
	const char *nl = nt->nl;

	p->body = headers_only ? nt->hdr.p : nt->orig;
	p->n = headers_only ? nt->hdr.n : nt->orig_n;
	p->close_line = headers_only;
	buf_printf(&p->head, "Content-Type: %s%s", headers_only ? "text/rfc822-headers"
	    : "message/rfc822", nl);
	if (disposition)
		buf_printf(&p->head, "Content-Disposition: %s%s", disposition, nl);
	buf_printf(&p->head, "Content-Transfer-Encoding: %s%s", cte_of(p->body, p->n), nl);
}

static int finish(struct part *parts, size_t np, struct buf *head, struct buf *extra, int st)
{
	for (size_t i = 0; i < np; i++)
		buf_free(&parts[i].head);
	buf_free(head);
	buf_free(extra);
	return st;
}

int notice_write_block(const struct notice *nt, const char *text, size_t tn,
    const char *subject, struct buf *out)
{
	struct part parts[3];
	struct buf head = BUF_INIT_MAX(0), qp = BUF_INIT_MAX(0), ds = BUF_INIT_MAX(0);
	int st, headers_only = nt->orig_n > nt->ns->cfg->notice_max_original;

	memset(parts, 0, sizeof parts);
	common_head(nt, subject, "auto-replied", &head);
	text_part(nt, &parts[0], text, tn, &qp);
	delivery_status(nt, &ds);
	buf_printf(&parts[1].head, "Content-Type: message/delivery-status%s", nt->nl);
	parts[1].body = ds.p ? ds.p : "";
	parts[1].n = ds.len;
	parts[1].close_line = 1;
	orig_part(nt, &parts[2], headers_only, NULL);
	st = EX_TEMPFAIL;
	if (!head.err && !qp.err && !ds.err && !parts[0].head.err && !parts[1].head.err &&
	    !parts[2].head.err)
		st = assemble(nt, &head, "multipart/report; report-type=delivery-status", parts,
		    3, out);
	buf_free(&qp);
	return finish(parts, 3, &head, &ds, st);
}

int notice_write_warn(const struct notice *nt, const char *text, size_t tn,
    const char *subject, struct buf *out)
{
	struct part parts[2];
	struct buf head = BUF_INIT_MAX(0), qp = BUF_INIT_MAX(0);
	int st;

	memset(parts, 0, sizeof parts);
	common_head(nt, subject, "auto-generated", &head);
	text_part(nt, &parts[0], text, tn, &qp);
	orig_part(nt, &parts[1], 0, "attachment; filename=\"original-message.eml\"");
	st = EX_TEMPFAIL;
	if (!head.err && !qp.err && !parts[0].head.err && !parts[1].head.err)
		st = assemble(nt, &head, "multipart/mixed", parts, 2, out);
	return finish(parts, 2, &head, &qp, st);
}
