/*
 * cms_ber.h: just enough BER to take an EnvelopedData apart in place.
 *
 * OpenSSL's d2i copies the encrypted content into an object of its own,
 * and a second copy is the plaintext: for a 25 MB message that is three
 * times the message in memory.  cms_env_split reads the ContentInfo
 * where it lies, returns the ContentInfo rebuilt without the encrypted
 * content (a small DER object for d2i, with the content "detached", as
 * RFC 5652 allows) and gathers the encrypted content's pieces (a
 * constructed OCTET STRING when the sender streamed it) into one run at
 * the start of its own place in the buffer, so that it can be decrypted
 * in place.  It also reports the content-encryption algorithm, so that a
 * weak one is refused before any decryption.
 *
 * Definite and indefinite lengths are read; nesting is limited to 32
 * levels and every length is checked against the bytes there are.
 * Anything unexpected is -1 (malformed), never a crash.
 */
#ifndef SEEMAIL_CMS_BER_H
#define SEEMAIL_CMS_BER_H

#include <stddef.h>

struct ber {
	unsigned char tag;              /* the identifier octet */
	const unsigned char *p;         /* the element's first byte */
	const unsigned char *val;       /* its contents */
	size_t vlen;                    /* bytes of contents (without an EOC) */
	size_t len;                     /* bytes of the whole element */
	int indefinite;
};

#define BER_CONSTRUCTED 0x20

/* Reads the element at p (n bytes there).  0 or -1. */
int ber_read(const unsigned char *p, size_t n, struct ber *t);

/* The children of a constructed element, one by one: *pos starts at
 * t->val; returns 1 with the next child, 0 after the last, -1 on error. */
int ber_next(const struct ber *t, const unsigned char **pos, struct ber *child);

enum { CMS_TYPE_OTHER, CMS_TYPE_SIGNED, CMS_TYPE_ENVELOPED, CMS_TYPE_AUTH_ENVELOPED };

/* The content type of a ContentInfo, or -1 if it is not one. */
int cms_content_type(const unsigned char *p, size_t n);

struct cms_env_parts {
	unsigned char *detached;        /* the ContentInfo without content (malloc) */
	size_t detached_len;
	const unsigned char *alg;       /* contentEncryptionAlgorithm's OID, whole
					 * (inside buf) */
	size_t alg_len;
	unsigned char *content;         /* the encrypted content, gathered */
	size_t content_len;
};

/* Splits an (Auth)EnvelopedData ContentInfo in buf (which it changes:
 * the encrypted content is moved together).  0, -1 (malformed) or -2
 * (out of memory). */
int cms_env_split(unsigned char *buf, size_t n, struct cms_env_parts *out);

#endif
