/*
 * ole2.c: compound files from memory (see ole2.h).
 *
 * Limits: the file's own size bounds everything (sectors, FAT, directory
 * entries, stream sizes); every chain is walked with a stamp per sector,
 * so a loop is found the first time a sector comes back; the directory
 * tree is walked with a visited mark per entry and an explicit stack, so
 * a cyclic or shared tree costs at most one visit per entry.  Returns -1
 * with o->err on any structural fault; never reads outside the buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ole2.h"

#define ENDOFCHAIN 0xfffffffeu
#define FREESECT 0xffffffffu
#define MAXREGSECT 0xfffffffau
#define MINI_SHIFT 6
#define MINI_SIZE 64u
#define MINI_CUTOFF 4096u
#define DIRENT_SIZE 128u
#define HEADER_DIFAT 109u

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Bytes of sector s that the file holds (the last one may be short), and
 * where they start. */
static size_t sector(const struct ole2 *o, uint32_t s, const unsigned char **at)
{
	size_t off = ((size_t)s + 1) * o->ssize;

	if (s >= o->nsec || off >= o->n)
		return 0;
	*at = o->p + off;
	return o->n - off < o->ssize ? o->n - off : o->ssize;
}

/* Starts a new read: stamps of earlier reads no longer count. */
static void new_gen(struct ole2 *o)
{
	if (++o->gen == 0) {
		memset(o->stamp, 0, (size_t)o->nsec * sizeof *o->stamp);
		if (o->mstamp)
			memset(o->mstamp, 0, (o->nmini / MINI_SIZE + 1) * sizeof *o->mstamp);
		o->gen = 1;
	}
}

/* Follows a FAT chain from start, appending up to want bytes (or every
 * sector when want is SIZE_MAX) to out.  0, or -1 with o->err. */
static int fat_chain(struct ole2 *o, uint32_t start, size_t want, struct buf *out,
    const char *what)
{
	uint32_t s = start;
	size_t got = 0;

	new_gen(o);
	while (got < want) {
		const unsigned char *at = NULL;
		size_t k;
		if (s == ENDOFCHAIN) {
			if (want == SIZE_MAX)
				return 0;
			o->err = what[0] == 's' ? "a stream's sector chain ends before its size"
			    : "a sector chain ends too early";
			return -1;
		}
		if (s > MAXREGSECT || s >= o->nsec || s >= o->nfat) {
			o->err = "a sector chain points outside the file";
			return -1;
		}
		if (o->stamp[s] == o->gen) {
			o->err = "a sector chain loops";
			return -1;
		}
		o->stamp[s] = o->gen;
		k = sector(o, s, &at);
		if (want != SIZE_MAX && k > want - got)
			k = want - got;
		buf_put(out, at, k);
		if (out->err) {
			o->err = out->err == ENOMEM ? "out of memory" : "a stream larger than the limit";
			return -1;
		}
		got += k;
		if (k < o->ssize && got < want) {
			o->err = "the file is truncated";
			return -1;
		}
		s = o->fat[s];
	}
	return 0;
}

static int mini_chain(struct ole2 *o, uint32_t start, size_t want, struct buf *out)
{
	uint32_t s = start;
	size_t got = 0;

	new_gen(o);
	while (got < want) {
		size_t off = (size_t)s * MINI_SIZE, k;
		if (s == ENDOFCHAIN) {
			o->err = "a stream's mini sector chain ends before its size";
			return -1;
		}
		if (s > MAXREGSECT || s >= o->nminifat || off >= o->nmini) {
			o->err = "a mini sector chain points outside the mini stream";
			return -1;
		}
		if (o->mstamp[s] == o->gen) {
			o->err = "a mini sector chain loops";
			return -1;
		}
		o->mstamp[s] = o->gen;
		k = o->nmini - off < MINI_SIZE ? o->nmini - off : MINI_SIZE;
		if (k > want - got)
			k = want - got;
		buf_put(out, o->mini + off, k);
		if (out->err) {
			o->err = out->err == ENOMEM ? "out of memory" : "a stream larger than the limit";
			return -1;
		}
		got += k;
		if (k < MINI_SIZE && got < want) {
			o->err = "the mini stream is shorter than its streams";
			return -1;
		}
		s = o->minifat[s];
	}
	return 0;
}

/* Takes a buffer of little-endian u32 as a table. */
static uint32_t *table(struct buf *b, uint32_t *count)
{
	size_t n = b->len / 4;
	uint32_t *t = malloc((n ? n : 1) * sizeof *t);

	if (t)
		for (size_t i = 0; i < n; i++)
			t[i] = le32((const unsigned char *)b->p + 4 * i);
	*count = (uint32_t)n;
	return t;
}

/* The FAT: sector numbers from the header's DIFAT, then the DIFAT chain. */
static int load_fat(struct ole2 *o)
{
	const unsigned char *h = o->p;
	uint32_t nfatsec = le32(h + 0x2c), dif = le32(h + 0x44);
	uint32_t per = (uint32_t)(o->ssize / 4);
	uint32_t *secs, ns = 0;
	unsigned char *seen;
	struct buf fat = BUF_INIT_MAX(0);
	int rc = -1;

	if (nfatsec > o->nsec) {
		o->err = "the header claims more FAT sectors than the file holds";
		return -1;
	}
	secs = malloc(((size_t)nfatsec + 1) * sizeof *secs);
	seen = calloc((size_t)o->nsec / 8 + 1, 1);
	if (!secs || !seen) {
		o->err = "out of memory";
		goto out;
	}
	for (uint32_t i = 0; i < HEADER_DIFAT && ns < nfatsec; i++)
		secs[ns++] = le32(h + 0x4c + 4 * i);
	for (uint32_t d = 0; ns < nfatsec; d++) {
		const unsigned char *at = NULL;
		if (dif > MAXREGSECT || d >= o->nsec) {
			o->err = "the DIFAT chain ends before the FAT is complete";
			goto out;
		}
		if (dif >= o->nsec || sector(o, dif, &at) < o->ssize) {
			o->err = "a DIFAT sector lies outside the file";
			goto out;
		}
		if (seen[dif / 8] & (1u << (dif % 8))) {
			o->err = "the DIFAT chain loops";
			goto out;
		}
		seen[dif / 8] |= (unsigned char)(1u << (dif % 8));
		for (uint32_t i = 0; i + 1 < per && ns < nfatsec; i++)
			secs[ns++] = le32(at + 4 * i);
		dif = le32(at + 4 * (per - 1));
	}
	for (uint32_t i = 0; i < ns; i++) {
		const unsigned char *at = NULL;
		if (secs[i] > MAXREGSECT || sector(o, secs[i], &at) < o->ssize) {
			o->err = "a FAT sector lies outside the file";
			goto out;
		}
		buf_put(&fat, at, o->ssize);
	}
	if (fat.err) {
		o->err = "out of memory";
		goto out;
	}
	o->fat = table(&fat, &o->nfat);
	if (!o->fat) {
		o->err = "out of memory";
		goto out;
	}
	rc = 0;
out:
	free(secs);
	free(seen);
	buf_free(&fat);
	return rc;
}

/* A directory entry's name, UTF-16LE to UTF-8. */
static void entry_name(const unsigned char *d, char *out, size_t cap)
{
	size_t nb = le16(d + 0x40), k = 0;

	if (nb > 64)
		nb = 64;
	for (size_t i = 0; i + 1 < nb; i += 2) {
		uint32_t u = le16(d + i);
		if (u == 0)
			break;
		if (u >= 0xd800 && u < 0xdc00 && i + 3 < nb && le16(d + i + 2) >= 0xdc00 &&
		    le16(d + i + 2) < 0xe000) {
			u = 0x10000 + ((u - 0xd800) << 10) + (le16(d + i + 2) - 0xdc00u);
			i += 2;
		} else if (u >= 0xd800 && u < 0xe000) {
			u = 0xfffd;
		}
		if (k + 5 > cap)
			break;
		if (u < 0x80) {
			out[k++] = (char)u;
		} else if (u < 0x800) {
			out[k++] = (char)(0xc0 | u >> 6);
			out[k++] = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			out[k++] = (char)(0xe0 | u >> 12);
			out[k++] = (char)(0x80 | ((u >> 6) & 0x3f));
			out[k++] = (char)(0x80 | (u & 0x3f));
		} else {
			out[k++] = (char)(0xf0 | u >> 18);
			out[k++] = (char)(0x80 | ((u >> 12) & 0x3f));
			out[k++] = (char)(0x80 | ((u >> 6) & 0x3f));
			out[k++] = (char)(0x80 | (u & 0x3f));
		}
	}
	out[k] = '\0';
}

static int load_dir(struct ole2 *o)
{
	struct buf d = BUF_INIT_MAX(0);
	size_t ne;

	if (fat_chain(o, le32(o->p + 0x30), SIZE_MAX, &d, "directory") < 0) {
		buf_free(&d);
		return -1;
	}
	ne = d.len / DIRENT_SIZE;
	if (ne == 0) {
		o->err = "the directory is empty";
		buf_free(&d);
		return -1;
	}
	o->e = calloc(ne, sizeof *o->e);
	if (!o->e) {
		o->err = "out of memory";
		buf_free(&d);
		return -1;
	}
	o->ne = (uint32_t)ne;
	for (size_t i = 0; i < ne; i++) {
		const unsigned char *p = (const unsigned char *)d.p + i * DIRENT_SIZE;
		struct ole2_entry *e = &o->e[i];
		entry_name(p, e->name, sizeof e->name);
		e->type = p[0x42];
		e->left = le32(p + 0x44);
		e->right = le32(p + 0x48);
		e->child = le32(p + 0x4c);
		e->start = le32(p + 0x74);
		e->size = le32(p + 0x78);
		/* Version 3 files may leave garbage in the high half. */
		if (o->version == 4)
			e->size |= (uint64_t)le32(p + 0x7c) << 32;
		e->parent = e->first = e->next = OLE2_NONE;
	}
	buf_free(&d);
	if (o->e[0].type != OLE2_ROOT) {
		o->err = "the directory has no root entry";
		return -1;
	}
	return 0;
}

/* Links every storage's children in tree order (in-order walk with an
 * explicit stack), storages breadth first, each entry at most once. */
static int link_tree(struct ole2 *o)
{
	uint32_t *stack = malloc((size_t)o->ne * sizeof *stack);
	uint32_t *queue = malloc((size_t)o->ne * sizeof *queue);
	unsigned char *seen = calloc(o->ne, 1);
	size_t qh = 0, qt = 0;
	int rc = -1;

	if (!stack || !queue || !seen) {
		o->err = "out of memory";
		goto out;
	}
	seen[0] = 1;
	queue[qt++] = 0;
	while (qh < qt) {
		uint32_t st = queue[qh++], last = OLE2_NONE, cur = o->e[st].child;
		size_t sp = 0;
		for (;;) {
			while (cur != OLE2_NONE) {
				if (cur >= o->ne || seen[cur]) {
					o->damaged = 1;
					break;
				}
				seen[cur] = 1;
				stack[sp++] = cur;
				cur = o->e[cur].left;
			}
			if (sp == 0)
				break;
			cur = stack[--sp];
			if (o->e[cur].type == OLE2_STREAM || o->e[cur].type == OLE2_STORAGE) {
				o->e[cur].parent = st;
				if (last == OLE2_NONE)
					o->e[st].first = cur;
				else
					o->e[last].next = cur;
				last = cur;
				if (o->e[cur].type == OLE2_STORAGE)
					queue[qt++] = cur;
			} else {
				o->damaged = 1;
			}
			cur = o->e[cur].right;
		}
	}
	rc = 0;
out:
	free(stack);
	free(queue);
	free(seen);
	return rc;
}

static int load_mini(struct ole2 *o)
{
	const unsigned char *h = o->p;
	struct buf b = BUF_INIT_MAX(0);
	uint32_t start = le32(h + 0x3c);
	const struct ole2_entry *root = &o->e[0];

	if (start != ENDOFCHAIN && start != FREESECT) {
		if (fat_chain(o, start, SIZE_MAX, &b, "minifat") < 0) {
			buf_free(&b);
			return -1;
		}
		o->minifat = table(&b, &o->nminifat);
		buf_reset(&b);
		if (!o->minifat) {
			o->err = "out of memory";
			buf_free(&b);
			return -1;
		}
	}
	if (root->size && root->start != ENDOFCHAIN) {
		if (root->size > (uint64_t)o->nsec * o->ssize) {
			o->err = "the mini stream claims more than the file holds";
			buf_free(&b);
			return -1;
		}
		if (fat_chain(o, root->start, (size_t)root->size, &b, "stream") < 0) {
			buf_free(&b);
			return -1;
		}
		o->mini = (unsigned char *)buf_take(&b, &o->nmini);
	}
	buf_free(&b);
	o->mstamp = calloc(o->nmini / MINI_SIZE + 1, sizeof *o->mstamp);
	if (!o->mstamp) {
		o->err = "out of memory";
		return -1;
	}
	return 0;
}

int ole2_open(struct ole2 *o, const void *data, size_t n, size_t budget)
{
	const unsigned char *h = data;
	unsigned shift;

	memset(o, 0, sizeof *o);
	o->p = data;
	o->n = n;
	o->budget = budget;
	if (n < 512 || memcmp(h, OLE2_MAGIC, 8) != 0) {
		o->err = "not a compound file";
		return -1;
	}
	if (le16(h + 0x1c) != 0xfffe) {
		o->err = "the compound file header has a bad byte order mark";
		return -1;
	}
	shift = le16(h + 0x1e);
	if ((shift != 9 && shift != 12) || le16(h + 0x20) != MINI_SHIFT) {
		o->err = "the compound file header has an unsupported sector size";
		return -1;
	}
	o->version = shift == 12 ? 4 : 3;
	o->ssize = (size_t)1 << shift;
	if (n <= o->ssize) {
		o->err = "the compound file is truncated";
		return -1;
	}
	size_t ns = (n - o->ssize + o->ssize - 1) / o->ssize;
	o->nsec = ns > MAXREGSECT ? MAXREGSECT : (uint32_t)ns;
	o->stamp = calloc(o->nsec, sizeof *o->stamp);
	if (!o->stamp) {
		o->err = "out of memory";
		return -1;
	}
	if (load_fat(o) < 0 || load_dir(o) < 0 || link_tree(o) < 0 || load_mini(o) < 0) {
		const char *err = o->err;
		ole2_close(o);
		o->err = err;
		return -1;
	}
	return 0;
}

void ole2_close(struct ole2 *o)
{
	free(o->fat);
	free(o->minifat);
	free(o->mini);
	free(o->e);
	free(o->stamp);
	free(o->mstamp);
	memset(o, 0, sizeof *o);
}

int ole2_read(struct ole2 *o, uint32_t id, struct buf *out)
{
	const struct ole2_entry *e;
	size_t size;

	if (id >= o->ne || o->e[id].type != OLE2_STREAM) {
		o->err = "not a stream";
		return -1;
	}
	e = &o->e[id];
	if (e->size == 0)
		return 0;
	if (e->size >= MINI_CUTOFF ? e->size > (uint64_t)o->nsec * o->ssize : e->size > o->nmini) {
		o->err = "a stream claims more bytes than the file holds";
		return -1;
	}
	size = (size_t)e->size;
	if (size > o->budget) {
		o->err = "the streams hold more than max_expanded_size";
		return -1;
	}
	o->budget -= size;
	if (buf_reserve(out, size) < 0) {
		o->err = out->err == ENOMEM ? "out of memory" : "a stream larger than the limit";
		return -1;
	}
	if (size < MINI_CUTOFF)
		return mini_chain(o, e->start, size, out);
	return fat_chain(o, e->start, size, out, "stream");
}

size_t ole2_peek(struct ole2 *o, uint32_t id, void *out, size_t n)
{
	struct buf b = BUF_INIT_MAX(0);
	size_t k = 0;
	int rc;

	if (id >= o->ne || o->e[id].type != OLE2_STREAM)
		return 0;
	if (n > o->e[id].size)
		n = (size_t)o->e[id].size;
	if (o->e[id].size < MINI_CUTOFF)
		rc = n > o->nmini ? -1 : mini_chain(o, o->e[id].start, n, &b);
	else
		rc = fat_chain(o, o->e[id].start, n, &b, "stream");
	if (rc == 0 && b.len == n) {
		if (n)          /* an empty stream leaves b.p NULL */
			memcpy(out, b.p, n);
		k = n;
	}
	buf_free(&b);
	return k;
}

uint32_t ole2_child(const struct ole2 *o, uint32_t storage, const char *name)
{
	if (storage >= o->ne)
		return OLE2_NONE;
	for (uint32_t i = o->e[storage].first; i != OLE2_NONE; i = o->e[i].next)
		if (strcasecmp(o->e[i].name, name) == 0)
			return i;
	return OLE2_NONE;
}

uint32_t ole2_path(const struct ole2 *o, uint32_t storage, const char *path)
{
	char part[100];

	while (*path && storage != OLE2_NONE) {
		size_t k = strcspn(path, "/");
		if (k >= sizeof part)
			return OLE2_NONE;
		memcpy(part, path, k);
		part[k] = '\0';
		storage = ole2_child(o, storage, part);
		path += k + (path[k] == '/');
	}
	return storage;
}
