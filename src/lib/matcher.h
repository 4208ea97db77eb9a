/*
 * matcher.h: trigger terms found in a stream of text, in one pass.
 *
 * Patterns are normalised (normalize.h) and compiled into an Aho-Corasick
 * automaton over bytes, so the scan is linear in the input whatever the
 * terms.  Kinds of pattern:
 *
 *   MATCH_TERM        a literal; one that begins or ends with a letter or
 *                     digit must stand as a whole word;
 *   MATCH_BRACKET     "[RESTRICTED": then "]" or an endorsement
 *                     (":" "," ";" then up to 100 characters, then "]");
 *   MATCH_DISCLAIMER  a site's disclaimer or banner text: a finding that
 *                     lies wholly inside one is not reported.
 *
 * The scanner is a sink: text (UTF-8; invalid bytes are read as
 * Windows-1252) goes in, findings come out into a struct findings.  Where
 * no term can start, it skips ahead with memchr, which is what makes it
 * fast on ordinary text.
 */
#ifndef SEEMAIL_MATCHER_H
#define SEEMAIL_MATCHER_H

#include <stddef.h>
#include <stdint.h>

#include "findings.h"
#include "sink.h"

enum match_kind { MATCH_TERM, MATCH_BRACKET, MATCH_DISCLAIMER };

struct patterns;

struct patterns *patterns_new(void);
/* Adds a pattern given as written (it is normalised here).  Returns 0,
 * or -1 if it normalises to nothing or memory runs out. */
int patterns_add(struct patterns *p, enum match_kind kind, int level,
    const char *text, size_t n);
/* Builds the automaton; 0 or -1 (memory, or more than 1 MB of patterns). */
int patterns_compile(struct patterns *p);
void patterns_free(struct patterns *p);
size_t patterns_count(const struct patterns *p);

#define SCAN_HISTORY 512
#define SCAN_TRACKERS 4
#define SCAN_PENDING 32
#define SCAN_AFTER 4

struct scan_tracker {
	int state;              /* what the next character must be */
	int level;
	unsigned count;         /* characters of endorsement so far */
	uint64_t start_n;       /* normalised offset of the first byte */
	uint64_t end_raw;       /* for a word: raw end of the term */
};

struct scan_pending {
	int level;
	uint64_t start_n, end_n;
	uint64_t start_raw, end_raw;
};

struct scan {
	struct sink base;
	const struct patterns *pat;
	struct findings *fs;
	int where;

	uint32_t state;
	uint64_t npos;          /* normalised bytes fed to the automaton */
	uint64_t fed_from;      /* npos where the current run of feeding began */
	int word_before_run;    /* the character before that run was a letter */
	uint64_t *ring_raw;     /* raw offset of each recent normalised byte */
	unsigned char *ring_word;
	size_t ring_mask;

	int space_pending;
	uint64_t space_raw;
	unsigned char prev;     /* last normalised byte fed, 0 after a skip */

	uint64_t raw;           /* raw offset of the current chunk */
	const unsigned char *chunk;
	size_t chunk_len;
	unsigned char carry[4];
	size_t ncarry;
	uint64_t carry_raw;
	char hist[SCAN_HISTORY];        /* raw bytes before the current chunk */

	struct scan_tracker tr[SCAN_TRACKERS];
	int ntr;
	struct scan_pending pend[SCAN_PENDING];
	int npend;
	struct { size_t finding; uint64_t from; } after[SCAN_AFTER];
	int nafter;
	int err;
};

/* Starts a scan of one text, its findings recorded at location where. */
int scan_init(struct scan *s, const struct patterns *p, struct findings *fs, int where);
void scan_fini(struct scan *s);

/* Scans a whole string: init, put, end, fini. */
void scan_text(const struct patterns *p, struct findings *fs, int where,
    const char *text, size_t n);

#endif
