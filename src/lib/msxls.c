/*
 * msxls.c: the text of an Excel workbook ([MS-XLS], BIFF8; BIFF5 too).
 *
 * The Workbook (or Book) stream is a sequence of records.  Read as text:
 * the shared string table (SST, with its CONTINUE records: a string's
 * characters may be split across records, each continuation starting
 * with its own 8-bit/16-bit flag), LABEL, RSTRING and STRING cells, sheet
 * names (BOUNDSHEET), page headers and footers (HEADER, FOOTER), and the
 * text of comments and text boxes (TXO and its CONTINUE records).  The
 * bodies of the other records, except those known to hold only numbers,
 * are scanned as they are (formulas with string constants, comment
 * authors, HEADERFOOTER, chart titles, hyperlinks).  Findings are placed
 * in the workbook's globals or in the sheet whose BOF the BOUNDSHEET
 * records point at.  FILEPASS (an encrypted workbook) makes it
 * uninspectable.  Records are bounded by the stream, strings by their
 * records, and the text by max_expanded_size.
 */
#include <stdlib.h>
#include <string.h>

#include "ole2_priv.h"
#include "status.h"

enum {
	R_FORMULA = 0x0006, R_EOF = 0x000a, R_HEADER = 0x0014, R_FOOTER = 0x0015,
	R_FILEPASS = 0x002f, R_CONTINUE = 0x003c, R_BOUNDSHEET = 0x0085,
	R_MULRK = 0x00bd, R_MULBLANK = 0x00be, R_RSTRING = 0x00d6, R_DBCELL = 0x00d7,
	R_XF = 0x00e0, R_SST = 0x00fc, R_LABELSST = 0x00fd, R_EXTSST = 0x00ff,
	R_TXO = 0x01b6, R_BLANK = 0x0201, R_NUMBER = 0x0203, R_LABEL = 0x0204,
	R_BOOLERR = 0x0205, R_STRING = 0x0207, R_ROW = 0x0208, R_INDEX = 0x020b,
	R_RK = 0x027e, R_BOF = 0x0809,
};

/* A record and its CONTINUE records, read as one sequence of bytes in
 * which character data crossing into a new segment starts with a flag
 * byte. */
struct rd {
	const unsigned char *base;      /* the stream */
	size_t n;
	size_t *seg;                    /* start and length of each segment */
	size_t ns, cap, k, i;
	int bad;
	int nomem;
};

/* Collects the record at pos and the CONTINUE records that follow it
 * (only these when skip_first).  Returns the position after them. */
static size_t rd_init(struct rd *r, const unsigned char *s, size_t n, size_t pos, int skip_first)
{
	r->base = s;
	r->n = n;
	r->ns = r->k = r->i = 0;
	r->bad = 0;
	for (int first = 1; pos + 4 <= n; first = 0) {
		unsigned type = olex_u16(s + pos);
		size_t len = olex_u16(s + pos + 2);
		if (!first && type != R_CONTINUE)
			break;
		if (len > n - pos - 4)
			len = n - pos - 4;
		if (!(first && skip_first) && !r->nomem) {
			if (r->ns == r->cap) {
				size_t cap = r->cap ? 2 * r->cap : 64;
				size_t *seg = realloc(r->seg, 2 * cap * sizeof *seg);
				if (!seg) {
					r->nomem = 1;
					return n;
				}
				r->seg = seg;
				r->cap = cap;
			}
			r->seg[2 * r->ns] = pos + 4;
			r->seg[2 * r->ns + 1] = len;
			r->ns++;
		}
		pos += 4 + len;
	}
	return pos;
}

static int rd_at_end(struct rd *r)
{
	while (r->k < r->ns && r->i >= r->seg[2 * r->k + 1]) {
		r->k++;
		r->i = 0;
	}
	return r->k >= r->ns;
}

static unsigned rd_u8(struct rd *r)
{
	if (rd_at_end(r)) {
		r->bad = 1;
		return 0;
	}
	return r->base[r->seg[2 * r->k] + r->i++];
}

static unsigned rd_u16(struct rd *r)
{
	unsigned a = rd_u8(r);
	return a | rd_u8(r) << 8;
}

static uint32_t rd_u32(struct rd *r)
{
	uint32_t a = rd_u16(r);
	return a | (uint32_t)rd_u16(r) << 16;
}

static void rd_skip(struct rd *r, size_t k)
{
	while (k && !r->bad) {
		if (rd_at_end(r)) {
			r->bad = 1;
			return;
		}
		size_t room = r->seg[2 * r->k + 1] - r->i;
		size_t t = k < room ? k : room;
		r->i += t;
		k -= t;
	}
}

/* cch characters, 16-bit if high; a new segment starts with a flag. */
static void rd_chars(struct rd *r, size_t cch, int high, struct buf *out)
{
	while (cch && !r->bad && !out->err) {
		if (r->k < r->ns && r->i >= r->seg[2 * r->k + 1]) {
			if (rd_at_end(r)) {
				r->bad = 1;
				return;
			}
			high = rd_u8(r) & 1;
			continue;
		}
		if (rd_at_end(r)) {
			r->bad = 1;
			return;
		}
		size_t room = r->seg[2 * r->k + 1] - r->i;
		const unsigned char *p = r->base + r->seg[2 * r->k] + r->i;
		size_t t;
		if (high) {
			t = room / 2 < cch ? room / 2 : cch;
			if (t == 0) {           /* half a character: skip the odd byte */
				r->i = r->seg[2 * r->k + 1];
				continue;
			}
			olex_utf16(out, p, 2 * t);
			r->i += 2 * t;
		} else {
			t = room < cch ? room : cch;
			olex_cp1252(out, p, t);
			r->i += t;
		}
		cch -= t;
	}
}

/* The shared strings. */
static void sst(struct rd *r, struct buf *out)
{
	uint32_t count;

	rd_u32(r);
	count = rd_u32(r);
	for (uint32_t j = 0; j < count && !r->bad && !out->err; j++) {
		size_t cch = rd_u16(r);
		unsigned flags = rd_u8(r);
		size_t runs = flags & 0x08 ? rd_u16(r) : 0;
		size_t ext = flags & 0x04 ? rd_u32(r) : 0;
		rd_chars(r, cch, flags & 1, out);
		buf_putc(out, '\n');
		rd_skip(r, 4 * runs);
		rd_skip(r, ext);
	}
}

/* A string in one record: a count of cchbytes, then (BIFF8) a flag. */
static void xlstring(const unsigned char *p, size_t n, size_t cchbytes, int biff8, struct buf *out)
{
	size_t cch, off = cchbytes;
	int high = 0;

	if (n < cchbytes + (biff8 ? 1 : 0))
		return;
	cch = cchbytes == 1 ? p[0] : olex_u16(p);
	if (biff8)
		high = p[off++] & 1;
	if (high) {
		if (cch > (n - off) / 2)
			cch = (n - off) / 2;
		olex_utf16(out, p + off, 2 * cch);
	} else {
		if (cch > n - off)
			cch = n - off;
		olex_cp1252(out, p + off, cch);
	}
	buf_putc(out, '\n');
}

struct sheet {
	size_t pos;
	char *name;
};

#define MAX_SHEETS 4096

/* The first sheet at or after pos (sheets are kept sorted by pos). */
static size_t sheet_find(const struct sheet *sh, size_t n, size_t pos)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sh[mid].pos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds a sheet in order; past MAX_SHEETS the name is only scanned. */
static int sheet_add(struct sheet **sh, size_t *n, size_t pos, const char *name)
{
	struct sheet *s;
	size_t i;

	if (*n >= MAX_SHEETS)
		return 0;
	if (*n == 0 && !*sh) {
		*sh = malloc(MAX_SHEETS * sizeof **sh);
		if (!*sh)
			return -1;
	}
	s = *sh;
	i = sheet_find(s, *n, pos);
	if (i < *n && s[i].pos == pos)
		return 0;
	char *nm = strdup(name);
	if (!nm)
		return -1;
	memmove(s + i + 1, s + i, (*n - i) * sizeof *s);
	s[i].pos = pos;
	s[i].name = nm;
	(*n)++;
	return 0;
}

struct place {
	struct olex *x;
	int where;
	struct buf text, raw;
};

static void flush(struct place *pl)
{
	olex_scan(pl->x, pl->where, &pl->text);
	if (pl->raw.len && !pl->raw.err)
		olex_strings(pl->x->c, pl->where, pl->raw.p, pl->raw.len);
	buf_reset(&pl->text);
	buf_reset(&pl->raw);
}

static int numeric(unsigned type)
{
	switch (type) {
	case R_NUMBER: case R_RK: case R_MULRK: case R_BLANK: case R_MULBLANK: case R_ROW:
	case R_DBCELL: case R_INDEX: case R_LABELSST: case R_EXTSST: case R_XF: case R_BOOLERR:
	case R_BOF: case R_EOF:
		return 1;
	default:
		return 0;
	}
}

void msxls_read(struct olex *x, uint32_t st, int where)
{
	uint32_t id = ole2_child(&x->o, st, "Workbook");
	struct buf b = BUF_INIT_MAX(0), names = BUF_INIT_MAX(0);
	struct place pl = { x, 0, BUF_INIT_MAX(x->max), BUF_INIT_MAX(x->max) };
	struct sheet *sheets = NULL;
	size_t nsheets = 0, pos = 0;
	struct rd *r = calloc(1, sizeof *r);
	int biff8 = 1, wb;

	if (id == OLE2_NONE)
		id = ole2_child(&x->o, st, "Book");
	wb = pl.where = olex_where(x, where, x->o.e[id].name);
	if (!r) {
		x->c->status = EX_TEMPFAIL;
		return;
	}
	olex_read(x, id, where, &b);
	const unsigned char *s = (const unsigned char *)b.p;
	size_t n = b.len;
	if (n >= 8 && olex_u16(s) == R_BOF)
		biff8 = olex_u16(s + 4) >= 0x0600;
	while (pos + 4 <= n && !x->c->status) {
		unsigned type = olex_u16(s + pos);
		size_t len = olex_u16(s + pos + 2);
		const unsigned char *p = s + pos + 4;
		if (len > n - pos - 4) {
			classify_uninspectable(x->c, wb, "a broken Excel workbook: a record runs past "
			    "the end of the stream");
			len = n - pos - 4;
		}
		switch (type) {
		case R_FILEPASS:
			classify_uninspectable(x->c, wb, "an encrypted Excel workbook: it cannot be "
			    "read without its password");
			goto out;
		case R_BOF: {
			size_t i = sheet_find(sheets, nsheets, pos);
			if (i < nsheets && sheets[i].pos == pos) {
				flush(&pl);
				pl.where = olex_where(x, wb, sheets[i].name);
			}
			break;
		}
		case R_SST:
			pos = rd_init(r, s, n, pos, 0);
			sst(r, &pl.text);
			if (r->nomem)
				x->c->status = EX_TEMPFAIL;
			continue;
		case R_TXO:
			if (biff8 && len >= 12) {
				size_t cch = olex_u16(p + 10);
				size_t next = rd_init(r, s, n, pos, 1);
				if (cch && r->ns) {
					int high = rd_u8(r) & 1;
					rd_chars(r, cch, high, &pl.text);
					buf_putc(&pl.text, '\n');
				}
				if (r->nomem)
					x->c->status = EX_TEMPFAIL;
				pos = next;
				continue;
			}
			break;
		case R_LABEL: case R_RSTRING:
			if (len > 6)
				xlstring(p + 6, len - 6, 2, biff8, &pl.text);
			break;
		case R_STRING:
			xlstring(p, len, 2, biff8, &pl.text);
			break;
		case R_HEADER: case R_FOOTER:
			if (len)
				xlstring(p, len, biff8 ? 2 : 1, biff8, &pl.text);
			break;
		case R_BOUNDSHEET:
			if (len > 6) {
				buf_reset(&names);
				xlstring(p + 6, len - 6, 1, biff8, &names);
				if (names.len && !names.err) {
					names.p[names.len - 1] = '\0';
					if (sheet_add(&sheets, &nsheets, olex_u32(p), names.p) < 0) {
						x->c->status = EX_TEMPFAIL;
						goto out;
					}
					buf_put(&pl.text, names.p, names.len - 1);
					buf_putc(&pl.text, '\n');
				}
			}
			break;
		default:
			break;
		}
		if (!numeric(type) && type != R_LABEL && type != R_STRING && type != R_RSTRING &&
		    type != R_HEADER && type != R_FOOTER && type != R_BOUNDSHEET) {
			buf_put(&pl.raw, p, len);
			buf_putc(&pl.raw, '\n');
		}
		pos += 4 + len;
	}
out:
	flush(&pl);
	for (size_t i = 0; i < nsheets; i++)
		free(sheets[i].name);
	free(sheets);
	if (r)
		free(r->seg);
	free(r);
	buf_free(&b);
	buf_free(&names);
	buf_free(&pl.text);
	buf_free(&pl.raw);
}
