/* test_smime_cms.c: the CMS internals: the BER reader and the split of an
 * EnvelopedData, decryption in place (DER and streamed BER, CBC and
 * GCM), the allow-lists, and signing then verifying with reasons.  Keys
 * and certificates are made here (P-256: fast), with fixed names. */
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "check_main.h"
#include "cms_algs.h"
#include "cms_ber.h"
#include "cms_decrypt.h"
#include "cms_sign.h"
#include "cms_verify.h"

static EVP_PKEY *key;

/* A self-signed P-256 certificate valid from..to days from now. */
static X509 *cert(long from, long to, const char *ku)
{
	X509 *x = X509_new();
	X509_NAME *n;

	if (key == NULL)
		key = EVP_EC_gen("P-256");
	ck_assert_ptr_nonnull(key);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), from * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), to * 86400);
	X509_set_pubkey(x, key);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"unit.test", -1,
	    -1, 0);
	X509_set_issuer_name(x, n);
	if (ku) {
		X509_EXTENSION *e = X509V3_EXT_nconf_nid(NULL, NULL, NID_key_usage, ku);
		ck_assert_ptr_nonnull(e);
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
	ck_assert_int_gt(X509_sign(x, key, EVP_sha256()), 0);
	return x;
}

static const char content[] = "Content-Type: text/plain\r\n\r\nThe budget is 42.\r\n";

/* content encrypted to x, as DER (stream 0) or streamed BER (1). */
static unsigned char *enveloped(X509 *x, const EVP_CIPHER *c, int stream, size_t *n)
{
	STACK_OF(X509) *r = sk_X509_new_null();
	BIO *in = BIO_new_mem_buf(content, (int)strlen(content)), *out = BIO_new(BIO_s_mem());
	unsigned flags = CMS_BINARY | (stream ? CMS_STREAM : 0);
	CMS_ContentInfo *cms;
	unsigned char *p, *copy;

	sk_X509_push(r, x);
	cms = CMS_encrypt(r, in, c, flags);
	ck_assert_ptr_nonnull(cms);
	ck_assert_int_eq(stream ? i2d_CMS_bio_stream(out, cms, in, flags) : i2d_CMS_bio(out, cms), 1);
	*n = (size_t)BIO_get_mem_data(out, &p);
	copy = OPENSSL_memdup(p, *n);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(out);
	sk_X509_free(r);
	return copy;
}

START_TEST(ber_reads_definite_and_indefinite_lengths)
{
	static const unsigned char def[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };
	static const unsigned char indef[] = { 0x30, 0x80, 0x04, 0x01, 0x41, 0x00, 0x00, 0xff };
	static const unsigned char longlen[] = { 0x04, 0x82, 0x00, 0x02, 'a', 'b' };
	static const unsigned char truncated[] = { 0x04, 0x05, 'a' };
	static const unsigned char noeoc[] = { 0x30, 0x80, 0x04, 0x01, 0x41 };
	struct ber t, c;
	const unsigned char *pos;

	ck_assert_int_eq(ber_read(def, sizeof def, &t), 0);
	ck_assert_uint_eq(t.len, 5);
	pos = t.val;
	ck_assert_int_eq(ber_next(&t, &pos, &c), 1);
	ck_assert_uint_eq(c.tag, 0x02);
	ck_assert_int_eq(ber_next(&t, &pos, &c), 0);
	ck_assert_int_eq(ber_read(indef, sizeof indef, &t), 0);
	ck_assert_uint_eq(t.len, 7);
	ck_assert_uint_eq(t.vlen, 3);
	ck_assert_int_eq(ber_read(longlen, sizeof longlen, &t), 0);
	ck_assert_uint_eq(t.vlen, 2);
	ck_assert_int_eq(ber_read(truncated, sizeof truncated, &t), -1);
	ck_assert_int_eq(ber_read(noeoc, sizeof noeoc, &t), -1);
}
END_TEST

START_TEST(ber_limits_nesting)
{
	unsigned char deep[200];
	struct ber t;

	for (size_t i = 0; i < sizeof deep; i += 2) {
		deep[i] = 0x30;
		deep[i + 1] = 0x80;
	}
	ck_assert_int_eq(ber_read(deep, sizeof deep, &t), -1);
}
END_TEST

START_TEST(decrypts_der_and_streamed_ber_in_place)
{
	X509 *x = cert(-1, 30, "keyAgreement,digitalSignature");
	const EVP_CIPHER *ciphers[] = { EVP_aes_256_cbc(), EVP_aes_128_cbc(), EVP_aes_256_gcm() };

	for (int c = 0; c < 3; c++)
		for (int stream = 0; stream < 2; stream++) {
			size_t n;
			unsigned char *der = enveloped(x, ciphers[c], stream, &n);
			ck_assert_int_eq(cms_content_type(der, n),
			    c == 2 ? CMS_TYPE_AUTH_ENVELOPED : CMS_TYPE_ENVELOPED);
			struct span plain;
			char why[256];
			int st = cms_decrypt_inplace(der, n, key, x, &plain, why, sizeof why);
			ck_assert_msg(st == 0, "cipher %d stream %d: %s", c, stream, why);
			ck_assert_uint_eq(plain.n, strlen(content));
			ck_assert(memcmp(plain.p, content, plain.n) == 0);
			ck_assert((const unsigned char *)plain.p >= der &&
			    (const unsigned char *)plain.p < der + n);
			OPENSSL_free(der);
		}
	X509_free(x);
}
END_TEST

START_TEST(weak_cipher_and_tampering_are_reasons)
{
	X509 *x = cert(-1, 30, "keyAgreement");
	struct span plain;
	char why[256];
	size_t n;
	unsigned char *der = enveloped(x, EVP_des_ede3_cbc(), 0, &n);

	ck_assert_int_eq(cms_decrypt_inplace(der, n, key, x, &plain, why, sizeof why),
	    CMS_DECRYPT_FAILED);
	ck_assert_str_eq(why, "weak cipher DES-EDE3-CBC refused");
	OPENSSL_free(der);
	der = enveloped(x, EVP_aes_256_gcm(), 0, &n);
	der[n - 30] ^= 1;       /* in the ciphertext, before the 16-byte tag */
	ck_assert_int_eq(cms_decrypt_inplace(der, n, key, x, &plain, why, sizeof why),
	    CMS_DECRYPT_FAILED);
	ck_assert_msg(strstr(why, "ciphertext was altered") != NULL, "%s", why);
	OPENSSL_free(der);
	/* Not a ContentInfo at all. */
	unsigned char junk[] = "not BER at all";
	ck_assert_int_eq(cms_decrypt_inplace(junk, sizeof junk, key, x, &plain, why, sizeof why),
	    CMS_DECRYPT_FAILED);
	ck_assert_msg(strstr(why, "malformed") != NULL, "%s", why);
	X509_free(x);
}
END_TEST

START_TEST(digest_allow_list)
{
	char why[128];

	ck_assert_ptr_null(cms_algs_digest(NID_sha256, why, sizeof why));
	ck_assert_ptr_null(cms_algs_digest(NID_sha512, why, sizeof why));
	ck_assert_ptr_nonnull(cms_algs_digest(NID_sha1, why, sizeof why));
	ck_assert_str_eq(why, "weak digest SHA1 refused");
	ck_assert_ptr_nonnull(cms_algs_digest(NID_md5, why, sizeof why));
	ck_assert_str_eq(why, "weak digest MD5 refused");
	ck_assert_ptr_nonnull(cms_algs_digest(NID_undef, why, sizeof why));
}
END_TEST

START_TEST(cipher_allow_list_from_oids)
{
	/* DER OIDs: aes-256-cbc, rc2-cbc, des-cbc, and 1.2.3 */
	static const unsigned char aes[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
		0x01, 0x2a };
	static const unsigned char rc2[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03,
		0x02 };
	static const unsigned char des[] = { 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x07 };
	static const unsigned char odd[] = { 0x06, 0x02, 0x2a, 0x03 };
	char why[128];

	ck_assert_ptr_null(cms_algs_cipher(aes, sizeof aes, why, sizeof why));
	ck_assert_ptr_nonnull(cms_algs_cipher(rc2, sizeof rc2, why, sizeof why));
	ck_assert_str_eq(why, "weak cipher RC2-CBC refused");
	ck_assert_ptr_nonnull(cms_algs_cipher(des, sizeof des, why, sizeof why));
	ck_assert_str_eq(why, "weak cipher DES-CBC refused");
	ck_assert_ptr_nonnull(cms_algs_cipher(odd, sizeof odd, why, sizeof why));
	ck_assert_str_eq(why, "cipher 1.2.3 is not accepted");
}
END_TEST

/* Signs content with x (through cms_sig_*), returns the DER. */
static unsigned char *signature(X509 *x, const EVP_MD *md, const char *text, size_t *n)
{
	struct cms_signer sg = { x, NULL, key, md, 0 };
	struct cms_sig *s = NULL;
	unsigned char *der, mdv[EVP_MAX_MD_SIZE];
	size_t mdlen;

	ck_assert_int_eq(cms_sig_begin(&s, &sg), 0);
	/* In two pieces, as the canonicaliser hands them on. */
	ck_assert_int_eq(cms_sig_update(s, text, 10), 0);
	ck_assert_int_eq(cms_sig_update(s, text + 10, strlen(text) - 10), 0);
	ck_assert_int_eq(cms_sig_end(s, &der, n, mdv, &mdlen), 0);
	ck_assert_uint_eq(mdlen, (size_t)EVP_MD_get_size(md));
	cms_sig_free(s);
	return der;
}

static const char *verify(X509 *x, const unsigned char *der, size_t n, const char *text)
{
	static struct cms_vresult r;
	X509_STORE *store = X509_STORE_new();

	X509_STORE_add_cert(store, x);
	cms_vresult_free(&r);
	ck_assert_int_eq(cms_verify_signed(der, n, text, strlen(text), NULL, store, &r), 0);
	X509_STORE_free(store);
	return r.ok ? NULL : r.why;
}

START_TEST(signs_and_verifies_with_reasons)
{
	X509 *good = cert(-1, 30, "digitalSignature");
	X509 *nods = cert(-1, 30, "keyAgreement");
	X509 *old = cert(-30, -1, "digitalSignature");
	unsigned char *der;
	size_t n;
	const char *why;

	der = signature(good, EVP_sha256(), content, &n);
	ck_assert_int_eq(cms_content_type(der, n), CMS_TYPE_SIGNED);
	why = verify(good, der, n, content);
	ck_assert_msg(why == NULL, "%s", why);
	why = verify(good, der, n, "Content-Type: text/plain\r\n\r\nThe budget is 43.\r\n");
	ck_assert_msg(why && strstr(why, "altered"), "%s", why);
	/* Canonical form signed, LF delivered: still the same content. */
	why = verify(good, der, n, "Content-Type: text/plain\n\nThe budget is 42.\n");
	ck_assert_msg(why == NULL, "%s", why);
	OPENSSL_free(der);

	der = signature(nods, EVP_sha256(), content, &n);
	why = verify(nods, der, n, content);
	ck_assert_msg(why && strstr(why, "lacks the digitalSignature key usage"), "%s", why);
	OPENSSL_free(der);

	der = signature(old, EVP_sha384(), content, &n);
	why = verify(old, der, n, content);
	ck_assert_msg(why && strstr(why, "expired on"), "%s", why);
	OPENSSL_free(der);

	der = signature(good, EVP_sha1(), content, &n);
	why = verify(good, der, n, content);
	ck_assert_msg(why && strcmp(why, "weak digest SHA1 refused") == 0, "%s", why);
	OPENSSL_free(der);
	verify(good, (const unsigned char *)"x", 1, content);
	X509_free(good);
	X509_free(nods);
	X509_free(old);
}
END_TEST

static Suite *cms_suite(void)
{
	Suite *s = suite_create("smime_cms");
	TCase *t = tcase_create("cms");

	tcase_add_test(t, ber_reads_definite_and_indefinite_lengths);
	tcase_add_test(t, ber_limits_nesting);
	tcase_add_test(t, decrypts_der_and_streamed_ber_in_place);
	tcase_add_test(t, weak_cipher_and_tampering_are_reasons);
	tcase_add_test(t, digest_allow_list);
	tcase_add_test(t, cipher_allow_list_from_oids);
	tcase_add_test(t, signs_and_verifies_with_reasons);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(cms_suite)
