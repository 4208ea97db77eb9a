/*
 * stamp.h: the X-SEEMail-* header fields, written and removed.
 *
 * Stamps are pure ASCII: a character outside printable ASCII is written
 * as \u{XXXX}, '"' and '\' inside quotes are escaped with '\', and long
 * values are folded at spaces.  They use the line ends of the message
 * they are prepended to (CRLF or LF, as it came).  Removal works on the
 * message's own header only, never on attached messages, and keeps every
 * other byte as it was.
 */
#ifndef SEEMAIL_STAMP_H
#define SEEMAIL_STAMP_H

#include <stddef.h>

#include "buf.h"
#include "findings.h"
#include "mime.h"

/* "\r\n" if the message's first line ends in CRLF, else "\n". */
const char *stamp_newline(const char *msg, size_t n);

/* Appends one field, folded, ending with nl. */
void stamp_field(struct buf *out, const char *name, const char *value, const char *nl);

/* Appends s (UTF-8) in stamp form: escapes as above, '\' always escaped;
 * quote: '"' escaped too. */
void stamp_escape(struct buf *out, const char *s, size_t n, int quote);

/* Decodes stamp escapes (\u{XXXX}, \", \\) back to UTF-8. */
void stamp_unescape(const char *s, size_t n, struct buf *out);

/* Appends the classification stamps: X-SEEMail-Classification, one
 * X-SEEMail-Trigger per finding (at most max, the highest levels first)
 * and one X-SEEMail-Uninspectable per part. */
void stamp_classification(struct buf *out, const struct findings *fs, size_t max,
    const char *nl);

/* The message without the header fields whose names match (a name
 * ending in '*' matches as a prefix): *spans (malloc'd) gets the pieces
 * to write, in order.  Returns 0, or -1 when memory runs out. */
int stamp_strip(const char *msg, size_t n, const char *const *names,
    struct span **spans, size_t *nspans);

/* Finds the values of every top-level field called name; calls fn for
 * each (unfolded value).  Returns how many there were. */
size_t stamp_find(const char *msg, size_t n, const char *name,
    void (*fn)(const char *v, size_t vn, void *ctx), void *ctx);

#endif
