/*
 * extract_gzip.c: placeholder until the gzip reader lands.
 */
#include "extractors.h"

void extract_gzip(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	(void)data;
	(void)n;
	(void)name;
	classify_uninspectable(c, where, "no reader for this format yet");
}
