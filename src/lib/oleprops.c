/*
 * oleprops.c: property set streams ([MS-OLEPS]): "\005SummaryInformation"
 * (title, subject, author, keywords, comments...),
 * "\005DocumentSummaryInformation" (category, manager, company, the
 * titles of parts) and its user-defined set (custom properties, named by
 * the set's dictionary), and any other "\005..." stream.
 *
 * Every string-valued property is scanned (VT_LPSTR in the set's code
 * page, VT_LPWSTR, vectors of them and vectors of variants), custom
 * properties with their names.  Sensitivity labels (custom properties
 * MSIP_Label_<id>_Enabled and _Name) are collected and reported as the
 * OOXML reader does: an enabled label that the configuration maps (by
 * GUID or by name) is a finding, MSIP label "NAME"; one it does not map
 * is a note.  Every count and offset is
 * checked against the stream; a property that does not fit is skipped,
 * and a stream whose header is broken is scanned as it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "labels.h"
#include "level.h"
#include "ole2_priv.h"
#include "status.h"

#define VT_I2 0x0002
#define VT_BOOL 0x000b
#define VT_VARIANT 0x000c
#define VT_LPSTR 0x001e
#define VT_LPWSTR 0x001f
#define VT_VECTOR 0x1000
#define MAX_DICT 1024           /* custom property names kept per set */

struct pset {
	const unsigned char *p; /* the set */
	size_t n;
	unsigned codepage;
};

/* Appends a string in the set's code page. */
static void codepage_text(const struct pset *s, const unsigned char *p, size_t n, struct buf *out)
{
	while (n && p[n - 1] == 0)
		n--;
	if (s->codepage == 1200) {
		olex_utf16(out, p, n);
	} else if (s->codepage == 65001 || s->codepage == 20127) {
		buf_put(out, p, n);
	} else if (s->codepage == 1252 || s->codepage == 0 || s->codepage == 28591) {
		olex_cp1252(out, p, n);
	} else {
		char label[16];
		snprintf(label, sizeof label, "CP%u", s->codepage);
		charset_to_utf8(label, strlen(label), (const char *)p, n, out);
	}
}

static size_t pad4(size_t k)
{
	return (k + 3) & ~(size_t)3;
}

/* Decodes one string value of type t at off (the value, after the type
 * header); appends its text to out.  Returns the offset after it, or 0
 * if it does not fit. */
static size_t one_string(const struct pset *s, unsigned t, size_t off, struct buf *out)
{
	size_t len;

	if (off + 4 > s->n)
		return 0;
	len = olex_u32(s->p + off);
	off += 4;
	if (t == VT_LPWSTR) {
		if (len > (s->n - off) / 2)
			return 0;
		size_t k = len * 2;
		while (k >= 2 && s->p[off + k - 2] == 0 && s->p[off + k - 1] == 0)
			k -= 2;
		olex_utf16(out, s->p + off, k);
		return off + pad4(len * 2);
	}
	if (len > s->n - off)
		return 0;
	codepage_text(s, s->p + off, len, out);
	return off + pad4(len);
}

/* A typed value at off (type header included): its text, if any, to out.
 * Returns the offset after it, 0 if it cannot be read or skipped; depth
 * bounds vectors of variants. */
static size_t value(const struct pset *s, size_t off, struct buf *out, int depth)
{
	unsigned t;

	if (off + 4 > s->n || depth > 2)
		return 0;
	t = olex_u16(s->p + off);
	off += 4;
	if (t == VT_LPSTR || t == VT_LPWSTR)
		return one_string(s, t, off, out);
	if (t == VT_BOOL) {
		if (off + 2 > s->n)
			return 0;
		buf_puts(out, olex_u16(s->p + off) ? "true" : "false");
		return off + 4;
	}
	if (t == (VT_VECTOR | VT_LPSTR) || t == (VT_VECTOR | VT_LPWSTR) || t == (VT_VECTOR | VT_VARIANT)) {
		if (off + 4 > s->n)
			return 0;
		size_t count = olex_u32(s->p + off);
		off += 4;
		if (count > (s->n - off) / 4)
			return 0;
		for (size_t i = 0; i < count && off; i++) {
			if (i)
				buf_putc(out, '\n');
			off = t == (VT_VECTOR | VT_VARIANT) ? value(s, off, out, depth + 1)
			    : one_string(s, t & 0xff, off, out);
		}
		return off;
	}
	/* Fixed-size scalars carry no text; anything else ends the walk
	 * of a vector (its size is not known here). */
	switch (t) {
	case VT_I2: case 0x0012: return off + 4;
	case 0x0003: case 0x0004: case 0x0013: case 0x0016: case 0x0017: case 0x000a: return off + 4;
	case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0015: case 0x0040: return off + 8;
	default: return 0;
	}
}

struct dict {
	uint32_t id[MAX_DICT];
	char *name[MAX_DICT];
	size_t n;
};

static void dict_free(struct dict *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->name[i]);
	d->n = 0;
}

/* The dictionary (property 0): custom property names. */
static void read_dict(const struct pset *s, size_t off, struct dict *d, struct buf *text)
{
	size_t count;

	if (off + 4 > s->n)
		return;
	count = olex_u32(s->p + off);
	off += 4;
	for (size_t i = 0; i < count && off + 8 <= s->n; i++) {
		uint32_t id = olex_u32(s->p + off), len = olex_u32(s->p + off + 4);
		size_t bytes = s->codepage == 1200 ? (size_t)len * 2 : len;
		struct buf name = BUF_INIT_MAX(4096);
		off += 8;
		if (len > s->n || bytes > s->n - off)
			return;
		codepage_text(s, s->p + off, bytes, &name);
		off += s->codepage == 1200 ? pad4(bytes) : bytes;
		if (name.len && !name.err) {
			buf_put(text, name.p, name.len);
			buf_putc(text, '\n');
			if (d->n < MAX_DICT) {
				d->id[d->n] = id;
				d->name[d->n++] = buf_take(&name, NULL);
			}
		}
		buf_free(&name);
	}
}

static const char *dict_name(const struct dict *d, uint32_t id)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->id[i] == id)
			return d->name[i];
	return NULL;
}

static void read_set(struct olex *x, const unsigned char *p, size_t n, struct labels *ls,
    struct buf *text)
{
	struct pset s = { p, n, 1252 };
	struct dict *d;
	size_t np;

	if (n < 8)
		return;
	if (olex_u32(p) < n)
		s.n = n = olex_u32(p) < 8 ? 8 : olex_u32(p);
	np = olex_u32(p + 4);
	if (np > (n - 8) / 8)
		np = (n - 8) / 8;
	/* The code page first: the strings depend on it. */
	for (size_t i = 0; i < np; i++) {
		size_t off = olex_u32(p + 8 + 8 * i + 4);
		if (olex_u32(p + 8 + 8 * i) == 1 && off + 6 <= n && olex_u16(p + off) == VT_I2)
			s.codepage = olex_u16(p + off + 4);
	}
	d = calloc(1, sizeof *d);
	if (!d) {
		x->c->status = EX_TEMPFAIL;
		return;
	}
	for (size_t i = 0; i < np; i++)
		if (olex_u32(p + 8 + 8 * i) == 0)
			read_dict(&s, olex_u32(p + 8 + 8 * i + 4), d, text);
	for (size_t i = 0; i < np && !text->err; i++) {
		uint32_t id = olex_u32(p + 8 + 8 * i);
		size_t off = olex_u32(p + 8 + 8 * i + 4);
		size_t before = text->len;
		if (id == 0 || id == 1 || off >= n)
			continue;
		value(&s, off, text, 0);
		if (text->len == before || text->err)
			continue;
		const char *name = dict_name(d, id);
		int field;
		struct label *l = name ? labels_property(ls, name, &field, -1) : NULL;
		if (l)
			label_set(l, field, text->p + before, text->len - before);
		buf_putc(text, '\n');
	}
	dict_free(d);
	free(d);
}

void oleprops_read(struct olex *x, uint32_t id, int where)
{
	struct buf b = BUF_INIT_MAX(0), text = BUF_INIT_MAX(x->max);
	int w = olex_where(x, where, x->o.e[id].name);
	struct labels ls;
	const unsigned char *p;
	size_t n, nsets;

	olex_read(x, id, where, &b);
	p = (const unsigned char *)b.p;
	n = b.len;
	if (n < 28 || olex_u16(p) != 0xfffe) {
		if (n)
			olex_strings(x->c, w, b.p, n);
		buf_free(&b);
		return;
	}
	ls.n = 0;
	nsets = olex_u32(p + 24);
	for (size_t i = 0; i < nsets && 28 + 20 * i + 20 <= n; i++) {
		size_t off = olex_u32(p + 28 + 20 * i + 16);
		if (off < n)
			read_set(x, p + off, n - off, &ls, &text);
	}
	olex_scan(x, w, &text);
	labels_report(x->c, &ls, w);
	buf_free(&text);
	buf_free(&b);
}

