/*
 * cms_decrypt.c: key recovery by OpenSSL, content decryption in place.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>

#include "cms_algs.h"
#include "cms_ber.h"
#include "cms_decrypt.h"
#include "cms_err.h"
#include "log.h"
#include "status.h"

#define BOUNCE (64 * 1024)

/* Reads the whole plaintext from chain into dst. */
static int drain(BIO *chain, unsigned char *dst, size_t max, size_t *len)
{
	static unsigned char bounce[BOUNCE];
	size_t o = 0;
	int k;

	while ((k = BIO_read(chain, bounce, sizeof bounce)) > 0) {
		if ((size_t)k > max - o)
			return -1;      /* cannot happen: CBC and GCM never grow */
		memcpy(dst + o, bounce, (size_t)k);
		o += (size_t)k;
	}
	OPENSSL_cleanse(bounce, sizeof bounce);
	*len = o;
	return k < 0 ? -1 : 0;
}

int cms_decrypt_inplace(unsigned char *buf, size_t n, EVP_PKEY *key, X509 *cert,
    struct span *out, char *why, size_t wn)
{
	struct cms_env_parts parts;
	CMS_ContentInfo *cms = NULL;
	BIO *src = NULL, *chain = NULL;
	char errs[512];
	int st = CMS_DECRYPT_FAILED, r;

	why[0] = '\0';
	if ((r = cms_env_split(buf, n, &parts)) == -2) {
		log_msg(LOG_ERR, "out of memory");
		return EX_TEMPFAIL;
	}
	if (r < 0) {
		cms_why(why, wn, "malformed encrypted message (EnvelopedData)");
		return CMS_DECRYPT_FAILED;
	}
	if (cms_algs_cipher(parts.alg, parts.alg_len, why, wn) != NULL)
		goto done;
	if (parts.content_len > INT_MAX) {
		cms_why(why, wn, "encrypted content too large (%zu bytes)", parts.content_len);
		goto done;
	}
	const unsigned char *dp = parts.detached;
	if ((cms = d2i_CMS_ContentInfo(NULL, &dp, (long)parts.detached_len)) == NULL) {
		cms_why(why, wn, "malformed encrypted message (d2i_CMS_ContentInfo: %s)",
		    cms_err_text(errs, sizeof errs));
		goto done;
	}
	if (cms_algs_recipients(cms, why, wn) != NULL)
		goto done;
	if (!CMS_decrypt_set1_pkey_and_peer(cms, key, cert, NULL)) {
		if (cms_err_take(errs, sizeof errs, ERR_LIB_CMS, CMS_R_NO_MATCHING_RECIPIENT))
			cms_why(why, wn, "not encrypted for this gateway (no recipient is its "
			    "certificate)");
		else
			cms_why(why, wn, "cannot recover the content key (%s)", errs);
		goto done;
	}
	if ((src = BIO_new_mem_buf(parts.content, (int)parts.content_len)) == NULL ||
	    (chain = CMS_dataInit(cms, src)) == NULL) {
		cms_why(why, wn, "cannot decrypt (CMS_dataInit: %s)",
		    cms_err_text(errs, sizeof errs));
		goto done;
	}
	src = NULL;     /* the chain owns it now */
	size_t len;
	if (drain(chain, parts.content, parts.content_len, &len) < 0 ||
	    !BIO_get_cipher_status(chain)) {
		cms_err_text(errs, sizeof errs);
		cms_why(why, wn, "decryption failed: the ciphertext was altered or the key is "
		    "wrong");
		goto done;
	}
	out->p = (const char *)parts.content;
	out->n = len;
	st = 0;
done:
	BIO_free_all(chain);
	BIO_free(src);
	CMS_ContentInfo_free(cms);
	free(parts.detached);
	cms_err_clear();
	return st;
}
