/*
 * sink.h: one stage of a text pipeline.
 *
 * A part's bytes flow through stages (transfer decoding, charset
 * conversion to UTF-8, HTML to text, the trigger scanner), each pushing
 * what it produces into the next, in chunks, so that a part of any size
 * goes through a few small buffers and is never copied whole.  Stages do
 * not fail: bad input is decoded leniently, and limits are reported in
 * the scanner's findings.
 */
#ifndef SEEMAIL_SINK_H
#define SEEMAIL_SINK_H

#include <stddef.h>

struct sink {
	void (*put)(struct sink *self, const char *p, size_t n);
	void (*end)(struct sink *self);         /* once, after the last put */
};

static inline void sink_put(struct sink *s, const char *p, size_t n)
{
	if (n)
		s->put(s, p, n);
}

static inline void sink_end(struct sink *s)
{
	s->end(s);
}

#endif
