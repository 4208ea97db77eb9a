/*
 * emit.h: a tool's result on standard output, all or nothing.
 */
#ifndef SEEMAIL_EMIT_H
#define SEEMAIL_EMIT_H

#include <stddef.h>

#include "buf.h"

/* Writes stamps, then the message without the top-level header fields
 * named in strip (see stamp_strip; may be NULL).  Returns 0 or
 * EX_TEMPFAIL (logged; a regular file is truncated back). */
int emit_stamped(const char *msg, size_t n, const struct buf *stamps,
    const char *const *strip);

/* Writes a report (or any text built in a buffer).  0 or EX_TEMPFAIL. */
int emit_buf(const struct buf *b);

#endif
