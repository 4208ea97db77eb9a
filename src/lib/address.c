/*
 * address.c: enough RFC 5322 address syntax to find addr-specs.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "address.h"

/* A local part: quoted, or without blanks, controls or specials (an
 * unquoted '@' or space would let "eve@evil.example bob@member" pass for
 * a member's address). */
static int local_ok(const char *s, const char *end)
{
	if (end - s >= 2 && *s == '"' && end[-1] == '"')
		return 1;
	if (s == end)
		return 0;
	for (; s < end; s++)
		if ((unsigned char)*s <= 32 || *s == 127 || strchr("@<>()[],;:\\\"", *s))
			return 0;
	return 1;
}

int addr_domain(const char *addr, char *out, size_t outsz)
{
	const char *lt = strchr(addr, '<');
	const char *spec = lt ? lt + 1 : addr;
	const char *at = strrchr(spec, '@'), *rest;
	size_t n;

	if (at == NULL || outsz == 0 || !local_ok(spec, at))
		return -1;
	at++;
	n = strcspn(at, ">");
	rest = at + n;
	/* Nothing after the domain but the '>' that closes a '<'. */
	if (lt ? *rest != '>' || rest[1 + strspn(rest + 1, " \t")] != '\0' : *rest != '\0')
		return -1;
	if (n && at[n - 1] == '.')
		n--;
	if (n == 0 || n >= outsz || at[0] == '.')
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)at[i];
		if (c <= 32 || c == 127 || strchr("@<>\"(),;:[]\\", c) || (c == '.' && at[i + 1] == '.'))
			return -1;
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	return 0;
}

int domain_match(const char *d, const char *pattern)
{
	if (pattern[0] != '.')
		return strcasecmp(d, pattern) == 0;
	size_t dl = strlen(d), pl = strlen(pattern);
	return dl > pl && strcasecmp(d + dl - pl, pattern) == 0;
}

/* Scans one address-list element at p; calls fn with its addr-spec.
 * Returns the position after it. */
static const char *one(const char *p, const char *end,
    void (*fn)(const char *, size_t, void *), void *ctx)
{
	char spec[1024];
	size_t n = 0;
	int angle = 0, have_angle = 0;

	while (p < end) {
		char c = *p;
		if (c == '"') {
			/* A quoted string: part of a local part or a name. */
			if (!have_angle || angle) {
				if (n < sizeof spec - 1)
					spec[n++] = c;
			}
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if ((!have_angle || angle) && n < sizeof spec - 1)
					spec[n++] = *p;
			}
			if ((!have_angle || angle) && n < sizeof spec - 1)
				spec[n++] = '"';
			if (p < end)
				p++;
			continue;
		}
		if (c == '(') {
			int depth = 0;
			for (; p < end; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				else if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0) {
					p++;
					break;
				}
			}
			continue;
		}
		if (c == '<') {
			angle = have_angle = 1;
			n = 0;          /* what came before was a display name */
			p++;
			continue;
		}
		if (c == '>') {
			angle = 0;
			p++;
			continue;
		}
		if (c == ':' && !angle) {
			n = 0;          /* a group's name */
			p++;
			continue;
		}
		if ((c == ',' || c == ';') && !angle)
			break;
		if (!isspace((unsigned char)c) && (angle || !have_angle) && n < sizeof spec - 1)
			spec[n++] = c;
		p++;
	}
	spec[n] = '\0';
	if (n && memchr(spec, '@', n))
		fn(spec, n, ctx);
	return p < end ? p + 1 : end;
}

void addr_each(const char *value, size_t n, void (*fn)(const char *, size_t, void *),
    void *ctx)
{
	const char *p = value, *end = value + n;

	while (p < end)
		p = one(p, end, fn, ctx);
}

struct first {
	struct buf *out;
	int found;
};

static void take_first(const char *a, size_t n, void *ctx)
{
	struct first *f = ctx;
	if (!f->found) {
		buf_put(f->out, a, n);
		f->found = 1;
	}
}

int addr_first(const char *value, size_t n, struct buf *out)
{
	struct first f = { out, 0 };

	addr_each(value, n, take_first, &f);
	return f.found ? 0 : -1;
}
