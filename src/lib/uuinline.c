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

static const char BEGIN[] = "begin ";

/* One memchr per line: at a line start, up to six bytes are compared
 * (matched counts them across puts; SIZE_MAX: not this line). */
static void watch_put(struct sink *self, const char *p, size_t n)
{
	struct uu_watch *w = (struct uu_watch *)self;
	size_t i = 0;

	while (!w->found && i < n) {
		while (w->matched < 6 && i < n && p[i] == BEGIN[w->matched])
			w->matched++, i++;
		if (w->matched == 6) {
			w->found = 1;
			break;
		}
		if (i == n)
			break;          /* the next put goes on matching */
		const char *nl = memchr(p + i, '\n', n - i);
		if (nl == NULL) {
			w->matched = (size_t)-1;
			break;
		}
		i = (size_t)(nl - p) + 1;
		w->matched = 0;
	}
	sink_put(w->next, p, n);
}

static void watch_end(struct sink *self)
{
	struct uu_watch *w = (struct uu_watch *)self;
	sink_end(w->next);
}

void uu_watch_init(struct uu_watch *w, struct sink *next)
{
	w->base.put = watch_put;
	w->base.end = watch_end;
	w->next = next;
	w->matched = 0;         /* the text starts at a line start */
	w->found = 0;
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
