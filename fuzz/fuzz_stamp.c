/*
 * fuzz_stamp.c: removing and finding stamps in a message's header
 * (stamp_strip, stamp_find), and the stamp escapes (stamp_escape,
 * stamp_unescape).  Invariants: the pieces stamp_strip keeps are in
 * order inside the message, and with the fields it removed they add up
 * to the whole message; stamp_find counts the fields it calls back for;
 * escaped text is printable ASCII and unescapes to what it was (with
 * tabs and line ends as spaces, which is what escaping makes of them).
 */
#include <strings.h>

#include "fuzz.h"
#include "mime.h"
#include "stamp.h"
#include "utf8.h"

FUZZ_QUIET_INIT

static const char *const names[] = {
	"X-SEEMail-Classification", "X-SEEMail-Trigger", "X-SEEMail-Uninspectable",
	"X-SEEMail-Policy*", NULL,
};

/* The same rule as stamp_strip's, written again here. */
static int matches(const struct hdr_field *f)
{
	for (size_t i = 0; names[i]; i++) {
		size_t l = strlen(names[i]);
		if (names[i][l - 1] == '*') {
			if (f->nlen >= l - 1 && strncasecmp(f->name, names[i], l - 1) == 0)
				return 1;
		} else if (f->nlen == l && strncasecmp(f->name, names[i], l) == 0)
			return 1;
	}
	return 0;
}

static void count_value(const char *v, size_t n, void *ctx)
{
	size_t *k = ctx;
	FUZZ_CHECK(n == 0 || v != NULL);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(v[i] != '\n');       /* values come unfolded */
	++*k;
}

static void strip(const char *msg, size_t n)
{
	struct span *sp = NULL, hdr, body;
	size_t nsp = 0, kept = 0, removed = 0;
	const char *last = msg;
	struct hdr_iter it;
	struct hdr_field f;

	if (stamp_strip(msg, n, names, &sp, &nsp) < 0)
		return;
	for (size_t i = 0; i < nsp; i++) {
		FUZZ_CHECK(sp[i].p >= last && sp[i].n <= (size_t)(msg + n - sp[i].p));
		last = sp[i].p + sp[i].n;
		kept += sp[i].n;
	}
	free(sp);
	mime_split(msg, n, &hdr, &body);
	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f))
		if (matches(&f))
			removed += f.rawlen;
	FUZZ_CHECK(kept + removed == n);
}

static void escapes(const char *s, size_t n)
{
	struct buf e = BUF_INIT_MAX(0), u = BUF_INIT_MAX(0);

	stamp_escape(&e, s, n, 1);
	if (e.err)
		goto out;
	for (size_t i = 0; i < e.len; i++)
		FUZZ_CHECK(e.p[i] >= 32 && e.p[i] < 127);
	stamp_unescape(e.p ? e.p : "", e.len, &u);
	if (!u.err && utf8_valid(s, n)) {
		FUZZ_CHECK(u.len == n);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(u.p[i] == (s[i] == '\t' || s[i] == '\r' || s[i] == '\n' ? ' ' : s[i]));
	}
	/* And whatever the input holds, as escapes to read. */
	buf_reset(&u);
	stamp_unescape(s, n, &u);
out:
	buf_free(&e);
	buf_free(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *msg = (const char *)data;
	size_t k = 0, count;

	(void)stamp_newline(msg, size);
	strip(msg, size);
	count = stamp_find(msg, size, "X-SEEMail-Policy", count_value, &k);
	FUZZ_CHECK(count == k);
	escapes(msg, size < 4096 ? size : 4096);
	return 0;
}
