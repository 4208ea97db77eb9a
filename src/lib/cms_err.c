/*
 * cms_err.c: the OpenSSL error queue as text (after OpenDKIM's
 * dkim_load_ssl_errors).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "cms_err.h"
#include "log.h"
#include "status.h"

int cms_err_take(char *out, size_t outsz, int lib, int reason)
{
	unsigned long e;
	size_t n = 0;
	const char *data;
	int flags, found = 0, full = out == NULL || outsz == 0;

	if (!full)
		out[0] = '\0';
	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
		if (ERR_GET_LIB(e) == lib && ERR_GET_REASON(e) == reason)
			found = 1;
		if (full)
			continue;
		char one[256];
		ERR_error_string_n(e, one, sizeof one);
		int k = snprintf(out + n, outsz - n, "%s%s%s%s", n ? "; " : "", one,
		    (flags & ERR_TXT_STRING) && data && *data ? ": " : "",
		    (flags & ERR_TXT_STRING) && data ? data : "");
		if (k < 0 || (size_t)k >= outsz - n)
			full = 1;       /* keep what fitted; still look for reason */
		else
			n += (size_t)k;
	}
	return found;
}

int cms_config_status(void)
{
	unsigned long first = ERR_peek_error(), last = ERR_peek_last_error();

	if ((first && ERR_GET_REASON(first) == ERR_R_MALLOC_FAILURE) ||
	    (last && ERR_GET_REASON(last) == ERR_R_MALLOC_FAILURE))
		return EX_TEMPFAIL;
	return EX_CONFIG;
}

char *cms_err_text(char *out, size_t outsz)
{
	cms_err_take(out, outsz, -1, -1);
	return out;
}

void cms_log(int prio, const char *fmt, ...)
{
	char text[1024], errs[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);   /* truncation is acceptable here */
	va_end(ap);
	cms_err_text(errs, sizeof errs);
	if (errs[0])
		log_msg(prio, "%s; OpenSSL: %s", text, errs);
	else
		log_msg(prio, "%s", text);
}

void cms_why(char *why, size_t wn, const char *fmt, ...)
{
	va_list ap;

	if (wn == 0)
		return;
	va_start(ap, fmt);
	if (vsnprintf(why, wn, fmt, ap) < 0)
		why[0] = '\0';
	va_end(ap);
}

void cms_err_clear(void)
{
	ERR_clear_error();
}
