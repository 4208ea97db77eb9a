/*
 * classify.c: the walk over a message (see classify.h).
 *
 * Each leaf part is decoded once, as a stream: transfer decoding, then
 * charset conversion, then the text format (HTML, enriched, calendar,
 * flowed), then the scanner.  Only documents and archives are decoded
 * into memory, because their readers need to seek.  Recursion follows the
 * MIME structure and stops at mime_depth; past max_parts the rest of the
 * message is uninspectable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"
#include "classify.h"
#include "codec.h"
#include "html.h"
#include "mime.h"
#include "rfc2047.h"
#include "status.h"
#include "textfmt.h"
#include "uuinline.h"

/* Header fields that carry a protective marking beyond the Subject. */
static const char *const marking_headers[] = {
	"X-Protective-Marking", "X-Security-Classification", "X-Classification",
	"Keywords", "Thread-Topic", NULL,
};

void classify_init(struct classify *c, const struct config *cfg,
    const struct patterns *pat, struct findings *fs)
{
	memset(c, 0, sizeof *c);
	c->cfg = cfg;
	c->pat = pat;
	c->fs = fs;
}

static void nomem(struct classify *c)
{
	c->status = EX_TEMPFAIL;
}

static void quoted(struct buf *t, const char *s);

/* A name as it appears in a location: bare if it is plain, else quoted. */
static void name_in_where(struct buf *t, const char *name)
{
	for (const char *s = name; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._/-[]", *s))) {
			quoted(t, name);
			return;
		}
	buf_puts(t, *name ? name : "\"\"");
}

int classify_where_inside(struct classify *c, int where, const char *inside)
{
	const struct where *w = &c->fs->w[where];
	struct buf t = BUF_INIT_MAX(0), in = BUF_INIT_MAX(0);
	int id;

	buf_printf(&t, "%s > ", w->text);
	name_in_where(&t, inside);
	if (w->inside[0])
		buf_printf(&in, "%s > ", w->inside);
	name_in_where(&in, inside);
	if (t.err || in.err)
		id = -1;
	else
		id = findings_where(c->fs, t.p, w->part, w->ctype, w->filename, w->header, in.p);
	buf_free(&t);
	buf_free(&in);
	if (id < 0)
		nomem(c);
	return id;
}

void classify_uninspectable(struct classify *c, int where, const char *why)
{
	findings_uninspectable(c->fs, where, why);
	if (c->fs->err)
		nomem(c);
}

void classify_text(struct classify *c, int where, const char *text, size_t n)
{
	scan_text(c->pat, c->fs, where, text, n);
	if (c->fs->err)
		nomem(c);
}

/* Scans one token of a marking header as if it were bracketed, and
 * reports what it finds as the token itself, which is what was written. */
static void scan_token(struct classify *c, int where, const char *t, size_t n)
{
	struct buf tok = BUF_INIT_MAX(0);
	size_t first = c->fs->nf;

	buf_putc(&tok, '[');
	buf_put(&tok, t, n);
	buf_putc(&tok, ']');
	if (!tok.err)
		classify_text(c, where, tok.p, tok.len);
	buf_free(&tok);
	for (size_t i = first; i < c->fs->nf; i++) {
		char *term = c->fs->f[i].term;
		size_t l = strlen(term);
		if (l >= 2 && term[0] == '[' && term[l - 1] == ']') {
			memmove(term, term + 1, l - 2);
			term[l - 2] = '\0';
		}
	}
}

/* Scans a header value: decoded, and for marking headers also each
 * comma-separated token as if bracketed ("SEC=RESTRICTED, ..."), since
 * marking headers carry the level without brackets. */
static void scan_header(struct classify *c, const struct hdr_field *f,
    const char *of, const char *part, int marking)
{
	struct buf raw = BUF_INIT_MAX(0), dec = BUF_INIT_MAX(0), text = BUF_INIT_MAX(0);
	char name[80];
	int where;

	snprintf(name, sizeof name, "%.*s", (int)(f->nlen < 60 ? f->nlen : 60), f->name);
	buf_printf(&text, "header %s%s", name, of);
	hdr_unfold(f->value, f->vlen, &raw);
	rfc2047_decode(raw.p ? raw.p : "", raw.len, &dec);
	if (raw.err || dec.err || text.err) {
		nomem(c);
		goto out;
	}
	where = findings_where(c->fs, text.p, part, "", "", name, "");
	if (where < 0) {
		nomem(c);
		goto out;
	}
	classify_text(c, where, dec.p, dec.len);
	if (marking) {
		/* An empty value leaves dec.p NULL, and NULL + 0 is undefined.
		 * (Found by fuzz_mime.) */
		const char *p = dec.p ? dec.p : "", *end = p + dec.len;
		while (p < end) {
			size_t k = strcspn(p, ",;");
			if (k > (size_t)(end - p))
				k = (size_t)(end - p);
			const char *t = p, *e = p + k;
			while (t < e && (*t == ' ' || *t == '\t'))
				t++;
			while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (e > t && !memchr(t, '[', (size_t)(e - t)) && !memchr(t, ']', (size_t)(e - t)))
				scan_token(c, where, t, (size_t)(e - t));
			p += k + 1;
		}
	}
out:
	buf_free(&raw);
	buf_free(&dec);
	buf_free(&text);
}

static int is_marking(const struct config *cfg, const struct hdr_field *f)
{
	for (int i = 0; marking_headers[i]; i++)
		if (hdr_is(f, marking_headers[i]))
			return 1;
	for (size_t i = 0; cfg && i < cfg->marking_headers.n; i++)
		if (hdr_is(f, cfg->marking_headers.v[i]))
			return 1;
	return 0;
}

/* The Subject and marking headers of a message header block. */
static void scan_message_headers(struct classify *c, struct span hdr, const char *of,
    const char *part)
{
	struct hdr_iter it;
	struct hdr_field f;

	hdr_iter_init(&it, hdr);
	while (hdr_next(&it, &f)) {
		int marking = is_marking(c->cfg, &f);
		if (marking || hdr_is(&f, "Subject"))
			scan_header(c, &f, of, part, marking);
	}
}

struct part {
	struct span hdr, body;
	struct ctype ct;
	char ctype[160];        /* "text/plain" */
	enum cte cte;
	struct buf charset;
	struct buf filename;
	struct buf other_name;  /* Content-Type's name=, when filename= differs */
	int attachment;         /* Content-Disposition: attachment */
	char path[256];
};

static void part_free(struct part *p)
{
	buf_free(&p->charset);
	buf_free(&p->filename);
	buf_free(&p->other_name);
}

/* Reads the MIME fields of a part's header; default_ct for a part
 * without Content-Type. */
static void part_read(struct part *p, const char *default_ct)
{
	struct span v;
	struct buf disp = BUF_INIT_MAX(0);

	/* The parameters point into disp until the end of this function. */
	if (hdr_find(p->hdr, "Content-Type", &v)) {
		hdr_unfold(v.p, v.n, &disp);
		ctype_parse(disp.p ? disp.p : "", disp.len, &p->ct);
	}
	if (!p->ct.type[0])
		ctype_parse(default_ct, strlen(default_ct), &p->ct);
	snprintf(p->ctype, sizeof p->ctype, "%s/%s", p->ct.type, p->ct.subtype);
	mime_param(p->ct.params, "charset", &p->charset);
	mime_param(p->ct.params, "name", &p->filename);

	p->cte = CTE_IDENTITY;
	if (hdr_find(p->hdr, "Content-Transfer-Encoding", &v)) {
		struct buf t = BUF_INIT_MAX(0);
		hdr_unfold(v.p, v.n, &t);
		p->cte = cte_parse(t.p ? t.p : "", t.len);
		buf_free(&t);
	}
	if (hdr_find(p->hdr, "Content-Disposition", &v)) {
		struct buf d = BUF_INIT_MAX(0), fn = BUF_INIT_MAX(0);
		struct ctype dct;
		hdr_unfold(v.p, v.n, &d);
		ctype_parse(d.p ? d.p : "", d.len, &dct);
		p->attachment = strcmp(dct.type, "attachment") == 0;
		if (mime_param(dct.params, "filename", &fn) && fn.len) {
			/* Clients show one name or the other: both are read. */
			if (p->filename.len && (p->filename.len != fn.len ||
			    memcmp(p->filename.p, fn.p, fn.len) != 0))
				buf_put(&p->other_name, p->filename.p, p->filename.len);
			buf_reset(&p->filename);
			buf_put(&p->filename, fn.p, fn.len);
		}
		buf_free(&d);
		buf_free(&fn);
	}
	/* The Content-Type params live in disp; they are not used after
	 * this point, so it can go. */
	p->ct.params.p = "";
	p->ct.params.n = 0;
	buf_free(&disp);
}

/* A location for a leaf part: body text, or an attachment. */
/* Appends a name in double quotes, with '"' and '\\' escaped. */
static void quoted(struct buf *t, const char *s)
{
	buf_putc(t, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(t, '\\');
		buf_putc(t, *s);
	}
	buf_putc(t, '"');
}

static int part_where(struct classify *c, const struct part *p, const char *what)
{
	struct buf t = BUF_INIT_MAX(0);
	int id;

	if (p->filename.len) {
		buf_printf(&t, "%sattachment ", what);
		quoted(&t, p->filename.p);
		buf_printf(&t, " (part %s, %s)", p->path, p->ctype);
	}
	else if (p->attachment || strncmp(p->ctype, "text/", 5) != 0)
		buf_printf(&t, "%sattachment (part %s, %s)", what, p->path, p->ctype);
	else
		buf_printf(&t, "%sbody (part %s, %s)", what, p->path, p->ctype);
	id = t.err ? -1 : findings_where(c->fs, t.p, p->path, p->ctype,
	    p->filename.p ? p->filename.p : "", "", "");
	buf_free(&t);
	if (id < 0)
		nomem(c);
	return id;
}

/* Scans decoded-as-it-streams text: cte -> charset -> format -> scanner.
 * HTML has a second scanner, for the text out of the flow (html.h): a
 * term cannot run from one into the other; with all_inline, hidden text
 * stays in the flow instead, as a client that ignores the style shows it.
 * Returns 1 if the HTML hid any text. */
static int scan_stream_as(struct classify *c, const char *data, size_t n, enum cte cte,
    enum doctype kind, const char *fmt, const char *charset, int where, int all_inline,
    int *uu_begin)
{
	struct scan sc, aside;
	struct uu_watch uw;
	struct html_sink h;
	struct textfmt_sink tf;
	struct charset_sink cs;
	struct sink *head;
	int use_cs = 0;

	if (scan_init(&sc, c->pat, c->fs, where) < 0) {
		nomem(c);
		return 0;
	}
	head = &sc.base;
	if (kind == DOC_HTML) {
		if (scan_init(&aside, c->pat, c->fs, where) < 0) {
			scan_fini(&sc);
			nomem(c);
			return 0;
		}
		html_sink_init(&h, head, all_inline ? head : &aside.base);
		head = &h.base;
	} else if (fmt) {
		enum textfmt f = strcmp(fmt, "enriched") == 0 ? TF_ENRICHED
		    : strcmp(fmt, "calendar") == 0 ? TF_CALENDAR
		    : strcmp(fmt, "flowed-delsp") == 0 ? TF_FLOWED_DELSP : TF_FLOWED;
		textfmt_sink_init(&tf, f, head);
		head = &tf.base;
	}
	if (kind != DOC_BINARY && kind != DOC_MEDIA &&
	    !(charset && charset_is_utf8(charset, strlen(charset)))) {
		charset_sink_init(&cs, charset, charset ? strlen(charset) : 0, head);
		head = &cs.base;
		use_cs = 1;
	}
	if (uu_begin) {
		uu_watch_init(&uw, head);
		head = &uw.base;
	}
	cte_decode(cte, data, n, head);
	if (uu_begin)
		*uu_begin = uw.found;
	sink_end(head);
	if (use_cs)
		charset_sink_fini(&cs);
	int hides = 0;
	if (kind == DOC_HTML) {
		scan_fini(&aside);
		hides = h.hides;
		if (h.too_deep && !all_inline)
			classify_uninspectable(c, where, "HTML elements nested deeper than "
			    HTML_DEPTH_TEXT " in a part that hides text");
	}
	scan_fini(&sc);
	if (c->fs->err)
		nomem(c);
	return hides;
}

/* HTML that hides text is read a second time with the hidden text in
 * the flow: some clients ignore a property (Outlook display:none, all
 * but Outlook mso-hide), and a term split between shown and hidden text
 * is whole for them.  Into findings of its own, merged, so that what
 * both readings find counts once. */
static void scan_html_inline(struct classify *c, const char *data, size_t n, enum cte cte,
    const char *charset, int where)
{
	struct findings *first = c->fs, second;

	findings_init(&second);
	c->fs = &second;
	scan_stream_as(c, data, n, cte, DOC_HTML, NULL, charset, 0, 1, NULL);
	c->fs = first;
	if (!second.err)
		findings_merge_at(first, &second, where);
	if (second.err || first->err)
		nomem(c);
	findings_free(&second);
}

/* As scan_stream_as; but text labelled UTF-16 of no stated byte order is
 * read in both: the guess from its first bytes can be steered by whoever
 * wrote them, and the wrong order only reads as noise.  uu_begin, if not
 * NULL, is set when a line of the decoded text starts "begin ". */
static void scan_stream(struct classify *c, const char *data, size_t n, enum cte cte,
    enum doctype kind, const char *fmt, const char *charset, int where, int *uu_begin)
{
	if ((kind == DOC_TEXT || kind == DOC_HTML) && charset &&
	    charset_is_utf16_unordered(charset, strlen(charset))) {
		if (scan_stream_as(c, data, n, cte, kind, fmt, "utf-16le", where, 0, NULL))
			scan_html_inline(c, data, n, cte, "utf-16le", where);
		if (scan_stream_as(c, data, n, cte, kind, fmt, "utf-16be", where, 0, NULL))
			scan_html_inline(c, data, n, cte, "utf-16be", where);
		return;
	}
	if (scan_stream_as(c, data, n, cte, kind, fmt, charset, where, 0, uu_begin))
		scan_html_inline(c, data, n, cte, charset, where);
}

static void walk(struct classify *c, struct part *p, int in_message);

static int lower_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

void classify_file(struct classify *c, const char *data, size_t n,
    const char *name, const char *ctype, const char *charset, int where)
{
	enum doctype t = sniff(data, n < SNIFF_BYTES ? n : SNIFF_BYTES, ctype ? ctype : "", name ? name : "");
	enum doctype declared = sniff_declared(ctype ? ctype : "", name ? name : "");
	size_t start;
	if ((t == DOC_BINARY || t == DOC_MEDIA || (t == DOC_TEXT && declared != DOC_TEXT)) &&
	    sniff_zip_end(data, n, &start)) {
		t = DOC_ZIP;
		data += start;
		n -= start;
		findings_note(c->fs, where, "a ZIP archive with other data in front of it "
		    "(a self-extractor?)");
	}

	if (declared != DOC_COUNT && declared != t &&
	    !(declared == DOC_TEXT && t == DOC_HTML) && !(declared == DOC_TNEF && t == DOC_TNEF)) {
		char note[200];
		snprintf(note, sizeof note, "declared as %s%s%s, but the content is %s",
		    ctype && *ctype ? ctype : "", ctype && *ctype && name && *name ? ", " : "",
		    name && *name ? "named by its extension" : "", doctype_name(t));
		findings_note(c->fs, where, note);
	}
	switch (t) {
	case DOC_CMS:
		classify_uninspectable(c, where, "an S/MIME (PKCS #7) object: signed or "
		    "encrypted content cannot be read at the gateway");
		return;
	case DOC_PGP:
		classify_uninspectable(c, where, "an OpenPGP-encrypted object");
		return;
	case DOC_ARCHIVE:
		classify_uninspectable(c, where, "an archive format seemail cannot open "
		    "(7-Zip, RAR, bzip2, xz, zstd or cabinet)");
		return;
	case DOC_MESSAGE: {
		/* MIME nesting counts against mime_depth only (c->nest): were
		 * it to count against extract_depth too (c->depth), a document
		 * in a message forwarded as an attachment four times would be
		 * uninspectable (issue 8, hardening_limits.sh). */
		if (c->nest >= c->cfg->lim.mime_depth) {
			classify_uninspectable(c, where, "attached messages nested deeper than mime_depth");
			return;
		}
		struct part inner;
		memset(&inner, 0, sizeof inner);
		mime_split(data, n, &inner.hdr, &inner.body);
		snprintf(inner.path, sizeof inner.path, "%s", c->fs->w[where].part);
		struct buf of = BUF_INIT_MAX(0);
		buf_printf(&of, " of the message in %s", c->fs->w[where].text);
		scan_message_headers(c, inner.hdr, of.p ? of.p : "", inner.path);
		buf_free(&of);
		c->nest++;
		walk(c, &inner, 1);
		c->nest--;
		part_free(&inner);
		return;
	}
	default:
		break;
	}
	if (doctype_is_container(t)) {
		if (c->extract)
			c->extract(c, t, data, n, where, name ? name : "");
		else
			classify_uninspectable(c, where, "no extractor for this format");
		return;
	}
	const char *fmt = NULL;
	if (ctype && strcmp(ctype, "text/enriched") == 0)
		fmt = "enriched";
	else if (ctype && (strcmp(ctype, "text/calendar") == 0 || strcmp(ctype, "text/vcard") == 0 ||
	    strcmp(ctype, "text/x-vcard") == 0 || lower_suffix(name ? name : "", ".ics") ||
	    lower_suffix(name ? name : "", ".vcf")))
		fmt = "calendar";
	scan_stream(c, data, n, CTE_IDENTITY, t, fmt, charset, where, NULL);
}

#define UU_MAX_BLOCKS 100

/* Files uuencoded in a plain text body: read as the attachments that
 * Outlook and Thunderbird show them as.  Called only when the scan's
 * uu_watch saw a "begin " line, so that other text is not decoded twice. */
static void inline_uuencoded(struct classify *c, struct part *p)
{
	struct buf text = BUF_INIT_MAX(c->cfg->lim.max_message_size);
	const char *s = p->body.p;
	size_t n = p->body.n, pos = 0, blocks = 0;
	struct span block;
	char name[256];

	if (p->cte != CTE_IDENTITY) {
		cte_decode_buf(p->cte, p->body.p, p->body.n, &text);
		if (text.err) {
			if (text.err == ENOMEM)
				nomem(c);
			buf_free(&text);
			return;
		}
		s = text.p ? text.p : "";
		n = text.len;
	}
	while (c->status == 0 && uu_next(s, n, &pos, &block, name, sizeof name)) {
		struct buf t = BUF_INIT_MAX(0), data = BUF_INIT_MAX(c->cfg->lim.max_message_size);
		buf_puts(&t, "attachment ");
		quoted(&t, name);
		buf_printf(&t, " (uuencoded in part %s)", p->path);
		int where = t.err ? -1 : findings_where(c->fs, t.p, p->path, "application/octet-stream",
		    name, "", "");
		if (where < 0) {
			nomem(c);
		} else if (++blocks > UU_MAX_BLOCKS) {
			classify_uninspectable(c, where, "more uuencoded files in one body than seemail reads");
		} else {
			cte_decode_buf(CTE_UUENCODE, block.p, block.n, &data);
			if (data.err == ENOMEM)
				nomem(c);
			else if (data.err)
				classify_uninspectable(c, where, "decoded part larger than max_message_size");
			else
				classify_file(c, data.p ? data.p : "", data.len, name, "", NULL, where);
		}
		buf_free(&t);
		buf_free(&data);
		if (blocks > UU_MAX_BLOCKS)
			break;
	}
	buf_free(&text);
}

/* A leaf part: sniffed, then streamed or handed to the extract hook. */
static void leaf(struct classify *c, struct part *p)
{
	int where = part_where(c, p, "");
	struct buf head = BUF_INIT_MAX(0);
	const char *charset = p->charset.len ? p->charset.p : NULL;

	if (where < 0)
		return;
	if (p->cte == CTE_UNKNOWN) {
		classify_uninspectable(c, where, "unknown Content-Transfer-Encoding");
		scan_stream(c, p->body.p, p->body.n, CTE_IDENTITY, DOC_TEXT, NULL, charset, where, NULL);
		return;
	}
	/* Sniff from the first decoded bytes. */
	size_t enc = p->body.n;
	if (p->cte != CTE_IDENTITY && enc > SNIFF_BYTES * 2)
		enc = SNIFF_BYTES * 2;
	if (p->cte == CTE_IDENTITY) {
		buf_put(&head, p->body.p, enc < SNIFF_BYTES ? enc : SNIFF_BYTES);
	} else {
		cte_decode_buf(p->cte, p->body.p, enc, &head);
	}
	if (head.err) {
		nomem(c);
		buf_free(&head);
		return;
	}
	enum doctype t = sniff(head.p ? head.p : "", head.len < SNIFF_BYTES ? head.len : SNIFF_BYTES,
	    p->ctype, p->filename.p ? p->filename.p : "");
	buf_free(&head);

	/* Declared text is streamed; binary, media and undeclared text go on
	 * with the whole part, since a ZIP may end them (sniff_zip_end). */
	enum doctype declared = sniff_declared(p->ctype, p->filename.p ? p->filename.p : "");
	if (t == DOC_HTML || (t == DOC_TEXT && declared == DOC_TEXT)) {
		const char *fmt = NULL;
		struct buf f = BUF_INIT_MAX(0), ds = BUF_INIT_MAX(0);
		if (strcmp(p->ctype, "text/enriched") == 0 || strcmp(p->ctype, "text/richtext") == 0)
			fmt = "enriched";
		else if (strcmp(p->ctype, "text/calendar") == 0 || strcmp(p->ctype, "text/vcard") == 0 ||
		    strcmp(p->ctype, "text/x-vcard") == 0 || strcmp(p->ctype, "text/directory") == 0)
			fmt = "calendar";
		else if (strcmp(p->ctype, "text/plain") == 0) {
			struct span v;
			struct ctype ct;
			struct buf line = BUF_INIT_MAX(0);
			if (hdr_find(p->hdr, "Content-Type", &v)) {
				hdr_unfold(v.p, v.n, &line);
				ctype_parse(line.p ? line.p : "", line.len, &ct);
				if (mime_param_raw(ct.params, "format", &f) && strcasecmp(f.p, "flowed") == 0) {
					fmt = "flowed";
					if (mime_param_raw(ct.params, "delsp", &ds) && strcasecmp(ds.p, "yes") == 0)
						fmt = "flowed-delsp";
				}
			}
			buf_free(&line);
		}
		int plain = strcmp(p->ctype, "text/plain") == 0 && p->cte != CTE_UUENCODE, uu = 0;
		scan_stream(c, p->body.p, p->body.n, p->cte, t, fmt, charset, where,
		    plain ? &uu : NULL);
		buf_free(&f);
		buf_free(&ds);
		if (uu)
			inline_uuencoded(c, p);
		return;
	}
	/* Everything else needs the whole decoded part. */
	struct buf data = BUF_INIT_MAX(c->cfg->lim.max_message_size);
	if (p->cte == CTE_IDENTITY) {
		classify_file(c, p->body.p, p->body.n, p->filename.p ? p->filename.p : "",
		    p->ctype, charset, where);
		return;
	}
	cte_decode_buf(p->cte, p->body.p, p->body.n, &data);
	if (data.err) {
		if (data.err == ENOMEM)
			nomem(c);
		else
			classify_uninspectable(c, where, "decoded part larger than max_message_size");
	} else {
		classify_file(c, data.p ? data.p : "", data.len, p->filename.p ? p->filename.p : "",
		    p->ctype, charset, where);
	}
	buf_free(&data);
}

static void scan_filename(struct classify *c, struct part *p)
{
	struct buf t = BUF_INIT_MAX(0);
	int where;

	buf_printf(&t, "file name of part %s", p->path);
	where = t.err ? -1 : findings_where(c->fs, t.p, p->path, p->ctype, p->filename.p, "", "");
	buf_free(&t);
	if (where < 0) {
		nomem(c);
		return;
	}
	classify_text(c, where, p->filename.p, p->filename.len);
	if (p->other_name.len)
		classify_text(c, where, p->other_name.p, p->other_name.len);
}

/* Part numbers as IMAP has them ("2.1.3"); a path too long to write is
 * shortened from the left. */
static void child_path(char *out, size_t sz, const char *parent, size_t i)
{
	int k = parent[0] ? snprintf(out, sz, "%s.%zu", parent, i) : snprintf(out, sz, "%zu", i);

	if (k < 0 || (size_t)k >= sz) {
		char tail[32];
		snprintf(tail, sizeof tail, ".%zu", i);
		size_t keep = sz - 1 - strlen(tail) - 3;
		size_t pl = strlen(parent);
		memmove(out + 3, parent + (pl - keep), keep);
		memcpy(out, "...", 3);
		memcpy(out + 3 + keep, tail, strlen(tail) + 1);
	}
}

/* The media types of a detached signature (RFC 8551, RFC 3156), which
 * is not content; anything else in a multipart/signed is read. */
static int is_signature(const char *ctype)
{
	static const char *const types[] = { "application/pkcs7-signature",
		"application/x-pkcs7-signature", "application/pgp-signature", "application/pgp-keys",
		NULL };

	for (size_t i = 0; types[i]; i++)
		if (strcasecmp(ctype, types[i]) == 0)
			return 1;
	return 0;
}

static void multipart(struct classify *c, struct part *p)
{
	struct buf bnd = BUF_INIT_MAX(4096);
	struct span v;
	struct ctype ct;
	struct buf line = BUF_INIT_MAX(0);
	struct mp_iter it;
	struct span body;
	size_t i = 0;
	const char *child_default = strcmp(p->ct.subtype, "digest") == 0 ? "message/rfc822" : "text/plain";

	if (hdr_find(p->hdr, "Content-Type", &v)) {
		hdr_unfold(v.p, v.n, &line);
		ctype_parse(line.p ? line.p : "", line.len, &ct);
		/* RFC 2231 forms (boundary*=, boundary*0=) too: readers
		 * understand them, and a boundary we missed would hide every
		 * part inside. */
		if (!mime_param_raw(ct.params, "boundary", &bnd))
			mime_param(ct.params, "boundary", &bnd);
	}
	buf_free(&line);
	if (strcmp(p->ct.subtype, "encrypted") == 0) {
		int where = part_where(c, p, "");
		if (where >= 0)
			classify_uninspectable(c, where, "an encrypted message part (multipart/encrypted)");
		buf_free(&bnd);
		return;
	}
	if (bnd.len == 0 || bnd.err) {
		/* No usable boundary: a reader shows the body as text. */
		buf_free(&bnd);
		strcpy(p->ctype, "text/plain");
		if (!p->path[0])
			strcpy(p->path, "1");
		leaf(c, p);
		return;
	}
	mp_init(&it, p->body, bnd.p, bnd.len);
	while (mp_next(&it, &body)) {
		struct part child;
		memset(&child, 0, sizeof child);
		i++;
		child_path(child.path, sizeof child.path, p->path, i);
		mime_split(body.p, body.n, &child.hdr, &child.body);
		/* A part whose first line is blank has no header: mime_split
		 * already put the body after it. */
		part_read(&child, child_default);
		if (strcmp(p->ct.subtype, "signed") == 0 && i > 1 && is_signature(child.ctype)) {
			part_free(&child);
			continue;       /* a detached signature is not content */
		}
		walk(c, &child, 0);
		part_free(&child);
		if (c->status)
			break;
	}
	if (!mp_found_any(&it)) {
		strcpy(p->ctype, "text/plain");
		if (!p->path[0])
			strcpy(p->path, "1");
		leaf(c, p);
	}
	buf_free(&bnd);
}

static void walk(struct classify *c, struct part *p, int in_message)
{
	if (++c->parts > c->cfg->lim.max_parts) {
		if (c->parts == c->cfg->lim.max_parts + 1) {
			int where = findings_where(c->fs, "the rest of the message", p->path, "", "", "", "");
			if (where >= 0)
				classify_uninspectable(c, where, "more MIME parts than max_parts");
		}
		return;
	}
	if (in_message) {
		/* An attached message's body: part N.1, or its parts N.i. */
		part_read(p, "text/plain");
		if (strcmp(p->ct.type, "multipart") != 0) {
			char path[256];
			snprintf(path, sizeof path, "%s", p->path);
			child_path(p->path, sizeof p->path, path, 1);
		}
	}
	if (p->filename.len)
		scan_filename(c, p);
	if (strcmp(p->ct.type, "multipart") == 0) {
		if (c->nest >= c->cfg->lim.mime_depth) {
			int where = part_where(c, p, "");
			if (where >= 0)
				classify_uninspectable(c, where, "multiparts nested deeper than mime_depth");
			return;
		}
		c->nest++;
		multipart(c, p);
		c->nest--;
		return;
	}
	if (strcmp(p->ctype, "message/partial") == 0) {
		int where = part_where(c, p, "");
		if (where >= 0)
			classify_uninspectable(c, where, "a fragment of a message (message/partial)");
		return;
	}
	if (strcmp(p->ctype, "message/external-body") == 0)
		return;         /* a reference to content elsewhere: no content here */
	if (strcmp(p->ctype, "message/rfc822") == 0 || strcmp(p->ctype, "message/global") == 0 ||
	    strcmp(p->ctype, "message/news") == 0) {
		int where = part_where(c, p, "");
		if (where < 0)
			return;
		if (p->cte == CTE_IDENTITY || p->cte == CTE_UNKNOWN) {
			classify_file(c, p->body.p, p->body.n, "", "message/rfc822", NULL, where);
		} else {
			struct buf data = BUF_INIT_MAX(c->cfg->lim.max_message_size);
			cte_decode_buf(p->cte, p->body.p, p->body.n, &data);
			if (data.err)
				nomem(c);
			else
				classify_file(c, data.p ? data.p : "", data.len, "", "message/rfc822", NULL, where);
			buf_free(&data);
		}
		return;
	}
	leaf(c, p);
}

static int classify_as_read(struct classify *c, const char *msg, size_t n)
{
	struct part top;
	size_t fields;

	memset(&top, 0, sizeof top);
	fields = mime_split(msg, n, &top.hdr, &top.body);
	if (fields == 0)
		return EX_DATAERR;
	scan_message_headers(c, top.hdr, "", "");
	part_read(&top, "text/plain");
	if (strcmp(top.ct.type, "multipart") != 0)
		strcpy(top.path, "1");
	walk(c, &top, 0);
	part_free(&top);
	if (c->fs->err)
		c->status = EX_TEMPFAIL;
	return c->status;
}

static int classify_with_cr_lines(struct classify *c, const char *msg, size_t n)
{
	struct buf copy = BUF_INIT_MAX(0);
	int st;

	buf_reserve(&copy, n + n / 8 + 16);
	for (size_t i = 0; i < n; i++) {
		buf_putc(&copy, msg[i]);
		if (msg[i] == '\r' && (i + 1 == n || msg[i + 1] != '\n'))
			buf_putc(&copy, '\n');
	}
	if (copy.err) {
		buf_free(&copy);
		nomem(c);
		return c->status;
	}
	/* Read into findings of its own, then merged: what both readings
	 * find is one finding, not two. */
	struct findings *first = c->fs, second;
	findings_init(&second);
	c->fs = &second;
	c->parts = 0;           /* max_parts bounds each reading */
	st = classify_as_read(c, copy.p, copy.len);
	c->fs = first;
	buf_free(&copy);
	if (st != EX_TEMPFAIL)
		findings_merge(first, &second);
	findings_free(&second);
	if (first->err)
		c->status = st = EX_TEMPFAIL;
	return st;
}

static int has_bare_cr(const char *p, size_t n)
{
	for (const char *q = p; (q = memchr(q, '\r', n - (size_t)(q - p))) != NULL; q++)
		if (q + 1 == p + n || q[1] != '\n')
			return 1;
	return 0;
}

/* A CR not followed by LF (old Macintosh line ends, or one slipped into
 * a line) ends a line for some readers and not for others, and so it
 * can hide a header field or a part from one way of reading: a message
 * that has one is read both ways, the second time with each such CR
 * made a line end. */
int classify_message(struct classify *c, const char *msg, size_t n)
{
	int st = classify_as_read(c, msg, n);

	if (st == EX_TEMPFAIL || !has_bare_cr(msg, n))
		return st;
	int st2 = classify_with_cr_lines(c, msg, n);
	/* Not a message one way is still a message the other. */
	return st2 == EX_DATAERR ? st : st2;
}
