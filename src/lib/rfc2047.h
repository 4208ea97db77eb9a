/*
 * rfc2047.h: encoded words in header values.
 *
 * "=?charset?B?...?=" and "=?charset*lang?Q?...?=" are decoded in any
 * charset charset.h knows.  Leniencies, as clients have them: words
 * inside other text or quoted strings are decoded too; the white space
 * between adjacent words is dropped, and their bytes are joined before
 * conversion (a character may be split across two words); a word that is
 * not valid is kept as it was written.  Raw 8-bit text outside words is
 * read as UTF-8 where valid, else Windows-1252.
 */
#ifndef SEEMAIL_RFC2047_H
#define SEEMAIL_RFC2047_H

#include <stddef.h>

#include "buf.h"

/* Appends the decoded UTF-8 text of an unfolded header value to out. */
void rfc2047_decode(const char *v, size_t n, struct buf *out);

/* Appends s as the value of a header field, RFC 2047-encoded (UTF-8, B or
 * Q, words of at most 75 characters) if it holds anything but printable
 * ASCII, folded with nl ("\n" or "\r\n") to lines of at most 78
 * characters; col is the column where the value starts.  Control
 * characters become spaces: nothing in s can end the field early. */
void rfc2047_encode(const char *s, size_t n, size_t col, const char *nl,
    struct buf *out);

#endif
