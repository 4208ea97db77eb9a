/*
 * uuinline.c: uuencoded blocks in body text (see uuinline.h).
 */
#include <string.h>

#include "uuinline.h"

/* "begin MODE NAME" at p (a line of len bytes): the name's offset, or 0. */
static size_t begin_line(const char *p, size_t len)
{
	size_t i = 6, d = 0;

	if (len < 6 || memcmp(p, "begin ", 6) != 0)
		return 0;
	while (i < len && p[i] >= '0' && p[i] <= '7')
		i++, d++;
	if ((d != 3 && d != 4) || i >= len || p[i] != ' ')
		return 0;
	while (i < len && p[i] == ' ')
		i++;
	return i < len ? i : 0;
}

int uu_next(const char *p, size_t n, size_t *pos, struct span *block, char *name,
    size_t namesz)
{
	size_t i = *pos;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (p + i)) : n - i, at;
		size_t line = i;
		i += len + (nl != NULL);
		if (len && p[line + len - 1] == '\r')
			len--;
		if ((at = begin_line(p + line, len)) == 0)
			continue;
		size_t k = len - at < namesz - 1 ? len - at : namesz - 1;
		memcpy(name, p + line + at, k);
		name[k] = '\0';
		/* The block runs to its "end" line (a line start), or on. */
		size_t end = n;
		for (size_t j = i; j < n;) {
			const char *e = memchr(p + j, '\n', n - j);
			size_t l = e ? (size_t)(e - (p + j)) : n - j;
			if (l >= 3 && memcmp(p + j, "end", 3) == 0 && (l == 3 || p[j + 3] == '\r')) {
				end = j + l + (e != NULL);
				break;
			}
			j += l + (e != NULL);
		}
		block->p = p + line;
		block->n = end - line;
		*pos = end;
		return 1;
	}
	*pos = n;
	return 0;
}
