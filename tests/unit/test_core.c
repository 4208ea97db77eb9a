/* test_core.c: the small modules: utf8, buf, level, json, sniff, stamp,
 * findings, and the classify walk through its library interface. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "check_main.h"
#include "classify.h"
#include "config.h"
#include "findings.h"
#include "json.h"
#include "level.h"
#include "sniff.h"
#include "stamp.h"
#include "status.h"
#include "triggers.h"
#include "utf8.h"

START_TEST(utf8_strict)
{
	unsigned cp;
	ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xe2\x80\x8b", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x200b);
	ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);      /* overlong */
	ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);  /* surrogate */
	ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	ck_assert(utf8_incomplete((const unsigned char *)"\xe2\x80", 2));
	ck_assert(!utf8_incomplete((const unsigned char *)"\xe2\x41", 2));
	char u[4];
	ck_assert_uint_eq(utf8_encode(0x1f600, u), 4);
	ck_assert_uint_eq(utf8_encode(0xd800, u), 0);
	ck_assert(utf8_valid("ok \xc5\xab", 5));
	ck_assert(!utf8_valid("\xff", 1));
}
END_TEST

START_TEST(buf_ceiling)
{
	struct buf b = BUF_INIT_MAX(10);
	buf_puts(&b, "12345");
	buf_printf(&b, "%d", 678);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(b.p, "12345678");
	buf_puts(&b, "9ab");
	ck_assert_int_eq(b.err, EFBIG);
	buf_puts(&b, "x");      /* sticky */
	ck_assert_uint_eq(b.len, 8);
	buf_free(&b);
}
END_TEST

START_TEST(array_growth)
{
	int *a = NULL;
	size_t cap = 0;

	/* From nothing to 16, doubling, never shrinking or moving early. */
	ck_assert_int_eq(array_grow((void **)&a, &cap, 0, sizeof *a), 0);
	ck_assert_uint_eq(cap, 16);
	int *before = a;
	ck_assert_int_eq(array_grow((void **)&a, &cap, 15, sizeof *a), 0);
	ck_assert_ptr_eq(a, before);
	ck_assert_uint_eq(cap, 16);
	a[15] = 7;
	ck_assert_int_eq(array_grow((void **)&a, &cap, 16, sizeof *a), 0);
	ck_assert_uint_eq(cap, 32);
	ck_assert_int_eq(a[15], 7);
	/* A size that would overflow is refused, the array kept. */
	size_t huge = SIZE_MAX / 4;
	before = a;
	ck_assert_int_eq(array_grow((void **)&a, &huge, huge, sizeof *a), -1);
	ck_assert_ptr_eq(a, before);
	free(a);
}
END_TEST

START_TEST(levels)
{
	ck_assert_int_eq(level_parse("top secret", 10), LEVEL_TOP_SECRET);
	ck_assert_int_eq(level_parse("IN_CONFIDENCE", 13), LEVEL_IN_CONFIDENCE);
	ck_assert_int_eq(level_parse("RESTRICTE", 9), -1);
	ck_assert_str_eq(level_name(LEVEL_SEEMAIL), "SEEMAIL");
	ck_assert_int_eq(status_worse(EX_TEMPFAIL, EX_DATAERR), EX_TEMPFAIL);
	ck_assert(status_transient(EX_TEMPFAIL));
	ck_assert(!status_transient(EX_NOPERM));
}
END_TEST

START_TEST(json_escaping)
{
	struct buf b = BUF_INIT_MAX(0);
	json_str(&b, "a\"b\\c\n\x01\xff\xe2\x80\xa8", 11);
	ck_assert_str_eq(b.p, "\"a\\\"b\\\\c\\n\\u0001\\ufffd\\u2028\"");
	buf_free(&b);
}
END_TEST

START_TEST(sniffing)
{
	ck_assert_int_eq(sniff("%PDF-1.7", 8, "text/plain", ""), DOC_PDF);
	ck_assert_int_eq(sniff("PK\3\4xxxx", 8, "application/pdf", "a.pdf"), DOC_ZIP);
	ck_assert_int_eq(sniff("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "", "x.docx"), DOC_OLE2);
	ck_assert_int_eq(sniff("{\\rtf1", 6, "text/plain", ""), DOC_RTF);
	ck_assert_int_eq(sniff("\x78\x9f\x3e\x22", 4, "application/octet-stream", ""), DOC_TNEF);
	ck_assert_int_eq(sniff("plain words", 11, "", ""), DOC_TEXT);
	ck_assert_int_eq(sniff("<!DOCTYPE html><p>", 18, "", ""), DOC_HTML);
	ck_assert_int_eq(sniff("\x01\x02\x03\x04\x05", 5, "", ""), DOC_BINARY);
	ck_assert_int_eq(sniff("Rar!\x1a\x07\x00", 7, "", ""), DOC_ARCHIVE);
	ck_assert_int_eq(sniff("text about %PDF-1.4 headers", 27, "text/plain", ""), DOC_TEXT);
	/* A ZIP storing a PDF uncompressed is a ZIP; junk before %PDF- is a PDF. */
	ck_assert_int_eq(sniff("PK\3\4....reports/a.pdf%PDF-1.4", 32, "application/zip", ""), DOC_ZIP);
	ck_assert_int_eq(sniff("\r\n\r\n%PDF-1.4", 13, "application/octet-stream", ""), DOC_PDF);
	ck_assert_int_eq(sniff("junk", 4, "application/pkcs7-mime", "smime.p7m"), DOC_CMS);
	/* Declared text stays text whatever its magic; encrypted OpenPGP
	 * packets (gpg -c: SKESK v4, AES-256; gpg -e: PKESK v3) and PEM CMS
	 * are opaque; XML is read through its markup. */
	ck_assert_int_eq(sniff("GIF89a <p>hi</p>", 16, "text/html", ""), DOC_HTML);
	ck_assert_int_eq(sniff("ID3 words", 9, "text/plain", ""), DOC_TEXT);
	ck_assert_int_eq(sniff("\x8c\x0d\x04\x09\x03\x02", 6, "", "data.bin"), DOC_PGP);
	ck_assert_int_eq(sniff("\x85\x01\x0c\x03\x11\x22", 6, "", ""), DOC_PGP);
	ck_assert_int_eq(sniff("\x8c\x0d\x09\x09\x03\x02", 6, "", ""), DOC_BINARY);
	ck_assert_int_eq(sniff("x", 1, "", "notes.gpg"), DOC_PGP);
	ck_assert_int_eq(sniff("-----BEGIN CMS-----\n", 20, "", ""), DOC_CMS);
	ck_assert_int_eq(sniff("<?xml version=\"1.0\"?><a/>", 25, "application/octet-stream", ""), DOC_HTML);
	ck_assert_int_eq(sniff("anything", 8, "", "page.mht"), DOC_MESSAGE);
	ck_assert(doctype_is_container(DOC_ZIP));
	ck_assert(!doctype_is_container(DOC_TEXT));
}
END_TEST

START_TEST(findings_merge_keeps_one_of_each)
{
	struct findings a, b;
	findings_init(&a);
	findings_init(&b);
	int wa = findings_where(&a, "body (part 1)", "1", "text/plain", "", "", "");
	findings_add(&a, 4, "[RESTRICTED]", 12, "x ", 2, wa);
	findings_uninspectable(&a, wa, "why");
	/* The same place and finding (seen twice), another finding, another
	 * place, the same uninspectable part and a note. */
	int wb = findings_where(&b, "body (part 1)", "1", "text/plain", "", "", "");
	int wc = findings_where(&b, "attachment \"a\" (part 2)", "2", "", "a", "", "");
	findings_add(&b, 4, "[RESTRICTED]", 12, "x ", 2, wb);
	findings_add(&b, 4, "[RESTRICTED]", 12, "x ", 2, wb);
	findings_add(&b, 6, "[SECRET]", 8, "", 0, wc);
	findings_uninspectable(&b, wb, "why");
	findings_note(&b, wc, "a note");
	findings_merge(&a, &b);
	ck_assert_int_eq(a.err, 0);
	ck_assert_uint_eq(a.nw, 2);
	ck_assert_uint_eq(a.nf, 2);
	ck_assert_uint_eq(a.f[0].count, 2);
	ck_assert_int_eq(a.f[1].where, 1);
	ck_assert_int_eq(a.level, 6);
	ck_assert_uint_eq(a.nu, 1);
	ck_assert_uint_eq(a.nn, 1);
	ck_assert_int_eq(a.n[0].where, 1);
	findings_free(&a);
	findings_free(&b);
}
END_TEST

START_TEST(stamps)
{
	struct buf b = BUF_INIT_MAX(0), u = BUF_INIT_MAX(0);
	stamp_escape(&b, "P\xc5\xabrongo \"q\"\r\n", 14, 1);
	ck_assert_str_eq(b.p, "P\\u{16B}rongo \\\"q\\\"  ");
	stamp_unescape(b.p, b.len, &u);
	ck_assert_str_eq(u.p, "P\xc5\xabrongo \"q\"  ");
	/* Text that looks like an escape reads back as written. */
	buf_reset(&b);
	buf_reset(&u);
	stamp_escape(&b, "a\\u{41}b", 8, 0);
	stamp_unescape(b.p, b.len, &u);
	ck_assert_str_eq(u.p, "a\\u{41}b");
	buf_reset(&b);
	char longv[300];
	memset(longv, 'w', sizeof longv);
	for (int i = 10; i < 299; i += 11)
		longv[i] = ' ';
	longv[299] = 0;
	stamp_field(&b, "X-SEEMail-Trigger", longv, "\r\n");
	for (char *l = b.p; *l;) {
		char *e = strstr(l, "\r\n");
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_le((size_t)(e - l), 78);
		l = e + 2;
	}
	const char *m = "X-SEEMail-Trigger: a\n b\nSubject: s\nx-seemail-policy: p\n\nX-SEEMail-Trigger: body\n";
	struct span *sp;
	size_t n;
	const char *names[] = { "X-SEEMail-*", NULL };
	ck_assert_int_eq(stamp_strip(m, strlen(m), names, &sp, &n), 0);
	struct buf out = BUF_INIT_MAX(0);
	for (size_t i = 0; i < n; i++)
		buf_put(&out, sp[i].p, sp[i].n);
	ck_assert_str_eq(out.p, "Subject: s\n\nX-SEEMail-Trigger: body\n");
	free(sp);
	buf_free(&out);
	buf_free(&b);
	buf_free(&u);
	ck_assert_str_eq(stamp_newline("a\r\nb", 4), "\r\n");
	ck_assert_str_eq(stamp_newline("a\nb", 3), "\n");
}
END_TEST

/* Classify a message through the library with the built-in defaults. */
static int classify_str(const char *m, struct findings *fs)
{
	static struct config cfg;
	static struct patterns *pat;
	struct classify c;
	if (pat == NULL) {
		config_defaults(&cfg);
		ck_assert_int_eq(triggers_load(&cfg, &pat), 0);
	}
	findings_init(fs);
	classify_init(&c, &cfg, pat, fs);
	return classify_message(&c, m, strlen(m));
}

START_TEST(classify_walk)
{
	struct findings fs;
	ck_assert_int_eq(classify_str("", &fs), EX_DATAERR);
	findings_free(&fs);
	ck_assert_int_eq(classify_str("Subject: [SECRET]\n\nx", &fs), 0);
	ck_assert_int_eq(fs.level, LEVEL_SECRET);
	ck_assert_str_eq(fs.w[fs.f[0].where].header, "Subject");
	findings_free(&fs);
	/* Containers without an extract hook are uninspectable, not clean. */
	ck_assert_int_eq(classify_str("Content-Type: application/zip\n\nPK\3\4rest", &fs), 0);
	ck_assert_uint_eq(fs.nu, 1);
	findings_free(&fs);
	/* Deep nesting stops at mime_depth, as uninspectable. */
	struct buf m = BUF_INIT_MAX(0);
	for (int i = 0; i < 100; i++)
		buf_printf(&m, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
	buf_puts(&m, "Content-Type: text/plain\n\n[RESTRICTED]\n");
	ck_assert_int_eq(classify_str(m.p, &fs), 0);
	ck_assert_uint_ge(fs.nu, 1);
	findings_free(&fs);
	buf_free(&m);
	/* Identical findings at one place are counted, not repeated. */
	ck_assert_int_eq(classify_str("Subject: x\n\n[SEEMAIL] [SEEMAIL] [SEEMAIL]\n", &fs), 0);
	ck_assert_uint_eq(fs.nf, 1);
	ck_assert_uint_eq(fs.f[0].count, 3);
	findings_free(&fs);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *t = tcase_create("core");
	tcase_add_test(t, utf8_strict);
	tcase_add_test(t, buf_ceiling);
	tcase_add_test(t, array_growth);
	tcase_add_test(t, levels);
	tcase_add_test(t, json_escaping);
	tcase_add_test(t, sniffing);
	tcase_add_test(t, stamps);
	tcase_add_test(t, findings_merge_keeps_one_of_each);
	tcase_add_test(t, classify_walk);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(core_suite)
