/*
 * matcher.c: the trigger scanner (see matcher.h for the contract).
 *
 * Construction: every pattern is normalised and inserted into a trie over
 * bytes; bytes that occur in no pattern share one class, so each state's
 * row in the transition table is short.  A breadth-first pass adds the
 * failure links and completes the table into a DFA, with a dictionary
 * link from each state to the next state on its failure chain that ends
 * a pattern.
 *
 * Scanning: in state 0 with nothing pending the scanner jumps to the next
 * byte that can begin a pattern (memchr when there are at most three such
 * bytes, a table otherwise); only from there does it decode, normalise and
 * step the automaton, one normalised byte at a time.  A ring remembers the
 * raw offset of the last few normalised bytes so that a match can be
 * mapped back to the text as it was written, and the last raw bytes of
 * each chunk are kept for context.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "matcher.h"
#include "normalize.h"
#include "utf8.h"

#define MAX_PATTERN_BYTES (1u << 20)
#define ENDORSEMENT_MAX 100
#define CONTEXT 40
#define NONE 0xffffffffu

struct pat {
	char *text;             /* normalised */
	size_t len;
	enum match_kind kind;
	int level;
	int word_start, word_end;
};

struct patterns {
	struct pat *pat;
	size_t npat, cap, bytes;
	int has_disclaimers;
	size_t maxlen;

	uint32_t nstates, nclass;
	unsigned char cls[256];
	uint32_t *delta;        /* nstates x nclass */
	uint32_t *out;          /* pattern ending here, or NONE */
	uint32_t *dict;         /* next state with output on the failure chain, 0 none */
	uint32_t *depth;
	unsigned char start[256];
	unsigned char startb[8];
	int nstartb;            /* 1: memchr; 2..8: vector compare; 0: start[] */
};

enum { T_SEP, T_ENDORSE, T_BOUNDARY };

struct patterns *patterns_new(void)
{
	return calloc(1, sizeof(struct patterns));
}

size_t patterns_count(const struct patterns *p)
{
	return p->npat;
}

void patterns_free(struct patterns *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->npat; i++)
		free(p->pat[i].text);
	free(p->pat);
	free(p->delta);
	free(p->out);
	free(p->dict);
	free(p->depth);
	free(p);
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

int patterns_add(struct patterns *p, enum match_kind kind, int level,
    const char *text, size_t n)
{
	struct buf b = BUF_INIT_MAX(MAX_PATTERN_BYTES);

	norm_string(text, n, &b);
	if (b.err || b.len == 0) {
		buf_free(&b);
		return -1;
	}
	if (kind == MATCH_BRACKET && b.len > 1 && b.p[b.len - 1] == ']')
		b.p[--b.len] = '\0';    /* "[restricted]": match the open form */
	/* The same text twice: keep the higher level. */
	for (size_t i = 0; i < p->npat; i++)
		if (p->pat[i].kind == kind && p->pat[i].len == b.len &&
		    memcmp(p->pat[i].text, b.p, b.len) == 0) {
			if (level > p->pat[i].level)
				p->pat[i].level = level;
			buf_free(&b);
			return 0;
		}
	if (p->bytes + b.len > MAX_PATTERN_BYTES)
		goto fail;
	if (p->npat == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 32;
		struct pat *np = realloc(p->pat, nc * sizeof *np);
		if (np == NULL)
			goto fail;
		p->pat = np;
		p->cap = nc;
	}
	struct pat *t = &p->pat[p->npat++];
	t->len = b.len;
	t->text = buf_take(&b, NULL);
	t->kind = kind;
	t->level = level;
	t->word_start = kind == MATCH_TERM && is_word_byte((unsigned char)t->text[0]);
	t->word_end = kind == MATCH_TERM && is_word_byte((unsigned char)t->text[t->len - 1]);
	p->bytes += t->len;
	if (t->len > p->maxlen)
		p->maxlen = t->len;
	if (kind == MATCH_DISCLAIMER)
		p->has_disclaimers = 1;
	return 0;
fail:
	buf_free(&b);
	return -1;
}

/* Marks the lead byte of cp's UTF-8 as a possible start. */
static void mark_start(unsigned cp, void *ctx)
{
	struct patterns *p = ctx;
	char u[4];

	if (utf8_encode(cp, u))
		p->start[(unsigned char)u[0]] = 1;
	/* cp may also arrive as a Windows-1252 byte in invalid UTF-8. */
	if (cp >= 0xa0 && cp <= 0xff)
		p->start[cp] = 1;
}

static void compute_start_bytes(struct patterns *p)
{
	memset(p->start, 0, sizeof p->start);
	for (size_t i = 0; i < p->npat; i++) {
		unsigned cp;
		const unsigned char *t = (const unsigned char *)p->pat[i].text;
		if (utf8_decode(t, p->pat[i].len, &cp) == 0)
			cp = t[0];
		mark_start(cp, p);
		norm_sources(cp, mark_start, p);
	}
	p->nstartb = 0;
	for (int c = 0; c < 256; c++)
		if (p->start[c]) {
			if (p->nstartb == (int)sizeof p->startb) {
				p->nstartb = 0;
				break;
			}
			p->startb[p->nstartb++] = (unsigned char)c;
		}
}

int patterns_compile(struct patterns *p)
{
	uint32_t maxstates = 1, ns = 1;
	uint32_t *queue = NULL, *fail = NULL;

	free(p->delta);
	free(p->out);
	free(p->dict);
	free(p->depth);
	p->delta = p->out = p->dict = p->depth = NULL;

	/* Byte classes: 0 for bytes in no pattern. */
	memset(p->cls, 0, sizeof p->cls);
	p->nclass = 1;
	for (size_t i = 0; i < p->npat; i++)
		for (size_t j = 0; j < p->pat[i].len; j++) {
			unsigned char c = (unsigned char)p->pat[i].text[j];
			if (p->cls[c] == 0)
				p->cls[c] = (unsigned char)p->nclass++;
		}
	/* ' ' always has a class: the scanner feeds it between words. */
	if (p->cls[' '] == 0 && p->nclass < 256)
		p->cls[' '] = (unsigned char)p->nclass++;
	maxstates += (uint32_t)p->bytes;

	p->delta = malloc((size_t)maxstates * p->nclass * sizeof *p->delta);
	p->out = malloc(maxstates * sizeof *p->out);
	p->dict = calloc(maxstates, sizeof *p->dict);
	p->depth = calloc(maxstates, sizeof *p->depth);
	queue = malloc(maxstates * sizeof *queue);
	fail = calloc(maxstates, sizeof *fail);
	if (!p->delta || !p->out || !p->dict || !p->depth || !queue || !fail)
		goto nomem;
	for (size_t i = 0; i < (size_t)maxstates * p->nclass; i++)
		p->delta[i] = NONE;
	for (uint32_t s = 0; s < maxstates; s++)
		p->out[s] = NONE;

	/* The trie. */
	for (size_t i = 0; i < p->npat; i++) {
		uint32_t s = 0;
		for (size_t j = 0; j < p->pat[i].len; j++) {
			uint32_t *t = &p->delta[(size_t)s * p->nclass + p->cls[(unsigned char)p->pat[i].text[j]]];
			if (*t == NONE) {
				*t = ns;
				p->depth[ns] = p->depth[s] + 1;
				ns++;
			}
			s = *t;
		}
		p->out[s] = (uint32_t)i;
	}
	p->nstates = ns;

	/* Failure links, breadth first; complete the table as we go. */
	size_t qh = 0, qt = 0;
	for (uint32_t c = 0; c < p->nclass; c++) {
		uint32_t *t = &p->delta[c];
		if (*t == NONE)
			*t = 0;
		else {
			fail[*t] = 0;
			queue[qt++] = *t;
		}
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		uint32_t f = fail[s];
		p->dict[s] = p->out[f] != NONE ? f : p->dict[f];
		for (uint32_t c = 0; c < p->nclass; c++) {
			uint32_t *t = &p->delta[(size_t)s * p->nclass + c];
			if (*t == NONE)
				*t = p->delta[(size_t)f * p->nclass + c];
			else {
				fail[*t] = p->delta[(size_t)f * p->nclass + c];
				queue[qt++] = *t;
			}
		}
	}
	free(queue);
	free(fail);
	compute_start_bytes(p);
	return 0;
nomem:
	free(queue);
	free(fail);
	return -1;
}

/* ---- scanning ---- */

int scan_init(struct scan *s, const struct patterns *p, struct findings *fs, int where);

static void put(struct sink *self, const char *data, size_t n);
static void end(struct sink *self);

int scan_init(struct scan *s, const struct patterns *p, struct findings *fs, int where)
{
	size_t ring = 256;

	memset(s, 0, sizeof *s);
	s->base.put = put;
	s->base.end = end;
	s->pat = p;
	s->fs = fs;
	s->where = where;
	while (ring < p->maxlen + ENDORSEMENT_MAX + 8)
		ring *= 2;
	s->ring_raw = malloc(ring * sizeof *s->ring_raw);
	s->ring_word = malloc(ring);
	s->ring_mask = ring - 1;
	if (!s->ring_raw || !s->ring_word) {
		fs->err = ENOMEM;
		s->err = 1;
		return -1;
	}
	return 0;
}

void scan_fini(struct scan *s)
{
	free(s->ring_raw);
	free(s->ring_word);
	s->ring_raw = NULL;
	s->ring_word = NULL;
}

/* Copies raw text [from, to) into b, from the history and the current
 * chunk; text older than the history is left out. */
static void raw_text(const struct scan *s, uint64_t from, uint64_t to, struct buf *b)
{
	uint64_t oldest = s->raw > SCAN_HISTORY ? s->raw - SCAN_HISTORY : 0;

	if (from < oldest)
		from = oldest;
	for (uint64_t o = from; o < to && o < s->raw; o++)
		buf_putc(b, s->hist[o % SCAN_HISTORY]);
	if (to > s->raw) {
		uint64_t a = from > s->raw ? from : s->raw;
		uint64_t e = to - s->raw > s->chunk_len ? s->raw + s->chunk_len : to;
		if (a < e)
			buf_put(b, s->chunk + (a - s->raw), (size_t)(e - a));
	}
}

static void report(struct scan *s, int level, uint64_t start_raw, uint64_t end_raw)
{
	struct buf term = BUF_INIT_MAX(4096), before = BUF_INIT_MAX(4096);

	raw_text(s, start_raw, end_raw, &term);
	raw_text(s, start_raw > CONTEXT ? start_raw - CONTEXT : 0, start_raw, &before);
	if (term.err || before.err) {
		s->fs->err = ENOMEM;
	} else {
		size_t idx = findings_add(s->fs, level, term.p ? term.p : "", term.len,
		    before.p ? before.p : "", before.len, s->where);
		if (idx != (size_t)-1 && s->nafter < SCAN_AFTER) {
			s->after[s->nafter].finding = idx;
			s->after[s->nafter].from = end_raw;
			s->nafter++;
		}
	}
	buf_free(&term);
	buf_free(&before);
}

static void commit_pending(struct scan *s, int all)
{
	int k = 0;
	uint64_t live_from = s->npos - s->pat->depth[s->state];

	for (int i = 0; i < s->npend; i++) {
		struct scan_pending *p = &s->pend[i];
		if (all || p->start_n < live_from)
			report(s, p->level, p->start_raw, p->end_raw);
		else
			s->pend[k++] = *p;
	}
	s->npend = k;
}

static void found(struct scan *s, int level, uint64_t start_n, uint64_t end_n,
    uint64_t start_raw, uint64_t end_raw)
{
	if (!s->pat->has_disclaimers) {
		report(s, level, start_raw, end_raw);
		return;
	}
	if (s->npend == SCAN_PENDING)
		commit_pending(s, 0);
	if (s->npend == SCAN_PENDING) {
		/* Full of findings that a disclaimer might still cover:
		 * report the oldest, erring on the side of a finding. */
		report(s, s->pend[0].level, s->pend[0].start_raw, s->pend[0].end_raw);
		memmove(&s->pend[0], &s->pend[1], (SCAN_PENDING - 1) * sizeof s->pend[0]);
		s->npend--;
	}
	s->pend[s->npend++] = (struct scan_pending){ level, start_n, end_n, start_raw, end_raw };
}

static void disclaimer(struct scan *s, uint64_t start_n)
{
	int k = 0;

	for (int i = 0; i < s->npend; i++)
		if (!(s->pend[i].start_n >= start_n && s->pend[i].end_n <= s->npos))
			s->pend[k++] = s->pend[i];
	s->npend = k;
	/* A term still being read inside the disclaimer is covered too. */
	k = 0;
	for (int i = 0; i < s->ntr; i++)
		if (s->tr[i].start_n < start_n)
			s->tr[k++] = s->tr[i];
	s->ntr = k;
}

static uint64_t raw_at(const struct scan *s, uint64_t n)
{
	return s->ring_raw[n & s->ring_mask];
}

static int word_before(const struct scan *s, uint64_t start_n)
{
	if (start_n > s->fed_from)
		return s->ring_word[(start_n - 1) & s->ring_mask];
	return s->word_before_run;
}

/* Steps the trackers of bracketed and whole-word terms with byte c. */
static void step_trackers(struct scan *s, unsigned char c, int word, uint64_t raw_end)
{
	int k = 0;

	for (int i = 0; i < s->ntr; i++) {
		struct scan_tracker *t = &s->tr[i];
		int keep = 0;
		switch (t->state) {
		case T_SEP:
			if (c == ']')
				found(s, t->level, t->start_n, s->npos, raw_at(s, t->start_n), raw_end);
			else if (c == ':' || c == ',' || c == ';') {
				t->state = T_ENDORSE;
				keep = 1;
			}
			break;
		case T_ENDORSE:
			if (c == ']')
				found(s, t->level, t->start_n, s->npos, raw_at(s, t->start_n), raw_end);
			else if (c != '[' && ++t->count <= ENDORSEMENT_MAX)
				keep = 1;
			break;
		case T_BOUNDARY:
			if (!word)
				found(s, t->level, t->start_n, s->npos - 1, raw_at(s, t->start_n), t->end_raw);
			break;
		}
		if (keep)
			s->tr[k++] = *t;
	}
	s->ntr = k;
}

static void track(struct scan *s, int state, int level, uint64_t start_n, uint64_t end_raw)
{
	if (s->ntr == SCAN_TRACKERS) {
		/* Overlapping openings: keep the newest ones. */
		memmove(&s->tr[0], &s->tr[1], (SCAN_TRACKERS - 1) * sizeof s->tr[0]);
		s->ntr--;
	}
	s->tr[s->ntr++] = (struct scan_tracker){ state, level, 0, start_n, end_raw };
}

/* Feeds one normalised byte: the automaton, trackers and outputs. */
static void feed(struct scan *s, unsigned char c, int word, uint64_t raw, uint64_t raw_end)
{
	const struct patterns *p = s->pat;

	s->ring_raw[s->npos & s->ring_mask] = raw;
	s->ring_word[s->npos & s->ring_mask] = (unsigned char)word;
	s->npos++;
	s->state = p->delta[(size_t)s->state * p->nclass + p->cls[c]];
	if (s->ntr)
		step_trackers(s, c, word, raw_end);
	for (uint32_t st = p->out[s->state] != NONE ? s->state : p->dict[s->state]; st;
	    st = p->dict[st]) {
		const struct pat *t = &p->pat[p->out[st]];
		uint64_t start_n = s->npos - t->len;
		switch (t->kind) {
		case MATCH_DISCLAIMER:
			disclaimer(s, start_n);
			break;
		case MATCH_BRACKET:
			track(s, T_SEP, t->level, start_n, raw_end);
			break;
		case MATCH_TERM:
			if (t->word_start && word_before(s, start_n))
				break;
			if (t->word_end)
				track(s, T_BOUNDARY, t->level, start_n, raw_end);
			else
				found(s, t->level, start_n, s->npos, raw_at(s, start_n), raw_end);
			break;
		}
	}
	s->prev = c;
	if (s->npend)
		commit_pending(s, 0);
}

/* One decoded character at raw offsets [raw, raw_end). */
static void feed_char(struct scan *s, unsigned cp, uint64_t raw, uint64_t raw_end)
{
	unsigned c = norm_char(cp);
	char u[4];
	size_t k;

	if (c == NORM_DROP)
		return;
	if (c == NORM_SPACE) {
		if (!s->space_pending) {
			s->space_pending = 1;
			s->space_raw = raw;
		}
		return;
	}
	k = norm_encode(c, u);
	if (k == 0)
		return;
	if (s->space_pending) {
		s->space_pending = 0;
		if (s->prev && !norm_is_tight(s->prev) && !norm_is_tight((unsigned char)u[0]))
			feed(s, ' ', 0, s->space_raw, s->space_raw + 1);
	}
	int word = norm_is_word(c);
	for (size_t i = 0; i < k; i++)
		feed(s, (unsigned char)u[i], word, raw, raw_end);
}

/* Decodes the character at p (n bytes left): its code point and length;
 * an invalid byte is one Windows-1252 character. */
static size_t decode(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t k = utf8_decode(p, n, cp);
	if (k)
		return k;
	*cp = charset_cp1252(p[0]);
	return 1;
}

/* The character before raw position i of the chunk was a letter? */
static int word_at_skip(const struct scan *s, size_t i)
{
	unsigned char tail[4];
	size_t n = 0;

	/* The last up to four raw bytes before i. */
	for (size_t k = 4; k > 0; k--) {
		uint64_t o = s->raw + i;
		if (o < k)
			continue;
		o -= k;
		if (o >= s->raw)
			tail[n++] = s->chunk[o - s->raw];
		else if (s->raw - o <= SCAN_HISTORY)
			tail[n++] = (unsigned char)s->hist[o % SCAN_HISTORY];
	}
	if (n == 0)
		return 0;
	for (size_t st = 0; st < n; st++) {
		unsigned cp;
		size_t k = utf8_decode(tail + st, n - st, &cp);
		if (k && st + k == n)
			return norm_is_word(norm_char(cp));
	}
	return norm_is_word(norm_char(tail[n - 1]));
}

#ifdef __SSE2__
#include <immintrin.h>

/* Compares 16 bytes at a time with each of the start bytes (SSE2 is part
 * of every x86-64): this is what keeps the scan near memchr's speed when
 * the terms can begin with several bytes ('[' and the lead bytes of its
 * look-alikes). */
static size_t next_start_vec(const struct patterns *p, const unsigned char *c, size_t i, size_t n)
{
	__m128i want[8];
	int k = p->nstartb;

	for (int j = 0; j < k; j++)
		want[j] = _mm_set1_epi8((char)p->startb[j]);
	while (i + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(c + i));
		__m128i hit = _mm_cmpeq_epi8(v, want[0]);
		for (int j = 1; j < k; j++)
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, want[j]));
		int mask = _mm_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz((unsigned)mask);
		i += 16;
	}
	while (i < n && !p->start[c[i]])
		i++;
	return i;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
/* The same, 32 bytes at a time, for processors with AVX2. */
__attribute__((target("avx2")))
static size_t next_start_avx2(const struct patterns *p, const unsigned char *c, size_t i, size_t n)
{
	__m256i want[8];
	int k = p->nstartb;

	for (int j = 0; j < k; j++)
		want[j] = _mm256_set1_epi8((char)p->startb[j]);
	while (i + 32 <= n) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(c + i));
		__m256i hit = _mm256_cmpeq_epi8(v, want[0]);
		for (int j = 1; j < k; j++)
			hit = _mm256_or_si256(hit, _mm256_cmpeq_epi8(v, want[j]));
		unsigned mask = (unsigned)_mm256_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 32;
	}
	return next_start_vec(p, c, i, n);
}

static int have_avx2(void)
{
	static int known = -1;
	if (known < 0)
		known = __builtin_cpu_supports("avx2") ? 1 : 0;
	return known;
}
#endif

/* Index of the next byte at or after i that can begin a pattern. */
static size_t next_start(const struct patterns *p, const unsigned char *c, size_t i, size_t n)
{
	if (p->nstartb == 1) {
		const unsigned char *q = memchr(c + i, p->startb[0], n - i);
		return q ? (size_t)(q - c) : n;
	}
#if defined(__x86_64__) && defined(__GNUC__)
	if (p->nstartb > 1 && have_avx2())
		return next_start_avx2(p, c, i, n);
#endif
#ifdef __SSE2__
	if (p->nstartb > 1)
		return next_start_vec(p, c, i, n);
#endif
	while (i < n && !p->start[c[i]])
		i++;
	return i;
}

static void after_context(struct scan *s)
{
	int k = 0;

	for (int i = 0; i < s->nafter; i++) {
		uint64_t from = s->after[i].from;
		uint64_t want = from + CONTEXT;
		uint64_t have = s->raw + s->chunk_len;
		struct buf b = BUF_INIT_MAX(4096);
		uint64_t to = want < have ? want : have;
		if (from < to) {
			raw_text(s, from, to, &b);
			if (b.len)
				findings_after(s->fs, s->after[i].finding, b.p, b.len);
		}
		buf_free(&b);
		if (to < want) {
			s->after[i].from = to;
			s->after[k++] = s->after[i];
		}
	}
	s->nafter = k;
}

static int idle(const struct scan *s)
{
	return s->state == 0 && s->ntr == 0 && s->npend == 0;
}

static void put(struct sink *self, const char *data, size_t n)
{
	struct scan *s = (struct scan *)self;
	const unsigned char *c = (const unsigned char *)data;
	size_t i = 0;

	if (s->err)
		return;
	s->chunk = c;
	s->chunk_len = n;
	/* Finish a character cut by the previous chunk. */
	if (s->ncarry) {
		unsigned char tmp[8];
		size_t have = s->ncarry, take = n < 4 ? n : 4;
		memcpy(tmp, s->carry, have);
		memcpy(tmp + have, c, take);
		unsigned cp;
		size_t k;
		if (utf8_incomplete(tmp, have + take) && take == n) {
			/* Still unfinished: hold these bytes too. */
			memcpy(s->carry + have, c, take);
			s->ncarry += take;
			i = n;
			goto history;
		}
		k = decode(tmp, have + take, &cp);
		if (k <= have) {
			/* Invalid: the held bytes are single characters. */
			for (size_t j = 0; j < have; j++) {
				decode(s->carry + j, 1, &cp);
				feed_char(s, cp, s->carry_raw + j, s->carry_raw + j + 1);
			}
		} else {
			feed_char(s, cp, s->carry_raw, s->raw + (k - have));
			i = k - have;
		}
		s->ncarry = 0;
	}
	while (i < n) {
		if (idle(s)) {
			size_t j = next_start(s->pat, c, i, n);
			/* A skip to the end of the chunk is a skip too: the next
			 * chunk must not take its first character as following
			 * the last one fed ("K...Kbudget" split after the Ks
			 * matched "budget" as a word).  (Found by fuzz_matcher.) */
			if (j != i || s->prev != 0) {
				s->space_pending = 0;
				s->prev = 0;
				s->fed_from = s->npos;
				s->word_before_run = word_at_skip(s, j);
			}
			if (j >= n)
				break;
			i = j;
		}
		unsigned cp;
		size_t k;
		if (c[i] < 0x80) {
			cp = c[i];
			k = 1;
		} else {
			if (utf8_incomplete(c + i, n - i)) {
				memcpy(s->carry, c + i, n - i);
				s->ncarry = n - i;
				s->carry_raw = s->raw + i;
				break;
			}
			k = decode(c + i, n - i, &cp);
		}
		feed_char(s, cp, s->raw + i, s->raw + i + k);
		i += k;
	}
	if (s->nafter)
		after_context(s);
history:;
	/* Keep the tail of this chunk as history for the next one.  (The
	 * empty statement after the label: a declaration may not follow a
	 * label before C23, and clang rejects it.) */
	size_t keep = n < SCAN_HISTORY ? n : SCAN_HISTORY;
	for (size_t j = n - keep; j < n; j++)
		s->hist[(s->raw + j) % SCAN_HISTORY] = (char)c[j];
	s->raw += n;
	s->chunk = NULL;
	s->chunk_len = 0;
}

static void end(struct sink *self)
{
	struct scan *s = (struct scan *)self;

	if (s->err)
		return;
	for (size_t j = 0; j < s->ncarry; j++) {
		unsigned cp;
		decode(s->carry + j, 1, &cp);
		feed_char(s, cp, s->carry_raw + j, s->carry_raw + j + 1);
	}
	s->ncarry = 0;
	for (int i = 0; i < s->ntr; i++)
		if (s->tr[i].state == T_BOUNDARY)
			found(s, s->tr[i].level, s->tr[i].start_n, s->npos,
			    raw_at(s, s->tr[i].start_n), s->tr[i].end_raw);
	s->ntr = 0;
	commit_pending(s, 1);
}

void scan_text(const struct patterns *p, struct findings *fs, int where,
    const char *text, size_t n)
{
	struct scan s;

	if (scan_init(&s, p, fs, where) < 0)
		return;
	sink_put(&s.base, text, n);
	sink_end(&s.base);
	scan_fini(&s);
}
