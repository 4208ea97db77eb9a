/*
 * smime_verify_priv.h: what smime_verify.c (the walk through the message)
 * shares with smime_verdict.c (the stamp, the log line and the output).
 */
#ifndef SEEMAIL_SMIME_VERIFY_PRIV_H
#define SEEMAIL_SMIME_VERIFY_PRIV_H

#include <openssl/x509.h>

#include "buf.h"
#include "certs.h"
#include "config.h"
#include "directory.h"
#include "input.h"
#include "mime.h"

enum { V_NONE, V_PASS, V_FAIL };
/* What is written after the stamp: the message as it came (without its
 * stamps), the restored inner message under the outer trace fields, or
 * the outer header over the signed entity. */
enum { OUT_ORIGINAL, OUT_INNER, OUT_ENTITY };

struct verify {
	const struct config *c;
	const struct input *in;
	struct span hdr, body;          /* the outer message */
	/* loaded when needed */
	struct directory dir;
	int have_dir;
	X509_STORE *store;
	struct gateway g;
	int have_key;
	/* buffers the spans below point into */
	unsigned char *outer;           /* the outer body, decoded (and decrypted) */
	unsigned char *sig;             /* a decoded signature */
	struct buf opaque;              /* an opaque SignedData's content */
	int decrypted;
	/* the verdict */
	int status;
	char why[400], agency[256], domain[256], mismatch[32];
	int header_unsigned;            /* the signed content had no header */
	/* the output */
	int out;
	struct span msg;
};

/* Logs the verdict (LOG_INFO; an outer From that differs, LOG_WARNING). */
void smime_log_verdict(const struct verify *v);

/* Writes the stamp and the message to fd; 0 or EX_TEMPFAIL (logged). */
int smime_write_result(const struct verify *v, int fd);

#endif
