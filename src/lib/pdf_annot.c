/*
 * pdf_annot.c: the strings of a PDF's annotations and form fields (see
 * pdf_annot.h).
 *
 * One pass with memchr over the file for '/', the start of every name.
 * A name that is one of the keys below, followed by a string, has the
 * string decoded and sent on; "/ObjStm" has its object stream inflated
 * and scanned the same way, then the pass goes on after its data.  A
 * string that does not close within STRING_MAX bytes is not one (binary
 * stream data can hold "/T (" by chance); the bytes such false starts
 * cost are counted, with the search for an object stream's dictionary,
 * and past a budget proportional to the file the scan stops (the result
 * says so), so that no input makes it quadratic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "charset.h"
#include "pdf_annot.h"
#include "utf8.h"

#define STRING_MAX   (64 * 1024)        /* a literal string longer is no string */
#define DICT_MAX     4096               /* bytes between "obj" and "stream" */
#define FALSE_BUDGET(n) (4 * (n) + (1u << 20))

/* The keys whose string values a reader of the PDF can see. */
static const char *const keys[] = {
	"CA", "Contents", "DV", "Subj", "T", "TU", "V",
};

struct annot {
	pdf_annot_fn fn;
	void *ctx;
	size_t inflate_left;    /* bytes object streams may still inflate to */
	size_t false_left;      /* bytes false string starts may still cost */
	enum pdf_annot_status status;
	int attached;           /* a /FileAttachment annotation was seen */
	struct buf raw;         /* the bytes of the string being read */
	struct buf text;        /* ... as UTF-8 */
};

/* ---- a string's bytes to text ---- */

/* PDFDocEncoding where it differs from Latin-1 (0x80-0xA0). */
static unsigned pdfdoc(unsigned char b)
{
	static const unsigned short hi[33] = {
		0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
		0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
		0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
		0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd,
		0x20ac,
	};
	return b >= 0x80 && b <= 0xa0 ? hi[b - 0x80] : b;
}

/* The string read into a->raw goes out as UTF-8 and a line break: by its
 * byte order mark UTF-16BE (charset.c) or UTF-8, else PDFDocEncoding. */
static void string_end(struct annot *a)
{
	const char *s = a->raw.p;
	size_t n = a->raw.len;

	buf_reset(&a->text);
	if (n >= 2 && memcmp(s, "\xfe\xff", 2) == 0) {
		charset_to_utf8("UTF-16BE", 8, s + 2, n - 2, &a->text);
	} else if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		buf_put(&a->text, s + 3, n - 3);
	} else {
		for (size_t i = 0; i < n; i++) {
			char u[4];
			buf_put(&a->text, u, utf8_encode(pdfdoc((unsigned char)s[i]), u));
		}
	}
	buf_putc(&a->text, '\n');
	if (a->raw.err || a->text.err)
		a->status = PDF_ANNOT_NOMEM;
	else
		a->fn(a->text.p, a->text.len, a->ctx);
	buf_reset(&a->raw);
}

/* ---- strings ---- */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}

static int is_delim(unsigned char c)
{
	return is_space(c) || strchr("()<>[]{}/%", c) != NULL;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* The end of the literal string at p[i] == '(' (after its ')'), or 0 if
 * it does not close within STRING_MAX bytes. */
static size_t literal_end(const unsigned char *p, size_t n, size_t i)
{
	size_t lim = n - i > STRING_MAX ? i + STRING_MAX : n;
	int depth = 0;

	for (; i < lim; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* Decodes the literal string p[i..end) (its parentheses included). */
static void literal(struct annot *a, const unsigned char *p, size_t i, size_t end)
{
	for (i++, end--; i < end; i++) {
		unsigned char c = p[i];
		if (c == '\r') {
			if (i + 1 < end && p[i + 1] == '\n')
				i++;
			c = '\n';
		} else if (c == '\\' && i + 1 < end) {
			c = p[++i];
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (i + 1 < end && p[i + 1] == '\n')
					i++;
				continue;       /* a line continued */
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					unsigned v = c - '0';
					for (int k = 0; k < 2 && i + 1 < end && p[i + 1] >= '0' && p[i + 1] <= '7'; k++)
						v = v * 8 + (unsigned)(p[++i] - '0');
					c = (unsigned char)v;
				}
			}
		}
		buf_putc(&a->raw, c);
	}
	string_end(a);
}

/* The hexadecimal string at p[i] == '<': decoded, and its end; or 0 if
 * it is no hexadecimal string. */
static size_t hex_string(struct annot *a, const unsigned char *p, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && (hexval(p[j]) >= 0 || is_space(p[j])))
		j++;
	if (j >= n || p[j] != '>')
		return 0;
	int hi = -1;
	for (size_t k = i + 1; k < j; k++) {
		int v = hexval(p[k]);
		if (v < 0)
			continue;
		if (hi < 0)
			hi = v;
		else {
			buf_putc(&a->raw, hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		buf_putc(&a->raw, hi << 4);     /* a missing last digit is 0 */
	string_end(a);
	return j + 1;
}

/* ---- the scan ---- */

static int wanted_key(const unsigned char *name, size_t len)
{
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		if (strlen(keys[k]) == len && memcmp(keys[k], name, len) == 0)
			return 1;
	return 0;
}

static const unsigned char *find(const unsigned char *p, size_t n, const char *s)
{
	return memmem(p, n, s, strlen(s));
}

static void scan(struct annot *a, const unsigned char *p, size_t n, int top);

/* The object stream whose dictionary holds "/ObjStm" at p[at]: inflated
 * and scanned.  Returns where the outer scan goes on. */
static size_t object_stream(struct annot *a, const unsigned char *p, size_t n, size_t at)
{
	size_t from = at > DICT_MAX ? at - DICT_MAX : 0;
	size_t cost = (at - from) + (n - at < DICT_MAX ? n - at : DICT_MAX);
	const unsigned char *obj = NULL, *q, *kw;

	/* Looking for the dictionary's ends is paid for like a false start:
	 * a file of nothing but "/ObjStm" must not cost DICT_MAX per name. */
	if (cost > a->false_left) {
		a->status = PDF_ANNOT_CUT;
		return n;
	}
	a->false_left -= cost;

	/* The dictionary: from the last "obj" before the name to "stream". */
	for (q = p + from; (q = find(q, (size_t)(p + at - q), "obj")) != NULL; q += 3)
		obj = q;
	kw = find(p + at, n - at < DICT_MAX ? n - at : DICT_MAX, "stream");
	if (obj == NULL || kw == NULL) {
		/* An object stream whose dictionary is not where it should be
		 * (padded past DICT_MAX, say): its objects are not read, and
		 * the result says so. */
		a->status = PDF_ANNOT_CUT;
		return at + 1;
	}
	size_t dict = (size_t)(obj - p), dn = (size_t)(kw - obj);
	if (!find(p + dict, dn, "/FlateDecode") || find(p + dict, dn, "/Predictor"))
		return at + 1;  /* unfiltered (read as it is) or not ours to inflate */
	size_t data = (size_t)(kw - p) + 6;
	if (data < n && p[data] == '\r')
		data++;
	if (data < n && p[data] == '\n')
		data++;

	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK) {
		a->status = PDF_ANNOT_NOMEM;
		return n;
	}
	size_t cap = 0, len = 0;
	unsigned char *buf = NULL;
	int zr = Z_OK;
	z.next_in = (unsigned char *)(p + data);
	z.avail_in = (uInt)(n - data > UINT32_MAX ? UINT32_MAX : n - data);
	while (zr == Z_OK) {
		if (len == cap) {
			size_t want = cap ? cap * 2 : 65536;
			if (want > a->inflate_left)
				want = a->inflate_left;
			if (want <= cap) {
				a->status = PDF_ANNOT_CUT;
				break;
			}
			unsigned char *nb = realloc(buf, want);
			if (nb == NULL) {
				a->status = PDF_ANNOT_NOMEM;
				break;
			}
			buf = nb;
			cap = want;
		}
		z.next_out = buf + len;
		z.avail_out = (uInt)(cap - len > UINT32_MAX ? UINT32_MAX : cap - len);
		zr = inflate(&z, Z_NO_FLUSH);
		len = cap - z.avail_out;
		if (zr == Z_BUF_ERROR && z.avail_out != 0)
			break;          /* the input ended early */
		if (zr == Z_BUF_ERROR)
			zr = Z_OK;
	}
	a->inflate_left -= len;
	size_t next = data + z.total_in;
	inflateEnd(&z);
	if (a->status != PDF_ANNOT_NOMEM)
		scan(a, buf, len, 0);
	free(buf);
	return next > at ? next : at + 1;
}

static void scan(struct annot *a, const unsigned char *p, size_t n, int top)
{
	const unsigned char *q;
	size_t i = 0;

	while (i < n && a->status != PDF_ANNOT_NOMEM && (q = memchr(p + i, '/', n - i)) != NULL) {
		size_t name = (size_t)(q - p) + 1, j = name;
		while (j < n && !is_delim(p[j]) && j - name < 16)
			j++;
		size_t len = j - name;
		i = j;
		if (top && len == 6 && memcmp(p + name, "ObjStm", 6) == 0) {
			i = object_stream(a, p, n, name - 1);
			continue;
		}
		if (len == 14 && memcmp(p + name, "FileAttachment", 14) == 0)
			a->attached = 1;
		if (!wanted_key(p + name, len))
			continue;
		while (j < n && is_space(p[j]))
			j++;
		if (j >= n)
			break;
		if (p[j] == '(') {
			size_t end = literal_end(p, n, j);
			if (end) {
				literal(a, p, j, end);
				i = end;
			} else {
				/* No string: what looking for its end cost. */
				size_t cost = n - j < STRING_MAX ? n - j : STRING_MAX;
				if (cost > a->false_left) {
					a->status = PDF_ANNOT_CUT;
					return;
				}
				a->false_left -= cost;
			}
		} else if (p[j] == '<' && j + 1 < n && p[j + 1] != '<') {
			size_t end = hex_string(a, p, n, j);
			if (end)
				i = end;
		}
	}
}

enum pdf_annot_status pdf_annot_text(const char *data, size_t n, size_t inflate_max,
    pdf_annot_fn fn, void *ctx, int *attached)
{
	struct annot a = {
		.fn = fn, .ctx = ctx, .inflate_left = inflate_max, .false_left = FALSE_BUDGET(n),
		.status = PDF_ANNOT_OK, .raw = BUF_INIT_MAX(0), .text = BUF_INIT_MAX(0),
	};

	scan(&a, (const unsigned char *)data, n, 1);
	if (attached)
		*attached = a.attached;
	buf_free(&a.raw);
	buf_free(&a.text);
	return a.status;
}
