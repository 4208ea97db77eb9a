/*
 * input.c: read a message (or any file) completely, with a ceiling.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "log.h"
#include "status.h"

static int too_big(const char *name, size_t max)
{
	log_msg(LOG_ERR, "%s: larger than the limit of %zu bytes "
	    "(max_message_size)", name, max);
	return EX_DATAERR;
}

static int read_stream(struct input *in, int fd, size_t max)
{
	size_t cap = 64 * 1024, len = 0;
	char *p = malloc(cap);

	if (p == NULL)
		goto nomem;
	for (;;) {
		if (len == cap) {
			char *q;
			if (cap > max)
				break;
			q = realloc(p, cap * 2);
			if (q == NULL)
				goto nomem;
			p = q;
			cap *= 2;
		}
		ssize_t r = read(fd, p + len, cap - len);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			log_errno(LOG_ERR, "%s: read", in->name);
			free(p);
			return EX_TEMPFAIL;
		}
		len += (size_t)r;
		if (len > max) {
			free(p);
			return too_big(in->name, max);
		}
	}
	if (len == 0) {
		/* input_free frees only what has a length: an empty input
		 * keeps nothing allocated (a leak under valgrind otherwise;
		 * issue 8, make check-valgrind). */
		free(p);
		in->p = "";
		return 0;
	}
	in->p = p;
	in->len = len;
	return 0;
nomem:
	free(p);
	log_msg(LOG_ERR, "%s: out of memory reading the input", in->name);
	return EX_TEMPFAIL;
}

int input_read_fd(struct input *in, int fd, const char *name, size_t max)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	in->name = name;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		off_t off = lseek(fd, 0, SEEK_CUR);
		if (off >= 0 && off <= st.st_size) {
			size_t len = (size_t)(st.st_size - off);
			if (len > max)
				return too_big(name, max);
			if (len == 0) {
				in->p = "";
				return 0;
			}
			/* Map the whole file; our view starts at the offset. */
			void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (m != MAP_FAILED) {
				in->p = (const char *)m + off;
				in->len = len;
				in->map_base = m;
				in->map_len = (size_t)st.st_size;
				return 0;
			}
		}
	}
	return read_stream(in, fd, max);
}

int input_read_path(struct input *in, const char *path, size_t max)
{
	int fd, st;

	if (strcmp(path, "-") == 0)
		return input_read_fd(in, 0, "stdin", max);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_errno(LOG_ERR, "%s: open", path);
		return errno == ENOENT || errno == EACCES ? EX_NOINPUT : EX_TEMPFAIL;
	}
	st = input_read_fd(in, fd, path, max);
	close(fd);
	return st;
}

void input_free(struct input *in)
{
	if (in->map_base) {
		munmap(in->map_base, in->map_len);
	} else if (in->len) {
		free((void *)in->p);
	}
	memset(in, 0, sizeof *in);
}
