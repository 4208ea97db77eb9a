/*
 * directory.h: the SEEMail agencies, their domains and certificates.
 *
 * One line per domain:  DOMAIN COMMUNITY CERT AGENCY NAME...
 *   DOMAIN     a mail domain; a leading dot matches its subdomains only
 *   COMMUNITY  standard or restricted, optionally followed by ",sge" for
 *              an agency that now sends by Secure Government Email
 *              (DKIM/DMARC) instead of S/MIME
 *   CERT       a PEM file with the agency's gateway certificate (relative
 *              to the directory file), or "-" for none yet
 *   AGENCY     the agency's name: the lines with the same name are one
 *              agency, whose certificate may sign for all its domains
 * '#' starts a comment.  A domain may appear once.
 */
#ifndef SEEMAIL_DIRECTORY_H
#define SEEMAIL_DIRECTORY_H

#include <stddef.h>

#include "config.h"

enum community { COMMUNITY_STANDARD, COMMUNITY_RESTRICTED };

struct dir_entry {
	char *domain;           /* lower case, as written (leading dot kept) */
	int community;
	int sge;
	char *cert;             /* absolute or relative-resolved path, or NULL */
	char *agency;
	unsigned line;
};

struct directory {
	char *name;             /* the file, or "built-in directory" */
	struct dir_entry *e;
	size_t n, cap;
};

/* Loads the directory the configuration names (or the built-in one).
 * Errors are logged as file:line; returns 0, EX_CONFIG or EX_TEMPFAIL. */
int directory_load(const struct config *c, struct directory *d);
int directory_parse(struct directory *d, const char *text, size_t n,
    const char *name, const char *basedir);
void directory_free(struct directory *d);

/* The entry for a domain: an exact match, else the longest leading-dot
 * entry it is a subdomain of; NULL for a non-member. */
const struct dir_entry *directory_lookup(const struct directory *d, const char *domain);

/* The entry for an address's domain, or NULL. */
const struct dir_entry *directory_lookup_addr(const struct directory *d, const char *addr);

#endif
