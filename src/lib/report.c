/*
 * report.c: --explain and --json output of seem-classify.
 */
#include <string.h>

#include "json.h"
#include "level.h"
#include "report.h"
#include "utf8.h"

void report_printable(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			buf_putc(out, '?');
			i++;
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			buf_putc(out, cp == '\n' || cp == '\t' || cp == '\r' ? ' ' : '?');
			i += k;
		} else if ((cp >= 0x200b && cp <= 0x200f) || cp == 0xad || cp == 0xfeff ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)) {
			/* Invisible characters are shown, since they may be
			 * what hid the term. */
			buf_printf(out, "<U+%04X>", cp);
			i += k;
		} else {
			buf_put(out, s + i, k);
			i += k;
		}
	}
}

void report_explain(struct buf *out, const struct findings *fs)
{
	buf_printf(out, "Classification: %s\n", level_name(fs->level));
	if (fs->nf == 0)
		buf_puts(out, "\nNo trigger terms found.\n");
	else
		buf_printf(out, "\nTrigger terms found (%zu):\n", fs->nf);
	for (size_t i = 0; i < fs->nf; i++) {
		const struct finding *f = &fs->f[i];
		buf_printf(out, "\n  %s  \"", level_name(f->level));
		report_printable(out, f->term, strlen(f->term));
		buf_puts(out, "\"");
		if (f->count > 1)
			buf_printf(out, " (%u times)", f->count);
		buf_puts(out, "\n    where:   ");
		report_printable(out, fs->w[f->where].text, strlen(fs->w[f->where].text));
		buf_puts(out, "\n    context: ...");
		report_printable(out, f->before, strlen(f->before));
		buf_puts(out, " >>");
		report_printable(out, f->term, strlen(f->term));
		buf_puts(out, "<< ");
		report_printable(out, f->after, strlen(f->after));
		buf_puts(out, "...\n");
	}
	if (fs->omitted)
		buf_printf(out, "\n  (%zu more findings not listed)\n", fs->omitted);
	if (fs->nu) {
		buf_printf(out, "\nCould not be inspected (%zu):\n", fs->nu);
		for (size_t i = 0; i < fs->nu; i++) {
			buf_puts(out, "\n  ");
			report_printable(out, fs->w[fs->u[i].where].text, strlen(fs->w[fs->u[i].where].text));
			buf_puts(out, "\n    why: ");
			report_printable(out, fs->u[i].reason, strlen(fs->u[i].reason));
			buf_putc(out, '\n');
		}
	}
	if (fs->nn) {
		buf_puts(out, "\nNotes:\n");
		for (size_t i = 0; i < fs->nn; i++) {
			buf_puts(out, "\n  ");
			report_printable(out, fs->w[fs->n[i].where].text, strlen(fs->w[fs->n[i].where].text));
			buf_puts(out, "\n    ");
			report_printable(out, fs->n[i].text, strlen(fs->n[i].text));
			buf_putc(out, '\n');
		}
	}
}

static void json_where(struct buf *out, const struct where *w)
{
	buf_puts(out, "\"where\":");
	json_cstr(out, w->text);
	buf_puts(out, ",\"part\":");
	json_cstr(out, w->part);
	buf_puts(out, ",\"content_type\":");
	json_cstr(out, w->ctype);
	buf_puts(out, ",\"filename\":");
	json_cstr(out, w->filename);
	buf_puts(out, ",\"header\":");
	json_cstr(out, w->header);
	buf_puts(out, ",\"inside\":");
	json_cstr(out, w->inside);
}

void report_json(struct buf *out, const struct findings *fs)
{
	buf_printf(out, "{\"classification\":\"%s\",\"findings\":[", level_name(fs->level));
	for (size_t i = 0; i < fs->nf; i++) {
		const struct finding *f = &fs->f[i];
		buf_printf(out, "%s{\"level\":\"%s\",\"term\":", i ? "," : "", level_name(f->level));
		json_cstr(out, f->term);
		buf_puts(out, ",\"before\":");
		json_cstr(out, f->before);
		buf_puts(out, ",\"after\":");
		json_cstr(out, f->after);
		buf_printf(out, ",\"count\":%u,", f->count);
		json_where(out, &fs->w[f->where]);
		buf_putc(out, '}');
	}
	buf_printf(out, "],\"omitted\":%zu,\"uninspectable\":[", fs->omitted);
	for (size_t i = 0; i < fs->nu; i++) {
		buf_puts(out, i ? ",{\"reason\":" : "{\"reason\":");
		json_cstr(out, fs->u[i].reason);
		buf_putc(out, ',');
		json_where(out, &fs->w[fs->u[i].where]);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"notes\":[");
	for (size_t i = 0; i < fs->nn; i++) {
		buf_puts(out, i ? ",{\"note\":" : "{\"note\":");
		json_cstr(out, fs->n[i].text);
		buf_putc(out, ',');
		json_where(out, &fs->w[fs->n[i].where]);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}");
}
