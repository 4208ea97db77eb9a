/*
 * certs.h: the gateway's key and certificate, the agencies' certificates
 * and the trusted CAs, loaded with the checks an administrator expects.
 *
 * Only seem-sign and seem-verify load the gateway key.  The key file must
 * be a regular file owned by root or by the user running the tool and
 * must give no permission to group or others (after OpenSMTPD's
 * check_file_secrecy); otherwise the tools refuse it with EX_CONFIG: the
 * fix is the administrator's (chmod 600), EX_CONFIG is transient in
 * status.c (and 4.3.5 in Postfix), so the mail waits in the queue, and a
 * key that others could read may already be another's.
 *
 * Statuses, picked where the failure is found:
 *   EX_TEMPFAIL  a file that cannot be read now (open, read: the key
 *                file's errno), our certificate expired or not yet
 *                valid, memory; the critical ones (our key and
 *                certificate) are logged at LOG_CRIT
 *   EX_CONFIG    a setting missing, a file that is not what it should be
 *                (no PEM certificate or key, an encrypted key, a key that
 *                does not match the certificate, the key file's mode)
 * Every message names the file and the failing call, with OpenSSL's
 * error queue appended.  Agency certificates are loaded one file at a
 * time, only for the agencies a message concerns.
 */
#ifndef SEEMAIL_CERTS_H
#define SEEMAIL_CERTS_H

#include <openssl/evp.h>
#include <openssl/x509.h>

struct config;
struct directory;
struct dir_entry;

/* The first certificate of a PEM file into *out, and the others (a
 * chain) into *more if more is not NULL (an empty stack if none). */
int certs_read_cert(const char *path, X509 **out, STACK_OF(X509) **more);

/* Every certificate of a PEM file, as a store of trusted CAs. */
int certs_read_store(const char *path, X509_STORE **out);

/* 0 if the key file opened as fd may be used; EX_CONFIG (logged) if its
 * owner or mode is wrong. */
int certs_check_secrecy(int fd, const char *path);

/* An unencrypted private key from a PEM file (PKCS#8, or RSA and EC
 * keys in their own PEM forms), after certs_check_secrecy. */
int certs_read_key(const char *path, EVP_PKEY **out);

struct gateway {
	X509 *cert;
	STACK_OF(X509) *chain;  /* the other certificates of the cert file */
	EVP_PKEY *key;
};

/* Loads cfg->cert and cfg->key and checks that the key is the
 * certificate's; for signing, also that the certificate is valid now
 * (decrypting needs no valid certificate: mail encrypted to an expired
 * one can still be read). */
int certs_load_gateway(const struct config *c, struct gateway *g, int signing);
void certs_gateway_free(struct gateway *g);

/* The certificates the directory lists for an agency (every distinct
 * file of its lines), appended to *out (created if NULL).  Returns 0,
 * EX_CONFIG (a file that is missing or holds no certificate: logged with
 * the directory's file:line) or EX_TEMPFAIL. */
int certs_load_agency(const struct directory *d, const char *agency, STACK_OF(X509) **out);

/* Which directory line's certificate is x: the first line of agency
 * (or of any agency if agency is NULL) whose certificate file holds x
 * as its first certificate, compared as DER bytes without parsing the
 * file's certificate; *found is NULL if none.  Files that cannot be
 * read are skipped (certs_check_directory reports them).  Returns 0 or
 * EX_TEMPFAIL. */
int certs_find(const struct directory *d, const char *agency, const X509 *x,
    const struct dir_entry **found);

/* 1 if a and b are the same certificate (the same DER bytes). */
int certs_same(const X509 *a, const X509 *b);

/* seem-policy --check: loads every certificate the directory names and
 * logs, with the directory's file:line, each file that cannot be read or
 * parsed and each certificate that has expired or is not yet valid (errors)
 * or expires within warn_days, or does not chain to the CAs of store
 * when it is not NULL (warnings).  Returns 0 or EX_CONFIG. */
int certs_check_directory(const struct directory *d, int warn_days, X509_STORE *store);

/* "2026-03-01": the date of an ASN1_TIME, into out (at least 11 bytes). */
char *certs_date(const ASN1_TIME *t, char *out, size_t outsz);

/* The subject's CN (or the whole subject), sanitised, into out. */
char *certs_name(const X509 *x, char *out, size_t outsz);

#endif
