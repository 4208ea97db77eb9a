/* test_config.c: seemail.conf, the directory, addresses, the policy stamp
 * and Authentication-Results parsing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "check_main.h"
#include "config.h"
#include "directory.h"
#include "level.h"
#include "policy.h"
#include "status.h"
#include "verdict.h"

static int parse(struct config *c, const char *text)
{
	config_defaults(c);
	return config_parse(c, text, strlen(text), "t.conf", "/etc/seemail");
}

START_TEST(conf_values)
{
	struct config c;
	ck_assert_int_eq(parse(&c, "# comment\nagency = Dept of X  # trailing\n"
	    "local_domains = a.test, .b.test c.test\nmax_message_size = 10M\n"
	    "warning_prefix = \"[WARN] \"\ndirectory = dir\ncipher = AES-256-GCM\n"
	    "label = 1234-abcd RESTRICTED\nlabel = Secret SECRET\nlabel = Highly Confidential  TOP-SECRET\n"), 0);
	ck_assert_str_eq(c.agency, "Dept of X");
	ck_assert_uint_eq(c.local_domains.n, 3);
	ck_assert_str_eq(c.local_domains.v[1], ".b.test");
	ck_assert_uint_eq(c.lim.max_message_size, 10u << 20);
	ck_assert_str_eq(c.warning_prefix, "[WARN] ");
	ck_assert_str_eq(c.directory, "/etc/seemail/dir");
	ck_assert_int_eq(c.cipher, CIPHER_AES256_GCM);

	ck_assert_uint_eq(c.nlabels, 3);
	ck_assert_str_eq(c.labels[2].id, "Highly Confidential");
	ck_assert_int_eq(c.labels[2].level, LEVEL_TOP_SECRET);
	config_free(&c);
}
END_TEST

START_TEST(conf_quotes_and_dump)
{
	struct config c;
	/* A quoted value keeps its " #"; what config_dump writes reads back. */
	ck_assert_int_eq(parse(&c, "hidden_subject = \"Secure #1 \"  # a comment\nlabel = \"No #2 SECRET\"\n"), 0);
	ck_assert_str_eq(c.hidden_subject, "Secure #1 ");
	ck_assert_str_eq(c.labels[0].id, "No #2");
	char *text = NULL;
	size_t tn = 0;
	FILE *f = open_memstream(&text, &tn);
	config_dump(&c, f);
	fclose(f);
	struct config again;
	config_defaults(&again);
	ck_assert_int_eq(config_parse(&again, text, tn, "dump", "/etc/seemail"), 0);
	ck_assert_str_eq(again.hidden_subject, "Secure #1 ");
	ck_assert_str_eq(again.labels[0].id, "No #2");
	free(text);
	config_free(&again);
	config_free(&c);
}
END_TEST

START_TEST(conf_errors)
{
	struct config c;
	ck_assert_int_eq(parse(&c, "nokey\n"), EX_CONFIG);
	config_free(&c);
	ck_assert_int_eq(parse(&c, "unknown = 1\n"), EX_CONFIG);
	config_free(&c);
	ck_assert_int_eq(parse(&c, "mime_depth = 0\n"), EX_CONFIG);
	config_free(&c);
	ck_assert_int_eq(parse(&c, "mime_depth = 10K\n"), EX_CONFIG);
	config_free(&c);
	ck_assert_int_eq(parse(&c, "hide_subject = maybe\n"), EX_CONFIG);
	config_free(&c);
	ck_assert_int_eq(parse(&c, "label = onlyid\n"), EX_CONFIG);
	config_free(&c);
	size_t n;
	ck_assert_int_eq(config_parse_size("1G", &n), 0);
	ck_assert_uint_eq(n, 1u << 30);
	ck_assert_int_eq(config_parse_size("x", &n), -1);
	ck_assert_int_eq(config_parse_size("99999999999999999999", &n), -1);
}
END_TEST

START_TEST(directory_lookups)
{
	struct directory d = { 0 };
	const char *t = "a.test restricted - A Agency\n.sub.a.test standard certs/b.pem B Agency # c\n"
	    "x.sub.a.test restricted - C\n";
	ck_assert_int_eq(directory_parse(&d, t, strlen(t), "dir", "/etc"), 0);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_str_eq(directory_lookup(&d, "A.TEST")->agency, "A Agency");
	ck_assert_str_eq(directory_lookup(&d, "y.sub.a.test")->agency, "B Agency");
	ck_assert_str_eq(directory_lookup(&d, "x.sub.a.test")->agency, "C");  /* exact beats rule */
	ck_assert_ptr_null(directory_lookup(&d, "sub.a.test"));
	ck_assert_ptr_null(directory_lookup(&d, "b.test"));
	ck_assert_str_eq(directory_lookup(&d, "y.sub.a.test")->cert, "/etc/certs/b.pem");
	ck_assert_str_eq(directory_lookup_addr(&d, "Bob <bob@A.Test.>")->agency, "A Agency");
	directory_free(&d);
}
END_TEST

static void collect(const char *a, size_t n, void *ctx)
{
	struct buf *b = ctx;
	buf_put(b, a, n);
	buf_putc(b, '|');
}

START_TEST(addresses)
{
	struct buf b = BUF_INIT_MAX(0);
	const char *v = "\"Smith, Ann\" <ann@a.test>, bob@b.test (Bob), Group: c@c.test, d@d.test;, <e@e.test>";
	addr_each(v, strlen(v), collect, &b);
	ck_assert_str_eq(b.p, "ann@a.test|bob@b.test|c@c.test|d@d.test|e@e.test|");
	buf_free(&b);
	char dom[64];
	ck_assert_int_eq(addr_domain("x@Example.ORG", dom, sizeof dom), 0);
	ck_assert_str_eq(dom, "example.org");
	ck_assert_int_eq(addr_domain("nodomain", dom, sizeof dom), -1);
	/* One address, or none: what an MTA never passes is not a member's. */
	static const char *const good[] = { "<bob@B.test>", "bob@b.test.", "Bob <bob@b.test> ",
		"\"a b\"@b.test", "first.last+tag@b.test" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(addr_domain(good[i], dom, sizeof dom) == 0, "%s", good[i]);
		ck_assert_str_eq(dom, "b.test");
	}
	static const char *const bad[] = { "eve@evil.example bob@b.test", "a@b@b.test",
		"bob@b.test>", "bob@b.test..", "bob@.b.test", "bob@b..test", "bob@b.test x",
		"@b.test", "bo\nb@b.test", "bob@b.test\n", "<bob@b.test> x", "bob@[1.2.3.4]" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(addr_domain(bad[i], dom, sizeof dom) == -1, "%s", bad[i]);
	ck_assert(domain_match("a.b.test", ".b.test"));
	ck_assert(!domain_match("b.test", ".b.test"));
	ck_assert(!domain_match("ab.test", ".b.test"));
}
END_TEST

START_TEST(verdict_roundtrip)
{
	struct verdict v = { 0 }, r;
	struct buf b = BUF_INIT_MAX(0);
	v.f[v.n++] = (struct verdict_field){ VERDICT_BLOCK, CODE_1C, strdup("a@x.test, \"q\"@y.test"),
	    strdup("a@x.test"), NULL, NULL };
	v.f[v.n++] = (struct verdict_field){ VERDICT_WARN, CODE_UNSIGNED_AGENCY, NULL, NULL,
	    strdup("z@q.test"), strdup("Te Puni K\xc5\x8dkiri") };
	verdict_write(&b, &v, "\n");
	buf_puts(&b, "\nbody\n");
	ck_assert_int_eq(verdict_read(b.p, b.len, &r), 2);
	ck_assert_int_eq(r.f[0].code, CODE_1C);
	ck_assert_str_eq(r.f[0].recipients, "a@x.test, \"q\"@y.test");
	ck_assert_str_eq(r.f[1].agency, "Te Puni K\xc5\x8dkiri");
	ck_assert_int_eq(verdict_kind(&r), VERDICT_BLOCK);
	verdict_free(&r);
	verdict_free(&v);
	ck_assert_int_eq(verdict_read("X-SEEMail-Policy: maybe\n\nx", 26, &r), -1);
	buf_free(&b);
}
END_TEST

START_TEST(authres)
{
	const char *a = "mx.test; spf=pass smtp.mailfrom=x.test; dmarc=pass (p=none) header.from=X.Test";
	ck_assert(policy_authres_dmarc_pass(a, strlen(a), "mx.test", "x.test"));
	ck_assert(!policy_authres_dmarc_pass(a, strlen(a), "mx.tes", "x.test"));
	ck_assert(!policy_authres_dmarc_pass(a, strlen(a), "mx.test", "y.test"));
	const char *f = "mx.test 1; dmarc=fail header.from=x.test";
	ck_assert(!policy_authres_dmarc_pass(f, strlen(f), "mx.test", "x.test"));
	const char *p = "mx.test; dmarc=passed header.from=x.test";
	ck_assert(!policy_authres_dmarc_pass(p, strlen(p), "mx.test", "x.test"));
	ck_assert(!policy_authres_dmarc_pass(a, strlen(a), NULL, "x.test"));
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *t = tcase_create("core");
	tcase_add_test(t, conf_values);
	tcase_add_test(t, conf_quotes_and_dump);
	tcase_add_test(t, conf_errors);
	tcase_add_test(t, directory_lookups);
	tcase_add_test(t, addresses);
	tcase_add_test(t, verdict_roundtrip);
	tcase_add_test(t, authres);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(config_suite)
