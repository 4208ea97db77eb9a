/*
 * verdict.c: codes, and writing and reading X-SEEMail-Policy.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stamp.h"
#include "verdict.h"

static const struct {
	const char *name, *title;
	int inbound;
} codes[CODE_COUNT] = {
	{ "above-seemail", "Classified above what email may carry", 0 },
	{ "1A", "NOT SEEMail", 0 },
	{ "1C", "Contains RESTRICTED", 0 },
	{ "cannot-sign", "Cannot be signed", 0 },
	{ "4A", "NOT SEEMail", 1 },
	{ "unsigned-agency", "Did not come from the sender's agency", 1 },
	{ "own-domain", "Our own address, but it came from outside", 1 },
};

const char *code_name(int c) { return c >= 0 && c < CODE_COUNT ? codes[c].name : "?"; }
const char *code_title(int c) { return c >= 0 && c < CODE_COUNT ? codes[c].title : "?"; }
int code_is_inbound(int c) { return c >= 0 && c < CODE_COUNT && codes[c].inbound; }

int code_parse(const char *s, size_t n)
{
	for (int c = 0; c < CODE_COUNT; c++)
		if (strlen(codes[c].name) == n && strncasecmp(codes[c].name, s, n) == 0)
			return c;
	return -1;
}

static const char *const kinds[] = { "deliver", "block", "warn" };

/* The longest run of a value without a space.  stamp_field cuts a longer
 * word, which could cut an escape or the closing quote and leave a stamp
 * that verdict_read refuses (and seem-notify with it: an address of a
 * hundred non-ASCII characters was enough).  A longer run ends in "...",
 * never inside an escape.  (Found by fuzz/fuzz_verdict.c.) */
#define WORD_MAX 800

static void param(struct buf *v, const char *name, const char *value)
{
	struct buf e = BUF_INIT_MAX(0);
	size_t run = strlen(name) + 2;

	if (value == NULL)
		return;
	buf_printf(v, "; %s=\"", name);
	stamp_escape(&e, value, strlen(value), 1);
	for (size_t i = 0; i < e.len;) {
		size_t k = 1;   /* a character, or a whole escape */
		if (e.p[i] == '\\' && i + 1 < e.len && e.p[i + 1] == 'u') {
			const char *close = memchr(e.p + i, '}', e.len - i);
			k = close ? (size_t)(close - (e.p + i)) + 1 : e.len - i;
		} else if (e.p[i] == '\\' && i + 1 < e.len) {
			k = 2;
		}
		if (e.p[i] == ' ') {
			run = 0;
		} else if (run + k > WORD_MAX) {
			buf_puts(v, "...");
			while (i < e.len && e.p[i] != ' ')
				i++;    /* escapes hold no space */
			continue;
		}
		buf_put(v, e.p + i, k);
		run += k;
		i += k;
	}
	if (e.err)
		v->err = e.err;
	buf_free(&e);
	buf_putc(v, '"');
}

void verdict_write(struct buf *out, const struct verdict *v, const char *nl)
{
	struct buf val = BUF_INIT_MAX(0);

	for (size_t i = 0; i < v->n; i++) {
		const struct verdict_field *f = &v->f[i];
		buf_reset(&val);
		buf_puts(&val, kinds[f->kind]);
		if (f->code >= 0)
			buf_printf(&val, "; code=%s", code_name(f->code));
		param(&val, "recipients", f->recipients);
		param(&val, "refused", f->refused);
		param(&val, "from", f->from);
		param(&val, "agency", f->agency);
		if (!val.err)
			stamp_field(out, "X-SEEMail-Policy", val.p, nl);
	}
	if (val.err)
		out->err = val.err;
	buf_free(&val);
}

int verdict_kind(const struct verdict *v)
{
	int k = VERDICT_DELIVER;
	for (size_t i = 0; i < v->n; i++) {
		if (v->f[i].kind == VERDICT_BLOCK)
			return VERDICT_BLOCK;
		if (v->f[i].kind == VERDICT_WARN)
			k = VERDICT_WARN;
	}
	return k;
}

void verdict_free(struct verdict *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->f[i].recipients);
		free(v->f[i].refused);
		free(v->f[i].from);
		free(v->f[i].agency);
	}
	memset(v, 0, sizeof *v);
}

struct reader {
	struct verdict *v;
	int bad;
};

/* Parses "kind; code=X; name="quoted"; ..." */
static void read_one(const char *s, size_t n, void *ctx)
{
	struct reader *r = ctx;
	const char *p = s, *end = s + n;
	struct verdict_field f = { 0 };

	if (r->bad)
		return;
	if (r->v->n == VERDICT_MAX_FIELDS) {
		r->bad = 1;
		return;
	}
	size_t k = strcspn(p, ";");
	if (k > (size_t)(end - p))
		k = (size_t)(end - p);
	while (k && isspace((unsigned char)p[k - 1]))
		k--;
	f.kind = -1;
	for (int i = 0; i < 3; i++)
		if (strlen(kinds[i]) == k && strncasecmp(p, kinds[i], k) == 0)
			f.kind = i;
	f.code = -1;
	if (f.kind < 0) {
		r->bad = 1;
		return;
	}
	p += k;
	while (p < end) {
		while (p < end && (*p == ';' || isspace((unsigned char)*p)))
			p++;
		if (p >= end)
			break;
		const char *name = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		size_t nl = (size_t)(p - name);
		if (p >= end || *p != '=') {
			r->bad = 1;
			break;
		}
		p++;
		struct buf val = BUF_INIT_MAX(1 << 20);
		if (p < end && *p == '"') {
			const char *q = ++p;
			while (p < end && *p != '"') {
				if (*p == '\\' && p + 1 < end)
					p++;
				p++;
			}
			stamp_unescape(q, (size_t)(p - q), &val);
			if (p < end)
				p++;
		} else {
			const char *q = p;
			while (p < end && *p != ';' && !isspace((unsigned char)*p))
				p++;
			buf_put(&val, q, (size_t)(p - q));
		}
		char *sv = buf_take(&val, NULL);
#define IS(x) (nl == sizeof(x) - 1 && strncasecmp(name, x, nl) == 0)
		if (IS("code")) {
			f.code = code_parse(sv, strlen(sv));
			if (f.code < 0)
				r->bad = 1;
			free(sv);
		} else if (IS("recipients"))
			free(f.recipients), f.recipients = sv;
		else if (IS("refused"))
			free(f.refused), f.refused = sv;
		else if (IS("from"))
			free(f.from), f.from = sv;
		else if (IS("agency"))
			free(f.agency), f.agency = sv;
		else
			free(sv);       /* unknown parameters are ignored */
#undef IS
	}
	if ((f.kind != VERDICT_DELIVER && f.code < 0) || r->bad) {
		r->bad = 1;
		free(f.recipients);
		free(f.refused);
		free(f.from);
		free(f.agency);
		return;
	}
	r->v->f[r->v->n++] = f;
}

int verdict_read(const char *msg, size_t n, struct verdict *v)
{
	struct reader r = { v, 0 };

	memset(v, 0, sizeof *v);
	stamp_find(msg, n, "X-SEEMail-Policy", read_one, &r);
	if (r.bad) {
		verdict_free(v);
		return -1;
	}
	return (int)v->n;
}

int verdict_list_has(const char *list, const char *a, size_t an)
{
	while (list && *list) {
		const char *e = strchr(list, ',');
		size_t n = e ? (size_t)(e - list) : strlen(list);
		const char *p = list;
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (n == an && strncasecmp(p, a, n) == 0)
			return 1;
		list = e ? e + 1 : NULL;
	}
	return 0;
}
