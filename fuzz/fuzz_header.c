/*
 * fuzz_header.c: the header readers of mime.h.  The input's first line
 * names a parameter; the rest is read as a Content-Type value (ctype_parse,
 * then mime_param and mime_param_raw for that name and the usual ones,
 * RFC 2231 continuations and charsets included), and the whole input as
 * an entity (mime_split, hdr_next, hdr_unfold, mp_next over its body with
 * the boundary its Content-Type declares).  Invariants: every span lies
 * inside the input and in order, and decoded parameters are UTF-8.
 */
#include "fuzz.h"
#include "mime.h"
#include "utf8.h"

FUZZ_QUIET_INIT

#define INSIDE(s, n, lo, hi) ((s) >= (lo) && (n) <= (size_t)((hi) - (s)))

static void params(const char *name, const char *v, size_t n)
{
	static const char *const names[] = { "filename", "name", "charset", "boundary", "format", NULL };
	struct ctype ct;
	struct buf b = BUF_INIT_MAX(0);

	ctype_parse(v, n, &ct);
	FUZZ_CHECK(memchr(ct.type, '\0', sizeof ct.type) && memchr(ct.subtype, '\0', sizeof ct.subtype));
	FUZZ_CHECK(ct.params.n == 0 || INSIDE(ct.params.p, ct.params.n, v, v + n));
	for (int i = -1; i < 0 || names[i]; i++) {
		const char *nm = i < 0 ? name : names[i];
		buf_free(&b);           /* fresh, so that p is set by the call */
		if (mime_param(ct.params, nm, &b) && !b.err) {
			FUZZ_CHECK(b.p != NULL);        /* found: a string, if only "" */
			FUZZ_CHECK(utf8_valid(b.p, b.len));
		}
		buf_free(&b);
		if (mime_param_raw(ct.params, nm, &b) && !b.err)
			FUZZ_CHECK(b.p != NULL);
	}
	buf_free(&b);
}

static void entity(const char *p, size_t n)
{
	struct span hdr, body, v;
	struct hdr_iter it;
	struct hdr_field f;
	const char *end = p + n, *last = p;
	struct buf b = BUF_INIT_MAX(0);

	mime_split(p, n, &hdr, &body);
	FUZZ_CHECK(INSIDE(hdr.p, hdr.n, p, end) && INSIDE(body.p, body.n, p, end));
	FUZZ_CHECK(hdr.p + hdr.n <= body.p);
	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f)) {
		FUZZ_CHECK(INSIDE(f.raw, f.rawlen, hdr.p, hdr.p + hdr.n));
		FUZZ_CHECK(f.raw >= last);
		FUZZ_CHECK(INSIDE(f.name, f.nlen, f.raw, f.raw + f.rawlen));
		FUZZ_CHECK(INSIDE(f.value, f.vlen, f.raw, f.raw + f.rawlen));
		last = f.raw + f.rawlen;
		buf_reset(&b);
		hdr_unfold(f.value, f.vlen, &b);
		FUZZ_CHECK(b.err || b.len <= f.vlen);
		FUZZ_CHECK(b.err || (!memchr(b.p ? b.p : "", '\n', b.len)));
	}
	if (hdr_find(hdr, "Content-Type", &v)) {
		struct ctype ct;
		struct mp_iter mp;
		struct span part;
		size_t count = 0;
		ctype_parse(v.p, v.n, &ct);
		buf_reset(&b);
		if (mime_param_raw(ct.params, "boundary", &b) && !b.err && b.len) {
			mp_init(&mp, body, b.p, b.len);
			last = body.p;
			while (mp_next(&mp, &part)) {
				FUZZ_CHECK(INSIDE(part.p, part.n, body.p, body.p + body.n));
				FUZZ_CHECK(part.p >= last);
				last = part.p + part.n;
				FUZZ_CHECK(++count <= body.n + 1);
			}
			(void)mp_found_any(&mp);
		}
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t k = nl ? (size_t)(nl - (const char *)data) : 0;
	char name[65];

	if (k > 64)
		k = 64;
	memcpy(name, data, k);
	name[k] = '\0';
	if (nl)
		params(name, nl + 1, size - (size_t)(nl + 1 - (const char *)data));
	else
		params(name, (const char *)data, size);
	entity((const char *)data, size);
	return 0;
}
