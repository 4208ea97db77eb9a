/*
 * extract_zip.c: ZIP archives, and the documents that are ZIP packages
 * (Office Open XML, OpenDocument), for seem-extract.
 *
 * Every entry, up to max_archive_entries, gets a location named by its
 * path inside the archive, where its name is scanned (a file called
 * "[SECRET] plan.txt") and then its content: an XML part of a package as
 * text (ooxml.c), any other entry through classify_file, which sniffs it
 * and recurses (a zip in a zip, a spreadsheet in a document).  Directory
 * names are scanned at the archive's own location.  Uninspectable, with
 * the reason: an archive libzip cannot open, an encrypted entry, an entry
 * past a limit (zipwalk.h: size, ratio, the attachment's budget, a header
 * that lies), the entries past max_archive_entries, and the rest of the
 * archive once the attachment's budget is spent.  Memory failures set
 * c->status and stop the walk.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "extractors.h"
#include "ooxml.h"
#include "status.h"
#include "zipwalk.h"

/* Entry names in locations are cut here (on a character boundary). */
#define SHOWN_NAME_MAX 240

static int entry_where(struct classify *c, int where, const char *name)
{
	char shown[SHOWN_NAME_MAX + 4];
	size_t n = strlen(name);

	if (n <= SHOWN_NAME_MAX)
		return classify_where_inside(c, where, name);
	n = SHOWN_NAME_MAX;
	while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
		n--;
	memcpy(shown, name, n);
	memcpy(shown + n, "...", 4);
	return classify_where_inside(c, where, shown);
}

/* Any entry that is not an XML part: its bytes, whole, to classify_file. */
static void file_entry(struct zipwalk *z, const struct zipentry *e, int ew)
{
	struct classify *c = z->c;
	struct buf b = BUF_INIT_MAX(0);

	switch (zipwalk_read_buf(z, e, &b)) {
	case ZW_OK:
		classify_file(c, b.p ? b.p : "", b.len, e->name, NULL, NULL, ew);
		break;
	case ZW_ERROR:
		/* Damaged, but what inflated may still show a term. */
		if (b.len)
			classify_file(c, b.p, b.len, e->name, NULL, NULL, ew);
		classify_uninspectable(c, ew, z->why);
		break;
	case ZW_LIMIT:
		classify_uninspectable(c, ew, z->why);
		break;
	case ZW_STOPPED:
		break;          /* out of memory: c->status is set */
	}
	buf_free(&b);
}

static void walk(struct zipwalk *z, int where)
{
	struct classify *c = z->c;
	struct ooxml o;

	ooxml_open(&o, c, z, where);
	for (uint64_t i = 0; i < z->n && !c->status; i++) {
		struct zipentry e;
		char why[80];
		if (zipwalk_entry(z, i, &e) < 0) {
			snprintf(why, sizeof why, "entry %llu of the archive cannot be read",
			    (unsigned long long)i);
			classify_uninspectable(c, where, why);
			continue;
		}
		if (e.dir) {
			classify_text(c, where, e.name, strlen(e.name));
			continue;
		}
		if (ooxml_done(&o, &e))
			continue;
		if (e.has_size && e.size > inflate_budget_left(c)) {
			/* One stamp for the rest, not one per entry. */
			classify_uninspectable(c, where, "expands past max_expanded_size: "
			    "the rest of the archive was not read");
			break;
		}
		int ew = entry_where(c, where, e.name);
		if (ew < 0)
			break;
		classify_text(c, ew, e.name, strlen(e.name));
		if (e.encrypted)
			classify_uninspectable(c, ew, "an encrypted (password-protected) ZIP entry");
		else if (ooxml_encrypted(&o, &e))
			classify_uninspectable(c, ew, "encrypted by the OpenDocument package "
			    "(a password-protected document)");
		else if (ooxml_is_part(&o, &e))
			ooxml_part(&o, &e, ew);
		else
			file_entry(z, &e, ew);
		classify_progress(c);
	}
	ooxml_close(&o);
	if (z->total > z->n && !c->status) {
		char why[120];
		snprintf(why, sizeof why, "%llu entries, more than max_archive_entries (%llu): "
		    "the rest were not read", (unsigned long long)z->total, (unsigned long long)z->n);
		classify_uninspectable(c, where, why);
	}
}

void extract_zip(struct classify *c, const char *data, size_t n, int where, const char *name)
{
	struct zipwalk z;

	(void)name;
	if (zipwalk_open(&z, c, data, n, where) == 0) {
		walk(&z, where);
		zipwalk_close(&z);
	}
}
