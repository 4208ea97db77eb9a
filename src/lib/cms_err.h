/*
 * cms_err.h: OpenSSL's error queue in our diagnostics.
 *
 * Every failed libcrypto call leaves reasons in a per-thread queue.
 * cms_log() logs a line as log_msg() does and appends the queue
 * ("; OpenSSL: error:...:reason; ..."), then empties it, so that each
 * line carries its own causes and nothing stale is reported later.
 */
#ifndef SEEMAIL_CMS_ERR_H
#define SEEMAIL_CMS_ERR_H

#include <stddef.h>

void cms_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The queue as text ("reason; reason"), at most outsz-1 bytes; empties
 * it.  Returns out ("" if the queue was empty). */
char *cms_err_text(char *out, size_t outsz);

/* As cms_err_text (out may be NULL), and returns 1 if the queue held
 * the given library and reason (ERR_GET_LIB, ERR_GET_REASON). */
int cms_err_take(char *out, size_t outsz, int lib, int reason);

/* Writes a reason for a verdict into why, cut to fit: a reason may be
 * shortened, never overflow. */
void cms_why(char *why, size_t wn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* EX_CONFIG for a libcrypto failure that the files or keys cause, but
 * EX_TEMPFAIL when the queue says memory ran out: a message must wait
 * for memory, not bounce.  Call it before cms_log(), which empties the
 * queue. */
int cms_config_status(void);

/* Empties the queue. */
void cms_err_clear(void);

#endif
