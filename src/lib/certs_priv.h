/*
 * certs_priv.h: what certs.c shares with certs_check.c.
 */
#ifndef SEEMAIL_CERTS_PRIV_H
#define SEEMAIL_CERTS_PRIV_H

#include <stddef.h>

/* Reads a whole small file (path, or the open fd if fd >= 0) into
 * memory that OPENSSL_free() releases, NUL-terminated.  Errors are
 * logged at prio.  Returns 0; fail_status (if not 0) for any open or
 * read error, else EX_CONFIG for a missing or unreadable file and
 * EX_TEMPFAIL for the others; EX_CONFIG for a file larger than max. */
int certs_slurp(const char *path, int fd, size_t max, int prio, int fail_status,
    unsigned char **data, size_t *len);

#endif
