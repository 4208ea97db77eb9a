/* test_text.c: charsets, HTML and the small text formats, as streams. */
#include <stdio.h>
#include <string.h>

#include "charset.h"
#include "check_main.h"
#include "css.h"
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

/* The text aside of the last html() call, and whether it nested too deep. */
static const char *aside;
static int too_deep;

/* Runs in through the HTML stage in chunks; returns the flow. */
static const char *html(const char *in, size_t chunk)
{
	static struct collect c, a;
	struct html_sink h;
	buf_free(&c.b);
	buf_free(&a.b);
	collect_init(&c);
	collect_init(&a);
	html_sink_init(&h, &c.base, &a.base);
	through(&h.base, &c, in, strlen(in), chunk);
	ck_assert(a.ended);
	aside = a.b.p ? a.b.p : "";
	too_deep = h.too_deep;
	return c.b.p ? c.b.p : "";
}

/* The flow and the text aside of in, the same in chunks of 1 to 7 bytes. */
#define HTML(in, want_flow, want_aside)                                         \
	do {                                                                    \
		for (size_t ch_ = 1; ch_ < 8; ch_++) {                          \
			ck_assert_str_eq(html(in, ch_), want_flow);             \
			ck_assert_str_eq(aside, want_aside);                    \
		}                                                               \
	} while (0)

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
		ck_assert_str_eq(aside, "");
	}
	/* alt and title values are text a reader sees (a blocked image, a
	 * tooltip), but not in the flow: an image inside a term is no
	 * break in it. */
	HTML("a<img src=x alt=\"[RESTR&#73;CTED]\">b", "ab", "\n[RESTRICTED]\n");
	HTML("[RESTR<img src=x alt=zz width=1 height=1>ICTED]", "[RESTRICTED]", "\nzz\n");
	HTML("<img ALT = '[SECRET]' >", "", "\n[SECRET]\n");
	HTML("<img alt=[SEC=SECRET]>x", "x", "\n[SEC=SECRET]\n");
	HTML("<span title=\"t&amp;t\">x</span>", "x", "\nt&t\n");
	HTML("<a href=\"[SECRET]\" data-alt=\"[SECRET]\" alternate=y>z</a>", "z", "");
	HTML("<script alt=\"[SECRET]\">q</script alt=\"[SECRET]\">", "", "");
	HTML("<img alt=\"a&lt\">", "", "\na<\n");
	HTML("<img/alt=x>", "", "\nx\n");
}
END_TEST

START_TEST(html_numeric_references_need_no_semicolon)
{
	/* HTML5: the digits end at the first non-digit; the ';' is optional. */
	HTML("&#91RESTRICTED&#93", "[RESTRICTED]", "");
	HTML("&#x5bSEC=SECRET&#X5D.", "[SEC=SECRET].", "");
	HTML("&#65&#66;C&#x44 E", "ABCD E", "");
	HTML("&#0000000000000000000000000000000000000000000000000091x", "[x", "");
	HTML("&#x41BC&#x80&#1114112", "\xe4\x86\xbc\xe2\x82\xac\xef\xbf\xbd", "");
	/* No digit: the text as written, the next byte read again. */
	HTML("&#;&#x;&#xg&#X&&#", "&#;&#x;&#xg&#X&&#", "");
	HTML("<img alt=\"&#91SECRET&#x5d\">", "", "\n[SECRET]\n");
}
END_TEST

START_TEST(html_legacy_references_in_attributes)
{
	/* In text, the longest legacy name, ';' or not. */
	HTML("&notit; &amp=1 &copy2 &lsqbx", "\xc2\xacit; &=1 \xc2\xa9" "2 &lsqbx", "");
	/* In a value, not before a letter, a digit or '=' (HTML5 13.2.5.73). */
	HTML("<img alt=\"&notit; &amp=1 &copy2 &amp; &copy &lt.\">", "",
	    "\n&notit; &amp=1 &copy2 & \xc2\xa9 <.\n");
	HTML("<img alt=&amp>", "", "\n&\n");
}
END_TEST

START_TEST(html_hidden_text_goes_aside)
{
	static const char *const hiding[] = {
		"display:none;mso-hide:all", "DISPLAY : NONE !important", "display:none!important",
		"font-size:0", "font-size: 0px", "font-size:0.0em", "font:0/0 a",
		"visibility:hidden", "visibility:collapse", "mso-hide:all", "opacity:0",
		"opacity:0%", "opacity:-1", "color:red;opacity:.0", "display:/* x */none",
		"display&colon;none", "display:&#110;one", "display:\\6e one", "disp\\lay:none",
		"font-size:0;font-size:1px!important;font-size:0 !important",
	};
	char in[200];

	for (size_t i = 0; i < sizeof hiding / sizeof hiding[0]; i++) {
		snprintf(in, sizeof in, "[RESTR<span style=\"%s\">zzz</span>ICTED]", hiding[i]);
		HTML(in, "[RESTRICTED]", "zzz");
	}
	HTML("[SEC=<b hidden>zz</b>SECRET]", "[SEC=SECRET]", "zz");
	HTML("[SEC=<b HIDDEN=hidden class=x>zz</b>SECRET]", "[SEC=SECRET]", "zz");
	/* Descendants, void elements and block breaks inside are hidden too:
	 * a hidden block breaks no line. */
	HTML("a<span style=display:none>b<i>c</i><br>d<img alt=e>f</span>g", "ag", "bc\nd\ne\nf");
	HTML("a<div style=\"display:none\">b</div>c", "ac", "\nb\n");
	HTML("a<br hidden>b<img hidden src=x>c", "abc", "\n");
	/* A term in hidden text is found there. */
	HTML("Hi<span hidden>[SECRET]</span> you", "Hi you", "[SECRET]");
	/* Unclosed: hidden to the end, as in a browser. */
	HTML("a<span hidden>b", "a", "b");
	/* "/>" does not close a <span> in HTML. */
	HTML("a<span hidden/>b", "a", "b");
}
END_TEST

START_TEST(html_outlook_conditional_sections_go_aside)
{
	/* Outlook shows "<!--[if mso]>" sections; other clients show the
	 * "<!--[if !mso]><!-->" ones: both are read, apart from the flow. */
	HTML("a<!--[if mso]><b>[SECRET]</b><![endif]-->b", "ab", "[SECRET]");
	HTML("[RESTR<!--[if !mso]><!-->zz<!--<![endif]-->ICTED]", "[RESTRICTED]", "zz");
	HTML("a<!--[IF gte mso 9]>x<![ENDIF]-->b<!--[if mso]>y<![endif]-->c", "abc", "xy");
	/* A plain comment is still nobody's text; an unclosed section runs
	 * to the end. */
	HTML("a<!-- [TOP SECRET] -->b", "ab", "");
	HTML("a<!--[if mso]>b", "a", "b");
}
END_TEST

START_TEST(html_shown_text_stays_in_the_flow)
{
	/* None of these hides: the style does not parse, or says otherwise. */
	static const char *const showing[] = {
		"display:inline", "display:block", "font-size:10px", "font-size:0.5em",
		"opacity:0.5", "opacity:0px", "x-display:none", "display-x:none",
		"font-family:'a;display:none'", "font-family:\"a\\\";display:none\"",
		"background:url(x;display:none)", "x:{;display:none}",
		"visibility:hidden;visibility:visible", "display:none;display:inline",
		"display:none\\21 important;", "font-size:\\30", "font-size:12",
		"font-size:-0.0 0", "font:0", "font:bold 0/0", "0/**/px", "font-size:0/**/px",
		"dis/**/play:none", "display\\:none", "display:none\\;", "display:nonex",
		"display:none none", "visibility:hiddenx", "mso-hide:allx", "display:'none'",
		"display:none!importantx", "display:none!x important",
	};
	char in[200];

	for (size_t i = 0; i < sizeof showing / sizeof showing[0]; i++) {
		snprintf(in, sizeof in, "[RESTR<span style=\"%s\">zzz</span>ICTED]", showing[i]);
		HTML(in, "[RESTRzzzICTED]", "");
	}
	/* Of two style attributes HTML reads the first; the end tag's do
	 * not count. */
	HTML("a<span style=color:red style=display:none>b</span>c", "abc", "");
	HTML("a<span>b</span style=display:none>c", "abc", "");
	/* A display overrides the hidden attribute; an invalid one does not. */
	HTML("a<span hidden style=\"display:inline\">b</span>c", "abc", "");
	HTML("a<span hidden style=\"display:inline flow-root\">b</span>c", "abc", "");
	HTML("a<span hidden style=\"display:inline block\">b</span>c", "ac", "b");
	HTML("a<span hidden style=\"display:revert\">b</span>c", "ac", "b");
	/* Descendants show again what visibility, font size and mso-hide
	 * hid, but not what display or opacity did. */
	HTML("a<i style=visibility:hidden>b<b style=visibility:visible>c</b>d</i>e", "ace", "bd");
	HTML("a<i style=font-size:0>b<b style=font-size:12pt>c</b><b style=font-size:2em>d</b>"
	    "<font size=3>e</font><font size=x>f</font></i>g", "aceg", "bdf");
	HTML("a<i style=mso-hide:all>b<b style=mso-hide:none>c</b>d</i>e", "ace", "bd");
	HTML("a<i style=display:none>b<b style=display:inline>c</b></i>d", "ad", "bc");
	HTML("a<i style=opacity:0>b<b style=opacity:1>c</b></i>d", "ad", "bc");
}
END_TEST

START_TEST(html_hidden_elements_end_where_html_ends_them)
{
	/* An end tag closes what was opened inside its element. */
	HTML("<font><span hidden>x</font>[RESTR<i hidden>z</i>ICTED]", "[RESTRICTED]", "xz");
	HTML("<span hidden>x<b>y</span>z", "z", "xy");
	/* An unknown element's end tag stops at a special one ("<div>"), as
	 * in HTML: the text after it is still hidden. */
	HTML("<span hidden>x<button>y</span>z</button>w</span>v", "v", "xyzw");
	/* An end tag with nothing to close is ignored. */
	HTML("<span hidden>x</b></i>y</span>z", "z", "xy");
	/* Start tags that end an open element: <p>, <li>, cells, rows. */
	HTML("<p hidden>x<p>[SEC=<span hidden>z</span>SECRET]", "\n[SEC=SECRET]", "\nxz");
	HTML("<p hidden>x<div>y</div>", "\ny\n", "\nx");
	HTML("<ul><li hidden>x<li>y</ul>z", "\n\ny\nz", "\nx");
	HTML("<table><tr><td hidden>x<td>y<tr><td>z</table>", "\n\n\ny\n\nz\n", "\nx");
	HTML("<dl><dt hidden>x<dd>y</dl>", "\n\ny\n", "\nx");
	HTML("<select><option hidden>x<option>y</select>", "y", "x");
	HTML("<h1 hidden>x<h2>y</h2>", "\ny\n", "\nx");
	HTML("<a hidden>x<a>y</a>", "y", "x");
}
END_TEST

START_TEST(html_nesting_past_the_stack)
{
	char in[HTML_DEPTH * 6 + 200];
	size_t n = 0;

	for (int i = 0; i < HTML_DEPTH + 10; i++)
		n += (size_t)snprintf(in + n, sizeof in - n, "<b>");
	snprintf(in + n, sizeof in - n, "[RESTRICTED]");
	ck_assert_str_eq(html(in, 64), "[RESTRICTED]");
	ck_assert(!too_deep);
	snprintf(in + n, sizeof in - n, "[RESTR<i hidden>z</i>ICTED]");
	html(in, 64);
	ck_assert(too_deep);
	/* As deep as the stack goes: nothing is lost. */
	n = 0;
	for (int i = 0; i < HTML_DEPTH - 1; i++)
		n += (size_t)snprintf(in + n, sizeof in - n, "<%s>", i % 2 ? "b" : "i");
	snprintf(in + n, sizeof in - n, "[RESTR<i hidden>z</i>ICTED]");
	ck_assert_str_eq(html(in, 64), "[RESTRICTED]");
	ck_assert(!too_deep);
}
END_TEST

/* The effect of style on property prop. */
static int css_effect(const char *style, int prop)
{
	struct css c;

	css_init(&c);
	css_put(&c, style, strlen(style));
	css_end(&c);
	return c.effect[prop];
}

START_TEST(css_declarations)
{
	ck_assert_int_eq(css_effect("display:none", CSS_DISPLAY), CSS_HIDE);
	ck_assert_int_eq(css_effect("display:none !important;display:block", CSS_DISPLAY), CSS_HIDE);
	ck_assert_int_eq(css_effect("display:none;display:block", CSS_DISPLAY), CSS_SHOW);
	ck_assert_int_eq(css_effect("display:none;display:bogus", CSS_DISPLAY), CSS_HIDE);
	ck_assert_int_eq(css_effect("display:inherit", CSS_DISPLAY), CSS_SHOW);
	ck_assert_int_eq(css_effect("visibility:hidden;visibility:inherit", CSS_VISIBILITY), CSS_KEEP);
	ck_assert_int_eq(css_effect("font-size:0;font:12px a", CSS_FONT_SIZE), CSS_SHOW);
	ck_assert_int_eq(css_effect("font:italic bold 0/1.2 \"A B\", serif", CSS_FONT_SIZE), CSS_HIDE);
	ck_assert_int_eq(css_effect("font:700 1.5em a", CSS_FONT_SIZE), CSS_KEEP);
	ck_assert_int_eq(css_effect("font-size:0 !important;font:12px a", CSS_FONT_SIZE), CSS_HIDE);
	ck_assert_int_eq(css_effect("font-size:1e-3px", CSS_FONT_SIZE), CSS_SHOW);
	ck_assert_int_eq(css_effect("font-size:0e5", CSS_FONT_SIZE), CSS_HIDE);
	ck_assert_int_eq(css_effect("font-size:1rem", CSS_FONT_SIZE), CSS_SHOW);
	ck_assert_int_eq(css_effect("font-size:50%", CSS_FONT_SIZE), CSS_KEEP);
	/* A long value is read only as far as CSS_VALUE_MAX: no keyword. */
	ck_assert_int_eq(css_effect("display:none                                        "
	    "                                                                            "
	    "/* a comment */ !important", CSS_DISPLAY), CSS_HIDE);
	ck_assert_int_eq(css_effect("display:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxnone",
	    CSS_DISPLAY), CSS_KEEP);
	/* Unfinished at the end: a declaration, a comment, an escape. */
	ck_assert_int_eq(css_effect("mso-hide:all", CSS_MSO_HIDE), CSS_HIDE);
	ck_assert_int_eq(css_effect("opacity:0/*", CSS_OPACITY), CSS_HIDE);
	ck_assert_int_eq(css_effect("display:non\\65", CSS_DISPLAY), CSS_HIDE);
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
	tcase_add_test(t, html_numeric_references_need_no_semicolon);
	tcase_add_test(t, html_legacy_references_in_attributes);
	tcase_add_test(t, html_hidden_text_goes_aside);
	tcase_add_test(t, html_outlook_conditional_sections_go_aside);
	tcase_add_test(t, html_shown_text_stays_in_the_flow);
	tcase_add_test(t, html_hidden_elements_end_where_html_ends_them);
	tcase_add_test(t, html_nesting_past_the_stack);
	tcase_add_test(t, css_declarations);
	tcase_add_test(t, small_formats);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(text_suite)
