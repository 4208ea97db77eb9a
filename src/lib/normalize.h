/*
 * normalize.h: characters as the trigger matcher sees them.
 *
 * Letters are lower-cased (ASCII, Latin-1, Latin Extended-A); every kind
 * of white space (including no-break spaces and line breaks) becomes one
 * space; invisible characters (zero-width spaces and joiners, soft
 * hyphens, bidirectional controls, variation selectors, combining marks,
 * other control characters) are dropped; hyphens and dashes become '-';
 * full-width forms, mathematical and enclosed letters, small capitals,
 * square-bracket look-alikes and the Cyrillic and Greek letters that look
 * like Latin ones become their plain ASCII counterparts.
 */
#ifndef SEEMAIL_NORMALIZE_H
#define SEEMAIL_NORMALIZE_H

#include <stddef.h>

#include "buf.h"

#define NORM_DROP  0xffffffffu
#define NORM_SPACE 0x20u

/* The normalised code point, NORM_SPACE or NORM_DROP. */
unsigned norm_char(unsigned cp);

/* 1 for a letter or digit (after normalisation): word boundaries. */
int norm_is_word(unsigned ncp);

/* 1 for the punctuation that white space next to it is dropped around
 * ("[ RESTRICTED ]" reads as "[restricted]"). */
int norm_is_tight(unsigned char c);

/* Calls fn for every code point other than ncp itself that normalises
 * to ncp (for the matcher's table of bytes that can start a term). */
void norm_sources(unsigned ncp, void (*fn)(unsigned cp, void *ctx), void *ctx);

/* Normalises a whole UTF-8 string (invalid bytes read as Windows-1252),
 * with the same white-space rules as the scanner, trimmed. */
void norm_string(const char *s, size_t n, struct buf *out);

#endif
