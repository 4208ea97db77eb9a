/*
 * status.c: the table of exit statuses (after Postfix's sys_exits.c).
 */
#include <stddef.h>

#include "status.h"

static const struct {
	int code;
	const char *name;
	const char *meaning;
	int transient;
	int rank;               /* higher wins in status_worse() */
} table[] = {
	{ 0,              "EX_OK",          "done",                                   0, 0 },
	{ EX_USAGE,       "EX_USAGE",       "bad command line",                       0, 2 },
	{ EX_DATAERR,     "EX_DATAERR",     "input is not a message",                 0, 1 },
	{ EX_NOINPUT,     "EX_NOINPUT",     "cannot open input",                      0, 3 },
	{ EX_UNAVAILABLE, "EX_UNAVAILABLE", "not available",                          0, 4 },
	{ EX_SOFTWARE,    "EX_SOFTWARE",    "internal software error",                1, 5 },
	{ EX_OSERR,       "EX_OSERR",       "system error",                           1, 6 },
	{ EX_IOERR,       "EX_IOERR",       "input/output error",                     1, 6 },
	{ EX_TEMPFAIL,    "EX_TEMPFAIL",    "transient failure: the MTA should retry", 1, 7 },
	{ EX_NOPERM,      "EX_NOPERM",      "refused by policy",                      0, 8 },
	{ EX_CONFIG,      "EX_CONFIG",      "configuration error",                    1, 9 },
};

static size_t find(int code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return i;
	return 5;       /* unknown: treat as a software error */
}

const char *status_name(int status) { return table[find(status)].name; }
const char *status_meaning(int status) { return table[find(status)].meaning; }
int status_transient(int status) { return table[find(status)].transient; }

int status_worse(int a, int b)
{
	return table[find(a)].rank >= table[find(b)].rank ? a : b;
}
