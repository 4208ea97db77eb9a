/* test_tnef.c: the TNEF reader on the real streams of
 * ../shared/fixtures/tnef (each decodes to the files its .list names),
 * on garbage, truncated and damaged streams, and on streams built here
 * (code pages, names, MAPI properties, embedded messages, limits); and
 * TNEF through classification: where a term inside is reported. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
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
#include "matcher.h"
#include "tnef.h"
#include "triggers.h"

/* ---- what a stream decodes to ---- */

#define MAXFILES 64

struct got {
	char *name[MAXFILES];   /* body.rtf, body.html, body.txt, attachment names */
	size_t n;
	struct buf text[4];     /* per enum tnef_text: data, then "|charset\n" */
	struct buf problems;
	struct buf last;        /* the last attachment's bytes */
	int last_object;
};

static struct got got;

static void add_name(const char *s)
{
	ck_assert_uint_lt(got.n, MAXFILES);
	got.name[got.n++] = strdup(s);
}

static void on_text(void *ctx, enum tnef_text kind, const char *d, size_t n, const char *cs)
{
	static const char *const names[4] = { NULL, "body.txt", "body.html", "body.rtf" };

	(void)ctx;
	buf_put(&got.text[kind], d, n);
	buf_printf(&got.text[kind], "|%s\n", cs ? cs : "-");
	/* One body, however many forms of it the stream carries. */
	if (names[kind]) {
		for (size_t i = 0; i < got.n; i++)
			if (strcmp(got.name[i], names[kind]) == 0)
				return;
		add_name(names[kind]);
	}
}

static void on_attachment(void *ctx, const char *name, const char *ctype, const char *d,
    size_t n, int object)
{
	(void)ctx;
	(void)ctype;
	add_name(name);
	buf_reset(&got.last);
	if (d)
		buf_put(&got.last, d, n);
	got.last_object = object;
}

static void on_problem(void *ctx, const char *why)
{
	(void)ctx;
	buf_puts(&got.problems, why);
	buf_putc(&got.problems, '\n');
}

static void got_reset(void)
{
	for (size_t i = 0; i < got.n; i++)
		free(got.name[i]);
	got.n = 0;
	for (int i = 0; i < 4; i++)
		buf_free(&got.text[i]);
	buf_free(&got.problems);
	buf_free(&got.last);
}

static struct got *decode_lim(const void *p, size_t n, size_t max_records, size_t max_attach)
{
	static const struct tnef_handler h = { on_text, on_attachment, on_problem };
	struct tnef_limits lim = { max_records, max_attach, 65536, 1 << 24 };

	got_reset();
	ck_assert_int_eq(tnef_read(p, n, &lim, &h, NULL), 0);
	return &got;
}

static struct got *decode(const void *p, size_t n)
{
	return decode_lim(p, n, 1000, 1000);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The decoded names, sorted, one a line. */
static void sorted_names(struct buf *out)
{
	qsort(got.name, got.n, sizeof got.name[0], cmp_str);
	buf_reset(out);
	for (size_t i = 0; i < got.n; i++)
		buf_printf(out, "%s\n", got.name[i]);
}

/* ---- the fixtures ---- */

/* ../shared/fixtures/tnef, or NULL (with a message) when absent: $SHARED
 * as run-cli.sh sets it, else beside the source tree. */
static const char *fixtures(void)
{
	static char dir[4096];
	const char *shared = getenv("SHARED");

	if (shared && !*shared) {
		fprintf(stderr, "skip: SHARED is empty, no TNEF fixtures\n");
		return NULL;
	}
	if (shared)
		snprintf(dir, sizeof dir, "%s/fixtures/tnef", shared);
	else
		snprintf(dir, sizeof dir, "%s/../shared/fixtures/tnef", source_dir());
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "skip: no TNEF fixtures in %s\n", dir);
		return NULL;
	}
	closedir(d);
	return dir;
}

static char *slurp(const char *dir, const char *name, const char *ext, size_t *n)
{
	char path[4200];
	struct buf b = BUF_INIT_MAX(0);
	char chunk[65536];
	size_t k;

	snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, k);
	fclose(f);
	ck_assert_int_eq(b.err, 0);
	return buf_take(&b, n);
}

/* What each stream decodes to: its .list, and the files the list leaves
 * out.  MimeKit's own test only checks that each listed name is among
 * the decoded ones; the extras below are the files its extraction of the
 * same streams wrote (and that a reader must see): the plain body beside
 * the RTF one, the HTML body, attachments the list forgot. */
static const struct {
	const char *name;
	const char *extra[5];
	const char *problem;    /* expected, or NULL for none */
} streams[] = {
	{ "MAPI_ATTACH_DATA_OBJ", { NULL }, NULL },
	{ "MAPI_OBJECT", { NULL }, NULL },
	{ "attachments", { NULL }, NULL },
	{ "body", { NULL }, NULL },
	{ "christmas", { NULL }, NULL },
	{ "data-before-name", { NULL }, NULL },
	{ "long-filename", { "allproductsmar2000.dat" }, NULL },
	{ "missing-filenames", { "generpts.src", "TechlibDEC99.doc", "TechlibDEC99-JAN00.doc",
	    "TechlibNOV99.doc" }, NULL },
	{ "multi-value-attribute", { NULL }, NULL },
	{ "one-file", { NULL }, NULL },
	/* 17 KB of base64 text after the last record. */
	{ "panic", { NULL }, "garbage after the last TNEF record\n" },
	{ "rtf", { NULL }, NULL },
	{ "triples", { "body.txt" }, NULL },
	{ "two-files", { NULL }, NULL },
	{ "unicode-mapi-attr-name", { "body.html" }, NULL },
	{ "unicode-mapi-attr", { "body.html" }, NULL },
	{ "winmail", { "body.rtf" }, NULL },
};

START_TEST(each_stream_decodes_to_its_list)
{
	const char *dir = fixtures();
	struct buf want = BUF_INIT_MAX(0), have = BUF_INIT_MAX(0);

	if (dir == NULL)
		return;
	for (size_t s = 0; s < sizeof streams / sizeof streams[0]; s++) {
		size_t n, ln;
		char *data = slurp(dir, streams[s].name, ".tnef", &n);
		char *list = slurp(dir, streams[s].name, ".list", &ln);
		char *lines[MAXFILES];
		size_t nl = 0;

		for (char *tok = strtok(list, "\r\n"); tok; tok = strtok(NULL, "\r\n"))
			lines[nl++] = tok;
		for (size_t e = 0; e < 5 && streams[s].extra[e]; e++)
			lines[nl++] = (char *)streams[s].extra[e];
		qsort(lines, nl, sizeof lines[0], cmp_str);
		buf_reset(&want);
		for (size_t i = 0; i < nl; i++)
			buf_printf(&want, "%s\n", lines[i]);

		decode(data, n);
		sorted_names(&have);
		ck_assert_msg(strcmp(want.p, have.p ? have.p : "") == 0, "%s: expected\n%sgot\n%s",
		    streams[s].name, want.p, have.p ? have.p : "");
		if (streams[s].problem)
			ck_assert_str_eq(got.problems.p, streams[s].problem);
		else
			ck_assert_msg(got.problems.p == NULL, "%s: %s", streams[s].name, got.problems.p);
		free(data);
		free(list);
	}
	/* No stream with a list is left out of the table. */
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);
		if (k < 6 || strcmp(e->d_name + k - 5, ".list") != 0)
			continue;
		int known = 0;
		for (size_t s = 0; s < sizeof streams / sizeof streams[0]; s++)
			if (strncmp(streams[s].name, e->d_name, k - 5) == 0 && strlen(streams[s].name) == k - 5)
				known = 1;
		ck_assert_msg(known, "%s has no entry in streams[]", e->d_name);
	}
	closedir(d);
	buf_free(&want);
	buf_free(&have);
}
END_TEST

START_TEST(bodies_subjects_and_code_pages_of_the_fixtures)
{
	const char *dir = fixtures();
	size_t n;
	char *data;

	if (dir == NULL)
		return;
	/* The RTF body is decompressed. */
	data = slurp(dir, "rtf", ".tnef", &n);
	decode(data, n);
	ck_assert_int_eq(strncmp(got.text[TNEF_BODY_RTF].p, "{\\rtf1\\ansi", 11), 0);
	free(data);
	/* A Russian message: the code page of attOemCodepage. */
	data = slurp(dir, "triples", ".tnef", &n);
	decode(data, n);
	ck_assert_str_eq(got.text[TNEF_SUBJECT].p, "Sample Summary|windows-1251\n");
	free(data);
	/* A Unicode subject beside the 8-bit one. */
	data = slurp(dir, "body", ".tnef", &n);
	decode(data, n);
	ck_assert_ptr_nonnull(memmem(got.text[TNEF_SUBJECT].p, got.text[TNEF_SUBJECT].len, "|utf-16le\n", 10));
	free(data);
	/* An embedded message is a TNEF stream of its own. */
	data = slurp(dir, "christmas", ".tnef", &n);
	decode(data, n);
	free(data);
	ck_assert_int_eq(got.last_object, 0);
	/* A stream ending in a line end: padding, not garbage. */
	data = slurp(dir, "garbage-at-end", ".tnef", &n);
	decode(data, n);
	ck_assert_ptr_null(got.problems.p);
	free(data);
}
END_TEST

/* The offset of the k-th record (from 0) with attribute id `id`, or 0. */
static size_t record_at(const unsigned char *p, size_t n, uint16_t id, int k)
{
	size_t i = 6;
	while (i + 9 <= n) {
		uint32_t len = (uint32_t)p[i + 5] | (uint32_t)p[i + 6] << 8 |
		    (uint32_t)p[i + 7] << 16 | (uint32_t)p[i + 8] << 24;
		if ((uint16_t)(p[i + 1] | p[i + 2] << 8) == id && k-- == 0)
			return i;
		i += 9 + (size_t)len + 2;
	}
	return 0;
}

START_TEST(garbage_truncation_and_bad_signatures)
{
	const char *dir = fixtures();
	struct buf s = BUF_INIT_MAX(0), names = BUF_INIT_MAX(0);
	size_t n;

	if (dir == NULL)
		return;
	char *data = slurp(dir, "two-files", ".tnef", &n);

	/* Garbage after the last record: a problem, and everything before
	 * still read. */
	buf_put(&s, data, n);
	buf_puts(&s, "garbage, not a record");
	decode(s.p, s.len);
	sorted_names(&names);
	ck_assert_str_eq(names.p, "AUTHORS\nREADME\n");
	ck_assert_str_eq(got.problems.p, "garbage after the last TNEF record\n");

	/* Cut inside the second attachment's data. */
	size_t at = record_at((const unsigned char *)data, n, 0x800f, 1);
	ck_assert_uint_gt(at, 0);
	decode(data, at + 30);
	sorted_names(&names);
	ck_assert_str_eq(names.p, "AUTHORS\nREADME\n");
	ck_assert_ptr_nonnull(strstr(got.problems.p, "runs past the end of the stream"));
	/* Cut inside a record header. */
	decode(data, at + 4);
	ck_assert_ptr_nonnull(strstr(got.problems.p, "garbage after the last TNEF record"));

	/* Not TNEF at all. */
	decode("PK\3\4 hello", 10);
	ck_assert_str_eq(got.problems.p, "not a TNEF stream (bad signature)\n");
	ck_assert_uint_eq(got.n, 0);
	decode(data, 3);
	ck_assert_str_eq(got.problems.p, "not a TNEF stream (bad signature)\n");
	free(data);
	buf_free(&s);
	buf_free(&names);
}
END_TEST

/* ---- streams built here ---- */

static void put16(struct buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	buf_put(b, x, 2);
}

static void put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
		(unsigned char)(v >> 24) };
	buf_put(b, x, 4);
}

static void start(struct buf *t)
{
	buf_reset(t);
	put32(t, TNEF_SIGNATURE);
	put16(t, 1);
}

/* A record; the checksum is left wrong on purpose (it is not checked). */
static void rec(struct buf *t, int level, uint32_t id, const void *d, size_t n)
{
	buf_putc(t, level);
	put32(t, id);
	put32(t, (uint32_t)n);
	buf_put(t, d, n);
	put16(t, 0xbeef);
}

static void pad4(struct buf *b, size_t k)
{
	while (k++ % 4)
		buf_putc(b, 0);
}

/* A variable-length property value (one value). */
static void prop_bytes(struct buf *p, uint16_t type, uint16_t id, const void *d, size_t n)
{
	put32(p, (uint32_t)id << 16 | type);
	put32(p, 1);
	put32(p, (uint32_t)n);
	buf_put(p, d, n);
	pad4(p, n);
}

static void prop_str(struct buf *p, uint16_t id, const char *s)
{
	prop_bytes(p, 0x001e, id, s, strlen(s) + 1);
}

/* ASCII (or Latin-1 bytes) as UTF-16LE. */
static void prop_ustr(struct buf *p, uint16_t id, const char *s)
{
	struct buf u = BUF_INIT_MAX(0);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		put16(&u, *c);
	put16(&u, 0);
	prop_bytes(p, 0x001f, id, u.p, u.len);
	buf_free(&u);
}

static void prop_long(struct buf *p, uint16_t id, uint32_t v)
{
	put32(p, (uint32_t)id << 16 | 0x0003);
	put32(p, v);
}

/* A property list record: count, then the properties in body. */
static void props_rec(struct buf *t, int level, uint32_t id, uint32_t count, const struct buf *body)
{
	struct buf r = BUF_INIT_MAX(0);
	put32(&r, count);
	buf_put(&r, body->p, body->len);
	rec(t, level, id, r.p, r.len);
	buf_free(&r);
}

#define ATT_MSG_PROPS 0x00069003
#define ATT_ATTACHMENT 0x00069005
#define ATT_RENDDATA 0x00069002
#define ATT_TITLE 0x00018010
#define ATT_DATA 0x0006800f
#define ATT_SUBJECT 0x00018004
#define ATT_OEMCP 0x00069007

static void attachment(struct buf *t, const char *title, const char *data)
{
	static const unsigned char rend[14] = { 1, 0, 0xff, 0xff, 0xff, 0xff };
	rec(t, 2, ATT_RENDDATA, rend, sizeof rend);
	if (title)
		rec(t, 2, ATT_TITLE, title, strlen(title) + 1);
	if (data)
		rec(t, 2, ATT_DATA, data, strlen(data));
}

START_TEST(code_pages_names_and_bodies)
{
	struct buf t = BUF_INIT_MAX(0), p = BUF_INIT_MAX(0), names = BUF_INIT_MAX(0);
	static const unsigned char cp1251[8] = { 0xe3, 0x04 };

	start(&t);
	rec(&t, 1, ATT_OEMCP, cp1251, sizeof cp1251);
	rec(&t, 1, ATT_SUBJECT, "\xd2\xe5\xf1\xf2 [SECRET]", 14);
	/* PR_HTML comes before PR_INTERNET_CPID, which still gives its
	 * code page; a named property and a multi-valued one are passed
	 * over. */
	buf_reset(&p);
	prop_bytes(&p, 0x0102, 0x1013, "<p>\xcf\xf0\xe8</p>", 10);
	put32(&p, 0x8005u << 16 | 0x101f);      /* named, multi-valued Unicode */
	buf_put(&p, "0123456789abcdef", 16);
	put32(&p, 1);                           /* a string name */
	put32(&p, 6);
	buf_put(&p, "K\0e\0y\0", 6);
	pad4(&p, 6);
	put32(&p, 2);
	put32(&p, 4);
	buf_put(&p, "a\0\0\0", 4);
	put32(&p, 2);
	buf_put(&p, "b\0", 2);
	pad4(&p, 2);
	prop_ustr(&p, 0x1000, "plain body");
	prop_long(&p, 0x3fde, 20866);
	props_rec(&t, 1, ATT_MSG_PROPS, 4, &p);
	/* Names: the long file name (Unicode) wins over the title. */
	attachment(&t, "LONGNA~1.TXT", "first");
	buf_reset(&p);
	prop_ustr(&p, 0x3707, "long name [SEEMAIL].txt");
	prop_long(&p, 0x3705, 1);
	prop_str(&p, 0x370e, "text/plain");
	props_rec(&t, 2, ATT_ATTACHMENT, 3, &p);
	/* No title: the display name.  Data as attAttachData and as
	 * PR_ATTACH_DATA_BIN that differ: both are read. */
	attachment(&t, NULL, "as attribute");
	buf_reset(&p);
	prop_str(&p, 0x3001, "shown name");
	prop_bytes(&p, 0x0102, 0x3701, "as property", 11);
	props_rec(&t, 2, ATT_ATTACHMENT, 2, &p);
	/* No name and no data at all. */
	attachment(&t, NULL, NULL);

	decode(t.p, t.len);
	ck_assert_ptr_null(got.problems.p);
	ck_assert_str_eq(got.text[TNEF_SUBJECT].p, "\xd2\xe5\xf1\xf2 [SECRET]|windows-1251\n");
	ck_assert_str_eq(got.text[TNEF_BODY_HTML].p, "<p>\xcf\xf0\xe8</p>|koi8-r\n");
	ck_assert_int_eq(memcmp(got.text[TNEF_BODY_TEXT].p, "p\0l\0", 4), 0);
	ck_assert_uint_eq(got.text[TNEF_BODY_TEXT].len, 20 + 10);
	ck_assert_mem_eq(got.text[TNEF_BODY_TEXT].p + 20, "|utf-16le\n", 10);
	sorted_names(&names);
	ck_assert_str_eq(names.p, "\nbody.html\nbody.txt\nlong name [SEEMAIL].txt\nshown name\nshown name\n");
	buf_free(&t);
	buf_free(&p);
	buf_free(&names);
}
END_TEST

START_TEST(damaged_property_lists_and_limits)
{
	struct buf t = BUF_INIT_MAX(0), p = BUF_INIT_MAX(0), names = BUF_INIT_MAX(0);

	/* A property of a type of unknown size ends its list, not the
	 * stream: the next attachment is still read. */
	start(&t);
	attachment(&t, "one.txt", "1");
	buf_reset(&p);
	put32(&p, 0x3001u << 16 | 0x0077);
	put32(&p, 0);
	props_rec(&t, 2, ATT_ATTACHMENT, 2, &p);
	attachment(&t, "two.txt", "2");
	decode(t.p, t.len);
	sorted_names(&names);
	ck_assert_str_eq(names.p, "one.txt\ntwo.txt\n");
	ck_assert_str_eq(got.problems.p, "a MAPI property of an unknown type\n");

	/* A value longer than its record. */
	start(&t);
	buf_reset(&p);
	put32(&p, 0x0037u << 16 | 0x001e);
	put32(&p, 1);
	put32(&p, 1000);
	buf_puts(&p, "short");
	props_rec(&t, 1, ATT_MSG_PROPS, 1, &p);
	decode(t.p, t.len);
	ck_assert_str_eq(got.problems.p, "a MAPI property runs past the end of its record\n");
	ck_assert_ptr_null(got.text[TNEF_SUBJECT].p);

	/* More attachments than the limit. */
	start(&t);
	attachment(&t, "a", "1");
	attachment(&t, "b", "2");
	attachment(&t, "c", "3");
	decode_lim(t.p, t.len, 1000, 2);
	sorted_names(&names);
	ck_assert_str_eq(names.p, "a\nb\n");
	ck_assert_str_eq(got.problems.p, "more attachments in a TNEF stream than max_archive_entries\n");
	/* More records than the limit (three per attachment here): the
	 * third is cut after its title. */
	decode_lim(t.p, t.len, 8, 1000);
	sorted_names(&names);
	ck_assert_str_eq(names.p, "a\nb\nc\n");
	ck_assert_str_eq(got.problems.p, "more records in a TNEF stream than seemail reads\n");
	decode_lim(t.p, t.len, 6, 1000);
	ck_assert_uint_eq(got.n, 2);

	/* A record length past the end. */
	start(&t);
	attachment(&t, "a", "12345");
	t.len -= 4;
	decode(t.p, t.len);
	ck_assert_str_eq(got.problems.p, "a TNEF record runs past the end of the stream (truncated)\n");
	sorted_names(&names);
	ck_assert_str_eq(names.p, "a\n");
	buf_free(&t);
	buf_free(&p);
	buf_free(&names);
}
END_TEST

/* ---- through classification ---- */

static struct config cfg;
static struct patterns *pat;
static struct findings fs;

static void setup(void)
{
	config_defaults(&cfg);
	pat = patterns_new();
	ck_assert_ptr_nonnull(pat);
	ck_assert_int_eq(triggers_add_defaults(pat), 0);
	ck_assert_int_eq(patterns_compile(pat), 0);
	findings_init(&fs);
}

static void teardown(void)
{
	findings_free(&fs);
	patterns_free(pat);
	config_free(&cfg);
}

/* What seem-extract does with nested containers, in this process. */
static void dispatch(struct classify *c, enum doctype t, const char *data, size_t n,
    int where, const char *name)
{
	if (c->depth >= c->cfg->lim.extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	c->depth++;
	if (t == DOC_RTF)
		extract_rtf(c, data, n, where, name);
	else if (t == DOC_TNEF)
		extract_tnef(c, data, n, where, name);
	else
		classify_uninspectable(c, where, "not read in this test");
	c->depth--;
}

static void classify_tnef(const char *data, size_t n)
{
	struct classify c;

	findings_free(&fs);
	findings_init(&fs);
	int w = findings_where(&fs, "attachment \"winmail.dat\"", "2", "application/ms-tnef",
	    "winmail.dat", "", "");
	ck_assert_int_ge(w, 0);
	classify_init(&c, &cfg, pat, &fs);
	c.extract = dispatch;
	dispatch(&c, DOC_TNEF, data, n, w, "winmail.dat");
	ck_assert_int_eq(c.status, 0);
}

static int found(const char *term, const char *where)
{
	for (size_t i = 0; i < fs.nf; i++)
		if (strcmp(fs.f[i].term, term) == 0 && strcmp(fs.w[fs.f[i].where].text, where) == 0)
			return 1;
	return 0;
}

/* A MELA (uncompressed) RTF body. */
static void rtf_body(struct buf *p, const char *rtf)
{
	struct buf z = BUF_INIT_MAX(0);
	put32(&z, (uint32_t)strlen(rtf) + 12);
	put32(&z, (uint32_t)strlen(rtf));
	buf_put(&z, "MELA", 4);
	put32(&z, 0);
	buf_puts(&z, rtf);
	prop_bytes(p, 0x0102, 0x1009, z.p, z.len);
	buf_free(&z);
}

START_TEST(terms_inside_are_found_where_they_are)
{
	struct buf t = BUF_INIT_MAX(0), inner = BUF_INIT_MAX(0), p = BUF_INIT_MAX(0);
	struct buf obj = BUF_INIT_MAX(0);

	/* An embedded message: a TNEF stream with an attachment. */
	start(&inner);
	rec(&inner, 1, ATT_SUBJECT, "inner [IN-CONFIDENCE]", 22);
	attachment(&inner, "inner.txt", "deep [TOP SECRET] text");

	start(&t);
	rec(&t, 1, ATT_SUBJECT, "about [SENSITIVE:BUDGET]", 25);
	buf_reset(&p);
	rtf_body(&p, "{\\rtf1\\ansi{\\header [RESTRICTED]}body {\\b [SEC}{\\i RET]}}");
	props_rec(&t, 1, ATT_MSG_PROPS, 1, &p);
	attachment(&t, "[SEEMAIL] notes.txt", "plain [CONFIDENTIAL] notes");
	attachment(&t, "Fwd", NULL);
	buf_reset(&p);
	buf_put(&obj, "\x07\x03\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46", 16);
	buf_put(&obj, inner.p, inner.len);
	prop_long(&p, 0x3705, 5);
	prop_bytes(&p, 0x000d, 0x3701, obj.p, obj.len);
	props_rec(&t, 2, ATT_ATTACHMENT, 2, &p);

	classify_tnef(t.p, t.len);
	ck_assert(found("[SENSITIVE:BUDGET]", "attachment \"winmail.dat\" > subject"));
	ck_assert(found("[RESTRICTED]", "attachment \"winmail.dat\" > body.rtf > header"));
	ck_assert(found("[SECRET]", "attachment \"winmail.dat\" > body.rtf > body"));
	ck_assert(found("[SEEMAIL]", "attachment \"winmail.dat\" > \"[SEEMAIL] notes.txt\""));
	ck_assert(found("[CONFIDENTIAL]", "attachment \"winmail.dat\" > \"[SEEMAIL] notes.txt\""));
	ck_assert(found("[IN-CONFIDENCE]", "attachment \"winmail.dat\" > Fwd > subject"));
	ck_assert(found("[TOP SECRET]", "attachment \"winmail.dat\" > Fwd > inner.txt"));
	ck_assert_int_eq(fs.level, LEVEL_TOP_SECRET);
	ck_assert_uint_eq(fs.nu, 0);

	/* Damage is uninspectable; what came before still counts. */
	classify_tnef(t.p, t.len - 3);
	ck_assert(found("[SENSITIVE:BUDGET]", "attachment \"winmail.dat\" > subject"));
	ck_assert_uint_eq(fs.nu, 1);
	ck_assert_str_eq(fs.u[0].reason, "a TNEF record runs past the end of the stream (truncated)");
	ck_assert_str_eq(fs.w[fs.u[0].where].text, "attachment \"winmail.dat\"");
	buf_free(&t);
	buf_free(&inner);
	buf_free(&p);
	buf_free(&obj);
}
END_TEST

START_TEST(a_long_name_is_scanned_whole_and_shortened_in_its_location)
{
	struct buf t = BUF_INIT_MAX(0), name = BUF_INIT_MAX(0), where = BUF_INIT_MAX(0);

	for (int i = 0; i < 30; i++)
		buf_puts(&name, "\xc3\xa9t\xc3\xa9 plan ");      /* UTF-8 bytes in a cp1252 title */
	buf_puts(&name, "[RESTRICTED].txt");
	start(&t);
	attachment(&t, name.p, "x");
	classify_tnef(t.p, t.len);
	ck_assert_uint_eq(fs.nf, 1);
	ck_assert_str_eq(fs.f[0].term, "[RESTRICTED]");
	const char *w = fs.w[fs.f[0].where].text;
	ck_assert_uint_lt(strlen(w), 300);
	ck_assert_ptr_nonnull(strstr(w, "...\""));
	buf_free(&t);
	buf_free(&name);
	buf_free(&where);
}
END_TEST

START_TEST(a_term_planted_in_a_real_stream_is_found)
{
	const char *dir = fixtures();
	size_t n;

	if (dir == NULL)
		return;
	char *data = slurp(dir, "two-files", ".tnef", &n);
	/* Overwrite the start of the second attachment's bytes (README). */
	size_t at = record_at((const unsigned char *)data, n, 0x800f, 1);
	ck_assert_uint_gt(at, 0);
	memcpy(data + at + 9, "[RESTRICTED:CABINET]", 20);
	classify_tnef(data, n);
	ck_assert(found("[RESTRICTED:CABINET]", "attachment \"winmail.dat\" > README"));
	ck_assert_uint_eq(fs.nu, 0);
	free(data);
}
END_TEST

static Suite *tnef_suite(void)
{
	Suite *s = suite_create("tnef");
	TCase *tc = tcase_create("reading");
	tcase_add_test(tc, each_stream_decodes_to_its_list);
	tcase_add_test(tc, bodies_subjects_and_code_pages_of_the_fixtures);
	tcase_add_test(tc, garbage_truncation_and_bad_signatures);
	tcase_add_test(tc, code_pages_names_and_bodies);
	tcase_add_test(tc, damaged_property_lists_and_limits);
	suite_add_tcase(s, tc);
	tc = tcase_create("classify");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, terms_inside_are_found_where_they_are);
	tcase_add_test(tc, a_long_name_is_scanned_whole_and_shortened_in_its_location);
	tcase_add_test(tc, a_term_planted_in_a_real_stream_is_found);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(tnef_suite)
