/*
 * log.h: diagnostics and the audit trail.
 *
 * Errors and warnings always go to stderr (an MTA quotes it in its log or
 * bounce) and also to syslog (facility mail) when the target is syslog.
 * Informational lines, such as seem-policy's audit line, go only to the
 * chosen target.  Every message is prefixed with the program name.
 * Untrusted text must go through log_sanitize() before it is logged.
 */
#ifndef SEEMAIL_LOG_H
#define SEEMAIL_LOG_H

#include <stddef.h>
#include <syslog.h>

enum log_target { LOG_TARGET_STDERR, LOG_TARGET_SYSLOG, LOG_TARGET_NONE };

void log_init(const char *progname, enum log_target target);
void log_set_target(enum log_target target);
int log_parse_target(const char *s, enum log_target *out);   /* 0 or -1 */
const char *log_progname(void);

/* Tests: drop even errors (they check statuses instead). */
void log_silence(int on);

/* prio is a syslog priority: LOG_CRIT, LOG_ERR, LOG_WARNING, LOG_INFO. */
void log_msg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* As log_msg, with ": " and strerror(errno) appended. */
void log_errno(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Copies at most outsz-1 bytes of untrusted text into out, replacing
 * control characters and invalid UTF-8 with '?'; returns out. */
char *log_sanitize(char *out, size_t outsz, const char *in, size_t n);

#endif
