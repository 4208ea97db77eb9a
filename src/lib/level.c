/*
 * level.c: level names.
 */
#include <ctype.h>

#include "level.h"

static const char *const names[LEVEL_COUNT] = {
	"UNCLASSIFIED", "SEEMAIL", "IN-CONFIDENCE", "SENSITIVE",
	"RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP-SECRET",
};

const char *level_name(int level)
{
	return level >= 0 && level < LEVEL_COUNT ? names[level] : "UNKNOWN";
}

static int same(const char *name, const char *s, size_t n)
{
	size_t i = 0;

	for (; i < n && name[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (name[i] == '-') {
			if (c != '-' && c != ' ' && c != '_')
				return 0;
		} else if (toupper(c) != name[i]) {
			return 0;
		}
	}
	return i == n && name[i] == '\0';
}

int level_parse(const char *s, size_t n)
{
	for (int l = 0; l < LEVEL_COUNT; l++)
		if (same(names[l], s, n))
			return l;
	return -1;
}
