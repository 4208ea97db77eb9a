/*
 * fuzz_verdict.c: the X-SEEMail-Policy stamp reader (verdict_read).
 * Invariant: fields that were read are written (verdict_write) as fields
 * that read back the same.
 */
#include "fuzz.h"
#include "verdict.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

static int same_str(const char *a, const char *b)
{
	/* An empty value may be written as absent. */
	return strcmp(a ? a : "", b ? b : "") == 0;
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
