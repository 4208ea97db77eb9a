/*
 * level.h: the ordered classification levels of SPEC.md.
 *
 * UNCLASSIFIED means no trigger was found; SEEMAIL is the [SEEMAIL] tag,
 * which asks for SEEMail transport without raising the level.
 */
#ifndef SEEMAIL_LEVEL_H
#define SEEMAIL_LEVEL_H

#include <stddef.h>

enum level {
	LEVEL_UNCLASSIFIED,
	LEVEL_SEEMAIL,
	LEVEL_IN_CONFIDENCE,
	LEVEL_SENSITIVE,
	LEVEL_RESTRICTED,
	LEVEL_CONFIDENTIAL,
	LEVEL_SECRET,
	LEVEL_TOP_SECRET,
	LEVEL_COUNT
};

/* "IN-CONFIDENCE", "TOP-SECRET": the names the stamps use. */
const char *level_name(int level);

/* Parses a level name, case-insensitively, with a space, hyphen or
 * underscore between words ("top secret", "IN_CONFIDENCE").  Returns the
 * level or -1. */
int level_parse(const char *s, size_t n);

#endif
