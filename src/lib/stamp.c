/*
 * stamp.c: writing, reading and removing X-SEEMail-* fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "level.h"
#include "stamp.h"
#include "utf8.h"

#define WHERE_MAX 400

const char *stamp_newline(const char *msg, size_t n)
{
	const char *nl = memchr(msg, '\n', n);
	return nl && nl > msg && nl[-1] == '\r' ? "\r\n" : "\n";
}

void stamp_escape(struct buf *out, const char *s, size_t n, int quote)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			cp = 0xfffd;
			k = 1;
		}
		if (cp >= 0x20 && cp < 0x7f) {
			/* A backslash is always escaped, so that text that merely
			 * looks like an escape reads back as written. */
			if (cp == '\\' || (quote && cp == '"'))
				buf_putc(out, '\\');
			buf_putc(out, (int)cp);
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			buf_putc(out, ' ');
		} else {
			buf_printf(out, "\\u{%X}", cp);
		}
		i += k;
	}
}

void stamp_unescape(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
			buf_putc(out, s[++i]);
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'u' && s[i + 2] == '{') {
			char *end;
			unsigned long cp = strtoul(s + i + 3, &end, 16);
			if (end < s + n && *end == '}' && cp <= 0x10ffff) {
				char u[4];
				size_t k = utf8_encode((unsigned)cp, u);
				buf_put(out, u, k);
				i = (size_t)(end - s);
				continue;
			}
			buf_putc(out, s[i]);
		} else {
			buf_putc(out, s[i]);
		}
	}
}

void stamp_field(struct buf *out, const char *name, const char *value, const char *nl)
{
	size_t col = strlen(name) + 2, n = strlen(value), i = 0;
	int words = 0;          /* words on this line of the value */

	buf_printf(out, "%s: ", name);
	while (i < n) {
		size_t w = i;
		while (w < n && value[w] != ' ')
			w++;
		size_t wl = w - i;
		/* A word that cannot fit even on a line of its own is cut. */
		if (wl > 900)
			wl = 900;
		if (col + wl > 78 && words) {
			/* Replace the space just written with the fold. */
			out->len--;
			buf_puts(out, nl);
			buf_putc(out, ' ');
			col = 1;
			words = 0;
		}
		buf_put(out, value + i, wl);
		col += wl;
		words++;
		i = w;
		while (i < n && value[i] == ' ')
			i++;
		if (i < n) {
			buf_putc(out, ' ');
			col++;
		}
	}
	buf_puts(out, nl);
}

static void where_text(struct buf *v, const struct findings *fs, int where)
{
	const char *t = fs->w[where].text;
	size_t n = strlen(t);
	stamp_escape(v, t, n > WHERE_MAX ? WHERE_MAX : n, 0);
	if (n > WHERE_MAX)
		buf_puts(v, "...");
}

/* Order of findings for the stamps: highest level first, then as found. */
static const struct findings *sort_fs;
static int by_level(const void *a, const void *b)
{
	const struct finding *x = &sort_fs->f[*(const size_t *)a];
	const struct finding *y = &sort_fs->f[*(const size_t *)b];
	if (x->level != y->level)
		return y->level - x->level;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

void stamp_classification(struct buf *out, const struct findings *fs, size_t max,
    const char *nl)
{
	struct buf v = BUF_INIT_MAX(0);
	size_t *order = NULL, n = fs->nf;

	stamp_field(out, "X-SEEMail-Classification", level_name(fs->level), nl);
	if (n) {
		order = malloc(n * sizeof *order);
		if (order == NULL) {
			out->err = 12;
			return;
		}
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		if (n > max) {
			sort_fs = fs;
			qsort(order, n, sizeof *order, by_level);
			n = max;
		}
	}
	for (size_t k = 0; k < n; k++) {
		const struct finding *f = &fs->f[order[k]];
		buf_reset(&v);
		buf_printf(&v, "%s \"", level_name(f->level));
		stamp_escape(&v, f->term, strlen(f->term), 1);
		buf_puts(&v, "\" in ");
		where_text(&v, fs, f->where);
		if (!v.err)
			stamp_field(out, "X-SEEMail-Trigger", v.p, nl);
	}
	free(order);
	for (size_t i = 0; i < fs->nu && i < max; i++) {
		buf_reset(&v);
		buf_putc(&v, '"');
		stamp_escape(&v, fs->u[i].reason, strlen(fs->u[i].reason), 1);
		buf_puts(&v, "\" in ");
		where_text(&v, fs, fs->u[i].where);
		if (!v.err)
			stamp_field(out, "X-SEEMail-Uninspectable", v.p, nl);
	}
	if (v.err)
		out->err = v.err;
	buf_free(&v);
}

static int name_matches(const struct hdr_field *f, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		size_t l = strlen(names[i]);
		if (l && names[i][l - 1] == '*') {
			if (f->nlen >= l - 1 && strncasecmp(f->name, names[i], l - 1) == 0)
				return 1;
		} else if (hdr_is(f, names[i])) {
			return 1;
		}
	}
	return 0;
}

static int add_span(struct span **spans, size_t *k, size_t *cap, const char *p, size_t n)
{
	if (array_grow((void **)spans, cap, *k, sizeof **spans) < 0)
		return -1;
	(*spans)[(*k)++] = (struct span){ p, n };
	return 0;
}

int stamp_strip(const char *msg, size_t n, const char *const *names,
    struct span **spans, size_t *nspans)
{
	struct span hdr, body;
	struct hdr_iter it;
	struct hdr_field f;
	const char *keep = msg;
	size_t k = 0, cap = 0;

	*spans = NULL;
	mime_split(msg, n, &hdr, &body);
	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f)) {
		if (!name_matches(&f, names))
			continue;
		if (f.raw > keep && add_span(spans, &k, &cap, keep, (size_t)(f.raw - keep)) < 0)
			goto nomem;
		keep = f.raw + f.rawlen;
	}
	if (keep < msg + n && add_span(spans, &k, &cap, keep, (size_t)(msg + n - keep)) < 0)
		goto nomem;
	*nspans = k;
	return 0;
nomem:
	free(*spans);
	*spans = NULL;
	return -1;
}

size_t stamp_find(const char *msg, size_t n, const char *name,
    void (*fn)(const char *v, size_t vn, void *ctx), void *ctx)
{
	struct span hdr, body;
	struct hdr_iter it;
	struct hdr_field f;
	size_t count = 0;

	mime_split(msg, n, &hdr, &body);
	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f)) {
		if (!hdr_is(&f, name))
			continue;
		count++;
		if (fn) {
			struct buf v = BUF_INIT_MAX(0);
			hdr_unfold(f.value, f.vlen, &v);
			const char *p = v.p ? v.p : "";
			size_t len = v.len;
			while (len && (*p == ' ' || *p == '\t'))
				p++, len--;
			while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
				len--;
			fn(p, len, ctx);
			buf_free(&v);
		}
	}
	return count;
}
