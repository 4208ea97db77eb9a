/*
 * extract.h: documents and archives are read in child processes.
 *
 * seem-classify hands each container part to the helper seem-extract
 * (ZIP, OOXML, OpenDocument, OLE2, RTF, TNEF, gzip), which hands PDFs to
 * seem-extract-pdf.  A child gets the part on standard input (a memory
 * file), a clean environment, resource limits (CPU seconds, address
 * space, no files written, no core) and its own session; it writes its
 * findings back as records (below) and ends with "E".  A child that dies,
 * times out or writes anything else leaves its part uninspectable, with
 * the reason, but keeps the findings it did report.  Only a failure to
 * start a child at all is transient (EX_TEMPFAIL).
 *
 * Records, one per line, fields separated by tabs, each field escaped
 * (\\ \t \n):
 *   W id text part ctype filename header inside   a location
 *   F where level term before after count         a finding
 *   U where reason                                uninspectable
 *   N where text                                  a note
 *   C finding count                               the new count of the
 *                                                 finding-th F record
 *   E                                             the end
 * Location 0 is the part the child was given.  A child may send records
 * as it goes (classify's progress hook); "E" comes once, at the end.
 */
#ifndef SEEMAIL_EXTRACT_H
#define SEEMAIL_EXTRACT_H

#include <stddef.h>

#include "classify.h"
#include "options.h"

/* Makes c hand containers to seem-extract. */
void extract_attach(struct classify *c, const struct common_opts *common);
void extract_detach(struct classify *c);

/* Runs helper (a file name in the libexec directory) on data; its
 * records are merged into c's findings under location where. */
void extract_run(struct classify *c, const char *helper, enum doctype t,
    const char *data, size_t n, int where, const char *name);

/* For a helper: writes every location, finding, uninspectable part and
 * note of fs as records, then "E".  Returns 0 or EX_TEMPFAIL. */
int extract_write_records(const struct findings *fs);

/* For a helper: parses its command line (see seem-extract), loads the
 * configuration and triggers, reads the part from standard input and
 * sets up c with location 0.  Returns 0 or an exit status. */
struct extract_sent {
	size_t w, f, u, n;      /* locations, findings, uninspectable, notes sent */
};

struct extract_child {
	struct config cfg;
	struct patterns *pat;
	struct findings fs;
	struct classify c;
	const char *data;
	size_t n;
	enum doctype type;
	const char *name;
	void *input;            /* struct input */
	struct extract_sent sent;
};
int extract_child_start(struct extract_child *x, int argc, char **argv);
int extract_child_finish(struct extract_child *x);

/* The doctype named on a command line ("zip"), or DOC_COUNT. */
enum doctype extract_type_parse(const char *s);
const char *extract_type_arg(enum doctype t);

#endif
