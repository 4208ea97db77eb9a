/*
 * notice_priv.h: the pieces of seem-notify's library, shared between
 * notice.c (decisions), notice_facts.c (what the message says),
 * notice_text.c (templates and the words) and notice_mime.c (the MIME
 * structure).  Not for tools.
 */
#ifndef SEEMAIL_NOTICE_PRIV_H
#define SEEMAIL_NOTICE_PRIV_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "mime.h"
#include "notice.h"
#include "template.h"
#include "verdict.h"

#define NOTICE_SUBJECT_MAX 900  /* bytes of a Subject: every line stays < 998 */
#define NOTICE_TERM_MAX 200     /* bytes of a term, reason or agency shown */
#define NOTICE_WHERE_MAX 400    /* bytes of a location shown */
#define NOTICE_MAX_LISTED 200   /* findings and uninspectable parts listed */
#define NOTICE_MAX_RCPTS 5000   /* recipients in the delivery-status part */
#define NOTICE_ADDR_MAX 320     /* bytes of one address */

struct notice_set {
	const struct config *cfg;
	struct template *tpl[CODE_COUNT];
	char *from_name;        /* the display name of notify_from, cleaned, or "" */
	char *from_addr;        /* its address (notice_addr_ok) */
	const char *domain;     /* in from_addr: the right side of our Message-IDs */
	char *host;             /* Reporting-MTA */
	char *prefix;           /* warning_prefix, cleaned */
};

/* A list of addresses (malloc'd strings). */
struct addrs {
	char **a;
	size_t n, cap;
	size_t dropped;         /* unusable ones left out */
};

struct notice {
	const struct notice_set *ns;
	const struct notice_args *args;
	const char *nl;                 /* the original's line end */
	struct span hdr;                /* the original's header */
	const char *orig;               /* the message to attach (no mbox line) */
	size_t orig_n;

	struct verdict v;
	int kind;                       /* VERDICT_BLOCK or VERDICT_WARN */
	size_t fields[VERDICT_MAX_FIELDS];      /* of that kind, primary first */
	size_t nfields;
	char *frcpt[VERDICT_MAX_FIELDS];        /* cleaned recipients per field */
	char *ffrom[VERDICT_MAX_FIELDS];        /* cleaned from= per field */
	char *fagency[VERDICT_MAX_FIELDS];      /* cleaned agency= per field */

	char *subject, *date, *from, *msgid, *level;
	char *refused, *delivered;      /* cleaned, ", "-separated */
	struct buf findings, uninspectable;     /* "- ..." lines */
	size_t nfindings, nuninspectable;
	int auto_submitted;
	char *sender;                   /* block: where the notice goes */
	struct addrs to, cc;            /* warn: the original's To and Cc */
	char *recipients_in;            /* warn: To and Cc, cleaned, for {recipients} */
};

/* notice_facts.c */
int notice_read(struct notice *nt, const char *msg, size_t n);
void notice_release(struct notice *nt);
/* 1 with *addr (malloc'd); 0 for a null sender; -1 if none is usable. */
int notice_sender(const struct notice *nt, char **addr);

/* Appends s as one line of clean UTF-8: invalid bytes become U+FFFD,
 * control characters and line separators spaces (runs of white space
 * one space), invisible characters (zero-width, bidi controls, soft
 * hyphen) are dropped and *hidden set; cut at max bytes with "...". */
void notice_clean(struct buf *out, const char *s, size_t n, size_t max, int *hidden);
char *notice_clean_dup(const char *s, size_t n, size_t max);

/* 1 if a is an address that can go into a header as it is: printable
 * ASCII without white space or specials, one '@' with text each side. */
int notice_addr_ok(const char *a, size_t n);

/* notice_text.c */
int notice_templates_load(const struct config *cfg, struct template *tpl[CODE_COUNT]);
/* The human-readable text ("\n" line ends) and the Subject (UTF-8). */
void notice_text(const struct notice *nt, struct buf *text, struct buf *subject);

/* notice_mime.c */
int notice_write_block(const struct notice *nt, const char *text, size_t tn,
    const char *subject, struct buf *out);
int notice_write_warn(const struct notice *nt, const char *text, size_t tn,
    const char *subject, struct buf *out);
void notice_qp(const char *s, size_t n, const char *nl, struct buf *out);

#endif
