/*
 * mspub.c: the text of a Publisher publication, versions 1.0 to 2010.
 *
 * No Microsoft specification covers the text of these files; what is
 * read here follows libmspub's documented findings and the real files in
 * ../shared/fixtures/publisher:
 *
 *   Publisher 1.0 (not a compound file; magic E7 AC, a version byte, 00):
 *     the u32 at 0x0C is the offset of the text zone, whose u32s at +14
 *     and +18 are the file offsets of the text's start and end;
 *     Windows-1252.
 *   Publisher 2.0, 3.0 and 97 (a compound file whose Contents stream
 *     begins E8 AC 22 00, no Quill storage): in Contents, the u32 at 0x12
 *     is the offset of a block whose u32s at +14 and +18 are the start
 *     and end of the text in Contents; Windows-1252.
 *   Publisher 98 to 2010 (Contents begins E8 AC 22 00 or E8 AC 2C 00):
 *     the stream Quill/QuillSub/CONTENTS, "CHNKINK " then lists of
 *     24-byte chunk references from 0x18 (u16, u16 count, u32 offset of
 *     the next list or FFFFFFFF, then the references: u16, a 4-byte name,
 *     u16 id, u32, a 4-byte name, u32 offset, u32 length); the chunks
 *     named TEXT hold all the text of the publication, UTF-16LE.
 *
 * Everything else in the file (Contents of the newer versions, Escher
 * drawings, embedded objects, summary information) is handled by the
 * generic walk of extract_ole2.c.  Offsets and lengths are checked
 * against their stream; chunk lists are bounded in number.  Where the text
 * cannot be located, the publication is uninspectable and its stream is
 * scanned as it is.
 */
#include <string.h>

#include "ole2_priv.h"

#define MAX_LISTS 1024
#define MAX_REFS 65536

/* Text between the u32 offsets at zone+14 and zone+18 of p[0..n), as
 * Windows-1252; 0 or -1 if they are not a range of p. */
static int text_zone(const unsigned char *p, size_t n, size_t zone, struct buf *text)
{
	size_t start, end;

	if (zone > n || n - zone < 22)
		return -1;
	start = olex_u32(p + zone + 14);
	end = olex_u32(p + zone + 18);
	if (start > end || end > n)
		return -1;
	olex_cp1252(text, p + start, end - start);
	return 0;
}

int mspub1_read(struct classify *c, const char *data, size_t n, int where)
{
	const unsigned char *p = (const unsigned char *)data;
	struct buf text = BUF_INIT_MAX(c->cfg->lim.max_expanded_size);
	int w;

	if (n < 0x2c || p[0] != 0xe7 || p[1] != 0xac || p[3] != 0)
		return 0;
	w = classify_where_inside(c, where, "text");
	if (w < 0)
		return 1;
	if (text_zone(p, n, olex_u32(p + 0x0c), &text) < 0) {
		classify_uninspectable(c, w, "a Publisher 1.0 file whose text could not be located "
		    "(scanned as it is)");
		olex_strings(c, where, data, n);
	} else if (text.err) {
		classify_uninspectable(c, w, "text larger than max_expanded_size");
	} else {
		classify_text(c, w, text.p, text.len);
	}
	buf_free(&text);
	return 1;
}

/* The TEXT chunks of Quill/QuillSub/CONTENTS.  0, or -1 if it is not a
 * chunk file. */
static int quill(const unsigned char *p, size_t n, struct buf *text)
{
	size_t off = 0x18, refs = 0;

	if (n < 0x20 || memcmp(p, "CHNKINK ", 8) != 0)
		return -1;
	for (int lists = 0; lists < MAX_LISTS && off <= n - 8; lists++) {
		size_t count = olex_u16(p + off + 2);
		uint32_t next = olex_u32(p + off + 4);
		for (size_t i = 0; i < count && refs < MAX_REFS; i++, refs++) {
			const unsigned char *r = p + off + 8 + 24 * i;
			if (off + 8 + 24 * (i + 1) > n)
				break;
			if (memcmp(r + 2, "TEXT", 4) != 0)
				continue;
			size_t at = olex_u32(r + 16), len = olex_u32(r + 20);
			if (at > n)
				continue;
			if (len > n - at)
				len = n - at;
			olex_utf16(text, p + at, len);
			buf_putc(text, '\n');
		}
		if (next == 0xffffffffu || next < 0x18)
			break;
		off = next;
	}
	return 0;
}

void mspub_read(struct olex *x, uint32_t st, int where)
{
	uint32_t q = ole2_path(&x->o, st, "Quill/QuillSub/CONTENTS");
	uint32_t id = q != OLE2_NONE ? q : ole2_child(&x->o, st, "Contents");
	int w = olex_where(x, where, q != OLE2_NONE ? "Quill/QuillSub/CONTENTS" : "Contents");
	struct buf b = BUF_INIT_MAX(0), text = BUF_INIT_MAX(x->max);
	const unsigned char *p;
	int rc;

	olex_read(x, id, where, &b);
	p = (const unsigned char *)b.p;
	if (q != OLE2_NONE)
		rc = quill(p, b.len, &text);
	else
		rc = b.len >= 0x16 ? text_zone(p, b.len, olex_u32(p + 0x12), &text) : -1;
	if (rc < 0) {
		classify_uninspectable(x->c, w, "a Publisher file whose text could not be located "
		    "(scanned as it is)");
		if (b.len)
			olex_strings(x->c, w, b.p, b.len);
	}
	olex_scan(x, w, &text);
	buf_free(&b);
	buf_free(&text);
}
