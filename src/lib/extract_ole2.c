/*
 * extract_ole2.c: placeholder until the ole2 reader lands.
 */
#include "extractors.h"

void extract_ole2(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	(void)data;
	(void)n;
	(void)name;
	classify_uninspectable(c, where, "no reader for this format yet");
}
