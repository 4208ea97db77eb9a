/*
 * normalize.h: characters as the trigger matcher sees them.
 *
 * Letters are lower-cased (ASCII, Latin-1, Latin Extended-A); every kind
 * of white space (including no-break spaces and line breaks) becomes one
 * space; invisible characters (zero-width spaces and joiners, soft
 * hyphens, bidirectional controls, variation selectors, combining marks,
 * other control characters) are dropped; hyphens and dashes become '-';
 * full-width and small forms, mathematical, letterlike and enclosed
 * letters, small capitals, Roman numerals, square-bracket look-alikes and
 * the Cyrillic and Greek letters that look like Latin ones become their
 * plain ASCII counterparts.
 */
#ifndef SEEMAIL_NORMALIZE_H
#define SEEMAIL_NORMALIZE_H

#include <stddef.h>

#include "buf.h"

#define NORM_DROP  0xffffffffu
#define NORM_SPACE 0x20u
/* norm_char's value for a character that stands for several letters
 * (U+2163 is "iv"): NORM_SEQ plus an index only norm_encode reads. */
#define NORM_SEQ   0x40000000u

/* The normalised code point, a NORM_SEQ, NORM_SPACE or NORM_DROP. */
unsigned norm_char(unsigned cp);

/* Writes the UTF-8 of a normalised character (not NORM_SPACE or
 * NORM_DROP): its length, at most 4, or 0 if it has none. */
size_t norm_encode(unsigned ncp, char u[4]);

/* 1 for a letter or digit (after normalisation, a NORM_SEQ too): word
 * boundaries. */
int norm_is_word(unsigned ncp);

/* 1 for the punctuation that white space next to it is dropped around
 * ("[ RESTRICTED ]" reads as "[restricted]"). */
int norm_is_tight(unsigned char c);

/* Calls fn for every code point other than ncp itself that normalises
 * to ncp, or to several letters one of which is ncp (for the matcher's
 * table of bytes that can start a term). */
void norm_sources(unsigned ncp, void (*fn)(unsigned cp, void *ctx), void *ctx);

/* Normalises a whole UTF-8 string (invalid bytes read as Windows-1252),
 * with the same white-space rules as the scanner, trimmed. */
void norm_string(const char *s, size_t n, struct buf *out);

#endif
