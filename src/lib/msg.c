/*
 * msg.c: an Outlook message file ([MS-OXMSG]) and the messages attached
 * inside it.
 *
 * Each property of the message is a stream "__substg1.0_TTTTYYYY" (tag,
 * type); multi-valued ones have a stream per value ("-NNNNNNNN").  Read:
 * the subject and the plain body as places of their own, every other
 * string property (PT_UNICODE, PT_STRING8 in the message's code page, and
 * their multi-valued forms) in one "properties" place, the HTML body
 * (PR_BODY_HTML) and the compressed RTF body (PR_RTF_COMPRESSED, after
 * decompression) through classify_file.  Recipients (__recip_version1.0_#)
 * are read for their string properties.  Each attachment
 * (__attach_version1.0_#) is placed under its file name: its data
 * (PR_ATTACH_DATA_BIN) goes to classify_file, and an attached message or
 * OLE object (PR_ATTACH_DATA_OBJ, a storage) is read as a document of its
 * own, one level deeper.  Binary properties nobody reads are scanned as
 * they are; the named-property map is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "lzfu.h"
#include "ole2_priv.h"
#include "status.h"

#define PT_BINARY 0x0102
#define PT_STRING8 0x001e
#define PT_UNICODE 0x001f
#define PT_OBJECT 0x000d
#define MV_FLAG 0x1000

struct prop {
	unsigned tag, type;
	int value;              /* a value stream of a multi-valued property */
};

static int hexval(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* "__substg1.0_TTTTYYYY" or "__substg1.0_TTTTYYYY-NNNNNNNN". */
static int parse_name(const char *name, struct prop *p)
{
	size_t l = strlen(name);

	if (strncasecmp(name, "__substg1.0_", 12) != 0 || (l != 20 && l != 29))
		return -1;
	if (hexval(name + 12, 4, &p->tag) < 0 || hexval(name + 16, 4, &p->type) < 0)
		return -1;
	p->value = l == 29;
	return 0;
}

/* The message's code page (PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID)
 * from the fixed-size properties; 1252 if neither is there. */
static unsigned codepage(struct olex *x, uint32_t st, size_t header, int where)
{
	uint32_t id = ole2_child(&x->o, st, "__properties_version1.0");
	struct buf b = BUF_INIT_MAX(0);
	unsigned cp = 0, icp = 0;

	if (id == OLE2_NONE)
		return 1252;
	olex_read(x, id, where, &b);
	for (size_t off = header; off + 16 <= b.len; off += 16) {
		uint32_t tag = olex_u32((const unsigned char *)b.p + off);
		uint32_t v = olex_u32((const unsigned char *)b.p + off + 8);
		if (tag == 0x3ffd0003u)
			cp = v;
		else if (tag == 0x3fde0003u)
			icp = v;
	}
	buf_free(&b);
	return cp ? cp : icp ? icp : 1252;
}

static void string8(unsigned cp, const char *p, size_t n, struct buf *out)
{
	while (n && p[n - 1] == 0)
		n--;
	if (cp == 65001 || cp == 20127) {
		buf_put(out, p, n);
	} else if (cp == 1252 || cp == 28591) {
		olex_cp1252(out, (const unsigned char *)p, n);
	} else {
		char label[16];
		snprintf(label, sizeof label, "CP%u", cp);
		charset_to_utf8(label, strlen(label), p, n, out);
	}
}

static void unicode(const char *p, size_t n, struct buf *out)
{
	while (n >= 2 && p[n - 1] == 0 && p[n - 2] == 0)
		n -= 2;
	olex_utf16(out, (const unsigned char *)p, n);
}

/* The compressed RTF body, decompressed, to classify_file. */
static void rtf_body(struct olex *x, const struct buf *b, int where)
{
	struct buf rtf = BUF_INIT_MAX(0);
	int w = olex_where(x, where, "body.rtf");
	int rc = lzfu_decompress(b->p, b->len, x->max, &rtf);

	if (rc == LZFU_NOMEM) {
		x->c->status = EX_TEMPFAIL;
	} else if (rc != LZFU_OK) {
		char why[160];
		snprintf(why, sizeof why, "a compressed RTF body that cannot be read: %s",
		    lzfu_strerror(rc));
		classify_uninspectable(x->c, w, why);
		olex_strings(x->c, w, b->p, b->len);
	}
	if (rtf.len)
		olex_file(x, rtf.p, rtf.len, "body.rtf", "application/rtf", w);
	buf_free(&rtf);
}

/* The string properties of storage st (a message, a recipient, an
 * attachment) into props; the subject, bodies and, for an attachment,
 * its names and data are taken out.  cp: the code page of PT_STRING8. */
struct attach {
	char name[256];
	char ctype[128];
	uint32_t data, obj;
};

static void props(struct olex *x, uint32_t st, int where, unsigned cp, struct buf *props,
    struct attach *a)
{
	struct buf b = BUF_INIT_MAX(0), t = BUF_INIT_MAX(x->max);

	for (uint32_t i = x->o.e[st].first; i != OLE2_NONE && !x->c->status; i = x->o.e[i].next) {
		struct prop p;
		const struct ole2_entry *e = &x->o.e[i];
		if (x->done[i] || parse_name(e->name, &p) < 0)
			continue;
		if (a && p.tag == 0x3701) {
			x->done[i] = 1;
			if (e->type == OLE2_STORAGE)
				a->obj = i;
			else
				a->data = i;
			continue;
		}
		if (e->type != OLE2_STREAM)
			continue;
		unsigned base = p.type & ~MV_FLAG;
		if ((p.type & MV_FLAG) && !p.value) {
			x->done[i] = 1;         /* the lengths of the values */
			continue;
		}
		olex_read(x, i, where, &b);
		buf_reset(&t);
		if (base == PT_UNICODE)
			unicode(b.p, b.len, &t);
		else if (base == PT_STRING8)
			string8(cp, b.p, b.len, &t);
		if (p.tag == 0x1009 && base == PT_BINARY) {
			rtf_body(x, &b, where);
		} else if (p.tag == 0x1013) {
			int w = olex_where(x, where, "body.html");
			if (base == PT_BINARY) {
				char cs[16];
				snprintf(cs, sizeof cs, "CP%u", cp);
				classify_file(x->c, b.p, b.len, "body.html", "text/html",
				    cp == 1252 ? "windows-1252" : cp == 65001 ? "utf-8" : cs, w);
			} else if (t.len) {
				classify_file(x->c, t.p, t.len, "body.html", "text/html", "utf-8", w);
			}
		} else if (p.tag == 0x0037 || p.tag == 0x1000) {
			olex_scan(x, olex_where(x, where, p.tag == 0x0037 ? "subject" : "body"), &t);
		} else if (base == PT_UNICODE || base == PT_STRING8) {
			if (a && (p.tag == 0x3707 || (p.tag == 0x3704 && !a->name[0]) ||
			    (p.tag == 0x3001 && !a->name[0])) && t.len && !t.err)
				snprintf(a->name, sizeof a->name, "%s", t.p);
			if (a && p.tag == 0x370e && t.len && !t.err)
				snprintf(a->ctype, sizeof a->ctype, "%s", t.p);
			buf_put(props, t.p, t.len);
			buf_putc(props, '\n');
		} else if (b.len) {
			olex_strings(x->c, where, b.p, b.len);  /* binary */
		}
	}
	buf_free(&b);
	buf_free(&t);
}

static void attachment(struct olex *x, uint32_t st, int where, unsigned cp)
{
	struct attach a;
	struct buf pr = BUF_INIT_MAX(x->max), data = BUF_INIT_MAX(0);
	int w;

	memset(&a, 0, sizeof a);
	a.data = a.obj = OLE2_NONE;
	/* Names first, so that the place is named by the file. */
	props(x, st, where, cp, &pr, &a);
	for (char *s = a.name; *s; s++)
		if ((unsigned char)*s < 32)
			*s = ' ';
	w = olex_where(x, where, a.name[0] ? a.name : x->o.e[st].name);
	olex_scan(x, w, &pr);
	if (a.data != OLE2_NONE) {
		olex_read(x, a.data, w, &data);
		if (data.len)
			olex_file(x, data.p, data.len, a.name, a.ctype[0] ? a.ctype : NULL, w);
	}
	if (a.obj != OLE2_NONE)
		olex_nested(x, a.obj, w);
	buf_free(&pr);
	buf_free(&data);
}

void msg_read(struct olex *x, uint32_t st, int where)
{
	unsigned cp = codepage(x, st, st == 0 ? 32 : 24, where);
	struct buf pr = BUF_INIT_MAX(x->max);
	int w = olex_where(x, where, "properties");

	props(x, st, where, cp, &pr, NULL);
	olex_scan(x, w, &pr);
	buf_free(&pr);
	for (uint32_t i = x->o.e[st].first; i != OLE2_NONE && !x->c->status; i = x->o.e[i].next) {
		const struct ole2_entry *e = &x->o.e[i];
		if (x->done[i])
			continue;
		if (strncasecmp(e->name, "__recip_version1.0_", 19) == 0 && e->type == OLE2_STORAGE) {
			struct buf r = BUF_INIT_MAX(x->max);
			x->done[i] = 1;
			props(x, i, where, cp, &r, NULL);
			olex_scan(x, olex_where(x, where, "recipients"), &r);
			buf_free(&r);
		} else if (strncasecmp(e->name, "__attach_version1.0_", 20) == 0 &&
		    e->type == OLE2_STORAGE) {
			x->done[i] = 1;
			attachment(x, i, where, cp);
		} else if (strncasecmp(e->name, "__nameid_version1.0", 19) == 0 ||
		    strcasecmp(e->name, "__properties_version1.0") == 0) {
			x->done[i] = 1;
		}
	}
}
