/*
 * address.h: mail addresses and their domains.
 */
#ifndef SEEMAIL_ADDRESS_H
#define SEEMAIL_ADDRESS_H

#include <stddef.h>

#include "buf.h"

/* The domain of an address ("Bob <bob@Example.ORG.>" or
 * "<bob@example.org>" or "bob@example.org"), lower case, without its
 * one trailing dot, into out.  Returns 0, or -1 if it has no domain or
 * is not one address: a local part with blanks, controls or specials
 * (unless quoted), an empty label, anything after the domain but a '>'
 * that closes a '<'. */
int addr_domain(const char *addr, char *out, size_t outsz);

/* The first mailbox's addr-spec in a From/To-style header value
 * (unfolded): display names, comments, quoted strings, angle brackets
 * and groups are understood.  Appends it to out; returns 0 or -1. */
int addr_first(const char *value, size_t n, struct buf *out);

/* Calls fn for every addr-spec in an address-list header value. */
void addr_each(const char *value, size_t n, void (*fn)(const char *a, size_t an, void *ctx),
    void *ctx);

/* 1 if domain d equals pattern, or pattern begins with '.' and d is a
 * subdomain of pattern; ASCII case-insensitive. */
int domain_match(const char *d, const char *pattern);

#endif
