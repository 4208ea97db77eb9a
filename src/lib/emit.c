/*
 * emit.c: writing a stamped message or a report.
 */
#include <stdlib.h>
#include <unistd.h>

#include "emit.h"
#include "log.h"
#include "output.h"
#include "stamp.h"
#include "status.h"

int emit_stamped(const char *msg, size_t n, const struct buf *stamps,
    const char *const *strip)
{
	struct span whole = { msg, n }, *spans = &whole;
	size_t nspans = 1;
	struct output out;
	int st;

	if (stamps->err || (strip && stamp_strip(msg, n, strip, &spans, &nspans) < 0)) {
		log_msg(LOG_ERR, "out of memory writing the result");
		return EX_TEMPFAIL;
	}
	out_init(&out, STDOUT_FILENO);
	out_put(&out, stamps->p, stamps->len);
	for (size_t i = 0; i < nspans; i++)
		out_put(&out, spans[i].p, spans[i].n);
	st = out_finish(&out);
	if (spans != &whole)
		free(spans);
	return st;
}

int emit_buf(const struct buf *b)
{
	struct output out;

	if (b->err) {
		log_msg(LOG_ERR, "out of memory writing the report");
		return EX_TEMPFAIL;
	}
	out_init(&out, STDOUT_FILENO);
	out_put(&out, b->p, b->len);
	return out_finish(&out);
}
