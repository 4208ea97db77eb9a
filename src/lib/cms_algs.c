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

/* SHA-1 in the KDF is what OpenSSL and gpgsm make by default; a KDF
 * needs no collision resistance, so it is accepted there. */
static const int good_kdfs[] = {
	NID_dhSinglePass_stdDH_sha1kdf_scheme, NID_dhSinglePass_stdDH_sha224kdf_scheme,
	NID_dhSinglePass_cofactorDH_sha1kdf_scheme, NID_dhSinglePass_cofactorDH_sha224kdf_scheme,
	NID_dhSinglePass_stdDH_sha256kdf_scheme, NID_dhSinglePass_stdDH_sha384kdf_scheme,
	NID_dhSinglePass_stdDH_sha512kdf_scheme, NID_dhSinglePass_cofactorDH_sha256kdf_scheme,
	NID_dhSinglePass_cofactorDH_sha384kdf_scheme, NID_dhSinglePass_cofactorDH_sha512kdf_scheme,
};

static const int good_wraps[] = { NID_id_aes128_wrap, NID_id_aes192_wrap, NID_id_aes256_wrap };

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

/* The AlgorithmIdentifier that is an algorithm's parameter (MGF1's hash,
 * ECDH's key wrap), decoded; NULL if there is none or it is unreadable. */
static X509_ALGOR *inner_algor(const X509_ALGOR *a)
{
	const ASN1_OBJECT *obj;
	const void *pval;
	int ptype;

	X509_ALGOR_get0(&obj, &ptype, &pval, a);
	if (ptype != V_ASN1_SEQUENCE)
		return NULL;
	const unsigned char *p = ASN1_STRING_get0_data(pval);
	return d2i_X509_ALGOR(NULL, &p, ASN1_STRING_length(pval));
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
		/* MGF1's own hash: absent means SHA-1; present but not read
		 * (another mask function) is not accepted. */
		int mgf = NID_sha1;
		if (pp->maskGenAlgorithm) {
			X509_ALGOR *h = OBJ_obj2nid(pp->maskGenAlgorithm->algorithm) == NID_mgf1
			    ? inner_algor(pp->maskGenAlgorithm) : NULL;
			mgf = h ? OBJ_obj2nid(h->algorithm) : NID_undef;
			X509_ALGOR_free(h);
		}
		RSA_PSS_PARAMS_free(pp);
		if (cms_algs_digest(mgf, why, wn)) {
			cms_why(why, wn, "RSASSA-PSS mask generation hash %s refused",
			    mgf == NID_undef ? "(unknown)" : OBJ_nid2sn(mgf));
			return why;
		}
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

/* ECDH: the KDF scheme, and the key wrap in its parameters. */
static const char *agree(CMS_RecipientInfo *ri, char *why, size_t wn)
{
	X509_ALGOR *alg = NULL, *wrap;
	ASN1_OCTET_STRING *ukm;
	const ASN1_OBJECT *obj;
	char txt[80];

	if (!CMS_RecipientInfo_kari_get0_alg(ri, &alg, &ukm) || alg == NULL) {
		cms_why(why, wn, "unreadable key agreement algorithm");
		return why;
	}
	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	if (!IN(OBJ_obj2nid(obj), good_kdfs)) {
		cms_why(why, wn, "key agreement %s refused", name_of(obj, txt, sizeof txt));
		return why;
	}
	if ((wrap = inner_algor(alg)) == NULL) {
		cms_why(why, wn, "unreadable key wrap algorithm");
		return why;
	}
	int nid = OBJ_obj2nid(wrap->algorithm);
	if (!IN(nid, good_wraps))
		cms_why(why, wn, "key wrap %s refused", name_of(wrap->algorithm, txt, sizeof txt));
	X509_ALGOR_free(wrap);
	return IN(nid, good_wraps) ? NULL : why;
}

const char *cms_algs_recipients(CMS_ContentInfo *cms, char *why, size_t wn)
{
	STACK_OF(CMS_RecipientInfo) *ris = CMS_get0_RecipientInfos(cms);
	char txt[80];

	for (int i = 0; i < sk_CMS_RecipientInfo_num(ris); i++) {
		CMS_RecipientInfo *ri = sk_CMS_RecipientInfo_value(ris, i);
		X509_ALGOR *alg = NULL;
		const ASN1_OBJECT *obj;

		switch (CMS_RecipientInfo_type(ri)) {
		case CMS_RECIPINFO_TRANS:
			if (!CMS_RecipientInfo_ktri_get0_algs(ri, NULL, NULL, &alg) || alg == NULL) {
				cms_why(why, wn, "unreadable key transport algorithm");
				return why;
			}
			X509_ALGOR_get0(&obj, NULL, NULL, alg);
			if (OBJ_obj2nid(obj) != NID_rsaEncryption && OBJ_obj2nid(obj) != NID_rsaesOaep) {
				cms_why(why, wn, "key transport %s is not accepted",
				    name_of(obj, txt, sizeof txt));
				return why;
			}
			break;
		case CMS_RECIPINFO_AGREE:
			if (agree(ri, why, wn))
				return why;
			break;
		default:
			cms_why(why, wn, "a recipient by shared key or password is not accepted");
			return why;
		}
	}
	return NULL;
}
