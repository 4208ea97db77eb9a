/*
 * ole2.h: compound files ([MS-CFB], "OLE2"), read from memory.
 *
 * The container of .doc, .xls, .ppt, .pub and .msg files: a FAT of
 * sector chains, a MiniFAT for small streams, and a directory whose
 * storages hold their children in a red-black tree.  ole2_open checks
 * the header, builds the FAT (from the header and the chained DIFAT
 * sectors), the MiniFAT, the mini stream and the directory, and links
 * each storage's children into a list in tree order.  Every chain is
 * followed at most once per sector (a loop is an error, never a hang),
 * every sector number and size is checked against the buffer, and the
 * bytes that reads may produce in all are capped by a budget, so that
 * cross-linked chains cannot multiply the work.  Failures set o->err to
 * a reason for people ("the FAT chain of a stream loops").
 */
#ifndef SEEMAIL_OLE2_H
#define SEEMAIL_OLE2_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define OLE2_NONE 0xffffffffu           /* no entry, end of a list */
#define OLE2_MAGIC "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

enum ole2_type { OLE2_EMPTY = 0, OLE2_STORAGE = 1, OLE2_STREAM = 2, OLE2_ROOT = 5 };

struct ole2_entry {
	char name[100];                 /* UTF-8; "\005SummaryInformation" keeps its \005 */
	unsigned char type;             /* enum ole2_type */
	uint32_t left, right, child;    /* the red-black tree, as stored */
	uint32_t start;                 /* first sector */
	uint64_t size;
	uint32_t parent;                /* the storage that lists it, or OLE2_NONE */
	uint32_t first;                 /* a storage's first child */
	uint32_t next;                  /* the next child of the same storage */
};

struct ole2 {
	const unsigned char *p;
	size_t n;
	unsigned version;               /* 3 or 4 */
	size_t ssize;                   /* sector size: 512 or 4096 */
	uint32_t nsec;                  /* sectors in the file (the last may be short) */
	uint32_t *fat;
	uint32_t nfat;
	uint32_t *minifat;
	uint32_t nminifat;
	unsigned char *mini;            /* the mini stream */
	size_t nmini;
	struct ole2_entry *e;
	uint32_t ne;
	uint32_t *stamp;                /* per sector: the read that last used it */
	uint32_t *mstamp;               /* per mini sector */
	uint32_t gen;
	size_t budget;                  /* bytes reads may still produce */
	int damaged;                    /* the directory tree had bad links */
	const char *err;
};

/* Opens the compound file in data[0..n) (kept, not copied); reads of
 * streams may produce budget bytes in all.  Returns 0, or -1 with o->err
 * set (o is then closed already). */
int ole2_open(struct ole2 *o, const void *data, size_t n, size_t budget);
void ole2_close(struct ole2 *o);

/* Appends the content of stream id to out.  Returns 0; -1 with o->err
 * set when the stream is broken (a loop, a sector out of range, a chain
 * shorter than its size), too big for the budget, or memory ran out
 * (o->err says which; out->err is set for memory): what could be read
 * stays in out. */
int ole2_read(struct ole2 *o, uint32_t id, struct buf *out);

/* Copies the first n bytes of stream id (fewer if it is shorter) to out,
 * outside the budget.  Returns the bytes copied, 0 if broken. */
size_t ole2_peek(struct ole2 *o, uint32_t id, void *out, size_t n);

/* The child of storage named name (compared case-insensitively, as
 * [MS-CFB] does for ASCII), or OLE2_NONE. */
uint32_t ole2_child(const struct ole2 *o, uint32_t storage, const char *name);

/* The child of storage at the path "Quill/QuillSub/CONTENTS", or
 * OLE2_NONE. */
uint32_t ole2_path(const struct ole2 *o, uint32_t storage, const char *path);

#endif
