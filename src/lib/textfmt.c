/*
 * textfmt.c: text/enriched, iCalendar/vCard and format=flowed to text.
 */
#include <string.h>
#include <strings.h>

#include "textfmt.h"

static void flush(struct textfmt_sink *t)
{
	sink_put(t->next, t->out, t->nout);
	t->nout = 0;
}

static void emitc(struct textfmt_sink *t, char c)
{
	if (t->nout == sizeof t->out)
		flush(t);
	t->out[t->nout++] = c;
}

/* Enriched states. */
enum { E_TEXT, E_LT, E_CMD };

static void enriched(struct textfmt_sink *t, char c)
{
	switch (t->state) {
	case E_TEXT:
		if (c == '<')
			t->state = E_LT;
		else if (!t->param)
			emitc(t, c);
		break;
	case E_LT:
		if (c == '<') {
			if (!t->param)
				emitc(t, '<');
			t->state = E_TEXT;
			break;
		}
		t->ncmd = 0;
		t->state = E_CMD;
		/* fall through */
	case E_CMD:
		if (c == '>') {
			t->cmd[t->ncmd < sizeof t->cmd ? t->ncmd : sizeof t->cmd - 1] = '\0';
			if (strcasecmp(t->cmd, "param") == 0)
				t->param = 1;
			else if (strcasecmp(t->cmd, "/param") == 0)
				t->param = 0;
			t->state = E_TEXT;
		} else if (t->ncmd < sizeof t->cmd - 1) {
			t->cmd[t->ncmd++] = c;
		}
		break;
	}
}

/* Calendar states. */
enum { C_TEXT, C_CR, C_LF, C_ESC };

static void calendar(struct textfmt_sink *t, char c)
{
	switch (t->state) {
	case C_CR:
		if (c == '\n') {
			t->state = C_LF;
			return;
		}
		emitc(t, '\r');
		t->state = C_TEXT;
		break;
	case C_LF:
		t->state = C_TEXT;
		if (c == ' ' || c == '\t')
			return;         /* a folded line continues */
		emitc(t, '\n');
		break;
	case C_ESC:
		t->state = C_TEXT;
		if (c == 'n' || c == 'N')
			emitc(t, '\n');
		else if (c == '\r' || c == '\n') {
			emitc(t, '\\');
			break;
		} else {
			emitc(t, c);
			return;
		}
		return;
	}
	if (c == '\r')
		t->state = C_CR;
	else if (c == '\n')
		t->state = C_LF;
	else if (c == '\\')
		t->state = C_ESC;
	else
		emitc(t, c);
}

/* Flowed states. */
enum { F_START, F_STUFF, F_TEXT };

static void flowed(struct textfmt_sink *t, char c)
{
	if (t->state == F_START) {
		if (c == '>')
			return;         /* quote markers */
		t->state = F_STUFF;
	}
	if (t->state == F_STUFF) {
		t->state = F_TEXT;
		if (c == ' ')
			return;         /* space-stuffing */
	}
	if (c == '\r') {
		t->cr = 1;
		return;
	}
	if (c == '\n') {
		if (t->space) {
			/* A soft break: the lines join. */
			if (t->fmt != TF_FLOWED_DELSP)
				emitc(t, ' ');
		} else {
			if (t->cr)
				emitc(t, '\r');
			emitc(t, '\n');
		}
		t->space = t->cr = 0;
		t->state = F_START;
		return;
	}
	if (t->cr) {
		emitc(t, '\r');
		t->cr = 0;
	}
	if (t->space)
		emitc(t, ' ');
	t->space = 0;
	if (c == ' ')
		t->space = 1;
	else
		emitc(t, c);
}

static void put(struct sink *self, const char *p, size_t n)
{
	struct textfmt_sink *t = (struct textfmt_sink *)self;

	for (size_t i = 0; i < n; i++) {
		switch (t->fmt) {
		case TF_ENRICHED: enriched(t, p[i]); break;
		case TF_CALENDAR: calendar(t, p[i]); break;
		default: flowed(t, p[i]); break;
		}
	}
	flush(t);
}

static void end(struct sink *self)
{
	struct textfmt_sink *t = (struct textfmt_sink *)self;

	if (t->fmt == TF_FLOWED || t->fmt == TF_FLOWED_DELSP) {
		if (t->space)
			emitc(t, ' ');
	} else if (t->fmt == TF_CALENDAR && t->state == C_ESC) {
		emitc(t, '\\');
	}
	flush(t);
	sink_end(t->next);
}

void textfmt_sink_init(struct textfmt_sink *t, enum textfmt fmt, struct sink *next)
{
	memset(t, 0, offsetof(struct textfmt_sink, out));
	t->base.put = put;
	t->base.end = end;
	t->next = next;
	t->fmt = fmt;
}
