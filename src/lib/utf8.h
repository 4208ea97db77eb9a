/*
 * utf8.h: UTF-8 decoding and encoding, strict (no overlongs, surrogates or
 * code points above U+10FFFF).
 */
#ifndef SEEMAIL_UTF8_H
#define SEEMAIL_UTF8_H

#include <stddef.h>

/* Decodes one sequence from p (n > 0 bytes available).  Returns its
 * length (1..4) and sets *cp, or returns 0 if the bytes at p are not a
 * valid sequence or are cut short by n (see utf8_incomplete). */
size_t utf8_decode(const unsigned char *p, size_t n, unsigned *cp);

/* 1 if p[0..n) is a valid but unfinished start of a sequence. */
int utf8_incomplete(const unsigned char *p, size_t n);

/* Writes cp (<= 0x10FFFF, not a surrogate) as UTF-8; returns 1..4, or 0
 * for a value that cannot be encoded. */
size_t utf8_encode(unsigned cp, char out[4]);

/* 1 if all of p[0..n) is valid UTF-8. */
int utf8_valid(const char *p, size_t n);

#endif
