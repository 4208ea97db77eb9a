/*
 * certs_check.c: seem-policy --check's look at the directory's
 * certificates.  Each file is read once (the first line that names it is
 * the one reported); every problem is logged before the verdict, so that
 * an administrator sees all of them at once.
 */
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "certs.h"
#include "certs_priv.h"
#include "cms_err.h"
#include "directory.h"
#include "log.h"
#include "status.h"

/* Whether x chains to the CA store (dates aside: they are reported on
 * their own); the reason if it does not. */
static const char *chain_problem(X509_STORE *store, X509 *x)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	const char *why = "out of memory";

	if (ctx && X509_STORE_CTX_init(ctx, store, x, NULL)) {
		X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_NO_CHECK_TIME);
		why = X509_verify_cert(ctx) == 1 ? NULL
		    : X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
	}
	X509_STORE_CTX_free(ctx);
	return why;
}

/* Checks one certificate file; returns the number of errors. */
static int check_file(const struct directory *d, const struct dir_entry *e, int warn_days,
    X509_STORE *store)
{
	unsigned char *data;
	size_t len;
	char date[32], who[128];
	int errors = 0, days = 0, secs = 0;

	if (certs_slurp(e->cert, -1, (size_t)1 << 20, LOG_ERR, 0, &data, &len) != 0) {
		log_msg(LOG_ERR, "%s:%u: the certificate of %s cannot be read", d->name, e->line,
		    e->agency);
		return 1;
	}
	BIO *b = BIO_new_mem_buf(data, (int)len);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	OPENSSL_free(data);
	if (x == NULL) {
		cms_log(LOG_ERR, "%s:%u: %s: PEM_read_bio_X509: no readable certificate for %s",
		    d->name, e->line, e->cert, e->agency);
		return 1;
	}
	certs_name(x, who, sizeof who);
	const ASN1_TIME *na = X509_get0_notAfter(x), *nb = X509_get0_notBefore(x);
	if (X509_cmp_current_time(na) < 0) {
		log_msg(LOG_ERR, "%s:%u: %s: the certificate of %s (%s) expired on %s", d->name,
		    e->line, e->cert, e->agency, who, certs_date(na, date, sizeof date));
		errors++;
	} else if (X509_cmp_current_time(nb) > 0) {
		log_msg(LOG_ERR, "%s:%u: %s: the certificate of %s (%s) is not valid before %s",
		    d->name, e->line, e->cert, e->agency, who, certs_date(nb, date, sizeof date));
		errors++;
	} else if (ASN1_TIME_diff(&days, &secs, NULL, na) && days < warn_days) {
		log_msg(LOG_WARNING, "%s:%u: %s: the certificate of %s (%s) expires on %s, in %d "
		    "day%s", d->name, e->line, e->cert, e->agency, who,
		    certs_date(na, date, sizeof date), days, days == 1 ? "" : "s");
	}
	const char *why = store ? chain_problem(store, x) : NULL;
	if (why)
		log_msg(LOG_WARNING, "%s:%u: %s: the certificate of %s does not chain to ca_file "
		    "(%s): seem-verify will refuse its signatures", d->name, e->line, e->cert,
		    e->agency, why);
	uint32_t ku = X509_get_key_usage(x);
	if (!(ku & KU_DIGITAL_SIGNATURE))
		log_msg(LOG_WARNING, "%s:%u: %s: the certificate of %s lacks the digitalSignature "
		    "key usage: seem-verify will refuse its signatures", d->name, e->line, e->cert,
		    e->agency);
	if (!(ku & (KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)))
		log_msg(LOG_WARNING, "%s:%u: %s: the certificate of %s allows neither key "
		    "encipherment nor key agreement: mail cannot be encrypted to it", d->name,
		    e->line, e->cert, e->agency);
	X509_free(x);
	cms_err_clear();
	return errors;
}

int certs_check_directory(const struct directory *d, int warn_days, X509_STORE *store)
{
	int errors = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct dir_entry *e = &d->e[i];
		int seen = 0;
		if (e->cert == NULL)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = d->e[j].cert && strcmp(d->e[j].cert, e->cert) == 0;
		if (!seen)
			errors += check_file(d, e, warn_days, store);
	}
	return errors ? EX_CONFIG : 0;
}
