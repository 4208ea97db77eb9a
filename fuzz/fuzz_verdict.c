/*
 * fuzz_verdict.c: the X-SEEMail-Policy stamp reader (verdict_read).
 * Invariant: fields that were read are written (verdict_write) as fields
 * that read back the same.  Values are compared when they are short
 * (a long run without spaces is cut with "...") and valid UTF-8 (stamps
 * write invalid bytes as U+FFFD), with any run of white space as one
 * space (stamps fold and write white space as spaces).
 */
#include "fuzz.h"
#include "utf8.h"
#include "verdict.h"

FUZZ_QUIET_INIT

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* r (read back) against v (read first). */
static int same_str(const char *r, const char *v)
{
	/* An empty value may be written as absent. */
	r = r ? r : "";
	v = v ? v : "";
	if (strlen(v) >= 80 || !utf8_valid(v, strlen(v)))
		return 1;
	while (*v || *r) {
		if (blank(*v) && blank(*r)) {
			while (blank(*v))
				v++;
			while (blank(*r))
				r++;
			continue;
		}
		if (*v != *r)
			return 0;
		v++, r++;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verdict v, r;
	struct buf b = BUF_INIT_MAX(0);
	int n, m;

	n = verdict_read((const char *)data, size, &v);
	FUZZ_CHECK(n >= -1 && n <= VERDICT_MAX_FIELDS);
	if (n <= 0)
		return 0;
	(void)verdict_kind(&v);
	verdict_write(&b, &v, size & 1 ? "\r\n" : "\n");
	buf_puts(&b, "\nbody\n");
	if (!b.err) {
		m = verdict_read(b.p, b.len, &r);
		FUZZ_CHECK(m == n);
		for (int i = 0; i < n; i++) {
			FUZZ_CHECK(r.f[i].kind == v.f[i].kind);
			FUZZ_CHECK(r.f[i].code == v.f[i].code);
			FUZZ_CHECK(same_str(r.f[i].recipients, v.f[i].recipients));
			FUZZ_CHECK(same_str(r.f[i].refused, v.f[i].refused));
			FUZZ_CHECK(same_str(r.f[i].from, v.f[i].from));
			FUZZ_CHECK(same_str(r.f[i].agency, v.f[i].agency));
		}
		verdict_free(&r);
	}
	buf_free(&b);
	verdict_free(&v);
	return 0;
}
