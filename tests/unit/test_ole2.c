/*
 * test_ole2.c: the compound file reader (ole2.c) on files made here by a
 * tiny writer, broken on purpose (FAT, DIFAT and mini chains that loop,
 * sectors out of range, truncation, sizes larger than the file, cyclic
 * directory trees, cross-linked streams against the read budget), and
 * the readers of compound documents (extract_ole2.c and ms*.c) on small
 * files: an Outlook message with an attachment, Excel strings split
 * across CONTINUE records, a Word piece table mixing 8-bit and UTF-16
 * pieces, PowerPoint text atoms, property sets with a sensitivity label,
 * and the encrypted forms of each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_main.h"
#include "classify.h"
#include "config.h"
#include "extractors.h"
#include "findings.h"
#include "level.h"
#include "ole2.h"
#include "triggers.h"

/* A tiny compound file writer: version 3 (512-byte sectors), one FAT
 * sector, streams under 4096 bytes in the mini stream, the rest in FAT
 * chains of consecutive sectors; each storage's children are chained
 * through right-sibling links.  Where things were put is returned, so
 * that a test can break them. */
#define CFBW_MAX 32

struct cfbw_ent {
	const char *name;       /* ASCII; "\001Ole" style names work */
	int type;               /* 1 storage, 2 stream */
	int parent;             /* index in the list, -1 for the root */
	const void *data;
	size_t len;
};

struct cfbw_out {
	size_t fat_off;         /* file offset of the FAT sector */
	size_t minifat_off;
	size_t dir_off;
	uint32_t first[CFBW_MAX];       /* first sector (FAT or mini) of each stream */
	size_t dirent_off[CFBW_MAX];    /* file offset of each entry's directory record */
	uint32_t nsec;
};

static void cfbw_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void cfbw_put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

/* Writes the compound file of ents[0..n) into out (reset first). */
static void cfbw_make(const struct cfbw_ent *ents, size_t n, struct buf *out, struct cfbw_out *o)
{
	static unsigned char sec[128][512];
	uint32_t fat[128], minifat[128];
	unsigned char mini[4096];
	size_t nmini = 0;
	uint32_t ns = 0, nmf = 0;

	memset(sec, 0, sizeof sec);
	memset(o, 0, sizeof *o);
	for (int i = 0; i < 128; i++)
		fat[i] = minifat[i] = 0xffffffffu;
	memset(mini, 0, sizeof mini);
	for (size_t i = 0; i < n; i++) {
		if (ents[i].type != 2)
			continue;
		const unsigned char *d = ents[i].data;
		if (ents[i].len >= 4096) {
			uint32_t k = (uint32_t)((ents[i].len + 511) / 512);
			o->first[i] = ns;
			for (uint32_t j = 0; j < k; j++) {
				size_t l = ents[i].len - 512 * j < 512 ? ents[i].len - 512 * j : 512;
				memcpy(sec[ns + j], d + 512 * j, l);
				fat[ns + j] = j + 1 < k ? ns + j + 1 : 0xfffffffeu;
			}
			ns += k;
		} else if (ents[i].len) {
			uint32_t k = (uint32_t)((ents[i].len + 63) / 64);
			o->first[i] = nmf;
			memcpy(mini + nmini, d, ents[i].len);
			for (uint32_t j = 0; j < k; j++)
				minifat[nmf + j] = j + 1 < k ? nmf + j + 1 : 0xfffffffeu;
			nmf += k;
			nmini += 64 * k;
		} else {
			o->first[i] = 0xfffffffeu;
		}
	}
	/* The mini stream, in FAT sectors. */
	uint32_t mini_start = 0xfffffffeu, km = (uint32_t)((nmini + 511) / 512);
	if (km) {
		mini_start = ns;
		for (uint32_t j = 0; j < km; j++) {
			memcpy(sec[ns + j], mini + 512 * j, 512);
			fat[ns + j] = j + 1 < km ? ns + j + 1 : 0xfffffffeu;
		}
		ns += km;
	}
	uint32_t mf = 0xfffffffeu;
	if (nmf) {
		mf = ns;
		for (int i = 0; i < 128; i++)
			cfbw_put32(sec[ns] + 4 * i, minifat[i]);
		fat[ns] = 0xfffffffeu;
		ns++;
	}
	/* The directory: root + entries, 4 per sector. */
	uint32_t dir = ns, kd = (uint32_t)((n + 1 + 3) / 4);
	for (uint32_t j = 0; j < kd; j++)
		fat[ns + j] = j + 1 < kd ? ns + j + 1 : 0xfffffffeu;
	for (size_t i = 0; i <= n; i++) {
		unsigned char *e = sec[dir + i / 4] + 128 * (i % 4);
		const char *name = i ? ents[i - 1].name : "Root Entry";
		size_t l = strlen(name);
		for (size_t j = 0; j < l; j++)
			cfbw_put16(e + 2 * j, (unsigned char)name[j]);
		cfbw_put16(e + 0x40, (unsigned)(2 * l + 2));
		e[0x42] = (unsigned char)(i ? ents[i - 1].type : 5);
		e[0x43] = 1;
		cfbw_put32(e + 0x44, 0xffffffffu);
		cfbw_put32(e + 0x48, 0xffffffffu);
		cfbw_put32(e + 0x4c, 0xffffffffu);
		/* first child, next sibling */
		int me = (int)i - 1;
		for (size_t j = 0; j < n; j++)
			if (ents[j].parent == me) {
				cfbw_put32(e + 0x4c, (uint32_t)j + 1);
				break;
			}
		if (i) {
			for (size_t j = i; j < n; j++)
				if (ents[j].parent == ents[i - 1].parent) {
					cfbw_put32(e + 0x48, (uint32_t)j + 1);
					break;
				}
			cfbw_put32(e + 0x74, ents[i - 1].type == 2 ? o->first[i - 1] : 0);
			cfbw_put32(e + 0x78, (uint32_t)ents[i - 1].len);
			o->dirent_off[i - 1] = 512 + (size_t)512 * (dir + i / 4) + 128 * (i % 4);
		} else {
			cfbw_put32(e + 0x74, mini_start);
			cfbw_put32(e + 0x78, (uint32_t)nmini);
		}
	}
	for (size_t i = n + 1; i < 4 * kd; i++) {
		unsigned char *e = sec[dir + i / 4] + 128 * (i % 4);
		cfbw_put32(e + 0x44, 0xffffffffu);
		cfbw_put32(e + 0x48, 0xffffffffu);
		cfbw_put32(e + 0x4c, 0xffffffffu);
	}
	ns += kd;
	/* The FAT. */
	uint32_t fs = ns;
	fat[fs] = 0xfffffffdu;
	for (int i = 0; i < 128; i++)
		cfbw_put32(sec[fs] + 4 * i, fat[i]);
	ns++;

	unsigned char h[512];
	memset(h, 0, sizeof h);
	memcpy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	cfbw_put16(h + 0x18, 0x3e);
	cfbw_put16(h + 0x1a, 3);
	cfbw_put16(h + 0x1c, 0xfffe);
	cfbw_put16(h + 0x1e, 9);
	cfbw_put16(h + 0x20, 6);
	cfbw_put32(h + 0x2c, 1);
	cfbw_put32(h + 0x30, dir);
	cfbw_put32(h + 0x38, 4096);
	cfbw_put32(h + 0x3c, mf);
	cfbw_put32(h + 0x40, nmf ? 1 : 0);
	cfbw_put32(h + 0x44, 0xfffffffeu);
	for (int i = 0; i < 109; i++)
		cfbw_put32(h + 0x4c + 4 * i, i ? 0xffffffffu : fs);
	buf_reset(out);
	buf_put(out, h, 512);
	for (uint32_t j = 0; j < ns; j++)
		buf_put(out, sec[j], 512);
	o->fat_off = 512 + (size_t)512 * fs;
	o->minifat_off = nmf ? 512 + (size_t)512 * mf : 0;
	o->dir_off = 512 + (size_t)512 * dir;
	o->nsec = ns;
}


static struct buf file = BUF_INIT_MAX(0);
static struct cfbw_out lay;
static char big[6000];

static void put32(size_t off, uint32_t v)
{
	cfbw_put32((unsigned char *)file.p + off, v);
}

/* Root > big (FAT), small (mini), Sub > inner (mini). */
static void make_basic(void)
{
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	struct cfbw_ent e[] = {
		{ "big", 2, -1, big, sizeof big },
		{ "small", 2, -1, "hello, mini stream", 18 },
		{ "Sub", 1, -1, NULL, 0 },
		{ "inner", 2, 2, "inside", 6 },
	};
	cfbw_make(e, 4, &file, &lay);
	ck_assert_int_eq(file.err, 0);
}

START_TEST(reads_fat_and_mini_streams)
{
	struct ole2 o;
	struct buf b = BUF_INIT_MAX(0);

	make_basic();
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), 0);
	ck_assert_int_eq(o.damaged, 0);
	uint32_t id = ole2_child(&o, 0, "BIG");
	ck_assert_uint_ne(id, OLE2_NONE);
	ck_assert_int_eq(ole2_read(&o, id, &b), 0);
	ck_assert_uint_eq(b.len, sizeof big);
	ck_assert(memcmp(b.p, big, sizeof big) == 0);
	buf_reset(&b);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "small"), &b), 0);
	ck_assert_str_eq(b.p, "hello, mini stream");
	buf_reset(&b);
	id = ole2_path(&o, 0, "Sub/inner");
	ck_assert_uint_ne(id, OLE2_NONE);
	ck_assert_int_eq(ole2_read(&o, id, &b), 0);
	ck_assert_str_eq(b.p, "inside");
	ck_assert_uint_eq(ole2_path(&o, 0, "Sub/missing"), OLE2_NONE);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "Sub"), &b), -1);     /* a storage */
	unsigned char head[4];
	ck_assert_uint_eq(ole2_peek(&o, ole2_child(&o, 0, "small"), head, 4), 4);
	ck_assert(memcmp(head, "hell", 4) == 0);
	ole2_close(&o);
	buf_free(&b);
}
END_TEST

START_TEST(fat_loop_is_an_error)
{
	struct ole2 o;
	struct buf b = BUF_INIT_MAX(0);

	make_basic();
	/* big's 4th sector points back to its 2nd. */
	put32(lay.fat_off + 4 * (lay.first[0] + 3), lay.first[0] + 1);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), 0);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "big"), &b), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "loops"));
	ole2_close(&o);
	/* A loop in the directory's own chain: the file does not open. */
	make_basic();
	put32(lay.fat_off + 4 * ((lay.dir_off - 512) / 512), (uint32_t)((lay.dir_off - 512) / 512));
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "loops"));
	buf_free(&b);
}
END_TEST

START_TEST(mini_chain_loop_is_an_error)
{
	struct ole2 o;
	struct buf b = BUF_INIT_MAX(0);

	make_basic();
	/* small is one mini sector long in the file; give it a size of 100
	 * and a MiniFAT entry that points to itself. */
	put32(lay.dirent_off[1] + 0x78, 100);
	put32(lay.minifat_off + 4 * lay.first[1], lay.first[1]);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), 0);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "small"), &b), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "loops"));
	ole2_close(&o);
	buf_free(&b);
}
END_TEST

START_TEST(difat_loop_is_an_error)
{
	struct ole2 o;
	unsigned char pad[512];

	make_basic();
	/* 300 more sectors; the header claims 250 FAT sectors, 109 in the
	 * header (all the real FAT sector) and the rest in a DIFAT sector
	 * whose next pointer is itself. */
	memset(pad, 0, sizeof pad);
	uint32_t dif = lay.nsec;
	for (int i = 0; i < 300; i++)
		buf_put(&file, pad, sizeof pad);
	uint32_t fatsec = (uint32_t)((lay.fat_off - 512) / 512);
	put32(0x2c, 250);
	for (int i = 0; i < 109; i++)
		put32(0x4c + 4 * (size_t)i, fatsec);
	put32(0x44, dif);
	put32(0x48, 2);
	for (int i = 0; i < 127; i++)
		put32(512 + 512 * (size_t)dif + 4 * (size_t)i, fatsec);
	put32(512 + 512 * (size_t)dif + 4 * 127, dif);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "DIFAT chain loops"));
	/* More FAT sectors than the file has sectors. */
	put32(0x2c, 100000);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "more FAT sectors"));
}
END_TEST

START_TEST(sectors_out_of_range)
{
	struct ole2 o;
	struct buf b = BUF_INIT_MAX(0);

	make_basic();
	put32(lay.dirent_off[0] + 0x74, 100000);        /* big starts past the end */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), 0);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "big"), &b), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "outside the file"));
	ole2_close(&o);
	make_basic();
	put32(0x30, 0xfffffff0u);                       /* the directory too */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	make_basic();
	put32(0x4c, 5000);                              /* the FAT sector */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "FAT sector lies outside"));
	buf_free(&b);
}
END_TEST

START_TEST(truncated_files)
{
	struct ole2 o;

	make_basic();
	/* Every prefix: open fails or succeeds, never reads past the end
	 * (ASan would say), and reads of what remains fail cleanly. */
	for (size_t n = 0; n <= file.len; n += 97) {
		if (ole2_open(&o, file.p, n, 1 << 20) == 0) {
			struct buf b = BUF_INIT_MAX(0);
			for (uint32_t i = 0; i < o.ne; i++) {
				ole2_read(&o, i, &b);
				buf_reset(&b);
			}
			buf_free(&b);
			ole2_close(&o);
		} else {
			ck_assert_ptr_nonnull(o.err);
		}
	}
	ck_assert_int_eq(ole2_open(&o, file.p, 100, 1 << 20), -1);
	ck_assert_str_eq(o.err, "not a compound file");
}
END_TEST

START_TEST(huge_claimed_sizes)
{
	struct ole2 o;
	struct buf b = BUF_INIT_MAX(0);

	make_basic();
	put32(lay.dirent_off[0] + 0x78, 0xfffffff0u);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, (size_t)1 << 40), 0);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "big"), &b), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "more bytes than the file holds"));
	ck_assert_uint_eq(b.len, 0);
	ole2_close(&o);
	/* The root's mini stream too: the file does not open. */
	make_basic();
	put32(lay.dir_off + 0x78, 0x7ffffff0u);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	buf_free(&b);
}
END_TEST

START_TEST(cyclic_directory_tree_ends)
{
	struct ole2 o;
	size_t k = 0;

	make_basic();
	put32(lay.dirent_off[1] + 0x48, 1);             /* small's sibling is big */
	put32(lay.dirent_off[3] + 0x4c, 3);             /* inner has its storage as child */
	put32(lay.dirent_off[2] + 0x44, 99);            /* Sub's left is out of range */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), 0);
	ck_assert_int_eq(o.damaged, 1);
	for (uint32_t i = o.e[0].first; i != OLE2_NONE; i = o.e[i].next)
		ck_assert_uint_lt(++k, 10);
	ole2_close(&o);
}
END_TEST

START_TEST(budget_bounds_cross_linked_streams)
{
	struct ole2 o;
	struct buf b = BUF_INIT_MAX(0);

	make_basic();
	/* "small" becomes a second name for big's sectors. */
	put32(lay.dirent_off[1] + 0x74, lay.first[0]);
	put32(lay.dirent_off[1] + 0x78, sizeof big);
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, sizeof big + 100), 0);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "big"), &b), 0);
	buf_reset(&b);
	ck_assert_int_eq(ole2_read(&o, ole2_child(&o, 0, "small"), &b), -1);
	ck_assert_ptr_nonnull(strstr(o.err, "max_expanded_size"));
	ole2_close(&o);
	buf_free(&b);
}
END_TEST

START_TEST(bad_headers)
{
	struct ole2 o;

	make_basic();
	file.p[0x1c] = 0;                               /* byte order */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	make_basic();
	file.p[0x1e] = 10;                              /* 1024-byte sectors */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	make_basic();
	file.p[0x20] = 7;                               /* mini sectors */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
	make_basic();
	memset(file.p + lay.dir_off + 0x42, 2, 1);      /* the root is not a root */
	ck_assert_int_eq(ole2_open(&o, file.p, file.len, 1 << 20), -1);
}
END_TEST

/* The document readers, in process: containers found inside recurse
 * here as they would in seem-extract. */
static struct config cfg;
static struct patterns *pat;
static struct findings fs;

static void dispatch(struct classify *c, enum doctype t, const char *data, size_t n,
    int where, const char *name)
{
	if (t == DOC_OLE2 && c->depth < c->cfg->lim.extract_depth) {
		c->depth++;
		extract_ole2(c, data, n, where, name);
		c->depth--;
	} else {
		classify_uninspectable(c, where, "not read in this test");
	}
}

static void extract(const void *data, size_t n)
{
	struct classify c;

	if (!pat) {
		config_defaults(&cfg);
		cfg.labels[0].id = strdup("3c9b7d2e-41a6");
		cfg.labels[0].level = LEVEL_RESTRICTED;
		cfg.nlabels = 1;
		ck_assert_int_eq(triggers_load(&cfg, &pat), 0);
	}
	findings_free(&fs);
	findings_init(&fs);
	classify_init(&c, &cfg, pat, &fs);
	c.extract = dispatch;
	ck_assert_int_eq(findings_where(&fs, "attachment", "2", "", "a", "", ""), 0);
	extract_ole2(&c, data, n, 0, "a");
	ck_assert_int_eq(c.status, 0);
}

/* The finding of term (as found) at a place whose text ends with where. */
static int found(const char *term, const char *where)
{
	for (size_t i = 0; i < fs.nf; i++) {
		const char *t = fs.w[fs.f[i].where].text;
		size_t a = strlen(t), b = strlen(where);
		if (strcmp(fs.f[i].term, term) == 0 && a >= b && strcmp(t + a - b, where) == 0)
			return 1;
	}
	return 0;
}

static int uninspectable(const char *why)
{
	for (size_t i = 0; i < fs.nu; i++)
		if (strstr(fs.u[i].reason, why))
			return 1;
	return 0;
}

/* ASCII as UTF-16LE into out. */
static size_t u16(char *out, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = s[i];
		out[2 * i + 1] = 0;
	}
	return 2 * n;
}

START_TEST(outlook_message_with_attachment)
{
	char subj[64], name[64], body[64];
	const char *data = "minutes: [RESTRICTED] item 4";
	size_t ns = u16(subj, "Re: [SECRET] budget");
	size_t nn = u16(name, "minutes.txt");
	size_t nb = u16(body, "see [SEEMAIL]");
	struct cfbw_ent e[] = {
		{ "__substg1.0_0037001F", 2, -1, subj, ns },
		{ "__substg1.0_1000001F", 2, -1, body, nb },
		{ "__properties_version1.0", 2, -1, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16 },
		{ "__attach_version1.0_#00000000", 1, -1, NULL, 0 },
		{ "__substg1.0_3707001F", 2, 3, name, nn },
		{ "__substg1.0_37010102", 2, 3, data, strlen(data) },
	};

	cfbw_make(e, 6, &file, &lay);
	extract(file.p, file.len);
	ck_assert(found("[SECRET]", "> subject"));
	ck_assert(found("[SEEMAIL]", "> body"));
	ck_assert(found("[RESTRICTED]", "> minutes.txt"));
	ck_assert_int_eq(fs.level, LEVEL_SECRET);
	ck_assert_uint_eq(fs.nu, 0);
}
END_TEST

/* A BIFF record into b. */
static void rec(struct buf *b, unsigned type, const void *p, size_t n)
{
	unsigned char h[4] = { (unsigned char)type, (unsigned char)(type >> 8),
	    (unsigned char)n, (unsigned char)(n >> 8) };
	buf_put(b, h, 4);
	buf_put(b, p, n);
}

START_TEST(excel_string_split_across_continue)
{
	struct buf wb = BUF_INIT_MAX(0);
	unsigned char bof[16] = { 0x00, 0x06, 0x05, 0x00 };
	/* 1 string of 11 characters: "[SENS" 8-bit here, "ITIVE]" UTF-16
	 * in the CONTINUE record, which starts with its own flag. */
	unsigned char sst[16] = { 1, 0, 0, 0, 1, 0, 0, 0, 11, 0, 0, '[', 'S', 'E', 'N', 'S' };
	char cont[13];
	cont[0] = 1;
	u16(cont + 1, "ITIVE]");
	rec(&wb, 0x0809, bof, sizeof bof);
	rec(&wb, 0x00fc, sst, sizeof sst);
	rec(&wb, 0x003c, cont, sizeof cont);
	/* a sheet name and a header */
	unsigned char bs[16] = { 0, 0, 0, 0, 0, 0, 6, 0, 'B', 'u', 'd', 'g', 'e', 't' };
	rec(&wb, 0x0085, bs, 14);
	unsigned char hd[13] = { 10, 0, 0, '[', 'S', 'E', 'E', 'M', 'A', 'I', 'L', ']', ' ' };
	rec(&wb, 0x0014, hd, 13);
	rec(&wb, 0x000a, "", 0);
	struct cfbw_ent e[] = { { "Workbook", 2, -1, wb.p, wb.len } };
	cfbw_make(e, 1, &file, &lay);
	extract(file.p, file.len);
	ck_assert(found("[SENSITIVE]", "> Workbook"));
	ck_assert(found("[SEEMAIL]", "> Workbook"));
	ck_assert_uint_eq(fs.nu, 0);

	/* FILEPASS: encrypted. */
	buf_reset(&wb);
	rec(&wb, 0x0809, bof, sizeof bof);
	rec(&wb, 0x002f, "\1\0\1\0", 4);
	rec(&wb, 0x00fc, sst, sizeof sst);
	struct cfbw_ent e2[] = { { "Workbook", 2, -1, wb.p, wb.len } };
	cfbw_make(e2, 1, &file, &lay);
	extract(file.p, file.len);
	ck_assert(uninspectable("encrypted Excel"));
	buf_free(&wb);
}
END_TEST

/* A Word 97 document: an 8-bit piece "[RESTR" and a UTF-16 piece
 * "ICTED]" (in the table's order, not the stream's); with art, a WordArt
 * shape of that text in its drawings, as Design > Watermark makes one. */
static void make_word_art(unsigned flags, const char *art)
{
	static char doc[1100], tbl[160];
	unsigned char *d = (unsigned char *)doc, *t = (unsigned char *)tbl;

	memset(doc, 0, sizeof doc);
	memset(tbl, 0, sizeof tbl);
	cfbw_put16(d, 0xa5ec);
	cfbw_put16(d + 2, 0xc1);
	cfbw_put16(d + 0x0a, flags);
	cfbw_put16(d + 32, 14);
	cfbw_put16(d + 62, 22);
	cfbw_put16(d + 152, 93);
	cfbw_put32(d + 154 + 33 * 8, 0);                /* fcClx */
	cfbw_put32(d + 154 + 33 * 8 + 4, 33);           /* lcbClx */
	memcpy(doc + 1060, "[RESTR", 6);
	u16(doc + 1024, "ICTED]");
	t[0] = 2;
	cfbw_put32(t + 1, 28);
	cfbw_put32(t + 5, 0);
	cfbw_put32(t + 9, 6);
	cfbw_put32(t + 13, 12);
	cfbw_put32(t + 17 + 2, (1060 * 2) | 0x40000000u);
	cfbw_put32(t + 25 + 2, 1024);
	if (art) {
		/* An OfficeArtFOPT: one complex property, gtextUNICODE. */
		unsigned char *r = t + 64;
		size_t n = u16((char *)r + 14, art) + 2;
		cfbw_put16(r, 0x0013);
		cfbw_put16(r + 2, 0xf00b);
		cfbw_put32(r + 4, (uint32_t)(6 + n));
		cfbw_put16(r + 8, 0x80c0);
		cfbw_put32(r + 10, (uint32_t)n);
		cfbw_put32(d + 154 + 50 * 8, 64);                       /* fcDggInfo */
		cfbw_put32(d + 154 + 50 * 8 + 4, (uint32_t)(14 + n));   /* lcbDggInfo */
	}
	struct cfbw_ent e[] = {
		{ "WordDocument", 2, -1, doc, sizeof doc },
		{ "0Table", 2, -1, tbl, sizeof tbl },
	};
	cfbw_make(e, 2, &file, &lay);
}

static void make_word(unsigned flags)
{
	make_word_art(flags, NULL);
}

START_TEST(word_watermark_in_the_drawings)
{
	make_word_art(0, "[SEC=SECRET]");
	extract(file.p, file.len);
	ck_assert(found("[RESTRICTED]", "> WordDocument"));
	ck_assert(found("[SEC=SECRET]", "> 0Table"));
	ck_assert_uint_eq(fs.nu, 0);
}
END_TEST

START_TEST(word_piece_table)
{
	make_word(0);
	extract(file.p, file.len);
	ck_assert(found("[RESTRICTED]", "> WordDocument"));
	ck_assert_uint_eq(fs.nu, 0);
	make_word(0x0100);
	extract(file.p, file.len);
	ck_assert(uninspectable("encrypted Word"));
	ck_assert_uint_eq(fs.nf, 0);
}
END_TEST

START_TEST(powerpoint_text_atoms)
{
	unsigned char s[64];
	size_t n = 0;

	memset(s, 0, sizeof s);
	cfbw_put16(s, 0x000f);                          /* a container */
	cfbw_put16(s + 2, 0x03e8);
	cfbw_put32(s + 4, 8 + 18 + 8 + 6);
	cfbw_put16(s + 10, 0x0fa0);                     /* TextCharsAtom */
	cfbw_put32(s + 12, 18);
	u16((char *)s + 16, "[SEEMAIL]");
	cfbw_put16(s + 36, 0x0fa8);                     /* TextBytesAtom */
	cfbw_put32(s + 38, 8);
	memcpy(s + 42, "[SECRET]", 8);
	n = 50;
	struct cfbw_ent e[] = { { "PowerPoint Document", 2, -1, s, n } };
	cfbw_make(e, 1, &file, &lay);
	extract(file.p, file.len);
	ck_assert(found("[SEEMAIL]", "> \"PowerPoint Document\""));
	ck_assert(found("[SECRET]", "> \"PowerPoint Document\""));
	struct cfbw_ent e2[] = {
		{ "PowerPoint Document", 2, -1, s, n },
		{ "EncryptedSummary", 2, -1, "x", 1 },
	};
	cfbw_make(e2, 2, &file, &lay);
	extract(file.p, file.len);
	ck_assert(uninspectable("encrypted PowerPoint"));
	ck_assert_uint_eq(fs.nf, 0);
}
END_TEST

START_TEST(encrypted_ooxml_is_uninspectable)
{
	struct cfbw_ent e[] = {
		{ "EncryptionInfo", 2, -1, "\4\0\4\0", 4 },
		{ "EncryptedPackage", 2, -1, "[SECRET] but ciphered", 21 },
	};
	cfbw_make(e, 2, &file, &lay);
	extract(file.p, file.len);
	ck_assert(uninspectable("encrypted Office document"));
	ck_assert_uint_eq(fs.nf, 0);
}
END_TEST

START_TEST(property_sets_and_labels)
{
	unsigned char ps[256];
	const char *name = "MSIP_Label_3c9b7d2e-41a6_Enabled";
	size_t nl = strlen(name) + 1, off0 = 40, off1, off2, end;

	memset(ps, 0, sizeof ps);
	cfbw_put16(ps, 0xfffe);
	cfbw_put32(ps + 24, 1);
	cfbw_put32(ps + 28 + 16, 48);
	unsigned char *s = ps + 48;
	cfbw_put32(s + 4, 4);
	off1 = (off0 + 4 + 8 + nl + 3) & ~(size_t)3;
	off2 = off1 + 8;
	/* dictionary: id 2 is the label */
	cfbw_put32(s + off0, 1);
	cfbw_put32(s + off0 + 4, 2);
	cfbw_put32(s + off0 + 8, (uint32_t)nl);
	memcpy(s + off0 + 12, name, nl);
	cfbw_put16(s + off1, 2);                        /* code page 1252 */
	cfbw_put16(s + off1 + 4, 1252);
	cfbw_put16(s + off2, 0x1e);                     /* "true" */
	cfbw_put32(s + off2 + 4, 5);
	memcpy(s + off2 + 8, "true", 5);
	size_t off3 = off2 + 16;
	cfbw_put16(s + off3, 0x1f);                     /* a title with a term */
	cfbw_put32(s + off3 + 4, 9);
	u16((char *)s + off3 + 8, "[SECRET]");
	end = off3 + 8 + 20;
	uint32_t ids[4] = { 0, 1, 2, 3 };
	size_t offs[4] = { off0, off1, off2, off3 };
	for (int i = 0; i < 4; i++) {
		cfbw_put32(s + 8 + 8 * i, ids[i]);
		cfbw_put32(s + 12 + 8 * i, (uint32_t)offs[i]);
	}
	cfbw_put32(s, (uint32_t)end);
	struct cfbw_ent e[] = { { "\005DocumentSummaryInformation", 2, -1, ps, 48 + end } };
	cfbw_make(e, 1, &file, &lay);
	extract(file.p, file.len);
	ck_assert(found("[SECRET]", "> DocumentSummaryInformation"));
	ck_assert(found("MSIP label \"3c9b7d2e-41a6\"", "> DocumentSummaryInformation"));
	ck_assert_int_eq(fs.level, LEVEL_SECRET);
}
END_TEST

START_TEST(broken_file_is_uninspectable_and_scanned)
{
	char junk[1200];

	memset(junk, 1, sizeof junk);
	memcpy(junk, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	memcpy(junk + 700, "text [RESTRICTED] in the bytes", 30);
	extract(junk, sizeof junk);
	ck_assert(uninspectable("broken compound file"));
	ck_assert(found("[RESTRICTED]", "attachment"));
}
END_TEST

START_TEST(embedded_storage_is_read)
{
	char sub[40];
	size_t n = u16(sub, "[IN-CONFIDENCE]");
	struct cfbw_ent e[] = {
		{ "ObjectPool", 1, -1, NULL, 0 },
		{ "_1234", 1, 0, NULL, 0 },
		{ "__substg1.0_0037001F", 2, 1, sub, n },
		{ "Package", 2, 1, "[SEEMAIL] plain", 15 },
	};
	cfbw_make(e, 4, &file, &lay);
	extract(file.p, file.len);
	ck_assert(found("[IN-CONFIDENCE]", "> ObjectPool > _1234 > subject"));
	ck_assert(found("[SEEMAIL]", "> ObjectPool > _1234 > Package"));
}
END_TEST

START_TEST(publisher_1_0_text_zone)
{
	unsigned char f[256];

	memset(f, 0, sizeof f);
	memcpy(f, "\xe7\xac\x2c\x00", 4);
	cfbw_put32(f + 0x0c, 0x40);                     /* the text zone */
	cfbw_put32(f + 0x40 + 14, 0x80);                /* text start, end */
	cfbw_put32(f + 0x40 + 18, 0x80 + 20);
	memcpy(f + 0x80, "June\r\n\f[SEC=SECRET]", 20);
	extract(f, sizeof f);
	ck_assert(found("[SEC=SECRET]", "> text"));
	ck_assert_uint_eq(fs.nu, 0);
	cfbw_put32(f + 0x40 + 18, 0x10000);             /* past the end */
	extract(f, sizeof f);
	ck_assert(uninspectable("Publisher 1.0"));
	ck_assert(found("[SEC=SECRET]", "attachment"));
}
END_TEST

static Suite *ole2_suite(void)
{
	Suite *s = suite_create("ole2");
	TCase *t = tcase_create("cfb");
	tcase_add_test(t, reads_fat_and_mini_streams);
	tcase_add_test(t, fat_loop_is_an_error);
	tcase_add_test(t, mini_chain_loop_is_an_error);
	tcase_add_test(t, difat_loop_is_an_error);
	tcase_add_test(t, sectors_out_of_range);
	tcase_add_test(t, truncated_files);
	tcase_add_test(t, huge_claimed_sizes);
	tcase_add_test(t, cyclic_directory_tree_ends);
	tcase_add_test(t, budget_bounds_cross_linked_streams);
	tcase_add_test(t, bad_headers);
	suite_add_tcase(s, t);
	t = tcase_create("formats");
	tcase_add_test(t, outlook_message_with_attachment);
	tcase_add_test(t, excel_string_split_across_continue);
	tcase_add_test(t, word_piece_table);
	tcase_add_test(t, word_watermark_in_the_drawings);
	tcase_add_test(t, powerpoint_text_atoms);
	tcase_add_test(t, encrypted_ooxml_is_uninspectable);
	tcase_add_test(t, property_sets_and_labels);
	tcase_add_test(t, broken_file_is_uninspectable_and_scanned);
	tcase_add_test(t, embedded_storage_is_read);
	tcase_add_test(t, publisher_1_0_text_zone);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(ole2_suite)
