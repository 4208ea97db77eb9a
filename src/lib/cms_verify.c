/*
 * cms_verify.c: SignedData verification with reasons a person can act on.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "certs.h"
#include "cms_algs.h"
#include "cms_err.h"
#include "cms_verify.h"
#include "log.h"
#include "smime_canon.h"
#include "status.h"

void cms_vresult_free(struct cms_vresult *r)
{
	X509_free(r->signer);
	r->signer = NULL;
}

static int to_buf(void *ctx, const char *p, size_t n)
{
	struct buf *b = ctx;
	buf_put(b, p, n);
	return b->err ? -1 : 0;
}

/* CMS_verify over content (NULL: inside); 1, or 0 with the reason. */
static int signature(CMS_ContentInfo *cms, STACK_OF(X509) *extra, X509_STORE *store,
    const char *content, size_t clen, char *why, size_t wn)
{
	unsigned flags = CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY;
	BIO *dc = NULL;
	char errs[512];
	int ok;

	if (clen > INT_MAX) {
		cms_why(why, wn, "signed content too large (%zu bytes)", clen);
		return 0;
	}
	if (content && (dc = BIO_new_mem_buf(content, (int)clen)) == NULL)
		return -1;
	ok = CMS_verify(cms, extra, store, dc, NULL, flags);
	BIO_free(dc);
	if (ok > 0) {
		cms_err_clear();
		return 1;
	}
	int not_found = 0;
	if (cms_err_take(errs, sizeof errs, ERR_LIB_CMS, CMS_R_CONTENT_VERIFY_ERROR))
		cms_why(why, wn, "the signed content was altered (its digest does not match "
		    "the signature)");
	else if (strstr(errs, "signer certificate not found") != NULL) {
		cms_why(why, wn, "the signer's certificate is neither in the message nor the "
		    "directory's for the agency of the From domain");
		not_found = 1;
	}
	else
		cms_why(why, wn, "the signature does not verify (%s)", errs);
	return not_found ? 2 : 0;
}

static const char *chain_reason(int err)
{
	switch (err) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_UNTRUSTED:
		return "is not issued by a trusted CA (ca_file)";
	case X509_V_ERR_INVALID_PURPOSE:
		return "is not for e-mail signing (its key usage or extended key usage)";
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
		return "has a key too weak to be trusted";
	case X509_V_ERR_CA_MD_TOO_WEAK:
		return "is signed with a weak digest (SHA-1 or MD5)";
	default:
		return NULL;
	}
}

/* The signer's certificate: key usage, then chain; 1 or 0 with why. */
static int certificate(CMS_ContentInfo *cms, X509 *signer, X509_STORE *store, char *why,
    size_t wn)
{
	char name[128], date[32];
	X509_STORE_CTX *ctx;
	STACK_OF(X509) *untrusted;
	int ok;

	certs_name(signer, name, sizeof name);
	if (!(X509_get_key_usage(signer) & KU_DIGITAL_SIGNATURE)) {
		cms_why(why, wn, "the signer's certificate (%s) lacks the digitalSignature key "
		    "usage", name);
		return 0;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL)
		return -1;
	untrusted = CMS_get1_certs(cms);
	ok = X509_STORE_CTX_init(ctx, store, signer, untrusted) &&
	    X509_STORE_CTX_set_default(ctx, "smime_sign");
	if (ok) {
		X509_VERIFY_PARAM_set_auth_level(X509_STORE_CTX_get0_param(ctx), 2);
		ok = X509_verify_cert(ctx) > 0 ? 1 : 0;
		if (!ok) {
			int err = X509_STORE_CTX_get_error(ctx);
			X509 *bad = X509_STORE_CTX_get_current_cert(ctx);
			const char *who = bad == NULL || X509_cmp(bad, signer) == 0 ?
			    "the signer's certificate" : "a certificate in the signer's chain";
			const char *r = chain_reason(err);
			if (bad && err == X509_V_ERR_CERT_HAS_EXPIRED)
				cms_why(why, wn, "%s (%s) expired on %s", who, name,
				    certs_date(X509_get0_notAfter(bad), date, sizeof date));
			else if (bad && err == X509_V_ERR_CERT_NOT_YET_VALID)
				cms_why(why, wn, "%s (%s) is not valid before %s", who, name,
				    certs_date(X509_get0_notBefore(bad), date, sizeof date));
			else
				cms_why(why, wn, "%s (%s) %s%s%s", who, name, r ? r : "does not verify: ",
				    r ? "" : X509_verify_cert_error_string(err), "");
		}
	} else {
		ok = -1;
	}
	X509_STORE_CTX_free(ctx);
	sk_X509_pop_free(untrusted, X509_free);
	cms_err_clear();
	return ok;
}

int cms_verify_signed(const unsigned char *der, size_t len, const char *content, size_t clen,
    STACK_OF(X509) *extra, X509_STORE *store, struct cms_vresult *r)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	STACK_OF(CMS_SignerInfo) *sis;
	char errs[256];
	int k, st = 0;

	memset(r, 0, sizeof *r);
	if (cms == NULL || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		cms_why(r->why, sizeof r->why, "malformed signature (not a SignedData%s%s)",
		    cms ? "" : ": ", cms ? "" : cms_err_text(errs, sizeof errs));
		goto done;
	}
	if (content && !CMS_is_detached(cms)) {
		cms_why(r->why, sizeof r->why, "malformed signature (a detached signature that "
		    "holds content)");
		goto done;
	}
	if (!content && CMS_is_detached(cms)) {
		cms_why(r->why, sizeof r->why, "malformed signature (no content)");
		goto done;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		cms_why(r->why, sizeof r->why, "%s signers: a gateway signs once",
		    sk_CMS_SignerInfo_num(sis) < 1 ? "no" : "several");
		goto done;
	}
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
	if (cms_algs_signer(si, r->why, sizeof r->why) != NULL)
		goto done;
	k = signature(cms, extra, store, content, clen, r->why, sizeof r->why);
	if (k == 2) {
		r->no_signer = 1;
		goto done;
	}
	if (k == 0 && content && canon_has_bare_lf(content, clen)) {
		/* Signed in canonical form, line ends changed on the way. */
		struct buf c = BUF_INIT_MAX(0);
		struct canon *cn = malloc(sizeof *cn);
		if (cn == NULL)
			k = -1;
		else {
			canon_init(cn, to_buf, &c);
			canon_text(cn, content, clen);
			k = canon_end(cn) < 0 ? -1 :
			    signature(cms, extra, store, c.p, c.len, r->why, sizeof r->why);
		}
		free(cn);
		buf_free(&c);
	}
	if (k < 0)
		goto fail;
	if (k != 1)
		goto done;
	X509 *signer = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, &signer, NULL, NULL);
	if (signer == NULL || !X509_up_ref(signer))
		goto fail;
	r->signer = signer;
	if ((k = certificate(cms, signer, store, r->why, sizeof r->why)) < 0)
		goto fail;
	if (k == 0)
		goto done;
	r->ok = 1;
	goto done;
fail:
	cms_log(LOG_ERR, "verifying a signature: out of memory");
	st = EX_TEMPFAIL;
done:
	CMS_ContentInfo_free(cms);
	cms_err_clear();
	return st;
}

int cms_signed_content(const unsigned char *der, size_t len, struct buf *out)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ASN1_OCTET_STRING **pos;
	int found = 0;

	if (cms && OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed &&
	    (pos = CMS_get0_content(cms)) != NULL && *pos != NULL) {
		buf_put(out, ASN1_STRING_get0_data(*pos), (size_t)ASN1_STRING_length(*pos));
		found = 1;
	}
	CMS_ContentInfo_free(cms);
	cms_err_clear();
	return found;
}
