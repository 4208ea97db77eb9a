/*
 * json.h: writing JSON strings.
 */
#ifndef SEEMAIL_JSON_H
#define SEEMAIL_JSON_H

#include <stddef.h>

#include "buf.h"

/* Appends s as a JSON string, quotes included.  Invalid UTF-8 becomes
 * U+FFFD, control characters \u00XX. */
void json_str(struct buf *out, const char *s, size_t n);
void json_cstr(struct buf *out, const char *s);

#endif
