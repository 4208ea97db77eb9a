/* test_extract_zip.c: extract_zip and extract_gzip through their library
 * interface: every place of a Word, Excel, PowerPoint and OpenDocument
 * file, labels, plain and nested archives, and every limit (encrypted
 * entries, bombs, lying headers, entities, depth, entry count).  The
 * archives are made here, in memory, by a small ZIP writer over zlib, so
 * that headers can be made to lie and nothing big is committed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "check_main.h"
#include "classify.h"
#include "config.h"
#include "extractors.h"
#include "level.h"
#include "triggers.h"

/* ---- a ZIP writer ---- */

enum { ZW_DEFLATE = 0, ZW_STORE = 1, ZW_ENCRYPTED = 2 };

struct zw {
	struct buf out, cd;
	unsigned n;
};

static void le16(struct buf *b, unsigned v)
{
	buf_putc(b, (int)(v & 0xff));
	buf_putc(b, (int)(v >> 8 & 0xff));
}

static void le32(struct buf *b, uint32_t v)
{
	le16(b, v & 0xffff);
	le16(b, v >> 16);
}

static void deflate_raw(const void *p, size_t n, struct buf *out)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&s, (uLong)n);
	ck_assert_int_eq(buf_reserve(out, cap + 1), 0);
	s.next_in = (unsigned char *)(uintptr_t)p;
	s.avail_in = (uInt)n;
	s.next_out = (unsigned char *)out->p + out->len;
	s.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&s, Z_FINISH), Z_STREAM_END);
	out->len += cap - s.avail_out;
	deflateEnd(&s);
}

/* Adds an entry; claimed_size (if not (size_t)-1) is the uncompressed
 * size written in the headers, whatever the truth. */
static void zw_entry(struct zw *z, const char *name, const void *data, size_t n,
    int opts, size_t claimed_size)
{
	struct buf comp = BUF_INIT_MAX(0);
	int store = (opts & ZW_STORE) || name[strlen(name) - 1] == '/';
	if (store)
		buf_put(&comp, data, n);
	else
		deflate_raw(data, n, &comp);
	uint32_t crc = (uint32_t)crc32(0, data, (uInt)n);
	uint32_t size = (uint32_t)(claimed_size != (size_t)-1 ? claimed_size : n);
	unsigned flags = (opts & ZW_ENCRYPTED) ? 1 : 0;
	uint32_t off = (uint32_t)z->out.len;
	size_t nl = strlen(name);

	le32(&z->out, 0x04034b50); le16(&z->out, 20); le16(&z->out, flags);
	le16(&z->out, store ? 0 : 8); le16(&z->out, 0); le16(&z->out, 0x21);
	le32(&z->out, crc); le32(&z->out, (uint32_t)comp.len); le32(&z->out, size);
	le16(&z->out, (unsigned)nl); le16(&z->out, 0);
	buf_put(&z->out, name, nl);
	buf_put(&z->out, comp.p ? comp.p : "", comp.len);

	le32(&z->cd, 0x02014b50); le16(&z->cd, 20); le16(&z->cd, 20); le16(&z->cd, flags);
	le16(&z->cd, store ? 0 : 8); le16(&z->cd, 0); le16(&z->cd, 0x21);
	le32(&z->cd, crc); le32(&z->cd, (uint32_t)comp.len); le32(&z->cd, size);
	le16(&z->cd, (unsigned)nl); le16(&z->cd, 0); le16(&z->cd, 0); le16(&z->cd, 0);
	le16(&z->cd, 0); le32(&z->cd, name[nl - 1] == '/' ? 0x10 : 0); le32(&z->cd, off);
	buf_put(&z->cd, name, nl);
	z->n++;
	buf_free(&comp);
}

static void zw_add(struct zw *z, const char *name, const char *text)
{
	zw_entry(z, name, text, strlen(text), 0, (size_t)-1);
}

/* Ends the archive; the caller owns z->out. */
static void zw_finish(struct zw *z)
{
	uint32_t off = (uint32_t)z->out.len;
	buf_put(&z->out, z->cd.p ? z->cd.p : "", z->cd.len);
	le32(&z->out, 0x06054b50); le16(&z->out, 0); le16(&z->out, 0);
	le16(&z->out, z->n); le16(&z->out, z->n);
	le32(&z->out, (uint32_t)z->cd.len); le32(&z->out, off); le16(&z->out, 0);
	ck_assert_int_eq(z->out.err, 0);
	buf_free(&z->cd);
}

static void gzip_of(const void *p, size_t n, const char *fname, struct buf *out)
{
	z_stream s;
	gz_header h;
	memset(&s, 0, sizeof s);
	memset(&h, 0, sizeof h);
	ck_assert_int_eq(deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	if (fname) {
		h.name = (unsigned char *)(uintptr_t)fname;
		deflateSetHeader(&s, &h);
	}
	size_t cap = deflateBound(&s, (uLong)n) + 64 + (fname ? strlen(fname) : 0);
	ck_assert_int_eq(buf_reserve(out, cap + 1), 0);
	s.next_in = (unsigned char *)(uintptr_t)p;
	s.avail_in = (uInt)n;
	s.next_out = (unsigned char *)out->p + out->len;
	s.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&s, Z_FINISH), Z_STREAM_END);
	out->len += cap - s.avail_out;
	deflateEnd(&s);
}

/* ---- a classify context, with a dispatcher like seem-extract's ---- */

static enum doctype dispatched[64];
static size_t ndispatched;

static void dispatch(struct classify *c, enum doctype t, const char *data, size_t n,
    int where, const char *name)
{
	if (ndispatched < 64)
		dispatched[ndispatched++] = t;
	if (c->depth >= c->cfg->lim.extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	c->depth++;
	if (t == DOC_ZIP)
		extract_zip(c, data, n, where, name);
	else if (t == DOC_GZIP)
		extract_gzip(c, data, n, where, name);
	else
		classify_uninspectable(c, where, "not read in this test");
	c->depth--;
}

struct t {
	struct config cfg;
	struct patterns *pat;
	struct findings fs;
	struct classify c;
	int top;
};

/* conf: seemail.conf text, or NULL; extra: a site term "LEVEL TERM"
 * line for the triggers, or NULL. */
static void t_init(struct t *t, const char *conf, const char *extra)
{
	memset(t, 0, sizeof *t);
	config_defaults(&t->cfg);
	if (conf)
		ck_assert_int_eq(config_parse(&t->cfg, conf, strlen(conf), "test.conf", "."), 0);
	t->pat = patterns_new();
	ck_assert_ptr_nonnull(t->pat);
	ck_assert_int_eq(triggers_add_defaults(t->pat), 0);
	if (extra)
		ck_assert_int_eq(triggers_parse(t->pat, extra, strlen(extra), "extra"), 0);
	ck_assert_int_eq(patterns_compile(t->pat), 0);
	findings_init(&t->fs);
	classify_init(&t->c, &t->cfg, t->pat, &t->fs);
	t->c.extract = dispatch;
	t->top = findings_where(&t->fs, "attachment \"a\"", "2", "", "a", "", "");
	ck_assert_int_ge(t->top, 0);
	ndispatched = 0;
}

static void t_free(struct t *t)
{
	findings_free(&t->fs);
	patterns_free(t->pat);
	config_free(&t->cfg);
}

static void t_zip(struct t *t, struct zw *z, const char *name)
{
	zw_finish(z);
	extract_zip(&t->c, z->out.p, z->out.len, t->top, name);
	buf_free(&z->out);
	ck_assert_int_eq(t->c.status, 0);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A finding whose term contains term (any if NULL) at a location whose
 * text ends with place: its level, or -1. */
static int found(const struct t *t, const char *term, const char *place)
{
	for (size_t i = 0; i < t->fs.nf; i++) {
		const struct finding *f = &t->fs.f[i];
		if ((!term || strstr(f->term, term)) && ends_with(t->fs.w[f->where].text, place))
			return f->level;
	}
	return -1;
}

/* The reason a location ending with place is uninspectable, or NULL. */
static const char *uninspectable(const struct t *t, const char *place)
{
	for (size_t i = 0; i < t->fs.nu; i++)
		if (ends_with(t->fs.w[t->fs.u[i].where].text, place))
			return t->fs.u[i].reason;
	return NULL;
}

static void dump(const struct t *t)
{
	if (getenv("SEEMAIL_TEST_VERBOSE") == NULL)
		return;
	for (size_t i = 0; i < t->fs.nf; i++)
		fprintf(stderr, "F %s | %s | %s\n", level_name(t->fs.f[i].level), t->fs.f[i].term,
		    t->fs.w[t->fs.f[i].where].text);
	for (size_t i = 0; i < t->fs.nu; i++)
		fprintf(stderr, "U %s | %s\n", t->fs.w[t->fs.u[i].where].text, t->fs.u[i].reason);
	for (size_t i = 0; i < t->fs.nn; i++)
		fprintf(stderr, "N %s | %s\n", t->fs.w[t->fs.n[i].where].text, t->fs.n[i].text);
}

#define ASSERT_FOUND(t, term, place, level) do {                                 \
		dump(t);                                                        \
		ck_assert_msg(found(t, term, place) == (level),                 \
		    "%s at ...%s: level %d, expected %d", term ? term : "any",  \
		    place, found(t, term, place), level);                       \
	} while (0)
#define ASSERT_UNINSPECTABLE(t, place, why) do {                                 \
		dump(t);                                                        \
		const char *r_ = uninspectable(t, place);                       \
		ck_assert_msg(r_ && strstr(r_, why), "...%s: uninspectable %s, expected %s", \
		    place, r_ ? r_ : "(no)", why);                             \
	} while (0)

/* ---- Office Open XML parts ---- */

#define XMLDECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define S_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define P_NS "http://schemas.openxmlformats.org/presentationml/2006/main"
#define CT XMLDECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
#define WDOC(body) XMLDECL "<w:document xmlns:w=\"" W_NS "\"><w:body>" body "</w:body></w:document>"
#define WP(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"

/* A docx with text in each of its places. */
static void add_docx(struct zw *z)
{
	zw_add(z, "[Content_Types].xml", CT);
	zw_add(z, "_rels/.rels", XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/"
	    "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"x\" Target=\"word/document.xml\"/>"
	    "</Relationships>");
	zw_add(z, "word/document.xml", WDOC(WP("[RESTRICTED:BODY]")
	    "<w:p><w:r><w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/"
	    "drawingml/2006/wordprocessingDrawing\"><wp:docPr id=\"1\" name=\"Picture 1\" "
	    "descr=\"map [SENSITIVE:ALT]\"/></wp:inline></w:drawing></w:r></w:p>"
	    "<w:p><w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/"
	    "markup-compatibility/2006\"><mc:Choice Requires=\"wps\"><w:txbxContent>"
	    WP("[SECRET:TEXTBOX]") "</w:txbxContent></mc:Choice></mc:AlternateContent></w:r></w:p>"
	    "<w:tbl><w:tr><w:tc>" WP("[IN-CONFIDENCE:CELL]") "</w:tc></w:tr></w:tbl>"));
	zw_add(z, "word/header1.xml", XMLDECL "<w:hdr xmlns:w=\"" W_NS "\">" WP("[SEEMAIL:HEADER]") "</w:hdr>");
	zw_add(z, "word/footer2.xml", XMLDECL "<w:ftr xmlns:w=\"" W_NS "\">" WP("[RESTRICTED:FOOTER]") "</w:ftr>");
	zw_add(z, "word/footnotes.xml", XMLDECL "<w:footnotes xmlns:w=\"" W_NS "\"><w:footnote w:id=\"1\">"
	    WP("[RESTRICTED:FOOTNOTE]") "</w:footnote></w:footnotes>");
	zw_add(z, "word/endnotes.xml", XMLDECL "<w:endnotes xmlns:w=\"" W_NS "\"><w:endnote w:id=\"1\">"
	    WP("[RESTRICTED:ENDNOTE]") "</w:endnote></w:endnotes>");
	zw_add(z, "word/comments.xml", XMLDECL "<w:comments xmlns:w=\"" W_NS "\"><w:comment w:id=\"0\">"
	    WP("[RESTRICTED:COMMENT]") "</w:comment></w:comments>");
	zw_add(z, "word/settings.xml", XMLDECL "<w:settings xmlns:w=\"" W_NS "\"><w:docVars>"
	    "<w:docVar w:name=\"Classification\" w:val=\"[SENSITIVE:DOCVAR]\"/></w:docVars></w:settings>");
	zw_add(z, "docProps/core.xml", XMLDECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
	    "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<dc:title>Plan [SECRET:TITLE]</dc:title><cp:keywords>[SEC=RESTRICTED]</cp:keywords>"
	    "</cp:coreProperties>");
	zw_add(z, "docProps/app.xml", XMLDECL "<Properties xmlns=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/extended-properties\"><Company>[IN-CONFIDENCE:COMPANY]</Company></Properties>");
	zw_add(z, "docProps/custom.xml", XMLDECL "<Properties xmlns=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/docPropsVTypes\"><property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" "
	    "pid=\"2\" name=\"Marking\"><vt:lpwstr>[SENSITIVE:CUSTOM]</vt:lpwstr></property></Properties>");
	zw_add(z, "customXml/item1.xml", XMLDECL "<root><classification>[SECRET:CUSTOMXML]</classification></root>");
	zw_add(z, "word/media/image1.png", "\x89PNG\r\n\x1a\n not really");
}

START_TEST(docx_every_place)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	add_docx(&z);
	t_zip(&t, &z, "a.docx");
	ASSERT_FOUND(&t, "BODY", "> word/document.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "ALT", "> word/document.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "TEXTBOX", "> word/document.xml", LEVEL_SECRET);
	ASSERT_FOUND(&t, "CELL", "> word/document.xml", LEVEL_IN_CONFIDENCE);
	ASSERT_FOUND(&t, "HEADER", "> word/header1.xml", LEVEL_SEEMAIL);
	ASSERT_FOUND(&t, "FOOTER", "> word/footer2.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "FOOTNOTE", "> word/footnotes.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "ENDNOTE", "> word/endnotes.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "COMMENT", "> word/comments.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "DOCVAR", "> word/settings.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "TITLE", "> docProps/core.xml", LEVEL_SECRET);
	ASSERT_FOUND(&t, "SEC=RESTRICTED", "> docProps/core.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "COMPANY", "> docProps/app.xml", LEVEL_IN_CONFIDENCE);
	ASSERT_FOUND(&t, "CUSTOM]", "> docProps/custom.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "CUSTOMXML", "> customXml/item1.xml", LEVEL_SECRET);
	ck_assert_uint_eq(t.fs.nu, 0);
	ck_assert_int_eq(t.fs.level, LEVEL_SECRET);
	t_free(&t);
}
END_TEST

START_TEST(split_runs_are_joined)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&z, "[Content_Types].xml", CT);
	/* Runs with their own formatting, indented, with Word 2010 effects
	 * between them, under a prefix that is not "w". */
	zw_add(&z, "word/document.xml", XMLDECL "<x:document xmlns:x=\"" W_NS "\" "
	    "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><x:body>\n"
	    "  <x:p>\n    <x:r><x:rPr><x:b/></x:rPr><x:t>[RES</x:t></x:r>\n"
	    "    <x:proofErr x:type=\"spellStart\"/>\n"
	    "    <x:r><x:rPr><x:i/><w14:glow w14:rad=\"1\"><w14:srgbClr w14:val=\"FF0000\"/></w14:glow>"
	    "</x:rPr><x:t>TRIC</x:t></x:r>\n"
	    "    <x:ins x:id=\"1\"><x:r><x:t>TED]</x:t></x:r></x:ins>\n  </x:p>\n"
	    "  <x:p><x:r><x:t>[IN</x:t></x:r><x:r><x:noBreakHyphen/><x:t>CONFIDENCE]</x:t></x:r></x:p>\n"
	    /* Two paragraphs do not make one term. */
	    "  <x:p><x:r><x:t>[CONFIDEN</x:t></x:r></x:p><x:p><x:r><x:t>TIAL]</x:t></x:r></x:p>\n"
	    "</x:body></x:document>");
	zw_add(&z, "ppt/slides/slide1.xml", XMLDECL "<p:sld xmlns:p=\"" P_NS "\" xmlns:a=\"" A_NS "\">"
	    "<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:rPr b=\"1\"/><a:t>[SEC</a:t></a:r>\n"
	    "<a:r><a:rPr i=\"1\"/><a:t>RET]</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>");
	zw_add(&z, "content.xml", XMLDECL "<office:document-content xmlns:office=\"urn:oasis:names:tc:"
	    "opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
	    "<office:body><office:text><text:p>[SENS<text:span text:style-name=\"T1\">ITI</text:span>"
	    "<text:span text:style-name=\"T2\">VE]</text:span></text:p></office:text></office:body>"
	    "</office:document-content>");
	t_zip(&t, &z, "a.docx");
	ASSERT_FOUND(&t, "[RES", "> word/document.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "CONFIDENCE", "> word/document.xml", LEVEL_IN_CONFIDENCE);
	ASSERT_FOUND(&t, "SEC", "> ppt/slides/slide1.xml", LEVEL_SECRET);
	ASSERT_FOUND(&t, "SENS", "> content.xml", LEVEL_SENSITIVE);
	ck_assert_int_eq(found(&t, "[CONFIDEN", ""), -1);
	t_free(&t);
}
END_TEST

START_TEST(word_terms_stay_words)
{
	/* Elements of an unknown vocabulary are set apart: a site's word
	 * term is neither made nor hidden by joining them. */
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, "SENSITIVE budget\n");
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "customXml/item1.xml", "<r><a>bud</a><b>get</b></r>");
	zw_add(&z, "customXml/item2.xml", "<r><a>super</a><b>budget</b></r>");
	t_zip(&t, &z, "a.docx");
	ck_assert_int_eq(found(&t, NULL, "> customXml/item1.xml"), -1);
	ASSERT_FOUND(&t, "budget", "> customXml/item2.xml", LEVEL_SENSITIVE);
	t_free(&t);
}
END_TEST

START_TEST(xlsx_every_place)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "xl/workbook.xml", XMLDECL "<workbook xmlns=\"" S_NS "\" xmlns:r=\"r\"><sheets>"
	    "<sheet name=\"Budget [SENSITIVE:SHEETNAME]\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
	zw_add(&z, "xl/sharedStrings.xml", XMLDECL "<sst xmlns=\"" S_NS "\" count=\"2\">"
	    "<si><t>plain</t></si><si><r><rPr><b/></rPr><t>[RESTR</t></r><r><rPr><i/></rPr>"
	    "<t>ICTED:SHARED]</t></r></si></sst>");
	zw_add(&z, "xl/worksheets/sheet1.xml", XMLDECL "<worksheet xmlns=\"" S_NS "\"><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>[SECRET:INLINE]"
	    "</t></is></c><c r=\"C1\" t=\"str\"><f>\"[TOP \"&amp;\"SECRET]\"</f><v>computed</v></c></row>"
	    "</sheetData><headerFooter><oddHeader>&amp;L&amp;\"Arial,Bold\"&amp;14[IN-CONF&amp;BIDENCE:HDR]"
	    "&amp;RPage &amp;P</oddHeader><oddFooter>&amp;C[SEE&amp;K00FF00MAIL:FTR]</oddFooter>"
	    "</headerFooter></worksheet>");
	zw_add(&z, "xl/comments1.xml", XMLDECL "<comments xmlns=\"" S_NS "\"><commentList>"
	    "<comment ref=\"A1\" authorId=\"0\"><text><r><t>[CONFIDENTIAL:NOTE]</t></r></text></comment>"
	    "</commentList></comments>");
	t_zip(&t, &z, "a.xlsx");
	ASSERT_FOUND(&t, "SHEETNAME", "> xl/workbook.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "SHARED", "> xl/sharedStrings.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "INLINE", "> xl/worksheets/sheet1.xml", LEVEL_SECRET);
	ASSERT_FOUND(&t, "HDR", "> xl/worksheets/sheet1.xml", LEVEL_IN_CONFIDENCE);
	ASSERT_FOUND(&t, "FTR", "> xl/worksheets/sheet1.xml", LEVEL_SEEMAIL);
	ASSERT_FOUND(&t, "NOTE", "> xl/comments1.xml", LEVEL_CONFIDENTIAL);
	/* A formula's pieces are not the term: "[TOP " & "SECRET]". */
	ck_assert_int_eq(found(&t, "TOP", "> xl/worksheets/sheet1.xml"), -1);
	t_free(&t);
}
END_TEST

START_TEST(pptx_every_place)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&z, "[Content_Types].xml", CT);
#define SLIDE(root, text) XMLDECL "<p:" root " xmlns:p=\"" P_NS "\" xmlns:a=\"" A_NS "\"><p:cSld>" \
	"<p:spTree><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title 1\"/></p:nvSpPr><p:txBody><a:p><a:r>" \
	"<a:t>" text "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:" root ">"
	zw_add(&z, "ppt/slides/slide1.xml", SLIDE("sld", "[RESTRICTED:SLIDE]"));
	zw_add(&z, "ppt/notesSlides/notesSlide1.xml", SLIDE("notes", "[SECRET:NOTES]"));
	zw_add(&z, "ppt/slideMasters/slideMaster1.xml", SLIDE("sldMaster", "[SEEMAIL:MASTER]"));
	zw_add(&z, "ppt/slideLayouts/slideLayout1.xml", SLIDE("sldLayout", "[SENSITIVE:LAYOUT]"));
	zw_add(&z, "ppt/comments/comment1.xml", XMLDECL "<p:cmLst xmlns:p=\"" P_NS "\"><p:cm authorId=\"0\">"
	    "<p:text>[IN-CONFIDENCE:REVIEW]</p:text></p:cm></p:cmLst>");
	zw_add(&z, "ppt/charts/chart1.xml", XMLDECL "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/"
	    "drawingml/2006/chart\" xmlns:a=\"" A_NS "\"><c:chart><c:title><c:tx><c:rich><a:p><a:r>"
	    "<a:t>[CONFIDENTIAL:CHART]</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chart></c:chartSpace>");
	t_zip(&t, &z, "a.pptx");
	ASSERT_FOUND(&t, "SLIDE", "> ppt/slides/slide1.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "NOTES", "> ppt/notesSlides/notesSlide1.xml", LEVEL_SECRET);
	ASSERT_FOUND(&t, "MASTER", "> ppt/slideMasters/slideMaster1.xml", LEVEL_SEEMAIL);
	ASSERT_FOUND(&t, "LAYOUT", "> ppt/slideLayouts/slideLayout1.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "REVIEW", "> ppt/comments/comment1.xml", LEVEL_IN_CONFIDENCE);
	ASSERT_FOUND(&t, "CHART", "> ppt/charts/chart1.xml", LEVEL_CONFIDENTIAL);
	t_free(&t);
}
END_TEST

/* ---- sensitivity labels ---- */

#define GUID_R "f42aa342-8706-4288-bd11-ebb85995028c"
#define GUID_H "3E5A1C2B-0000-4000-8000-00000000AAAA"
#define GUID_U "11111111-2222-3333-4444-555555555555"
#define GUID_OFF "99999999-2222-3333-4444-555555555555"
#define PROP(pid, name, value) "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"" \
	pid "\" name=\"" name "\"><vt:lpwstr>" value "</vt:lpwstr></property>"

START_TEST(labels_map_to_levels)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, "label = {" GUID_R "} RESTRICTED\nlabel = Highly_Confidential SECRET\n"
	    "label = " GUID_OFF " TOP-SECRET\n", NULL);
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "docProps/custom.xml", XMLDECL "<Properties xmlns=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/docPropsVTypes\">"
	    PROP("2", "MSIP_Label_" GUID_R "_Enabled", "true")
	    PROP("3", "MSIP_Label_" GUID_R "_Name", "Restricted")
	    PROP("4", "MSIP_Label_" GUID_H "_Enabled", "true")
	    PROP("5", "MSIP_Label_" GUID_H "_Name", "Highly Confidential")
	    PROP("6", "MSIP_Label_" GUID_U "_Enabled", "true")
	    PROP("7", "MSIP_Label_" GUID_U "_Name", "General")
	    PROP("8", "MSIP_Label_" GUID_OFF "_Enabled", "false")
	    "</Properties>");
	t_zip(&t, &z, "a.docx");
	ASSERT_FOUND(&t, "MSIP label \"Restricted\"", "> docProps/custom.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "MSIP label \"Highly Confidential\"", "> docProps/custom.xml", LEVEL_SECRET);
	ck_assert_int_eq(found(&t, "General", ""), -1);
	ck_assert_int_eq(t.fs.level, LEVEL_SECRET);     /* the disabled one counts for nothing */
	int noted = 0;
	for (size_t i = 0; i < t.fs.nn; i++)
		noted += strstr(t.fs.n[i].text, "\"General\"") && strstr(t.fs.n[i].text, "not mapped");
	ck_assert_int_eq(noted, 1);
	t_free(&t);

	/* Newer Office: docMetadata/LabelInfo.xml, the GUID in braces. */
	struct zw z2 = { 0 };
	t_init(&t, "label = " GUID_R " CONFIDENTIAL\n", NULL);
	zw_add(&z2, "[Content_Types].xml", CT);
	zw_add(&z2, "docMetadata/LabelInfo.xml", XMLDECL "<clbl:labelList xmlns:clbl=\"http://schemas."
	    "microsoft.com/office/2020/mipLabelMetadata\"><clbl:label id=\"{F42AA342-8706-4288-BD11-"
	    "EBB85995028C}\" enabled=\"1\" method=\"Standard\" siteId=\"{x}\" removed=\"0\"/>"
	    "</clbl:labelList>");
	t_zip(&t, &z2, "a.xlsx");
	ASSERT_FOUND(&t, "MSIP label \"" GUID_R "\"", "> docMetadata/LabelInfo.xml", LEVEL_CONFIDENTIAL);
	t_free(&t);
}
END_TEST

/* ---- embedded and nested ---- */

START_TEST(embedded_packages_recurse)
{
	struct t t;
	struct zw inner = { 0 }, z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&inner, "[Content_Types].xml", CT);
	zw_add(&inner, "xl/sharedStrings.xml", XMLDECL "<sst xmlns=\"" S_NS "\"><si><t>[SECRET:EMBEDDED]</t>"
	    "</si></sst>");
	zw_finish(&inner);
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "word/document.xml", WDOC(WP("see the table")));
	zw_entry(&z, "word/embeddings/Microsoft_Excel_Worksheet.xlsx", inner.out.p, inner.out.len,
	    ZW_STORE, (size_t)-1);
	zw_add(&z, "word/embeddings/oleObject1.bin", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest");
	buf_free(&inner.out);
	t_zip(&t, &z, "a.docx");
	ASSERT_FOUND(&t, "EMBEDDED", "> word/embeddings/Microsoft_Excel_Worksheet.xlsx > "
	    "xl/sharedStrings.xml", LEVEL_SECRET);
	int ole = 0;
	for (size_t i = 0; i < ndispatched; i++)
		ole += dispatched[i] == DOC_OLE2;
	ck_assert_int_eq(ole, 1);
	t_free(&t);
}
END_TEST

START_TEST(plain_zip_names_and_nesting)
{
	struct t t;
	struct zw l3 = { 0 }, l2 = { 0 }, z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&l3, "deep.txt", "at the bottom: [SEC=TOP SECRET]");
	zw_finish(&l3);
	zw_entry(&l2, "level3.zip", l3.out.p, l3.out.len, 0, (size_t)-1);
	zw_finish(&l2);
	zw_add(&z, "[CONFIDENTIAL] folder/", "");
	zw_add(&z, "[SECRET] plan.txt", "nothing here");
	zw_add(&z, "notes.txt", "see [RESTRICTED:NOTES]");
	zw_add(&z, "doc.xml", "<a>[SENS</a><b>ITIVE]</b>");     /* plain zip: XML is just a file */
	zw_entry(&z, "level2.zip", l2.out.p, l2.out.len, 0, (size_t)-1);
	buf_free(&l3.out);
	buf_free(&l2.out);
	t_zip(&t, &z, "a.zip");
	ASSERT_FOUND(&t, "CONFIDENTIAL", "attachment \"a\"", LEVEL_CONFIDENTIAL);
	ASSERT_FOUND(&t, "SECRET", "> \"[SECRET] plan.txt\"", LEVEL_SECRET);
	ASSERT_FOUND(&t, "NOTES", "> notes.txt", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "TOP SECRET", "> level2.zip > level3.zip > deep.txt", LEVEL_TOP_SECRET);
	ck_assert_uint_eq(t.fs.nu, 0);
	t_free(&t);

	/* Deeper than extract_depth: uninspectable at the level that stops. */
	t_init(&t, "extract_depth = 2\n", NULL);
	struct zw a = { 0 }, b = { 0 }, top = { 0 };
	zw_add(&a, "deep.txt", "[SECRET]");
	zw_finish(&a);
	zw_entry(&b, "a.zip", a.out.p, a.out.len, 0, (size_t)-1);
	zw_finish(&b);
	zw_entry(&top, "b.zip", b.out.p, b.out.len, 0, (size_t)-1);
	buf_free(&a.out);
	buf_free(&b.out);
	t.c.depth = 1;          /* as seem-extract's dispatch has it for the attachment */
	t_zip(&t, &top, "top.zip");
	ASSERT_UNINSPECTABLE(&t, "> b.zip > a.zip", "extract_depth");
	ck_assert_int_eq(t.fs.level, LEVEL_UNCLASSIFIED);
	t_free(&t);
}
END_TEST

/* ---- OpenDocument ---- */

#define ODF_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
	"xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
	"xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""

static void add_odf(struct zw *z, const char *type, int encrypted)
{
	zw_entry(z, "mimetype", type, strlen(type), ZW_STORE, (size_t)-1);
	zw_add(z, "META-INF/manifest.xml", encrypted
	    ? XMLDECL "<manifest:manifest " ODF_NS " manifest:version=\"1.2\">"
	      "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"x\"/>"
	      "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\" "
	      "manifest:size=\"100\"><manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" "
	      "manifest:checksum=\"x\"><manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\" "
	      "manifest:initialisation-vector=\"x\"/></manifest:encryption-data></manifest:file-entry>"
	      "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
	      "</manifest:manifest>"
	    : XMLDECL "<!DOCTYPE manifest:manifest PUBLIC \"-//OpenOffice.org//DTD Manifest 1.0//EN\" "
	      "\"Manifest.dtd\"><manifest:manifest " ODF_NS "><manifest:file-entry "
	      "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>");
	zw_add(z, "content.xml", encrypted ? "\x93\x11 encrypted bytes [SECRET]"
	    : XMLDECL "<office:document-content " ODF_NS "><office:body><office:text>"
	      "<text:h>[RESTRICTED:<text:span>BODY</text:span>]</text:h>"
	      "<text:p>[IN<text:s/>CONFIDENCE:SPACE]</text:p>"
	      "<office:annotation><text:p>[SENSITIVE:ANNOTATION]</text:p></office:annotation>"
	      "<table:table table:name=\"Sheet [SEEMAIL:TABLENAME]\"><table:table-row><table:table-cell>"
	      "<text:p>cell</text:p></table:table-cell></table:table-row></table:table>"
	      "</office:text></office:body></office:document-content>");
	zw_add(z, "styles.xml", XMLDECL "<office:document-styles " ODF_NS "><office:master-styles>"
	    "<style:master-page style:name=\"Standard\"><style:header><text:p>[SECRET:HEADER]</text:p>"
	    "</style:header><style:footer><text:p>[RESTRICTED:FOOTER]</text:p></style:footer>"
	    "</style:master-page></office:master-styles></office:document-styles>");
	zw_add(z, "meta.xml", XMLDECL "<office:document-meta " ODF_NS "><office:meta><dc:title>"
	    "[CONFIDENTIAL:TITLE]</dc:title><meta:user-defined meta:name=\"Marking\">[SENSITIVE:USER]"
	    "</meta:user-defined></office:meta></office:document-meta>");
	zw_add(z, "Object 1/content.xml", XMLDECL "<office:document-content " ODF_NS "><office:body>"
	    "<office:text><text:p>[TOP SECRET:OBJECT]</text:p></office:text></office:body>"
	    "</office:document-content>");
	zw_add(z, "Configurations2/accelerator/current.xml", "");
}

START_TEST(odf_every_place)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	add_odf(&z, "application/vnd.oasis.opendocument.text", 0);
	t_zip(&t, &z, "a.odt");
	ASSERT_FOUND(&t, "BODY", "> content.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "SPACE", "> content.xml", LEVEL_IN_CONFIDENCE);
	ASSERT_FOUND(&t, "ANNOTATION", "> content.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "TABLENAME", "> content.xml", LEVEL_SEEMAIL);
	ASSERT_FOUND(&t, "HEADER", "> styles.xml", LEVEL_SECRET);
	ASSERT_FOUND(&t, "FOOTER", "> styles.xml", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "TITLE", "> meta.xml", LEVEL_CONFIDENTIAL);
	ASSERT_FOUND(&t, "USER", "> meta.xml", LEVEL_SENSITIVE);
	ASSERT_FOUND(&t, "OBJECT", "> \"Object 1/content.xml\"", LEVEL_TOP_SECRET);
	ck_assert_uint_eq(t.fs.nu, 0);  /* the DTD of an old manifest and an empty part are fine */
	t_free(&t);
}
END_TEST

START_TEST(odf_encrypted_entries)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	add_odf(&z, "application/vnd.oasis.opendocument.spreadsheet", 1);
	t_zip(&t, &z, "a.ods");
	ASSERT_UNINSPECTABLE(&t, "> content.xml", "password-protected");
	ck_assert_int_eq(found(&t, NULL, "> content.xml"), -1);
	ASSERT_FOUND(&t, "HEADER", "> styles.xml", LEVEL_SECRET);
	ck_assert_ptr_null(uninspectable(&t, "> styles.xml"));
	t_free(&t);
}
END_TEST

/* ---- limits ---- */

START_TEST(encrypted_entry)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&z, "open.txt", "[SEEMAIL]");
	zw_entry(&z, "locked.txt", "ciphertext", 10, ZW_ENCRYPTED | ZW_STORE, (size_t)-1);
	t_zip(&t, &z, "a.zip");
	ASSERT_UNINSPECTABLE(&t, "> locked.txt", "encrypted");
	ASSERT_FOUND(&t, "SEEMAIL", "> open.txt", LEVEL_SEEMAIL);
	t_free(&t);
}
END_TEST

START_TEST(not_a_zip)
{
	struct t t;
	t_init(&t, NULL, NULL);
	extract_zip(&t.c, "PK\3\4 and then nothing", 22, t.top, "a.zip");
	ASSERT_UNINSPECTABLE(&t, "attachment \"a\"", "not a readable ZIP");
	t_free(&t);
}
END_TEST

static char *filled(size_t n, int random_letters)
{
	char *p = malloc(n);
	ck_assert_ptr_nonnull(p);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		p[i] = random_letters ? (char)('a' + (x >> 16) % 26) : '\0';
	}
	return p;
}

START_TEST(zip_bomb_single_entry)
{
	struct t t;
	struct zw z = { 0 };
	size_t n = 20u << 20;
	char *zeros = filled(n, 0);
	t_init(&t, NULL, NULL);
	zw_entry(&z, "zeros.bin", zeros, n, 0, (size_t)-1);
	zw_add(&z, "after.txt", "[RESTRICTED]");
	free(zeros);
	t_zip(&t, &z, "a.zip");
	ASSERT_UNINSPECTABLE(&t, "> zeros.bin", "max_expansion_ratio");
	ASSERT_FOUND(&t, "RESTRICTED", "> after.txt", LEVEL_RESTRICTED);
	t_free(&t);

	/* The same as an XML part of a package, streamed: refused too. */
	struct zw d = { 0 };
	t_init(&t, NULL, NULL);
	size_t xn = 8u << 20;
	char *x = malloc(xn);
	ck_assert_ptr_nonnull(x);
	static const char head[] = "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>[SECRET:FIRST]";
	memcpy(x, head, sizeof head - 1);
	memset(x + sizeof head - 1, ' ', xn - (sizeof head - 1));
	zw_add(&d, "[Content_Types].xml", CT);
	zw_entry(&d, "word/document.xml", x, xn, 0, (size_t)-1);
	free(x);
	t_zip(&t, &d, "a.docx");
	ASSERT_UNINSPECTABLE(&t, "> word/document.xml", "max_expansion_ratio");
	t_free(&t);
}
END_TEST

START_TEST(zip_bomb_budget)
{
	/* Incompressible enough for the ratio, but more than the attachment
	 * may expand to. */
	struct t t;
	struct zw z = { 0 };
	size_t n = 700u << 10;
	char *text = filled(n, 1);
	t_init(&t, "max_expanded_size = 1M\n", NULL);
	zw_entry(&z, "one.txt", text, n, 0, (size_t)-1);
	zw_entry(&z, "two.txt", text, n, 0, (size_t)-1);
	free(text);
	t_zip(&t, &z, "a.zip");
	ck_assert_ptr_null(uninspectable(&t, "> one.txt"));
	ASSERT_UNINSPECTABLE(&t, "attachment \"a\"", "max_expanded_size");
	ck_assert_int_eq(found(&t, NULL, "> two.txt"), -1);
	t_free(&t);
}
END_TEST

START_TEST(zip_bomb_nested)
{
	/* 42.zip in small: 20 x 20 copies of an entry of 900 KB of zeros
	 * (below the ratio floor): 350 MB in all, from a few kilobytes. */
	struct t t;
	struct zw inner = { 0 }, mid = { 0 }, outer = { 0 };
	size_t n = 900u << 10;
	char *zeros = filled(n, 0), name[32];
	t_init(&t, NULL, NULL);
	zw_entry(&inner, "zeros.bin", zeros, n, 0, (size_t)-1);
	zw_finish(&inner);
	free(zeros);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "inner%d.zip", i);
		zw_entry(&mid, name, inner.out.p, inner.out.len, 0, (size_t)-1);
	}
	zw_finish(&mid);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "mid%d.zip", i);
		zw_entry(&outer, name, mid.out.p, mid.out.len, 0, (size_t)-1);
	}
	buf_free(&inner.out);
	buf_free(&mid.out);
	t_zip(&t, &outer, "bomb.zip");
	dump(&t);
	int refused = 0;
	for (size_t i = 0; i < t.fs.nu; i++)
		refused += strstr(t.fs.u[i].reason, "max_expanded_size") != NULL;
	ck_assert_int_gt(refused, 0);
	/* What was read fits the budget: 256 MB of 900 KB entries. */
	size_t read = 0;
	for (size_t i = 0; i < t.fs.nw; i++)
		read += ends_with(t.fs.w[i].text, "> zeros.bin") && !uninspectable(&t, t.fs.w[i].text);
	ck_assert_uint_le(read, (256u << 20) / n);
	t_free(&t);
}
END_TEST

START_TEST(lying_sizes)
{
	struct t t;
	struct zw z = { 0 };
	size_t n = 300u << 10;
	char *text = filled(n, 1);
	memcpy(text, "[SECRET]", 8);
	t_init(&t, NULL, NULL);
	zw_entry(&z, "small.txt", text, n, 0, 100);        /* says 100 bytes */
	free(text);
	t_zip(&t, &z, "a.zip");
	ASSERT_UNINSPECTABLE(&t, "> small.txt", "larger than its ZIP header says");
	t_free(&t);

	/* A header that claims more than the budget is refused unread, and
	 * so is the rest of the archive. */
	struct zw z2 = { 0 };
	t_init(&t, "max_expanded_size = 1M\n", NULL);
	zw_entry(&z2, "big.txt", "[SECRET]", 8, 0, 2u << 20);
	t_zip(&t, &z2, "a.zip");
	ASSERT_UNINSPECTABLE(&t, "attachment \"a\"", "max_expanded_size");
	ck_assert_int_eq(found(&t, NULL, ""), -1);
	t_free(&t);
}
END_TEST

START_TEST(too_many_entries)
{
	struct t t;
	struct zw z = { 0 };
	char name[32];
	t_init(&t, "max_archive_entries = 5\n", NULL);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "f%d.txt", i);
		zw_add(&z, name, i == 8 ? "[SECRET]" : i == 2 ? "[SEEMAIL]" : "x");
	}
	t_zip(&t, &z, "a.zip");
	ASSERT_FOUND(&t, "SEEMAIL", "> f2.txt", LEVEL_SEEMAIL);
	ck_assert_int_eq(found(&t, NULL, "> f8.txt"), -1);
	ASSERT_UNINSPECTABLE(&t, "attachment \"a\"", "max_archive_entries");
	t_free(&t);
}
END_TEST

/* ---- XML safety ---- */

START_TEST(xml_entities_refused)
{
	struct t t;
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "word/document.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"[SECRET]lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "]>\n<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>"
	    "</w:body></w:document>");
	t_zip(&t, &z, "a.docx");
	ASSERT_UNINSPECTABLE(&t, "> word/document.xml", "XML entity declarations are not allowed");
	t_free(&t);
}
END_TEST

START_TEST(xml_external_entities_never_read)
{
	struct t t;
	struct zw z = { 0 };
	char secret[] = "/tmp/seemail-xxe-XXXXXX", dtd[] = "/tmp/seemail-dtd-XXXXXX";
	int fd = mkstemp(secret), fd2 = mkstemp(dtd);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(fd2, 0);
	ck_assert_int_eq(write(fd, "[TOP SECRET]", 12), 12);
	ck_assert_int_gt(dprintf(fd2, "<!ENTITY e SYSTEM \"file://%s\">", secret), 0);
	close(fd);
	close(fd2);
	char doc1[512], doc2[512], doc3[512];
	snprintf(doc1, sizeof doc1, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file://%s\">]>"
	    "<w:document xmlns:w=\"" W_NS "\"><w:body>" WP("&e;") "</w:body></w:document>", secret);
	snprintf(doc2, sizeof doc2, "<?xml version=\"1.0\" standalone=\"no\"?><!DOCTYPE d SYSTEM \"file://%s\">"
	    "<w:document xmlns:w=\"" W_NS "\"><w:body>" WP("[SEEMAIL]&e;") "</w:body></w:document>", dtd);
	snprintf(doc3, sizeof doc3, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY %% p SYSTEM \"file://%s\"> %%p;]>"
	    "<w:document xmlns:w=\"" W_NS "\"><w:body>" WP("&e;") "</w:body></w:document>", dtd);
	t_init(&t, NULL, NULL);
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "word/document.xml", doc1);
	zw_add(&z, "word/header1.xml", doc2);
	zw_add(&z, "word/header2.xml", doc3);
	t_zip(&t, &z, "a.docx");
	unlink(secret);
	unlink(dtd);
	ASSERT_UNINSPECTABLE(&t, "> word/document.xml", "entity declarations are not allowed");
	ASSERT_UNINSPECTABLE(&t, "> word/header1.xml", "entity");
	ASSERT_UNINSPECTABLE(&t, "> word/header2.xml", "entity declarations are not allowed");
	ASSERT_FOUND(&t, "SEEMAIL", "> word/header1.xml", LEVEL_SEEMAIL);  /* read before it */
	ck_assert_int_lt(t.fs.level, LEVEL_TOP_SECRET);
	t_free(&t);
}
END_TEST

START_TEST(xml_depth_and_malformed)
{
	struct t t;
	struct zw z = { 0 };
	struct buf deep = BUF_INIT_MAX(0);
	t_init(&t, "xml_depth = 8\n", NULL);
	buf_puts(&deep, "<w:document xmlns:w=\"" W_NS "\"><w:body>" WP("[SEEMAIL:BEFORE]"));
	for (int i = 0; i < 50; i++)
		buf_puts(&deep, "<w:sdt><w:sdtContent>");
	buf_puts(&deep, WP("[SECRET:DEEP]"));
	for (int i = 0; i < 50; i++)
		buf_puts(&deep, "</w:sdtContent></w:sdt>");
	buf_puts(&deep, "</w:body></w:document>");
	zw_add(&z, "[Content_Types].xml", CT);
	zw_add(&z, "word/document.xml", deep.p);
	zw_add(&z, "word/header1.xml", "<w:hdr xmlns:w=\"" W_NS "\">" WP("[RESTRICTED:BROKEN]") "<w:p><oops");
	buf_free(&deep);
	t_zip(&t, &z, "a.docx");
	ASSERT_UNINSPECTABLE(&t, "> word/document.xml", "xml_depth");
	ASSERT_FOUND(&t, "BEFORE", "> word/document.xml", LEVEL_SEEMAIL);
	ck_assert_int_eq(found(&t, "DEEP", ""), -1);
	ASSERT_UNINSPECTABLE(&t, "> word/header1.xml", "malformed XML");
	ASSERT_FOUND(&t, "BROKEN", "> word/header1.xml", LEVEL_RESTRICTED);
	t_free(&t);
}
END_TEST

/* ---- gzip and tar ---- */

static void tar_entry(struct buf *b, const char *name, const char *data, char type)
{
	unsigned char h[512];
	size_t n = strlen(data);
	memset(h, 0, sizeof h);
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "0000644");
	snprintf((char *)h + 124, 12, "%011o", (unsigned)n);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	buf_put(b, h, 512);
	buf_put(b, data, n);
	static const char zero[512];
	buf_put(b, zero, (512 - n % 512) % 512);
}

START_TEST(gzip_file_and_tar)
{
	struct t t;
	struct buf gz = BUF_INIT_MAX(0), tar = BUF_INIT_MAX(0);
	static const char zero[1024];

	t_init(&t, NULL, NULL);
	gzip_of("minutes [RESTRICTED:GZ]", 23, "[SEEMAIL] minutes.txt", &gz);
	extract_gzip(&t.c, gz.p, gz.len, t.top, "minutes.txt.gz");
	ASSERT_FOUND(&t, "GZ", "> minutes.txt", LEVEL_RESTRICTED);
	ASSERT_FOUND(&t, "SEEMAIL", "attachment \"a\"", LEVEL_SEEMAIL);  /* the original name */
	ck_assert_uint_eq(t.fs.nu, 0);
	t_free(&t);

	t_init(&t, NULL, NULL);
	tar_entry(&tar, "docs/", "", '5');
	tar_entry(&tar, "docs/[SECRET] list.txt", "nothing", '0');
	tar_entry(&tar, "docs/plan.txt", "the plan: [CONFIDENTIAL:TAR]", '0');
	buf_put(&tar, zero, sizeof zero);
	buf_reset(&gz);
	gzip_of(tar.p, tar.len, NULL, &gz);
	extract_gzip(&t.c, gz.p, gz.len, t.top, "docs.tgz");
	ASSERT_FOUND(&t, "SECRET", "> \"docs/[SECRET] list.txt\"", LEVEL_SECRET);
	ASSERT_FOUND(&t, "TAR", "> docs/plan.txt", LEVEL_CONFIDENTIAL);
	ck_assert_uint_eq(t.fs.nu, 0);
	t_free(&t);

	/* Truncated: what inflated still counts, and the part is stamped. */
	t_init(&t, NULL, NULL);
	char *text = filled(200000, 1);
	memcpy(text, "[SECRET:EARLY]", 14);
	buf_reset(&gz);
	gzip_of(text, 200000, NULL, &gz);
	free(text);
	extract_gzip(&t.c, gz.p, gz.len / 2, t.top, "cut.txt.gz");
	ASSERT_FOUND(&t, "EARLY", "> cut.txt", LEVEL_SECRET);
	ASSERT_UNINSPECTABLE(&t, "attachment \"a\"", "ends early");
	t_free(&t);

	/* A gzip bomb. */
	t_init(&t, NULL, NULL);
	char *zeros = filled(20u << 20, 0);
	buf_reset(&gz);
	gzip_of(zeros, 20u << 20, NULL, &gz);
	free(zeros);
	extract_gzip(&t.c, gz.p, gz.len, t.top, "zeros.gz");
	ASSERT_UNINSPECTABLE(&t, "attachment \"a\"", "max_expansion_ratio");
	t_free(&t);

	/* A zip inside, through the dispatcher. */
	struct zw z = { 0 };
	t_init(&t, NULL, NULL);
	zw_add(&z, "in.txt", "[SENSITIVE:ZIPINGZ]");
	zw_finish(&z);
	buf_reset(&gz);
	gzip_of(z.out.p, z.out.len, NULL, &gz);
	buf_free(&z.out);
	extract_gzip(&t.c, gz.p, gz.len, t.top, "a.zip.gz");
	ASSERT_FOUND(&t, "ZIPINGZ", "> a.zip > in.txt", LEVEL_SENSITIVE);
	t_free(&t);
	buf_free(&gz);
	buf_free(&tar);
}
END_TEST

static Suite *extract_zip_suite(void)
{
	Suite *s = suite_create("extract_zip");
	TCase *t = tcase_create("zip");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, docx_every_place);
	tcase_add_test(t, split_runs_are_joined);
	tcase_add_test(t, word_terms_stay_words);
	tcase_add_test(t, xlsx_every_place);
	tcase_add_test(t, pptx_every_place);
	tcase_add_test(t, labels_map_to_levels);
	tcase_add_test(t, embedded_packages_recurse);
	tcase_add_test(t, plain_zip_names_and_nesting);
	tcase_add_test(t, odf_every_place);
	tcase_add_test(t, odf_encrypted_entries);
	tcase_add_test(t, encrypted_entry);
	tcase_add_test(t, not_a_zip);
	tcase_add_test(t, zip_bomb_single_entry);
	tcase_add_test(t, zip_bomb_budget);
	tcase_add_test(t, zip_bomb_nested);
	tcase_add_test(t, lying_sizes);
	tcase_add_test(t, too_many_entries);
	tcase_add_test(t, xml_entities_refused);
	tcase_add_test(t, xml_external_entities_never_read);
	tcase_add_test(t, xml_depth_and_malformed);
	tcase_add_test(t, gzip_file_and_tar);
	suite_add_tcase(s, t);
	return s;
}

CHECK_MAIN(extract_zip_suite)
