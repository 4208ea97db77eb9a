/*
 * policy_certs.c: --check's look at the certificate files the directory
 * names: each must exist, be readable and hold a PEM certificate.  (The
 * expiry check is done with libcrypto by certs.c where it is linked.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "policy_report.h"
#include "status.h"

int policy_check_certificates(const struct directory *dir)
{
	int errors = 0;

	for (size_t i = 0; i < dir->n; i++) {
		const struct dir_entry *e = &dir->e[i];
		char *text;
		size_t len;
		if (e->cert == NULL)
			continue;
		if (config_read_file(e->cert, NULL, &text, &len) != 0) {
			log_msg(LOG_ERR, "%s:%u: %s: certificate of %s cannot be read", dir->name,
			    e->line, e->cert, e->agency);
			errors++;
			continue;
		}
		if (!memmem(text, len, "-----BEGIN CERTIFICATE-----", 27)) {
			log_msg(LOG_ERR, "%s:%u: %s: not a PEM certificate", dir->name, e->line, e->cert);
			errors++;
		}
		free(text);
	}
	return errors ? EX_CONFIG : 0;
}
