/*
 * tarhdr.h: a tar header block's numbers and checksum, for the tar
 * reader and for sniffing a tar that has no "ustar" mark (V7 and old GNU
 * tars), whose only sign is a header block whose checksum holds.
 */
#ifndef SEEMAIL_TARHDR_H
#define SEEMAIL_TARHDR_H

#include <stddef.h>

#define TAR_BLOCK 512

/* An octal (or base-256) number field; -1 if it is not one. */
long long tar_number(const unsigned char *p, size_t n);

/* 1 if the 512-byte block's checksum holds, as POSIX sums it (unsigned
 * bytes) or as some old tars did (signed). */
int tar_checksum_ok(const unsigned char *h);

/* 1 if h (n bytes) starts with a tar header: a name, a size, and a
 * checksum that holds (an all-zero block is not one). */
int tar_header_at(const unsigned char *h, size_t n);

#endif
