/*
 * input.h: the whole message in memory, read once.
 *
 * A regular file is mapped; a pipe is read into one buffer that grows
 * by doubling (realloc moves large blocks without copying).  The bytes are
 * never modified: every tool writes the original back out from them.
 */
#ifndef SEEMAIL_INPUT_H
#define SEEMAIL_INPUT_H

#include <stddef.h>

struct input {
	const char *p;
	size_t len;
	const char *name;       /* for messages: "stdin" or the file name */
	void *map_base;         /* non-NULL when mapped */
	size_t map_len;
};

/* Reads all of fd.  Returns 0; EX_DATAERR if it holds more than max
 * bytes; EX_TEMPFAIL on a read or memory error (both logged). */
int input_read_fd(struct input *in, int fd, const char *name, size_t max);

/* Opens path ("-" is stdin) and reads it as above; EX_NOINPUT if it
 * cannot be opened. */
int input_read_path(struct input *in, const char *path, size_t max);

void input_free(struct input *in);

#endif
