/*
 * tnef.c: TNEF streams (see tnef.h).
 *
 * A stream is the signature, a 16-bit key, then records: a level byte
 * (message or attachment), a 32-bit attribute id, a 32-bit length, the
 * data and a 16-bit checksum.  Attachment records come in runs that
 * attAttachRendData opens; their data and names may come in any order
 * (attAttachData before attAttachTitle happens), so an attachment is
 * handed out when the next one opens or the stream ends.  Texts whose
 * code page a later property may give (PR_INTERNET_CPID follows PR_HTML)
 * wait for the end of their property list.  The data is never copied:
 * attachments are spans of the stream; only names and the RTF body are
 * converted into buffers.
 */
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "lzfu.h"
#include "rtf_cp.h"
#include "tnef.h"
#include "tnef_priv.h"

enum { LVL_MESSAGE = 1, LVL_ATTACHMENT = 2 };

/* Attribute ids, without their type word (writers disagree on it). */
#define ATT_SUBJECT             0x8004
#define ATT_BODY                0x800c
#define ATT_ATTACH_DATA         0x800f
#define ATT_ATTACH_TITLE        0x8010
#define ATT_ATTACH_RENDDATA     0x9002
#define ATT_MSG_PROPS           0x9003
#define ATT_ATTACHMENT          0x9005
#define ATT_OEM_CODEPAGE        0x9007

/* MAPI property ids. */
#define PR_SUBJECT              0x0037
#define PR_BODY                 0x1000
#define PR_RTF_COMPRESSED       0x1009
#define PR_HTML                 0x1013
#define PR_DISPLAY_NAME         0x3001
#define PR_ATTACH_DATA          0x3701
#define PR_ATTACH_FILENAME      0x3704
#define PR_ATTACH_LONG_FILENAME 0x3707
#define PR_ATTACH_MIME_TAG      0x370e
#define PR_INTERNET_CPID        0x3fde
#define PR_MESSAGE_CODEPAGE     0x3ffd

struct span {
	const unsigned char *p;
	size_t n;
	int unicode;            /* PT_UNICODE: UTF-16LE; else the message code page */
	int set;
};

/* The names of an attachment, in the order they are preferred. */
enum { NAME_LONG, NAME_FILE, NAME_TITLE, NAME_DISPLAY, NAMES };

struct attach {
	int open;
	struct span name[NAMES];
	struct span ctype;
	struct span data;       /* attAttachData */
	struct span bin;        /* PR_ATTACH_DATA as PT_BINARY */
	struct span obj;        /* PR_ATTACH_DATA as PT_OBJECT, after its IID */
};

#define PENDING_MAX 16

struct reader {
	const struct tnef_handler *h;
	void *ctx;
	const struct tnef_limits *lim;
	unsigned oem_cp, msg_cp, internet_cp;
	struct attach a;
	size_t nattach;
	int level;              /* of the property list being read */
	struct { enum tnef_text kind; struct span s; } pend[PENDING_MAX];
	size_t npend;
	int nomem;
	int stop;               /* a limit was reached: read no further */
};

int tnef_is(const char *data, size_t n)
{
	return n >= 4 && tnef_le32((const unsigned char *)data) == TNEF_SIGNATURE;
}

static void problem(struct reader *r, const char *why)
{
	r->h->problem(r->ctx, why);
}

/* Drops the NUL terminators a string value ends with. */
static size_t unterminated(const struct span *s)
{
	size_t n = s->n;
	if (s->unicode) {
		n &= ~(size_t)1;
		while (n >= 2 && s->p[n - 1] == 0 && s->p[n - 2] == 0)
			n -= 2;
	} else {
		while (n > 0 && s->p[n - 1] == 0)
			n--;
	}
	return n;
}

static const char *label_of(const struct span *s, unsigned cp, char out[CP_LABEL_MAX])
{
	return s->unicode ? "utf-16le" : cp_label(cp, out);
}

static unsigned string_cp(const struct reader *r)
{
	return r->msg_cp ? r->msg_cp : r->oem_cp;
}

static void text_out(struct reader *r, enum tnef_text kind, const struct span *s)
{
	char label[CP_LABEL_MAX];

	if (kind == TNEF_BODY_RTF) {
		struct buf rtf = BUF_INIT_MAX(r->lim->max_expanded);
		int st = lzfu_decompress(s->p, s->n, r->lim->max_expanded, &rtf);
		if (st == LZFU_NOMEM) {
			r->nomem = 1;
		} else {
			if (st != LZFU_OK)
				problem(r, lzfu_strerror(st));
			r->h->text(r->ctx, kind, rtf.p ? rtf.p : "", rtf.len, NULL);
		}
		buf_free(&rtf);
		return;
	}
	/* An HTML body is bytes in the Internet code page. */
	unsigned cp = kind == TNEF_BODY_HTML && !s->unicode && r->internet_cp ? r->internet_cp
	    : string_cp(r);
	r->h->text(r->ctx, kind, (const char *)s->p, unterminated(s), label_of(s, cp, label));
}

static void flush_pending(struct reader *r)
{
	for (size_t i = 0; i < r->npend; i++)
		text_out(r, r->pend[i].kind, &r->pend[i].s);
	r->npend = 0;
}

/* A string value in UTF-8, into out, whose ceiling fits any conversion
 * (at most 4 bytes out for a byte in), so that nothing is cut. */
static void to_utf8(const struct reader *r, const struct span *s, struct buf *out)
{
	char label[CP_LABEL_MAX];
	size_t n = unterminated(s);
	const char *l = label_of(s, string_cp(r), label);

	out->max = 4 * n + 64;
	charset_to_utf8(l, strlen(l), (const char *)s->p, n, out);
}

/* The name of the attachment in UTF-8, into out. */
static void attach_name(const struct reader *r, const struct attach *a, struct buf *out)
{
	for (int i = 0; i < NAMES; i++) {
		if (a->name[i].set && unterminated(&a->name[i]) > 0) {
			to_utf8(r, &a->name[i], out);
			return;
		}
	}
}

static void attach_close(struct reader *r)
{
	struct attach *a = &r->a;
	struct buf name = BUF_INIT_MAX(0), ctype = BUF_INIT_MAX(0);

	if (!a->open)
		return;
	attach_name(r, a, &name);
	if (a->ctype.set)
		to_utf8(r, &a->ctype, &ctype);
	if (name.err || ctype.err) {
		r->nomem = 1;
	} else {
		const char *nm = name.p ? name.p : "";
		const char *ct = ctype.p ? ctype.p : NULL;
		int any = 0;
		/* The object form, then the bytes, and both forms of the
		 * bytes when they differ: what one reader shows may not be
		 * what another does. */
		if (a->obj.set) {
			r->h->attachment(r->ctx, nm, ct, (const char *)a->obj.p, a->obj.n, 1);
			any = 1;
		}
		if (a->data.set) {
			r->h->attachment(r->ctx, nm, ct, (const char *)a->data.p, a->data.n, 0);
			any = 1;
		}
		if (a->bin.set && !(a->data.set && a->data.n == a->bin.n &&
		    memcmp(a->data.p, a->bin.p, a->bin.n) == 0)) {
			r->h->attachment(r->ctx, nm, ct, (const char *)a->bin.p, a->bin.n, 0);
			any = 1;
		}
		if (!any)
			r->h->attachment(r->ctx, nm, ct, NULL, 0, 0);
	}
	buf_free(&name);
	buf_free(&ctype);
	memset(a, 0, sizeof *a);
}

static void attach_open(struct reader *r)
{
	attach_close(r);
	if (++r->nattach > r->lim->max_attachments) {
		problem(r, "more attachments in a TNEF stream than max_archive_entries");
		r->stop = 1;
		return;
	}
	r->a.open = 1;
}

static void set_span(struct span *s, const unsigned char *p, size_t n, int unicode)
{
	s->p = p;
	s->n = n;
	s->unicode = unicode;
	s->set = 1;
}

static int is_string(uint16_t type)
{
	return type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY;
}

static void message_value(struct reader *r, const struct tnef_value *v)
{
	enum tnef_text kind;

	switch (v->id) {
	case PR_SUBJECT: kind = TNEF_SUBJECT; break;
	case PR_BODY: kind = TNEF_BODY_TEXT; break;
	case PR_HTML: kind = TNEF_BODY_HTML; break;
	case PR_RTF_COMPRESSED: kind = TNEF_BODY_RTF; break;
	case PR_INTERNET_CPID:
		if (v->type == PT_LONG)
			r->internet_cp = v->u32;
		return;
	case PR_MESSAGE_CODEPAGE:
		if (v->type == PT_LONG)
			r->msg_cp = v->u32;
		return;
	default:
		return;
	}
	if (!is_string(v->type))
		return;
	struct span s = { 0 };
	set_span(&s, v->p, v->n, v->type == PT_UNICODE);
	if (r->npend == PENDING_MAX)
		flush_pending(r);
	r->pend[r->npend].kind = kind;
	r->pend[r->npend].s = s;
	r->npend++;
}

static void attach_value(struct reader *r, const struct tnef_value *v)
{
	struct attach *a = &r->a;
	int u = v->type == PT_UNICODE;

	if (!a->open)
		attach_open(r);
	if (r->stop)
		return;
	switch (v->id) {
	case PR_ATTACH_LONG_FILENAME:
		if (is_string(v->type))
			set_span(&a->name[NAME_LONG], v->p, v->n, u);
		break;
	case PR_ATTACH_FILENAME:
		if (is_string(v->type))
			set_span(&a->name[NAME_FILE], v->p, v->n, u);
		break;
	case PR_DISPLAY_NAME:
		if (is_string(v->type))
			set_span(&a->name[NAME_DISPLAY], v->p, v->n, u);
		break;
	case PR_ATTACH_MIME_TAG:
		if (is_string(v->type))
			set_span(&a->ctype, v->p, v->n, u);
		break;
	case PR_ATTACH_DATA:
		if (v->type == PT_OBJECT)
			set_span(&a->obj, v->p, v->n, 0);
		else if (v->type == PT_BINARY)
			set_span(&a->bin, v->p, v->n, 0);
		break;
	default:
		break;
	}
}

static void on_value(void *ctx, const struct tnef_value *v)
{
	struct reader *r = ctx;

	if (v->named || r->stop)
		return;         /* a named property's id means something else */
	if (r->level == LVL_MESSAGE)
		message_value(r, v);
	else
		attach_value(r, v);
}

static void props(struct reader *r, int level, const unsigned char *p, size_t n)
{
	r->level = level;
	const char *why = tnef_props(p, n, r->lim->max_properties, on_value, r);
	if (why)
		problem(r, why);
	flush_pending(r);
}

static void attribute(struct reader *r, int level, uint16_t id, const unsigned char *p, size_t n)
{
	struct span s = { 0 };

	if (level == LVL_MESSAGE) {
		switch (id) {
		case ATT_OEM_CODEPAGE:
			if (n >= 4 && tnef_le32(p))
				r->oem_cp = tnef_le32(p);
			break;
		case ATT_SUBJECT:
			set_span(&s, p, n, 0);
			text_out(r, TNEF_SUBJECT, &s);
			break;
		case ATT_BODY:
			set_span(&s, p, n, 0);
			text_out(r, TNEF_BODY_TEXT, &s);
			break;
		case ATT_MSG_PROPS:
			props(r, LVL_MESSAGE, p, n);
			break;
		default:
			break;
		}
		return;
	}
	switch (id) {
	case ATT_ATTACH_RENDDATA:
		attach_open(r);
		break;
	case ATT_ATTACH_DATA:
		/* A second attAttachData without attAttachRendData between
		 * them belongs to a new attachment. */
		if (!r->a.open || r->a.data.set)
			attach_open(r);
		if (!r->stop)
			set_span(&r->a.data, p, n, 0);
		break;
	case ATT_ATTACH_TITLE:
		if (!r->a.open)
			attach_open(r);
		if (!r->stop)
			set_span(&r->a.name[NAME_TITLE], p, n, 0);
		break;
	case ATT_ATTACHMENT:
		props(r, LVL_ATTACHMENT, p, n);
		break;
	default:
		break;
	}
}

/* Padding that gateways add after the last record: NULs and line ends. */
static int is_padding(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] && p[i] != '\r' && p[i] != '\n' && p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

int tnef_read(const char *data, size_t n, const struct tnef_limits *lim,
    const struct tnef_handler *h, void *ctx)
{
	const unsigned char *p = (const unsigned char *)data;
	struct reader r;
	size_t i = 6, records = 0;

	memset(&r, 0, sizeof r);
	r.h = h;
	r.ctx = ctx;
	r.lim = lim;
	r.oem_cp = 1252;
	if (n < 6 || !tnef_is(data, n)) {
		problem(&r, "not a TNEF stream (bad signature)");
		return 0;
	}
	while (i < n && !r.stop && !r.nomem) {
		/* What does not start a record ends the stream: bytes that no
		 * reader shows, but that could hide anything. */
		if (n - i < 9 || (p[i] != LVL_MESSAGE && p[i] != LVL_ATTACHMENT)) {
			if (!is_padding(p + i, n - i))
				problem(&r, "garbage after the last TNEF record");
			break;
		}
		if (++records > lim->max_records) {
			problem(&r, "more records in a TNEF stream than seemail reads");
			break;
		}
		int level = p[i];
		uint16_t id = tnef_le16(p + i + 1);
		uint32_t len = tnef_le32(p + i + 5);
		if (len > n - i - 9 || n - i - 9 - len < 2) {
			problem(&r, "a TNEF record runs past the end of the stream (truncated)");
			break;
		}
		/* The checksum after the data is not checked: a wrong one
		 * hides nothing. */
		attribute(&r, level, id, p + i + 9, len);
		i += 9 + (size_t)len + 2;
	}
	if (!r.nomem)
		attach_close(&r);
	return r.nomem ? -1 : 0;
}
