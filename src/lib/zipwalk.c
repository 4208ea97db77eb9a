/*
 * zipwalk.c: ZIP entries through libzip, inflated under the limits (see
 * zipwalk.h).  The archive is opened from memory (a libzip buffer source
 * over the caller's bytes, never copied); entries are read in
 * ZIPWALK_CHUNK pieces, so an entry streamed to a consumer never sits in
 * memory whole.  Failures become a reason in z->why; only a failed
 * allocation sets c->status (EX_TEMPFAIL).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "zipwalk.h"

uint64_t inflate_budget_left(const struct classify *c)
{
	uint64_t max = c->cfg->lim.max_expanded_size;
	return c->expanded < max ? max - c->expanded : 0;
}

int inflate_budget_take(struct classify *c, uint64_t n)
{
	if (n > inflate_budget_left(c))
		return -1;
	c->expanded += n;
	return 0;
}

int inflate_ratio_broken(const struct limits *l, uint64_t out, uint64_t in)
{
	if (out <= ZIPWALK_RATIO_FLOOR)
		return 0;
	if (in == 0)
		in = 1;
	/* in is at most an archive's size (< 2^41) and the ratio at most
	 * 100000 (config.c): the product cannot overflow. */
	return out > in * (uint64_t)l->max_expansion_ratio;
}

int zipwalk_open(struct zipwalk *z, struct classify *c, const char *data, size_t n,
    int where)
{
	zip_error_t err;
	zip_source_t *src;

	memset(z, 0, sizeof *z);
	z->c = c;
	z->archive_size = n;
	zip_error_init(&err);
	src = zip_source_buffer_create(data, n, 0, &err);
	if (src == NULL) {
		zip_error_fini(&err);
		c->status = EX_TEMPFAIL;
		return -1;
	}
	z->za = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (z->za == NULL) {
		zip_source_free(src);
		if (zip_error_code_zip(&err) == ZIP_ER_MEMORY) {
			c->status = EX_TEMPFAIL;
		} else {
			snprintf(z->why, sizeof z->why, "not a readable ZIP archive (%s)",
			    zip_error_strerror(&err));
			classify_uninspectable(c, where, z->why);
		}
		zip_error_fini(&err);
		return -1;
	}
	zip_error_fini(&err);
	zip_int64_t ne = zip_get_num_entries(z->za, 0);
	z->total = ne > 0 ? (uint64_t)ne : 0;
	z->n = z->total < c->cfg->lim.max_archive_entries ? z->total
	    : c->cfg->lim.max_archive_entries;
	z->chunk = malloc(ZIPWALK_CHUNK);
	if (z->chunk == NULL) {
		zipwalk_close(z);
		c->status = EX_TEMPFAIL;
		return -1;
	}
	return 0;
}

void zipwalk_close(struct zipwalk *z)
{
	if (z->za)
		zip_discard(z->za);     /* read-only: nothing to write back */
	free(z->chunk);
	z->za = NULL;
	z->chunk = NULL;
}

int zipwalk_entry(struct zipwalk *z, uint64_t i, struct zipentry *e)
{
	zip_stat_t st;

	memset(e, 0, sizeof *e);
	zip_stat_init(&st);
	if (zip_stat_index(z->za, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME))
		return -1;
	e->index = i;
	e->name = st.name;
	size_t l = strlen(st.name);
	e->dir = l > 0 && st.name[l - 1] == '/';
	e->has_size = (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE);
	e->size = st.size;
	e->csize = st.comp_size;
	e->encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE;
	return 0;
}

int64_t zipwalk_find(struct zipwalk *z, const char *name)
{
	zip_int64_t i = zip_name_locate(z->za, name, 0);
	return i >= 0 && (uint64_t)i < z->n ? i : -1;
}

static enum zipwalk_result refuse(struct zipwalk *z, enum zipwalk_result r, const char *why)
{
	snprintf(z->why, sizeof z->why, "%s", why);
	return r;
}

enum zipwalk_result zipwalk_read(struct zipwalk *z, const struct zipentry *e,
    int (*fn)(void *ctx, const char *p, size_t n), void *ctx)
{
	const struct limits *l = &z->c->cfg->lim;
	/* libzip reads no more than the compressed size, within the
	 * archive: that is what the entry can really have cost. */
	uint64_t in = e->csize < z->archive_size ? e->csize : z->archive_size;
	enum zipwalk_result r = ZW_OK;
	uint64_t out = 0;

	z->why[0] = '\0';
	if (e->has_size && e->size > inflate_budget_left(z->c))
		return refuse(z, ZW_LIMIT, "expands past max_expanded_size");
	if (e->has_size && inflate_ratio_broken(l, e->size, in))
		return refuse(z, ZW_LIMIT, "expands more than max_expansion_ratio (a ZIP bomb?)");
	zip_file_t *f = zip_fopen_index(z->za, e->index, 0);
	if (f == NULL) {
		zip_error_t *err = zip_get_error(z->za);
		if (zip_error_code_zip(err) == ZIP_ER_MEMORY)
			z->c->status = EX_TEMPFAIL;
		snprintf(z->why, sizeof z->why, "cannot open the entry (%s)", zip_error_strerror(err));
		zip_error_clear(z->za);
		return ZW_ERROR;
	}
	for (;;) {
		zip_int64_t k = zip_fread(f, z->chunk, ZIPWALK_CHUNK);
		if (k < 0) {
			snprintf(z->why, sizeof z->why, "cannot read the entry (%s)",
			    zip_error_strerror(zip_file_get_error(f)));
			r = ZW_ERROR;
			break;
		}
		if (k == 0)
			break;
		out += (uint64_t)k;
		if (e->has_size && out > e->size) {
			r = refuse(z, ZW_LIMIT, "larger than its ZIP header says (a ZIP bomb?)");
			break;
		}
		if (inflate_ratio_broken(l, out, in)) {
			r = refuse(z, ZW_LIMIT, "expands more than max_expansion_ratio (a ZIP bomb?)");
			break;
		}
		if (inflate_budget_take(z->c, (uint64_t)k) < 0) {
			r = refuse(z, ZW_LIMIT, "expands past max_expanded_size");
			break;
		}
		if (fn(ctx, z->chunk, (size_t)k)) {
			r = ZW_STOPPED;
			break;
		}
	}
	zip_fclose(f);
	return r;
}

static int put_buf(void *ctx, const char *p, size_t n)
{
	struct buf *b = ctx;
	buf_put(b, p, n);
	return b->err != 0;
}

enum zipwalk_result zipwalk_read_buf(struct zipwalk *z, const struct zipentry *e,
    struct buf *out)
{
	/* Room for what the header says, up to a point: it may lie. */
	if (e->has_size && e->size <= inflate_budget_left(z->c)) {
		uint64_t want = e->size < (16u << 20) ? e->size : (16u << 20);
		buf_reserve(out, (size_t)want + 1);
	}
	enum zipwalk_result r = zipwalk_read(z, e, put_buf, out);
	if (out->err) {
		z->c->status = EX_TEMPFAIL;
		snprintf(z->why, sizeof z->why, "out of memory");
		return ZW_STOPPED;
	}
	return r;
}
