/* test_certs.c: the gateway key's file checks, key formats, our own
 * certificate's dates, and seem-policy --check's look at the directory's
 * certificates.  Files are written to a fresh temporary directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "certs.h"
#include "check_main.h"
#include "config.h"
#include "directory.h"
#include "log.h"
#include "status.h"

static char dir[64];
static EVP_PKEY *key;

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_certs.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	key = EVP_EC_gen("P-256");
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	EVP_PKEY_free(key);
}

static const char *path(const char *name)
{
	static char p[4][128];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	FILE *f = fopen(path(name), "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	chmod(path(name), mode);
}

static void write_cert(const char *name, long from, long to)
{
	X509 *x = X509_new();
	X509_NAME *n;
	FILE *f;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 3);
	X509_gmtime_adj(X509_getm_notBefore(x), from * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), to * 86400);
	X509_set_pubkey(x, key);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)name, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_EXTENSION *e = X509V3_EXT_nconf_nid(NULL, NULL, NID_key_usage,
	    "digitalSignature,keyAgreement");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	X509_sign(x, key, EVP_sha256());
	f = fopen(path(name), "w");
	ck_assert_ptr_nonnull(f);
	PEM_write_X509(f, x);
	fclose(f);
	X509_free(x);
}

static void write_key(const char *name, EVP_PKEY *k, const EVP_CIPHER *enc, mode_t mode)
{
	FILE *f = fopen(path(name), "w");
	ck_assert_ptr_nonnull(f);
	PEM_write_PKCS8PrivateKey(f, k, enc, enc ? "pw" : NULL, enc ? 2 : 0, NULL, NULL);
	fclose(f);
	chmod(path(name), mode);
}

/* Captures stderr (where problems are logged) into a file; the unit
 * tests are otherwise silent. */
static int saved_fd = -1;
static void capture(void)
{
	log_silence(0);
	fflush(stderr);
	saved_fd = dup(2);
	FILE *f = freopen(path("stderr"), "w", stderr);
	ck_assert_ptr_nonnull(f);
}

static char *captured(void)
{
	static char text[8192];
	fflush(stderr);
	log_silence(1);
	dup2(saved_fd, 2);
	close(saved_fd);
	FILE *f = fopen(path("stderr"), "r");
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

START_TEST(key_file_open_to_group_or_others_is_refused)
{
	EVP_PKEY *k = NULL;

	write_key("k", key, NULL, 0600);
	ck_assert_int_eq(certs_read_key(path("k"), &k), 0);
	ck_assert_ptr_nonnull(k);
	EVP_PKEY_free(k);
	static const mode_t bad[] = { 0640, 0604, 0620, 0601, 0660 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		chmod(path("k"), bad[i]);
		capture();
		ck_assert_int_eq(certs_read_key(path("k"), &k), EX_CONFIG);
		char *log = captured();
		ck_assert_msg(strstr(log, "open to group or others") != NULL, "log: [%s]", log);
		ck_assert_ptr_null(k);
	}
	/* A key that cannot be read is transient: the mail waits. */
	ck_assert_int_eq(certs_read_key(path("missing"), &k), EX_TEMPFAIL);
}
END_TEST

START_TEST(key_formats_and_encrypted_keys)
{
	EVP_PKEY *k = NULL;
	write_key("enc", key, EVP_aes_256_cbc(), 0600);
	ck_assert_int_eq(certs_read_key(path("enc"), &k), EX_CONFIG);
	/* The traditional "EC PRIVATE KEY" form. */
	BIO *b = BIO_new_file(path("trad"), "w");
	PEM_write_bio_PrivateKey_traditional(b, key, NULL, NULL, 0, NULL, NULL);
	BIO_free(b);
	chmod(path("trad"), 0600);
	ck_assert_int_eq(certs_read_key(path("trad"), &k), 0);
	ck_assert_int_eq(EVP_PKEY_eq(k, key), 1);
	EVP_PKEY_free(k);
	write_file("cert-not-key", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
	    0600);
	ck_assert_int_eq(certs_read_key(path("cert-not-key"), &k), EX_CONFIG);
	write_file("empty", "", 0600);
	ck_assert_int_eq(certs_read_key(path("empty"), &k), EX_CONFIG);
}
END_TEST

START_TEST(gateway_certificate_dates_and_key_match)
{
	struct config c;
	struct gateway g;
	EVP_PKEY *other = EVP_EC_gen("P-256");

	config_defaults(&c);
	write_key("k", key, NULL, 0600);
	write_cert("good.pem", -1, 365);
	write_cert("old.pem", -30, -1);
	write_cert("new.pem", 2, 30);
	c.key = strdup(path("k"));
	c.cert = strdup(path("good.pem"));
	ck_assert_int_eq(certs_load_gateway(&c, &g, 1), 0);
	certs_gateway_free(&g);
	free(c.cert);
	c.cert = strdup(path("old.pem"));
	capture();
	ck_assert_int_eq(certs_load_gateway(&c, &g, 1), EX_TEMPFAIL);
	ck_assert(strstr(captured(), "expired on") != NULL);
	/* Decrypting needs no valid certificate. */
	ck_assert_int_eq(certs_load_gateway(&c, &g, 0), 0);
	certs_gateway_free(&g);
	free(c.cert);
	c.cert = strdup(path("new.pem"));
	ck_assert_int_eq(certs_load_gateway(&c, &g, 1), EX_TEMPFAIL);
	free(c.cert);
	c.cert = strdup(path("good.pem"));
	write_key("other", other, NULL, 0600);
	free(c.key);
	c.key = strdup(path("other"));
	ck_assert_int_eq(certs_load_gateway(&c, &g, 1), EX_CONFIG);
	free(c.key);
	c.key = NULL;
	ck_assert_int_eq(certs_load_gateway(&c, &g, 1), EX_CONFIG);
	EVP_PKEY_free(other);
	config_free(&c);
}
END_TEST

START_TEST(directory_check_reports_each_file_with_its_line)
{
	struct directory d = { 0 };
	char text[1024];

	write_cert("ok.pem", -1, 400);
	write_cert("soon.pem", -1, 10);
	write_cert("old.pem", -30, -2);
	write_file("junk.pem", "not a certificate\n", 0644);
	snprintf(text, sizeof text,
	    "a.test standard ok.pem A\n"
	    "b.test standard soon.pem B\n"
	    "c.test standard -  C\n"
	    "d.test standard ok.pem A\n");
	ck_assert_int_eq(directory_parse(&d, text, strlen(text), "dir", dir), 0);
	capture();
	ck_assert_int_eq(certs_check_directory(&d, 30, NULL), 0);
	char *log = captured();
	ck_assert_msg(strstr(log, "dir:2:") && strstr(log, "expires on"), "%s", log);
	ck_assert_msg(strstr(log, "dir:1:") == NULL, "%s", log);
	directory_free(&d);

	snprintf(text, sizeof text,
	    "a.test standard ok.pem A\n"
	    "b.test standard old.pem B\n"
	    "c.test standard junk.pem C\n"
	    "e.test standard missing.pem E\n");
	ck_assert_int_eq(directory_parse(&d, text, strlen(text), "dir", dir), 0);
	capture();
	ck_assert_int_eq(certs_check_directory(&d, 30, NULL), EX_CONFIG);
	log = captured();
	ck_assert_msg(strstr(log, "dir:2:") && strstr(log, "expired on"), "%s", log);
	ck_assert_msg(strstr(log, "dir:3:") && strstr(log, "no readable certificate"), "%s", log);
	ck_assert_msg(strstr(log, "dir:4:") && strstr(log, "cannot be read"), "%s", log);
	directory_free(&d);
}
END_TEST

START_TEST(agency_certificates_are_loaded_once_per_file)
{
	struct directory d = { 0 };
	STACK_OF(X509) *s = NULL;
	const char *text = "a.test standard ok.pem A\n.a.test standard ok.pem A\n"
	    "a.example standard other.pem A\nb.test standard -  B\n";

	write_cert("ok.pem", -1, 400);
	write_cert("other.pem", -1, 400);
	ck_assert_int_eq(directory_parse(&d, text, strlen(text), "dir", dir), 0);
	ck_assert_int_eq(certs_load_agency(&d, "A", &s), 0);
	ck_assert_int_eq(sk_X509_num(s), 2);
	ck_assert_int_eq(certs_same(sk_X509_value(s, 0), sk_X509_value(s, 1)), 0);
	sk_X509_pop_free(s, X509_free);
	s = NULL;
	ck_assert_int_eq(certs_load_agency(&d, "B", &s), 0);
	ck_assert_int_eq(sk_X509_num(s), 0);
	sk_X509_pop_free(s, X509_free);
	directory_free(&d);
}
END_TEST

START_TEST(dates_read_as_iso)
{
	ASN1_TIME *t = ASN1_TIME_new();
	char out[32];

	ASN1_TIME_set_string(t, "20210101000000Z");
	ck_assert_str_eq(certs_date(t, out, sizeof out), "2021-01-01");
	ASN1_TIME_free(t);
}
END_TEST

static Suite *certs_suite(void)
{
	Suite *s = suite_create("certs");
	TCase *t = tcase_create("certs");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, key_file_open_to_group_or_others_is_refused);
	tcase_add_test(t, key_formats_and_encrypted_keys);
	tcase_add_test(t, gateway_certificate_dates_and_key_match);
	tcase_add_test(t, directory_check_reports_each_file_with_its_line);
	tcase_add_test(t, agency_certificates_are_loaded_once_per_file);
	tcase_add_test(t, dates_read_as_iso);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(certs_suite)
