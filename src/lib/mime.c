/*
 * mime.c: header fields, entity splitting, content types, parameters and
 * multipart bodies, over spans of the message buffer.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "mime.h"
#include "rfc2047.h"

/* End of the line that starts at p: the byte after its '\n', or end. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

static int is_blank_line(const char *p, const char *end)
{
	return p < end && (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n')));
}

/* Length of the field name at p if the line is "name:" (blanks allowed
 * before the colon), else 0. */
static size_t field_name(const char *p, const char *end, const char **colon)
{
	const char *q = p;

	while (q < end && *q > 32 && *q < 127 && *q != ':')
		q++;
	size_t n = (size_t)(q - p);
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (n == 0 || q >= end || *q != ':')
		return 0;
	*colon = q;
	return n;
}

void hdr_iter_init(struct hdr_iter *it, struct span hdr)
{
	it->p = hdr.p;
	it->end = hdr.p + hdr.n;
}

int hdr_next(struct hdr_iter *it, struct hdr_field *f)
{
	for (;;) {
		const char *p = it->p, *end = it->end, *colon;
		if (p >= end || is_blank_line(p, end))
			return 0;
		if (*p == ' ' || *p == '\t') {
			it->p = line_end(p, end);       /* an orphan continuation */
			continue;
		}
		size_t nlen = field_name(p, end, &colon);
		if (nlen == 0)
			return 0;
		const char *e = line_end(p, end);
		while (e < end && (*e == ' ' || *e == '\t'))
			e = line_end(e, end);
		f->name = p;
		f->nlen = nlen;
		f->value = colon + 1;
		f->vlen = (size_t)(e - f->value);
		/* The value excludes its final line end. */
		if (f->vlen && f->value[f->vlen - 1] == '\n')
			f->vlen--;
		if (f->vlen && f->value[f->vlen - 1] == '\r')
			f->vlen--;
		f->raw = p;
		f->rawlen = (size_t)(e - p);
		it->p = e;
		return 1;
	}
}

int hdr_is(const struct hdr_field *f, const char *name)
{
	return strlen(name) == f->nlen && strncasecmp(f->name, name, f->nlen) == 0;
}

int hdr_find(struct span hdr, const char *name, struct span *v)
{
	struct hdr_iter it;
	struct hdr_field f;

	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f))
		if (hdr_is(&f, name)) {
			v->p = f.value;
			v->n = f.vlen;
			return 1;
		}
	return 0;
}

void hdr_unfold(const char *v, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		const char *q = memchr(v + i, '\n', n - i);
		size_t run = q ? (size_t)(q - (v + i)) : n - i;
		size_t keep = run;
		if (q && keep && v[i + keep - 1] == '\r')
			keep--;
		buf_put(out, v + i, keep);
		i += run + (q != NULL);
	}
}

size_t mime_split(const char *p, size_t n, struct span *hdr, struct span *body)
{
	const char *end = p + n, *q = p;
	struct hdr_iter it;
	struct hdr_field f;
	size_t count = 0;

	/* A byte order mark, then an mbox "From " line, as some stores
	 * write them; readers skip both. */
	if (n >= 3 && memcmp(q, "\xef\xbb\xbf", 3) == 0)
		q += 3;
	if ((size_t)(end - q) >= 5 && memcmp(q, "From ", 5) == 0)
		q = line_end(q, end);
	it.p = q;
	it.end = end;
	while (hdr_next(&it, &f))
		count++;
	hdr->p = q;
	hdr->n = (size_t)(it.p - q);
	if (is_blank_line(it.p, end))
		body->p = line_end(it.p, end);
	else
		body->p = it.p;
	body->n = (size_t)(end - body->p);
	return count;
}

/* Skips white space and RFC 5322 comments. */
static const char *skip_cfws(const char *p, const char *end)
{
	int depth = 0;

	while (p < end) {
		if (depth == 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		else if (*p == '(') {
			depth++;
			p++;
		} else if (depth > 0) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == ')')
				depth--;
			p++;
		} else
			break;
	}
	return p;
}

static void copy_lower(char *dst, size_t dsz, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n && i + 1 < dsz; i++)
		dst[i] = (char)tolower((unsigned char)s[i]);
	dst[i] = '\0';
}

void ctype_parse(const char *v, size_t n, struct ctype *ct)
{
	const char *end = v + n, *p = skip_cfws(v, end), *t;

	memset(ct, 0, sizeof *ct);
	t = p;
	while (p < end && *p != '/' && *p != ';' && !isspace((unsigned char)*p) && *p != '(')
		p++;
	copy_lower(ct->type, sizeof ct->type, t, (size_t)(p - t));
	p = skip_cfws(p, end);
	if (p < end && *p == '/') {
		p = skip_cfws(p + 1, end);
		t = p;
		while (p < end && *p != ';' && !isspace((unsigned char)*p) && *p != '(')
			p++;
		copy_lower(ct->subtype, sizeof ct->subtype, t, (size_t)(p - t));
	}
	if (ct->type[0] && !ct->subtype[0])
		strcpy(ct->subtype, strcmp(ct->type, "text") == 0 ? "plain"
		    : strcmp(ct->type, "multipart") == 0 ? "mixed" : "octet-stream");
	const char *semi = memchr(p, ';', (size_t)(end - p));
	if (semi) {
		ct->params.p = semi + 1;
		ct->params.n = (size_t)(end - semi - 1);
	} else {
		ct->params.p = end;
		ct->params.n = 0;
	}
}

/* One "attribute=value" of a parameter list. */
struct param {
	const char *attr;
	size_t alen;
	const char *val;        /* raw: with quotes, if quoted */
	size_t vlen;
	int quoted;
};

static const char *next_param(const char *p, const char *end, struct param *pr)
{
	for (;;) {
		p = skip_cfws(p, end);
		while (p < end && *p == ';')
			p = skip_cfws(p + 1, end);
		if (p >= end)
			return NULL;
		const char *a = p;
		while (p < end && *p != '=' && *p != ';' && !isspace((unsigned char)*p))
			p++;
		pr->attr = a;
		pr->alen = (size_t)(p - a);
		p = skip_cfws(p, end);
		if (p >= end || *p != '=') {
			/* An attribute without a value: skip it. */
			while (p < end && *p != ';')
				p++;
			continue;
		}
		p = skip_cfws(p + 1, end);
		if (p < end && *p == '"') {
			const char *s = ++p;
			while (p < end && *p != '"') {
				if (*p == '\\' && p + 1 < end)
					p++;
				p++;
			}
			pr->val = s;
			pr->vlen = (size_t)(p - s);
			pr->quoted = 1;
			if (p < end)
				p++;
		} else {
			/* Lenient: an unquoted value runs to the ';' (file
			 * names with spaces are common). */
			const char *s = p;
			while (p < end && *p != ';')
				p++;
			const char *e = p;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			pr->val = s;
			pr->vlen = (size_t)(e - s);
			pr->quoted = 0;
		}
		return p;
	}
}

/* A parameter that is found has a value, if only "": out->p is set (and
 * NUL-terminated, unless out->err) even when nothing was appended, since
 * callers compare it as a string.  An empty value (format="") left it
 * NULL, and strcasecmp(NULL) crashed seem-classify.  (Found by
 * fuzz/fuzz_mime.c.) */
static void found_value(struct buf *out)
{
	buf_put(out, "", 0);
}

static void unquote(const struct param *pr, struct buf *out)
{
	for (size_t i = 0; i < pr->vlen; i++) {
		char c = pr->val[i];
		if (pr->quoted && c == '\\' && i + 1 < pr->vlen)
			c = pr->val[++i];
		if (c == '\r' || c == '\n')
			continue;       /* folding inside a quoted value */
		buf_putc(out, c);
	}
}

static int hexv(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

static void percent_decode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexv((unsigned char)s[i + 1]) >= 0 &&
		    hexv((unsigned char)s[i + 2]) >= 0) {
			buf_putc(out, hexv((unsigned char)s[i + 1]) << 4 | hexv((unsigned char)s[i + 2]));
			i += 2;
		} else {
			buf_putc(out, s[i]);
		}
	}
}

#define MAX_SECTIONS 64

int mime_param_raw(struct span params, const char *name, struct buf *out)
{
	const char *p = params.p, *end = params.p + params.n;
	struct param pr;
	size_t nl = strlen(name);

	while ((p = next_param(p, end, &pr)) != NULL)
		if (pr.alen == nl && strncasecmp(pr.attr, name, nl) == 0) {
			unquote(&pr, out);
			found_value(out);
			return 1;
		}
	return 0;
}

int mime_param(struct span params, const char *name, struct buf *out)
{
	const char *p = params.p, *end = params.p + params.n;
	struct param pr, plain = { 0 }, sect[MAX_SECTIONS];
	int have_plain = 0, have_ext = 0, ext_single = 0;
	char ext[MAX_SECTIONS] = { 0 }, present[MAX_SECTIONS] = { 0 };
	size_t nl = strlen(name);
	struct param single = { 0 };

	while ((p = next_param(p, end, &pr)) != NULL) {
		if (pr.alen < nl || strncasecmp(pr.attr, name, nl) != 0)
			continue;
		const char *rest = pr.attr + nl;
		size_t rl = pr.alen - nl;
		if (rl == 0) {
			if (!have_plain)
				plain = pr;
			have_plain = 1;
		} else if (rl == 1 && rest[0] == '*') {
			single = pr;
			ext_single = 1;
		} else if (rest[0] == '*' && rl >= 2 && isdigit((unsigned char)rest[1])) {
			size_t k = 1, idx = 0;
			while (k < rl && isdigit((unsigned char)rest[k]) && idx < MAX_SECTIONS)
				idx = idx * 10 + (size_t)(rest[k++] - '0');
			if (idx >= MAX_SECTIONS)
				continue;
			int is_ext = k < rl && rest[k] == '*';
			if (k + (size_t)is_ext != rl)
				continue;
			sect[idx] = pr;
			ext[idx] = (char)is_ext;
			present[idx] = 1;
			have_ext = 1;
		}
	}
	if (ext_single || (have_ext && present[0])) {
		/* RFC 2231: charset'language'percent-encoded, sections in order. */
		struct buf raw = BUF_INIT_MAX(1 << 20);
		char charset[64] = "";
		for (size_t i = 0; i < MAX_SECTIONS; i++) {
			const struct param *s = ext_single ? &single : &sect[i];
			int is_ext = ext_single ? 1 : ext[i];
			if (!ext_single && !present[i])
				break;
			struct buf v = BUF_INIT_MAX(1 << 20);
			unquote(s, &v);
			const char *vp = v.p ? v.p : "";
			size_t vn = v.len;
			if (is_ext && i == 0) {
				const char *q1 = memchr(vp, '\'', vn);
				const char *q2 = q1 ? memchr(q1 + 1, '\'', vn - (size_t)(q1 + 1 - vp)) : NULL;
				if (q1 && q2) {
					size_t cl = (size_t)(q1 - vp);
					if (cl >= sizeof charset)
						cl = sizeof charset - 1;
					memcpy(charset, vp, cl);
					charset[cl] = '\0';
					vn -= (size_t)(q2 + 1 - vp);
					vp = q2 + 1;
				}
			}
			if (is_ext)
				percent_decode(vp, vn, &raw);
			else
				buf_put(&raw, vp, vn);
			buf_free(&v);
			if (ext_single)
				break;
		}
		charset_to_utf8(charset, strlen(charset), raw.p ? raw.p : "", raw.len, out);
		buf_free(&raw);
		found_value(out);
		return 1;
	}
	if (have_plain) {
		struct buf v = BUF_INIT_MAX(1 << 20);
		unquote(&plain, &v);
		rfc2047_decode(v.p ? v.p : "", v.len, out);
		buf_free(&v);
		found_value(out);
		return 1;
	}
	return 0;
}

/* Does a delimiter line for the boundary start at p (a line start)?
 * Sets *close for "--boundary--".  Returns the line's end, or NULL. */
static const char *delimiter(const struct mp_iter *it, const char *p, int *close)
{
	const char *end = it->end, *q = p + 2 + it->blen;

	if ((size_t)(end - p) < 2 + it->blen || p[0] != '-' || p[1] != '-' ||
	    memcmp(p + 2, it->bnd, it->blen) != 0)
		return NULL;
	*close = 0;
	if (q + 1 < end && q[0] == '-' && q[1] == '-') {
		*close = 1;
		q += 2;
	}
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < end && *q != '\r' && *q != '\n') {
		/* "--b--junk": some readers take it as the end, others as text
		 * and show the parts after it.  As a delimiter that does not
		 * close, every part after it is read too. */
		if (!*close)
			return NULL;
		*close = 0;
	}
	return line_end(q, end);
}

/* Finds the next delimiter line at or after p; returns its start (and
 * the line's end in *after), or NULL. */
static const char *find_delimiter(const struct mp_iter *it, const char *p,
    const char **after, int *close)
{
	const char *end = it->end;

	while (p < end) {
		const char *d = memmem(p, (size_t)(end - p), it->bnd, it->blen);
		if (d == NULL)
			return NULL;
		if (d >= p + 2) {
			const char *start = d - 2;
			if ((start == it->begin || start[-1] == '\n') &&
			    (*after = delimiter(it, start, close)) != NULL)
				return start;
		}
		p = d + 1;
	}
	return NULL;
}

void mp_init(struct mp_iter *it, struct span body, const char *bnd, size_t blen)
{
	it->begin = it->p = body.p;
	it->end = body.p + body.n;
	it->bnd = bnd;
	it->blen = blen;
	it->state = blen ? 0 : 2;
}

int mp_found_any(const struct mp_iter *it)
{
	return it->state != 0;
}

int mp_next(struct mp_iter *it, struct span *part)
{
	const char *after, *start;
	int close;

	if (it->state == 2)
		return 0;
	if (it->state == 0) {
		start = find_delimiter(it, it->p, &after, &close);
		if (start == NULL) {
			it->state = 0;
			it->p = it->end;
			return 0;
		}
		it->state = close ? 2 : 1;
		if (close)
			return 0;
		it->p = after;
	}
	const char *from = it->p;
	start = find_delimiter(it, from, &after, &close);
	if (start == NULL) {
		/* No closing delimiter: the part runs to the end. */
		part->p = from;
		part->n = (size_t)(it->end - from);
		it->state = 2;
		return 1;
	}
	/* The line end before a delimiter belongs to the delimiter. */
	const char *e = start;
	if (e > from && e[-1] == '\n')
		e--;
	if (e > from && e[-1] == '\r')
		e--;
	part->p = from;
	part->n = (size_t)(e - from);
	it->p = after;
	if (close)
		it->state = 2;
	return 1;
}
