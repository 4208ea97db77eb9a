/*
 * extract_gzip.c: gzip files (and tar archives inside them) for
 * seem-extract.
 *
 * Every member of the gzip stream is inflated with zlib into one buffer,
 * chunk by chunk, under the limits of zipwalk.h: the expansion ratio
 * (max_expansion_ratio against the whole compressed size, past
 * ZIPWALK_RATIO_FLOOR) and the attachment's inflate budget
 * (max_expanded_size).  Past a limit the part is uninspectable and what
 * was inflated is dropped; damaged or truncated data is classified as
 * far as it inflated, and the part is uninspectable too.  The original
 * name and comment of the gzip header are scanned as text.  The result
 * is a file named like the attachment without ".gz" (".tgz" gives
 * ".tar"), for classify_file; a tar archive ("ustar" at offset 257) is
 * walked instead: each entry's name is scanned and its data classified
 * at its own location, up to max_archive_entries, with every header
 * checked (checksum, size within the data) before it is believed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "buf.h"
#include "extractors.h"
#include "tarhdr.h"
#include "status.h"
#include "zipwalk.h"

#define TAR_NAME_MAX 4096

/* ---- tar ---- */

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The path of a pax extended header ("LEN path=VALUE\n" records). */
static void pax_path(const char *p, size_t n, struct buf *name)
{
	while (n) {
		const char *sp = memchr(p, ' ', n < 24 ? n : 24);
		if (sp == NULL)
			return;
		size_t len = 0;
		for (const char *d = p; d < sp; d++) {
			if (*d < '0' || *d > '9' || len > n)
				return;
			len = len * 10 + (size_t)(*d - '0');
		}
		if (len <= (size_t)(sp - p) + 1 || len > n)
			return;
		const char *kv = sp + 1, *end = p + len - 1;    /* before '\n' */
		if ((size_t)(end - kv) > 5 && memcmp(kv, "path=", 5) == 0) {
			buf_reset(name);
			buf_put(name, kv + 5, (size_t)(end - kv - 5));
		}
		p += len;
		n -= len;
	}
}

static void tar_walk(struct classify *c, const char *data, size_t n, int where)
{
	struct buf longname = BUF_INIT_MAX(TAR_NAME_MAX);
	size_t off = 0, entries = 0;
	char name[256 + 2];

	while (off + TAR_BLOCK <= n && !c->status) {
		const unsigned char *h = (const unsigned char *)data + off;
		if (all_zero(h, TAR_BLOCK))
			break;                  /* the end of the archive */
		long long size = tar_number(h + 124, 12);
		size_t body = off + TAR_BLOCK;
		if (!tar_checksum_ok(h) || size < 0) {
			classify_uninspectable(c, where, "a damaged tar header: the rest of the archive was not read");
			break;
		}
		if ((unsigned long long)size > n - body) {
			classify_uninspectable(c, where, "a tar entry runs past the end of the data");
			size = (long long)(n - body);
		}
		const char *p = data + body;
		char type = (char)h[156];
		if (type == 'L' || type == 'x') {
			/* The next entry's long name: GNU, or pax path=. */
			buf_reset(&longname);
			if (type == 'L')
				buf_put(&longname, p, strnlen(p, (size_t)size));
			else
				pax_path(p, (size_t)size, &longname);
			if (longname.err)
				buf_reset(&longname);
		} else if (type != 'g' && type != 'K') {       /* not: global pax, long link name */
			const char *nm = name;
			if (longname.len) {
				nm = longname.p;
			} else {
				size_t k = 0;
				/* ustar: prefix (345, 155 bytes), then name (0, 100). */
				if (memcmp(h + 257, "ustar", 5) == 0 && h[345]) {
					k = strnlen((const char *)h + 345, 155);
					memcpy(name, h + 345, k);
					name[k++] = '/';
				}
				size_t m = strnlen((const char *)h, 100);
				memcpy(name + k, h, m);
				name[k + m] = '\0';
			}
			/* Links, devices, directories, FIFOs, volume labels:
			 * a name only.  Anything else has its data read. */
			int regular = type == '\0' || !strchr("123456V", type);
			if (!regular) {
				classify_text(c, where, nm, strlen(nm));     /* dirs, links, devices */
			} else if (++entries > c->cfg->lim.max_archive_entries) {
				classify_uninspectable(c, where, "more tar entries than max_archive_entries: "
				    "the rest were not read");
				break;
			} else {
				int ew = classify_where_inside(c, where, nm);
				if (ew < 0)
					break;
				classify_text(c, ew, nm, strlen(nm));
				classify_file(c, p, (size_t)size, nm, NULL, NULL, ew);
			}
			buf_reset(&longname);
		}
		size_t adv = ((size_t)size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
		if (adv > n - body)
			break;
		off = body + adv;
	}
	buf_free(&longname);
}

/* ---- gzip ---- */

/* The name of what the gzip holds: the attachment's, less ".gz". */
static void inner_name(const char *name, const char *orig, char *out, size_t sz)
{
	size_t n = strlen(name);

	if (n > 3 && strcasecmp(name + n - 3, ".gz") == 0)
		snprintf(out, sz, "%.*s", (int)(n - 3), name);
	else if (n > 4 && strcasecmp(name + n - 4, ".tgz") == 0)
		snprintf(out, sz, "%.*s.tar", (int)(n - 4), name);
	else if (orig[0])
		snprintf(out, sz, "%s", orig);
	else if (n)
		snprintf(out, sz, "%s", name);
	else
		snprintf(out, sz, "content");
}

/* Inflates every member into out.  Returns NULL, or why it stopped;
 * *limit is set if a limit stopped it. */
static const char *inflate_all(struct classify *c, const char *data, size_t n,
    struct buf *out, gz_header *gh, int *limit)
{
	unsigned char chunk[ZIPWALK_CHUNK];
	z_stream zs;
	const char *why = NULL;
	size_t used = 0;

	*limit = 0;
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK) {
		c->status = EX_TEMPFAIL;
		return "out of memory";
	}
	inflateGetHeader(&zs, gh);
	while (!why) {
		size_t left = n - used;
		zs.next_in = (unsigned char *)(uintptr_t)(data + used);
		zs.avail_in = left > (1u << 30) ? 1u << 30 : (uInt)left;
		zs.next_out = chunk;
		zs.avail_out = sizeof chunk;
		uInt before = zs.avail_in;
		int r = inflate(&zs, Z_NO_FLUSH);
		used += before - zs.avail_in;
		size_t got = sizeof chunk - zs.avail_out;
		if (got) {
			if (inflate_ratio_broken(&c->cfg->lim, out->len + got, n)) {
				why = "expands more than max_expansion_ratio (a gzip bomb?)";
				*limit = 1;
				break;
			}
			if (inflate_budget_take(c, got) < 0) {
				why = "expands past max_expanded_size";
				*limit = 1;
				break;
			}
			buf_put(out, chunk, got);
			if (out->err) {
				c->status = EX_TEMPFAIL;
				why = "out of memory";
				break;
			}
		}
		if (r == Z_STREAM_END) {
			/* Another member follows, or trailing bytes that are not
			 * gzip, which gzip(1) ignores too. */
			if (n - used >= 2 && (unsigned char)data[used] == 0x1f &&
			    (unsigned char)data[used + 1] == 0x8b) {
				if (inflateReset(&zs) != Z_OK)
					why = "damaged gzip data";
				continue;
			}
			break;
		}
		if (r == Z_MEM_ERROR) {
			c->status = EX_TEMPFAIL;
			why = "out of memory";
		} else if (r == Z_DATA_ERROR || r == Z_NEED_DICT) {
			why = "damaged gzip data";
		} else if (r == Z_BUF_ERROR || (r == Z_OK && got == 0 && used == n)) {
			why = "the gzip data ends early";
		}
	}
	inflateEnd(&zs);
	return why;
}

void extract_gzip(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	struct buf out = BUF_INIT_MAX(0);
	unsigned char orig[256], comment[256];
	gz_header gh;
	int limit;
	char inner[512];

	memset(&gh, 0, sizeof gh);
	gh.name = orig;
	gh.name_max = sizeof orig;
	gh.comment = comment;
	gh.comm_max = sizeof comment;
	orig[0] = comment[0] = '\0';
	const char *why = inflate_all(c, data, n, &out, &gh, &limit);
	orig[sizeof orig - 1] = comment[sizeof comment - 1] = '\0';
	if (gh.done == 1) {
		classify_text(c, where, (char *)orig, strlen((char *)orig));
		classify_text(c, where, (char *)comment, strlen((char *)comment));
	} else {
		orig[0] = '\0';
	}
	if (c->status) {
		/* out of memory: nothing more to do */
	} else if (limit) {
		classify_uninspectable(c, where, why);
	} else {
		if (tar_header_at((const unsigned char *)out.p, out.len)) {
			tar_walk(c, out.p, out.len, where);
		} else if (out.len || !why) {
			inner_name(name ? name : "", (char *)orig, inner, sizeof inner);
			int ew = classify_where_inside(c, where, inner);
			if (ew >= 0)
				classify_file(c, out.p ? out.p : "", out.len, inner, NULL, NULL, ew);
		}
		if (why)
			classify_uninspectable(c, where, why);
	}
	buf_free(&out);
}

/* A tar archive on its own (not compressed). */
void extract_tar(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	(void)name;
	tar_walk(c, data, n, where);
}
