/*
 * fuzz_cms.c: the CMS input of seem-verify.  The input is the body of an
 * S/MIME part: it is base64-decoded (b64_decode) as seem-verify does, and
 * read as DER as it is: cms_content_type, the BER walk (ber_read,
 * ber_next, to the depth cms_ber allows), cms_env_split (the in-place
 * split of an EnvelopedData), cms_signed_content, and cms_verify_signed
 * against an empty trust store (so nothing verifies; the structure and
 * algorithm checks before that run on the input).  OpenSSL itself is not
 * built with the sanitizers.  Invariants: decoded base64 fits the size
 * b64_decode promises; every BER element lies inside its parent; what
 * cms_env_split returns lies inside the buffer it was given.
 */
#include <openssl/x509.h>

#include "cms_ber.h"
#include "cms_verify.h"
#include "fuzz.h"
#include "smime_b64.h"

static X509_STORE *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	store = X509_STORE_new();
	if (store == NULL)
		abort();
	return 0;
}

static void walk(const struct ber *t, int depth, size_t *count)
{
	const unsigned char *pos = t->val;
	struct ber c;
	int r;

	if (depth > 40 || !(t->tag & BER_CONSTRUCTED))
		return;
	while ((r = ber_next(t, &pos, &c)) == 1) {
		FUZZ_CHECK(c.p >= t->val && c.len <= (size_t)(t->val + t->vlen - c.p));
		FUZZ_CHECK(c.val >= c.p && c.vlen <= c.len);
		FUZZ_CHECK(++*count < 1000000);
		walk(&c, depth + 1, count);
	}
	FUZZ_CHECK(r == 0 || r == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *der = data;
	unsigned char *dec, *copy;
	struct ber t;
	size_t n, count = 0;
	int bad = 0;

	dec = malloc(size / 4 * 3 + 4);
	if (dec == NULL)
		return 0;
	n = b64_decode((const char *)data, size, dec, &bad);
	FUZZ_CHECK(n <= size / 4 * 3 + 3);
	free(dec);

	(void)cms_content_type(der, size);
	if (ber_read(der, size, &t) == 0) {
		FUZZ_CHECK(t.p == der && t.len <= size && t.vlen <= t.len);
		walk(&t, 0, &count);
	}

	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	struct cms_env_parts parts;
	memset(&parts, 0, sizeof parts);
	if (cms_env_split(copy, size, &parts) == 0) {
		FUZZ_CHECK(parts.content == NULL ||
		    (parts.content >= copy && parts.content_len <= (size_t)(copy + size - parts.content)));
		FUZZ_CHECK(parts.alg == NULL ||
		    (parts.alg >= copy && parts.alg_len <= (size_t)(copy + size - parts.alg)));
		FUZZ_CHECK(parts.detached != NULL && parts.detached_len > 0);
		free(parts.detached);
	}
	free(copy);

	struct buf content = BUF_INIT_MAX(0);
	(void)cms_signed_content(der, size, &content);
	buf_free(&content);

	struct cms_vresult r;
	memset(&r, 0, sizeof r);
	if (cms_verify_signed(der, size, NULL, 0, NULL, store, &r) == 0)
		FUZZ_CHECK(!r.ok);      /* nothing is trusted */
	cms_vresult_free(&r);
	memset(&r, 0, sizeof r);
	if (cms_verify_signed(der, size, "detached\r\n", 10, NULL, store, &r) == 0)
		FUZZ_CHECK(!r.ok);
	cms_vresult_free(&r);
	return 0;
}
