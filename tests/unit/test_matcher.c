/* test_matcher.c: normalisation and the trigger scanner. */
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "level.h"
#include "matcher.h"
#include "normalize.h"
#include "triggers.h"

static struct patterns *defaults(void)
{
	struct patterns *p = patterns_new();
	ck_assert_int_eq(triggers_add_defaults(p), 0);
	ck_assert_int_eq(patterns_compile(p), 0);
	return p;
}

/* Scans text with p; returns the highest level and the first term. */
static int scan(struct patterns *p, const char *text, char *term, size_t tsz)
{
	struct findings fs;
	findings_init(&fs);
	int w = findings_where(&fs, "test", "", "", "", "", "");
	scan_text(p, &fs, w, text, strlen(text));
	ck_assert_int_eq(fs.err, 0);
	if (term) {
		term[0] = 0;
		if (fs.nf)
			snprintf(term, tsz, "%s", fs.f[0].term);
	}
	int level = fs.level;
	findings_free(&fs);
	return level;
}

/* The same text fed in pieces of every size must find the same. */
static int scan_chunked(struct patterns *p, const char *text, size_t chunk)
{
	struct findings fs;
	struct scan s;
	findings_init(&fs);
	int w = findings_where(&fs, "test", "", "", "", "", "");
	scan_init(&s, p, &fs, w);
	for (size_t i = 0; i < strlen(text); i += chunk) {
		size_t n = strlen(text) - i < chunk ? strlen(text) - i : chunk;
		sink_put(&s.base, text + i, n);
	}
	sink_end(&s.base);
	scan_fini(&s);
	int level = fs.level;
	findings_free(&fs);
	return level;
}

START_TEST(table_is_sorted)
{
	/* norm_char must agree with itself around every range boundary. */
	ck_assert_uint_eq(norm_char('A'), 'a');
	ck_assert_uint_eq(norm_char(0xff3b), '[');
	ck_assert_uint_eq(norm_char(0xff21), 'a');
	ck_assert_uint_eq(norm_char(0x200b), NORM_DROP);
	ck_assert_uint_eq(norm_char(0x00ad), NORM_DROP);
	ck_assert_uint_eq(norm_char(0x00a0), NORM_SPACE);
	ck_assert_uint_eq(norm_char(0x2011), '-');
	ck_assert_uint_eq(norm_char(0x0421), 'c');
	ck_assert_uint_eq(norm_char(0x1d411), 'r');
	ck_assert_uint_eq(norm_char(0x0100), 0x0101);
	ck_assert_uint_eq(norm_char(0x0101), 0x0101);
	ck_assert_uint_eq(norm_char(0x4e00), 0x4e00);
}
END_TEST

START_TEST(letterlike_numerals_small_forms_and_ignorables)
{
	static const unsigned to[][2] = {
		/* Letterlike symbols: the letters missing from the
		 * mathematical alphabets, and the Kelvin sign. */
		{ 0x2102, 'c' }, { 0x210a, 'g' }, { 0x210b, 'h' }, { 0x210f, 'h' },
		{ 0x2110, 'i' }, { 0x2111, 'i' }, { 0x2112, 'l' }, { 0x2113, 'l' },
		{ 0x2115, 'n' }, { 0x2119, 'p' }, { 0x211a, 'q' }, { 0x211b, 'r' },
		{ 0x211d, 'r' }, { 0x2124, 'z' }, { 0x2128, 'z' }, { 0x212a, 'k' },
		{ 0x212c, 'b' }, { 0x212d, 'c' }, { 0x212f, 'e' }, { 0x2130, 'e' },
		{ 0x2131, 'f' }, { 0x2133, 'm' }, { 0x2134, 'o' }, { 0x2139, 'i' },
		{ 0x2145, 'd' }, { 0x2146, 'd' }, { 0x2147, 'e' }, { 0x2148, 'i' },
		{ 0x2149, 'j' }, { 0x1d6a4, 'i' }, { 0x1d6a5, 'j' },
		/* Greek lunate sigma, Cyrillic Komi De and palochka. */
		{ 0x03f9, 'c' }, { 0x03f2, 'c' }, { 0x0500, 'd' }, { 0x04c0, 'i' },
		{ 0x04cf, 'l' },
		/* Roman numerals of one letter. */
		{ 0x2160, 'i' }, { 0x2164, 'v' }, { 0x2169, 'x' }, { 0x216c, 'l' },
		{ 0x216d, 'c' }, { 0x216e, 'd' }, { 0x216f, 'm' }, { 0x2170, 'i' },
		{ 0x217f, 'm' },
		/* Small form variants; tortoise shells are square-bracket
		 * look-alikes, parentheses stay parentheses. */
		{ 0xfe50, ',' }, { 0xfe54, ';' }, { 0xfe55, ':' }, { 0xfe59, '(' },
		{ 0xfe5a, ')' }, { 0xfe5d, '[' }, { 0xfe5e, ']' }, { 0xfe66, '=' },
		{ 0x3014, '[' }, { 0x3015, ']' },
	};
	/* Default_Ignorable_Code_Point characters not dropped before. */
	static const unsigned dropped[] = {
		0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x180f, 0x3164,
		0xffa0, 0xfff0, 0xfff8, 0x1bca0, 0x1bca3, 0x1d173, 0x1d17a,
		0xe0000, 0xe0041, 0xe0080, 0xe01f0, 0xe0fff,
	};
	for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
		ck_assert_msg(norm_char(to[i][0]) == to[i][1], "U+%04X", to[i][0]);
	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
		ck_assert_msg(norm_char(dropped[i]) == NORM_DROP, "U+%04X", dropped[i]);
	ck_assert_uint_eq(norm_char(0x213c), 0x213c);  /* double-struck pi: no Latin letter */
	ck_assert_uint_eq(norm_char(0xe1000), 0xe1000);

	/* Roman numerals of several letters are those letters. */
	char u[4];
	ck_assert_uint_eq(norm_encode(norm_char(0x2167), u), 4);
	ck_assert_int_eq(memcmp(u, "viii", 4), 0);
	ck_assert_uint_eq(norm_encode(norm_char(0x2173), u), 2);
	ck_assert_int_eq(memcmp(u, "iv", 2), 0);
	ck_assert(norm_is_word(norm_char(0x2163)));
	const char *words = "SENSIT\u2163E \u216b";
	struct buf b = BUF_INIT_MAX(64);
	norm_string(words, strlen(words), &b);
	ck_assert_str_eq(b.p, "sensitive xii");
	buf_free(&b);

	struct patterns *p = defaults();
	ck_assert_int_eq(scan(p, "[\u211bESTRICTED]", NULL, 0), LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "[SENSIT\u2163E]", NULL, 0), LEVEL_SENSITIVE);
	ck_assert_int_eq(scan(p, "[SENS\u2170TIVE]", NULL, 0), LEVEL_SENSITIVE);
	ck_assert_int_eq(scan(p, "\ufe5dSECRET\ufe5e", NULL, 0), LEVEL_SECRET);
	ck_assert_int_eq(scan(p, "[SEC\ufe66SECRET]", NULL, 0), LEVEL_SECRET);
	ck_assert_int_eq(scan(p, "[SENSITIVE\ufe55 BUDGET]", NULL, 0), LEVEL_SENSITIVE);
	ck_assert_int_eq(scan(p, "[\u03f9ONFIDENTIAL]", NULL, 0), LEVEL_CONFIDENTIAL);
	ck_assert_int_eq(scan(p, "[\u04c0N-CONFI\u0500ENCE]", NULL, 0), LEVEL_IN_CONFIDENCE);
	ck_assert_int_eq(scan(p, "[RES\U000E0041TRI\u180bCTED]", NULL, 0), LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "[RES\ufff0TRI\U0001D173CTED]", NULL, 0), LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "[RES\U0001BCA0TRI\u061c\u17b4CTED]", NULL, 0), LEVEL_RESTRICTED);
	for (size_t c = 1; c < 8; c++)
		ck_assert_int_eq(scan_chunked(p, "x [SENSIT\u2163E] y", c), LEVEL_SENSITIVE);
	patterns_free(p);
}
END_TEST

/* Collects norm_sources' code points. */
struct cps {
	unsigned cp[512];
	size_t n;
};

static void add_cp(unsigned cp, void *ctx)
{
	struct cps *c = ctx;
	if (c->n < sizeof c->cp / sizeof c->cp[0])
		c->cp[c->n++] = cp;
}

static int has_cp(const struct cps *c, unsigned cp)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->cp[i] == cp)
			return 1;
	return 0;
}

START_TEST(sources_include_letters_inside_numerals)
{
	/* A term may begin inside a numeral: "\u2168" is "ix", so a term
	 * that starts with x can start at it. */
	struct cps c = { .n = 0 };
	norm_sources('x', add_cp, &c);
	ck_assert(has_cp(&c, 'X'));
	ck_assert(has_cp(&c, 0x2169));
	ck_assert(has_cp(&c, 0x2168));
	ck_assert(has_cp(&c, 0x217a));
	ck_assert(!has_cp(&c, 0x2163));
	c.n = 0;
	norm_sources('[', add_cp, &c);
	ck_assert(has_cp(&c, 0xfe5d));
	ck_assert(has_cp(&c, 0x3014));
}
END_TEST

START_TEST(defaults_and_evasions)
{
	struct patterns *p = defaults();
	char t[256];
	ck_assert_int_eq(scan(p, "x [RESTRICTED] y", t, sizeof t), LEVEL_RESTRICTED);
	ck_assert_str_eq(t, "[RESTRICTED]");
	ck_assert_int_eq(scan(p, "[seemail]", NULL, 0), LEVEL_SEEMAIL);
	ck_assert_int_eq(scan(p, "[IN CONFIDENCE]", NULL, 0), LEVEL_IN_CONFIDENCE);
	ck_assert_int_eq(scan(p, "[In-Confidence: STAFF]", t, sizeof t), LEVEL_IN_CONFIDENCE);
	ck_assert_str_eq(t, "[In-Confidence: STAFF]");
	ck_assert_int_eq(scan(p, "[SENSITIVE:BUDGET]", NULL, 0), LEVEL_SENSITIVE);
	ck_assert_int_eq(scan(p, "[SEC=SECRET]", NULL, 0), LEVEL_SECRET);
	ck_assert_int_eq(scan(p, "[SEC = TOP SECRET]", NULL, 0), LEVEL_TOP_SECRET);
	ck_assert_int_eq(scan(p, "[TOP\n  SECRET]", NULL, 0), LEVEL_TOP_SECRET);
	ck_assert_int_eq(scan(p, "[ RESTRICTED ]", NULL, 0), LEVEL_RESTRICTED);
	/* Zero-width and soft hyphens, NBSP, U+2011, full-width brackets. */
	ck_assert_int_eq(scan(p, "[RES\xe2\x80\x8bTRI\xc2\xad" "CTED]", NULL, 0), LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "[IN\xe2\x80\x91" "CONFIDENCE]", NULL, 0), LEVEL_IN_CONFIDENCE);
	ck_assert_int_eq(scan(p, "[TOP\xc2\xa0SECRET]", NULL, 0), LEVEL_TOP_SECRET);
	ck_assert_int_eq(scan(p, "\xef\xbc\xbbSECRET\xef\xbc\xbd", NULL, 0), LEVEL_SECRET);
	/* Full-width letters, Cyrillic look-alikes, small capitals. */
	ck_assert_int_eq(scan(p, "[\xef\xbc\xb3\xef\xbc\xa5\xef\xbc\xa3RET]", NULL, 0), LEVEL_SECRET);
	ck_assert_int_eq(scan(p, "[\xd0\xa1ONFIDENTIAL]", NULL, 0), LEVEL_CONFIDENTIAL);
	/* Highest level wins. */
	ck_assert_int_eq(scan(p, "[SEEMAIL] [SECRET] [RESTRICTED]", NULL, 0), LEVEL_SECRET);
	patterns_free(p);
}
END_TEST

START_TEST(negatives)
{
	struct patterns *p = defaults();
	ck_assert_int_eq(scan(p, "restricted access to sensitive data", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "This is RESTRICTED in prose.", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "[RESTRICTEDX]", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "[RESTRICTED STAFF]", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "[UNCLASSIFIED]", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "[SECRET", NULL, 0), LEVEL_UNCLASSIFIED);
	/* An endorsement does not run on for ever. */
	char longe[400] = "[SECRET:";
	memset(longe + 8, 'x', 300);
	strcat(longe, "]");
	ck_assert_int_eq(scan(p, longe, NULL, 0), LEVEL_UNCLASSIFIED);
	patterns_free(p);
}
END_TEST

START_TEST(chunk_boundaries)
{
	struct patterns *p = defaults();
	const char *t = "aaa [RES\xe2\x80\x8bTRICTED] \xef\xbc\xbbSEEMAIL\xef\xbc\xbd bbb";
	for (size_t c = 1; c < 12; c++)
		ck_assert_int_eq(scan_chunked(p, t, c), LEVEL_RESTRICTED);
	patterns_free(p);
}
END_TEST

START_TEST(site_terms_and_words)
{
	struct patterns *p = patterns_new();
	const char *file = "RESTRICTED EYES ONLY\nSECRET [CODEWORD]\n";
	ck_assert_int_eq(triggers_parse(p, file, strlen(file), "t"), 0);
	ck_assert_int_eq(patterns_compile(p), 0);
	ck_assert_int_eq(scan(p, "for your eyes only.", NULL, 0), LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "eyes onlyx", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "xeyes only", NULL, 0), LEVEL_UNCLASSIFIED);
	ck_assert_int_eq(scan(p, "eyes only", NULL, 0), LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "[codeword:x]", NULL, 0), LEVEL_SECRET);
	patterns_free(p);
}
END_TEST

START_TEST(disclaimers)
{
	struct patterns *p = defaults();
	const char *file = "disclaimer This email may contain [RESTRICTED] information.\n";
	ck_assert_int_eq(triggers_parse(p, file, strlen(file), "t"), 0);
	ck_assert_int_eq(patterns_compile(p), 0);
	ck_assert_int_eq(scan(p, "hi\n-- \nThis  email may contain [RESTRICTED]\ninformation.\n", NULL, 0),
	    LEVEL_UNCLASSIFIED);
	/* The same term anywhere else is still found. */
	ck_assert_int_eq(scan(p, "[RESTRICTED] This email may contain [RESTRICTED] information.", NULL, 0),
	    LEVEL_RESTRICTED);
	ck_assert_int_eq(scan(p, "This email may contain [RESTRICTED] info", NULL, 0), LEVEL_RESTRICTED);
	patterns_free(p);
}
END_TEST

START_TEST(bad_triggers_file)
{
	struct patterns *p = patterns_new();
	const char *file = "# c\nNOTALEVEL [X]\nRESTRICTED\n";
	ck_assert_int_ne(triggers_parse(p, file, strlen(file), "t"), 0);
	patterns_free(p);
}
END_TEST

START_TEST(linear_on_adversarial_input)
{
	/* Many candidate starts, none completing. */
	struct patterns *p = defaults();
	size_t n = 4 << 20;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = "[SEC=TOP SECRE"[i % 14];
	s[n] = 0;
	ck_assert_int_eq(scan(p, s, NULL, 0), LEVEL_UNCLASSIFIED);
	free(s);
	patterns_free(p);
}
END_TEST

static Suite *matcher_suite(void)
{
	Suite *s = suite_create("matcher");
	TCase *t = tcase_create("core");
	tcase_set_timeout(t, 20);
	tcase_add_test(t, table_is_sorted);
	tcase_add_test(t, letterlike_numerals_small_forms_and_ignorables);
	tcase_add_test(t, sources_include_letters_inside_numerals);
	tcase_add_test(t, defaults_and_evasions);
	tcase_add_test(t, negatives);
	tcase_add_test(t, chunk_boundaries);
	tcase_add_test(t, site_terms_and_words);
	tcase_add_test(t, disclaimers);
	tcase_add_test(t, bad_triggers_file);
	tcase_add_test(t, linear_on_adversarial_input);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(matcher_suite)
