/*
 * output.c: buffered writes with one error check at the end
 * (after OpenSMTPD's safe_fclose).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "status.h"

void out_init(struct output *o, int fd)
{
	struct stat st;

	o->fd = fd;
	o->err = 0;
	o->n = 0;
	o->start = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		o->start = lseek(fd, 0, SEEK_CUR);
		/* Opened to append (">> mbox"), the offset says 0 until the
		 * first write, which goes to the end: truncating back to 0
		 * would throw away everything the file held before (issue 8,
		 * hardening_faults.sh). */
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0 && (fl & O_APPEND))
			o->start = st.st_size;
	}
}

static void write_all(struct output *o, const char *p, size_t n)
{
	while (n > 0 && o->err == 0) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->err = errno;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void flush(struct output *o)
{
	write_all(o, o->buf, o->n);
	o->n = 0;
}

void out_put(struct output *o, const void *p, size_t n)
{
	if (o->err || n == 0)
		return;
	if (o->n + n > sizeof o->buf)
		flush(o);
	if (n >= sizeof o->buf)
		write_all(o, p, n);
	else {
		memcpy(o->buf + o->n, p, n);
		o->n += n;
	}
}

void out_puts(struct output *o, const char *s)
{
	out_put(o, s, strlen(s));
}

int out_finish(struct output *o)
{
	flush(o);
	if (o->err == 0)
		return 0;
	errno = o->err;
	log_errno(LOG_ERR, "writing the output");
	if (o->start >= 0 && ftruncate(o->fd, o->start) == 0)
		log_msg(LOG_ERR, "output truncated back to where it started");
	return EX_TEMPFAIL;
}
