/*
 * xmltext.c: XML to text for the scanner (see xmltext.h).
 *
 * One pass, constant work per event: each element's rule comes from its
 * namespace and local name (small tables below), and what the element
 * needs at its end is kept on a stack bounded by xml_depth.  Separators
 * are lazy: an element sets a pending separator, written only before the
 * next text, and an element that held no text takes its separator back,
 * so formatting elements between two runs (w:rPr, w14:...) never split a
 * term.  Output is gathered in a small buffer and handed on in chunks.
 *
 * Text a reader does not see between the words around it (hidden runs,
 * field codes, phonetic and ruby guides) goes to a second channel, the
 * aside, with its own buffer and separators: in line, the words on either
 * side of it join as the reader sees them, and it is still read.  A run
 * is known to be hidden only from its properties (w:rPr), which come
 * before its text; that element's frame is marked and its children
 * inherit the mark.  OpenDocument hides text through automatic styles,
 * defined in the same part before the body: the names of the hidden ones
 * are kept in a fixed buffer with a hash table, so a lookup costs the
 * same however many there are (a part that defines more is stopped).
 */
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "xmltext.h"

#define NS_SEP '\001'
#define OUT_MAX 8192
#define HIDDEN_NAMES 8192       /* bytes of names of hidden ODF styles per part */
#define HIDDEN_SLOTS 1024       /* their hash table, kept at most half full */
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

enum {
	F_BLOCK = 1,            /* set apart from the text around it */
	F_SPACE = 2,            /* stands for white space: a tab, a break */
	F_TEXT = 4,             /* its character data is text */
	F_STRICT = 8,           /* text only in F_TEXT elements of its vocabulary */
	F_HF = 16,              /* a SpreadsheetML header or footer: &-codes */
	F_SHAREDREF = 32,       /* a cell whose value is a shared-string index */
	F_HYPHEN = 64,          /* stands for a non-breaking hyphen */
	F_ASIDE = 128,          /* not seen in line: its text goes aside */
	F_RUN = 256,            /* w:r, which w:vanish in its w:rPr hides */
	F_PARA = 512,           /* w:p, whose mark w:vanish in w:pPr/w:rPr hides */
	F_PPR = 1024,           /* w:pPr */
	F_RPR = 2048,           /* w:rPr */
	F_VANISH = 4096,        /* w:vanish, w:specVanish */
	F_ODFSTYLE = 8192,      /* style:style */
};

enum vocab {
	V_OTHER, V_W, V_A, V_S, V_TEXT, V_TABLE, V_META, V_DRAW, V_XLINK, V_STYLE, V_VML,
};

static const struct {
	const char *uri;
	enum vocab v;
} vocabs[] = {
	{ "http://schemas.openxmlformats.org/wordprocessingml/2006/main", V_W },
	{ "http://purl.oclc.org/ooxml/wordprocessingml/main", V_W },
	{ "http://schemas.openxmlformats.org/drawingml/2006/main", V_A },
	{ "http://purl.oclc.org/ooxml/drawingml/main", V_A },
	{ "http://schemas.openxmlformats.org/spreadsheetml/2006/main", V_S },
	{ "http://purl.oclc.org/ooxml/spreadsheetml/main", V_S },
	{ TEXT_NS, V_TEXT },
	{ "urn:oasis:names:tc:opendocument:xmlns:table:1.0", V_TABLE },
	{ "urn:oasis:names:tc:opendocument:xmlns:meta:1.0", V_META },
	{ "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", V_DRAW },
	{ "http://www.w3.org/1999/xlink", V_XLINK },
	{ STYLE_NS, V_STYLE },
	{ "urn:schemas-microsoft-com:vml", V_VML },
};

struct rule {
	const char *local;
	unsigned short flags;
};

/* WordprocessingML: runs join inside w:p; text is in w:t and its kin.
 * Field codes (their result is shown) and ruby text (a guide above the
 * line) are aside.  Deleted text stays in line: Word shows it struck
 * through or not at all, depending on the view. */
static const struct rule w_rules[] = {        /* sorted by strcmp */
	{ "body", F_BLOCK }, { "br", F_SPACE }, { "comment", F_BLOCK }, { "cr", F_SPACE },
	{ "delInstrText", F_TEXT | F_ASIDE }, { "delText", F_TEXT }, { "endnote", F_BLOCK },
	{ "footnote", F_BLOCK }, { "ftr", F_BLOCK }, { "hdr", F_BLOCK },
	{ "instrText", F_TEXT | F_ASIDE }, { "noBreakHyphen", F_HYPHEN },
	{ "p", F_BLOCK | F_PARA }, { "pPr", F_PPR }, { "ptab", F_SPACE }, { "r", F_RUN },
	{ "rPr", F_RPR }, { "rt", F_ASIDE },
	{ "specVanish", F_VANISH }, { "t", F_TEXT }, { "tab", F_SPACE }, { "tbl", F_BLOCK },
	{ "tc", F_BLOCK }, { "tr", F_BLOCK }, { "txbxContent", F_BLOCK }, { "vanish", F_VANISH },
};

/* DrawingML (PowerPoint, shapes, charts, SmartArt): a:t inside a:p. */
static const struct rule a_rules[] = {        /* sorted */
	{ "br", F_SPACE }, { "p", F_BLOCK }, { "t", F_TEXT }, { "tc", F_BLOCK },
};

/* SpreadsheetML: strings (si, is), cell values and formulas, comments,
 * names, data validation lists, headers and footers.  A phonetic run
 * (rPh) is a guide above the string: aside. */
static const struct rule s_rules[] = {        /* sorted */
	{ "c", F_BLOCK }, { "comment", F_BLOCK }, { "definedName", F_TEXT | F_BLOCK },
	{ "evenFooter", F_TEXT | F_BLOCK | F_HF }, { "evenHeader", F_TEXT | F_BLOCK | F_HF },
	{ "f", F_TEXT | F_BLOCK }, { "firstFooter", F_TEXT | F_BLOCK | F_HF },
	{ "firstHeader", F_TEXT | F_BLOCK | F_HF }, { "formula", F_TEXT | F_BLOCK },
	{ "formula1", F_TEXT | F_BLOCK }, { "formula2", F_TEXT | F_BLOCK },
	{ "oddFooter", F_TEXT | F_BLOCK | F_HF }, { "oddHeader", F_TEXT | F_BLOCK | F_HF },
	{ "rPh", F_BLOCK | F_ASIDE }, { "row", F_BLOCK }, { "si", F_BLOCK }, { "t", F_TEXT },
	{ "v", F_TEXT },
};

/* OpenDocument text: mixed content, spans join inside text:p. */
static const struct rule text_rules[] = {     /* sorted */
	{ "h", F_BLOCK }, { "line-break", F_SPACE }, { "p", F_BLOCK }, { "ruby-text", F_ASIDE },
	{ "s", F_SPACE }, { "tab", F_SPACE },
};


struct frame {
	unsigned short flags;
	unsigned char chan;     /* the channel of its own separators */
	unsigned char aside;    /* what it holds goes aside */
	unsigned char join;     /* a w:p whose mark is hidden: it runs on */
	char saved;             /* its channel's pending separator when it started */
	uint64_t emitted0;      /* its channel's emitted when it started */
	uint64_t ws0;           /* its channel's ws when it started */
};

enum { HF_NORMAL, HF_AMP, HF_FONT, HF_SIZE, HF_COLOR };

/* Where text goes: in line (0) or aside (1). */
struct chan {
	struct sink *out;
	char pending;           /* 0, ' ' or '\n': written before the next text */
	uint64_t emitted;       /* text bytes written */
	uint64_t ws;            /* white-space-only pieces seen */
	size_t nout;
	char buf[OUT_MAX];
};

struct xmltext {
	XML_Parser p;
	struct chan ch[2];
	const struct xml_observer *obs;
	struct frame *stack;
	size_t depth, cap, max_depth;
	int join;               /* the next w:p runs on from the last one */
	int hf, hfn;            /* &-code state in a header or footer */
	int verbatim;           /* in a text element: white space is text */
	int stopped, nomem;
	char problem[200];
	char nsbuf[256];        /* the namespace handed to an observer */
	char last_uri[96];      /* the namespace of the last element */
	size_t last_uri_len;
	enum vocab last_vocab;
	/* ODF: names of the styles that hide text, each ended by a NUL,
	 * and a hash table of them (offset + 1; 0: empty).  The style being
	 * read sits past nhidden until it proves hidden. */
	char hidden[HIDDEN_NAMES];
	size_t nhidden, nslots;
	uint16_t slot[HIDDEN_SLOTS];
	size_t style_len;       /* its name's length with the NUL; 0: none */
	int style_long;         /* its name did not fit */
};

/* ---- output ---- */

static void flush(struct chan *c)
{
	if (c->nout) {
		sink_put(c->out, c->buf, c->nout);
		c->nout = 0;
	}
}

static void out_put(struct chan *c, const char *s, size_t n)
{
	while (n) {
		if (c->nout == OUT_MAX)
			flush(c);
		size_t k = OUT_MAX - c->nout;
		if (k > n)
			k = n;
		memcpy(c->buf + c->nout, s, k);
		c->nout += k;
		s += k;
		n -= k;
	}
}

/* Separators by strength: none < space < line break. */
static int strength(char c)
{
	return c == '\n' ? 2 : c == ' ' ? 1 : 0;
}

static void want_sep(struct chan *c, char sep)
{
	if (strength(sep) > strength(c->pending))
		c->pending = sep;
}

static void emit(struct xmltext *x, struct chan *c, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (c->pending) {
		out_put(c, &c->pending, 1);
		c->pending = 0;
	}
	out_put(c, s, n);
	c->emitted += n;
	/* Hidden text on either side of visible text is not one word. */
	if (c == &x->ch[0])
		want_sep(&x->ch[1], '\n');
}

static void flush_all(struct xmltext *x)
{
	flush(&x->ch[0]);
	flush(&x->ch[1]);
}

/* The channel of the element being read. */
static struct chan *cur(struct xmltext *x)
{
	return &x->ch[x->depth ? x->stack[x->depth - 1].aside : 0];
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return 0;
	return 1;
}

/* Text: outside the text elements of a strict vocabulary, a run of white
 * space only asks for a space before what follows, so that indentation
 * between elements adds nothing, and so that the text does not depend on
 * where expat cut it into pieces; inside them (w:t) it is text. */
static void put_text(struct xmltext *x, struct chan *c, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (x->verbatim) {
		emit(x, c, s, n);
		return;
	}
	if (blank(s, n)) {
		c->ws++;
		want_sep(c, ' ');
		return;
	}
	for (size_t i = 0, j; i < n; i = j) {
		if (is_ws(s[i])) {
			for (j = i; j < n && is_ws(s[j]); j++)
				;
			want_sep(c, ' ');
		} else {
			for (j = i; j < n && !is_ws(s[j]); j++)
				;
			emit(x, c, s + i, j - i);
		}
	}
}

/* A header or footer: "&L&\"Arial,Bold\"&14[SEC&BRET]&RPage &P" reads
 * "[SECRET]", then "Page".  Sections (&L &C &R) are set apart, fields
 * (&P &D...) become spaces, formatting codes vanish. */
static void hf_text(struct xmltext *x, struct chan *c, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (x->hf) {
		case HF_SIZE:
			if (ch >= '0' && ch <= '9') {
				run = i + 1;
				continue;
			}
			x->hf = HF_NORMAL;
			run = i;
			/* fall through */
		case HF_NORMAL:
			if (ch == '&') {
				put_text(x, c, s + run, i - run);
				x->hf = HF_AMP;
				run = i + 1;
			}
			continue;
		case HF_AMP:
			x->hf = HF_NORMAL;
			if (ch >= 'a' && ch <= 'z')
				ch = (unsigned char)(ch - 'a' + 'A');
			if (ch == '&')
				emit(x, c, "&", 1);
			else if (ch == '"')
				x->hf = HF_FONT;
			else if (ch >= '0' && ch <= '9')
				x->hf = HF_SIZE;
			else if (ch == 'K') {
				x->hf = HF_COLOR;
				x->hfn = 6;
			} else if (ch && strchr("LCR", ch))
				want_sep(c, '\n');
			else if (ch && strchr("PNDTZFAG", ch))
				want_sep(c, ' ');
			else if (!ch || !strchr("BIUESXYOH", ch)) {
				emit(x, c, "&", 1);     /* not a code: as written */
				run = i;
				continue;
			}
			break;
		case HF_FONT:
			if (ch == '"')
				x->hf = HF_NORMAL;
			break;
		case HF_COLOR:
			if (--x->hfn == 0)
				x->hf = HF_NORMAL;
			break;
		}
		run = i + 1;
	}
	if (x->hf == HF_NORMAL && run < n)
		put_text(x, c, s + run, n - run);
}

/* ---- stopping ---- */

static void stop(struct xmltext *x, const char *why)
{
	if (x->stopped)
		return;
	x->stopped = 1;
	snprintf(x->problem, sizeof x->problem, "%s", why);
	XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base, const XML_Char *system_id,
    const XML_Char *public_id, const XML_Char *notation)
{
	(void)name; (void)is_param; (void)value; (void)value_len; (void)base;
	(void)system_id; (void)public_id; (void)notation;
	stop(ud, "XML entity declarations are not allowed");
}

static void XMLCALL on_skipped(void *ud, const XML_Char *name, int is_param)
{
	(void)name;
	(void)is_param;
	stop(ud, "XML refers to an entity that is not defined in it (external entities are never read)");
}

static int XMLCALL on_external(XML_Parser p, const XML_Char *context, const XML_Char *base,
    const XML_Char *system_id, const XML_Char *public_id)
{
	(void)p; (void)context; (void)base; (void)system_id; (void)public_id;
	return XML_STATUS_ERROR;        /* never read: not reached, entities are refused */
}

/* Expat knows UTF-8, UTF-16, ISO-8859-1 and US-ASCII; Windows-1252,
 * which some tools write, is added here.  Any other encoding stops the
 * parse (the part is uninspectable, never read wrong). */
static int XMLCALL on_unknown_encoding(void *data, const XML_Char *name, XML_Encoding *info)
{
	(void)data;
	if (strcasecmp(name, "windows-1252") != 0 && strcasecmp(name, "cp1252") != 0 &&
	    strcasecmp(name, "x-cp1252") != 0)
		return XML_STATUS_ERROR;
	for (int i = 0; i < 256; i++)
		info->map[i] = (int)charset_cp1252((unsigned char)i);
	info->data = NULL;
	info->convert = NULL;
	info->release = NULL;
	return XML_STATUS_OK;
}

/* ---- elements ---- */

static enum vocab vocab_lookup(const char *uri, size_t n)
{
	for (size_t i = 0; i < sizeof vocabs / sizeof vocabs[0]; i++)
		if (strncmp(vocabs[i].uri, uri, n) == 0 && vocabs[i].uri[n] == '\0')
			return vocabs[i].v;
	return V_OTHER;
}

/* Most elements of a part share a namespace: the last one is kept. */
static enum vocab vocab_of(struct xmltext *x, const char *uri, size_t n)
{
	if (n != x->last_uri_len || n >= sizeof x->last_uri || memcmp(uri, x->last_uri, n) != 0) {
		x->last_vocab = vocab_lookup(uri, n);
		x->last_uri_len = n;
		if (n < sizeof x->last_uri)
			memcpy(x->last_uri, uri, n);
	}
	return x->last_vocab;
}

/* Binary search: these run once per element, the hottest path here. */
static unsigned rule_search(const struct rule *r, size_t n, const char *local)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(r[mid].local, local);
		if (d == 0)
			return r[mid].flags;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

#define rule_of(table, local) rule_search(table, sizeof table / sizeof table[0], local)

/* The rule for an element, given its parent's flags. */
static unsigned element_flags(enum vocab v, const char *local, unsigned parent)
{
	switch (v) {
	case V_W:
		return F_STRICT | rule_of(w_rules, local);
	case V_A:
		return F_STRICT | rule_of(a_rules, local);
	case V_S: {
		unsigned f = F_STRICT | rule_of(s_rules, local);
		if ((parent & F_SHAREDREF) && strcmp(local, "v") == 0)
			f &= ~(unsigned)F_TEXT;         /* an index, not text */
		return f;
	}
	case V_TEXT:
		return rule_of(text_rules, local);
	default:
		/* Headers and footers of charts (c:oddHeader...) use the
		 * codes of SpreadsheetML's. */
		if ((local[0] == 'o' || local[0] == 'e' || local[0] == 'f') &&
		    (rule_of(s_rules, local) & F_HF))
			return F_BLOCK | F_HF;
		return F_BLOCK;
	}
}

/* An attribute's value, set apart, as text. */
static void attr_text(struct xmltext *x, struct chan *c, const char *v)
{
	size_t n = strlen(v);
	if (blank(v, n))
		return;
	want_sep(c, '\n');
	emit(x, c, v, n);
	want_sep(c, '\n');
}

/* The bytes of the UTF-8 character at s (1 at a stray byte). */
static size_t char_len(const char *s)
{
	size_t n = 1;
	while (((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* A number format (formatCode) shows its literal text in every cell that
 * uses it: "\"[RESTR\"\I\"CTED]\"" shows [RESTRICTED].  Quoted strings,
 * \-escaped and *-fill characters, the symbol of [$sym-lcid] and the
 * characters that stand for themselves are text; other [...] (colours,
 * conditions) show nothing; where a value shows (0 # ? @, dates, [h]) is
 * a space; sections (;) are set apart. */
static void format_text(struct xmltext *x, struct chan *c, const char *s)
{
	want_sep(c, '\n');
	for (size_t i = 0, j; s[i]; ) {
		unsigned char ch = (unsigned char)s[i++];
		switch (ch) {
		case '"':
			for (j = i; s[j] && s[j] != '"'; j++)
				;
			emit(x, c, s + i, j - i);
			i = s[j] ? j + 1 : j;
			break;
		case '\\':
		case '*':
		case '_':               /* a space as wide as the character */
			if (!s[i])
				break;
			j = char_len(s + i);
			if (ch == '_' || s[i] == ' ')
				want_sep(c, ' ');
			else
				emit(x, c, s + i, j);
			i += j;
			break;
		case '[':
			for (j = i; s[j] && s[j] != ']'; j++)
				;
			if (s[i] == '$') {
				size_t k = i + 1;
				while (k < j && s[k] != '-')
					k++;
				emit(x, c, s + i + 1, k - i - 1);
			} else if (j > i && strchr("hHmMsS", s[i])) {
				want_sep(c, ' ');       /* elapsed time */
			}
			i = s[j] ? j + 1 : j;
			break;
		case ';':
			want_sep(c, '\n');
			break;
		case ' ':
			want_sep(c, ' ');
			break;
		default:
			if ((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
			    strchr("#?@.,%", ch)) {
				want_sep(c, ' ');
			} else {
				j = char_len(s + i - 1);
				emit(x, c, s + i - 1, j);
				i += j - 1;
			}
			break;
		}
	}
	want_sep(c, '\n');
}

static int wanted_attr(const char *a)
{
	const char *sep = strchr(a, NS_SEP);
	if (sep == NULL) {
		/* Values people write: sheet, table and object names,
		 * alternative text, tooltips, validation messages. */
		switch (a[0]) {
		case 'n': return strcmp(a, "name") == 0;
		case 'd': return strcmp(a, "descr") == 0 || strcmp(a, "displayName") == 0;
		case 't': return strcmp(a, "title") == 0 || strcmp(a, "tooltip") == 0;
		case 'p': return strcmp(a, "prompt") == 0 || strcmp(a, "promptTitle") == 0;
		case 'e': return strcmp(a, "error") == 0 || strcmp(a, "errorTitle") == 0;
		default: return 0;
		}
	}
	/* The local name first: most attributes end here. */
	const char *local = sep + 1;
	int name = strcmp(local, "name") == 0, title = !name && strcmp(local, "title") == 0;
	if (!name && !title)
		return 0;
	enum vocab v = vocab_lookup(a, (size_t)(sep - a));
	return name ? (v == V_TABLE || v == V_META || v == V_DRAW) : v == V_XLINK;
}

static void attributes(struct xmltext *x, enum vocab v, const char *local, const char **atts)
{
	struct chan *c = cur(x);
	/* Document variables (w:docVar) are where templates may keep a
	 * classification: name and value are both text.  A watermark
	 * (Design > Watermark) is VML WordArt: its text is the string of
	 * v:textpath. */
	int docvar = v == V_W && strcmp(local, "docVar") == 0;
	int textpath = v == V_VML && strcmp(local, "textpath") == 0;
	for (size_t i = 0; atts[i]; i += 2) {
		const char *a = atts[i];
		if (docvar) {
			const char *sep = strchr(a, NS_SEP);
			if (sep && vocab_lookup(a, (size_t)(sep - a)) == V_W &&
			    (strcmp(sep + 1, "name") == 0 || strcmp(sep + 1, "val") == 0))
				attr_text(x, c, atts[i + 1]);
		} else if (textpath && strcmp(a, "string") == 0) {
			attr_text(x, c, atts[i + 1]);
		} else if (a[0] == 'f' && strcmp(a, "formatCode") == 0) {
			format_text(x, c, atts[i + 1]);
		} else if (wanted_attr(a)) {
			attr_text(x, c, atts[i + 1]);
		}
	}
}

/* ---- what the reader does not see ---- */

/* A WordprocessingML on/off property is on unless its val says off. */
static int prop_on(const char **atts)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *sep = strchr(atts[i], NS_SEP);
		if (strcmp(sep ? sep + 1 : atts[i], "val") == 0) {
			const char *v = atts[i + 1];
			return strcmp(v, "0") != 0 && strcasecmp(v, "false") != 0 &&
			    strcasecmp(v, "off") != 0;
		}
	}
	return 1;
}

/* w:vanish in a run's properties hides the run.  In the properties of a
 * paragraph's mark it hides the mark, and Word shows the paragraph run
 * on into the next one.  Called before w:vanish is pushed: its parent is
 * on top of the stack. */
static void vanish(struct xmltext *x, const char **atts)
{
	size_t d = x->depth;
	if (d < 2 || !(x->stack[d - 1].flags & F_RPR) || !prop_on(atts))
		return;
	if (x->stack[d - 2].flags & F_RUN)
		x->stack[d - 2].aside = 1;
	else if (d >= 3 && (x->stack[d - 2].flags & F_PPR) && (x->stack[d - 3].flags & F_PARA))
		x->stack[d - 3].join = 1;
}

/* The slot of a hidden style's name, or the empty slot where it would go. */
static size_t style_slot(const struct xmltext *x, const char *name)
{
	uint32_t h = 2166136261u;               /* FNV-1a */
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	size_t i = h % HIDDEN_SLOTS;
	while (x->slot[i] && strcmp(x->hidden + x->slot[i] - 1, name) != 0)
		i = (i + 1) % HIDDEN_SLOTS;
	return i;
}

/* OpenDocument: <style:style style:name="T1"><style:text-properties
 * text:display="none"/> makes T1 a style that hides text.  The name of
 * each style:style is put past the names kept, and kept only if its
 * text properties hide. */
static void odf_style(struct xmltext *x, const char *local, const char **atts, unsigned parent)
{
	if (strcmp(local, "style") == 0) {
		const char *name = xmltext_attr(atts, STYLE_NS "\001name");
		size_t n = name ? strlen(name) + 1 : 0;
		x->style_long = n > sizeof x->hidden - x->nhidden;
		x->style_len = x->style_long ? 0 : n;
		if (x->style_len)
			memcpy(x->hidden + x->nhidden, name, n);
	} else if ((parent & F_ODFSTYLE) && strcmp(local, "text-properties") == 0) {
		const char *d = xmltext_attr(atts, TEXT_NS "\001display");
		if (d == NULL || strcmp(d, "none") != 0)
			return;
		if (x->style_long || (x->style_len && x->nslots >= HIDDEN_SLOTS / 2)) {
			stop(x, "more styles that hide text than can be kept");
			return;
		}
		if (x->style_len == 0)
			return;         /* no name, or kept already */
		size_t i = style_slot(x, x->hidden + x->nhidden);
		if (x->slot[i] == 0) {
			x->slot[i] = (uint16_t)(x->nhidden + 1);
			x->nslots++;
			x->nhidden += x->style_len;
		}
		x->style_len = 0;
	}
}

/* 1 if an OpenDocument text element hides what it holds: text:display
 * on it (text:section), or a style that hides. */
static int odf_hides(const struct xmltext *x, const char **atts)
{
	const char *d = xmltext_attr(atts, TEXT_NS "\001display");
	if (d && strcmp(d, "none") == 0)
		return 1;
	const char *st = x->nslots ? xmltext_attr(atts, TEXT_NS "\001style-name") : NULL;
	return st && x->slot[style_slot(x, st)] != 0;
}

static int push(struct xmltext *x)
{
	if (x->depth < x->cap)
		return 0;
	size_t nc = x->cap * 2;
	if (nc > x->max_depth)
		nc = x->max_depth;
	struct frame *s = realloc(x->stack, nc * sizeof *s);
	if (s == NULL) {
		x->nomem = 1;
		stop(x, "out of memory");
		return -1;
	}
	x->stack = s;
	x->cap = nc;
	return 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xmltext *x = ud;

	if (x->stopped)
		return;
	if (x->depth >= x->max_depth) {
		stop(x, "XML elements nested deeper than xml_depth");
		return;
	}
	if (push(x) < 0)
		return;
	const char *sep = strchr(name, NS_SEP);
	const char *local = sep ? sep + 1 : name;
	enum vocab v = sep ? vocab_of(x, name, (size_t)(sep - name)) : V_OTHER;
	const struct frame *up = x->depth ? &x->stack[x->depth - 1] : NULL;
	unsigned f = element_flags(v, local, up ? up->flags : 0);
	if (v == V_S && strcmp(local, "c") == 0) {
		const char *t = xmltext_attr(atts, "t");
		if (t && strcmp(t, "s") == 0)
			f |= F_SHAREDREF;
	}
	if (f & F_VANISH)
		vanish(x, atts);
	if (v == V_STYLE) {
		odf_style(x, local, atts, up ? up->flags : 0);
		if (strcmp(local, "style") == 0)
			f |= F_ODFSTYLE;
	}
	int aside = (up && up->aside) || (f & F_ASIDE) || (v == V_TEXT && odf_hides(x, atts));
	struct chan *c = &x->ch[aside];
	struct frame *fr = &x->stack[x->depth++];
	fr->flags = (unsigned short)f;
	fr->chan = fr->aside = (unsigned char)aside;
	fr->join = 0;
	fr->saved = c->pending;
	fr->emitted0 = c->emitted;
	fr->ws0 = c->ws;
	if (f & F_BLOCK) {
		/* The paragraph after one whose mark is hidden runs on. */
		if (!(aside == 0 && x->join && (f & F_PARA)))
			want_sep(c, '\n');
		if (aside == 0) {
			x->join = 0;
			want_sep(&x->ch[1], '\n');
		}
	}
	if (f & F_SPACE)
		want_sep(c, ' ');
	if (f & F_HYPHEN)
		emit(x, c, "-", 1);
	if (f & F_HF)
		x->hf = HF_NORMAL;
	if (atts[0])
		attributes(x, v, local, atts);
	if (x->obs && x->obs->start) {
		size_t n = sep ? (size_t)(sep - name) : 0;
		if (n >= sizeof x->nsbuf)
			n = sizeof x->nsbuf - 1;
		memcpy(x->nsbuf, name, n);
		x->nsbuf[n] = '\0';
		x->obs->start(x->obs->ctx, x->nsbuf, local, atts);
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xmltext *x = ud;

	if (x->stopped || x->depth == 0)
		return;
	struct frame *fr = &x->stack[--x->depth];
	struct chan *c = &x->ch[fr->chan];
	if (fr->flags & F_BLOCK) {
		if (c->emitted != fr->emitted0) {
			if (!fr->join)
				want_sep(c, '\n');
		} else {
			/* Nothing inside: as if it were not there. */
			c->pending = fr->saved;
			if (c->ws != fr->ws0)
				want_sep(c, ' ');
		}
		if (fr->chan == 0) {
			x->join = fr->join;
			want_sep(&x->ch[1], '\n');
		}
	}
	if (x->obs && x->obs->end) {
		const char *sep = strchr(name, NS_SEP);
		size_t n = sep ? (size_t)(sep - name) : 0;
		if (n >= sizeof x->nsbuf)
			n = sizeof x->nsbuf - 1;
		memcpy(x->nsbuf, name, n);
		x->nsbuf[n] = '\0';
		x->obs->end(x->obs->ctx, x->nsbuf, sep ? sep + 1 : name);
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xmltext *x = ud;

	if (x->stopped || len <= 0)
		return;
	if (x->obs && x->obs->text)
		x->obs->text(x->obs->ctx, s, (size_t)len);
	unsigned f = x->depth ? x->stack[x->depth - 1].flags : 0;
	if ((f & F_STRICT) && !(f & F_TEXT))
		return;
	x->verbatim = (f & F_TEXT) != 0;
	if (f & F_HF)
		hf_text(x, cur(x), s, (size_t)len);
	else
		put_text(x, cur(x), s, (size_t)len);
}

/* ---- the parser ---- */

struct xmltext *xmltext_new(struct sink *out, struct sink *aside, const struct limits *lim,
    const struct xml_observer *obs)
{
	struct xmltext *x = calloc(1, sizeof *x);

	if (x == NULL)
		return NULL;
	x->ch[0].out = out;
	x->ch[1].out = aside;
	x->obs = obs;
	x->max_depth = lim->xml_depth ? lim->xml_depth : 256;
	x->cap = x->max_depth < 64 ? x->max_depth : 64;
	x->stack = malloc(x->cap * sizeof *x->stack);
	x->p = XML_ParserCreateNS(NULL, NS_SEP);
	if (x->stack == NULL || x->p == NULL) {
		xmltext_free(x);
		return NULL;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetEntityDeclHandler(x->p, on_entity_decl);
	XML_SetSkippedEntityHandler(x->p, on_skipped);
	XML_SetExternalEntityRefHandler(x->p, on_external);
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetUnknownEncodingHandler(x->p, on_unknown_encoding, NULL);
	return x;
}

int xmltext_feed(struct xmltext *x, const char *p, size_t n, int last)
{
	if (x->stopped) {
		flush_all(x);
		return -1;
	}
	do {
		int k = n > (1u << 30) ? 1 << 30 : (int)n;
		int fin = last && (size_t)k == n;
		if (XML_Parse(x->p, p, k, fin) != XML_STATUS_OK) {
			if (!x->stopped) {
				enum XML_Error e = XML_GetErrorCode(x->p);
				char why[sizeof x->problem];
				if (e == XML_ERROR_NO_MEMORY)
					x->nomem = 1;
				snprintf(why, sizeof why, "malformed XML (%s, line %lu)",
				    XML_ErrorString(e), (unsigned long)XML_GetCurrentLineNumber(x->p));
				x->stopped = 1;
				memcpy(x->problem, why, sizeof why);
			}
			flush_all(x);
			return -1;
		}
		p += k;
		n -= (size_t)k;
	} while (n);
	if (last)
		flush_all(x);
	return 0;
}

void xmltext_flush(struct xmltext *x)
{
	flush_all(x);
}

const char *xmltext_problem(const struct xmltext *x)
{
	return x->stopped ? x->problem : NULL;
}

int xmltext_nomem(const struct xmltext *x)
{
	return x->nomem;
}

void xmltext_free(struct xmltext *x)
{
	if (x == NULL)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	free(x->stack);
	free(x);
}

const char *xmltext_attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}
