/* test_header.c: header fields, RFC 2047 words, RFC 2231 parameters,
 * content types and multipart bodies. */
#include <string.h>

#include "check_main.h"
#include "mime.h"
#include "rfc2047.h"

static const char *decode2047(const char *in)
{
	static struct buf b;
	buf_free(&b);
	rfc2047_decode(in, strlen(in), &b);
	return b.p ? b.p : "";
}

START_TEST(rfc2047_words)
{
	ck_assert_str_eq(decode2047("=?utf-8?q?=5BRESTRICTED=5D?="), "[RESTRICTED]");
	ck_assert_str_eq(decode2047("=?UTF-8?B?W1NFQ1JFVF0=?="), "[SECRET]");
	/* Adjacent words join; the space between them goes. */
	ck_assert_str_eq(decode2047("=?utf-8?q?=5BRESTR?= =?utf-8?q?ICTED=5D?="), "[RESTRICTED]");
	/* A UTF-8 character split across two B words. */
	ck_assert_str_eq(decode2047("=?utf-8?B?4oA=?= =?utf-8?B?iw==?="), "\xe2\x80\x8b");
	/* Text around words keeps its spaces. */
	ck_assert_str_eq(decode2047("a =?utf-8?q?b?= c"), "a b c");
	/* Other charsets, Q underscores, language suffix. */
	ck_assert_str_eq(decode2047("=?iso-8859-1?q?caf=E9_au_lait?="), "caf\xc3\xa9 au lait");
	ck_assert_str_eq(decode2047("=?utf-8*en?q?hi?="), "hi");
	ck_assert_str_eq(decode2047("=?koi8-r?b?9MXT1A==?="), "\xd0\xa2\xd0\xb5\xd1\x81\xd1\x82");
	/* UTF-16 without a BOM, little-endian as mail clients read it. */
	ck_assert_str_eq(decode2047("=?utf-16?b?WwBTAF0A?="), "[S]");
	/* Invalid words are kept as written. */
	ck_assert_str_eq(decode2047("=?utf-8?x?abc?="), "=?utf-8?x?abc?=");
	ck_assert_str_eq(decode2047("=?utf-8?q?no end"), "=?utf-8?q?no end");
	/* Inside a word, as clients accept. */
	ck_assert_str_eq(decode2047("x=?utf-8?q?[SEEMAIL]?=y"), "x[SEEMAIL]y");
	/* Raw 8-bit: UTF-8 kept, other bytes read as cp1252. */
	ck_assert_str_eq(decode2047("caf\xe9"), "caf\xc3\xa9");
}
END_TEST

static const char *param(const char *params, const char *name)
{
	static struct buf b;
	struct span sp = { params, strlen(params) };
	buf_free(&b);
	if (!mime_param(sp, name, &b))
		return NULL;
	return b.p ? b.p : "";
}

START_TEST(rfc2231_params)
{
	ck_assert_str_eq(param(" name=\"a b.docx\"", "name"), "a b.docx");
	ck_assert_str_eq(param("; filename*=utf-8''%5BSECRET%5D%20plan.docx", "filename"), "[SECRET] plan.docx");
	ck_assert_str_eq(param("; filename*0*=utf-8''P%C5%AB; filename*1=\"rongo.pdf\"", "filename"),
	    "P\xc5\xabrongo.pdf");
	/* Sections out of order. */
	ck_assert_str_eq(param("; f*1=b; f*0=a; f*2=c", "f"), "abc");
	/* The extended form wins over the plain one. */
	ck_assert_str_eq(param("; name=old.txt; name*=us-ascii'en'new.txt", "name"), "new.txt");
	/* RFC 2047 inside quotes, as clients accept. */
	ck_assert_str_eq(param("; name=\"=?utf-8?B?W1NFQ1JFVF0udHh0?=\"", "name"), "[SECRET].txt");
	/* Unquoted with spaces; escapes in quotes; comments. */
	ck_assert_str_eq(param("; name=my file.txt ; x=1", "name"), "my file.txt");
	ck_assert_str_eq(param("; name=\"a\\\"b\"", "name"), "a\"b");
	ck_assert_str_eq(param(" (comment) ; charset=(c) utf-8", "charset"), "utf-8");
	ck_assert_ptr_null(param("; x=1", "name"));
}
END_TEST

START_TEST(content_types)
{
	struct ctype ct;
	ctype_parse(" Text/HTML ; charset=utf-8", 25, &ct);
	ck_assert_str_eq(ct.type, "text");
	ck_assert_str_eq(ct.subtype, "html");
	ctype_parse("text", 4, &ct);
	ck_assert_str_eq(ct.subtype, "plain");
	ctype_parse("multipart;boundary=x", 20, &ct);
	ck_assert_str_eq(ct.subtype, "mixed");
}
END_TEST

START_TEST(headers_fold_and_split)
{
	const char *m = "From x\nSubject: a\n b\nX: 1\n\nbody\n";
	struct span h, b, v;
	ck_assert_uint_eq(mime_split(m, strlen(m), &h, &b), 2);
	ck_assert_str_eq(b.p, "body\n");
	ck_assert(hdr_find(h, "subject", &v));
	struct buf u = BUF_INIT_MAX(0);
	hdr_unfold(v.p, v.n, &u);
	ck_assert_str_eq(u.p, " a b");
	buf_free(&u);
	/* A line that is not a field ends the header without a blank line. */
	const char *m2 = "Subject: x\r\nthis is body\r\n";
	ck_assert_uint_eq(mime_split(m2, strlen(m2), &h, &b), 1);
	ck_assert(strncmp(b.p, "this is body", 12) == 0);
	/* No header at all. */
	ck_assert_uint_eq(mime_split("hello\n", 6, &h, &b), 0);
}
END_TEST

static int parts(const char *body, const char *bnd, struct span *out, int max)
{
	struct mp_iter it;
	struct span b = { body, strlen(body) }, p;
	int n = 0;
	mp_init(&it, b, bnd, strlen(bnd));
	while (n < max && mp_next(&it, &p))
		out[n++] = p;
	return n;
}

START_TEST(multipart_bodies)
{
	struct span p[4];
	ck_assert_int_eq(parts("pre\r\n--b\r\n\r\none\r\n--b  \r\n\r\ntwo\r\n--b--\r\nepi", "b", p, 4), 2);
	ck_assert(p[0].n == 5 && memcmp(p[0].p, "\r\none", 5) == 0);
	ck_assert(p[1].n == 5 && memcmp(p[1].p, "\r\ntwo", 5) == 0);
	/* A longer boundary sharing the prefix is not a delimiter. */
	ck_assert_int_eq(parts("--b\n\nx\n--bb\n\ny\n--b--\n", "b", p, 4), 1);
	ck_assert(memcmp(p[0].p, "\nx\n--bb\n\ny", p[0].n) == 0);
	/* No closing delimiter: the last part runs to the end. */
	ck_assert_int_eq(parts("--b\n\nx\n--b\n\ny", "b", p, 4), 2);
	ck_assert(memcmp(p[1].p, "\ny", 2) == 0);
	/* Not at a line start: not a delimiter. */
	ck_assert_int_eq(parts("x--b\n", "b", p, 4), 0);
	/* "--b--junk" is read as a delimiter that does not close: a reader
	 * that takes it for text shows the parts after it. */
	ck_assert_int_eq(parts("--b\n\none\n--b--x\n\ntwo\n--b--\n", "b", p, 4), 2);
	ck_assert(memcmp(p[1].p, "\ntwo", 4) == 0);
}
END_TEST

START_TEST(encode_is_safe)
{
	struct buf b = BUF_INIT_MAX(0);
	rfc2047_encode("hi\r\nBcc: evil@x", 15, 9, "\n", &b);
	ck_assert_ptr_null(strstr(b.p, "\nBcc"));
	ck_assert_ptr_nonnull(strstr(b.p, "=?UTF-8?B?"));
	struct buf d = BUF_INIT_MAX(0), u = BUF_INIT_MAX(0);
	hdr_unfold(b.p, b.len, &u);
	rfc2047_decode(u.p, u.len, &d);
	ck_assert_str_eq(d.p, "hi  Bcc: evil@x");
	buf_free(&b);
	buf_free(&d);
	buf_free(&u);
	/* Long non-ASCII text folds into lines of at most 78. */
	struct buf l = BUF_INIT_MAX(0);
	char s[400];
	for (int i = 0; i < 399; i += 2) { s[i] = '\xc5'; s[i + 1] = '\xab'; }
	s[398] = 0;
	rfc2047_encode(s, strlen(s), 9, "\n", &l);
	for (char *line = l.p; line && *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		ck_assert_uint_le(len + (line == l.p ? 9 : 0), 78);
		line = nl ? nl + 1 : NULL;
	}
	buf_free(&l);
	/* A long ASCII run with no space is encoded, so it can fold. */
	struct buf r = BUF_INIT_MAX(0);
	char run[300];
	memset(run, 'x', sizeof run - 1);
	run[299] = 0;
	rfc2047_encode(run, strlen(run), 9, "\n", &r);
	for (char *line = r.p; line && *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		ck_assert_uint_le(len, 78);
		line = nl ? nl + 1 : NULL;
	}
	buf_free(&r);
}
END_TEST

static Suite *header_suite(void)
{
	Suite *s = suite_create("header");
	TCase *t = tcase_create("core");
	tcase_add_test(t, rfc2047_words);
	tcase_add_test(t, rfc2231_params);
	tcase_add_test(t, content_types);
	tcase_add_test(t, headers_fold_and_split);
	tcase_add_test(t, multipart_bodies);
	tcase_add_test(t, encode_is_safe);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(header_suite)
