/*
 * msdoc.c: the text of a Word document ([MS-DOC]).
 *
 * Word 97 and later: the FIB at the start of the WordDocument stream
 * names the table stream (0Table or 1Table) and the CLX in it, whose
 * piece table maps every character position of the document to its
 * bytes in WordDocument, 8-bit (Windows-1252) or UTF-16LE.  The piece
 * table covers the main text, footnotes, headers and footers, comments,
 * endnotes and text boxes, so all its pieces are read, in order, as one
 * text (a term split across formatting runs or pieces is still found).
 * Word 6 and 95: the text between fcMin and fcMac, Windows-1252, plus the
 * whole stream scanned as it is when the file was fast-saved.  An
 * encrypted or obfuscated document (fEncrypted) is uninspectable.  The
 * text built is capped at max_expanded_size (overlapping pieces cannot
 * multiply the work past it); a piece outside the stream makes the
 * document uninspectable, with the rest still read.  The drawings
 * (OfficeArt, in the table stream) are outside the pieces: they keep the
 * text of WordArt, Design > Watermark's among it, as a shape property
 * (gtextUNICODE, UTF-16), and their strings are scanned there.
 */
#include <string.h>

#include "ole2_priv.h"

#define FIB_MAGIC 0xa5ec
#define FIB_MAGIC_WORD6 0xa5dc
#define F_COMPLEX 0x0004
#define F_ENCRYPTED 0x0100
#define F_WHICHTABLE 0x0200
#define NFIB_WORD97 0x00c1
#define CLX_INDEX 33            /* fcClx/lcbClx in FibRgFcLcb97 */
#define DGG_INDEX 50            /* fcDggInfo/lcbDggInfo: the drawings */

/* The pieces of the CLX in tbl[0..n) (Prc entries skipped, then the
 * Pcdt).  Returns the PlcPcd and its size, or NULL. */
static const unsigned char *find_plcpcd(const unsigned char *p, size_t n, size_t *len)
{
	size_t i = 0;

	while (i < n) {
		if (p[i] == 1) {                /* Prc: clxt, cbGrpprl, grpprl */
			if (i + 3 > n)
				return NULL;
			i += 3 + olex_u16(p + i + 1);
		} else if (p[i] == 2) {         /* Pcdt: clxt, lcb, PlcPcd */
			if (i + 5 > n)
				return NULL;
			size_t l = olex_u32(p + i + 1);
			if (l > n - i - 5)
				return NULL;
			*len = l;
			return p + i + 5;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* Appends every piece's text.  0, or -1 if a piece lay outside doc. */
static int pieces(const unsigned char *plc, size_t len, const unsigned char *doc, size_t dn,
    struct buf *text)
{
	size_t np = len >= 4 ? (len - 4) / 12 : 0;
	int bad = 0;

	for (size_t i = 0; i < np && !text->err; i++) {
		uint32_t cp0 = olex_u32(plc + 4 * i), cp1 = olex_u32(plc + 4 * (i + 1));
		const unsigned char *pcd = plc + 4 * (np + 1) + 8 * i;
		uint32_t fc = olex_u32(pcd + 2);
		size_t nch, off, bytes;
		if (cp1 <= cp0)
			continue;
		nch = cp1 - cp0;
		if (fc & 0x40000000u) {
			off = (fc & 0x3fffffffu) / 2;
			bytes = nch;
		} else {
			off = fc;
			bytes = nch * 2;
		}
		if (off > dn || bytes > dn - off) {
			bad = 1;
			if (off > dn)
				continue;
			bytes = dn - off;
		}
		if (fc & 0x40000000u)
			olex_cp1252(text, doc + off, bytes);
		else
			olex_utf16(text, doc + off, bytes);
	}
	return bad ? -1 : 0;
}

/* The strings of the drawings (fcDggInfo in rg, the FibRgFcLcb97 of
 * ncl pairs) in the table stream tbl, named table. */
static void drawings(struct olex *x, int where, const unsigned char *rg, size_t ncl,
    const struct buf *tbl, const char *table)
{
	if (ncl <= DGG_INDEX)
		return;
	size_t fc = olex_u32(rg + 8 * DGG_INDEX), lcb = olex_u32(rg + 8 * DGG_INDEX + 4);
	if (lcb == 0)
		return;
	int w = olex_where(x, where, table);
	if (fc > tbl->len || lcb > tbl->len - fc)
		classify_uninspectable(x->c, w, "a broken Word document: its drawings lie "
		    "outside the table stream");
	else
		olex_strings(x->c, w, tbl->p + fc, lcb);
}

void msdoc_read(struct olex *x, uint32_t st, int where)
{
	uint32_t id = ole2_child(&x->o, st, "WordDocument");
	int w = olex_where(x, where, "WordDocument");
	struct buf doc = BUF_INIT_MAX(0), tbl = BUF_INIT_MAX(0), text = BUF_INIT_MAX(x->max);
	const unsigned char *p;
	unsigned flags, nfib;
	int done = 0;

	if (olex_read(x, id, where, &doc) < 0 && doc.len < 32)
		goto raw;
	p = (const unsigned char *)doc.p;
	if (doc.len < 32)
		goto raw;
	nfib = olex_u16(p + 2);
	flags = olex_u16(p + 0x0a);
	if (flags & F_ENCRYPTED) {
		classify_uninspectable(x->c, w, (flags & 0x8000) ? "an obfuscated (XOR-encrypted) Word document"
		    : "an encrypted Word document: it cannot be read without its password");
		uint32_t t = ole2_child(&x->o, st, "0Table"), u = ole2_child(&x->o, st, "1Table");
		if (t != OLE2_NONE)
			x->done[t] = 1;
		if (u != OLE2_NONE)
			x->done[u] = 1;
		goto out;
	}
	if (olex_u16(p) != FIB_MAGIC && olex_u16(p) != FIB_MAGIC_WORD6)
		goto raw;
	if (nfib < NFIB_WORD97) {
		/* Word 6/95: the text is one run from fcMin to fcMac. */
		uint32_t fcmin = olex_u32(p + 0x18), fcmac = olex_u32(p + 0x1c);
		if (fcmin < fcmac && fcmac <= doc.len) {
			olex_cp1252(&text, p + fcmin, fcmac - fcmin);
			done = !(flags & F_COMPLEX);
		}
		goto scan;
	}
	/* FibBase (32), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + blob. */
	size_t off = 32;
	if (off + 2 > doc.len)
		goto raw;
	off += 2 + 2 * (size_t)olex_u16(p + off);
	if (off + 2 > doc.len)
		goto raw;
	off += 2 + 4 * (size_t)olex_u16(p + off);
	if (off + 2 > doc.len)
		goto raw;
	/* The pairs that lie wholly in the stream. */
	size_t ncl = olex_u16(p + off);
	const unsigned char *rg = p + off + 2;
	if (ncl > (doc.len - off - 2) / 8)
		ncl = (doc.len - off - 2) / 8;
	if (ncl <= CLX_INDEX)
		goto raw;
	size_t fcclx = olex_u32(rg + 8 * CLX_INDEX), lcbclx = olex_u32(rg + 8 * CLX_INDEX + 4);
	const char *table = (flags & F_WHICHTABLE) ? "1Table" : "0Table";
	uint32_t tid = ole2_child(&x->o, st, table);
	if (tid == OLE2_NONE)
		goto raw;
	olex_read(x, tid, where, &tbl);
	drawings(x, where, rg, ncl, &tbl, table);
	if (fcclx > tbl.len || lcbclx > tbl.len - fcclx)
		goto raw;
	size_t plen;
	const unsigned char *plc = find_plcpcd((const unsigned char *)tbl.p + fcclx, lcbclx, &plen);
	if (!plc)
		goto raw;
	if (pieces(plc, plen, p, doc.len, &text) < 0)
		classify_uninspectable(x->c, w, "a broken Word document: a text piece lies "
		    "outside the WordDocument stream");
	done = 1;
	goto scan;
raw:
	classify_uninspectable(x->c, w, "a Word document whose text could not be located "
	    "(scanned as it is)");
scan:
	olex_scan(x, w, &text);
	if (!done && doc.len)
		olex_strings(x->c, w, doc.p, doc.len);
out:
	buf_free(&doc);
	buf_free(&tbl);
	buf_free(&text);
}
