/*
 * labels.c: sensitivity labels (see labels.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "labels.h"
#include "level.h"
#include "status.h"

/* A GUID as kept: lower case, without braces, cut to fit. */
static void norm_id(char *out, size_t sz, const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < sz; i++)
		if (s[i] != '{' && s[i] != '}')
			out[k++] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[k] = '\0';
}

struct label *labels_get(struct labels *ls, const char *id, size_t n, int where)
{
	char key[sizeof ls->l[0].id];

	norm_id(key, sizeof key, id, n);
	if (!key[0])
		return NULL;
	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->l[i].id, key) == 0)
			return &ls->l[i];
	if (ls->n == LABELS_MAX)
		return NULL;
	struct label *l = &ls->l[ls->n++];
	memcpy(l->id, key, sizeof key);
	l->name[0] = '\0';
	l->enabled = -1;
	l->where = where;
	return l;
}

void label_enable(struct label *l, int on)
{
	if (on)
		l->enabled = 1;
	else if (l->enabled < 0)
		l->enabled = 0;
}

struct label *labels_property(struct labels *ls, const char *name, int *field, int where)
{
	static const char prefix[] = "MSIP_Label_";

	if (strncasecmp(name, prefix, sizeof prefix - 1) != 0)
		return NULL;
	const char *id = name + sizeof prefix - 1, *us = strrchr(id, '_');
	if (us == NULL)
		return NULL;
	*field = strcasecmp(us + 1, "Enabled") == 0 ? 'E' : strcasecmp(us + 1, "Name") == 0 ? 'N' : 0;
	return *field ? labels_get(ls, id, (size_t)(us - id), where) : NULL;
}

void label_set(struct label *l, int field, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\n' || *v == '\t' || *v == '\r'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (field == 'E') {
		label_enable(l, !(n == 5 && strncasecmp(v, "false", 5) == 0) && !(n == 1 && *v == '0'));
	} else if (n) {
		if (n >= sizeof l->name)
			n = sizeof l->name - 1;
		memcpy(l->name, v, n);
		l->name[n] = '\0';
	}
}

/* The configured id matches the GUID, or the name (any case; an '_'
 * there may stand for a space). */
static int matches(const char *conf, const struct label *l)
{
	char id[sizeof l->id];

	norm_id(id, sizeof id, conf, strlen(conf));
	if (strcmp(id, l->id) == 0)
		return 1;
	if (!l->name[0] || strlen(conf) != strlen(l->name))
		return 0;
	for (size_t i = 0; conf[i]; i++) {
		char a = conf[i], b = l->name[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b && !(a == '_' && b == ' '))
			return 0;
	}
	return 1;
}

void labels_report(struct classify *c, const struct labels *ls, int where)
{
	for (size_t i = 0; i < ls->n; i++) {
		const struct label *l = &ls->l[i];
		int at = l->where >= 0 ? l->where : where, level = -1;
		char term[200], note[400];
		if (l->enabled == 0)
			continue;
		for (size_t j = 0; c->cfg && j < c->cfg->nlabels && level < 0; j++)
			if (matches(c->cfg->labels[j].id, l))
				level = c->cfg->labels[j].level;
		snprintf(term, sizeof term, "MSIP label \"%s\"", l->name[0] ? l->name : l->id);
		if (level > LEVEL_UNCLASSIFIED) {
			findings_add(c->fs, level, term, strlen(term), "", 0, at);
		} else {
			snprintf(note, sizeof note, "sensitivity label \"%s\" (%s) %s", l->name, l->id,
			    level < 0 ? "is not mapped to a level (see label in seemail.conf)"
			    : "is mapped to UNCLASSIFIED");
			findings_note(c->fs, at, note);
		}
		if (c->fs->err)
			c->status = EX_TEMPFAIL;
	}
}
