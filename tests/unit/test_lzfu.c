/* test_lzfu.c: compressed RTF ([MS-OXRTFCP]): the specification's example,
 * streams made here by a small compressor, the uncompressed "MELA" form,
 * and damaged streams. */
#include <stdint.h>
#include <string.h>

#include "check_main.h"
#include "lzfu.h"

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A compressor for tests: greedy matches against the same dictionary the
 * decompressor keeps (sources that do not overlap what they write), then
 * the end mark.  Returns the stream's length in out. */
static size_t compress(const char *in, size_t n, unsigned char *out, size_t cap)
{
	unsigned char dict[4096];
	unsigned w = LZFU_PREFIX_LEN;
	size_t o = LZFU_HEADER, i = 0, ctl = 0;
	int bit = 8, done = 0;

	memcpy(dict, lzfu_prefix, LZFU_PREFIX_LEN);
	memset(dict + LZFU_PREFIX_LEN, 0, sizeof dict - LZFU_PREFIX_LEN);
	while (!done) {
		if (bit == 8) {
			ck_assert_uint_lt(o, cap);
			ctl = o++;
			out[ctl] = 0;
			bit = 0;
		}
		ck_assert_uint_lt(o + 2, cap);
		if (i == n) {
			/* The end mark: a reference to the write position. */
			out[ctl] |= (unsigned char)(1 << bit);
			out[o++] = (unsigned char)(w >> 4);
			out[o++] = (unsigned char)((w & 15) << 4);
			done = 1;
			break;
		}
		unsigned best = 0, best_off = 0;
		for (unsigned off = 0; off < 4096; off++) {
			unsigned len = 0;
			/* The source must not reach the bytes being written. */
			while (len < 17 && i + len < n && (off + len) % 4096 != w &&
			    dict[(off + len) % 4096] == (unsigned char)in[i + len])
				len++;
			if (len > best && off != w) {
				best = len;
				best_off = off;
			}
		}
		if (best >= 2) {
			out[ctl] |= (unsigned char)(1 << bit);
			unsigned ref = best_off << 4 | (best - 2);
			out[o++] = (unsigned char)(ref >> 8);
			out[o++] = (unsigned char)ref;
			for (unsigned k = 0; k < best; k++) {
				dict[w] = (unsigned char)in[i++];
				w = (w + 1) % 4096;
			}
		} else {
			out[o++] = (unsigned char)in[i];
			dict[w] = (unsigned char)in[i++];
			w = (w + 1) % 4096;
		}
		bit++;
	}
	put32(out, (uint32_t)(o - 4));
	put32(out + 4, (uint32_t)n);
	put32(out + 8, LZFU_COMPRESSED);
	put32(out + 12, lzfu_crc(out + LZFU_HEADER, o - LZFU_HEADER));
	return o;
}

static int decompress(const void *in, size_t n, size_t max, struct buf *out)
{
	buf_free(out);
	return lzfu_decompress(in, n, max, out);
}

START_TEST(the_specification_example)
{
	/* [MS-OXRTFCP] section 4.1.1: "{\rtf1\ansi\ansicpg1252\pard hello
	 * world}" CRLF, compressed. */
	static const unsigned char ex[] = {
		0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75,
		0xf1, 0xc5, 0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67,
		0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09,
		0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
		0xa0,
	};
	struct buf out = BUF_INIT_MAX(0);

	ck_assert_int_eq(decompress(ex, sizeof ex, 1 << 20, &out), LZFU_OK);
	ck_assert_str_eq(out.p, "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
	/* The CRC in the header is the one lzfu_crc computes. */
	ck_assert_uint_eq(lzfu_crc(ex + 16, sizeof ex - 16), 0xa7c7c5f1u);
	buf_free(&out);
}
END_TEST

START_TEST(round_trip_through_the_dictionary)
{
	static unsigned char z[1 << 16];
	struct buf in = BUF_INIT_MAX(0), out = BUF_INIT_MAX(0);

	/* Long enough to wrap the 4096-byte dictionary several times, with
	 * repeats near and far and the prefix's own words. */
	buf_puts(&in, "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\r\n");
	for (int k = 0; k < 400; k++)
		buf_printf(&in, "\\pard\\plain\\f0\\fs20 line %d of [RESTRICTED] text %d\\par\r\n", k, k * k);
	buf_puts(&in, "}\r\n");
	ck_assert_int_eq(in.err, 0);
	size_t zn = compress(in.p, in.len, z, sizeof z);
	ck_assert_uint_lt(zn, in.len / 2);      /* it did compress */
	ck_assert_int_eq(decompress(z, zn, 1 << 20, &out), LZFU_OK);
	ck_assert_uint_eq(out.len, in.len);
	ck_assert_mem_eq(out.p, in.p, in.len);
	buf_free(&in);
	buf_free(&out);
}
END_TEST

START_TEST(a_reference_may_copy_what_it_writes)
{
	/* A literal 'a' at 207, then a reference to 207 of length 17: the
	 * copy reads each byte just written, a run of 'a'. */
	unsigned char s[32] = { 0 };
	size_t o = 16;
	s[o++] = 0x02 | 0x04;           /* token 1 literal, 2 and 3 references */
	s[o++] = 'a';
	s[o++] = (unsigned char)(207 >> 4);
	s[o++] = (unsigned char)((207 & 15) << 4 | 15);
	unsigned end = 207 + 1 + 17;
	s[o++] = (unsigned char)(end >> 4);
	s[o++] = (unsigned char)((end & 15) << 4);
	put32(s, (uint32_t)(o - 4));
	put32(s + 4, 18);
	put32(s + 8, LZFU_COMPRESSED);
	struct buf out = BUF_INIT_MAX(0);
	ck_assert_int_eq(decompress(s, o, 100, &out), LZFU_OK);
	ck_assert_str_eq(out.p, "aaaaaaaaaaaaaaaaaa");
	buf_free(&out);
}
END_TEST

START_TEST(uncompressed_mela_form)
{
	const char *rtf = "{\\rtf1 [SECRET] plain}";
	unsigned char s[64];
	struct buf out = BUF_INIT_MAX(0);
	size_t n = strlen(rtf);

	put32(s, (uint32_t)(n + 12));
	put32(s + 4, (uint32_t)n);
	put32(s + 8, LZFU_UNCOMPRESSED);
	put32(s + 12, 0);
	memcpy(s + 16, rtf, n);
	ck_assert_int_eq(decompress(s, 16 + n, 1000, &out), LZFU_OK);
	ck_assert_str_eq(out.p, rtf);
	/* A raw size past the data: what is there, and the cut is said. */
	put32(s + 4, (uint32_t)n + 10);
	ck_assert_int_eq(decompress(s, 16 + n, 1000, &out), LZFU_TRUNCATED);
	ck_assert_str_eq(out.p, rtf);
	buf_free(&out);
}
END_TEST

START_TEST(damaged_streams)
{
	static unsigned char z[4096];
	const char *rtf = "{\\rtf1\\ansi [SECRET] and more text, more text, more text}";
	struct buf out = BUF_INIT_MAX(0);
	size_t zn = compress(rtf, strlen(rtf), z, sizeof z);

	ck_assert_int_eq(decompress(z, 10, 1000, &out), LZFU_SHORT);
	/* Cut short: no end mark; what was decoded is kept. */
	ck_assert_int_eq(decompress(z, zn - 3, 1000, &out), LZFU_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(out.p, "[SECRET]"));
	/* A compressed size larger than the data is the same cut. */
	put32(z, (uint32_t)zn + 100);
	ck_assert_int_eq(decompress(z, zn - 3, 1000, &out), LZFU_TRUNCATED);
	put32(z, (uint32_t)(zn - 4));
	/* The output ceiling. */
	ck_assert_int_eq(decompress(z, zn, 10, &out), LZFU_TOO_BIG);
	ck_assert_uint_eq(out.len, 10);
	/* Unknown type. */
	put32(z + 8, 0x12345678);
	ck_assert_int_eq(decompress(z, zn, 1000, &out), LZFU_BAD_TYPE);
	ck_assert_str_ne(lzfu_strerror(LZFU_BAD_TYPE), "");
	buf_free(&out);
}
END_TEST

static Suite *lzfu_suite(void)
{
	Suite *s = suite_create("lzfu");
	TCase *tc = tcase_create("lzfu");
	tcase_add_test(tc, the_specification_example);
	tcase_add_test(tc, round_trip_through_the_dictionary);
	tcase_add_test(tc, a_reference_may_copy_what_it_writes);
	tcase_add_test(tc, uncompressed_mela_form);
	tcase_add_test(tc, damaged_streams);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(lzfu_suite)
