/*
 * triggers.c: built-in terms and the triggers file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "level.h"
#include "log.h"
#include "status.h"
#include "triggers.h"

static const struct {
	int level;
	const char *spelling;
} defaults[] = {
	{ LEVEL_SEEMAIL, "SEEMAIL" },
	{ LEVEL_IN_CONFIDENCE, "IN-CONFIDENCE" },
	{ LEVEL_IN_CONFIDENCE, "IN CONFIDENCE" },
	{ LEVEL_SENSITIVE, "SENSITIVE" },
	{ LEVEL_RESTRICTED, "RESTRICTED" },
	{ LEVEL_CONFIDENTIAL, "CONFIDENTIAL" },
	{ LEVEL_SECRET, "SECRET" },
	{ LEVEL_TOP_SECRET, "TOP SECRET" },
	{ LEVEL_TOP_SECRET, "TOP-SECRET" },
};

int triggers_add_defaults(struct patterns *p)
{
	char t[64];

	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		snprintf(t, sizeof t, "[%s]", defaults[i].spelling);
		if (patterns_add(p, MATCH_BRACKET, defaults[i].level, t, strlen(t)) < 0)
			return -1;
		snprintf(t, sizeof t, "[SEC=%s]", defaults[i].spelling);
		if (patterns_add(p, MATCH_BRACKET, defaults[i].level, t, strlen(t)) < 0)
			return -1;
	}
	return 0;
}

/* Room for a long disclaimer, but not for a file of one line. */
#define TRIGGERS_LINE_MAX 65536

int triggers_parse(struct patterns *p, const char *text, size_t n, const char *name)
{
	const char *s = text, *end = text + n;
	unsigned lineno = 0;
	int errors = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		const char *w, *t;
		lineno++;
		if ((size_t)(e - s) > TRIGGERS_LINE_MAX) {
			log_msg(LOG_ERR, "%s:%u: line too long (more than %d bytes)", name, lineno,
			    TRIGGERS_LINE_MAX);
			errors++;
			goto next;
		}
		/* Trim; skip blank lines and comments. */
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e || *s == '#')
			goto next;
		w = s;
		while (s < e && !isspace((unsigned char)*s))
			s++;
		size_t wl = (size_t)(s - w);
		t = s;
		while (t < e && isspace((unsigned char)*t))
			t++;
		size_t tl = (size_t)(e - t);
		if (tl == 0) {
			log_msg(LOG_ERR, "%s:%u: expected \"LEVEL TERM\" or \"disclaimer TEXT\"",
			    name, lineno);
			errors++;
			goto next;
		}
		if ((wl == 10 && strncasecmp(w, "disclaimer", 10) == 0) ||
		    (wl == 6 && strncasecmp(w, "banner", 6) == 0)) {
			if (patterns_add(p, MATCH_DISCLAIMER, -1, t, tl) < 0) {
				log_msg(LOG_ERR, "%s:%u: disclaimer text is empty or too long", name, lineno);
				errors++;
			}
			goto next;
		}
		int level = level_parse(w, wl);
		if (level <= LEVEL_UNCLASSIFIED) {
			log_msg(LOG_ERR, "%s:%u: \"%.*s\" is not a level (SEEMAIL, IN-CONFIDENCE, "
			    "SENSITIVE, RESTRICTED, CONFIDENTIAL, SECRET, TOP-SECRET), "
			    "disclaimer or banner", name, lineno, (int)(wl > 40 ? 40 : wl), w);
			errors++;
			goto next;
		}
		enum match_kind kind = t[0] == '[' && e[-1] == ']' ? MATCH_BRACKET : MATCH_TERM;
		if (patterns_add(p, kind, level, t, tl) < 0) {
			log_msg(LOG_ERR, "%s:%u: term is empty after normalisation or too long",
			    name, lineno);
			errors++;
		}
next:
		s = nl ? nl + 1 : end;
	}
	return errors ? EX_CONFIG : 0;
}

int triggers_load(const struct config *c, struct patterns **out)
{
	struct patterns *p = patterns_new();
	int st = 0;

	if (p == NULL)
		return EX_TEMPFAIL;
	if (c->builtin_triggers && triggers_add_defaults(p) < 0)
		st = EX_TEMPFAIL;
	if (st == 0 && c->triggers) {
		char *text;
		size_t len;
		st = config_read_file(c->triggers, NULL, &text, &len);
		if (st == 0) {
			st = triggers_parse(p, text, len, c->triggers);
			free(text);
		}
	}
	if (st == 0 && patterns_count(p) == 0) {
		log_msg(LOG_ERR, "%s: no trigger terms: builtin_triggers = no and the "
		    "triggers file adds none", c->path ? c->path : "configuration");
		st = EX_CONFIG;
	}
	if (st == 0 && patterns_compile(p) < 0) {
		log_msg(LOG_ERR, "out of memory compiling the trigger terms");
		st = EX_TEMPFAIL;
	}
	if (st) {
		patterns_free(p);
		return st;
	}
	*out = p;
	return 0;
}
