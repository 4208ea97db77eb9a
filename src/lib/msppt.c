/*
 * msppt.c: the text of a PowerPoint presentation ([MS-PPT]).
 *
 * The "PowerPoint Document" stream is a tree of records (8-byte header:
 * version and instance, type, length); a record whose version is 0xF is
 * a container whose body is more records, and the drawing (OfficeArt)
 * records inside slides use the same header.  The stream is walked once,
 * linearly, entering every container, so text in slides, notes,
 * handouts, masters and layouts, comments and the text boxes of shapes
 * is all found, including old copies left by incremental saves.  Text:
 * TextCharsAtom (UTF-16LE), TextBytesAtom (8-bit, the low bytes of
 * UTF-16), CString (UTF-16LE: titles, comments, names).  The bodies of
 * other atoms are scanned as they are.  Embedded objects (ExOleObjStg,
 * zlib-compressed or not) are compound files of their own and go to
 * classify_file.  Encryption (an EncryptedSummary stream or a
 * CryptSession10Container) makes the presentation uninspectable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ole2_priv.h"
#include "status.h"

enum {
	RT_EXOLEOBJSTG = 0x1011,
	RT_TEXTCHARS = 0x0fa0,
	RT_TEXTBYTES = 0x0fa8,
	RT_CSTRING = 0x0fba,
	RT_CRYPTSESSION = 0x2f14,
};

/* Inflates an ExOleObjStg body (a 4-byte size, then zlib), at most max
 * bytes.  0, or -1 with out holding what was inflated. */
static int inflate_obj(const unsigned char *p, size_t n, size_t max, struct buf *out)
{
	z_stream z;
	int rc = Z_OK;
	size_t want;

	if (n < 4)
		return -1;
	want = olex_u32(p);
	if (want > max)
		return -1;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return -1;
	if (buf_reserve(out, want) < 0) {
		inflateEnd(&z);
		return -1;
	}
	z.next_in = (unsigned char *)(p + 4);
	z.avail_in = (uInt)(n - 4 > UINT32_MAX ? UINT32_MAX : n - 4);
	z.next_out = (unsigned char *)out->p + out->len;
	z.avail_out = (uInt)want;
	while (rc == Z_OK && z.avail_out)
		rc = inflate(&z, Z_FINISH);
	out->len = want - z.avail_out;
	out->p[out->len] = '\0';
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

static void embedded(struct olex *x, const unsigned char *p, size_t n, unsigned inst, int where)
{
	if (inst == 0) {
		olex_file(x, (const char *)p, n, NULL, NULL, where);
		return;
	}
	struct buf b = BUF_INIT_MAX(0);
	if (inflate_obj(p, n, x->max, &b) < 0) {
		if (b.err == ENOMEM)
			x->c->status = EX_TEMPFAIL;
		classify_uninspectable(x->c, where, "an embedded object that could not be "
		    "decompressed (or larger than max_expanded_size)");
	}
	if (b.len)
		olex_file(x, b.p, b.len, NULL, NULL, where);
	buf_free(&b);
}

void msppt_read(struct olex *x, uint32_t st, int where)
{
	uint32_t id = ole2_child(&x->o, st, "PowerPoint Document");
	uint32_t enc = ole2_child(&x->o, st, "EncryptedSummary");
	int w = olex_where(x, where, "PowerPoint Document");
	struct buf b = BUF_INIT_MAX(0), text = BUF_INIT_MAX(x->max), raw = BUF_INIT_MAX(x->max);
	size_t pos = 0, n;
	const unsigned char *s;

	if (enc != OLE2_NONE) {
		x->done[id] = x->done[enc] = 1;
		classify_uninspectable(x->c, w, "an encrypted PowerPoint presentation: it cannot be "
		    "read without its password");
		return;
	}
	olex_read(x, id, where, &b);
	s = (const unsigned char *)b.p;
	n = b.len;
	while (pos + 8 <= n && !x->c->status) {
		unsigned verinst = olex_u16(s + pos), type = olex_u16(s + pos + 2);
		size_t len = olex_u32(s + pos + 4);
		const unsigned char *p = s + pos + 8;
		if (type == RT_CRYPTSESSION) {
			classify_uninspectable(x->c, w, "an encrypted PowerPoint presentation: it "
			    "cannot be read without its password");
			buf_reset(&text);
			buf_reset(&raw);
			break;
		}
		if ((verinst & 0xf) == 0xf) {
			pos += 8;               /* a container: its records follow */
			continue;
		}
		if (len > n - pos - 8)
			len = n - pos - 8;
		switch (type) {
		case RT_TEXTCHARS: case RT_CSTRING:
			olex_utf16(&text, p, len);
			buf_putc(&text, '\n');
			break;
		case RT_TEXTBYTES:
			olex_latin1(&text, p, len);
			buf_putc(&text, '\n');
			break;
		case RT_EXOLEOBJSTG:
			embedded(x, p, len, verinst >> 4, olex_where(x, w, "embedded object"));
			break;
		default:
			buf_put(&raw, p, len);
			buf_putc(&raw, '\n');
			break;
		}
		pos += 8 + len;
	}
	olex_scan(x, w, &text);
	if (raw.len && !raw.err)
		olex_strings(x->c, w, raw.p, raw.len);
	buf_free(&b);
	buf_free(&text);
	buf_free(&raw);
}
