/*
 * output.h: all-or-nothing writing to stdout.
 *
 * Tools build their whole result first and then write it here.  A write
 * error (a full disk, a closed pipe) is logged and reported as
 * EX_TEMPFAIL; if the output is a regular file it is truncated back to
 * where it started, so that no half message is ever left behind.
 */
#ifndef SEEMAIL_OUTPUT_H
#define SEEMAIL_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

struct output {
	int fd;
	off_t start;            /* -1 unless fd is a regular file */
	int err;                /* errno of the first failure */
	size_t n;
	char buf[64 * 1024];
};

void out_init(struct output *o, int fd);
void out_put(struct output *o, const void *p, size_t n);
void out_puts(struct output *o, const char *s);
/* Flushes; returns 0 or EX_TEMPFAIL (logged, output undone if it can be). */
int out_finish(struct output *o);

#endif
