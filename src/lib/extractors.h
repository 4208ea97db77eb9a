/*
 * extractors.h: the in-process readers of seem-extract.
 *
 * Each reads one container whose whole bytes are data, records what it
 * finds under location where (classify_where_inside for places inside,
 * classify_text for text, classify_file for embedded files, which
 * recurse), and marks what it cannot read uninspectable with the reason.
 * They run only inside the seem-extract child, under its resource
 * limits, and must still bound all their own work (sizes, counts, depth).
 */
#ifndef SEEMAIL_EXTRACTORS_H
#define SEEMAIL_EXTRACTORS_H

#include <stddef.h>

#include "classify.h"

void extract_zip(struct classify *c, const char *data, size_t n, int where, const char *name);
void extract_ole2(struct classify *c, const char *data, size_t n, int where, const char *name);
void extract_rtf(struct classify *c, const char *data, size_t n, int where, const char *name);
void extract_tnef(struct classify *c, const char *data, size_t n, int where, const char *name);
void extract_gzip(struct classify *c, const char *data, size_t n, int where, const char *name);
void extract_tar(struct classify *c, const char *data, size_t n, int where, const char *name);

/* The reader for a format (an extract_fn for classify's hook), bounded by
 * extract_depth; a PDF goes to the seem-extract-pdf child. */
void extract_dispatch(struct classify *c, enum doctype t, const char *data,
    size_t n, int where, const char *name);

#endif
