/*
 * embedded.h: the files of share/seemail compiled into the library, so
 * that every tool works with no configuration installed.
 */
#ifndef SEEMAIL_EMBEDDED_H
#define SEEMAIL_EMBEDDED_H

#include <stddef.h>

/* The text of an embedded file ("directory", "templates/1A.txt"), NUL-
 * terminated, or NULL; *len gets its size when len is not NULL. */
const char *embedded_get(const char *name, size_t *len);

#endif
