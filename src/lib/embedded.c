/*
 * embedded.c: look-up in the table that mk/embed.sh generates.
 */
#include <string.h>

#include "embedded.h"

struct embedded_file {
	const char *name;
	const char *data;
	size_t size;
};

extern const struct embedded_file embedded_files[];

const char *embedded_get(const char *name, size_t *len)
{
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strcmp(f->name, name) == 0) {
			if (len)
				*len = f->size;
			return f->data;
		}
	return NULL;
}
