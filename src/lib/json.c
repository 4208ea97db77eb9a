/*
 * json.c: JSON string escaping.
 */
#include <string.h>

#include "json.h"
#include "utf8.h"

void json_str(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			buf_puts(out, "\\ufffd");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			buf_printf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_puts(out, "\\n");
		else if (cp == '\t')
			buf_puts(out, "\\t");
		else if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029)
			buf_printf(out, "\\u%04x", cp);
		else
			buf_put(out, s + i, k);
		i += k;
	}
	buf_putc(out, '"');
}

void json_cstr(struct buf *out, const char *s)
{
	json_str(out, s ? s : "", s ? strlen(s) : 0);
}
