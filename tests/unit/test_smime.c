/* test_smime.c: the S/MIME text helpers: base64 in lines, canonical line
 * ends, the outer and inner header fields, and recipients to agencies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "config.h"
#include "directory.h"
#include "mime.h"
#include "output.h"
#include "smime_b64.h"
#include "smime_canon.h"
#include "smime_header.h"
#include "smime_rcpt.h"
#include "status.h"

static char *enc(const char *in, size_t n, size_t piece, const char *nl)
{
	static struct buf b;
	struct b64enc e;

	buf_free(&b);
	b64_enc_init(&e, &b, nl);
	for (size_t i = 0; i < n; i += piece)
		b64_enc_put(&e, in + i, n - i < piece ? n - i : piece);
	b64_enc_end(&e);
	ck_assert_int_eq(b.err, 0);
	return b.p ? b.p : (char *)"";
}

START_TEST(base64_encodes_rfc4648_vectors)
{
	ck_assert_str_eq(enc("", 0, 1, "\n"), "");
	ck_assert_str_eq(enc("f", 1, 1, "\n"), "Zg==\n");
	ck_assert_str_eq(enc("fo", 2, 1, "\n"), "Zm8=\n");
	ck_assert_str_eq(enc("foo", 3, 1, "\n"), "Zm9v\n");
	ck_assert_str_eq(enc("foobar", 6, 4, "\r\n"), "Zm9vYmFy\r\n");
}
END_TEST

START_TEST(base64_lines_are_76_and_pieces_do_not_matter)
{
	char in[1000];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (char)(i * 7 + 3);
	char *whole = strdup(enc(in, sizeof in, sizeof in, "\r\n"));
	for (size_t piece = 1; piece < 80; piece += 13)
		ck_assert_str_eq(enc(in, sizeof in, piece, "\r\n"), whole);
	/* Every line but the last has 76 characters. */
	size_t lines = 0;
	for (char *p = whole; *p; lines++) {
		char *e = strstr(p, "\r\n");
		ck_assert_ptr_nonnull(e);
		if (e[2])
			ck_assert_uint_eq((size_t)(e - p), B64_LINE);
		p = e + 2;
	}
	ck_assert_uint_eq(lines, (1000 + 56) / 57);
	ck_assert_uint_le(strlen(whole), b64_enc_size(1000, 2));
	/* And it decodes back, in place. */
	int bad;
	size_t n = b64_decode(whole, strlen(whole), (unsigned char *)whole, &bad);
	ck_assert_int_eq(bad, 0);
	ck_assert_uint_eq(n, sizeof in);
	ck_assert(memcmp(whole, in, n) == 0);
	free(whole);
}
END_TEST

START_TEST(base64_decoder_skips_white_space_and_reports_junk)
{
	unsigned char out[64];
	int bad;
	size_t n = b64_decode("Zm9v\r\nYmFy\n  Zg==\r\n", 20, out, &bad);
	ck_assert_int_eq(bad, 0);
	ck_assert_uint_eq(n, 7);
	ck_assert(memcmp(out, "foobarf", 7) == 0);
	n = b64_decode("Zm9v*YmFy", 9, out, &bad);
	ck_assert_int_eq(bad, 1);
	ck_assert(memcmp(out, "foobar", 6) == 0);
	/* A lone character is half a byte: damaged. */
	b64_decode("Zm9vY", 5, out, &bad);
	ck_assert_int_eq(bad, 1);
	/* Unpadded endings decode. */
	n = b64_decode("Zm8", 3, out, &bad);
	ck_assert_int_eq(bad, 0);
	ck_assert_uint_eq(n, 2);
}
END_TEST

static int to_buf(void *ctx, const char *p, size_t n)
{
	buf_put(ctx, p, n);
	return 0;
}

static char *canon(const char *const *pieces)
{
	static struct buf b;
	struct canon *c = malloc(sizeof *c);

	buf_free(&b);
	canon_init(c, to_buf, &b);
	for (int i = 0; pieces[i]; i++)
		canon_text(c, pieces[i], strlen(pieces[i]));
	ck_assert_int_eq(canon_end(c), 0);
	free(c);
	return b.p ? b.p : (char *)"";
}

START_TEST(canonical_form_turns_bare_lf_into_crlf_only)
{
	ck_assert_str_eq(canon((const char *[]){ "a\nb\r\nc\rd\n", NULL }), "a\r\nb\r\nc\rd\r\n");
	/* A CR ending one piece and the LF starting the next are one end. */
	ck_assert_str_eq(canon((const char *[]){ "a\r", "\nb\n", "", "\n", NULL }),
	    "a\r\nb\r\n\r\n");
	ck_assert_str_eq(canon((const char *[]){ "\n", NULL }), "\r\n");
	ck_assert_int_eq(canon_has_bare_lf("a\r\nb\r\n", 6), 0);
	ck_assert_int_eq(canon_has_bare_lf("a\r\nb\n", 5), 1);
	ck_assert_int_eq(canon_has_bare_lf("\n", 1), 1);
}
END_TEST

START_TEST(canonical_staging_hands_on_large_pieces)
{
	struct buf b = BUF_INIT_MAX(0), in = BUF_INIT_MAX(0);
	struct canon *c = malloc(sizeof *c);

	for (int i = 0; i < 30000; i++)
		buf_puts(&in, "line\n");
	canon_init(c, to_buf, &b);
	canon_text(c, in.p, in.len);
	ck_assert_int_eq(canon_end(c), 0);
	ck_assert_uint_eq(b.len, 30000 * 6);
	ck_assert(memcmp(b.p + b.len - 6, "line\r\n", 6) == 0);
	free(c);
	buf_free(&b);
	buf_free(&in);
}
END_TEST

static char *through_output(const char *s, int lf)
{
	static char got[256];
	char path[] = "/tmp/test_smime.XXXXXX";
	int fd = mkstemp(path);
	struct output *o = malloc(sizeof *o);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	out_init(o, fd);
	out_lines(o, s, strlen(s), lf);
	ck_assert_int_eq(out_finish(o), 0);
	ssize_t n = pread(fd, got, sizeof got - 1, 0);
	ck_assert_int_ge(n, 0);
	got[n] = '\0';
	close(fd);
	free(o);
	return got;
}

START_TEST(out_lines_writes_the_message_line_ends)
{
	ck_assert_str_eq(through_output("a\r\nb\r\n\r\nc", 1), "a\nb\n\nc");
	ck_assert_str_eq(through_output("a\r\nb\nc\rd\r\n", 1), "a\nb\nc\rd\n");
	ck_assert_str_eq(through_output("a\r\nb\r\n", 0), "a\r\nb\r\n");
}
END_TEST

static struct span header(const char *msg)
{
	struct span h, b;
	mime_split(msg, strlen(msg), &h, &b);
	return h;
}

START_TEST(outer_header_keeps_transport_fields_in_order)
{
	const char *m = "Received: x\nFrom: Ann <a@x.test>\nX-Mailer: y\nSubject: secret\n"
	    " plans\nTo: b@y.test\nCc: c@y.test\nBcc: hidden@y.test\nDate: now\n"
	    "Message-ID: <1@x>\nMIME-Version: 1.0\nContent-Type: text/plain\n\nbody\n";
	struct buf b = BUF_INIT_MAX(0);

	smime_outer_fields(&b, header(m), "\n", NULL);
	ck_assert_str_eq(b.p, "From: Ann <a@x.test>\nSubject: secret\n plans\nTo: b@y.test\n"
	    "Cc: c@y.test\nDate: now\nMessage-ID: <1@x>\n");
	buf_reset(&b);
	smime_outer_fields(&b, header(m), "\r\n", "Message s\xc3\xa9" "curis\xc3\xa9");
	ck_assert(strstr(b.p, "secret") == NULL);
	ck_assert(strstr(b.p, "Subject: =?UTF-8?B?") != NULL);
	buf_reset(&b);
	smime_trace_fields(&b, header(m), "\n");
	ck_assert_str_eq(b.p, "Received: x\n");
	buf_free(&b);
}
END_TEST

START_TEST(from_and_subject_comparisons)
{
	struct span a = header("From: Ann <ANN@X.test>\nSubject: =?UTF-8?Q?Hi_there?=\n\n");
	struct span b = header("From: ann@x.TEST (Ann)\nSubject:  Hi   there \n\n");
	struct span c = header("From: eve@x.test\nSubject: Hi\n\n");
	struct span none = header("X-A: 1\n\n");

	ck_assert_int_eq(smime_same_from(a, b), 1);
	ck_assert_int_eq(smime_same_subject(a, b), 1);
	ck_assert_int_eq(smime_same_from(a, c), 0);
	ck_assert_int_eq(smime_same_subject(a, c), 0);
	/* Nothing outside: nothing to disagree with; something outside that
	 * the inside lacks is a difference. */
	ck_assert_int_eq(smime_same_from(none, a), 1);
	ck_assert_int_eq(smime_same_from(a, none), 0);
	ck_assert_int_eq(smime_same_subject(a, none), 0);
	char addr[64];
	ck_assert_int_eq(smime_from_addr(a, addr, sizeof addr), 0);
	ck_assert_str_eq(addr, "ann@x.test");
}
END_TEST

static const char dir_text[] =
    "alpha.test     restricted     alpha.pem  Agency Alpha\n"
    "alpha.example  standard       -          Agency Alpha\n"
    "beta.test      standard       beta.pem   Agency Beta\n"
    ".beta.test     standard       beta.pem   Agency Beta\n"
    "sge.test       standard,sge   -          Agency by SGE\n"
    "nocert.test    standard       -          Agency Without Certificate\n"
    "us.test        standard       us.pem     Our Agency\n";

/* The directory and configuration of the last plan(), kept because the
 * plan points into them. */
static struct config pc;
static struct directory pd;

static void plan_done(struct smime_plan *p)
{
	smime_plan_free(p);
	directory_free(&pd);
	config_free(&pc);
}

static int plan(const char *const *rcpt, size_t n, struct smime_plan *p)
{
	config_defaults(&pc);
	pc.local_domains.v[0] = strdup("us.test");
	pc.local_domains.n = 1;
	memset(&pd, 0, sizeof pd);
	ck_assert_int_eq(directory_parse(&pd, dir_text, strlen(dir_text), "dir", "/pki"), 0);
	return smime_plan(&pc, &pd, (char *const *)rcpt, n, p);
}

START_TEST(recipients_become_one_destination_per_agency)
{
	struct smime_plan p;
	const char *r[] = { "Bob <bob@beta.test>", "x@alpha.example", "y@mail.beta.test",
		"z@alpha.test" };

	ck_assert_int_eq(plan(r, 4, &p), 0);
	ck_assert_uint_eq(p.nmember, 4);
	ck_assert_uint_eq(p.ndest, 2);
	ck_assert_str_eq(p.dest[0].entry->agency, "Agency Beta");
	ck_assert_uint_eq(p.dest[0].nrcpt, 2);
	/* alpha.example has no certificate: its agency's other line has. */
	ck_assert_str_eq(p.dest[1].entry->cert, "/pki/alpha.pem");
	ck_assert_uint_eq(p.dest[1].nrcpt, 2);
	plan_done(&p);
}
END_TEST

START_TEST(non_members_sge_and_local_recipients_are_others)
{
	struct smime_plan p;
	const char *r[] = { "a@example.com", "b@sge.test", "c@us.test", "postmaster" };

	ck_assert_int_eq(plan(r, 4, &p), 0);
	ck_assert_uint_eq(p.nmember, 0);
	ck_assert_uint_eq(p.nother, 4);
	plan_done(&p);
	const char *mixed[] = { "bob@beta.test", "a@example.com" };
	ck_assert_int_eq(plan(mixed, 2, &p), EX_USAGE);
	plan_done(&p);
	ck_assert_int_eq(plan(mixed, 0, &p), EX_USAGE);
	plan_done(&p);
	const char *nocert[] = { "x@nocert.test" };
	ck_assert_int_eq(plan(nocert, 1, &p), EX_TEMPFAIL);
	plan_done(&p);
}
END_TEST

static Suite *smime_suite(void)
{
	Suite *s = suite_create("smime");
	TCase *t = tcase_create("text");

	tcase_add_test(t, base64_encodes_rfc4648_vectors);
	tcase_add_test(t, base64_lines_are_76_and_pieces_do_not_matter);
	tcase_add_test(t, base64_decoder_skips_white_space_and_reports_junk);
	tcase_add_test(t, canonical_form_turns_bare_lf_into_crlf_only);
	tcase_add_test(t, canonical_staging_hands_on_large_pieces);
	tcase_add_test(t, out_lines_writes_the_message_line_ends);
	tcase_add_test(t, outer_header_keeps_transport_fields_in_order);
	tcase_add_test(t, from_and_subject_comparisons);
	tcase_add_test(t, recipients_become_one_destination_per_agency);
	tcase_add_test(t, non_members_sge_and_local_recipients_are_others);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(smime_suite)
