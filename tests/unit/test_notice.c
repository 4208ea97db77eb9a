/* test_notice.c: seem-notify's library: cleaning untrusted text, addresses,
 * quoted-printable, the built-in templates, and the decisions of
 * notice_build (pass-through, no notice, block, warn, failures). */
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "codec.h"
#include "config.h"
#include "notice.h"
#include "notice_priv.h"
#include "status.h"

static char *clean(const char *s, size_t max, int *hidden)
{
	struct buf b = BUF_INIT_MAX(0);
	notice_clean(&b, s, strlen(s), max, hidden);
	buf_putc(&b, '\0');
	return buf_take(&b, NULL);
}

START_TEST(clean_removes_controls_and_invisibles)
{
	int hidden = 0;
	char *s = clean("  a\r\nBcc: x\t\x1b[31m  b\xc2\x85 c  ", 100, &hidden);
	ck_assert_str_eq(s, "a Bcc: x [31m b c");
	ck_assert_int_eq(hidden, 0);
	free(s);
	/* Zero-width space, soft hyphen, bidi override: dropped and flagged. */
	s = clean("[SEN\xe2\x80\x8b" "SITIVE\xc2\xad] a\xe2\x80\xae" "fdp.exe", 100, &hidden);
	ck_assert_str_eq(s, "[SENSITIVE] afdp.exe");
	ck_assert_int_eq(hidden, 1);
	free(s);
	/* Invalid UTF-8 becomes U+FFFD; line separators are spaces. */
	s = clean("a\xff" "b\xe2\x80\xa8" "c", 100, NULL);
	ck_assert_str_eq(s, "a\xef\xbf\xbd" "b c");
	free(s);
	/* Cut at max bytes, never inside a character. */
	s = clean("\xc4\x81\xc4\x81\xc4\x81", 5, NULL);
	ck_assert_str_eq(s, "\xc4\x81\xc4\x81...");
	free(s);
	char *d = notice_clean_dup("", 0, 10);
	ck_assert_str_eq(d, "");
	free(d);
}
END_TEST

START_TEST(addresses)
{
	ck_assert(notice_addr_ok("a@b.c", 5));
	ck_assert(notice_addr_ok("first.last+tag@dia.govt.nz", 26));
	ck_assert(!notice_addr_ok("a@", 2));
	ck_assert(!notice_addr_ok("@b.c", 4));
	ck_assert(!notice_addr_ok("ab.c", 4));
	ck_assert(!notice_addr_ok("a@b@c", 5));
	ck_assert(!notice_addr_ok("a b@c", 5));
	ck_assert(!notice_addr_ok("a@b\r\nBcc: x@y", 13));
	ck_assert(!notice_addr_ok("<a@b>", 5));
	ck_assert(!notice_addr_ok("\"a\"@b", 5));
	ck_assert(!notice_addr_ok("m\xc4\x81@b", 5));
}
END_TEST

START_TEST(quoted_printable)
{
	struct buf q = BUF_INIT_MAX(0), d = BUF_INIT_MAX(0);
	char line[300];
	memset(line, 'x', sizeof line);
	line[0] = '=';
	line[150] = ' ';
	memcpy(line + 200, "\xc4\x81", 2);
	struct buf src = BUF_INIT_MAX(0);
	buf_puts(&src, "From here\n.dot\ntrailing space \n");
	buf_put(&src, line, sizeof line);
	buf_puts(&src, "\n\n--boundary\n");
	notice_qp(src.p, src.len, "\r\n", &q);
	ck_assert_int_eq(q.err, 0);
	/* Every line within 76 columns, CRLF, nothing 8-bit. */
	for (size_t i = 0, col = 0; i < q.len; i++) {
		unsigned char c = (unsigned char)q.p[i];
		ck_assert_uint_lt(c, 0x80);
		if (c == '\r') {
			ck_assert_int_eq(q.p[i + 1], '\n');
			ck_assert_uint_le(col, 76);
			col = 0;
			i++;
			continue;
		}
		ck_assert_int_ne(c, '\n');
		col++;
	}
	ck_assert_ptr_nonnull(strstr(q.p, "=46rom here\r\n"));
	ck_assert_ptr_nonnull(strstr(q.p, "=2Edot\r\n"));
	ck_assert_ptr_nonnull(strstr(q.p, "trailing space=20\r\n"));
	ck_assert_ptr_nonnull(strstr(q.p, "\r\n--boundary\r\n"));
	/* It decodes back (CRLF for the hard line breaks). */
	cte_decode_buf(CTE_QP, q.p, q.len, &d);
	struct buf want = BUF_INIT_MAX(0);
	for (size_t i = 0; i < src.len; i++) {
		if (src.p[i] == '\n')
			buf_putc(&want, '\r');
		buf_putc(&want, src.p[i]);
	}
	ck_assert_uint_eq(d.len, want.len);
	ck_assert(memcmp(d.p, want.p, d.len) == 0);
	buf_free(&q);
	buf_free(&d);
	buf_free(&src);
	buf_free(&want);
}
END_TEST

/* ---- notice_build with the built-in configuration ---- */

static struct config cfg;
static struct notice_set *ns;

static void setup(void)
{
	config_defaults(&cfg);
	ck_assert_int_eq(config_parse(&cfg, "notify_from = Gateway <gw@dia.test>\n", 36,
	    "t.conf", "/tmp"), 0);
	ck_assert_int_eq(notice_load(&cfg, &ns), 0);
}

static void teardown(void)
{
	notice_set_free(ns);
	config_free(&cfg);
}

static int build(const char *msg, const char *sender, struct buf *out, enum notice_result *r)
{
	struct notice_args a = { sender, 1700000000 };
	buf_reset(out);
	return notice_build(ns, &a, msg, strlen(msg), out, r);
}

static const char blocked[] =
    "X-SEEMail-Policy: block; code=1C; recipients=\"sam@acc.test\";\n"
    " refused=\"sam@acc.test, eve@example.com\"\n"
    "X-SEEMail-Policy: block; code=1A; recipients=\"eve@example.com\"\n"
    "X-SEEMail-Classification: RESTRICTED\n"
    "X-SEEMail-Trigger: RESTRICTED \"[RESTRICTED]\" in header Subject\n"
    "From: Ana <ana@dia.test>\n"
    "Subject: [RESTRICTED] x\n"
    "Message-ID: <m1@dia.test>\n"
    "\n"
    "body\n";

START_TEST(builtin_templates_all_load)
{
	for (int c = 0; c < CODE_COUNT; c++) {
		ck_assert_ptr_nonnull(ns->tpl[c]);
		ck_assert(template_has(ns->tpl[c], TPL_SEC_SUMMARY));
		ck_assert(template_uses(ns->tpl[c], TPL_SEC_BODY, TPL_OTHERS));
		/* Outbound codes have a Subject; inbound ones may not. */
		ck_assert_int_eq(template_has(ns->tpl[c], TPL_SEC_SUBJECT), !code_is_inbound(c));
	}
	ck_assert_str_eq(ns->from_addr, "gw@dia.test");
	ck_assert_str_eq(ns->from_name, "Gateway");
	ck_assert_str_eq(ns->domain, "dia.test");
}
END_TEST

START_TEST(pass_and_deliver)
{
	struct buf out = BUF_INIT_MAX(0);
	enum notice_result r;
	ck_assert_int_eq(build("From: a@b.c\n\nx\n", NULL, &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_PASS);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_int_eq(build("X-SEEMail-Policy: deliver\nFrom: a@b.c\n\nx\n", "a@b.c", &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_PASS);
	ck_assert_int_eq(build("", NULL, &out, &r), EX_DATAERR);
	ck_assert_int_eq(build("X-SEEMail-Policy: explode\nFrom: a@b.c\n\nx\n", NULL, &out, &r),
	    EX_TEMPFAIL);
	ck_assert_int_eq(r, NOTICE_NONE);
	buf_free(&out);
}
END_TEST

START_TEST(block_notice)
{
	struct buf out = BUF_INIT_MAX(0);
	enum notice_result r;
	ck_assert_int_eq(build(blocked, "ana@dia.test", &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_BLOCK);
	buf_putc(&out, '\0');
	const char *p = out.p;
	ck_assert_ptr_nonnull(strstr(p, "From: Gateway <gw@dia.test>\n"));
	ck_assert_ptr_nonnull(strstr(p, "\nTo: ana@dia.test\n"));
	ck_assert_ptr_nonnull(strstr(p, "\nSubject: Not sent (SEEMail 1A): [RESTRICTED] x\n"));
	ck_assert_ptr_nonnull(strstr(p, "\nIn-Reply-To: <m1@dia.test>\n"));
	ck_assert_ptr_nonnull(strstr(p, "\nAuto-Submitted: auto-replied\n"));
	ck_assert_ptr_nonnull(strstr(p, "multipart/report; report-type=delivery-status;"));
	ck_assert_ptr_nonnull(strstr(p, "\nFinal-Recipient: rfc822; sam@acc.test\nAction: failed\n"
	    "Status: 5.7.1\nDiagnostic-Code: smtp; 550 5.7.1 SEEMail 1C (Contains RESTRICTED)\n"));
	ck_assert_ptr_nonnull(strstr(p, "\nFinal-Recipient: rfc822; eve@example.com\n"));
	ck_assert_ptr_nonnull(strstr(p, "Content-Type: message/rfc822\n"));
	ck_assert_ptr_nonnull(strstr(p, blocked));
	/* The primary is 1A (first in SPEC's table); 1C is listed after. */
	ck_assert_ptr_nonnull(strstr(p, "- SEEMail 1C (Contains RESTRICTED): "));
	ck_assert_ptr_null(strchr(p, '\r'));
	buf_free(&out);
}
END_TEST

START_TEST(no_notice_for_null_or_auto_submitted)
{
	struct buf out = BUF_INIT_MAX(0), m = BUF_INIT_MAX(0);
	enum notice_result r;
	ck_assert_int_eq(build(blocked, "", &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_NONE);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_int_eq(build(blocked, "<>", &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_NONE);
	buf_printf(&m, "Return-Path: <>\n%s", blocked);
	ck_assert_int_eq(build(m.p, NULL, &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_NONE);
	buf_reset(&m);
	buf_printf(&m, "Auto-Submitted: auto-replied\n%s", blocked);
	ck_assert_int_eq(build(m.p, "ana@dia.test", &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_NONE);
	buf_reset(&m);
	buf_printf(&m, "Auto-Submitted: no\n%s", blocked);
	ck_assert_int_eq(build(m.p, "ana@dia.test", &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_BLOCK);
	/* Without -f: Return-Path, then From. */
	ck_assert_int_eq(build(blocked, NULL, &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_BLOCK);
	buf_putc(&out, '\0');
	ck_assert_ptr_nonnull(strstr(out.p, "\nTo: ana@dia.test\n"));
	buf_free(&out);
	buf_free(&m);
}
END_TEST

START_TEST(warning_with_crlf)
{
	static const char in[] =
	    "X-SEEMail-Policy: warn; code=own-domain; from=\"x@dia.test\"\r\n"
	    "From: x@dia.test\r\n"
	    "To: a@dia.test, B <b@dia.test>\r\n"
	    "Subject: =?utf-8?q?Kia_ora_=C4=81?=\r\n"
	    "\r\n"
	    "hi\r\n";
	struct buf out = BUF_INIT_MAX(0);
	enum notice_result r;
	ck_assert_int_eq(build(in, NULL, &out, &r), 0);
	ck_assert_int_eq(r, NOTICE_WARN);
	buf_putc(&out, '\0');
	ck_assert_ptr_nonnull(strstr(out.p, "\r\nTo: a@dia.test, b@dia.test\r\n"));
	ck_assert_ptr_nonnull(strstr(out.p, "\r\nSubject: =?UTF-8?B?"));
	ck_assert_ptr_nonnull(strstr(out.p, "\r\nAuto-Submitted: auto-generated\r\n"));
	ck_assert_ptr_nonnull(strstr(out.p, in));
	/* Every LF is part of a CRLF. */
	for (const char *p = out.p; (p = strchr(p, '\n')) != NULL; p++)
		ck_assert_int_eq(p[-1], '\r');
	buf_free(&out);
}
END_TEST

START_TEST(contradictory_stamps_fail)
{
	struct buf out = BUF_INIT_MAX(0);
	enum notice_result r;
	ck_assert_int_eq(build("X-SEEMail-Policy: block; code=4A\nFrom: a@b.c\n\nx\n", "a@b.c",
	    &out, &r), EX_TEMPFAIL);
	ck_assert_int_eq(build("X-SEEMail-Policy: warn; code=1C\nFrom: a@b.c\n\nx\n", "a@b.c",
	    &out, &r), EX_TEMPFAIL);
	ck_assert_uint_eq(out.len, 0);
	buf_free(&out);
}
END_TEST

START_TEST(bad_notify_from)
{
	struct config c;
	struct notice_set *s = NULL;
	config_defaults(&c);
	ck_assert_int_eq(config_parse(&c, "notify_from = a b <c d>\n", 23, "t.conf", "/tmp"), 0);
	ck_assert_int_eq(notice_load(&c, &s), EX_CONFIG);
	ck_assert_ptr_null(s);
	config_free(&c);
}
END_TEST

static Suite *notice_suite(void)
{
	Suite *s = suite_create("notice");
	TCase *t = tcase_create("text");
	tcase_add_test(t, clean_removes_controls_and_invisibles);
	tcase_add_test(t, addresses);
	tcase_add_test(t, quoted_printable);
	tcase_add_test(t, bad_notify_from);
	suite_add_tcase(s, t);
	t = tcase_create("build");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, builtin_templates_all_load);
	tcase_add_test(t, pass_and_deliver);
	tcase_add_test(t, block_notice);
	tcase_add_test(t, no_notice_for_null_or_auto_submitted);
	tcase_add_test(t, warning_with_crlf);
	tcase_add_test(t, contradictory_stamps_fail);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(notice_suite)
