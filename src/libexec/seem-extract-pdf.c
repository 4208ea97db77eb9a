/*
 * seem-extract-pdf: the child that reads PDFs for seem-classify (see
 * extract.h; poppler-cpp through pdf_shim.h).  Not meant to be run by
 * hand.
 *
 *   seem-extract-pdf [-c CONF] --type pdf --depth N --name NAME
 *                    --where TEXT [--part P --ctype T ...] <part
 *
 * Each page's text is streamed into the trigger scanner as it is
 * extracted, at its own location ("page 3"), so only one page's text is
 * held at a time; the document information (title, subject, keywords,
 * author, creator, producer...) is scanned at "document information",
 * and the text of annotations and form fields that is not drawn on the
 * page (a sticky note, a field's value; pdf_annot.h) at "annotations and
 * form fields", and the bookmarks' titles at "bookmarks".
 * Files attached to the PDF are classified like attachments: a PDF in
 * here, other containers by seem-extract in a grandchild.
 *
 * Fails closed: a PDF that needs a user password, that poppler cannot
 * open, a page that cannot be read, or the pages left when this child
 * nears its CPU or wall-clock budget (extract_cpu, extract_timeout) are
 * uninspectable with the reason.  Stopping a little before the limits
 * keeps the findings of the pages already read, which a kill would lose.
 * Exit status: 0 with the records written, or what extract_child_*
 * returns (EX_TEMPFAIL when memory for the findings ran out).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "extract.h"
#include "log.h"
#include "matcher.h"
#include "pdf_annot.h"
#include "pdf_shim.h"
#include "status.h"

/* Until when this child starts reading another page or attached file. */
static struct {
	double cpu;             /* seconds of CPU (user + system) */
	double wall;            /* seconds since it started */
	struct timespec start;
} budget;

static double cpu_used(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double wall_used(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - budget.start.tv_sec) +
	    (double)(now.tv_nsec - budget.start.tv_nsec) / 1e9;
}

/* A fifth of each limit is kept for the page under way and for writing
 * the records. */
static void budget_init(const struct limits *lim)
{
	clock_gettime(CLOCK_MONOTONIC, &budget.start);
	budget.cpu = (double)lim->extract_cpu * 0.8;
	budget.wall = (double)lim->extract_timeout * 0.8;
}

/* NULL while there is time left, else why the reading stops. */
static const char *budget_spent(void)
{
	if (cpu_used() >= budget.cpu)
		return "out of CPU time (extract_cpu)";
	if (wall_used() >= budget.wall)
		return "out of time (extract_timeout)";
	return NULL;
}

static void nomem(struct classify *c)
{
	c->status = EX_TEMPFAIL;
}

static void to_scan(const char *s, size_t n, void *ctx)
{
	sink_put(&((struct scan *)ctx)->base, s, n);
}

/* A place inside the PDF ("page 3"), created when it is first needed, so
 * that a page with nothing to report costs no location. */
struct place {
	int where;              /* the PDF's location */
	char label[32];
	int at;                 /* its location, or -1 until needed */
};

static int place_at(struct classify *c, struct place *pl)
{
	if (pl->at < 0)
		pl->at = classify_where_inside(c, pl->where, pl->label);
	return pl->at;
}

/* The text of the pages of one PDF (or of its document information) is
 * scanned into a scratch set of findings with a single location, so that
 * the scanner itself counts a term found again on a later page: a marking
 * in the page header is one finding, at the first page that holds it,
 * with a count, not one finding per page.  Each new finding is copied to
 * its page's place as soon as the page is read. */
struct text_scan {
	struct findings tmp;
	size_t *map;            /* tmp.f[i] is c->fs->f[map[i]], or (size_t)-1 */
	size_t nmap;            /* findings of tmp copied so far */
};

static int text_scan_init(struct classify *c, struct text_scan *ts)
{
	memset(ts, 0, sizeof *ts);
	findings_init(&ts->tmp);
	ts->map = malloc(FINDINGS_MAX_STORED * sizeof *ts->map);
	if (ts->map == NULL || findings_where(&ts->tmp, "", "", "", "", "", "") != 0) {
		nomem(c);
		return -1;
	}
	return 0;
}

/* Passes on the counts and what was not stored, then frees. */
static void text_scan_fini(struct classify *c, struct text_scan *ts)
{
	for (size_t i = 0; i < ts->nmap; i++)
		if (ts->map[i] != (size_t)-1)
			c->fs->f[ts->map[i]].count = ts->tmp.f[i].count;
	c->fs->omitted += ts->tmp.omitted;
	if (ts->tmp.level > c->fs->level)
		c->fs->level = ts->tmp.level;
	findings_free(&ts->tmp);
	free(ts->map);
}

/* What scan_place reads: a page, the document information, or the
 * annotations and form fields (read from the file's bytes). */
struct source {
	const struct pdf_doc *d;
	const char *data;
	size_t n;
	size_t inflate_max;
	int page;               /* >= 0, or one of these: */
#define SOURCE_INFO   (-1)
#define SOURCE_ANNOTS (-2)
#define SOURCE_OUTLINE (-3)
	enum pdf_annot_status annots;
	int attached;           /* a file attached to a page */
};

static enum pdf_status read_source(struct source *src, struct scan *sc)
{
	switch (src->page) {
	case SOURCE_INFO:
		return pdf_info(src->d, to_scan, sc);
	case SOURCE_OUTLINE:
		return pdf_outline(src->d, to_scan, sc);
	case SOURCE_ANNOTS:
		src->annots = pdf_annot_text(src->data, src->n, src->inflate_max, to_scan, sc,
		    &src->attached);
		return src->annots == PDF_ANNOT_NOMEM ? PDF_NOMEM : PDF_OK;
	default:
		return pdf_page_text(src->d, src->page, to_scan, sc);
	}
}

/* Scans a page, the document information or the annotations, and copies
 * what is new to the place.  Returns the shim's status. */
static enum pdf_status scan_place(struct classify *c, struct text_scan *ts, struct place *pl,
    struct source *src)
{
	struct scan sc;
	enum pdf_status st;

	if (scan_init(&sc, c->pat, &ts->tmp, 0) < 0) {
		nomem(c);
		return PDF_OK;
	}
	st = read_source(src, &sc);
	sink_end(&sc.base);
	scan_fini(&sc);
	if (ts->tmp.err)
		nomem(c);
	for (; ts->nmap < ts->tmp.nf && c->status == 0; ts->nmap++) {
		const struct finding *f = &ts->tmp.f[ts->nmap];
		size_t idx = (size_t)-1;
		if (place_at(c, pl) >= 0) {
			idx = findings_add(c->fs, f->level, f->term, strlen(f->term),
			    f->before, strlen(f->before), pl->at);
			if (idx != (size_t)-1)
				findings_after(c->fs, idx, f->after, strlen(f->after));
		}
		ts->map[ts->nmap] = idx;
	}
	if (c->fs->err)
		nomem(c);
	return st;
}

static void read_pdf(struct classify *c, const char *data, size_t n, int where);

/* Files attached to a PDF: a PDF is read in this process, other
 * containers go to seem-extract. */
static void nested(struct classify *c, enum doctype t, const char *data, size_t n,
    int where, const char *name)
{
	if (c->depth >= c->cfg->lim.extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	if (t == DOC_PDF) {
		c->depth++;
		read_pdf(c, data, n, where);
		c->depth--;
		return;
	}
	/* Other containers go to seem-extract, through a pipe. */
	extract_run(c, "seem-extract", t, data, n, where, name);
}

struct attach_ctx {
	struct classify *c;
	int where;
	int index;
};

static void on_attachment(const char *name, const char *mime, const char *data, size_t n, void *ctx)
{
	struct attach_ctx *a = ctx;
	char label[64];
	int where;

	snprintf(label, sizeof label, "attached file %d", a->index + 1);
	where = classify_where_inside(a->c, a->where, *name ? name : label);
	if (where < 0)
		return;
	/* A file name is scanned, as an attachment's is. */
	classify_text(a->c, where, name, strlen(name));
	classify_file(a->c, data, n, name, *mime ? mime : NULL, NULL, where);
}

/* Pages i+1 to the last were not read, and why. */
static void pages_left(struct classify *c, int where, int i, int pages, const char *why)
{
	char s[200];

	if (i + 1 == pages)
		snprintf(s, sizeof s, "page %d of %d not read: %s", i + 1, pages, why);
	else
		snprintf(s, sizeof s, "pages %d to %d of %d not read: %s", i + 1, pages, pages, why);
	classify_uninspectable(c, where, s);
}

/* Scans one of the places beside the pages (source SOURCE_*, at the
 * place called label): the scan's status, or -1 when it was not read
 * (out of time: reported here, or memory for the findings: c->status). */
static int read_beside(struct classify *c, int where, struct source *src, int source,
    const char *label)
{
	struct place pl = { where, "", -1 };
	struct text_scan ts;
	const char *spent;
	int st;

	if (c->status != 0)
		return -1;
	if ((spent = budget_spent()) != NULL) {
		char why[200];
		snprintf(why, sizeof why, "%s not read: %s", label, spent);
		classify_uninspectable(c, where, why);
		return -1;
	}
	if (text_scan_init(c, &ts) < 0)
		return -1;
	snprintf(pl.label, sizeof pl.label, "%s", label);
	src->page = source;
	st = scan_place(c, &ts, &pl, src);
	text_scan_fini(c, &ts);
	if (st == PDF_NOMEM) {
		char why[200];
		snprintf(why, sizeof why, "%s not read: out of memory (extract_memory)", label);
		classify_uninspectable(c, where, why);
	}
	return st;
}

/* The text of annotations and form fields that the pages do not draw. */
static void read_annotations(struct classify *c, int where, struct source *src)
{
	int st = read_beside(c, where, src, SOURCE_ANNOTS, "annotations and form fields");

	if (st < 0 || st == PDF_NOMEM)
		return;
	if (src->annots == PDF_ANNOT_CUT)
		classify_uninspectable(c, where, "annotations and form fields not all read: "
		    "object streams expand past max_expanded_size or lie out of place, or the file is too garbled to scan");
	if (src->attached)
		classify_uninspectable(c, where, "a file attached to a page (a FileAttachment "
		    "annotation) is not read");
}

/* The bookmarks' titles, last: a loop in the outline that poppler does
 * not catch costs the CPU budget, never the pages' findings. */
static void read_outline(struct classify *c, int where, struct source *src)
{
	int st = read_beside(c, where, src, SOURCE_OUTLINE, "bookmarks");

	if (st > 0 && st != PDF_NOMEM)
		classify_uninspectable(c, where, "bookmarks not read: more than 100,000, or nested "
		    "deeper than 64");
}

static void read_pdf(struct classify *c, const char *data, size_t n, int where)
{
	struct pdf_doc *d;
	char why[200], broken[120];
	const char *spent;
	int pages, files;

	switch (pdf_open(data, n, &d, broken, sizeof broken)) {
	case PDF_OK:
		break;
	case PDF_LOCKED:
		classify_uninspectable(c, where, "a PDF that needs a password to open");
		return;
	case PDF_NOMEM:
		classify_uninspectable(c, where, "a PDF that needs more memory than extract_memory");
		return;
	case PDF_BROKEN:
	default:
		snprintf(why, sizeof why, "a PDF that cannot be read%s%s", broken[0] ? ": " : "", broken);
		classify_uninspectable(c, where, why);
		return;
	}

	struct text_scan ts;
	struct source src = { d, data, n, c->cfg->lim.max_expanded_size, SOURCE_INFO, PDF_ANNOT_OK, 0 };
	struct place info = { where, "document information", -1 };
	if (text_scan_init(c, &ts) == 0 && scan_place(c, &ts, &info, &src) != PDF_OK &&
	    place_at(c, &info) >= 0)
		classify_uninspectable(c, info.at, "the document information cannot be read");
	text_scan_fini(c, &ts);

	pages = pdf_pages(d);
	if (pages == 0)
		classify_uninspectable(c, where, "a PDF with no page that can be read");
	if (text_scan_init(c, &ts) < 0)
		pages = 0;
	for (int i = 0; i < pages && c->status == 0; i++) {
		if ((spent = budget_spent()) != NULL) {
			pages_left(c, where, i, pages, spent);
			break;
		}
		struct place pg = { where, "", -1 };
		snprintf(pg.label, sizeof pg.label, "page %d", i + 1);
		src.page = i;
		enum pdf_status st = scan_place(c, &ts, &pg, &src);
		if (st == PDF_NOMEM) {
			pages_left(c, where, i, pages, "out of memory (extract_memory)");
			break;
		}
		if (st != PDF_OK && place_at(c, &pg) >= 0)
			classify_uninspectable(c, pg.at, "a page that cannot be read");
		classify_progress(c);   /* a later kill keeps this page's findings */
	}
	text_scan_fini(c, &ts);

	read_annotations(c, where, &src);
	read_outline(c, where, &src);

	files = pdf_attachments(d);
	for (int i = 0; i < files && c->status == 0; i++) {
		struct attach_ctx a = { c, where, i };
		if ((spent = budget_spent()) != NULL) {
			snprintf(why, sizeof why, "files attached to the PDF not read: %s", spent);
			classify_uninspectable(c, where, why);
			break;
		}
		if (pdf_attachment(d, i, on_attachment, &a) != PDF_OK) {
			snprintf(why, sizeof why, "attached file %d of the PDF cannot be read", i + 1);
			classify_uninspectable(c, where, why);
		}
	}
	pdf_close(d);
}

int main(int argc, char **argv)
{
	struct extract_child x;
	int st;

	log_init("seem-extract-pdf", LOG_TARGET_STDERR);
	/* No file may be written here (RLIMIT_FSIZE 0); should anything
	 * try, the write fails (EFBIG) rather than killing this child, and
	 * the findings with it. */
	signal(SIGXFSZ, SIG_IGN);
	st = extract_child_start(&x, argc, argv);
	if (st)
		return st;
	budget_init(&x.cfg.lim);
	x.c.extract = nested;
	read_pdf(&x.c, x.data, x.n, 0);
	return extract_child_finish(&x);
}
