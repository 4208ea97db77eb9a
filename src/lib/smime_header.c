/*
 * smime_header.c: outer fields out, trace fields in, and comparisons.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "rfc2047.h"
#include "smime_header.h"

static const char *const outer_names[] = {
	"From", "To", "Cc", "Date", "Message-ID", "Subject", NULL,
};

static const char *const trace_names[] = {
	"Return-Path", "Received", "Authentication-Results", "Delivered-To",
	"X-Original-To", NULL,
};

const char *const smime_inner_drop[] = {
	"X-SEEMail-*", "Authentication-Results", "Return-Path", NULL,
};

static int one_of(const struct hdr_field *f, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (hdr_is(f, names[i]))
			return 1;
	return 0;
}

/* A field as it is, with a line end if the header stopped without one. */
static void put_raw(struct buf *out, const struct hdr_field *f, const char *nl)
{
	buf_put(out, f->raw, f->rawlen);
	if (f->rawlen == 0 || f->raw[f->rawlen - 1] != '\n')
		buf_puts(out, nl);
}

void smime_outer_fields(struct buf *out, struct span hdr, const char *nl,
    const char *subject)
{
	struct hdr_iter it;
	struct hdr_field f;

	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f))
		if (one_of(&f, outer_names) && !(subject && hdr_is(&f, "Subject")))
			put_raw(out, &f, nl);
	if (subject) {
		buf_puts(out, "Subject: ");
		rfc2047_encode(subject, strlen(subject), 9, nl, out);
		buf_puts(out, nl);
	}
}

void smime_trace_fields(struct buf *out, struct span hdr, const char *nl)
{
	struct hdr_iter it;
	struct hdr_field f;

	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f))
		if (one_of(&f, trace_names))
			put_raw(out, &f, nl);
}

int smime_from_addr(struct span hdr, char *out, size_t outsz)
{
	struct span v;
	struct buf u = BUF_INIT_MAX(1 << 16), a = BUF_INIT_MAX(1 << 16);
	int r = -1;

	if (outsz == 0 || !hdr_find(hdr, "From", &v))
		return -1;
	hdr_unfold(v.p, v.n, &u);
	if (!u.err && addr_first(u.p ? u.p : "", u.len, &a) == 0 && !a.err &&
	    a.len < outsz) {
		for (size_t i = 0; i < a.len; i++)
			out[i] = (char)tolower((unsigned char)a.p[i]);
		out[a.len] = '\0';
		r = 0;
	}
	buf_free(&u);
	buf_free(&a);
	return r;
}

int smime_same_from(struct span a, struct span b)
{
	char x[512], y[512];
	struct span v;
	int ha = hdr_find(a, "From", &v), hb = hdr_find(b, "From", &v);

	if (!ha)
		return 1;       /* nothing on the outside to disagree */
	if (!hb)
		return 0;
	/* An unreadable From is never the same as anything. */
	return smime_from_addr(a, x, sizeof x) == 0 && smime_from_addr(b, y, sizeof y) == 0 &&
	    strcmp(x, y) == 0;
}

/* The decoded Subject with runs of white space made one space. */
static int subject_text(struct span hdr, struct buf *out)
{
	struct span v;
	struct buf u = BUF_INIT_MAX(1 << 16), d = BUF_INIT_MAX(1 << 16);
	int sp = 1;

	if (!hdr_find(hdr, "Subject", &v))
		return 0;
	hdr_unfold(v.p, v.n, &u);
	rfc2047_decode(u.p ? u.p : "", u.len, &d);
	for (size_t i = 0; i < d.len; i++) {
		if (isspace((unsigned char)d.p[i])) {
			sp = 1;
			continue;
		}
		if (sp && out->len)
			buf_putc(out, ' ');
		sp = 0;
		buf_putc(out, d.p[i]);
	}
	buf_free(&u);
	buf_free(&d);
	return 1;
}

int smime_same_subject(struct span a, struct span b)
{
	struct buf x = BUF_INIT_MAX(1 << 16), y = BUF_INIT_MAX(1 << 16);
	int ha = subject_text(a, &x), hb = subject_text(b, &y);
	int same = !ha || (hb && x.len == y.len && (x.len == 0 || memcmp(x.p, y.p, x.len) == 0));

	buf_free(&x);
	buf_free(&y);
	return same;
}

void smime_each_author(struct span hdr, void (*fn)(const char *a, size_t n, void *ctx),
    void *ctx)
{
	struct hdr_iter it;
	struct hdr_field f;

	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f)) {
		struct buf u = BUF_INIT_MAX(1 << 20);
		if (!hdr_is(&f, "From"))
			continue;
		hdr_unfold(f.value, f.vlen, &u);
		if (u.err)
			fn("", 0, ctx);         /* unreadable: an unknown author */
		else
			addr_each(u.p ? u.p : "", u.len, fn, ctx);
		buf_free(&u);
	}
}
