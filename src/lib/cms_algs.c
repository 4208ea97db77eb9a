/*
 * cms_algs.c: allow-lists of digests, signatures and ciphers.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "cms_algs.h"
#include "cms_err.h"

static const int good_digests[] = {
	NID_sha256, NID_sha384, NID_sha512, NID_sha512_256, NID_sha3_256, NID_sha3_384,
	NID_sha3_512,
};

static const int weak_digests[] = {
	NID_md2, NID_md4, NID_md5, NID_sha1, NID_md5_sha1, NID_ripemd160, NID_sha224,
	NID_sha512_224, NID_mdc2,
};

static const int good_ciphers[] = {
	NID_aes_128_cbc, NID_aes_192_cbc, NID_aes_256_cbc, NID_aes_128_gcm, NID_aes_192_gcm,
	NID_aes_256_gcm,
};

static const int weak_ciphers[] = {
	NID_rc2_cbc, NID_rc2_40_cbc, NID_rc2_64_cbc, NID_des_cbc, NID_des_ede3_cbc,
	NID_des_ede_cbc, NID_desx_cbc, NID_rc4, NID_rc4_40, NID_rc5_cbc, NID_idea_cbc,
	NID_bf_cbc, NID_cast5_cbc,
};

#define IN(nid, list) in_list(nid, list, sizeof list / sizeof list[0])

static int in_list(int nid, const int *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == nid)
			return 1;
	return 0;
}

static const char *name_of(const ASN1_OBJECT *o, char *buf, size_t n)
{
	int nid = OBJ_obj2nid(o);

	if (nid != NID_undef)
		return OBJ_nid2sn(nid);
	OBJ_obj2txt(buf, (int)n, o, 1);
	return buf;
}

const char *cms_algs_digest(int nid, char *why, size_t wn)
{
	if (IN(nid, good_digests))
		return NULL;
	if (IN(nid, weak_digests))
		cms_why(why, wn, "weak digest %s refused", OBJ_nid2sn(nid));
	else
		cms_why(why, wn, "digest %s is not accepted",
		    nid == NID_undef ? "(unknown)" : OBJ_nid2sn(nid));
	return why;
}

const char *cms_algs_cipher(const unsigned char *oid, size_t n, char *why, size_t wn)
{
	const unsigned char *p = oid;
	ASN1_OBJECT *o = d2i_ASN1_OBJECT(NULL, &p, (long)n);
	char txt[80];
	const char *r = NULL;

	if (o == NULL) {
		cms_why(why, wn, "unreadable content-encryption algorithm");
		return why;
	}
	int nid = OBJ_obj2nid(o);
	if (!IN(nid, good_ciphers)) {
		cms_why(why, wn, IN(nid, weak_ciphers) ? "weak cipher %s refused"
		    : "cipher %s is not accepted", name_of(o, txt, sizeof txt));
		r = why;
	}
	ASN1_OBJECT_free(o);
	return r;
}

/* RSASSA-PSS: the hash in its parameters (absent means SHA-1). */
static const char *pss(const X509_ALGOR *sig, char *why, size_t wn)
{
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;
	int nid = NID_sha1;

	X509_ALGOR_get0(&obj, &ptype, &pval, sig);
	if (ptype == V_ASN1_SEQUENCE) {
		RSA_PSS_PARAMS *pp = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS),
		    sig->parameter);
		if (pp == NULL) {
			cms_why(why, wn, "unreadable RSASSA-PSS parameters");
			return why;
		}
		if (pp->hashAlgorithm)
			nid = OBJ_obj2nid(pp->hashAlgorithm->algorithm);
		RSA_PSS_PARAMS_free(pp);
	}
	return cms_algs_digest(nid, why, wn);
}

const char *cms_algs_signer(CMS_SignerInfo *si, char *why, size_t wn)
{
	X509_ALGOR *dig, *sig;
	const ASN1_OBJECT *obj;
	int mdnid = NID_undef, pknid = NID_undef;
	char txt[80];

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, &sig);
	X509_ALGOR_get0(&obj, NULL, NULL, dig);
	if (cms_algs_digest(OBJ_obj2nid(obj), why, wn))
		return why;
	X509_ALGOR_get0(&obj, NULL, NULL, sig);
	int snid = OBJ_obj2nid(obj);
	if (snid == NID_rsassaPss)
		return pss(sig, why, wn);
	if (snid == NID_rsaEncryption || snid == NID_X9_62_id_ecPublicKey)
		return NULL;    /* the hash is the digest algorithm's */
	if (!OBJ_find_sigid_algs(snid, &mdnid, &pknid) ||
	    (pknid != NID_rsaEncryption && pknid != NID_X9_62_id_ecPublicKey)) {
		cms_why(why, wn, "signature algorithm %s is not accepted", name_of(obj, txt,
		    sizeof txt));
		return why;
	}
	if (cms_algs_digest(mdnid, why, wn)) {
		cms_why(why, wn, "%s signature algorithm %s refused",
		    IN(mdnid, weak_digests) ? "weak" : "unaccepted", name_of(obj, txt, sizeof txt));
		return why;
	}
	return NULL;
}
