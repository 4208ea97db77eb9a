/*
 * extract_tnef.c: TNEF parts (winmail.dat, application/ms-tnef) for
 * seem-extract.
 *
 * What tnef.c hands out goes to places inside the part: "subject",
 * "body.txt", "body.html", "body.rtf", and each attachment under its
 * name ("attachment N" when it has none), where the name itself is
 * scanned too.  Bodies and attachments go through classify_file, so the
 * RTF body comes back to extract_rtf, and an embedded message to this
 * reader again or to the OLE2 reader, within extract_depth.  What tnef.c
 * cannot read makes the part uninspectable with the reason; what it read
 * before still counts.  Limits: max_archive_entries attachments,
 * max_expanded_size of RTF body.  Out of memory sets EX_TEMPFAIL.
 */
#include <stdio.h>
#include <string.h>

#include "charset.h"
#include "extractors.h"
#include "status.h"
#include "tnef.h"

/* Properties in one record: a message has a few hundred at most. */
#define TNEF_MAX_PROPERTIES 65536
/* Records: a message has a dozen, an attachment about eight. */
#define TNEF_RECORDS(attachments) (256 + 64 * (attachments))
/* Bytes of an attachment name in a location; the whole name is scanned. */
#define NAME_IN_WHERE 200

struct tnef_glue {
	struct classify *c;
	int where;
	int text_where[4];      /* per enum tnef_text, 0: not yet made */
	unsigned nattach;
};

static int place(struct tnef_glue *g, enum tnef_text kind)
{
	static const char *const names[4] = { "subject", "body.txt", "body.html", "body.rtf" };

	if (g->text_where[kind] == 0) {
		int w = classify_where_inside(g->c, g->where, names[kind]);
		if (w < 0)
			return -1;
		g->text_where[kind] = w + 1;
	}
	return g->text_where[kind] - 1;
}

static void on_text(void *ctx, enum tnef_text kind, const char *data, size_t n,
    const char *charset)
{
	struct tnef_glue *g = ctx;
	struct classify *c = g->c;
	int w = place(g, kind);

	if (w < 0)
		return;
	switch (kind) {
	case TNEF_SUBJECT: {
		/* At most 4 bytes of UTF-8 for a byte in: nothing is cut. */
		struct buf t = BUF_INIT_MAX(4 * n + 64);
		charset_to_utf8(charset, strlen(charset), data, n, &t);
		if (t.err)
			c->status = EX_TEMPFAIL;
		else
			classify_text(c, w, t.p ? t.p : "", t.len);
		buf_free(&t);
		break;
	}
	case TNEF_BODY_TEXT:
		classify_file(c, data, n, "body.txt", "text/plain", charset, w);
		break;
	case TNEF_BODY_HTML:
		classify_file(c, data, n, "body.html", "text/html", charset, w);
		break;
	case TNEF_BODY_RTF:
		classify_file(c, data, n, "body.rtf", "application/rtf", NULL, w);
		break;
	}
}

static void on_attachment(void *ctx, const char *name, const char *ctype,
    const char *data, size_t n, int object)
{
	struct tnef_glue *g = ctx;
	struct classify *c = g->c;
	char label[64];

	g->nattach++;
	snprintf(label, sizeof label, "attachment %u", g->nattach);
	/* A name too long for a location is cut there, at a character. */
	size_t k = strlen(name);
	char shortened[NAME_IN_WHERE + 4];
	if (k > NAME_IN_WHERE) {
		k = NAME_IN_WHERE;
		while (k > 0 && ((unsigned char)name[k] & 0xc0) == 0x80)
			k--;
		snprintf(shortened, sizeof shortened, "%.*s...", (int)k, name);
	}
	int w = classify_where_inside(c, g->where, !*name ? label :
	    strlen(name) > NAME_IN_WHERE ? shortened : name);
	if (w < 0)
		return;
	if (*name)
		classify_text(c, w, name, strlen(name));
	if (data == NULL)
		return;
	/* An embedded message or storage is sniffed like any file: a TNEF
	 * stream or a compound file (.msg). */
	classify_file(c, data, n, name, object ? NULL : ctype, NULL, w);
}

static void on_problem(void *ctx, const char *why)
{
	struct tnef_glue *g = ctx;
	classify_uninspectable(g->c, g->where, why);
}

void extract_tnef(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	static const struct tnef_handler h = { on_text, on_attachment, on_problem };
	struct tnef_limits lim = {
		TNEF_RECORDS(c->cfg->lim.max_archive_entries), c->cfg->lim.max_archive_entries,
		TNEF_MAX_PROPERTIES, c->cfg->lim.max_expanded_size,
	};
	struct tnef_glue g;

	(void)name;
	memset(&g, 0, sizeof g);
	g.c = c;
	g.where = where;
	if (tnef_read(data, n, &lim, &h, &g) < 0)
		c->status = EX_TEMPFAIL;
	if (c->fs->err)
		c->status = EX_TEMPFAIL;
}
