/*
 * cms_sign.h: the two CMS operations of seem-sign, each fed in pieces
 * so that a large message is never copied whole.
 *
 * cms_sig_*: a detached SignedData (RFC 5652) over the bytes fed to it:
 * one signer, its certificate and chain included, signed attributes
 * (content type, signing time, message digest, and SMIMECapabilities
 * that list only what seem-verify accepts).  RSA keys sign with PKCS#1
 * v1.5 or, with pss set, RSASSA-PSS with MGF1 over the same hash and a
 * salt as long as the hash (RFC 4056); EC keys sign with ECDSA.
 *
 * cms_env_*: an EnvelopedData with AES-256-CBC, or with gcm an
 * AuthEnvelopedData (RFC 5083) with AES-256-GCM, with one RecipientInfo
 * per certificate: RSA key transport (PKCS#1 v1.5, which every peer
 * reads) or, for EC certificates, ephemeral-static ECDH with the
 * SHA-256 KDF and AES key wrap (RFC 5753).  The BER is streamed through
 * the given base64 encoder as it is made.
 *
 * Every function returns 0 or an EX_* status after logging the failing
 * call with OpenSSL's error queue: EX_CONFIG for a certificate or key that
 * cannot be used that way, EX_TEMPFAIL for anything else.
 */
#ifndef SEEMAIL_CMS_SIGN_H
#define SEEMAIL_CMS_SIGN_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "smime_b64.h"

struct cms_signer {
	X509 *cert;
	STACK_OF(X509) *chain;          /* may be NULL */
	EVP_PKEY *key;
	const EVP_MD *md;
	int pss;                        /* RSA keys only */
};

struct cms_sig;

int cms_sig_begin(struct cms_sig **s, const struct cms_signer *sg);
int cms_sig_update(struct cms_sig *s, const void *p, size_t n);
/* Finishes the signature: *der (OPENSSL_free) gets the ContentInfo's
 * DER, md (EVP_MAX_MD_SIZE bytes) the digest of the content. */
int cms_sig_end(struct cms_sig *s, unsigned char **der, size_t *derlen,
    unsigned char *md, size_t *mdlen);
void cms_sig_free(struct cms_sig *s);

struct cms_env;

int cms_env_begin(struct cms_env **e, STACK_OF(X509) *recipients, int gcm,
    struct b64enc *out);
int cms_env_update(struct cms_env *e, const void *p, size_t n);
/* Writes the rest of the BER (the last block, the tag for GCM). */
int cms_env_end(struct cms_env *e);
void cms_env_free(struct cms_env *e);

/* "sha-256": the micalg parameter of multipart/signed for md. */
const char *cms_micalg(const EVP_MD *md);

#endif
