/*
 * labels.h: Microsoft sensitivity labels, as documents carry them
 * (custom properties MSIP_Label_<GUID>_Enabled and _Name in OOXML
 * docProps/custom.xml and in OLE2 property sets; clbl:label in
 * docMetadata/LabelInfo.xml), and what they mean to classification.
 *
 * An enabled label that seemail.conf maps (label = GUID-or-name LEVEL) is
 * a finding at that level with the term MSIP label "NAME" (the GUID when
 * the name is not known); an unmapped label, or one mapped to
 * UNCLASSIFIED, is a note that --explain shows.
 */
#ifndef SEEMAIL_LABELS_H
#define SEEMAIL_LABELS_H

#include <stddef.h>

#include "classify.h"

#define LABELS_MAX 16

struct label {
	char id[64];            /* GUID, lower case, no braces */
	char name[128];         /* "" if not known */
	int enabled;            /* -1 unknown, 0, 1 */
	int where;              /* where it was read, or -1 */
};

struct labels {
	struct label l[LABELS_MAX];
	size_t n;
};

/* The label with this GUID (any case, braces optional), added if new;
 * NULL when there is no room or the id is empty. */
struct label *labels_get(struct labels *ls, const char *id, size_t n, int where);

/* Records "enabled" or not; where two places disagree, enabled wins. */
void label_enable(struct label *l, int on);

/* A custom property's name: the label it concerns and which field
 * ('E' for _Enabled, 'N' for _Name), or NULL for another property. */
struct label *labels_property(struct labels *ls, const char *name, int *field, int where);

/* Sets a field from a property's text value. */
void label_set(struct label *l, int field, const char *v, size_t n);

/* Findings and notes for the labels, at each label's place, or at
 * where for those read without one. */
void labels_report(struct classify *c, const struct labels *ls, int where);

#endif
