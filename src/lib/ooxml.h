/*
 * ooxml.h: the rules of document packages inside a ZIP: Office Open XML
 * (a [Content_Types].xml entry) and OpenDocument (a mimetype entry of
 * application/vnd.oasis.opendocument.*, or a META-INF/manifest.xml).
 *
 * In a package every XML part (*.xml, *.rels) is read as text through
 * xmltext, each part its own location, and every other entry (media,
 * embeddings, vbaProject.bin, thumbnails) is a file for classify_file.
 * Sensitivity labels are read from docProps/custom.xml (MSIP_Label_<id>_
 * Enabled, _Name) and docMetadata/LabelInfo.xml (clbl:label id, enabled)
 * and, at ooxml_close, mapped through the label table of seemail.conf
 * (id compared case-insensitively with the GUID, braces or not, or the
 * label's name): a mapped label is a finding at its level, with the term
 * MSIP label "NAME" (the GUID when the name is unknown), at the part it
 * was read from; an unmapped or UNCLASSIFIED label is a note.  In an
 * OpenDocument package the entries that the manifest lists with
 * encryption-data are uninspectable (a password-protected document).
 */
#ifndef SEEMAIL_OOXML_H
#define SEEMAIL_OOXML_H

#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "labels.h"
#include "zipwalk.h"

enum pkg_kind { PKG_ZIP, PKG_OOXML, PKG_ODF };


struct ooxml {
	struct classify *c;
	struct zipwalk *z;
	int where;
	enum pkg_kind kind;
	int64_t manifest;               /* ODF: the manifest's entry, read first; or -1 */
	unsigned char *encrypted;       /* ODF: per entry, encrypted by the package */
	int64_t entry;                  /* manifest: the file-entry being read */
	int mode;                       /* what the part being read holds (ooxml.c) */
	int part_where;
	struct labels labels;
	struct label *prop_label;       /* custom.xml: the property being read */
	int prop_field;
	char val[128];
	size_t nval;
};

/* Tells what the archive is and, for OpenDocument, reads the manifest.
 * Failures are recorded (c->status for memory). */
void ooxml_open(struct ooxml *o, struct classify *c, struct zipwalk *z, int where);

/* 1 if entry e is an XML part of the package, for ooxml_part. */
int ooxml_is_part(const struct ooxml *o, const struct zipentry *e);
/* 1 if the package itself encrypts entry e. */
int ooxml_encrypted(const struct ooxml *o, const struct zipentry *e);
/* 1 if entry e was read already (the manifest). */
int ooxml_done(const struct ooxml *o, const struct zipentry *e);

/* Reads the XML part e as text at location part_where; a part that
 * breaks a limit or the XML rules is uninspectable there, keeping what
 * was read before. */
void ooxml_part(struct ooxml *o, const struct zipentry *e, int part_where);

/* Records the labels, frees. */
void ooxml_close(struct ooxml *o);

#endif
