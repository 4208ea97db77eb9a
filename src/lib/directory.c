/*
 * directory.c: parsing and look-up of the agency directory.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "buf.h"
#include "directory.h"
#include "log.h"
#include "status.h"

void directory_free(struct directory *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->e[i].domain);
		free(d->e[i].cert);
		free(d->e[i].agency);
	}
	free(d->e);
	free(d->name);
	memset(d, 0, sizeof *d);
}

#define DIR_LINE_MAX 4096

/* A domain of two labels or more: a rule for a single label (".nz",
 * "test") would make a whole top-level domain one agency. */
static int valid_domain(const char *s, size_t n)
{
	size_t start = s[0] == '.' ? 1 : 0;

	if (n <= start || n > 253 || !memchr(s + start, '.', n - start))
		return 0;
	for (size_t i = start; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || c == '-' || c == '.' || c == '_'))
			return 0;
		if (c == '.' && (i == start || i + 1 == n || s[i - 1] == '.'))
			return 0;
	}
	return 1;
}

int directory_parse(struct directory *d, const char *text, size_t len,
    const char *name, const char *basedir)
{
	const char *p = text, *end = text + len;
	unsigned lineno = 0;
	int errors = 0;

	free(d->name);
	d->name = strdup(name);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *f[4];
		size_t fl[4];
		int nf = 0;
		lineno++;
		if ((size_t)(e - p) > DIR_LINE_MAX) {
			log_msg(LOG_ERR, "%s:%u: line too long (more than %d bytes)", name, lineno,
			    DIR_LINE_MAX);
			errors++;
			goto next;
		}
		const char *hash = memchr(p, '#', (size_t)(e - p));
		if (hash)
			e = hash;
		/* Three words, then the agency name (the rest of the line). */
		const char *q = p;
		while (nf < 4) {
			while (q < e && isspace((unsigned char)*q))
				q++;
			if (q >= e)
				break;
			f[nf] = q;
			if (nf == 3) {
				const char *t = e;
				while (t > q && isspace((unsigned char)t[-1]))
					t--;
				fl[nf++] = (size_t)(t - q);
				break;
			}
			while (q < e && !isspace((unsigned char)*q))
				q++;
			fl[nf] = (size_t)(q - f[nf]);
			nf++;
		}
		if (nf == 0)
			goto next;
		if (nf < 4) {
			log_msg(LOG_ERR, "%s:%u: expected \"DOMAIN COMMUNITY CERT AGENCY NAME\"",
			    name, lineno);
			errors++;
			goto next;
		}
		if (!valid_domain(f[0], fl[0])) {
			log_msg(LOG_ERR, "%s:%u: \"%.*s\" is not a domain of two labels or more (IDNs "
			    "in their ASCII xn-- form)", name, lineno, (int)(fl[0] > 80 ? 80 : fl[0]), f[0]);
			errors++;
			goto next;
		}
		int community, sge = 0;
		size_t cl = fl[1];
		if (cl > 4 && strncasecmp(f[1] + cl - 4, ",sge", 4) == 0) {
			sge = 1;
			cl -= 4;
		}
		if (cl == 8 && strncasecmp(f[1], "standard", 8) == 0)
			community = COMMUNITY_STANDARD;
		else if (cl == 10 && strncasecmp(f[1], "restricted", 10) == 0)
			community = COMMUNITY_RESTRICTED;
		else {
			log_msg(LOG_ERR, "%s:%u: community \"%.*s\": expected standard or restricted "
			    "(optionally with \",sge\")", name, lineno, (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
			errors++;
			goto next;
		}
		char domain[256];
		for (size_t i = 0; i < fl[0]; i++)
			domain[i] = (char)tolower((unsigned char)f[0][i]);
		domain[fl[0]] = '\0';
		for (size_t i = 0; i < d->n; i++)
			if (strcmp(d->e[i].domain, domain) == 0) {
				log_msg(LOG_ERR, "%s:%u: %s is already listed at line %u (%s)", name,
				    lineno, domain, d->e[i].line, d->e[i].agency);
				errors++;
				goto next;
			}
		if (d->n == d->cap) {
			size_t nc = d->cap ? d->cap * 2 : 64;
			struct dir_entry *ne = realloc(d->e, nc * sizeof *ne);
			if (ne == NULL)
				return EX_TEMPFAIL;
			d->e = ne;
			d->cap = nc;
		}
		struct dir_entry *en = &d->e[d->n];
		memset(en, 0, sizeof *en);
		en->domain = strdup(domain);
		en->community = community;
		en->sge = sge;
		en->line = lineno;
		en->agency = strndup(f[3], fl[3]);
		if (!(fl[2] == 1 && f[2][0] == '-')) {
			struct buf b = BUF_INIT_MAX(4096);
			if (f[2][0] != '/' && basedir) {
				buf_puts(&b, basedir);
				buf_putc(&b, '/');
			}
			buf_put(&b, f[2], fl[2]);
			en->cert = b.err ? NULL : buf_take(&b, NULL);
			if (en->cert == NULL) {
				/* The buffer and the entry's strings leaked here,
				 * and a path past the ceiling is the file's error,
				 * not a transient one.  (Found by fuzz_directory.) */
				int toolong = b.err == EFBIG;
				buf_free(&b);
				free(en->domain);
				free(en->agency);
				if (!toolong)
					return EX_TEMPFAIL;
				log_msg(LOG_ERR, "%s:%u: the certificate path is too long", name, lineno);
				errors++;
				goto next;
			}
		}
		if (!en->domain || !en->agency) {
			free(en->domain);
			free(en->agency);
			free(en->cert);
			return EX_TEMPFAIL;
		}
		d->n++;
next:
		p = nl ? nl + 1 : end;
	}
	return errors ? EX_CONFIG : 0;
}

int directory_load(const struct config *c, struct directory *d)
{
	char *text, *basedir = NULL;
	size_t len;
	int st;

	memset(d, 0, sizeof *d);
	st = config_read_file(c->directory, "directory", &text, &len);
	if (st)
		return st;
	if (c->directory) {
		const char *slash = strrchr(c->directory, '/');
		basedir = slash ? strndup(c->directory, (size_t)(slash - c->directory)) : strdup(".");
	}
	st = directory_parse(d, text, len, c->directory ? c->directory : "built-in directory",
	    basedir);
	free(basedir);
	free(text);
	return st;
}

const struct dir_entry *directory_lookup(const struct directory *d, const char *domain)
{
	const struct dir_entry *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct dir_entry *e = &d->e[i];
		if (e->domain[0] != '.') {
			if (strcasecmp(e->domain, domain) == 0)
				return e;
		} else if (domain_match(domain, e->domain) && strlen(e->domain) > bestlen) {
			best = e;
			bestlen = strlen(e->domain);
		}
	}
	return best;
}

const struct dir_entry *directory_lookup_addr(const struct directory *d, const char *addr)
{
	char dom[256];

	if (addr_domain(addr, dom, sizeof dom) < 0)
		return NULL;
	return directory_lookup(d, dom);
}
