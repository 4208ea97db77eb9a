/*
 * certs.c: reading keys and certificates, the key file's secrecy, the
 * gateway's own identity and the agencies' certificates.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "certs.h"
#include "certs_priv.h"
#include "cms_ber.h"
#include "cms_err.h"
#include "config.h"
#include "directory.h"
#include "log.h"
#include "status.h"

#define MAX_PEM_FILE ((size_t)1 << 20)
#define MAX_CA_FILE ((size_t)16 << 20)

int certs_slurp(const char *path, int fd, size_t max, int prio, int fail_status,
    unsigned char **data, size_t *len)
{
	unsigned char *p = NULL;
	size_t n = 0, cap = 0;
	int own = fd < 0;

	*data = NULL;
	*len = 0;
	if (own && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		int e = errno;
		log_errno(prio, "%s: open", path);
		return fail_status ? fail_status
		    : e == ENOENT || e == ENOTDIR || e == EACCES ? EX_CONFIG : EX_TEMPFAIL;
	}
	for (;;) {
		if (n == cap) {
			unsigned char *q;
			if (cap >= max) {
				log_msg(prio, "%s: larger than %zu bytes: not a key or certificate file",
				    path, max);
				goto fail_config;
			}
			cap = cap ? cap * 2 : 8192;
			/* OPENSSL_clear_realloc: no copy of a key is left behind. */
			q = OPENSSL_clear_realloc(p, n, cap + 1);
			if (q == NULL) {
				log_msg(prio, "%s: out of memory", path);
				goto fail_temp;
			}
			p = q;
		}
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			log_errno(prio, "%s: read", path);
			OPENSSL_clear_free(p, cap);
			if (own)
				close(fd);
			return fail_status ? fail_status : e == EISDIR ? EX_CONFIG : EX_TEMPFAIL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (own)
		close(fd);
	if (p == NULL && (p = OPENSSL_zalloc(1)) == NULL)
		return EX_TEMPFAIL;
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
fail_config:
	OPENSSL_clear_free(p, cap);
	if (own)
		close(fd);
	return EX_CONFIG;
fail_temp:
	OPENSSL_clear_free(p, cap);
	if (own)
		close(fd);
	return EX_TEMPFAIL;
}

/* Reads PEM certificates from memory: the first into *first, the others
 * into *more if wanted.  Returns 0, or EX_CONFIG with the failing call
 * logged. */
static int pem_certs(const char *path, const unsigned char *data, size_t len, int prio,
    X509 **first, STACK_OF(X509) **more)
{
	BIO *b = BIO_new_mem_buf(data, (int)len);
	X509 *x;
	int count = 0, st = 0;

	*first = NULL;
	if (more)
		*more = NULL;
	if (b == NULL || (more && (*more = sk_X509_new_null()) == NULL)) {
		BIO_free(b);
		cms_log(prio, "%s: out of memory", path);
		return EX_TEMPFAIL;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (count++ == 0) {
			*first = x;
			if (!more)
				break;
		} else if (!sk_X509_push(*more, x)) {
			X509_free(x);
			st = EX_TEMPFAIL;
			break;
		}
	}
	/* The loop ends with "no start line" when the file is used up. */
	unsigned long e = ERR_peek_last_error();
	if (count > 0 && ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
		ERR_clear_error();
	else if (count == 0 || (more && e != 0))
		st = cms_config_status();
	BIO_free(b);
	if (st) {
		cms_log(prio, "%s: PEM_read_bio_X509: %s", path, count == 0 ?
		    "no certificate in the file" : "a damaged certificate in the file");
		X509_free(*first);
		*first = NULL;
		if (more) {
			sk_X509_pop_free(*more, X509_free);
			*more = NULL;
		}
	}
	return st;
}

int certs_read_cert(const char *path, X509 **out, STACK_OF(X509) **more)
{
	unsigned char *data;
	size_t len;
	int st = certs_slurp(path, -1, MAX_PEM_FILE, LOG_ERR, 0, &data, &len);

	*out = NULL;
	if (st)
		return st;
	st = pem_certs(path, data, len, LOG_ERR, out, more);
	OPENSSL_free(data);
	return st;
}

int certs_read_store(const char *path, X509_STORE **out)
{
	unsigned char *data;
	size_t len;
	X509 *first = NULL;
	STACK_OF(X509) *more = NULL;
	int st = certs_slurp(path, -1, MAX_CA_FILE, LOG_ERR, 0, &data, &len);

	*out = NULL;
	if (st)
		return st;
	st = pem_certs(path, data, len, LOG_ERR, &first, &more);
	OPENSSL_free(data);
	if (st)
		return st;
	X509_STORE *s = X509_STORE_new();
	int ok = s != NULL && X509_STORE_add_cert(s, first);
	for (int i = 0; ok && i < sk_X509_num(more); i++)
		ok = X509_STORE_add_cert(s, sk_X509_value(more, i));
	X509_free(first);
	sk_X509_pop_free(more, X509_free);
	if (!ok) {
		cms_log(LOG_ERR, "%s: X509_STORE_add_cert failed", path);
		X509_STORE_free(s);
		return EX_TEMPFAIL;
	}
	*out = s;
	return 0;
}

int certs_check_secrecy(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		log_errno(LOG_CRIT, "%s: fstat", path);
		return EX_TEMPFAIL;
	}
	if (!S_ISREG(st.st_mode)) {
		log_msg(LOG_CRIT, "%s: the gateway key is not a regular file", path);
		return EX_CONFIG;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		log_msg(LOG_CRIT, "%s: the gateway key belongs to uid %lu, neither root nor the "
		    "user running %s (uid %lu): refused", path, (unsigned long)st.st_uid,
		    log_progname(), (unsigned long)geteuid());
		return EX_CONFIG;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		log_msg(LOG_CRIT, "%s: the gateway key is open to group or others (mode %04o): "
		    "refused; make it readable by its owner only (chmod 600)", path,
		    (unsigned)(st.st_mode & 07777));
		return EX_CONFIG;
	}
	return 0;
}

/* The key type of a PKCS#8 PrivateKeyInfo, from its algorithm's OID:
 * told the type, OpenSSL's decoder tries one decoder instead of all of
 * them (a third of a millisecond, a tenth of a small message's time). */
static const char *pkcs8_type(const unsigned char *der, size_t len)
{
	static const struct {
		const char *type;
		unsigned char oid[9];
		size_t n;
	} types[] = {
		{ "RSA", { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 }, 9 },
		{ "RSA-PSS", { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a }, 9 },
		{ "EC", { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 }, 7 },
	};
	struct ber info, version, alg, oid;
	const unsigned char *pos, *ap;

	if (ber_read(der, len, &info) < 0 || info.tag != 0x30)
		return NULL;
	pos = info.val;
	if (ber_next(&info, &pos, &version) != 1 || ber_next(&info, &pos, &alg) != 1 ||
	    alg.tag != 0x30)
		return NULL;
	ap = alg.val;
	if (ber_next(&alg, &ap, &oid) != 1 || oid.tag != 0x06)
		return NULL;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (oid.vlen == types[i].n && memcmp(oid.val, types[i].oid, oid.vlen) == 0)
			return types[i].type;
	return NULL;    /* the decoder will find out */
}

/* Decodes DER key bytes with the structure and type the PEM label gave. */
static EVP_PKEY *decode_key(const unsigned char *der, size_t len, const char *structure,
    const char *type)
{
	EVP_PKEY *pk = NULL;
	OSSL_DECODER_CTX *dc = OSSL_DECODER_CTX_new_for_pkey(&pk, "DER", structure, type,
	    EVP_PKEY_KEYPAIR, NULL, NULL);

	if (dc == NULL)
		return NULL;
	if (!OSSL_DECODER_from_data(dc, &der, &len)) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	OSSL_DECODER_CTX_free(dc);
	return pk;
}

int certs_read_key(const char *path, EVP_PKEY **out)
{
	unsigned char *data = NULL, *der = NULL;
	char *name = NULL, *header = NULL;
	long derlen = 0;
	size_t len;
	int fd, st;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		log_errno(LOG_CRIT, "%s: open (the gateway key)", path);
		return EX_TEMPFAIL;
	}
	st = certs_check_secrecy(fd, path);
	if (st == 0)
		st = certs_slurp(path, fd, MAX_PEM_FILE, LOG_CRIT, EX_TEMPFAIL, &data, &len);
	close(fd);
	if (st)
		return st;

	BIO *b = BIO_new_mem_buf(data, (int)len);
	if (b == NULL || !PEM_read_bio(b, &name, &header, &der, &derlen)) {
		st = b == NULL ? EX_TEMPFAIL : cms_config_status();
		cms_log(LOG_CRIT, "%s: PEM_read_bio: no PEM private key in the file", path);
		goto done;
	}
	const char *structure = NULL, *type = NULL;
	if (strcmp(name, "PRIVATE KEY") == 0)
		structure = "PrivateKeyInfo", type = pkcs8_type(der, (size_t)derlen);
	else if (strcmp(name, "RSA PRIVATE KEY") == 0)
		structure = "type-specific", type = "RSA";
	else if (strcmp(name, "EC PRIVATE KEY") == 0)
		structure = "type-specific", type = "EC";
	if (strcmp(name, "ENCRYPTED PRIVATE KEY") == 0 || strstr(header, "ENCRYPTED")) {
		log_msg(LOG_CRIT, "%s: the gateway key is encrypted with a passphrase; a filter "
		    "cannot type one: store it unencrypted, readable by its owner only", path);
		st = EX_CONFIG;
	} else if (structure == NULL) {
		log_msg(LOG_CRIT, "%s: \"%s\" is not a private key", path, name);
		st = EX_CONFIG;
	} else if ((*out = decode_key(der, (size_t)derlen, structure, type)) == NULL) {
		st = cms_config_status();
		cms_log(LOG_CRIT, "%s: OSSL_DECODER_from_data: cannot decode the %s", path, name);
	}
done:
	BIO_free(b);
	if (der)
		OPENSSL_cleanse(der, (size_t)derlen);
	OPENSSL_free(der);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_clear_free(data, len);
	return st;
}

int certs_load_gateway(const struct config *c, struct gateway *g, int signing)
{
	const char *where = c->path ? c->path : "the configuration";
	unsigned char *data;
	size_t len;
	char date[32];
	int st;

	memset(g, 0, sizeof *g);
	if (c->cert == NULL || c->key == NULL) {
		log_msg(LOG_CRIT, "%s: %s is not set: the gateway needs its certificate (cert) "
		    "and key (key)", where, c->cert == NULL ? "cert" : "key");
		return EX_CONFIG;
	}
	st = certs_slurp(c->cert, -1, MAX_PEM_FILE, LOG_CRIT, EX_TEMPFAIL, &data, &len);
	if (st == 0) {
		st = pem_certs(c->cert, data, len, LOG_CRIT, &g->cert, &g->chain);
		OPENSSL_free(data);
	}
	if (st)
		return st;
	if (!signing) {
		/* Decryption only. */
	} else if (X509_cmp_current_time(X509_get0_notAfter(g->cert)) < 0) {
		log_msg(LOG_CRIT, "%s: our gateway certificate expired on %s: nothing can be "
		    "signed until it is renewed; mail waits in the queue", c->cert,
		    certs_date(X509_get0_notAfter(g->cert), date, sizeof date));
		st = EX_TEMPFAIL;
	} else if (X509_cmp_current_time(X509_get0_notBefore(g->cert)) > 0) {
		log_msg(LOG_CRIT, "%s: our gateway certificate is not valid before %s; mail "
		    "waits in the queue", c->cert,
		    certs_date(X509_get0_notBefore(g->cert), date, sizeof date));
		st = EX_TEMPFAIL;
	}
	if (st == 0)
		st = certs_read_key(c->key, &g->key);
	if (st == 0 && !X509_check_private_key(g->cert, g->key)) {
		st = cms_config_status();
		cms_log(LOG_CRIT, "%s: X509_check_private_key: the key is not the key of %s",
		    c->key, c->cert);
	}
	if (st)
		certs_gateway_free(g);
	return st;
}

void certs_gateway_free(struct gateway *g)
{
	X509_free(g->cert);
	sk_X509_pop_free(g->chain, X509_free);
	EVP_PKEY_free(g->key);
	memset(g, 0, sizeof *g);
}

int certs_load_agency(const struct directory *d, const char *agency, STACK_OF(X509) **out)
{
	if (*out == NULL && (*out = sk_X509_new_null()) == NULL)
		return EX_TEMPFAIL;
	for (size_t i = 0; i < d->n; i++) {
		const struct dir_entry *e = &d->e[i];
		int seen = 0;
		if (e->cert == NULL || strcmp(e->agency, agency) != 0)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = d->e[j].cert && strcmp(d->e[j].agency, agency) == 0 &&
			    strcmp(d->e[j].cert, e->cert) == 0;
		if (seen)
			continue;
		X509 *x;
		int st = certs_read_cert(e->cert, &x, NULL);
		if (st) {
			log_msg(LOG_ERR, "%s:%u: the certificate of %s cannot be used", d->name,
			    e->line, agency);
			return st;
		}
		if (!sk_X509_push(*out, x)) {
			X509_free(x);
			return EX_TEMPFAIL;
		}
	}
	return 0;
}

int certs_find(const struct directory *d, const char *agency, const X509 *x,
    const struct dir_entry **found)
{
	unsigned char *want = NULL;
	int wlen = i2d_X509(x, &want);

	*found = NULL;
	if (wlen <= 0) {
		cms_log(LOG_ERR, "i2d_X509 failed");
		return EX_TEMPFAIL;
	}
	for (size_t i = 0; i < d->n && *found == NULL; i++) {
		const struct dir_entry *e = &d->e[i];
		unsigned char *data, *der = NULL;
		char *name = NULL, *header = NULL;
		long derlen = 0;
		size_t len;
		if (e->cert == NULL || (agency && strcmp(e->agency, agency) != 0))
			continue;
		if (certs_slurp(e->cert, -1, MAX_PEM_FILE, LOG_INFO, 0, &data, &len) != 0)
			continue;
		BIO *b = BIO_new_mem_buf(data, (int)len);
		if (b && PEM_read_bio(b, &name, &header, &der, &derlen) &&
		    strcmp(name, "CERTIFICATE") == 0 && derlen == wlen &&
		    memcmp(der, want, (size_t)wlen) == 0)
			*found = e;
		BIO_free(b);
		OPENSSL_free(der);
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
	}
	OPENSSL_free(want);
	cms_err_clear();
	return 0;
}

int certs_same(const X509 *a, const X509 *b)
{
	return X509_cmp(a, b) == 0;
}

char *certs_date(const ASN1_TIME *t, char *out, size_t outsz)
{
	struct tm tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		cms_why(out, outsz, "(unreadable date)");
	else
		cms_why(out, outsz, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return out;
}

char *certs_name(const X509 *x, char *out, size_t outsz)
{
	char raw[256];
	const X509_NAME *n = X509_get_subject_name(x);
	int k = X509_NAME_get_text_by_NID((X509_NAME *)n, NID_commonName, raw, sizeof raw);

	if (k < 0) {
		X509_NAME_oneline(n, raw, sizeof raw);
		k = (int)strlen(raw);
	}
	return log_sanitize(out, outsz, raw, (size_t)k);
}
