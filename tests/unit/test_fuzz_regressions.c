/* test_fuzz_regressions.c: the inputs that fuzzing (fuzz/) found to
 * break a parser, each fed to the function that broke, which must now
 * return normally with its contract kept.  One test per finding, named
 * after what went wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "check_main.h"
#include "classify.h"
#include "config.h"
#include "directory.h"
#include "matcher.h"
#include "mime.h"
#include "status.h"
#include "triggers.h"
#include "utf8.h"
#include "verdict.h"

/* The number of findings seem-classify makes of a message, with the
 * built-in defaults. */
static size_t findings_in(const char *msg, size_t n)
{
	struct config cfg;
	struct patterns *pat = patterns_new();
	struct findings fs;
	struct classify c;
	size_t nf;

	config_defaults(&cfg);
	ck_assert_int_eq(triggers_add_defaults(pat), 0);
	ck_assert_int_eq(patterns_compile(pat), 0);
	findings_init(&fs);
	classify_init(&c, &cfg, pat, &fs);
	ck_assert_int_eq(classify_message(&c, msg, n), 0);
	nf = fs.nf;
	findings_free(&fs);
	patterns_free(pat);
	config_free(&cfg);
	return nf;
}

/* fuzz_charset: a UTF-8 BOM overrides a label that iconv knows, and the
 * bytes after it came out of charset_to_utf8 as they were, invalid
 * UTF-8 included. */
START_TEST(charset_bom_under_iconv_label_gives_utf8)
{
	static const char in[] = "\xef\xbb\xbf" "bk@-32\xfe\xfe\0\0abk@a\xf6\0?";
	struct buf out = BUF_INIT_MAX(0);
	charset_to_utf8("utf-32\xfe\xfe", 8, in, sizeof in - 1, &out);
	ck_assert_int_eq(out.err, 0);
	ck_assert(utf8_valid(out.p, out.len));
	ck_assert_uint_eq(out.len, 18 + 3);     /* less the BOM; 3 bytes as cp1252 */
	buf_free(&out);
	charset_to_utf8("iso-8859-5", 10, "\xef\xbb\xbf\xff", 4, &out);
	ck_assert(utf8_valid(out.p, out.len));
	ck_assert_str_eq(out.p, "\xc3\xbf");
	buf_free(&out);
}
END_TEST

/* fuzz_verdict: a value with a long run of escapes (an address of a
 * hundred non-ASCII bytes) was cut by stamp_field inside an escape or
 * before its closing quote, and the stamp no longer read back, which
 * makes seem-notify fail on every try. */
START_TEST(verdict_long_value_reads_back)
{
	struct buf in = BUF_INIT_MAX(0), out = BUF_INIT_MAX(0);
	struct verdict v, r;

	buf_puts(&in, "X-SEEMail-Policy: warn; code=unsigned-agency; from=\"");
	for (int i = 0; i < 150; i++)
		buf_putc(&in, 0xff);
	buf_puts(&in, "@dia.govt.nz\"; agency=\"Department of Internal Affairs\"\n"
	    "X-SEEMail-Policy: block; code=1C; recipients=\"");
	for (int i = 0; i < 2000; i++)
		buf_puts(&in, "\\\"");            /* \" escapes, cut anywhere */
	buf_puts(&in, "\"; refused=\"a@b.test\"\n\nbody\n");
	ck_assert_int_eq(verdict_read(in.p, in.len, &v), 2);
	verdict_write(&out, &v, "\n");
	buf_puts(&out, "\nbody\n");
	ck_assert_int_eq(out.err, 0);
	ck_assert_int_eq(verdict_read(out.p, out.len, &r), 2);
	ck_assert_str_eq(r.f[0].agency, "Department of Internal Affairs");
	ck_assert_str_eq(r.f[1].refused, "a@b.test");
	ck_assert_int_eq(r.f[1].code, CODE_1C);
	for (const char *p = out.p; (p = strchr(p, '\n')) != NULL; p++)
		ck_assert_int_lt(strcspn(p + 1, "\n"), 998);
	verdict_free(&r);
	verdict_free(&v);
	buf_free(&in);
	buf_free(&out);
}
END_TEST

/* fuzz_matcher: when a chunk held no byte that can start a term, the
 * scanner skipped it whole but then took the next chunk's first
 * character as following the last character it had fed, so a term glued
 * to the skipped letters ("KKKKbudget sensitive") matched as a whole word
 * when the chunks were cut just before it. */
START_TEST(matcher_skip_to_chunk_end_keeps_word_bounds)
{
	static const char file[] = "SENSITIVE budget sensitive\n";
	static const char *const chunks[][2] = {
		{ "x KKKKKKKK", "budget sensitive y" },
		{ "budget sensitive xKKKK", "budget sensitive" },
		{ "\xc3\xa9", "budget sensitive" },    /* a letter in UTF-8 */
	};
	struct patterns *p = patterns_new();
	ck_assert_int_eq(triggers_parse(p, file, strlen(file), "t"), 0);
	ck_assert_int_eq(patterns_compile(p), 0);
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		struct findings fs;
		struct scan s;
		findings_init(&fs);
		ck_assert_int_eq(findings_where(&fs, "t", "1", "", "", "", ""), 0);
		ck_assert_int_eq(scan_init(&s, p, &fs, 0), 0);
		sink_put(&s.base, chunks[i][0], strlen(chunks[i][0]));
		sink_put(&s.base, chunks[i][1], strlen(chunks[i][1]));
		sink_end(&s.base);
		scan_fini(&s);
		/* Only a "budget sensitive" at the start of the text counts. */
		ck_assert_uint_eq(fs.nf, i == 1 ? 1 : 0);
		if (fs.nf)
			ck_assert_uint_eq(fs.f[0].count, 1);
		findings_free(&fs);
	}
	patterns_free(p);
}
END_TEST

/* fuzz_mime: a parameter with an empty value (format="") was found but
 * left the buffer NULL, and classify's strcasecmp(NULL, "flowed")
 * crashed seem-classify (seem-verify's protocol="" the same way). */
START_TEST(mime_empty_param_value_is_a_string)
{
	static const char msg[] = "From: a@b\nSubject: x\n"
	    "Content-Type: text/plain; format=\"\"; delsp=\"\"\n\nhello [SECRET]\n";
	static const char *const params[] = {
		"; format=\"\"", "; format=", "; format*=''", "; format*0=\"\"", NULL,
	};
	for (size_t i = 0; params[i]; i++) {
		struct span sp = { params[i], strlen(params[i]) };
		struct buf b = BUF_INIT_MAX(0);
		/* mime_param_raw reads only the plain form. */
		ck_assert_int_eq(mime_param_raw(sp, "format", &b), strchr(params[i], '*') == NULL);
		if (strchr(params[i], '*') == NULL)
			ck_assert_ptr_nonnull(b.p);
		buf_free(&b);
		ck_assert_int_eq(mime_param(sp, "format", &b), 1);
		ck_assert_ptr_nonnull(b.p);
		ck_assert_str_eq(b.p, "");
		buf_free(&b);
	}

	ck_assert_uint_eq(findings_in(msg, sizeof msg - 1), 1);
}
END_TEST

/* fuzz_directory: a certificate path longer than the 4 KB ceiling leaked
 * the path buffer and the entry's domain and agency, and failed as a
 * transient error (EX_TEMPFAIL: retried for ever) instead of a line of
 * the file that is wrong. */
START_TEST(directory_long_cert_path_is_a_config_error)
{
	struct directory d = { 0 };
	struct buf t = BUF_INIT_MAX(0);

	buf_puts(&t, "a.test restricted - A Agency\nb.test standard ");
	for (int i = 0; i < 5000; i++)
		buf_putc(&t, '!');
	buf_puts(&t, " B Agency\nc.test standard - C\n");
	ck_assert_int_eq(directory_parse(&d, t.p, t.len, "dir", "/etc/seemail"), EX_CONFIG);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_ptr_null(directory_lookup(&d, "b.test"));
	ck_assert_str_eq(directory_lookup(&d, "c.test")->agency, "C");
	directory_free(&d);
	buf_free(&t);
}
END_TEST

/* fuzz_mime: an empty marking header (Keywords:) left the decoded value
 * NULL, and the token walk computed NULL + 0 (undefined behaviour, which
 * UBSan stops on). */
START_TEST(classify_empty_marking_header)
{
	static const char msg[] = "From: a@b\nKeywords:\nX-Protective-Marking: \n"
	    "Subject: [SECRET]\n\nbody\n";

	ck_assert_uint_eq(findings_in(msg, sizeof msg - 1), 1);
}
END_TEST

static char *dump(const struct config *c)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	ck_assert_ptr_nonnull(f);
	config_dump(c, f);
	ck_assert_int_eq(fclose(f), 0);
	return s;
}

/* Dumps c, parses the dump into again (freed by the caller), and checks
 * that again dumps the same. */
static void dump_reads_back(const struct config *c, struct config *again)
{
	char *d1 = dump(c), *d2;

	config_defaults(again);
	ck_assert_int_eq(config_parse(again, d1, strlen(d1), "d.conf", "/etc/seemail"), 0);
	d2 = dump(again);
	ck_assert_str_eq(d1, d2);
	free(d1);
	free(d2);
}

/* fuzz_config: a list element that begins with '#' ("a.test,#b") was
 * dumped after ", ", where it starts a comment, so the dump of a valid
 * configuration did not read back the same. */
START_TEST(config_dump_list_with_hash_reads_back)
{
	static const char text[] = "local_domains = a.test,#b.test c.test\nmarking_headers =\n";
	struct config c, again;

	config_defaults(&c);
	ck_assert_int_eq(config_parse(&c, text, strlen(text), "t.conf", "/etc/seemail"), 0);
	ck_assert_uint_eq(c.local_domains.n, 3);
	dump_reads_back(&c, &again);
	ck_assert_uint_eq(again.local_domains.n, 3);
	ck_assert_str_eq(again.local_domains.v[1], "#b.test");
	config_free(&c);
	config_free(&again);
}
END_TEST

/* fuzz_config: a label whose ID is longer than 500 bytes was dumped
 * through a 512-byte buffer, cut before its level, and the dump did not
 * read back. */
START_TEST(config_dump_long_label_reads_back)
{
	struct buf text = BUF_INIT_MAX(0);
	struct config c, again;

	buf_puts(&text, "label = ");
	for (int i = 0; i < 1000; i++)
		buf_putc(&text, 'a' + i % 26);
	buf_puts(&text, " RESTRICTED\n");
	config_defaults(&c);
	ck_assert_int_eq(config_parse(&c, text.p, text.len, "t.conf", "/etc/seemail"), 0);
	ck_assert_uint_eq(c.nlabels, 1);
	dump_reads_back(&c, &again);
	ck_assert_uint_eq(again.nlabels, 1);
	ck_assert_uint_eq(strlen(again.labels[0].id), 1000);
	ck_assert_int_eq(again.labels[0].level, c.labels[0].level);
	config_free(&c);
	config_free(&again);
	buf_free(&text);
}
END_TEST

static Suite *fuzz_regressions_suite(void)
{
	Suite *s = suite_create("fuzz_regressions");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, charset_bom_under_iconv_label_gives_utf8);
	tcase_add_test(tc, verdict_long_value_reads_back);
	tcase_add_test(tc, matcher_skip_to_chunk_end_keeps_word_bounds);
	tcase_add_test(tc, mime_empty_param_value_is_a_string);
	tcase_add_test(tc, directory_long_cert_path_is_a_config_error);
	tcase_add_test(tc, classify_empty_marking_header);
	tcase_add_test(tc, config_dump_list_with_hash_reads_back);
	tcase_add_test(tc, config_dump_long_label_reads_back);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(fuzz_regressions_suite)
