/* test_pdf_annot.c: the strings of annotations and form fields read from
 * a PDF's bytes: escapes, encodings, hexadecimal strings, what is not a
 * string, object streams (compressed here with zlib) and the bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check_main.h"
#include "pdf_annot.h"

static char got[1 << 16];
static size_t ngot;

static void collect(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_lt(ngot + n, sizeof got);
	memcpy(got + ngot, s, n);
	ngot += n;
	got[ngot] = '\0';
}

static enum pdf_annot_status scan_n(const char *pdf, size_t n, size_t inflate_max)
{
	ngot = 0;
	got[0] = '\0';
	return pdf_annot_text(pdf, n, inflate_max, collect, NULL, NULL);
}

static const char *scan(const char *pdf)
{
	ck_assert_int_eq(scan_n(pdf, strlen(pdf), 1 << 20), PDF_ANNOT_OK);
	return got;
}

START_TEST(keys_and_escapes)
{
	/* A sticky note, a field, and what is passed over: a page's
	 * /Contents reference, a key that is not ours, a name value. */
	ck_assert_str_eq(scan("3 0 obj << /Type /Page /Contents 6 0 R >> endobj\n"
	    "7 0 obj << /Subtype /Text /Contents (Mark this [SECRET]) /T (Ann) >> endobj\n"
	    "8 0 obj << /FT /Tx /V (filled) /DV (default) /TU (tip) /Title (no) /V /Off >> endobj"),
	    "Mark this [SECRET]\nAnn\nfilled\ndefault\ntip\n");
	/* Escapes: parentheses (balanced and escaped), octal, line ends,
	 * a continued line, an unknown escape. */
	ck_assert_str_eq(scan("/Contents (a(b)c\\)\\(\\\\ \\101\\62\\0033 x\\\ny\\r\\t\\q)"),
	    "a(b)c)(\\ A2\0033 xy\r\tq\n");
	ck_assert_str_eq(scan("/Contents (one\r\ntwo\rthree)"), "one\ntwo\nthree\n");
	/* Names end at any delimiter; /Contents2 is another key. */
	ck_assert_str_eq(scan("/Contents2 (no)/Contents(yes)/V<5B53>"), "yes\n[S\n");
}
END_TEST

START_TEST(encodings)
{
	/* UTF-16BE with its mark, as literal and as hexadecimal string, a
	 * pair of surrogates, a lone one. */
	ck_assert_str_eq(scan("/V (\\376\\377\\000[\\000R\\000])"), "[R]\n");
	ck_assert_str_eq(scan("/V <FE FF 00 5B D8 3D DE 00 00 5D>"), "[\xf0\x9f\x98\x80]\n");
	ck_assert_str_eq(scan("/V <FEFFDC00 0041>"), "\xef\xbf\xbd" "A\n");
	ck_assert_str_eq(scan("/V <FEFF00>"), "\xef\xbf\xbd\n");
	/* UTF-8 with its mark (PDF 2.0). */
	ck_assert_str_eq(scan("/V <EFBBBF5BC3A95D>"), "[\xc3\xa9]\n");
	/* PDFDocEncoding: Latin-1 and its own 0x80-0xA0; a lone 0xFE. */
	ck_assert_str_eq(scan("/V (\\204\\351\\240\\376)"), "\xe2\x80\x94\xc3\xa9\xe2\x82\xac\xc3\xbe\n");
	/* A hexadecimal string with an odd number of digits ends in 0. */
	ck_assert_str_eq(scan("/V <5B4>"), "[@\n");
	/* Not strings: a dictionary, a bad digit. */
	ck_assert_str_eq(scan("/V << /Contents (in) >> /T <5G>"), "in\n");
}
END_TEST

/* An object stream holding objs, compressed, with the dictionary given. */
static size_t objstm(char *out, size_t cap, const char *dict, const char *objs)
{
	unsigned char z[8192];
	uLongf zn = sizeof z;
	ck_assert_int_eq(compress(z, &zn, (const unsigned char *)objs, strlen(objs)), Z_OK);
	int k = snprintf(out, cap, "%%PDF-1.5\n9 0 obj\n<< %s /Length %lu >>\nstream\r\n", dict, (unsigned long)zn);
	ck_assert(k > 0 && (size_t)k + zn + 40 < cap);
	memcpy(out + k, z, zn);
	k += (int)zn;
	k += snprintf(out + k, cap - (size_t)k, "\nendstream\nendobj\n/T (after)\n");
	return (size_t)k;
}

START_TEST(object_streams)
{
	char pdf[16384];
	const char *objs = "10 0 11 40 << /Subtype /Text /Contents (inside [RESTRICTED]) >> "
	    "<< /FT /Tx /V (value) >>";
	size_t n = objstm(pdf, sizeof pdf, "/Type /ObjStm /N 2 /First 10 /Filter /FlateDecode", objs);

	ck_assert_int_eq(scan_n(pdf, n, 1 << 20), PDF_ANNOT_OK);
	ck_assert_str_eq(got, "inside [RESTRICTED]\nvalue\nafter\n");
	/* The other order of the keys, and /Type/ObjStm without a space. */
	n = objstm(pdf, sizeof pdf, "/Filter/FlateDecode/Type/ObjStm /N 2 /First 10", objs);
	ck_assert_int_eq(scan_n(pdf, n, 1 << 20), PDF_ANNOT_OK);
	ck_assert_str_eq(got, "inside [RESTRICTED]\nvalue\nafter\n");
	/* Past the inflate budget: what fits is read, and the result says
	 * not all was. */
	ck_assert_int_eq(scan_n(pdf, n, 20), PDF_ANNOT_CUT);
	ck_assert_ptr_null(strstr(got, "RESTRICTED"));
	/* A dictionary padded so that "stream" lies past DICT_MAX (4 KB):
	 * the stream is not read, and the result says so. */
	char pad[6000];
	memset(pad, ' ', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	memcpy(pad, "/Type /ObjStm /Filter /FlateDecode /Pad", 39);
	n = objstm(pdf, sizeof pdf, pad, objs);
	ck_assert_int_eq(scan_n(pdf, n, 1 << 20), PDF_ANNOT_CUT);
	ck_assert_ptr_null(strstr(got, "RESTRICTED"));
	/* A predictor is not ours to undo: the stream is passed over. */
	n = objstm(pdf, sizeof pdf, "/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 >>", objs);
	ck_assert_int_eq(scan_n(pdf, n, 1 << 20), PDF_ANNOT_OK);
	ck_assert_str_eq(got, "after\n");
	/* Damaged compressed data: what inflates is read, the rest is not. */
	n = objstm(pdf, sizeof pdf, "/Type /ObjStm /Filter /FlateDecode", objs);
	char *s = memmem(pdf, n, "stream\r\n", 8);
	ck_assert_ptr_nonnull(s);
	s[8 + 20] ^= 0x55;
	ck_assert_int_ne(scan_n(pdf, n, 1 << 20), PDF_ANNOT_NOMEM);
}
END_TEST

START_TEST(file_attachments_are_reported)
{
	char pdf[16384];
	int attached = -1;
	const char *plain = "9 0 obj << /Subtype /Text /Contents (note) >> endobj";
	const char *attach = "9 0 obj << /Type /Annot /Subtype /FileAttachment /FS 10 0 R "
	    "/Contents (a file) >> endobj";

	ck_assert_int_eq(pdf_annot_text(plain, strlen(plain), 1 << 20, collect, NULL, &attached),
	    PDF_ANNOT_OK);
	ck_assert_int_eq(attached, 0);
	ck_assert_int_eq(pdf_annot_text(attach, strlen(attach), 1 << 20, collect, NULL, &attached),
	    PDF_ANNOT_OK);
	ck_assert_int_eq(attached, 1);
	/* Inside an object stream, as PDF 1.5 writers put it. */
	size_t n = objstm(pdf, sizeof pdf, "/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode",
	    "9 0 << /Subtype/FileAttachment /FS 10 0 R >>");
	attached = 0;
	ck_assert_int_eq(pdf_annot_text(pdf, n, 1 << 20, collect, NULL, &attached), PDF_ANNOT_OK);
	ck_assert_int_eq(attached, 1);
}
END_TEST

START_TEST(bounds)
{
	/* A string that never closes is no string: the scan goes on at
	 * the next name. */
	ck_assert_str_eq(scan("/T (never closed /V (x) /V (y"), "x\n");
	size_t big = 200000;
	char *p = malloc(big + 64);
	ck_assert_ptr_nonnull(p);
	/* Longer than STRING_MAX: not a string either. */
	strcpy(p, "/V (");
	memset(p + 4, 'a', big);
	strcpy(p + 4 + big, ") /T (short)");
	ck_assert_int_eq(scan_n(p, strlen(p), 1 << 20), PDF_ANNOT_OK);
	ck_assert_str_eq(got, "short\n");
	/* Many false starts cost a bounded amount, then the scan stops and
	 * says so (the budget is 4 bytes per input byte plus 1 MB). */
	size_t n = 0;
	char *q = malloc(4 << 20);
	ck_assert_ptr_nonnull(q);
	while (n + 4 < (size_t)(4 << 20)) {
		memcpy(q + n, "/T (", 4);
		n += 4;
	}
	ck_assert_int_eq(scan_n(q, n, 1 << 20), PDF_ANNOT_CUT);
	/* As many "/ObjStm" names with no stream behind them. */
	for (n = 0; n + 7 < (size_t)(4 << 20); n += 7)
		memcpy(q + n, "/ObjStm", 7);
	ck_assert_int_eq(scan_n(q, n, 1 << 20), PDF_ANNOT_CUT);
	free(p);
	free(q);
}
END_TEST

static Suite *pdf_annot_suite(void)
{
	Suite *s = suite_create("pdf_annot");
	TCase *t = tcase_create("core");

	tcase_set_timeout(t, 20);
	tcase_add_test(t, keys_and_escapes);
	tcase_add_test(t, encodings);
	tcase_add_test(t, object_streams);
	tcase_add_test(t, file_attachments_are_reported);
	tcase_add_test(t, bounds);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(pdf_annot_suite)
