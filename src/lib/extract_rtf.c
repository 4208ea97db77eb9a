/*
 * extract_rtf.c: RTF documents for seem-extract.
 *
 * The text rtf.c reads goes, place by place, into one scanner each, at
 * the locations "body", "header", "footer", "footnote", "comment",
 * "properties" and "hidden" inside the part; a scanner opens when its
 * place first has text.  Embedded objects go through classify_file (recursively, within
 * extract_depth) at a location named after the packaged file, or
 * "object N (class)"; an object that is not OLE 1.0 is read as the bytes
 * it is.  Limits: group depth is xml_depth (the same kind of nesting),
 * an object at most max_expanded_size.  Out of memory sets EX_TEMPFAIL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "extractors.h"
#include "rtf.h"
#include "rtf_object.h"
#include "status.h"

struct rtf_glue {
	struct classify *c;
	int where;
	struct scan *sc[RTF_PLACES];
	int failed[RTF_PLACES];
	unsigned nobj;
};

static void on_text(void *ctx, enum rtf_place place, const char *p, size_t n)
{
	struct rtf_glue *g = ctx;
	struct classify *c = g->c;

	if (g->failed[place])
		return;
	if (g->sc[place] == NULL) {
		int w = classify_where_inside(c, g->where, rtf_place_name(place));
		struct scan *s = w < 0 ? NULL : malloc(sizeof *s);
		if (s == NULL || scan_init(s, c->pat, c->fs, w) < 0) {
			free(s);
			g->failed[place] = 1;
			c->status = EX_TEMPFAIL;
			return;
		}
		g->sc[place] = s;
	}
	sink_put(&g->sc[place]->base, p, n);
}

static void on_object(void *ctx, const char *data, size_t n)
{
	struct rtf_glue *g = ctx;
	struct classify *c = g->c;
	struct ole1 o;
	struct buf name = BUF_INIT_MAX(4 * sizeof o.file_name);
	char label[128];

	g->nobj++;
	if (ole1_payload(data, n, &o) < 0) {
		/* Not OLE 1.0: its bytes as they are. */
		snprintf(label, sizeof label, "object %u", g->nobj);
		int w = classify_where_inside(c, g->where, label);
		if (w >= 0)
			classify_file(c, data, n, "", NULL, NULL, w);
		return;
	}
	/* Names in objects are in the ANSI code page of the writer. */
	if (o.file_name[0]) {
		charset_to_utf8("windows-1252", 12, o.file_name, strlen(o.file_name), &name);
	} else {
		snprintf(label, sizeof label, "object %u (%s)", g->nobj,
		    o.class_name[0] ? o.class_name : "no class");
		buf_puts(&name, label);
	}
	if (name.err) {
		c->status = EX_TEMPFAIL;
		buf_free(&name);
		return;
	}
	int w = classify_where_inside(c, g->where, name.p);
	if (w >= 0) {
		if (o.file_name[0])
			classify_text(c, w, name.p, name.len);
		classify_file(c, o.data, o.n, o.file_name, NULL, NULL, w);
	}
	buf_free(&name);
}

static void on_problem(void *ctx, const char *why)
{
	struct rtf_glue *g = ctx;
	classify_uninspectable(g->c, g->where, why);
}

void extract_rtf(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	static const struct rtf_handler h = { on_text, on_object, on_problem };
	struct rtf_limits lim = {
		c->cfg->lim.xml_depth, c->cfg->lim.max_expanded_size,
	};
	struct rtf_glue g;

	(void)name;
	memset(&g, 0, sizeof g);
	g.c = c;
	g.where = where;
	if (rtf_read(data, n, &lim, &h, &g) < 0)
		c->status = EX_TEMPFAIL;
	for (int i = 0; i < RTF_PLACES; i++) {
		if (g.sc[i] == NULL)
			continue;
		sink_end(&g.sc[i]->base);
		scan_fini(g.sc[i]);
		free(g.sc[i]);
	}
	if (c->fs->err)
		c->status = EX_TEMPFAIL;
}
