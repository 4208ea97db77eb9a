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
