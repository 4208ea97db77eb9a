/*
 * notice_facts.c: what a stamped message says, made safe to show.
 *
 * Reads the X-SEEMail-Policy fields (verdict_read), the trigger and
 * uninspectable stamps (one line each, at most NOTICE_MAX_LISTED), the
 * Subject, Date, From, Message-ID, Auto-Submitted, Return-Path, To and Cc
 * of the original's own header.  Every value that may reach a notice is
 * cleaned (notice_clean) and bounded here, so that the writers never see
 * a control character, an invisible one or a line end from the original.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "log.h"
#include "notice_priv.h"
#include "rfc2047.h"
#include "stamp.h"
#include "status.h"
#include "utf8.h"

static int invisible(unsigned cp)
{
	return cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe007f);
}

void notice_clean(struct buf *out, const char *s, size_t n, size_t max, int *hidden)
{
	size_t start = out->len, i = 0;
	int pending = 0;        /* a space to write before the next character */

	while (i < n) {
		unsigned cp;
		size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		const char *put = s + i;
		size_t pl = k;
		if (k == 0) {
			put = "\xef\xbf\xbd";   /* U+FFFD for a byte that is not UTF-8 */
			pl = 3;
			i++;
		} else {
			i += k;
			if (cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
			    cp == 0x2028 || cp == 0x2029) {
				pending = out->len > start;
				continue;
			}
			if (invisible(cp)) {
				if (hidden)
					*hidden = 1;
				continue;
			}
		}
		if (out->len - start + pending + pl > max) {
			buf_puts(out, "...");
			break;
		}
		if (pending)
			buf_putc(out, ' ');
		pending = 0;
		buf_put(out, put, pl);
	}
}

char *notice_clean_dup(const char *s, size_t n, size_t max)
{
	struct buf b = BUF_INIT_MAX(0);

	notice_clean(&b, s, n, max, NULL);
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return b.p ? buf_take(&b, NULL) : strdup("");
}

int notice_addr_ok(const char *a, size_t n)
{
	const char *at = NULL;

	if (n < 3 || n > NOTICE_ADDR_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];
		if (c <= 0x20 || c >= 0x7f || strchr("<>(),;:\"\\", c))
			return 0;
		if (c == '@') {
			if (at)
				return 0;
			at = a + i;
		}
	}
	return at && at > a && at < a + n - 1;
}

/* ---- header values ---- */

/* The unfolded value of the first field called name, or 0. */
static int first_value(const struct notice *nt, const char *name, struct buf *v)
{
	struct span s;

	if (!hdr_find(nt->hdr, name, &s))
		return 0;
	hdr_unfold(s.p, s.n, v);
	return 1;
}

static char *decoded(const struct notice *nt, const char *name, size_t max)
{
	/* No ceiling here (the message's own size bounds it): a longer value
	 * is cut to max below, never dropped. */
	struct buf raw = BUF_INIT_MAX(0), dec = BUF_INIT_MAX(0);
	char *r;

	if (first_value(nt, name, &raw) && raw.p)
		rfc2047_decode(raw.p, raw.len, &dec);
	r = notice_clean_dup(dec.p ? dec.p : "", dec.len, max);
	buf_free(&raw);
	buf_free(&dec);
	return r;
}

/* "<id@host>" from a Message-ID value, if it is a plain one. */
static char *message_id(const struct notice *nt)
{
	struct buf v = BUF_INIT_MAX(1 << 16);
	char *r = NULL;

	if (first_value(nt, "Message-ID", &v) && v.p) {
		const char *lt = memchr(v.p, '<', v.len);
		const char *gt = lt ? memchr(lt, '>', v.len - (size_t)(lt - v.p)) : NULL;
		size_t n = gt ? (size_t)(gt - lt) + 1 : 0;
		int ok = n > 2 && n <= 250;
		for (size_t i = 1; ok && i + 1 < n; i++) {
			unsigned char c = (unsigned char)lt[i];
			ok = c > 0x20 && c < 0x7f && c != '<' && c != '>';
		}
		if (ok)
			r = strndup(lt, n);
	}
	buf_free(&v);
	return r;
}

static void auto_submitted(const char *v, size_t n, void *ctx)
{
	struct notice *nt = ctx;
	size_t i = 0, k;

	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	for (k = i; k < n && v[k] != ';' && v[k] != '(' && v[k] != ' ' && v[k] != '\t'; k++)
		;
	if (k > i && !(k - i == 2 && strncasecmp(v + i, "no", 2) == 0))
		nt->auto_submitted = 1;
}

/* ---- addresses ---- */

static void addrs_add(struct addrs *l, const char *a, size_t n)
{
	if (!notice_addr_ok(a, n)) {
		l->dropped++;
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->a[i]) == n && strncasecmp(l->a[i], a, n) == 0)
			return;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		char **p = realloc(l->a, nc * sizeof *p);
		if (p == NULL) {
			l->dropped++;
			return;
		}
		l->a = p;
		l->cap = nc;
	}
	if ((l->a[l->n] = strndup(a, n)) != NULL)
		l->n++;
	else
		l->dropped++;
}

static void addr_cb(const char *a, size_t n, void *ctx)
{
	struct addrs *l = ctx;
	if (l->n < NOTICE_MAX_RCPTS)
		addrs_add(l, a, n);
	else
		l->dropped++;
}

static void list_field(const char *v, size_t n, void *ctx)
{
	addr_each(v, n, addr_cb, ctx);
}

static void addrs_free(struct addrs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->a[i]);
	free(l->a);
	memset(l, 0, sizeof *l);
}

int notice_sender(const struct notice *nt, char **addr)
{
	struct buf v = BUF_INIT_MAX(1 << 16), a = BUF_INIT_MAX(1 << 16);
	int r = -1;

	*addr = NULL;
	if (nt->args->sender) {
		const char *s = nt->args->sender;
		size_t n = strlen(s);
		while (n && (*s == ' ' || *s == '<'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '>'))
			n--;
		if (n == 0 || (n == 13 && strncasecmp(s, "MAILER-DAEMON", 13) == 0))
			return 0;
		if (notice_addr_ok(s, n) && (*addr = strndup(s, n)) != NULL)
			return 1;
		return -1;
	}
	if (first_value(nt, "Return-Path", &v)) {
		const char *p = v.p ? v.p : "";
		size_t n = v.len;
		int other = 0;
		for (size_t i = 0; i < n; i++)
			if (!strchr(" \t<>", p[i]))
				other = 1;
		if (!other) {
			buf_free(&v);
			return 0;
		}
	} else {
		buf_reset(&v);
		first_value(nt, "From", &v);
	}
	if (v.p && addr_first(v.p, v.len, &a) == 0 && a.p && notice_addr_ok(a.p, a.len))
		r = (*addr = strndup(a.p, a.len)) != NULL ? 1 : -1;
	buf_free(&v);
	buf_free(&a);
	return r;
}

/* ---- stamps ---- */

/* Reads a quoted stamp string at *p; its unescaped text into out. */
static int quoted(const char **p, const char *end, struct buf *out)
{
	const char *q;

	if (*p >= end || **p != '"')
		return 0;
	q = ++*p;
	while (*p < end && **p != '"') {
		if (**p == '\\' && *p + 1 < end)
			++*p;
		++*p;
	}
	if (*p >= end)
		return 0;
	stamp_unescape(q, (size_t)(*p - q), out);
	++*p;
	return 1;
}

static int skip_in(const char **p, const char *end)
{
	if (end - *p >= 4 && memcmp(*p, " in ", 4) == 0) {
		*p += 4;
		return 1;
	}
	return 0;
}

/* X-SEEMail-Trigger: LEVEL "term" in where */
static void read_trigger(const char *v, size_t n, void *ctx)
{
	struct notice *nt = ctx;
	struct buf term = BUF_INIT_MAX(1 << 16), where = BUF_INIT_MAX(1 << 16);
	const char *p = v, *end = v + n;
	int hidden = 0;

	if (nt->nfindings++ >= NOTICE_MAX_LISTED)
		return;
	while (p < end && *p != ' ')
		p++;
	size_t ll = (size_t)(p - v);
	const char *lv = v;
	if (p < end)
		p++;
	buf_puts(&nt->findings, "- ");
	if (quoted(&p, end, &term) && skip_in(&p, end)) {
		stamp_unescape(p, (size_t)(end - p), &where);
		buf_putc(&nt->findings, '"');
		notice_clean(&nt->findings, term.p ? term.p : "", term.len, NOTICE_TERM_MAX,
		    &hidden);
		buf_puts(&nt->findings, "\" (");
		notice_clean(&nt->findings, lv, ll, 40, NULL);
		buf_puts(&nt->findings, hidden ? ", written with hidden characters) in "
		    : ") in ");
		notice_clean(&nt->findings, where.p ? where.p : "", where.len,
		    NOTICE_WHERE_MAX, NULL);
	} else {
		stamp_unescape(v, n, &where);
		notice_clean(&nt->findings, where.p ? where.p : "", where.len,
		    NOTICE_WHERE_MAX, NULL);
	}
	buf_putc(&nt->findings, '\n');
	buf_free(&term);
	buf_free(&where);
}

/* X-SEEMail-Uninspectable: "reason" in where */
static void read_uninspectable(const char *v, size_t n, void *ctx)
{
	struct notice *nt = ctx;
	struct buf why = BUF_INIT_MAX(1 << 16), where = BUF_INIT_MAX(1 << 16);
	const char *p = v, *end = v + n;

	if (nt->nuninspectable++ >= NOTICE_MAX_LISTED)
		return;
	buf_puts(&nt->uninspectable, "- ");
	if (quoted(&p, end, &why) && skip_in(&p, end)) {
		stamp_unescape(p, (size_t)(end - p), &where);
		notice_clean(&nt->uninspectable, where.p ? where.p : "", where.len,
		    NOTICE_WHERE_MAX, NULL);
		buf_puts(&nt->uninspectable, ": ");
		notice_clean(&nt->uninspectable, why.p ? why.p : "", why.len,
		    NOTICE_TERM_MAX, NULL);
	} else {
		stamp_unescape(v, n, &where);
		notice_clean(&nt->uninspectable, where.p ? where.p : "", where.len,
		    NOTICE_WHERE_MAX, NULL);
	}
	buf_putc(&nt->uninspectable, '\n');
	buf_free(&why);
	buf_free(&where);
}

static void read_level(const char *v, size_t n, void *ctx)
{
	char **level = ctx;
	size_t k = 0;

	while (k < n && v[k] != ' ' && v[k] != ';')
		k++;
	if (*level == NULL)
		*level = notice_clean_dup(v, k, 40);
}

/* "N more" lines past the cap. */
static void more(struct buf *b, size_t count)
{
	if (count > NOTICE_MAX_LISTED)
		buf_printf(b, "- ... and %zu more\n", count - NOTICE_MAX_LISTED);
}

/* ---- the verdict ---- */

/* Picks the fields of the overall kind, primary (first code in SPEC's
 * table) first, and checks that each code belongs to its direction. */
static int pick_fields(struct notice *nt)
{
	nt->kind = verdict_kind(&nt->v);
	nt->nfields = 0;
	for (int c = 0; c < CODE_COUNT; c++)
		for (size_t i = 0; i < nt->v.n; i++)
			if (nt->v.f[i].kind == nt->kind && nt->v.f[i].code == c)
				nt->fields[nt->nfields++] = i;
	for (size_t i = 0; i < nt->v.n; i++) {
		const struct verdict_field *f = &nt->v.f[i];
		if ((f->kind == VERDICT_BLOCK && code_is_inbound(f->code)) ||
		    (f->kind == VERDICT_WARN && !code_is_inbound(f->code))) {
			log_msg(LOG_ERR, "X-SEEMail-Policy: %s with the %s code %s: the "
			    "stamps contradict each other", f->kind == VERDICT_BLOCK ?
			    "block" : "warn", code_is_inbound(f->code) ? "inbound" :
			    "outbound", code_name(f->code));
			return EX_TEMPFAIL;
		}
	}
	return 0;
}

static char *clean_list(const char *s)
{
	return s ? notice_clean_dup(s, strlen(s), 1 << 20) : NULL;
}

int notice_read(struct notice *nt, const char *msg, size_t n)
{
	struct span body;
	int r;

	nt->nl = stamp_newline(msg, n);
	if (n == 0 || mime_split(msg, n, &nt->hdr, &body) == 0) {
		log_msg(LOG_ERR, "not a message (%s)", n ? "no header fields" : "empty");
		return EX_DATAERR;
	}
	nt->orig = nt->hdr.p;
	nt->orig_n = n - (size_t)(nt->hdr.p - msg);
	nt->findings = (struct buf)BUF_INIT_MAX(1 << 20);
	nt->uninspectable = (struct buf)BUF_INIT_MAX(1 << 20);

	r = verdict_read(msg, n, &nt->v);
	if (r < 0) {
		log_msg(LOG_ERR, "a malformed X-SEEMail-Policy stamp: no notice can be "
		    "trusted (is seem-policy before seem-notify?)");
		return EX_TEMPFAIL;
	}
	if (r == 0 || verdict_kind(&nt->v) == VERDICT_DELIVER) {
		nt->kind = VERDICT_DELIVER;
		return 0;
	}
	if ((r = pick_fields(nt)) != 0)
		return r;

	for (size_t i = 0; i < nt->v.n; i++) {
		const struct verdict_field *f = &nt->v.f[i];
		nt->frcpt[i] = clean_list(f->recipients);
		nt->ffrom[i] = f->from ? notice_clean_dup(f->from, strlen(f->from),
		    NOTICE_ADDR_MAX) : NULL;
		nt->fagency[i] = f->agency ? notice_clean_dup(f->agency, strlen(f->agency),
		    NOTICE_TERM_MAX) : NULL;
		if (f->kind == VERDICT_BLOCK && f->refused && nt->refused == NULL)
			nt->refused = clean_list(f->refused);
		if (f->kind == VERDICT_DELIVER && f->recipients && nt->delivered == NULL)
			nt->delivered = clean_list(f->recipients);
	}
	stamp_find(msg, n, "X-SEEMail-Classification", read_level, &nt->level);
	stamp_find(msg, n, "X-SEEMail-Trigger", read_trigger, nt);
	stamp_find(msg, n, "X-SEEMail-Uninspectable", read_uninspectable, nt);
	more(&nt->findings, nt->nfindings);
	more(&nt->uninspectable, nt->nuninspectable);
	stamp_find(msg, n, "Auto-Submitted", auto_submitted, nt);

	nt->subject = decoded(nt, "Subject", NOTICE_SUBJECT_MAX);
	nt->date = decoded(nt, "Date", 100);
	nt->msgid = message_id(nt);
	{
		struct buf v = BUF_INIT_MAX(1 << 16), a = BUF_INIT_MAX(1 << 16);
		if (first_value(nt, "From", &v) && v.p && addr_first(v.p, v.len, &a) == 0)
			nt->from = notice_clean_dup(a.p ? a.p : "", a.len, NOTICE_ADDR_MAX);
		buf_free(&v);
		buf_free(&a);
	}
	if (nt->kind == VERDICT_WARN) {
		struct buf all = BUF_INIT_MAX(1 << 20);
		stamp_find(msg, n, "To", list_field, &nt->to);
		stamp_find(msg, n, "Cc", list_field, &nt->cc);
		for (size_t i = 0; i < nt->to.n + nt->cc.n; i++) {
			if (i)
				buf_puts(&all, ", ");
			buf_puts(&all, i < nt->to.n ? nt->to.a[i] : nt->cc.a[i - nt->to.n]);
		}
		nt->recipients_in = clean_list(all.p ? all.p : "");
		if (all.err)
			nt->findings.err = all.err;
		buf_free(&all);
	}
	if (nt->findings.err || nt->uninspectable.err || !nt->subject || !nt->date) {
		log_msg(LOG_ERR, "out of memory reading the message");
		return EX_TEMPFAIL;
	}
	return 0;
}

void notice_release(struct notice *nt)
{
	verdict_free(&nt->v);
	for (size_t i = 0; i < VERDICT_MAX_FIELDS; i++) {
		free(nt->frcpt[i]);
		free(nt->ffrom[i]);
		free(nt->fagency[i]);
	}
	free(nt->subject);
	free(nt->date);
	free(nt->from);
	free(nt->msgid);
	free(nt->level);
	free(nt->refused);
	free(nt->delivered);
	free(nt->sender);
	free(nt->recipients_in);
	buf_free(&nt->findings);
	buf_free(&nt->uninspectable);
	addrs_free(&nt->to);
	addrs_free(&nt->cc);
}
