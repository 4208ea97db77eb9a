/*
 * textfmt.h: the small text formats, as sinks.
 *
 *   enriched  text/enriched (RFC 1896): commands and their parameters
 *             removed, "<<" read as "<";
 *   calendar  text/calendar and text/vcard (RFC 5545, 6350): content lines
 *             unfolded and "\," "\;" "\n" "\\" unescaped;
 *   flowed    text/plain; format=flowed (RFC 3676): soft line breaks
 *             joined (with DelSp=yes, the space before one deleted),
 *             quote markers and space-stuffing removed.
 */
#ifndef SEEMAIL_TEXTFMT_H
#define SEEMAIL_TEXTFMT_H

#include <stddef.h>

#include "sink.h"

enum textfmt { TF_ENRICHED, TF_CALENDAR, TF_FLOWED, TF_FLOWED_DELSP };

struct textfmt_sink {
	struct sink base;
	struct sink *next;
	enum textfmt fmt;
	int state;
	int param;              /* enriched: inside <param> */
	size_t ncmd;
	char cmd[16];
	int space, cr, soft;    /* flowed: held space, held CR, joining */
	size_t nout;
	char out[8192];
};

void textfmt_sink_init(struct textfmt_sink *t, enum textfmt fmt, struct sink *next);

#endif
