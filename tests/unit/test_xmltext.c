/* test_xmltext.c: the XML-to-text walker on its own: what text comes out
 * (runs joined, paragraphs and other elements set apart, header/footer
 * codes removed, attributes), the same whatever the chunking, and the
 * safety rules (entities, depth, malformed input, encodings). */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check_main.h"
#include "config.h"
#include "xmltext.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define S "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define T "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""

struct capture {
	struct sink base;
	struct buf b;
	int ended;
};

static void cap_put(struct sink *s, const char *p, size_t n)
{
	buf_put(&((struct capture *)s)->b, p, n);
}

static void cap_end(struct sink *s)
{
	((struct capture *)s)->ended = 1;
}

/* The text of xml fed in pieces of chunk bytes (0: whole); *problem
 * gets the problem or "", *aside (if not NULL) the text set aside. */
static char *text_of2(const char *xml, size_t chunk, size_t depth, char *problem, size_t psz,
    char **aside)
{
	struct capture c = { { cap_put, cap_end }, BUF_INIT_MAX(0), 0 };
	struct capture a = { { cap_put, cap_end }, BUF_INIT_MAX(0), 0 };
	struct limits lim;
	size_t n = strlen(xml);

	memset(&lim, 0, sizeof lim);
	lim.xml_depth = depth;
	struct xmltext *x = xmltext_new(&c.base, &a.base, &lim, NULL);
	ck_assert_ptr_nonnull(x);
	if (chunk == 0)
		chunk = n ? n : 1;
	for (size_t i = 0; i < n; i += chunk)
		if (xmltext_feed(x, xml + i, n - i < chunk ? n - i : chunk, 0) < 0)
			break;
	xmltext_feed(x, "", 0, 1);
	xmltext_flush(x);
	snprintf(problem, psz, "%s", xmltext_problem(x) ? xmltext_problem(x) : "");
	xmltext_free(x);
	buf_putc(&a.b, '\0');
	if (aside)
		*aside = buf_take(&a.b, NULL);
	else
		buf_free(&a.b);
	buf_putc(&c.b, '\0');
	return buf_take(&c.b, NULL);
}

static char *text_of(const char *xml, size_t chunk, size_t depth, char *problem, size_t psz)
{
	return text_of2(xml, chunk, depth, problem, psz, NULL);
}

/* Separators are written before text, so the text never ends with one.
 * The text must be want whole, and the text set aside want_aside, the
 * same when fed a byte at a time or in odd pieces. */
static void expect_text2(const char *xml, const char *want, const char *want_aside)
{
	char why[200];
	size_t chunks[] = { 0, 1, 7 };
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		char *aside;
		char *got = text_of2(xml, chunks[i], 256, why, sizeof why, &aside);
		ck_assert_msg(strcmp(got, want) == 0, "chunk %zu: got \"%s\", want \"%s\"",
		    chunks[i], got, want);
		ck_assert_msg(strcmp(aside, want_aside) == 0, "chunk %zu: aside \"%s\", want \"%s\"",
		    chunks[i], aside, want_aside);
		ck_assert_str_eq(why, "");
		free(got);
		free(aside);
	}
}

static void expect_text(const char *xml, const char *want)
{
	expect_text2(xml, want, "");
}

START_TEST(word_runs_and_paragraphs)
{
	expect_text2("<w:document " W "><w:body>\n  <w:p>\n    <w:r><w:rPr><w:b/></w:rPr><w:t>[RES</w:t></w:r>\n"
	    "    <w:r><w:t>TRICTED]</w:t></w:r>\n  </w:p>\n  <w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t>"
	    "<w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t></w:r></w:p>\n"
	    "  <w:p><w:r><w:instrText> PAGE </w:instrText></w:r></w:p><w:p/><w:p><w:r><w:t xml:space=\"preserve\"> "
	    "e </w:t></w:r></w:p></w:body></w:document>",
	    "\n[RESTRICTED]\na b c-d\n e ", "\n PAGE ");
}
END_TEST

START_TEST(unknown_elements_set_apart_only_with_text)
{
	/* Text in a foreign element is set apart; a foreign element with no
	 * text (formatting) between two runs changes nothing. */
	expect_text("<r><a>one</a><b>two</b><c/>three<d> </d>four</r>", "\none\ntwo\nthree four");
	expect_text("<w:p " W " xmlns:x=\"urn:x\"><w:r><w:t>[SEC</w:t></w:r><x:glow><x:c/></x:glow>"
	    "<w:r><w:t>RET]</w:t></w:r></w:p>", "\n[SECRET]");
}
END_TEST

START_TEST(spreadsheet_text_and_codes)
{
	expect_text("<worksheet " S "><sheetData><row><c t=\"s\"><v>12</v></c><c><v>3.5</v></c>"
	    "<c t=\"inlineStr\"><is><t>in</t><r><t>line</t></r></is></c></row></sheetData>"
	    "<headerFooter><oddHeader>&amp;L&amp;\"Arial,Bold\"&amp;14[SEC&amp;BRET]&amp;RPage &amp;P of &amp;N"
	    "</oddHeader><oddFooter>&amp;C&amp;K00FF00A&amp;&amp;B&amp;X2&amp;Y</oddFooter></headerFooter>"
	    "</worksheet>",
	    "\n3.5\ninline\n[SECRET]\nPage   of \nA&B2");
	expect_text("<c:chartSpace xmlns:c=\"urn:chart\"><c:headerFooter><c:oddHeader>&amp;C[SEC&amp;B"
	    "RET]</c:oddHeader></c:headerFooter></c:chartSpace>", "\n[SECRET]");
	expect_text("<sst " S "><si><t>a</t></si><si><r><rPr><b/></rPr><t>[IN</t></r><r><t>-CONF</t></r>"
	    "<r><t>IDENCE]</t></r></si></sst>", "\na\n[IN-CONFIDENCE]");
}
END_TEST

START_TEST(opendocument_mixed_content)
{
	expect_text("<office:text xmlns:office=\"urn:o\" " T "><text:p>[SENS<text:span>ITI</text:span>VE]"
	    "<text:s/>and<text:tab/>more<text:line-break/>end</text:p><text:h>title</text:h></office:text>",
	    "\n[SENSITIVE] and more end\ntitle");
}
END_TEST

START_TEST(attributes_people_write)
{
	expect_text("<workbook " S "><sheets><sheet name=\"Costs\" sheetId=\"1\"/><sheet name=\"[SEEMAIL]\"/>"
	    "</sheets></workbook>", "\nCosts\n[SEEMAIL]");
	expect_text("<x><docPr id=\"1\" descr=\"alt text\" title=\"t\" other=\"no\"/></x>", "\nalt text\nt");
	expect_text("<w:docVar " W " w:name=\"Class\" w:val=\"[SECRET]\"/>", "\nClass\n[SECRET]");
}
END_TEST

#define WP(runs) "<w:document " W "><w:body><w:p>" runs "</w:p></w:body></w:document>"
#define RUN(t) "<w:r><w:t>" t "</w:t></w:r>"
#define HIDDEN(prop, t) "<w:r><w:rPr><w:b/>" prop "</w:rPr><w:t>" t "</w:t></w:r>"

START_TEST(word_hidden_runs_go_aside)
{
	/* The reader sees [RESTRICTED]; the hidden text is still read. */
	expect_text2(WP(RUN("[RESTR") HIDDEN("<w:vanish/>", "zzz") RUN("ICTED]")), "\n[RESTRICTED]", "\nzzz");
	expect_text2(WP(RUN("[RESTR") HIDDEN("<w:specVanish/>", "zzz") RUN("ICTED]")), "\n[RESTRICTED]",
	    "\nzzz");
	expect_text2(WP(RUN("[RESTR") HIDDEN("<w:vanish w:val=\"true\"/>", "zzz") RUN("ICTED]")),
	    "\n[RESTRICTED]", "\nzzz");
	/* Hidden pieces join each other, but not across visible text or
	 * paragraphs. */
	expect_text2(WP(HIDDEN("<w:vanish/>", "[SEC") HIDDEN("<w:vanish/>", "RET]") RUN("a")
	    HIDDEN("<w:vanish/>", "b") "</w:p><w:p>" HIDDEN("<w:vanish/>", "c")), "\na", "\n[SECRET]\nb\nc");
	/* Switched off, or in the properties of a revision or a paragraph
	 * mark: the run is seen. */
	expect_text(WP(RUN("[RESTR") HIDDEN("<w:vanish w:val=\"0\"/>", "zzz") RUN("ICTED]")),
	    "\n[RESTRzzzICTED]");
	expect_text(WP(RUN("[RESTR") HIDDEN("<w:vanish w:val=\"false\"/>", "zzz") RUN("ICTED]")),
	    "\n[RESTRzzzICTED]");
	expect_text(WP(RUN("[RESTR") HIDDEN("<w:rPrChange><w:rPr><w:vanish/></w:rPr></w:rPrChange>", "zzz")
	    RUN("ICTED]")), "\n[RESTRzzzICTED]");
	/* Field codes and ruby text are not seen in line. */
	expect_text2(WP(RUN("[RESTR") "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>"
	    " zzz </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" RUN("ICTED]")),
	    "\n[RESTRICTED]", "\n zzz ");
	expect_text2(WP(RUN("[RESTR") "<w:r><w:ruby><w:rt>" RUN("zz") "</w:rt><w:rubyBase>" RUN("ICTED]")
	    "</w:rubyBase></w:ruby></w:r>"), "\n[RESTRICTED]", "\nzz");
}
END_TEST

START_TEST(word_hidden_paragraph_mark_runs_on)
{
	expect_text("<w:body " W "><w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>" RUN("[RESTR") "</w:p>"
	    "<w:p>" RUN("ICTED]") "</w:p><w:p>" RUN("next") "</w:p></w:body>", "\n[RESTRICTED]\nnext");
	expect_text("<w:body " W "><w:p><w:pPr><w:rPr><w:vanish w:val=\"off\"/></w:rPr></w:pPr>"
	    RUN("[RESTR") "</w:p><w:p>" RUN("ICTED]") "</w:p></w:body>", "\n[RESTR\nICTED]");
	/* Not into a table. */
	expect_text("<w:body " W "><w:p><w:pPr><w:rPr><w:specVanish/></w:rPr></w:pPr>" RUN("a") "</w:p>"
	    "<w:tbl><w:tr><w:tc><w:p>" RUN("b") "</w:p></w:tc></w:tr></w:tbl></w:body>", "\na\nb");
}
END_TEST

#define ODF "<office:document-content xmlns:office=\"urn:o\" " T \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\">"

START_TEST(opendocument_hidden_text_goes_aside)
{
	/* As LibreOffice writes a hidden character format. */
	expect_text2(ODF "<office:automatic-styles><style:style style:name=\"T2\" style:family=\"text\">"
	    "<style:text-properties style:font-name=\"x\"/></style:style>"
	    "<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties text:display=\"none\"/>"
	    "</style:style><style:default-style><style:text-properties text:display=\"none\"/>"
	    "</style:default-style></office:automatic-styles><office:body><office:text>"
	    "<text:p>[RESTR<text:span text:style-name=\"T1\">zzz</text:span>ICTED]</text:p>"
	    "<text:p>[SEC<text:span text:style-name=\"T2\">R</text:span>ET]</text:p>"
	    "</office:text></office:body></office:document-content>", "\n[RESTRICTED]\n[SECRET]", "\nzzz");
	/* text:display on the element itself; ruby text. */
	expect_text2(ODF "<text:p>[RESTR<text:span text:display=\"none\">zzz</text:span>ICTED]</text:p>"
	    "<text:section text:display=\"none\"><text:p>[SECRET]</text:p></text:section>"
	    "<text:p>[IN-<text:ruby><text:ruby-base>CONFIDENCE]</text:ruby-base><text:ruby-text>zz"
	    "</text:ruby-text></text:ruby></text:p></office:document-content>",
	    "\n[RESTRICTED]\n[IN-CONFIDENCE]", "\nzzz\n[SECRET]\nzz");
}
END_TEST

/* A part with n hidden styles, named prefix and a number of width
 * digits; the last one hides a span between [SEC and RET]. */
static char *hidden_styles(int n, const char *prefix, int width, char *why, size_t wsz)
{
	struct buf b = BUF_INIT_MAX(0);
	char name[200];
	buf_puts(&b, ODF "<office:automatic-styles>");
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s%0*d", prefix, width, i);
		buf_printf(&b, "<style:style style:name=\"%s\"><style:text-properties text:display=\"none\"/>"
		    "</style:style>", name);
	}
	buf_printf(&b, "</office:automatic-styles><text:p>[SEC<text:span text:style-name=\"%s\">x</text:span>"
	    "RET]</text:p></office:document-content>", name);
	buf_putc(&b, '\0');
	char *got = text_of(b.p, 0, 256, why, wsz);
	buf_free(&b);
	return got;
}

START_TEST(opendocument_hidden_styles_are_bounded)
{
	char why[200];
	char *got = hidden_styles(512, "T", 1, why, sizeof why);
	ck_assert_str_eq(why, "");
	ck_assert_str_eq(got, "\n[SECRET]");
	free(got);
	/* Past 512 styles, or 8 KB of names, the part is stopped. */
	got = hidden_styles(513, "T", 1, why, sizeof why);
	ck_assert_str_eq(why, "more styles that hide text than can be kept");
	ck_assert_str_eq(got, "");
	free(got);
	got = hidden_styles(120, "hidden-style-with-a-long-name-", 60, why, sizeof why);
	ck_assert_str_eq(why, "more styles that hide text than can be kept");
	free(got);
}
END_TEST

START_TEST(spreadsheet_phonetic_runs_and_number_formats)
{
	/* A phonetic guide is above the string, not in it. */
	expect_text2("<sst " S "><si><r><t>[RESTR</t></r><rPh sb=\"0\" eb=\"1\"><t>zz</t></rPh><r><t>ICTED]</t>"
	    "</r></si></sst>", "\n[RESTRICTED]", "\nzz");
	/* The literal text of a number format, as a cell shows it. */
	expect_text("<styleSheet " S "><numFmts><numFmt numFmtId=\"164\" formatCode=\"&quot;[RESTRICTED]&quot;\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"&quot;[SEC&quot;\\R&quot;ET]&quot;\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"[$[SENSITIVE-409]\\]\"/>"
	    "<numFmt numFmtId=\"167\" formatCode=\"[Red]&quot;[IN-CONF&quot;[Blue]&quot;IDENCE]&quot;\"/>"
	    "<numFmt numFmtId=\"168\" formatCode=\"#,##0.00 &quot;kg&quot;;[Red]-0_)&quot;x&quot;;@\"/>"
	    "<numFmt numFmtId=\"169\" formatCode=\"General\"/></numFmts></styleSheet>",
	    "\n[RESTRICTED]\n[SECRET]\n[SENSITIVE]\n[IN-CONFIDENCE]\nkg\n- x");
	/* A value between two literals is not one word. */
	expect_text("<numFmt " S " formatCode=\"&quot;[RESTR&quot;0&quot;ICTED]&quot;\"/>", "\n[RESTR ICTED]");
}
END_TEST

START_TEST(word_watermark_is_text)
{
	expect_text("<w:hdr " W " xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:p><w:r><w:pict>"
	    "<v:shape id=\"PowerPlusWaterMarkObject1\"><v:fill opacity=\".5\"/>"
	    "<v:textpath style=\"font-family:&quot;Calibri&quot;\" string=\"[RESTRICTED]\"/></v:shape>"
	    "</w:pict></w:r></w:p></w:hdr>", "\n[RESTRICTED]");
	/* Only the string of VML's textpath. */
	expect_text("<x><textpath string=\"no\"/><y string=\"no\"/></x>", "");
}
END_TEST

START_TEST(entities_refused)
{
	char why[200];
	char *got = text_of("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", 0, 256,
	    why, sizeof why);
	ck_assert_str_eq(why, "XML entity declarations are not allowed");
	ck_assert_str_eq(got, "");
	free(got);
	got = text_of("<!DOCTYPE a [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><a>x</a>", 0, 256,
	    why, sizeof why);
	ck_assert_str_eq(why, "XML entity declarations are not allowed");
	free(got);
	/* Predefined entities and character references are fine. */
	expect_text("<a>&lt;[&#83;ECRET]&gt; &amp;</a>", "\n<[SECRET]> &");
	/* A run of white space is one space however expat cuts the text
	 * (found by fuzz_xml: 1-byte pieces gave one space, whole text all). */
	expect_text("<a>[SEC  \t\n  RET]  x<!-- c --> </a>", "\n[SEC RET] x");
	/* An external DTD is never fetched; what it would define is not known. */
	got = text_of("<?xml version=\"1.0\" standalone=\"no\"?><!DOCTYPE a SYSTEM \"file:///etc/x.dtd\">"
	    "<a>before &e;</a>", 0, 256, why, sizeof why);
	ck_assert_ptr_nonnull(strstr(why, "not defined"));
	ck_assert_str_eq(got, "\nbefore");
	free(got);
}
END_TEST

START_TEST(depth_and_malformed)
{
	char why[200];
	char *got = text_of("<a>x<b><c><d><e><f><g><h><i>deep</i></h></g></f></e></d></c></b></a>", 0, 8,
	    why, sizeof why);
	ck_assert_str_eq(why, "XML elements nested deeper than xml_depth");
	ck_assert_str_eq(got, "\nx");
	free(got);
	got = text_of("<a>kept</a><b>", 3, 256, why, sizeof why);
	ck_assert_ptr_nonnull(strstr(why, "malformed XML"));
	ck_assert_str_eq(got, "\nkept");
	free(got);
}
END_TEST

START_TEST(encodings)
{
	/* UTF-16LE with a BOM, as some tools write custom XML. */
	static const char u16[] = "\xff\xfe<\0a\0>\0[\0S\0E\0C\0R\0E\0T\0]\0<\0/\0a\0>\0";
	struct capture c = { { cap_put, cap_end }, BUF_INIT_MAX(0), 0 };
	struct capture a = { { cap_put, cap_end }, BUF_INIT_MAX(0), 0 };
	struct limits lim;
	memset(&lim, 0, sizeof lim);
	lim.xml_depth = 16;
	struct xmltext *x = xmltext_new(&c.base, &a.base, &lim, NULL);
	ck_assert_int_eq(xmltext_feed(x, u16, sizeof u16 - 1, 1), 0);
	xmltext_free(x);
	buf_putc(&c.b, '\0');
	ck_assert_str_eq(c.b.p, "\n[SECRET]");
	buf_free(&c.b);
	buf_free(&a.b);
	expect_text("<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>caf\xe9 \x93[SECRET]\x94</a>",
	    "\ncaf\xc3\xa9 \xe2\x80\x9c[SECRET]\xe2\x80\x9d");
	char why[200];
	char *got = text_of("<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>x</a>", 0, 16, why, sizeof why);
	ck_assert_ptr_nonnull(strstr(why, "encoding"));
	free(got);
}
END_TEST

static void obs_start(void *ctx, const char *ns, const char *local, const char **atts)
{
	struct buf *b = ctx;
	buf_printf(b, "<%s|%s|%s>", ns, local, xmltext_attr(atts, "name") ? xmltext_attr(atts, "name") : "");
}

static void obs_text(void *ctx, const char *s, size_t n)
{
	buf_put(ctx, s, n);
}

START_TEST(observer_sees_the_parse)
{
	struct capture c = { { cap_put, cap_end }, BUF_INIT_MAX(0), 0 };
	struct capture a = { { cap_put, cap_end }, BUF_INIT_MAX(0), 0 };
	struct buf seen = BUF_INIT_MAX(0);
	struct xml_observer obs = { obs_start, NULL, obs_text, &seen };
	struct limits lim;
	memset(&lim, 0, sizeof lim);
	lim.xml_depth = 16;
	struct xmltext *x = xmltext_new(&c.base, &a.base, &lim, &obs);
	const char *doc = "<p:a xmlns:p=\"urn:p\"><p:b name=\"n\">t</p:b><c/></p:a>";
	ck_assert_int_eq(xmltext_feed(x, doc, strlen(doc), 1), 0);
	xmltext_free(x);
	buf_putc(&seen, '\0');
	ck_assert_str_eq(seen.p, "<urn:p|a|><urn:p|b|n>t<|c|>");
	buf_free(&seen);
	buf_free(&c.b);
	buf_free(&a.b);
}
END_TEST

static Suite *xmltext_suite(void)
{
	Suite *s = suite_create("xmltext");
	TCase *t = tcase_create("xmltext");
	tcase_add_test(t, word_runs_and_paragraphs);
	tcase_add_test(t, unknown_elements_set_apart_only_with_text);
	tcase_add_test(t, spreadsheet_text_and_codes);
	tcase_add_test(t, opendocument_mixed_content);
	tcase_add_test(t, attributes_people_write);
	tcase_add_test(t, word_hidden_runs_go_aside);
	tcase_add_test(t, word_hidden_paragraph_mark_runs_on);
	tcase_add_test(t, opendocument_hidden_text_goes_aside);
	tcase_add_test(t, opendocument_hidden_styles_are_bounded);
	tcase_add_test(t, spreadsheet_phonetic_runs_and_number_formats);
	tcase_add_test(t, word_watermark_is_text);
	tcase_add_test(t, entities_refused);
	tcase_add_test(t, depth_and_malformed);
	tcase_add_test(t, encodings);
	tcase_add_test(t, observer_sees_the_parse);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(xmltext_suite)
