/*
 * fuzz.h: what the libFuzzer targets of fuzz/ share.
 *
 * Each target is one fuzz_NAME.c with an LLVMFuzzerTestOneInput over one
 * parser of the library.  Besides crashes, hangs and leaks (found by the
 * sanitizers and libFuzzer itself), targets check cheap invariants with
 * FUZZ_CHECK, which aborts with the file and line so that libFuzzer
 * saves the input as a crash.  Nothing here allocates anything that
 * outlives one input, except the patterns built once at start-up.
 */
#ifndef SEEMAIL_FUZZ_H
#define SEEMAIL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant: aborts (a crash libFuzzer records) when it does not hold. */
#define FUZZ_CHECK(cond)                                                        \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",        \
			    __FILE__, __LINE__, #cond);                         \
			abort();                                                \
		}                                                               \
	} while (0)

/* Diagnostics of the library go nowhere: they would only slow the run. */
static inline void fuzz_quiet(void)
{
	log_init("fuzz", LOG_TARGET_NONE);
	log_silence(1);
}

/* The LLVMFuzzerInitialize of a target that needs nothing but quiet. */
#define FUZZ_QUIET_INIT                                                         \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                       \
	{                                                                       \
		(void)argc;                                                     \
		(void)argv;                                                     \
		fuzz_quiet();                                                   \
		return 0;                                                       \
	}

/* A sink that collects everything into a buffer. */
struct fuzz_sink {
	struct sink base;
	struct buf b;
	int ended;
};

static inline void fuzz_sink_put(struct sink *s, const char *p, size_t n)
{
	struct fuzz_sink *f = (struct fuzz_sink *)s;
	FUZZ_CHECK(!f->ended);          /* nothing after the end */
	buf_put(&f->b, p, n);
}

static inline void fuzz_sink_end(struct sink *s)
{
	struct fuzz_sink *f = (struct fuzz_sink *)s;
	FUZZ_CHECK(!f->ended);          /* sink_end once */
	f->ended = 1;
}

static inline void fuzz_sink_init(struct fuzz_sink *f)
{
	memset(f, 0, sizeof *f);
	f->base.put = fuzz_sink_put;
	f->base.end = fuzz_sink_end;
}

/* A small deterministic generator of chunk sizes, seeded from the input,
 * so that one input always splits the same way. */
static inline unsigned fuzz_next(uint32_t *st)
{
	*st = *st * 1103515245u + 12345u;
	return *st >> 16;
}

/* Feeds p[0..n) into s in chunks of 1 to max bytes (sizes drawn from
 * seed), then ends it. */
static inline void fuzz_feed_chunked(struct sink *s, const char *p, size_t n,
    uint32_t seed, size_t max)
{
	size_t i = 0;
	while (i < n) {
		size_t k = 1 + fuzz_next(&seed) % max;
		if (k > n - i)
			k = n - i;
		sink_put(s, p + i, k);
		i += k;
	}
	sink_end(s);
}

/* The input as a NUL-terminated copy (parsers that want C strings). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits the input at the first occurrence of sep: the part before in
 * *a, the rest in *b.  Without sep, a is empty and b is everything. */
static inline void fuzz_split(const uint8_t *data, size_t size, const char *sep,
    const char **a, size_t *an, const char **b, size_t *bn)
{
	size_t sl = strlen(sep);
	const char *p = (const char *)data;
	const char *m = size >= sl ? memmem(p, size, sep, sl) : NULL;
	if (m == NULL) {
		*a = p, *an = 0;
		*b = p, *bn = size;
	} else {
		*a = p, *an = (size_t)(m - p);
		*b = m + sl, *bn = size - *an - sl;
	}
}

#endif
