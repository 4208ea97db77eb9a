/*
 * zipwalk.h: the entries of a ZIP archive held in memory, read through
 * libzip under the limits of seemail.conf.
 *
 * Sizes in the archive's headers are never trusted: they may only make
 * an entry be refused early.  While an entry inflates, every chunk is
 * counted against its header size (an entry larger than its header says
 * is refused), its own expansion ratio (max_expansion_ratio, once past
 * ZIPWALK_RATIO_FLOOR bytes) and the bytes expanded from the whole
 * attachment (max_expanded_size, shared by nested archives and gzip
 * through the inflate budget below).  A refused entry is not half used:
 * zipwalk_read says why, and the caller marks it uninspectable.
 */
#ifndef SEEMAIL_ZIPWALK_H
#define SEEMAIL_ZIPWALK_H

#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "buf.h"
#include "classify.h"

/* Bytes inflated per read: the most an entry ever holds in flight. */
#define ZIPWALK_CHUNK (64u << 10)
/* Below this many expanded bytes the ratio is not checked: a small
 * entry cannot hurt, and tiny files of blanks compress very well. */
#define ZIPWALK_RATIO_FLOOR ((uint64_t)1 << 20)

struct zipwalk {
	struct classify *c;
	zip_t *za;
	size_t archive_size;    /* bytes of the archive itself */
	uint64_t total;         /* entries in the archive */
	uint64_t n;             /* entries to read: at most max_archive_entries */
	char *chunk;            /* ZIPWALK_CHUNK bytes */
	char why[256];          /* the reason of the last refusal */
};

struct zipentry {
	uint64_t index;
	const char *name;       /* UTF-8 (CP437 names converted); lives with the archive */
	uint64_t size, csize;   /* as the header says */
	int has_size;           /* size and csize are known */
	int dir;                /* name ends in '/' */
	int encrypted;
};

enum zipwalk_result {
	ZW_OK,                  /* the whole entry was read */
	ZW_LIMIT,               /* refused: a limit or a lying header (see why) */
	ZW_ERROR,               /* could not be read to its end (see why) */
	ZW_STOPPED,             /* the consumer asked to stop */
};

/* Opens the archive data (n bytes, which must outlive the walk).
 * Returns 0, or -1 after marking location where uninspectable (not a
 * readable archive) or setting c->status (out of memory). */
int zipwalk_open(struct zipwalk *z, struct classify *c, const char *data, size_t n,
    int where);
void zipwalk_close(struct zipwalk *z);

/* Describes entry i (< z->n).  0, or -1 if libzip cannot. */
int zipwalk_entry(struct zipwalk *z, uint64_t i, struct zipentry *e);

/* The index of the entry named exactly name, or -1. */
int64_t zipwalk_find(struct zipwalk *z, const char *name);

/* Inflates entry e, giving each chunk to fn, which returns nonzero to
 * stop.  What fn received before a refusal or an error stays received. */
enum zipwalk_result zipwalk_read(struct zipwalk *z, const struct zipentry *e,
    int (*fn)(void *ctx, const char *p, size_t n), void *ctx);

/* Inflates entry e into out (which must start empty).  ZW_STOPPED means
 * memory ran out (c->status is set). */
enum zipwalk_result zipwalk_read_buf(struct zipwalk *z, const struct zipentry *e,
    struct buf *out);

/*
 * The inflate budget: bytes expanded from one attachment, whatever the
 * nesting and whichever readers (zip, gzip, documents inside documents)
 * did it; it is kept in the classify context, which lives as long as the
 * attachment's extraction.
 */
/* Takes n bytes from the budget: 0, or -1 if that would pass
 * max_expanded_size (nothing is taken then). */
int inflate_budget_take(struct classify *c, uint64_t n);
uint64_t inflate_budget_left(const struct classify *c);

/* 1 if out bytes expanded from in bytes break max_expansion_ratio. */
int inflate_ratio_broken(const struct limits *l, uint64_t out, uint64_t in);

#endif
