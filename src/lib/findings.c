/*
 * findings.c: storage for findings, locations and notes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "findings.h"
#include "level.h"

#define CONTEXT_MAX 60
#define TERM_MAX 200

/* Context is cut by bytes: drop a partial UTF-8 character at the cut. */
static size_t trim_tail(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && k < 3 && ((unsigned char)s[n - 1 - k] & 0xc0) == 0x80)
		k++;
	if (k < n && (unsigned char)s[n - 1 - k] >= 0xc0) {
		unsigned char lead = (unsigned char)s[n - 1 - k];
		size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
		if (k + 1 < need)
			return n - 1 - k;
	}
	return n;
}

static size_t skip_head(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

void findings_init(struct findings *fs)
{
	memset(fs, 0, sizeof *fs);
}

void findings_free(struct findings *fs)
{
	for (size_t i = 0; i < fs->nw; i++) {
		free(fs->w[i].text);
		free(fs->w[i].part);
		free(fs->w[i].ctype);
		free(fs->w[i].filename);
		free(fs->w[i].header);
		free(fs->w[i].inside);
	}
	for (size_t i = 0; i < fs->nf; i++) {
		free(fs->f[i].term);
		free(fs->f[i].before);
		free(fs->f[i].after);
	}
	for (size_t i = 0; i < fs->nu; i++)
		free(fs->u[i].reason);
	for (size_t i = 0; i < fs->nn; i++)
		free(fs->n[i].text);
	free(fs->w);
	free(fs->f);
	free(fs->u);
	free(fs->n);
	free(fs->hash);
	memset(fs, 0, sizeof *fs);
}

/* Grows an array of elements of size sz to hold one more. */
static int grow(struct findings *fs, void **arr, size_t *cap, size_t n, size_t sz)
{
	if (array_grow(arr, cap, n, sz) == 0)
		return 0;
	fs->err = ENOMEM;
	return -1;
}

/* Copies text for a finding without its NUL bytes: text read raw from
 * UTF-16 has one after every ASCII letter, and the scanner skips them
 * too, so the term shows as it reads. */
static char *dup(struct findings *fs, const char *s, size_t n)
{
	char *p = malloc((s ? n : 0) + 1), *o = p;
	if (p == NULL) {
		fs->err = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; s && i < n; i++)
		if (s[i] != '\0')
			*o++ = s[i];
	*o = '\0';
	return p;
}

int findings_where(struct findings *fs, const char *text, const char *part,
    const char *ctype, const char *filename, const char *header,
    const char *inside)
{
	struct where *w;

	if (grow(fs, (void **)&fs->w, &fs->capw, fs->nw, sizeof *fs->w) < 0)
		return -1;
	w = &fs->w[fs->nw];
#define D(f) w->f = dup(fs, f, f ? strlen(f) : 0)
	D(text); D(part); D(ctype); D(filename); D(header); D(inside);
#undef D
	if (fs->err)
		return -1;
	return (int)fs->nw++;
}

static size_t hash(int level, const char *t, size_t n, int where)
{
	size_t h = 2166136261u ^ (size_t)level * 31 ^ (size_t)where * 1000003;
	for (size_t i = 0; i < n; i++)
		if (t[i])
			h = (h ^ (unsigned char)t[i]) * 16777619u;
	return h;
}

/* Whether stored text (NULs removed) is t[0..n) without its NULs. */
static int same_text(const char *stored, const char *t, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\0')
			continue;
		if (stored[k] != t[i])
			return 0;
		k++;
	}
	return stored[k] == '\0';
}

size_t findings_add(struct findings *fs, int level, const char *term, size_t tn,
    const char *before, size_t bn, int where)
{
	struct finding *f;
	size_t h, slot;

	if (level > fs->level)
		fs->level = level;
	if (tn > TERM_MAX)
		tn = TERM_MAX;
	if (bn > CONTEXT_MAX) {
		before += bn - CONTEXT_MAX;
		bn = CONTEXT_MAX;
	}
	size_t skip = skip_head(before, bn);
	before += skip;
	bn -= skip;
	tn = trim_tail(term, tn);
	if (fs->hash == NULL) {
		fs->hashcap = 2 * FINDINGS_MAX_STORED;
		fs->hash = calloc(fs->hashcap, sizeof *fs->hash);
		if (fs->hash == NULL) {
			fs->err = ENOMEM;
			return (size_t)-1;
		}
	}
	h = hash(level, term, tn, where);
	for (slot = h % fs->hashcap; fs->hash[slot]; slot = (slot + 1) % fs->hashcap) {
		f = &fs->f[fs->hash[slot] - 1];
		if (f->level == level && f->where == where && same_text(f->term, term, tn)) {
			f->count++;
			return (size_t)-1;
		}
	}
	if (fs->nf >= FINDINGS_MAX_STORED) {
		fs->omitted++;
		return (size_t)-1;
	}
	if (grow(fs, (void **)&fs->f, &fs->capf, fs->nf, sizeof *fs->f) < 0)
		return (size_t)-1;
	f = &fs->f[fs->nf];
	f->level = level;
	f->term = dup(fs, term, tn);
	f->before = dup(fs, before, bn);
	f->after = dup(fs, "", 0);
	f->where = where;
	f->count = 1;
	if (fs->err)
		return (size_t)-1;
	fs->hash[slot] = (unsigned)(fs->nf + 1);
	return fs->nf++;
}

void findings_after(struct findings *fs, size_t idx, const char *p, size_t n)
{
	struct finding *f = &fs->f[idx];
	size_t have = strlen(f->after);

	if (have >= CONTEXT_MAX)
		return;
	if (n > CONTEXT_MAX - have)
		n = trim_tail(p, CONTEXT_MAX - have);
	char *q = realloc(f->after, have + n + 1);
	if (q == NULL) {
		fs->err = ENOMEM;
		return;
	}
	memcpy(q + have, p, n);
	q[have + n] = '\0';
	f->after = q;
}

void findings_uninspectable(struct findings *fs, int where, const char *reason)
{
	if (grow(fs, (void **)&fs->u, &fs->capu, fs->nu, sizeof *fs->u) < 0)
		return;
	fs->u[fs->nu].where = where;
	fs->u[fs->nu].reason = dup(fs, reason, strlen(reason));
	if (!fs->err)
		fs->nu++;
}

void findings_note(struct findings *fs, int where, const char *text)
{
	if (grow(fs, (void **)&fs->n, &fs->capn, fs->nn, sizeof *fs->n) < 0)
		return;
	fs->n[fs->nn].where = where;
	fs->n[fs->nn].text = dup(fs, text, strlen(text));
	if (!fs->err)
		fs->nn++;
}

/* ---- merging ---- */

static size_t where_hash(const struct where *w)
{
	const char *const f[] = { w->text, w->part, w->ctype, w->filename, w->header, w->inside };
	size_t h = 2166136261u;

	for (size_t i = 0; i < 6; i++)
		for (const char *s = f[i] ? f[i] : ""; ; s++) {
			h = (h ^ (unsigned char)*s) * 16777619u;
			if (!*s)
				break;
		}
	return h;
}

static int same_where(const struct where *a, const struct where *b)
{
	return strcmp(a->text, b->text) == 0 && strcmp(a->part, b->part) == 0 &&
	    strcmp(a->ctype, b->ctype) == 0 && strcmp(a->filename, b->filename) == 0 &&
	    strcmp(a->header, b->header) == 0 && strcmp(a->inside, b->inside) == 0;
}

/* Adds f at where, or raises the count of the same finding there to
 * f's if that is larger: findings_add would count it once more. */
static void merge_finding(struct findings *into, const struct finding *f, int where)
{
	size_t h = hash(f->level, f->term, strlen(f->term), where);

	for (size_t slot = into->hash ? h % into->hashcap : 0; into->hash && into->hash[slot];
	    slot = (slot + 1) % into->hashcap) {
		struct finding *g = &into->f[into->hash[slot] - 1];
		if (g->level == f->level && g->where == where && strcmp(g->term, f->term) == 0) {
			if (f->count > g->count)
				g->count = f->count;
			return;
		}
	}
	size_t before = into->nf;
	size_t k = findings_add(into, f->level, f->term, strlen(f->term), f->before,
	    strlen(f->before), where);
	if (k != (size_t)-1 && into->nf > before) {
		findings_after(into, k, f->after, strlen(f->after));
		into->f[k].count = f->count;
	}
}

void findings_merge_at(struct findings *into, const struct findings *from, int where)
{
	for (size_t i = 0; i < from->nf && !into->err; i++)
		merge_finding(into, &from->f[i], where);
	if (from->omitted > into->omitted)
		into->omitted = from->omitted;
}

void findings_merge(struct findings *into, const struct findings *from)
{
	size_t cap = 2 * (into->nw + from->nw) + 1;
	int *table = malloc(cap * sizeof *table), *map = malloc((from->nw + 1) * sizeof *map);

	if (table == NULL || map == NULL) {
		free(table);
		free(map);
		into->err = ENOMEM;
		return;
	}
	for (size_t i = 0; i < cap; i++)
		table[i] = -1;
	for (size_t i = 0; i < into->nw; i++) {
		size_t s = where_hash(&into->w[i]) % cap;
		while (table[s] >= 0)
			s = (s + 1) % cap;
		table[s] = (int)i;
	}
	/* Each location of `from`: the same one of `into`, or a new one. */
	for (size_t i = 0; i < from->nw && !into->err; i++) {
		const struct where *w = &from->w[i];
		size_t s = where_hash(w) % cap;
		while (table[s] >= 0 && !same_where(&into->w[table[s]], w))
			s = (s + 1) % cap;
		if (table[s] < 0) {
			int id = findings_where(into, w->text, w->part, w->ctype, w->filename, w->header,
			    w->inside);
			if (id < 0)
				break;
			table[s] = id;
		}
		map[i] = table[s];
	}
	for (size_t i = 0; i < from->nf && !into->err; i++)
		merge_finding(into, &from->f[i], map[from->f[i].where]);
	if (from->omitted > into->omitted)
		into->omitted = from->omitted;
	for (size_t i = 0; i < from->nu && !into->err; i++) {
		size_t k;
		for (k = 0; k < into->nu; k++)
			if (into->u[k].where == map[from->u[i].where] &&
			    strcmp(into->u[k].reason, from->u[i].reason) == 0)
				break;
		if (k == into->nu)
			findings_uninspectable(into, map[from->u[i].where], from->u[i].reason);
	}
	for (size_t i = 0; i < from->nn && !into->err; i++) {
		size_t k;
		for (k = 0; k < into->nn; k++)
			if (into->n[k].where == map[from->n[i].where] &&
			    strcmp(into->n[k].text, from->n[i].text) == 0)
				break;
		if (k == into->nn)
			findings_note(into, map[from->n[i].where], from->n[i].text);
	}
	free(table);
	free(map);
}
