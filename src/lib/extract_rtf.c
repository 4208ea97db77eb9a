/*
 * extract_rtf.c: placeholder until the rtf reader lands.
 */
#include "extractors.h"

void extract_rtf(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	(void)data;
	(void)n;
	(void)name;
	classify_uninspectable(c, where, "no reader for this format yet");
}
