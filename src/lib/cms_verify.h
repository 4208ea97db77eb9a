/*
 * cms_verify.h: a SignedData checked the way a SEEMail gateway must.
 *
 * In this order, the first failure being the reason:
 *   1. the structure: a SignedData with exactly one signer (a gateway
 *      signs once; two signers would leave open which one is the agency)
 *   2. its algorithms, by our allow-lists (cms_algs.h)
 *   3. the signature over the content (OpenSSL's CMS_verify, without its
 *      certificate check): "altered" when the content's digest differs,
 *      "does not verify" when the signature itself is wrong.  Detached
 *      content is first checked as it is; if that fails and it has bare
 *      LFs, again in canonical CRLF form (a sender that signed the
 *      canonical form, as RFC 8551 says, then had its line ends changed)
 *   4. the signer's certificate: the digitalSignature key usage, then
 *      the chain to the trusted CAs at the current time, for e-mail
 *      signing, at security level 2 (RSA keys of 2048 bits and more, no
 *      SHA-1 in certificate signatures)
 * The signer is looked for among the certificates in the message and
 * the extra ones given; when it is in neither, no_signer is set, so that
 * a caller can try again with more (the directory's, parsed only then).
 * Which agency signed is the caller's question.
 */
#ifndef SEEMAIL_CMS_VERIFY_H
#define SEEMAIL_CMS_VERIFY_H

#include <stddef.h>

#include <openssl/x509.h>

#include "buf.h"

struct cms_vresult {
	int ok;                 /* all of the above held */
	char why[400];          /* else the reason */
	int no_signer;          /* the signer's certificate was not found */
	X509 *signer;           /* the signer's certificate, if found (owned) */
};

/* Verifies the SignedData der.  content/clen is the detached content,
 * or NULL when the content is inside the SignedData.  Returns 0 (the
 * verdict in r) or EX_TEMPFAIL (logged). */
int cms_verify_signed(const unsigned char *der, size_t len, const char *content, size_t clen,
    STACK_OF(X509) *extra, X509_STORE *store, struct cms_vresult *r);

/* The content inside a SignedData, not verified, appended to out.
 * 1 if there was some, 0 if not (detached or not a SignedData). */
int cms_signed_content(const unsigned char *der, size_t len, struct buf *out);

void cms_vresult_free(struct cms_vresult *r);

#endif
