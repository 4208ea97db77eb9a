/*
 * cms_sign.c: signing and encrypting with OpenSSL's CMS, streamed.
 *
 * Signing uses CMS_dataInit's digest BIO over a null sink (the content
 * is detached), so the content passes once through the hash and is never
 * kept.  Encryption uses BIO_new_CMS, which writes BER with indefinite
 * lengths as the content arrives; a small BIO of ours at the bottom of
 * that chain base64-encodes it into the output buffer.
 */
#include <limits.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include "cms_err.h"
#include "cms_sign.h"
#include "certs.h"
#include "log.h"
#include "status.h"

struct cms_sig {
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	BIO *chain;
};

struct cms_env {
	CMS_ContentInfo *cms;
	BIO *sink, *chain;
};

const char *cms_micalg(const EVP_MD *md)
{
	switch (EVP_MD_get_type(md)) {
	case NID_sha384: return "sha-384";
	case NID_sha512: return "sha-512";
	default: return "sha-256";
	}
}

/* SMIMECapabilities: what we can read, strongest first (RFC 8551
 * section 2.5.2); nothing that seem-verify would refuse. */
static int add_caps(CMS_SignerInfo *si)
{
	static const int nids[] = { NID_aes_256_gcm, NID_aes_256_cbc, NID_aes_128_gcm,
		NID_aes_128_cbc };
	STACK_OF(X509_ALGOR) *caps = NULL;
	int ok = 1;

	for (size_t i = 0; ok && i < sizeof nids / sizeof nids[0]; i++)
		ok = CMS_add_simple_smimecap(&caps, nids[i], -1);
	ok = ok && CMS_add_smimecap(si, caps);
	sk_X509_ALGOR_pop_free(caps, X509_ALGOR_free);
	return ok;
}

int cms_sig_begin(struct cms_sig **sp, const struct cms_signer *sg)
{
	unsigned flags = CMS_BINARY | CMS_DETACHED | CMS_PARTIAL;
	int pss = sg->pss && EVP_PKEY_get_base_id(sg->key) == EVP_PKEY_RSA;
	struct cms_sig *s = OPENSSL_zalloc(sizeof *s);
	const char *call = "CMS_sign";

	*sp = s;
	if (s == NULL || (s->cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) == NULL)
		goto fail;
	call = "CMS_add1_signer";
	s->si = CMS_add1_signer(s->cms, sg->cert, sg->key, sg->md,
	    flags | CMS_NOSMIMECAP | (pss ? CMS_KEY_PARAM : 0));
	if (s->si == NULL)
		goto fail_config;
	if (pss) {
		EVP_PKEY_CTX *pctx = CMS_SignerInfo_get0_pkey_ctx(s->si);
		call = "EVP_PKEY_CTX_set_rsa_padding (PSS)";
		if (pctx == NULL || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
		    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0)
			goto fail_config;
	}
	call = "CMS_add_smimecap";
	if (!add_caps(s->si))
		goto fail;
	call = "CMS_add1_cert";
	for (int i = 0; i < sk_X509_num(sg->chain); i++)
		if (CMS_add1_cert(s->cms, sk_X509_value(sg->chain, i)) <= 0)
			goto fail;
	call = "CMS_dataInit";
	if ((s->chain = CMS_dataInit(s->cms, NULL)) == NULL)
		goto fail;
	return 0;
fail_config: {
	int st = cms_config_status();
	cms_log(LOG_ERR, "%s: our gateway key cannot sign this way", call);
	return st;
}
fail:
	cms_log(LOG_ERR, "%s failed", call);
	return EX_TEMPFAIL;
}

/* BIO_write takes an int: larger pieces go in several writes. */
static int write_all(BIO *b, const void *p, size_t n)
{
	const char *q = p;

	while (n) {
		int k = n > INT_MAX / 2 ? INT_MAX / 2 : (int)n;
		int w = BIO_write(b, q, k);
		if (w <= 0)
			return -1;
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

int cms_sig_update(struct cms_sig *s, const void *p, size_t n)
{
	if (write_all(s->chain, p, n) < 0) {
		cms_log(LOG_ERR, "BIO_write (signing) failed");
		return EX_TEMPFAIL;
	}
	return 0;
}

int cms_sig_end(struct cms_sig *s, unsigned char **der, size_t *derlen,
    unsigned char *md, size_t *mdlen)
{
	*der = NULL;
	if (!CMS_dataFinal(s->cms, s->chain)) {
		cms_log(LOG_ERR, "CMS_dataFinal: cannot sign");
		return EX_TEMPFAIL;
	}
	ASN1_OCTET_STRING *os = CMS_signed_get0_data_by_OBJ(s->si,
	    OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (os == NULL || ASN1_STRING_length(os) > EVP_MAX_MD_SIZE) {
		cms_log(LOG_ERR, "CMS_signed_get0_data_by_OBJ: no message digest");
		return EX_TEMPFAIL;
	}
	*mdlen = (size_t)ASN1_STRING_length(os);
	memcpy(md, ASN1_STRING_get0_data(os), *mdlen);
	int n = i2d_CMS_ContentInfo(s->cms, der);
	if (n <= 0) {
		*der = NULL;
		cms_log(LOG_ERR, "i2d_CMS_ContentInfo failed");
		return EX_TEMPFAIL;
	}
	*derlen = (size_t)n;
	return 0;
}

void cms_sig_free(struct cms_sig *s)
{
	if (s == NULL)
		return;
	BIO_free_all(s->chain);
	CMS_ContentInfo_free(s->cms);
	OPENSSL_free(s);
}

/* The BIO at the bottom of the encryption chain: base64 into a buf. */
static int sink_write(BIO *b, const char *p, int n)
{
	struct b64enc *e = BIO_get_data(b);

	b64_enc_put(e, p, (size_t)n);
	return e->out->err ? -1 : n;
}

static long sink_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b;
	(void)num;
	(void)ptr;
	return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static BIO_METHOD *sink_method(void)
{
	static BIO_METHOD *m;

	if (m == NULL && (m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
	    "seemail base64 sink")) != NULL) {
		BIO_meth_set_write(m, sink_write);
		BIO_meth_set_ctrl(m, sink_ctrl);
	}
	return m;
}

int cms_env_begin(struct cms_env **ep, STACK_OF(X509) *recipients, int gcm,
    struct b64enc *out)
{
	const EVP_CIPHER *cipher = gcm ? EVP_aes_256_gcm() : EVP_aes_256_cbc();
	unsigned flags = CMS_BINARY | CMS_PARTIAL | CMS_STREAM;
	struct cms_env *e = OPENSSL_zalloc(sizeof *e);
	BIO_METHOD *m = sink_method();
	const char *call = "CMS_encrypt";

	*ep = e;
	if (e == NULL || m == NULL || (e->cms = CMS_encrypt(NULL, NULL, cipher, flags)) == NULL)
		goto fail;
	for (int i = 0; i < sk_X509_num(recipients); i++) {
		X509 *x = sk_X509_value(recipients, i);
		CMS_RecipientInfo *ri = CMS_add1_recipient_cert(e->cms, x, flags);
		if (ri == NULL) {
			char name[128];
			int st = cms_config_status();
			cms_log(LOG_ERR, "CMS_add1_recipient_cert: cannot encrypt to \"%s\"",
			    certs_name(x, name, sizeof name));
			return st;
		}
		/* ECDH: the KDF's hash, SHA-1 unless set (RFC 5753 allows
		 * SHA-256, which is what we accept). */
		if (CMS_RecipientInfo_type(ri) == CMS_RECIPINFO_AGREE) {
			EVP_PKEY_CTX *pctx = CMS_RecipientInfo_get0_pkey_ctx(ri);
			call = "EVP_PKEY_CTX_set_ecdh_kdf_md";
			if (pctx == NULL || EVP_PKEY_CTX_set_ecdh_kdf_md(pctx, EVP_sha256()) <= 0)
				goto fail;
		}
	}
	call = "BIO_new";
	if ((e->sink = BIO_new(m)) == NULL)
		goto fail;
	BIO_set_data(e->sink, out);
	BIO_set_init(e->sink, 1);
	call = "BIO_new_CMS";
	if ((e->chain = BIO_new_CMS(e->sink, e->cms)) == NULL)
		goto fail;
	return 0;
fail:
	cms_log(LOG_ERR, "%s failed", call);
	return EX_TEMPFAIL;
}

int cms_env_update(struct cms_env *e, const void *p, size_t n)
{
	if (write_all(e->chain, p, n) < 0) {
		cms_log(LOG_ERR, "BIO_write (encrypting) failed");
		return EX_TEMPFAIL;
	}
	return 0;
}

int cms_env_end(struct cms_env *e)
{
	if (BIO_flush(e->chain) <= 0) {
		cms_log(LOG_ERR, "BIO_flush: cannot finish the encryption");
		return EX_TEMPFAIL;
	}
	return 0;
}

void cms_env_free(struct cms_env *e)
{
	if (e == NULL)
		return;
	/* The chain BIO_new_CMS made ends at our sink: free down to it. */
	BIO *b = e->chain;
	while (b != NULL && b != e->sink) {
		BIO *next = BIO_pop(b);
		BIO_free(b);
		b = next;
	}
	BIO_free(e->sink);
	CMS_ContentInfo_free(e->cms);
	OPENSSL_free(e);
}
