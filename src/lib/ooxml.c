/*
 * ooxml.c: OOXML and OpenDocument packages (see ooxml.h).
 *
 * Parts stream from libzip through expat into the scanner, one chunk at
 * a time.  What a part holds besides text (labels, the ODF manifest) is
 * picked up by an xml_observer during the same pass: nothing is read
 * twice.  Labels are bounded (OOXML_MAX_LABELS, names cut at 127 bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "level.h"
#include "matcher.h"
#include "ooxml.h"
#include "status.h"
#include "xmltext.h"

#define MANIFEST_NS "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define MANIFEST_PATH "META-INF/manifest.xml"

enum { MODE_TEXT, MODE_CUSTOM, MODE_LABELINFO, MODE_MANIFEST };

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* ---- what the package is ---- */

struct head {
	char p[80];
	size_t n;
};

static int head_put(void *ctx, const char *p, size_t n)
{
	struct head *h = ctx;
	size_t k = sizeof h->p - 1 - h->n;
	if (k > n)
		k = n;
	memcpy(h->p + h->n, p, k);
	h->n += k;
	return h->n == sizeof h->p - 1;         /* enough */
}

static enum pkg_kind kind_of(struct zipwalk *z)
{
	if (zipwalk_find(z, "[Content_Types].xml") >= 0)
		return PKG_OOXML;
	int64_t m = zipwalk_find(z, "mimetype");
	struct zipentry e;
	if (m >= 0 && zipwalk_entry(z, (uint64_t)m, &e) == 0 && !e.encrypted) {
		struct head h = { .n = 0 };
		zipwalk_read(z, &e, head_put, &h);
		h.p[h.n] = '\0';
		if (strncmp(h.p, "application/vnd.oasis.opendocument.", 35) == 0)
			return PKG_ODF;
	}
	/* An ODF package whose mimetype is missing or odd still has its
	 * manifest, and the manifest is what says what is encrypted. */
	return zipwalk_find(z, MANIFEST_PATH) >= 0 ? PKG_ODF : PKG_ZIP;
}

void ooxml_open(struct ooxml *o, struct classify *c, struct zipwalk *z, int where)
{
	memset(o, 0, sizeof *o);
	o->c = c;
	o->z = z;
	o->where = where;
	o->manifest = -1;
	o->prop_label = NULL;
	o->kind = kind_of(z);
	if (o->kind != PKG_ODF)
		return;
	o->encrypted = calloc(z->n ? z->n : 1, 1);
	if (o->encrypted == NULL) {
		c->status = EX_TEMPFAIL;
		return;
	}
	o->manifest = zipwalk_find(z, MANIFEST_PATH);
	struct zipentry e;
	if (o->manifest >= 0 && zipwalk_entry(z, (uint64_t)o->manifest, &e) == 0) {
		int w = classify_where_inside(c, where, e.name);
		if (w >= 0)
			ooxml_part(o, &e, w);
	}
}

int ooxml_is_part(const struct ooxml *o, const struct zipentry *e)
{
	return o->kind != PKG_ZIP && (has_suffix(e->name, ".xml") || has_suffix(e->name, ".rels"));
}

int ooxml_encrypted(const struct ooxml *o, const struct zipentry *e)
{
	return o->encrypted && e->index < o->z->n && o->encrypted[e->index];
}

int ooxml_done(const struct ooxml *o, const struct zipentry *e)
{
	return o->manifest >= 0 && e->index == (uint64_t)o->manifest;
}

/* ---- labels ---- */

/* custom.xml: <property name="MSIP_Label_<id>_Enabled"><vt:lpwstr>true... */
static void custom_start(struct ooxml *o, const char *local, const char **atts)
{
	if (strcmp(local, "property") != 0)
		return;
	const char *name = xmltext_attr(atts, "name");

	o->prop_label = name ? labels_property(&o->labels, name, &o->prop_field, o->part_where) : NULL;
	o->nval = 0;
}

static void custom_end(struct ooxml *o, const char *local)
{
	if (o->prop_label == NULL || strcmp(local, "property") != 0)
		return;
	label_set(o->prop_label, o->prop_field, o->val, o->nval);
	o->prop_label = NULL;
}

/* LabelInfo.xml: <clbl:label id="{...}" enabled="1" removed="0" .../> */
static void labelinfo_start(struct ooxml *o, const char *local, const char **atts)
{
	const char *id = strcmp(local, "label") == 0 ? xmltext_attr(atts, "id") : NULL;
	if (id == NULL)
		return;
	struct label *l = labels_get(&o->labels, id, strlen(id), o->part_where);
	if (l == NULL)
		return;
	const char *en = xmltext_attr(atts, "enabled"), *rm = xmltext_attr(atts, "removed");
	int on = !(en && (strcmp(en, "0") == 0 || strcasecmp(en, "false") == 0)) &&
	    !(rm && (strcmp(rm, "1") == 0 || strcasecmp(rm, "true") == 0));
	label_enable(l, on);
}

/* ---- the ODF manifest ---- */

static void manifest_start(struct ooxml *o, const char *ns, const char *local, const char **atts)
{
	if (strcmp(ns, MANIFEST_NS) != 0)
		return;
	if (strcmp(local, "file-entry") == 0) {
		const char *path = xmltext_attr(atts, MANIFEST_NS "\001full-path");
		o->entry = path ? zipwalk_find(o->z, path) : -1;
	} else if (strcmp(local, "encryption-data") == 0 && o->entry >= 0) {
		o->encrypted[o->entry] = 1;
	}
}

/* ---- the observer ---- */

static void obs_start(void *ctx, const char *ns, const char *local, const char **atts)
{
	struct ooxml *o = ctx;
	switch (o->mode) {
	case MODE_CUSTOM: custom_start(o, local, atts); break;
	case MODE_LABELINFO: labelinfo_start(o, local, atts); break;
	case MODE_MANIFEST: manifest_start(o, ns, local, atts); break;
	}
}

static void obs_end(void *ctx, const char *ns, const char *local)
{
	struct ooxml *o = ctx;
	(void)ns;
	if (o->mode == MODE_CUSTOM)
		custom_end(o, local);
}

static void obs_text(void *ctx, const char *s, size_t n)
{
	struct ooxml *o = ctx;
	if (o->mode != MODE_CUSTOM || o->prop_label == NULL)
		return;
	size_t k = sizeof o->val - 1 - o->nval;
	if (k > n)
		k = n;
	memcpy(o->val + o->nval, s, k);
	o->nval += k;
}

static int mode_of(const struct ooxml *o, const struct zipentry *e)
{
	if (o->kind == PKG_OOXML && strcasecmp(e->name, "docProps/custom.xml") == 0)
		return MODE_CUSTOM;
	if (o->kind == PKG_OOXML && strcasecmp(e->name, "docMetadata/LabelInfo.xml") == 0)
		return MODE_LABELINFO;
	if (o->kind == PKG_ODF && o->encrypted && ooxml_done(o, e))
		return MODE_MANIFEST;
	return MODE_TEXT;
}

/* ---- parts ---- */

struct feed {
	struct xmltext *x;
	uint64_t fed;
};

static int feed(void *ctx, const char *p, size_t n)
{
	struct feed *f = ctx;
	f->fed += n;
	return xmltext_feed(f->x, p, n, 0) < 0;
}

void ooxml_part(struct ooxml *o, const struct zipentry *e, int part_where)
{
	struct classify *c = o->c;
	struct xml_observer obs = { obs_start, obs_end, obs_text, o };
	struct scan s, aside;
	const char *why = NULL;

	o->mode = mode_of(o, e);
	o->part_where = part_where;
	o->prop_label = NULL;
	o->entry = -1;
	/* Hidden text has a scanner of its own at the same place: the
	 * visible text around it reads on as one. */
	if (scan_init(&s, c->pat, c->fs, part_where) < 0) {
		c->status = EX_TEMPFAIL;
		return;
	}
	if (scan_init(&aside, c->pat, c->fs, part_where) < 0) {
		scan_fini(&s);
		c->status = EX_TEMPFAIL;
		return;
	}
	struct feed f = { xmltext_new(&s.base, &aside.base, &c->cfg->lim, o->mode ? &obs : NULL), 0 };
	if (f.x == NULL) {
		scan_fini(&s);
		scan_fini(&aside);
		c->status = EX_TEMPFAIL;
		return;
	}
	switch (zipwalk_read(o->z, e, feed, &f)) {
	case ZW_OK:
		/* An empty part (LibreOffice writes a few) holds nothing. */
		if (xmltext_feed(f.x, "", 0, 1) < 0 && f.fed)
			why = xmltext_problem(f.x);
		break;
	case ZW_STOPPED:
		why = xmltext_problem(f.x);
		break;
	case ZW_LIMIT:
	case ZW_ERROR:
		why = o->z->why;
		break;
	}
	xmltext_flush(f.x);
	sink_end(&s.base);
	sink_end(&aside.base);
	scan_fini(&s);
	scan_fini(&aside);
	if (xmltext_nomem(f.x))
		c->status = EX_TEMPFAIL;
	else if (why)
		classify_uninspectable(c, part_where, why);
	xmltext_free(f.x);
	if (c->fs->err)
		c->status = EX_TEMPFAIL;
}

void ooxml_close(struct ooxml *o)
{
	labels_report(o->c, &o->labels, o->where);
	if (o->c->fs->err)
		o->c->status = EX_TEMPFAIL;
	free(o->encrypted);
	o->encrypted = NULL;
}
