/*
 * status.h: the exit statuses of seemail, in one table.
 *
 * Library functions return 0 or one of these (sysexits.h) codes; only a
 * tool's main exits.  status_transient() says whether an MTA should keep
 * the message and retry (EX_TEMPFAIL and the failures we treat like it).
 */
#ifndef SEEMAIL_STATUS_H
#define SEEMAIL_STATUS_H

#include <sysexits.h>

const char *status_name(int status);     /* "EX_TEMPFAIL" */
const char *status_meaning(int status);  /* "transient failure: retry later" */
int status_transient(int status);

/* The worse of two statuses: a config error beats a transient one beats
 * a data error; 0 is the best. */
int status_worse(int a, int b);

#endif
