/*
 * cms_decrypt.h: an (Auth)EnvelopedData decrypted in place.
 *
 * The ContentInfo in buf is split (cms_ber.h); a content-encryption
 * algorithm that is not accepted (cms_algs.h) is refused before anything
 * is decrypted; OpenSSL finds the RecipientInfo for our certificate and
 * recovers the content key with our key, then the content is decrypted
 * through a small bounce buffer back into buf, where the ciphertext was:
 * the plaintext is never longer than the ciphertext read so far, so
 * nothing unread is overwritten.  With GCM the tag is checked at the end,
 * and the plaintext is used only if it matched.
 *
 * Returns 0 with the plaintext in *out (inside buf); CMS_DECRYPT_FAILED
 * with the reason in why (malformed, weak cipher, not for us, wrong key,
 * altered ciphertext), the message to be passed on as it came; or
 * EX_TEMPFAIL (memory, logged).
 */
#ifndef SEEMAIL_CMS_DECRYPT_H
#define SEEMAIL_CMS_DECRYPT_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "mime.h"

#define CMS_DECRYPT_FAILED (-1)

int cms_decrypt_inplace(unsigned char *buf, size_t n, EVP_PKEY *key, X509 *cert,
    struct span *out, char *why, size_t wn);

#endif
