/* test_codec.c: base64, quoted-printable, uuencode, and their leniencies. */
#include <string.h>

#include "check_main.h"
#include "codec.h"
#include "uuinline.h"

static char *dec(enum cte e, const char *in)
{
	static struct buf b;
	buf_free(&b);
	cte_decode_buf(e, in, strlen(in), &b);
	ck_assert_int_eq(b.err, 0);
	return b.p ? b.p : (char *)"";
}

START_TEST(base64_plain_and_lines)
{
	ck_assert_str_eq(dec(CTE_BASE64, "W1JFU1RSSUNURURd"), "[RESTRICTED]");
	ck_assert_str_eq(dec(CTE_BASE64, "W1JF\r\nU1RS\nSUNU\r\nRURd\r\n"), "[RESTRICTED]");
	/* Unpadded, padded, junk characters skipped. */
	ck_assert_str_eq(dec(CTE_BASE64, "YWI"), "ab");
	ck_assert_str_eq(dec(CTE_BASE64, "YWI="), "ab");
	ck_assert_str_eq(dec(CTE_BASE64, "Y*W!I="), "ab");
	/* Concatenated blocks: padding then more data. */
	ck_assert_str_eq(dec(CTE_BASE64, "YQ==YWI="), "aab");
}
END_TEST

START_TEST(base64_large_crosses_chunks)
{
	struct buf in = BUF_INIT_MAX(0), out = BUF_INIT_MAX(0);
	for (int i = 0; i < 20000; i++)
		buf_puts(&in, "QUJD");          /* ABC */
	cte_decode_buf(CTE_BASE64, in.p, in.len, &out);
	ck_assert_uint_eq(out.len, 60000);
	ck_assert(memcmp(out.p + 59997, "ABC", 3) == 0);
	buf_free(&in);
	buf_free(&out);
}
END_TEST

START_TEST(qp_soft_breaks_and_escapes)
{
	ck_assert_str_eq(dec(CTE_QP, "[RESTR=\r\nICTED]"), "[RESTRICTED]");
	ck_assert_str_eq(dec(CTE_QP, "[RESTR=\nICTED]"), "[RESTRICTED]");
	ck_assert_str_eq(dec(CTE_QP, "=5BSECRET=5d"), "[SECRET]");
	/* A soft break with trailing white space, an invalid escape kept. */
	ck_assert_str_eq(dec(CTE_QP, "a=  \r\nb =ZZ"), "ab =ZZ");
	ck_assert_str_eq(dec(CTE_QP, "end="), "end");
}
END_TEST

START_TEST(uuencode)
{
	/* "[SEEMAIL]" uuencoded. */
	ck_assert_str_eq(dec(CTE_UUENCODE, "begin 644 x.txt\n)6U-%14U!24Q=\n`\nend\n"), "[SEEMAIL]");
}
END_TEST

START_TEST(uuencoded_blocks_in_text)
{
	const char *t = "Hi,\nbegin 644 a.txt\n)6U-%14U!24Q=\n`\nend\nmore text\n"
	    "begin 0600   b c.txt\r\nM\r\nend\r\nbegin 64 no\nbegin 644\nbegin 777 last";
	size_t pos = 0, n = strlen(t);
	struct span b;
	char name[8];

	ck_assert(uu_next(t, n, &pos, &b, name, sizeof name));
	ck_assert_str_eq(name, "a.txt");
	ck_assert(b.p == strstr(t, "begin 644"));
	ck_assert(memcmp(b.p + b.n - 4, "end\n", 4) == 0);
	ck_assert_str_eq(dec(CTE_UUENCODE, "begin 644 a.txt\n)6U-%14U!24Q=\n`\nend\n"), "[SEEMAIL]");
	/* Four octal digits, CRLF, a name with a space, cut to fit. */
	ck_assert(uu_next(t, n, &pos, &b, name, sizeof name));
	ck_assert_str_eq(name, "b c.txt");
	/* Two digits, no name: not begin lines; one without "end" runs on. */
	ck_assert(uu_next(t, n, &pos, &b, name, sizeof name));
	ck_assert_str_eq(name, "last");
	ck_assert(b.p + b.n == t + n);
	ck_assert(!uu_next(t, n, &pos, &b, name, sizeof name));
	/* Only at a line start. */
	pos = 0;
	ck_assert(!uu_next("x begin 644 a\n", 14, &pos, &b, name, sizeof name));
}
END_TEST

static size_t passed;
static void count_put(struct sink *s, const char *p, size_t n) { (void)s; (void)p; passed += n; }
static void count_end(struct sink *s) { (void)s; }

/* Whether uu_watch sees a "begin " line in t fed in chunks of k bytes. */
static int watch_sees(const char *t, size_t k)
{
	struct sink next = { count_put, count_end };
	struct uu_watch w;
	size_t n = strlen(t);

	passed = 0;
	uu_watch_init(&w, &next);
	for (size_t i = 0; i < n; i += k)
		sink_put(&w.base, t + i, n - i < k ? n - i : k);
	sink_end(&w.base);
	ck_assert_uint_eq(passed, n);
	return w.found;
}

START_TEST(uu_watch_sees_begin_lines_across_chunks)
{
	for (size_t k = 1; k <= 9; k++) {
		ck_assert(watch_sees("begin 644 a\n", k));
		ck_assert(watch_sees("text\r\nmore\nbegin 600 x", k));
		ck_assert(!watch_sees("text begin 644 a\n", k));
		ck_assert(!watch_sees("a\nbegin\n\nbegi", k));
		ck_assert(!watch_sees("", k));
	}
}
END_TEST

START_TEST(cte_names)
{
	ck_assert_int_eq(cte_parse(" Base64 ", 8), CTE_BASE64);
	ck_assert_int_eq(cte_parse("quoted-printable", 16), CTE_QP);
	ck_assert_int_eq(cte_parse("8bit", 4), CTE_IDENTITY);
	ck_assert_int_eq(cte_parse("", 0), CTE_IDENTITY);
	ck_assert_int_eq(cte_parse("x-gzip", 6), CTE_UNKNOWN);
}
END_TEST

static Suite *codec_suite(void)
{
	Suite *s = suite_create("codec");
	TCase *t = tcase_create("core");
	tcase_add_test(t, base64_plain_and_lines);
	tcase_add_test(t, base64_large_crosses_chunks);
	tcase_add_test(t, qp_soft_breaks_and_escapes);
	tcase_add_test(t, uuencode);
	tcase_add_test(t, uuencoded_blocks_in_text);
	tcase_add_test(t, uu_watch_sees_begin_lines_across_chunks);
	tcase_add_test(t, cte_names);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(codec_suite)
