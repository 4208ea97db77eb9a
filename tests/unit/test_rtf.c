/* test_rtf.c: the RTF reader: escapes, code pages, \uN and \ucN, places,
 * skipped destinations, \bin, embedded objects, limits; and RTF through
 * classification: terms split across groups, headers, footers,
 * properties, packaged files, and nesting past the limit. */
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "classify.h"
#include "config.h"
#include "extractors.h"
#include "findings.h"
#include "level.h"
#include "matcher.h"
#include "rtf.h"
#include "rtf_object.h"
#include "rtf_priv.h"
#include "triggers.h"

/* ---- reading: the text of each place ---- */

struct got {
	struct buf place[RTF_PLACES];
	struct buf problems;
	int nobj;
	struct buf obj;         /* the last object's bytes */
};

static void got_text(void *ctx, enum rtf_place p, const char *s, size_t n)
{
	buf_put(&((struct got *)ctx)->place[p], s, n);
}

static void got_object(void *ctx, const char *d, size_t n)
{
	struct got *g = ctx;
	g->nobj++;
	buf_reset(&g->obj);
	buf_put(&g->obj, d, n);
}

static void got_problem(void *ctx, const char *why)
{
	struct got *g = ctx;
	buf_puts(&g->problems, why);
	buf_putc(&g->problems, '\n');
}

static struct got got;

static void got_reset(void)
{
	for (int i = 0; i < RTF_PLACES; i++)
		buf_free(&got.place[i]);
	buf_free(&got.problems);
	buf_free(&got.obj);
	got.nobj = 0;
}

static struct got *read_n(const char *rtf, size_t n, size_t depth, size_t max_object)
{
	static const struct rtf_handler h = { got_text, got_object, got_problem };
	struct rtf_limits lim = { depth, max_object };

	got_reset();
	ck_assert_int_eq(rtf_read(rtf, n, &lim, &h, &got), 0);
	return &got;
}

static const char *place(const char *rtf, enum rtf_place p)
{
	struct got *g = read_n(rtf, strlen(rtf), 256, 1 << 20);
	return g->place[p].p ? g->place[p].p : "";
}

static const char *body(const char *rtf)
{
	return place(rtf, RTF_BODY);
}

START_TEST(escapes_symbols_and_special_words)
{
	ck_assert_str_eq(body("{\\rtf1\\ansi caf\\'e9 \\{x\\} a\\\\b}"), "caf\xc3\xa9 {x} a\\b");
	/* One space after a word is its delimiter; a second is text. */
	ck_assert_str_eq(body("{\\rtf1 \\b bold\\b0  two\\fs20x}"), "bold twox");
	ck_assert_str_eq(body("{\\rtf1 a\\~b\\_c\\-d}"), "a\xc2\xa0" "b\xe2\x80\x91" "c\xc2\xad" "d");
	ck_assert_str_eq(body("{\\rtf1 a\\tab b\\par c\\line d\\cell e\\row}"), "a\tb\nc\nd\te\n");
	ck_assert_str_eq(body("{\\rtf1 \\lquote x\\rquote \\ldblquote y\\rdblquote \\emdash\\endash\\bullet}"),
	    "\xe2\x80\x98x\xe2\x80\x99\xe2\x80\x9cy\xe2\x80\x9d\xe2\x80\x94\xe2\x80\x93\xe2\x80\xa2");
	/* Line ends in the source are not text; a backslash before one is
	 * a paragraph. */
	ck_assert_str_eq(body("{\\rtf1 ab\r\ncd\\\r\nef}"), "abcd\nef");
	/* Unknown words are ignored, their text kept. */
	ck_assert_str_eq(body("{\\rtf1 \\nosuchword12 text}"), "text");
}
END_TEST

START_TEST(hidden_text_is_a_place_of_its_own)
{
	/* The text on either side reads on as the reader sees it; the
	 * hidden text is read where it is kept. */
	const char *rtf = "{\\rtf1 [RESTR{\\v zzz}ICTED] \\v [SEC\\v0 x\\v ab{\\v0 y}cd\\plain z{\\v ET]}"
	    "{\\v1 \\par}w}";
	struct got *g = read_n(rtf, strlen(rtf), 256, 1 << 20);
	ck_assert_str_eq(g->place[RTF_BODY].p, "[RESTRICTED] xyzw");
	/* Hidden pieces with visible text between are set apart. */
	ck_assert_str_eq(g->place[RTF_HIDDEN].p, "zzz\n[SEC\nab\ncd\nET]\n");
	ck_assert_str_eq(rtf_place_name(RTF_HIDDEN), "hidden");
}
END_TEST

START_TEST(code_pages)
{
	ck_assert_str_eq(body("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8}"), "\xd0\x9f\xd1\x80\xd0\xb8");
	/* Raw 8-bit text is in the same code page. */
	ck_assert_str_eq(body("{\\rtf1\\ansi\\ansicpg1251 \xcf\xf0\xe8}"), "\xd0\x9f\xd1\x80\xd0\xb8");
	/* Fonts: \fcharsetN, then \cpgN; a group's font ends with it. */
	ck_assert_str_eq(body("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
	    "{\\f1\\froman\\fcharset204{\\*\\panose 0}Times Cyr;}{\\f2\\fnil\\fcharset161 Greek;}"
	    "{\\f3\\cpg1250 CE;}}\\f0 caf\\'e9 {\\f1 \\'cf\\'f0\\'e8} {\\f2 \\'e1} {\\f3 \\'9a}\\'e9}"),
	    "caf\xc3\xa9 \xd0\x9f\xd1\x80\xd0\xb8 \xce\xb1 \xc5\xa1\xc3\xa9");
	/* The default font's charset applies without \f. */
	ck_assert_str_eq(body("{\\rtf1\\ansi\\deff1{\\fonttbl{\\f1\\fcharset204 Cyr;}}\\'cf}"), "\xd0\x9f");
	/* \plain goes back to the default font. */
	ck_assert_str_eq(body("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fcharset0 A;}{\\f1\\fcharset204 C;}}"
	    "\\f1\\'cf\\plain\\'e9}"), "\xd0\x9f\xc3\xa9");
	/* Double-byte pages: pairs of escapes, or an escape and a plain
	 * trail byte. */
	ck_assert_str_eq(body("{\\rtf1\\ansi\\ansicpg932 \\'82\\'a0\\'83A}"), "\xe3\x81\x82\xe3\x82\xa2");
	ck_assert_str_eq(body("{\\rtf1\\ansi\\ansicpg936 \\'c4\\'e3\\'ba\\'c3!}"), "\xe4\xbd\xa0\xe5\xa5\xbd!");
	ck_assert_str_eq(body("{\\rtf1{\\fonttbl{\\f5\\fcharset128 MS Mincho;}}\\f5 \\'82\\'a0}"), "\xe3\x81\x82");
	/* \pc is the IBM PC page. */
	ck_assert_str_eq(body("{\\rtf1\\pc \\'82}"), "\xc3\xa9");
}
END_TEST

START_TEST(unicode_escapes)
{
	ck_assert_str_eq(body("{\\rtf1\\uc1\\u8220\\'93hi\\u8221\\'94}"), "\xe2\x80\x9chi\xe2\x80\x9d");
	ck_assert_str_eq(body("{\\rtf1\\uc2\\u20320\\'c4\\'e3!}"), "\xe4\xbd\xa0!");
	ck_assert_str_eq(body("{\\rtf1\\uc0\\u9731 x}"), "\xe2\x98\x83x");
	/* The default skip is one; a plain character is skipped too. */
	ck_assert_str_eq(body("{\\rtf1\\u8364?x}"), "\xe2\x82\xac" "x");
	/* Values above 32767 are written negative. */
	ck_assert_str_eq(body("{\\rtf1\\u-3913?}"), "\xef\x82\xb7");
	/* Surrogate pairs, and a lone half. */
	ck_assert_str_eq(body("{\\rtf1\\u-10179?\\u-8704?}"), "\xf0\x9f\x98\x80");
	ck_assert_str_eq(body("{\\rtf1\\u-10179?x}"), "\xef\xbf\xbdx");
	/* A control word counts as one skipped character; a brace ends the
	 * skip. */
	ck_assert_str_eq(body("{\\rtf1\\uc2\\u8364\\b\\'80x}"), "\xe2\x82\xac" "x");
	ck_assert_str_eq(body("{\\rtf1\\uc3\\u8364{}ab}"), "\xe2\x82\xac" "ab");
	/* \ucN belongs to its group. */
	ck_assert_str_eq(body("{\\rtf1{\\uc2\\u8364 ab}\\u8364 cd}"), "\xe2\x82\xac\xe2\x82\xac" "d");
	/* \upr: the ANSI form, and the \ud Unicode form too. */
	ck_assert_str_eq(body("{\\rtf1{\\upr{a}{\\*\\ud{\\u916?}}}}"), "a\xce\x94");
}
END_TEST

START_TEST(places_and_separators)
{
	const char *rtf = "{\\rtf1{\\info{\\title [RESTR}{\\subject ICTED]}{\\*\\company Acme}}"
	    "{\\header head\\par}{\\footerl foot}text{\\footnote note}{\\*\\atnid X}"
	    "{\\*\\annotation remark} more}";
	struct got *g = read_n(rtf, strlen(rtf), 256, 1 << 20);

	ck_assert_str_eq(g->place[RTF_BODY].p, "text more");
	ck_assert_str_eq(g->place[RTF_HEADER].p, "head\n\n");
	ck_assert_str_eq(g->place[RTF_FOOTER].p, "foot\n");
	ck_assert_str_eq(g->place[RTF_NOTE].p, "note\n");
	ck_assert_str_eq(g->place[RTF_COMMENT].p, "remark\n");
	/* Properties do not run into each other. */
	ck_assert_str_eq(g->place[RTF_INFO].p, "[RESTR\nICTED]\nAcme\n\n");
	ck_assert_str_eq(rtf_place_name(RTF_INFO), "properties");
}
END_TEST

START_TEST(skipped_destinations)
{
	ck_assert_str_eq(body("{\\rtf1{\\fonttbl{\\f0 Secret Font;}}{\\colortbl;\\red0\\green0\\blue0;}"
	    "{\\stylesheet{\\s0 Normal;}}{\\*\\generator Foo;}{\\*\\unknownthing hidden {\\b deep}}"
	    "{\\field{\\*\\fldinst HYPERLINK \"x\"}{\\fldrslt shown}} text"
	    "{\\pict\\wmetafile8 0102030405}{\\*\\themedata 504b0304}{\\*\\datastore 0105}}"),
	    "shown text");
	/* Text boxes in shapes are read; shape property names are not. */
	ck_assert_str_eq(body("{\\rtf1{\\shp{\\*\\shpinst{\\sp{\\sn fillColor}{\\sv 1}}"
	    "{\\shptxt box}}{\\shprslt {\\*\\do\\dobxcolumn{\\dptxbxtext old}}}}}"), "1boxold");
}
END_TEST

START_TEST(binary_data_is_skipped_by_count)
{
	static const char rtf[] = "{\\rtf1 a{\\pict\\bin6 {}\\}}x}b\\bin3 }}}c\\bin0 d}";
	ck_assert_str_eq(body(rtf), "abcd");
	/* A count past the end stops at the end. */
	ck_assert_str_eq(body("{\\rtf1 a\\bin999 bcd"), "a");
	/* Binary data with NUL bytes. */
	static const char nul[] = "{\\rtf1 x{\\pict\\bin3 \0\0}}y}";
	struct got *g = read_n(nul, sizeof nul - 1, 256, 1 << 20);
	ck_assert_str_eq(g->place[RTF_BODY].p, "xy");
}
END_TEST

START_TEST(unbalanced_groups)
{
	ck_assert_str_eq(body("{\\rtf1 {\\b one {\\i two"), "one two");
	ck_assert_str_eq(body("{\\rtf1 one}}} two}"), "one two");
	ck_assert_str_eq(body(""), "");
	ck_assert_str_eq(body("\\"), "");
	/* A broken escape: the digit is text. */
	ck_assert_str_eq(body("{\\rtf1 \\'4"), "4");
}
END_TEST

START_TEST(depth_limit)
{
	struct buf rtf = BUF_INIT_MAX(0);

	buf_puts(&rtf, "{\\rtf1 before ");
	for (int i = 0; i < 20; i++)
		buf_putc(&rtf, '{');
	buf_puts(&rtf, "deep");
	for (int i = 0; i < 20; i++)
		buf_putc(&rtf, '}');
	buf_puts(&rtf, "}");
	struct got *g = read_n(rtf.p, rtf.len, 21, 1 << 20);
	ck_assert_str_eq(g->place[RTF_BODY].p, "before deep");
	ck_assert_ptr_null(g->problems.p);
	g = read_n(rtf.p, rtf.len, 20, 1 << 20);
	ck_assert_str_eq(g->place[RTF_BODY].p, "before ");
	ck_assert_str_eq(g->problems.p, "RTF groups nested too deeply\n");
	buf_free(&rtf);
}
END_TEST

#define PUT32(bf, x) do { uint32_t v_ = (uint32_t)(x); \
	buf_put(bf, (unsigned char[]){ v_, v_ >> 8, v_ >> 16, v_ >> 24 }, 4); } while (0)

/* The packager's native data for a file. */
static void package_native(struct buf *native, const char *fname, const char *content)
{
	char path[128];

	buf_put(native, "\x02\x00", 2);
	buf_put(native, fname, strlen(fname) + 1);
	snprintf(path, sizeof path, "C:\\Users\\me\\%s", fname);
	buf_put(native, path, strlen(path) + 1);
	buf_put(native, "\x00\x00\x03\x00", 4);
	PUT32(native, strlen(path) + 1);
	buf_put(native, path, strlen(path) + 1);
	PUT32(native, strlen(content));
	buf_puts(native, content);
}

/* An OLE 1.0 "Package" object holding a file, as hex for \objdata. */
static void package_hex(struct buf *hex, const char *fname, const char *content)
{
	struct buf b = BUF_INIT_MAX(0), native = BUF_INIT_MAX(0);

	package_native(&native, fname, content);
	PUT32(&b, 0x00000501);
	PUT32(&b, 2);
	PUT32(&b, 8);
	buf_put(&b, "Package", 8);
	PUT32(&b, 0);
	PUT32(&b, 0);
	PUT32(&b, native.len);
	buf_put(&b, native.p, native.len);
	for (size_t i = 0; i < b.len; i++) {
		buf_printf(hex, "%02x", (unsigned char)b.p[i]);
		if (i % 32 == 31)
			buf_puts(hex, "\r\n");
	}
	buf_free(&b);
	buf_free(&native);
}

START_TEST(embedded_objects)
{
	struct buf rtf = BUF_INIT_MAX(0);

	buf_puts(&rtf, "{\\rtf1 see {\\object\\objemb{\\*\\objclass Package}{\\*\\objdata ");
	package_hex(&rtf, "secret.txt", "this file is [SECRET]");
	buf_puts(&rtf, "}{\\result {\\pict\\wmetafile8 0102}}} end}");
	struct got *g = read_n(rtf.p, rtf.len, 256, 1 << 20);
	ck_assert_str_eq(g->place[RTF_BODY].p, "see  end");
	ck_assert_int_eq(g->nobj, 1);

	struct ole1 o;
	ck_assert_int_eq(ole1_payload(g->obj.p, g->obj.len, &o), 0);
	ck_assert_str_eq(o.class_name, "Package");
	ck_assert_str_eq(o.file_name, "secret.txt");
	ck_assert_uint_eq(o.n, strlen("this file is [SECRET]"));
	ck_assert_mem_eq(o.data, "this file is [SECRET]", o.n);

	/* Past max_object: a problem, and no object. */
	g = read_n(rtf.p, rtf.len, 256, 16);
	ck_assert_int_eq(g->nobj, 0);
	ck_assert_str_eq(g->problems.p, "an embedded object larger than max_expanded_size\n");

	/* A package on its own, as an \\1Ole10Native stream holds it. */
	struct buf native = BUF_INIT_MAX(0);
	package_native(&native, "a.txt", "hello");
	memset(&o, 0, sizeof o);
	ck_assert_int_eq(ole1_package(native.p, native.len, &o), 0);
	ck_assert_str_eq(o.file_name, "a.txt");
	ck_assert_uint_eq(o.n, 5);
	ck_assert_int_eq(ole1_package(native.p, 10, &o), -1);
	ck_assert_str_eq(o.file_name, "a.txt");
	buf_free(&native);

	/* Not OLE 1.0, or cut short: the caller reads the bytes as they are. */
	ck_assert_int_eq(ole1_payload("\x01\x05\x00\x00\x01\x00\x00\x00", 8, &o), -1);
	ck_assert_int_eq(ole1_payload(g->obj.p ? g->obj.p : "", 0, &o), -1);
	buf_free(&rtf);
}
END_TEST

START_TEST(word_table_is_sorted)
{
	size_t n;
	const struct rtf_word *w = rtf_words_table(&n);

	for (size_t i = 1; i < n; i++)
		ck_assert_msg(strcmp(w[i - 1].name, w[i].name) < 0, "%s before %s", w[i - 1].name, w[i].name);
	ck_assert_ptr_nonnull(rtf_word("par"));
	ck_assert_ptr_null(rtf_word("b"));
}
END_TEST

/* ---- through classification ---- */

static struct config cfg;
static struct patterns *pat;

static void setup(void)
{
	config_defaults(&cfg);
	pat = patterns_new();
	ck_assert_ptr_nonnull(pat);
	ck_assert_int_eq(triggers_add_defaults(pat), 0);
	ck_assert_int_eq(patterns_compile(pat), 0);
}

static void teardown(void)
{
	patterns_free(pat);
	config_free(&cfg);
}

/* What seem-extract does with nested containers, in this process. */
static void dispatch(struct classify *c, enum doctype t, const char *data, size_t n,
    int where, const char *name)
{
	if (c->depth >= c->cfg->lim.extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	c->depth++;
	if (t == DOC_RTF)
		extract_rtf(c, data, n, where, name);
	else if (t == DOC_TNEF)
		extract_tnef(c, data, n, where, name);
	else
		classify_uninspectable(c, where, "not read in this test");
	c->depth--;
}

static struct findings fs;

static void classify_rtf(const char *rtf, size_t n)
{
	struct classify c;

	findings_free(&fs);
	findings_init(&fs);
	int w = findings_where(&fs, "attachment \"doc.rtf\"", "2", "application/rtf", "doc.rtf", "", "");
	ck_assert_int_ge(w, 0);
	classify_init(&c, &cfg, pat, &fs);
	c.extract = dispatch;
	dispatch(&c, DOC_RTF, rtf, n, w, "doc.rtf");
	ck_assert_int_eq(c.status, 0);
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && strcmp(s + a - b, tail) == 0;
}

static int found(const char *term, const char *where_tail)
{
	for (size_t i = 0; i < fs.nf; i++)
		if (strcmp(fs.f[i].term, term) == 0 && ends_with(fs.w[fs.f[i].where].text, where_tail))
			return 1;
	return 0;
}

/* A finding of a level at a place, whatever its text (a soft hyphen
 * inside a term is in the text as found). */
static int found_level(int level, const char *where_tail)
{
	for (size_t i = 0; i < fs.nf; i++)
		if (fs.f[i].level == level && ends_with(fs.w[fs.f[i].where].text, where_tail))
			return 1;
	return 0;
}

static int uninspectable(const char *reason)
{
	for (size_t i = 0; i < fs.nu; i++)
		if (strstr(fs.u[i].reason, reason))
			return 1;
	return 0;
}

START_TEST(terms_split_across_groups_are_found)
{
	const char *rtf = "{\\rtf1\\ansi{\\b [RESTR}{\\i ICTED]} and [SENS\\-ITIVE:BUD{\\ul GET]}"
	    " and \\'5bSECRET\\'5d and [SEC\\u61?SEEMAIL]}";

	classify_rtf(rtf, strlen(rtf));
	ck_assert(found("[RESTRICTED]", "> body"));
	ck_assert(found("[SECRET]", "> body"));
	ck_assert(found("[SEC=SEEMAIL]", "> body"));
	ck_assert(found_level(LEVEL_SENSITIVE, "> body"));
	ck_assert_int_eq(fs.level, LEVEL_SECRET);
	ck_assert_uint_eq(fs.nu, 0);
}
END_TEST

START_TEST(headers_footers_and_properties_are_found)
{
	const char *rtf = "{\\rtf1{\\info{\\title Budget [SENSITIVE:BUDGET]}{\\author me}}"
	    "{\\*\\userprops {\\propname Classification}\\proptype30{\\staticval [IN-CONFIDENCE]}}"
	    "{\\header \\pard [RESTRICTED]\\par}{\\footer \\pard [SEEMAIL]\\par}"
	    "body{\\footnote [CONFIDENTIAL]}{\\*\\annotation [TOP SECRET]}}";

	classify_rtf(rtf, strlen(rtf));
	ck_assert(found("[SENSITIVE:BUDGET]", "attachment \"doc.rtf\" > properties"));
	ck_assert(found("[IN-CONFIDENCE]", "> properties"));
	ck_assert(found("[RESTRICTED]", "> header"));
	ck_assert(found("[SEEMAIL]", "> footer"));
	ck_assert(found("[CONFIDENTIAL]", "> footnote"));
	ck_assert(found("[TOP SECRET]", "> comment"));
	ck_assert_int_eq(fs.level, LEVEL_TOP_SECRET);
}
END_TEST

START_TEST(a_term_split_by_hidden_text_is_found)
{
	const char *rtf = "{\\rtf1\\ansi [RESTR{\\v zzz}ICTED] and {\\v\\b [SEC=SECRET]}}";

	classify_rtf(rtf, strlen(rtf));
	ck_assert(found("[RESTRICTED]", "> body"));
	ck_assert(found("[SEC=SECRET]", "> hidden"));
	ck_assert_int_eq(fs.level, LEVEL_SECRET);
}
END_TEST

START_TEST(a_packaged_file_is_read)
{
	struct buf rtf = BUF_INIT_MAX(0);

	buf_puts(&rtf, "{\\rtf1 see {\\object\\objemb{\\*\\objdata ");
	package_hex(&rtf, "[SEEMAIL] notes.txt", "this file is [SECRET]");
	buf_puts(&rtf, "}} {\\object{\\*\\objdata 5b524553545249435445445d20726177}}}");
	classify_rtf(rtf.p, rtf.len);
	ck_assert(found("[SECRET]", "> \"[SEEMAIL] notes.txt\""));
	/* The file's name is scanned too. */
	ck_assert(found("[SEEMAIL]", "> \"[SEEMAIL] notes.txt\""));
	/* Bytes that are not an OLE 1.0 object are read as they are. */
	ck_assert(found("[RESTRICTED]", "> \"object 2\""));
	buf_free(&rtf);
}
END_TEST

START_TEST(too_deep_is_uninspectable_and_what_was_read_counts)
{
	struct buf rtf = BUF_INIT_MAX(0);

	buf_puts(&rtf, "{\\rtf1 [SECRET] ");
	for (size_t i = 0; i < cfg.lim.xml_depth + 10; i++)
		buf_putc(&rtf, '{');
	buf_puts(&rtf, "[RESTRICTED]");
	classify_rtf(rtf.p, rtf.len);
	ck_assert(found("[SECRET]", "> body"));
	ck_assert(uninspectable("RTF groups nested too deeply"));
	buf_free(&rtf);
}
END_TEST

static Suite *rtf_suite(void)
{
	Suite *s = suite_create("rtf");
	TCase *tc = tcase_create("reading");
	tcase_add_test(tc, escapes_symbols_and_special_words);
	tcase_add_test(tc, hidden_text_is_a_place_of_its_own);
	tcase_add_test(tc, code_pages);
	tcase_add_test(tc, unicode_escapes);
	tcase_add_test(tc, places_and_separators);
	tcase_add_test(tc, skipped_destinations);
	tcase_add_test(tc, binary_data_is_skipped_by_count);
	tcase_add_test(tc, unbalanced_groups);
	tcase_add_test(tc, depth_limit);
	tcase_add_test(tc, embedded_objects);
	tcase_add_test(tc, word_table_is_sorted);
	suite_add_tcase(s, tc);
	tc = tcase_create("classify");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, terms_split_across_groups_are_found);
	tcase_add_test(tc, headers_footers_and_properties_are_found);
	tcase_add_test(tc, a_term_split_by_hidden_text_is_found);
	tcase_add_test(tc, a_packaged_file_is_read);
	tcase_add_test(tc, too_deep_is_uninspectable_and_what_was_read_counts);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(rtf_suite)
