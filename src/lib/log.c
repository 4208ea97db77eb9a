/*
 * log.c: diagnostics to stderr and syslog.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"
#include "utf8.h"

static const char *prog = "seemail";
static enum log_target target = LOG_TARGET_STDERR;
static int syslog_open;
static int silent;

void log_silence(int on)
{
	silent = on;
}

void log_init(const char *progname, enum log_target t)
{
	prog = progname;
	log_set_target(t);
}

void log_set_target(enum log_target t)
{
	target = t;
	if (t == LOG_TARGET_SYSLOG && !syslog_open) {
		openlog(prog, LOG_PID, LOG_MAIL);
		syslog_open = 1;
	}
}

int log_parse_target(const char *s, enum log_target *out)
{
	if (strcmp(s, "stderr") == 0)
		*out = LOG_TARGET_STDERR;
	else if (strcmp(s, "syslog") == 0)
		*out = LOG_TARGET_SYSLOG;
	else if (strcmp(s, "none") == 0)
		*out = LOG_TARGET_NONE;
	else
		return -1;
	return 0;
}

const char *log_progname(void) { return prog; }

static void emit(int prio, const char *text)
{
	int is_problem = prio <= LOG_WARNING;

	if (silent)
		return;
	if (is_problem || target == LOG_TARGET_STDERR)
		fprintf(stderr, "%s: %s\n", prog, text);
	if (target == LOG_TARGET_SYSLOG)
		syslog(prio, "%s", text);
}

void log_msg(int prio, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);   /* truncation is acceptable here */
	va_end(ap);
	emit(prio, text);
}

void log_errno(int prio, const char *fmt, ...)
{
	char text[2048];
	int saved = errno;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof text)
		snprintf(text + n, sizeof text - (size_t)n, ": %s", strerror(saved));
	emit(prio, text);
}

char *log_sanitize(char *out, size_t outsz, const char *in, size_t n)
{
	size_t o = 0, i = 0;

	if (outsz == 0)
		return out;
	while (i < n && o + 1 < outsz) {
		unsigned cp;
		size_t len = utf8_decode((const unsigned char *)in + i, n - i, &cp);
		if (len == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			out[o++] = '?';
			i += len ? len : 1;
			continue;
		}
		if (o + len >= outsz)
			break;
		memcpy(out + o, in + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}
