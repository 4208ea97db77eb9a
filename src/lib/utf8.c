/*
 * utf8.c: strict UTF-8 decoding and encoding.
 */
#include "utf8.h"

/* Length of the sequence a lead byte starts, 0 for a byte that cannot
 * start one. */
static size_t seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	if (c < 0xf5)
		return 4;
	return 0;
}

/* Valid range of the second byte for a lead byte (others: 80..BF). */
static int second_ok(unsigned char lead, unsigned char c)
{
	switch (lead) {
	case 0xe0: return c >= 0xa0 && c <= 0xbf;
	case 0xed: return c >= 0x80 && c <= 0x9f;
	case 0xf0: return c >= 0x90 && c <= 0xbf;
	case 0xf4: return c >= 0x80 && c <= 0x8f;
	default:   return (c & 0xc0) == 0x80;
	}
}

size_t utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t len = seq_len(p[0]);

	if (len == 1) {
		*cp = p[0];
		return 1;
	}
	if (len == 0 || n < len || !second_ok(p[0], p[1]))
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	switch (len) {
	case 2: *cp = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f); break;
	case 3: *cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f); break;
	default: *cp = (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3f) << 12 |
		       (unsigned)(p[2] & 0x3f) << 6 | (p[3] & 0x3f); break;
	}
	return len;
}

int utf8_incomplete(const unsigned char *p, size_t n)
{
	size_t len = seq_len(p[0]);

	if (len < 2 || n >= len)
		return 0;
	if (n >= 2 && !second_ok(p[0], p[1]))
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

size_t utf8_encode(unsigned cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}
