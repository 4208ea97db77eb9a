/*
 * tarhdr.c: tar header numbers and checksums (see tarhdr.h).
 */
#include "tarhdr.h"

/* An octal (or base-256) number field; -1 if it is not one. */
long long tar_number(const unsigned char *p, size_t n)
{
	unsigned long long v = 0;
	size_t i = 0;

	if (p[0] & 0x80) {              /* GNU base-256 */
		if (p[0] != 0x80)
			return -1;      /* negative or huge */
		for (i = 1; i < n; i++) {
			if (v >> 55)
				return -1;
			v = v << 8 | p[i];
		}
		return (long long)v;
	}
	while (i < n && (p[i] == ' ' || p[i] == '\0'))
		i++;
	if (i == n)
		return 0;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v << 3 | (unsigned)(p[i] - '0');
	}
	if (i < n && p[i] != ' ' && p[i] != '\0')
		return -1;
	return (long long)v;
}

/* The header's checksum, as POSIX sums it (unsigned bytes) or as some
 * old tars did (signed). */
int tar_checksum_ok(const unsigned char *h)
{
	long long want = tar_number(h + 148, 8), sum = 0, ssum = 0;
	for (size_t i = 0; i < TAR_BLOCK; i++) {
		unsigned char b = (i >= 148 && i < 156) ? ' ' : h[i];
		sum += b;
		ssum += (signed char)b;
	}
	return want >= 0 && (want == sum || want == ssum);
}

int tar_header_at(const unsigned char *h, size_t n)
{
	return n >= TAR_BLOCK && h[0] != '\0' && tar_number(h + 124, 12) >= 0 && tar_checksum_ok(h);
}
