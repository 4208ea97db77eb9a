/*
 * rtf_object.c: OLE 1.0 objects and packages (see rtf_object.h).
 *
 * The packager's native data, as Windows writes it (undocumented; the
 * layout readers agree on): a 16-bit signature, the label and the
 * original path as NUL-terminated strings, 16 reserved bits, a 16-bit
 * type (3: the file is embedded), a length-prefixed temporary path, then
 * a 32-bit size and the file's bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rtf_object.h"

struct cur {
	const unsigned char *p;
	size_t n;
};

static int u32(struct cur *c, uint32_t *v)
{
	if (c->n < 4)
		return -1;
	*v = (uint32_t)c->p[0] | (uint32_t)c->p[1] << 8 | (uint32_t)c->p[2] << 16 |
	    (uint32_t)c->p[3] << 24;
	c->p += 4;
	c->n -= 4;
	return 0;
}

static int skip(struct cur *c, size_t k)
{
	if (k > c->n)
		return -1;
	c->p += k;
	c->n -= k;
	return 0;
}

/* A LengthPrefixedAnsiString, copied (shortened) into out if given. */
static int ansi(struct cur *c, char *out, size_t outsz)
{
	uint32_t len;
	if (u32(c, &len) < 0 || len > c->n)
		return -1;
	if (out) {
		size_t k = len && c->p[len - 1] == 0 ? len - 1 : len;
		snprintf(out, outsz, "%.*s", (int)(k < outsz ? k : outsz - 1), (const char *)c->p);
	}
	return skip(c, len);
}

/* A NUL-terminated string; 0 or -1 if it has no end. */
static int cstr(struct cur *c, char *out, size_t outsz)
{
	const unsigned char *z = memchr(c->p, 0, c->n);
	if (z == NULL)
		return -1;
	size_t k = (size_t)(z - c->p);
	if (out)
		snprintf(out, outsz, "%.*s", (int)(k < outsz ? k : outsz - 1), (const char *)c->p);
	return skip(c, k + 1);
}

/* The base name of a Windows or Unix path. */
static void base_name(char *s)
{
	char *b = s;
	for (char *q = s; *q; q++)
		if (*q == '\\' || *q == '/' || *q == ':')
			b = q + 1;
	memmove(s, b, strlen(b) + 1);
}

int ole1_package(const char *p, size_t n, struct ole1 *o)
{
	struct cur c = { (const unsigned char *)p, n };
	char label[256], path[256];
	uint32_t len, size;

	if (skip(&c, 2) < 0 || cstr(&c, label, sizeof label) < 0 ||
	    cstr(&c, path, sizeof path) < 0 || c.n < 4)
		return -1;
	unsigned type = (unsigned)(c.p[2] | c.p[3] << 8);
	if (type != 3 || skip(&c, 4) < 0 || u32(&c, &len) < 0 || skip(&c, len) < 0 ||
	    u32(&c, &size) < 0)
		return -1;
	if (size > c.n)
		size = (uint32_t)c.n;   /* cut short: what is there */
	base_name(path);
	snprintf(o->file_name, sizeof o->file_name, "%s", label[0] ? label : path);
	o->data = (const char *)c.p;
	o->n = size;
	return 0;
}

int ole1_payload(const char *p, size_t n, struct ole1 *o)
{
	struct cur c = { (const unsigned char *)p, n };
	uint32_t version, format, size;

	memset(o, 0, sizeof *o);
	if (u32(&c, &version) < 0 || u32(&c, &format) < 0 || format != 2)
		return -1;
	if (ansi(&c, o->class_name, sizeof o->class_name) < 0 || ansi(&c, NULL, 0) < 0 ||
	    ansi(&c, NULL, 0) < 0 || u32(&c, &size) < 0)
		return -1;
	if (size > c.n)
		size = (uint32_t)c.n;
	o->data = (const char *)c.p;
	o->n = size;
	if (strcasecmp(o->class_name, "Package") == 0)
		ole1_package(o->data, o->n, o);         /* else the native data */
	return 0;
}
