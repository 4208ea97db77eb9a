/*
 * triggers.h: the terms classification looks for.
 *
 * Built in (SPEC.md): for each level, "[NAME]" and "[SEC=NAME]" with any
 * endorsement inside the brackets ("[SENSITIVE:BUDGET]"), with both
 * spellings where the level has two ("IN-CONFIDENCE" and "IN CONFIDENCE",
 * "TOP SECRET" and "TOP-SECRET").  A triggers file adds terms ("LEVEL
 * TERM...") and disclaimer or banner texts ("disclaimer TEXT...", "banner
 * TEXT...", inside which a term is not a finding); builtin_triggers = no
 * in seemail.conf drops the built-in terms.  A term in square brackets
 * takes endorsements like the built-in ones; any other term must stand as
 * a whole word.
 */
#ifndef SEEMAIL_TRIGGERS_H
#define SEEMAIL_TRIGGERS_H

#include <stddef.h>

#include "config.h"
#include "matcher.h"

/* Adds the built-in terms. */
int triggers_add_defaults(struct patterns *p);

/* Parses a triggers file; errors are logged as name:line.  0 or EX_CONFIG. */
int triggers_parse(struct patterns *p, const char *text, size_t n, const char *name);

/* Builds and compiles the patterns the configuration asks for.
 * 0, EX_CONFIG or EX_TEMPFAIL. */
int triggers_load(const struct config *c, struct patterns **out);

#endif
