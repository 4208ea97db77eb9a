/*
 * extract_ole2.c: compound documents (.doc .xls .ppt .pub .msg and the
 * objects embedded in them), and Publisher 1.0 files.
 *
 * The format is decided by a storage's entries, never by the file name:
 * EncryptionInfo + EncryptedPackage is an encrypted OOXML package
 * (uninspectable), WordDocument is Word, Workbook or Book is Excel,
 * "PowerPoint Document" is PowerPoint, Contents with Publisher's magic is
 * Publisher, __substg1.0_ streams are an Outlook message.  Property set
 * streams are read wherever they are.  Every entry no reader consumed is
 * still looked at: a storage as a document of its own (embedded objects:
 * ObjectPool/_NNN, MBD*, Objects/...), a stream by classify_file, which
 * sniffs it (a PDF, a ZIP or OOXML package, another compound file
 * recurse) and otherwise scans its bytes as they are.  Nesting counts
 * against extract_depth; all reads count against max_expanded_size.  A
 * file that cannot be opened is uninspectable with the reason; its bytes
 * are still scanned raw, as a safety net.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "extractors.h"
#include "ole2_priv.h"
#include "status.h"

/* A name for people: leading control characters dropped. */
static const char *display(const char *name)
{
	while (*name && (unsigned char)*name < 32)
		name++;
	return *name ? name : "(unnamed)";
}

int olex_where(struct olex *x, int where, const char *name)
{
	int w = classify_where_inside(x->c, where, display(name));
	return w < 0 ? where : w;
}

int olex_read(struct olex *x, uint32_t id, int where, struct buf *b)
{
	char why[200];

	buf_reset(b);
	b->max = x->max;
	if (id >= x->o.ne)
		return -1;
	x->done[id] = 1;
	if (ole2_read(&x->o, id, b) == 0)
		return 0;
	if (b->err == ENOMEM)
		x->c->status = EX_TEMPFAIL;
	snprintf(why, sizeof why, "a broken compound file: %s", x->o.err);
	classify_uninspectable(x->c, olex_where(x, where, x->o.e[id].name), why);
	b->err = 0;     /* what could be read is still scanned */
	return -1;
}

void olex_utf16(struct buf *out, const unsigned char *p, size_t nbytes)
{
	char u[4];

	for (size_t i = 0; i + 1 < nbytes; i += 2) {
		uint32_t c = olex_u16(p + i);
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < nbytes && olex_u16(p + i + 2) >= 0xdc00 &&
		    olex_u16(p + i + 2) < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (olex_u16(p + i + 2) - 0xdc00u);
			i += 2;
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		}
		if (c < 0x80) {
			buf_putc(out, (int)c);
		} else if (c < 0x800) {
			u[0] = (char)(0xc0 | c >> 6);
			u[1] = (char)(0x80 | (c & 0x3f));
			buf_put(out, u, 2);
		} else if (c < 0x10000) {
			u[0] = (char)(0xe0 | c >> 12);
			u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[2] = (char)(0x80 | (c & 0x3f));
			buf_put(out, u, 3);
		} else {
			u[0] = (char)(0xf0 | c >> 18);
			u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[3] = (char)(0x80 | (c & 0x3f));
			buf_put(out, u, 4);
		}
		if (out->err)
			return;
	}
}

void olex_cp1252(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n && !out->err; i++) {
		if (p[i] < 0x80)
			buf_putc(out, p[i]);
		else
			charset_cp1252_char(p[i], out);
	}
}

void olex_latin1(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n && !out->err; i++) {
		if (p[i] < 0x80) {
			buf_putc(out, p[i]);
		} else {
			char u[2] = { (char)(0xc0 | p[i] >> 6), (char)(0x80 | (p[i] & 0x3f)) };
			buf_put(out, u, 2);
		}
	}
}

void olex_scan(struct olex *x, int where, struct buf *text)
{
	if (text->err == ENOMEM) {
		x->c->status = EX_TEMPFAIL;
		return;
	}
	if (text->err)
		classify_uninspectable(x->c, where, "text larger than max_expanded_size");
	if (text->len)
		classify_text(x->c, where, text->p, text->len);
}

/* A code unit that can be part of text a person reads (Latin,
 * punctuation, full-width forms), and not the two bytes of 8-bit text. */
static int text16(unsigned u)
{
	return (u >= 0x20 && u < 0x250) || u == 9 || u == 10 || u == 13 ||
	    (u >= 0x2000 && u < 0x2070) || u == 0x3000 || (u >= 0xff00 && u < 0xff5f);
}

static int text8(unsigned char b)
{
	return (b >= 0x20 && b != 0x7f && b != 0xff) || b == 9 || b == 10 || b == 13;
}

void olex_strings(struct classify *c, int where, const void *data, size_t n)
{
	const unsigned char *p = data;
	struct buf out = BUF_INIT_MAX(c->cfg->lim.max_expanded_size);
	size_t i = 0, j;

	while (i < n && !out.err) {
		for (j = i; j + 1 < n && text16(olex_u16(p + j)); j += 2)
			;
		if (j - i >= 2 * STRINGS_MIN) {
			olex_utf16(&out, p + i, j - i);
			buf_putc(&out, '\n');
			i = j;
			continue;
		}
		for (j = i; j < n && text8(p[j]); j++)
			;
		if (j - i >= STRINGS_MIN) {
			olex_cp1252(&out, p + i, j - i);
			buf_putc(&out, '\n');
			i = j;
			continue;
		}
		i++;
	}
	if (out.err == ENOMEM)
		c->status = EX_TEMPFAIL;
	else if (out.err)
		classify_uninspectable(c, where, "text larger than max_expanded_size");
	if (out.len)
		classify_text(c, where, out.p, out.len);
	buf_free(&out);
}

void olex_file(struct olex *x, const char *data, size_t n, const char *name,
    const char *ctype, int where)
{
	classify_file(x->c, data, n, name, ctype, NULL, where);
}

void olex_nested(struct olex *x, uint32_t st, int where)
{
	struct classify *c = x->c;

	if (c->depth >= c->cfg->lim.extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	c->depth++;
	olex_storage(x, st, where);
	c->depth--;
}

/* An OLE 1.0 object ([MS-OLEDS] 2.3.6, as the Packager writes it): a
 * size, then a label, a path, and the file.  Anything else is handed on
 * whole. */
static void ole10native(struct olex *x, const struct buf *b, int where)
{
	const unsigned char *p = (const unsigned char *)b->p;
	size_t n = b->len, i = 6;
	const char *label = NULL;

	if (n < 4)
		return;
	size_t total = olex_u32(p);
	if (total > n - 4)
		total = n - 4;
	p += 4;
	n = total;
	/* 0x0002, label\0, path\0, 4 bytes, temp path length + text, size, data */
	if (n > 6 && olex_u16(p) == 2) {
		const unsigned char *e = memchr(p + 2, 0, n - 2);
		if (e) {
			label = (const char *)p + 2;
			i = (size_t)(e - p) + 1;
			e = memchr(p + i, 0, n - i);
			if (e && (size_t)(e - p) + 9 <= n) {
				i = (size_t)(e - p) + 1 + 4;
				size_t tl = olex_u32(p + i);
				if (tl <= n - i - 4 && n - i - 4 - tl >= 4) {
					i += 4 + tl;
					size_t dl = olex_u32(p + i);
					if (dl <= n - i - 4) {
						olex_file(x, (const char *)p + i + 4, dl, label, NULL, where);
						return;
					}
				}
			}
		}
	}
	olex_file(x, (const char *)p, n, NULL, NULL, where);
}

/* A stream no reader took. */
static void generic_stream(struct olex *x, uint32_t id, int where)
{
	struct buf b = BUF_INIT_MAX(0);
	const char *name = x->o.e[id].name;
	int w = olex_where(x, where, name);

	olex_read(x, id, where, &b);
	if (b.len) {
		enum doctype t = sniff(b.p, b.len < SNIFF_BYTES ? b.len : SNIFF_BYTES, "", "");
		if (strcmp(name, "\001Ole10Native") == 0)
			ole10native(x, &b, w);
		else if ((unsigned char)name[0] < 32 || t == DOC_BINARY || t == DOC_MEDIA)
			olex_strings(x->c, w, b.p, b.len);      /* \001CompObj, \002OlePres... */
		else
			olex_file(x, b.p, b.len, NULL, NULL, w);
	}
	buf_free(&b);
}

static int has(const struct olex *x, uint32_t st, const char *name)
{
	return ole2_child(&x->o, st, name) != OLE2_NONE;
}

static int is_msg(const struct olex *x, uint32_t st)
{
	for (uint32_t i = x->o.e[st].first; i != OLE2_NONE; i = x->o.e[i].next)
		if (strncasecmp(x->o.e[i].name, "__substg1.0_", 12) == 0 ||
		    strcasecmp(x->o.e[i].name, "__properties_version1.0") == 0)
			return 1;
	return 0;
}

/* Publisher 2.0 to 2010: Contents begins with E8 AC, a version, 00. */
static int is_pub(struct olex *x, uint32_t st)
{
	unsigned char m[4];

	return ole2_peek(&x->o, ole2_child(&x->o, st, "Contents"), m, 4) == 4 &&
	    m[0] == 0xe8 && m[1] == 0xac && m[3] == 0;
}

void olex_storage(struct olex *x, uint32_t st, int where)
{
	struct classify *c = x->c;

	if (has(x, st, "EncryptionInfo") && has(x, st, "EncryptedPackage")) {
		classify_uninspectable(c, where, "an encrypted Office document (a password-protected "
		    "OOXML package): it cannot be read without its password");
		for (uint32_t i = x->o.e[st].first; i != OLE2_NONE; i = x->o.e[i].next)
			x->done[i] = 1;
		return;
	}
	if (has(x, st, "WordDocument"))
		msdoc_read(x, st, where);
	else if (has(x, st, "Workbook") || has(x, st, "Book"))
		msxls_read(x, st, where);
	else if (has(x, st, "PowerPoint Document"))
		msppt_read(x, st, where);
	else if (is_msg(x, st))
		msg_read(x, st, where);
	else if (is_pub(x, st))
		mspub_read(x, st, where);

	for (uint32_t i = x->o.e[st].first; i != OLE2_NONE && !c->status; i = x->o.e[i].next) {
		const struct ole2_entry *e = &x->o.e[i];
		if (x->done[i])
			continue;
		if (e->type == OLE2_STREAM && e->name[0] == '\005') {
			x->done[i] = 1;
			oleprops_read(x, i, where);
		}
	}
	for (uint32_t i = x->o.e[st].first; i != OLE2_NONE && !c->status; i = x->o.e[i].next) {
		const struct ole2_entry *e = &x->o.e[i];
		if (x->done[i])
			continue;
		x->done[i] = 1;
		if (e->type == OLE2_STORAGE)
			olex_nested(x, i, olex_where(x, where, e->name));
		else if (e->type == OLE2_STREAM && e->size)
			generic_stream(x, i, where);
	}
}

void extract_ole2(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	struct olex x;

	(void)name;
	if (mspub1_read(c, data, n, where))
		return;
	memset(&x, 0, sizeof x);
	x.c = c;
	x.max = c->cfg->lim.max_expanded_size;
	if (ole2_open(&x.o, data, n, x.max) < 0) {
		char why[200];
		snprintf(why, sizeof why, "a broken compound file: %s", x.o.err);
		classify_uninspectable(c, where, why);
		olex_strings(c, where, data, n);        /* the safety net */
		return;
	}
	x.done = calloc(x.o.ne, 1);
	if (!x.done) {
		c->status = EX_TEMPFAIL;
		ole2_close(&x.o);
		return;
	}
	if (x.o.damaged)
		findings_note(c->fs, where, "the compound file's directory has broken links; "
		    "only the entries that can be reached were read");
	olex_storage(&x, 0, where);
	free(x.done);
	ole2_close(&x.o);
}
