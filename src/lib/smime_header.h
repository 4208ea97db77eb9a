/*
 * smime_header.h: the header fields around an S/MIME body.
 *
 * Outbound, the outer header carries only what transport needs: From,
 * To, Cc, Date, Message-ID and Subject, copied byte for byte in their
 * order, or a neutral Subject in place of the real one; the whole
 * message, header included, travels inside the signature.
 *
 * Inbound, the restored message keeps the outer trace fields our side
 * added (Return-Path, Received, Authentication-Results, Delivered-To,
 * X-Original-To) and loses those fields of the inner header that only
 * our own MTA may write: X-SEEMail-* and Authentication-Results (a member
 * agency's user could otherwise sign a forged "dmarc=pass" in our name)
 * and Return-Path.
 */
#ifndef SEEMAIL_SMIME_HEADER_H
#define SEEMAIL_SMIME_HEADER_H

#include <stddef.h>

#include "buf.h"
#include "mime.h"

/* Appends the outer header's fields taken from hdr (a header block);
 * subject, if not NULL, replaces the Subject (RFC 2047-encoded as
 * needed).  Every field ends with nl. */
void smime_outer_fields(struct buf *out, struct span hdr, const char *nl,
    const char *subject);

/* Appends the trace fields of hdr, as they are. */
void smime_trace_fields(struct buf *out, struct span hdr, const char *nl);

/* The names of the inner fields dropped on restoring (for stamp_strip). */
extern const char *const smime_inner_drop[];

/* Calls fn for every mailbox of every From field of hdr (a message may
 * have several authors, and clients show them all); with n 0 for a field
 * too long to read. */
void smime_each_author(struct span hdr, void (*fn)(const char *a, size_t n, void *ctx),
    void *ctx);

/* 1 unless the outer header a has a From whose address (ASCII case
 * insensitive) is not the From address of the inner header b. */
int smime_same_from(struct span a, struct span b);
/* 1 unless the outer header a has a Subject that differs from b's once
 * decoded, ignoring white space at the ends and runs of it. */
int smime_same_subject(struct span a, struct span b);

/* The From address of a header block, lower case, into out; 0 or -1. */
int smime_from_addr(struct span hdr, char *out, size_t outsz);

#endif
