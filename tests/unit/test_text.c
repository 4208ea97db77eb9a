/* test_text.c: charsets, HTML and the small text formats, as streams. */
#include <string.h>

#include "charset.h"
#include "check_main.h"
#include "html.h"
#include "textfmt.h"

struct collect {
	struct sink base;
	struct buf b;
	int ended;
};

static void c_put(struct sink *s, const char *p, size_t n) { buf_put(&((struct collect *)s)->b, p, n); }
static void c_end(struct sink *s) { ((struct collect *)s)->ended = 1; }

static void collect_init(struct collect *c)
{
	memset(c, 0, sizeof *c);
	c->base.put = c_put;
	c->base.end = c_end;
}

/* Runs in through a stage in chunks of size chunk; returns its output. */
static const char *through(struct sink *stage, struct collect *c, const char *in, size_t n, size_t chunk)
{
	for (size_t i = 0; i < n; i += chunk)
		sink_put(stage, in + i, n - i < chunk ? n - i : chunk);
	sink_end(stage);
	ck_assert(c->ended);
	return c->b.p ? c->b.p : "";
}

static const char *conv(const char *label, const char *in, size_t n, size_t chunk)
{
	static struct collect c;
	struct charset_sink cs;
	buf_free(&c.b);
	collect_init(&c);
	charset_sink_init(&cs, label, label ? strlen(label) : 0, &c.base);
	through(&cs.base, &c, in, n, chunk);
	charset_sink_fini(&cs);
	return c.b.p ? c.b.p : "";
}

START_TEST(charsets)
{
	for (size_t ch = 1; ch < 6; ch++) {
		ck_assert_str_eq(conv("iso-8859-1", "caf\xe9", 4, ch), "caf\xc3\xa9");
		ck_assert_str_eq(conv("windows-1252", "\x93q\x94", 3, ch), "\xe2\x80\x9cq\xe2\x80\x9d");
		/* Windows' names for UTF-7 and EBCDIC International. */
		ck_assert_str_eq(conv("unicode-1-1-utf-7", "+AFs-R+AF0-", 11, ch), "[R]");
		ck_assert_str_eq(conv("x-unicode-2-0-utf-7", "+AFs-R+AF0-", 11, ch), "[R]");
		ck_assert_str_eq(conv("x-ebcdic-international", "\x4a\xd9\x5a", 3, ch), "[R]");
		/* UTF-16 both orders, with BOM, without, and guessed. */
		ck_assert_str_eq(conv("utf-16le", "[\0S\0]\0", 6, ch), "[S]");
		ck_assert_str_eq(conv("utf-16", "\xfe\xff\0[\0S\0]", 8, ch), "[S]");
		ck_assert_str_eq(conv(NULL, "\xff\xfe[\0S\0]\0", 8, ch), "[S]");
		ck_assert_str_eq(conv(NULL, "[\0S\0E\0C\0R\0E\0T\0]\0", 16, ch), "[SECRET]");
		ck_assert_str_eq(conv("utf-32le", "[\0\0\0S\0\0\0", 8, ch), "[S");
		/* "utf-16" without a BOM: the side its zero bytes are on, and
		 * little-endian (as Outlook and Thunderbird read it) without
		 * any; explicit byte orders stay as labelled. */
		ck_assert_str_eq(conv("utf-16", "[\0S\0]\0", 6, ch), "[S]");
		ck_assert_str_eq(conv("UTF-16", "\0[\0S\0]", 6, ch), "[S]");
		ck_assert_str_eq(conv("utf-16", "\x16\x4e", 2, ch), "\xe4\xb8\x96");
		ck_assert_str_eq(conv("utf-16be", "[\0S\0", 4, ch), "\xe5\xac\x80\xe5\x8c\x80");
		/* A surrogate pair split across chunks. */
		ck_assert_str_eq(conv("utf-16le", "\x3d\xd8\x00\xde", 4, ch), "\xf0\x9f\x98\x80");
		/* iconv, and invalid bytes kept as cp1252. */
		ck_assert_str_eq(conv("koi8-r", "\xf4\xc5\xd3\xd4", 4, ch), "\xd0\xa2\xd0\xb5\xd1\x81\xd1\x82");
		ck_assert_str_eq(conv("shift_jis", "\x82\xa0", 2, ch), "\xe3\x81\x82");
		ck_assert_str_eq(conv("shift_jis", "a\xff" "b", 3, ch), "a\xc3\xbf" "b");
		/* Unknown charsets are guessed, never dropped. */
		ck_assert_str_eq(conv("x-no-such-charset", "[SECRET]", 8, ch), "[SECRET]");
	}
	ck_assert(charset_is_utf8("\"UTF-8\"", 7));
	ck_assert(charset_is_utf8("us-ascii", 8));
	ck_assert(!charset_is_utf8("latin1", 6));
}
END_TEST

static const char *html(const char *in, size_t chunk)
{
	static struct collect c;
	struct html_sink h;
	buf_free(&c.b);
	collect_init(&c);
	html_sink_init(&h, &c.base);
	return through(&h.base, &c, in, strlen(in), chunk);
}

START_TEST(html_to_text)
{
	for (size_t ch = 1; ch < 8; ch++) {
		ck_assert_str_eq(html("[RESTR<b class=\"x>y\">ICT</b>ED]", ch), "[RESTRICTED]");
		ck_assert_str_eq(html("&#91;SECRET&#x5D; &lsqb;X&rsqb;", ch), "[SECRET] [X]");
		ck_assert_str_eq(html("a&nbsp;b &amp; &notanentity; &copy", ch),
		    "a\xc2\xa0" "b & \xc2\xac" "anentity; \xc2\xa9");
		ck_assert_str_eq(html("x<script>var a='[SECRET]';</script >y", ch), "xy");
		ck_assert_str_eq(html("x<style>p{}</style>y<!-- [SECRET] -->z", ch), "xyz");
		ck_assert_str_eq(html("a<br>b<p>c", ch), "a\nb\nc");
		ck_assert_str_eq(html("[RESTR<!-- x -->ICTED]", ch), "[RESTRICTED]");
		ck_assert_str_eq(html("1 < 2 and 3<>4", ch), "1 < 2 and 3<>4");
		ck_assert_str_eq(html("&#x110000;&#0;&#150;", ch), "\xef\xbf\xbd\xef\xbf\xbd\xe2\x80\x93");
		ck_assert_str_eq(html("<!---->a<!-->b", ch), "ab");
		ck_assert_str_eq(html("<SCRIPT>x</script>y<scriptx>z", ch), "yz");
		/* alt and title values are shown text (a blocked image, a tooltip) */
		ck_assert_str_eq(html("a<img src=x alt=\"[RESTR&#73;CTED]\">b", ch), "a\n[RESTRICTED]\nb");
		ck_assert_str_eq(html("<img ALT = '[SECRET]' >", ch), "\n[SECRET]\n");
		ck_assert_str_eq(html("<img alt=[SEC=SECRET]>x", ch), "\n[SEC=SECRET]\nx");
		ck_assert_str_eq(html("<span title=\"t&amp;t\">x</span>", ch), "\nt&t\nx");
		ck_assert_str_eq(html("<a href=\"[SECRET]\" data-alt=\"[SECRET]\" alternate=y>z</a>", ch), "z");
		ck_assert_str_eq(html("<script alt=\"[SECRET]\">q</script alt=\"[SECRET]\">", ch), "");
		ck_assert_str_eq(html("<img alt=\"a&lt\">", ch), "\na<\n");
	}
}
END_TEST

static const char *fmt(enum textfmt f, const char *in, size_t chunk)
{
	static struct collect c;
	struct textfmt_sink t;
	buf_free(&c.b);
	collect_init(&c);
	textfmt_sink_init(&t, f, &c.base);
	return through(&t.base, &c, in, strlen(in), chunk);
}

START_TEST(small_formats)
{
	for (size_t ch = 1; ch < 5; ch++) {
		ck_assert_str_eq(fmt(TF_ENRICHED, "<bold>[RESTR</bold>ICTED] <<x", ch), "[RESTRICTED] <x");
		ck_assert_str_eq(fmt(TF_ENRICHED, "<color><param>red</param>hi</color>", ch), "hi");
		ck_assert_str_eq(fmt(TF_CALENDAR, "SUMMARY:[RESTR\r\n ICTED]\\, x\\nY\r\nX:1", ch),
		    "SUMMARY:[RESTRICTED], x\nY\nX:1");
		ck_assert_str_eq(fmt(TF_FLOWED_DELSP, "[RESTRIC \r\nTED]\r\n", ch), "[RESTRICTED]\r\n");
		ck_assert_str_eq(fmt(TF_FLOWED, "a \nb\n> c\n", ch), "a b\nc\n");
	}
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *t = tcase_create("core");
	tcase_add_test(t, charsets);
	tcase_add_test(t, html_to_text);
	tcase_add_test(t, small_formats);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(text_suite)
