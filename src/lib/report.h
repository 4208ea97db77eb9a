/*
 * report.h: classification findings for people (--explain) and for
 * machines (--json).
 */
#ifndef SEEMAIL_REPORT_H
#define SEEMAIL_REPORT_H

#include "buf.h"
#include "findings.h"

/* Appends the report.  Untrusted text is made printable. */
void report_explain(struct buf *out, const struct findings *fs);
/* Appends a JSON object (no trailing newline). */
void report_json(struct buf *out, const struct findings *fs);

/* Appends s with control characters shown as '?' (UTF-8 kept). */
void report_printable(struct buf *out, const char *s, size_t n);

#endif
