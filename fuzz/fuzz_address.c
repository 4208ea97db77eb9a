/*
 * fuzz_address.c: the header values seem-policy reads from a message:
 * address lists (addr_each, addr_first, addr_domain, domain_match),
 * X-SEEMail-Verified (policy_parse_verified) and Authentication-Results
 * (policy_authres_dmarc_pass).  Invariants: every address addr_each
 * hands out lies inside the value, and a domain comes out in lower case
 * without a trailing dot.
 */
#include "address.h"
#include "fuzz.h"
#include "policy.h"

FUZZ_QUIET_INIT

struct span_ctx {
	const char *lo, *hi;
	size_t count;
};

static void each(const char *a, size_t n, void *ctx)
{
	struct span_ctx *s = ctx;
	char dom[256];
	char *copy;

	s->count++;
	/* An address is made of the value's bytes, less escapes, plus the
	 * closing quote of a quoted string that the value leaves open. */
	FUZZ_CHECK(n <= (size_t)(s->hi - s->lo) + 1);
	copy = strndup(a, n);
	if (copy == NULL)
		return;
	if (addr_domain(copy, dom, sizeof dom) == 0) {
		size_t l = strlen(dom);
		FUZZ_CHECK(l < sizeof dom);
		FUZZ_CHECK(l == 0 || dom[l - 1] != '.');
		for (size_t i = 0; i < l; i++)
			FUZZ_CHECK(!(dom[i] >= 'A' && dom[i] <= 'Z'));
		(void)domain_match(dom, ".govt.nz");
		(void)domain_match(dom, dom);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	struct span_ctx s = { v, v + size, 0 };
	struct buf b = BUF_INIT_MAX(0);
	struct verified ver;
	char *str = fuzz_strndup(data, size);
	char dom[256];

	addr_each(v, size, each, &s);
	FUZZ_CHECK(s.count <= size);
	(void)addr_first(v, size, &b);
	buf_free(&b);
	(void)addr_domain(str, dom, sizeof dom);
	(void)domain_match(str, ".dia.govt.nz");
	(void)domain_match("a.dia.govt.nz", str);
	policy_parse_verified(v, size, &ver);
	(void)policy_authres_dmarc_pass(v, size, "mx.dia.govt.nz", "dia.govt.nz");
	free(str);
	return 0;
}
