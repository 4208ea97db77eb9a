/*
 * cms_algs.h: the algorithms seem-verify accepts, checked by us.
 *
 * OpenSSL 3 still verifies SHA-1 signatures and decrypts Triple DES, and
 * with the legacy provider RC2 and single DES: what a peer may use is
 * decided here, by allow-lists, before OpenSSL is asked to do anything.
 *   digests     SHA-256, SHA-384, SHA-512, SHA-512/256 and SHA-3 of 256
 *               bits and up (MD5 and SHA-1 are named as weak)
 *   signatures  RSA PKCS#1 v1.5 and RSASSA-PSS, whose own hash must be one
 *               of the digests above (PSS parameters that leave it out
 *               mean SHA-1), and ECDSA; nothing else (DSA, MD5 or SHA-1
 *               variants)
 *               and PSS's mask generation (MGF1) hash too
 *   ciphers     AES-128, -192 and -256 in CBC or GCM (RC2 of any key
 *               size, single DES, Triple DES, RC4 and other 40-bit
 *               ciphers are named as weak)
 *   recipients  RSA key transport (PKCS#1 v1.5 or OAEP); ECDH (the
 *               standard or cofactor scheme, with a SHA-1 or SHA-2 KDF,
 *               which needs no collision resistance) with AES key wrap
 *               (Triple DES wrap is weak); no KEK or password ones
 * Each check returns NULL when the algorithm is accepted, else the
 * reason, written into why.
 */
#ifndef SEEMAIL_CMS_ALGS_H
#define SEEMAIL_CMS_ALGS_H

#include <stddef.h>

#include <openssl/cms.h>

/* The content-encryption algorithm, from its DER OID (tag included). */
const char *cms_algs_cipher(const unsigned char *oid, size_t n, char *why, size_t wn);

/* A signer's digest and signature algorithms. */
const char *cms_algs_signer(CMS_SignerInfo *si, char *why, size_t wn);

/* Every RecipientInfo's key-management algorithms. */
const char *cms_algs_recipients(CMS_ContentInfo *cms, char *why, size_t wn);

/* A digest by NID (for tests and the PSS check). */
const char *cms_algs_digest(int nid, char *why, size_t wn);

#endif
