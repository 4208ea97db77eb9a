/*
 * html.c: HTML to text as a small state machine over bytes, so that a
 * part of any size streams through it.  It follows the HTML tokenizer
 * closely enough for the text: what a browser shows, this emits, in the
 * flow or aside (html.h).
 *
 * Hidden text is a choice between two mistakes, and both lose a term.
 * Take hidden text for shown, and "[RESTR", hidden "zz", "ICTED]" reads
 * "[RESTRzzICTED]"; take shown text for hidden, and "[RESTR" stays in
 * the flow while "ICTED]" goes aside.  So the rules here are HTML's and
 * CSS's own, as far as they go: a style that does not parse hides
 * nothing, a descendant can show again what visibility, font size and
 * mso-hide hid, and the elements an end tag closes are those HTML
 * closes.  What they do not cover (a style sheet that overrides an
 * element's style, a client that ignores a property) is in
 * doc/THREAT-MODEL.md.
 *
 * Time is linear and memory fixed: a tag looks at the open elements a
 * few times at most, and there are at most HTML_DEPTH of them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "html.h"
#include "utf8.h"

enum {
	S_TEXT, S_LT, S_TAG, S_ATTRS, S_BANG, S_BANG_DASH, S_COMMENT, S_BOGUS_BANG,
	S_BOGUS, S_REF, S_NUM, S_RAW, S_RAW_LT, S_RAW_TAG,
};

/* What the attribute value being read is. */
enum { V_NONE, V_TEXT, V_STYLE, V_SIZE };

/* Why an element is hidden.  H_GONE is for good; a descendant can undo
 * the others with a declaration of its own. */
enum {
	H_GONE = 1,             /* display:none, opacity zero, the hidden attribute */
	H_VIS = 2,              /* visibility:hidden or collapse */
	H_SIZE = 4,             /* a font size of zero */
	H_MSO = 8,              /* mso-hide:all (Outlook) */
};

/* What HTML makes of an element. */
enum {
	E_BLOCK = 1,            /* a line break on the screen */
	E_VOID = 2,             /* no content and no end tag: never open */
	E_SPECIAL = 4,          /* "special": an unknown end tag looks no further */
	E_FORMAT = 8,           /* a formatting element: its end tag looks as far as its scope */
	E_TABLE_PART = 16,      /* its end tag looks as far as table scope */
	E_SCOPE = 32,           /* bounds the default scope */
	E_TSCOPE = 64,          /* bounds table scope */
	E_BUTTON = 128,         /* bounds button scope */
	E_ADP = 256,            /* address, div, p: a <li> looks past them */
	E_LIST = 512,           /* an open special element but those: a <li> does not */
	E_ANY = 1024,           /* every open element */
};

/* Elements that a start tag ends (HTML's implied end tags), and where
 * the search for one gives up (group_stop, in the order of the bits). */
enum {
	G_P = 1, G_LI = 2, G_DD = 4, G_CELL = 8, G_TR = 16, G_SECTION = 32,
	G_HEADING = 64, G_OPTION = 128, G_OPTGROUP = 256, G_A = 512, G_NOBR = 1024,
};
static const unsigned short group_stop[] = {
	E_SCOPE | E_BUTTON, E_LIST, E_LIST, E_TSCOPE, E_TSCOPE, E_TSCOPE,
	E_ANY, E_ANY, E_ANY, E_SCOPE, E_SCOPE,
};

/* The elements HTML treats apart, sorted by name.  Any other element is
 * inline, has no end tag of its own to imply, and is not special. */
static const struct element {
	const char *name;
	unsigned short is;      /* E_* */
	unsigned short group;   /* the G_* it is in */
	unsigned short ends;    /* the G_* its start tag ends */
} elements[] = {
	{ "a", E_FORMAT, G_A, G_A },
	{ "address", E_BLOCK | E_SPECIAL | E_ADP, 0, G_P },
	{ "applet", E_SPECIAL | E_SCOPE, 0, 0 },
	{ "area", E_VOID | E_SPECIAL, 0, 0 },
	{ "article", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "aside", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "b", E_FORMAT, 0, 0 },
	{ "base", E_VOID | E_SPECIAL, 0, 0 },
	{ "basefont", E_VOID | E_SPECIAL, 0, 0 },
	{ "bgsound", E_VOID | E_SPECIAL, 0, 0 },
	{ "big", E_FORMAT, 0, 0 },
	{ "blockquote", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "body", E_SPECIAL, 0, 0 },
	{ "br", E_BLOCK | E_VOID | E_SPECIAL, 0, 0 },
	{ "button", E_SPECIAL | E_BUTTON, 0, 0 },
	{ "caption", E_BLOCK | E_SPECIAL | E_TABLE_PART | E_SCOPE, 0, 0 },
	{ "center", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "code", E_FORMAT, 0, 0 },
	{ "col", E_VOID | E_SPECIAL | E_TABLE_PART, 0, 0 },
	{ "colgroup", E_SPECIAL | E_TABLE_PART, 0, 0 },
	{ "dd", E_BLOCK | E_SPECIAL, G_DD, G_P | G_DD },
	{ "details", E_SPECIAL, 0, G_P },
	{ "dialog", 0, 0, G_P },
	{ "dir", E_SPECIAL, 0, G_P },
	{ "div", E_BLOCK | E_SPECIAL | E_ADP, 0, G_P },
	{ "dl", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "dt", E_BLOCK | E_SPECIAL, G_DD, G_P | G_DD },
	{ "em", E_FORMAT, 0, 0 },
	{ "embed", E_VOID | E_SPECIAL, 0, 0 },
	{ "fieldset", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "figcaption", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "figure", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "font", E_FORMAT, 0, 0 },
	{ "footer", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "form", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "frame", E_VOID | E_SPECIAL, 0, 0 },
	{ "frameset", E_SPECIAL, 0, 0 },
	{ "h1", E_BLOCK | E_SPECIAL, G_HEADING, G_P | G_HEADING },
	{ "h2", E_BLOCK | E_SPECIAL, G_HEADING, G_P | G_HEADING },
	{ "h3", E_BLOCK | E_SPECIAL, G_HEADING, G_P | G_HEADING },
	{ "h4", E_BLOCK | E_SPECIAL, G_HEADING, G_P | G_HEADING },
	{ "h5", E_BLOCK | E_SPECIAL, G_HEADING, G_P | G_HEADING },
	{ "h6", E_BLOCK | E_SPECIAL, G_HEADING, G_P | G_HEADING },
	{ "head", E_SPECIAL, 0, 0 },
	{ "header", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "hgroup", E_SPECIAL, 0, G_P },
	{ "hr", E_BLOCK | E_VOID | E_SPECIAL, 0, G_P },
	{ "html", E_SPECIAL | E_SCOPE | E_TSCOPE, 0, 0 },
	{ "i", E_FORMAT, 0, 0 },
	{ "iframe", E_SPECIAL, 0, 0 },
	{ "image", E_VOID, 0, 0 },
	{ "img", E_VOID | E_SPECIAL, 0, 0 },
	{ "input", E_VOID | E_SPECIAL, 0, 0 },
	{ "keygen", E_VOID | E_SPECIAL, 0, 0 },
	{ "li", E_BLOCK | E_SPECIAL, G_LI, G_P | G_LI },
	{ "link", E_VOID | E_SPECIAL, 0, 0 },
	{ "listing", E_SPECIAL, 0, G_P },
	{ "main", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "marquee", E_SPECIAL | E_SCOPE, 0, 0 },
	{ "menu", E_SPECIAL, 0, G_P },
	{ "meta", E_VOID | E_SPECIAL, 0, 0 },
	{ "nav", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "nobr", E_FORMAT, G_NOBR, G_NOBR },
	{ "noembed", E_SPECIAL, 0, 0 },
	{ "noframes", E_SPECIAL, 0, 0 },
	{ "noscript", E_SPECIAL, 0, 0 },
	{ "object", E_SPECIAL | E_SCOPE, 0, 0 },
	{ "ol", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "optgroup", 0, G_OPTGROUP, G_OPTION | G_OPTGROUP },
	{ "option", 0, G_OPTION, G_OPTION },
	{ "p", E_BLOCK | E_SPECIAL | E_ADP, G_P, G_P },
	{ "param", E_VOID | E_SPECIAL, 0, 0 },
	{ "plaintext", E_SPECIAL, 0, G_P },
	{ "pre", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "s", E_FORMAT, 0, 0 },
	{ "script", E_SPECIAL, 0, 0 },
	{ "search", E_SPECIAL, 0, G_P },
	{ "section", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "select", E_SPECIAL, 0, 0 },
	{ "small", E_FORMAT, 0, 0 },
	{ "source", E_VOID | E_SPECIAL, 0, 0 },
	{ "strike", E_FORMAT, 0, 0 },
	{ "strong", E_FORMAT, 0, 0 },
	{ "style", E_SPECIAL, 0, 0 },
	{ "summary", E_SPECIAL, 0, G_P },
	{ "table", E_BLOCK | E_SPECIAL | E_TABLE_PART | E_SCOPE | E_TSCOPE, 0, G_P },
	{ "tbody", E_SPECIAL | E_TABLE_PART, G_SECTION, G_SECTION },
	{ "td", E_BLOCK | E_SPECIAL | E_TABLE_PART | E_SCOPE, G_CELL, G_CELL },
	{ "template", E_SPECIAL | E_SCOPE | E_TSCOPE, 0, 0 },
	{ "textarea", E_SPECIAL, 0, 0 },
	{ "tfoot", E_SPECIAL | E_TABLE_PART, G_SECTION, G_SECTION },
	{ "th", E_BLOCK | E_SPECIAL | E_TABLE_PART | E_SCOPE, G_CELL, G_CELL },
	{ "thead", E_SPECIAL | E_TABLE_PART, G_SECTION, G_SECTION },
	{ "title", E_SPECIAL, 0, 0 },
	{ "tr", E_BLOCK | E_SPECIAL | E_TABLE_PART, G_TR, G_TR },
	{ "track", E_VOID | E_SPECIAL, 0, 0 },
	{ "tt", E_FORMAT, 0, 0 },
	{ "u", E_FORMAT, 0, 0 },
	{ "ul", E_BLOCK | E_SPECIAL, 0, G_P },
	{ "wbr", E_VOID | E_SPECIAL, 0, 0 },
	{ "xmp", E_SPECIAL, 0, G_P },
};

/* Elements whose content is never shown. */
static const char *const skipped[] = { "script", "style", NULL };

const struct entity *entity_find(const char *name, unsigned n)
{
	unsigned lo = 0, hi = entities_count;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		int c = strncmp(entities[mid].name, name, n);
		if (c == 0 && entities[mid].name[n] != '\0')
			c = 1;
		if (c == 0)
			return &entities[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void flush(struct html_sink *h)
{
	sink_put(h->to, h->out, h->nout);
	h->nout = 0;
}

/* Output goes to s from here on. */
static void to(struct html_sink *h, struct sink *s)
{
	if (h->to != s) {
		flush(h);
		h->to = s;
	}
}

static void emit(struct html_sink *h, const char *p, size_t n)
{
	if (h->nout + n > sizeof h->out)
		flush(h);
	memcpy(h->out + h->nout, p, n);
	h->nout += n;
}

static void emitc(struct html_sink *h, char c)
{
	if (h->nout == sizeof h->out)
		flush(h);
	h->out[h->nout++] = c;
}

static int in_list(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return i + 1;
	return 0;
}

/* Where the text at this point goes: aside inside a hidden element, and
 * inside an Outlook conditional section ("<!--[if mso]>...<![endif]-->"):
 * Outlook shows what browsers take for a comment, and "<!--[if !mso]>
 * <!-->...<!--<![endif]-->" the other way round.  Aside, that text
 * cannot split a term for the clients that skip it; the second reading
 * with everything in the flow (classify.c) is Outlook's. */
static struct sink *flow(const struct html_sink *h)
{
	return h->cond || (h->depth && h->open[h->depth - 1].hide) ? h->aside : h->next;
}

static void text(struct html_sink *h, const char *p, size_t n)
{
	to(h, flow(h));
	emit(h, p, n);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The bytes of an attribute value, references decoded, to what reads it. */
static void value_put(struct html_sink *h, const char *p, size_t n)
{
	switch (h->value) {
	case V_TEXT:
		to(h, h->aside);
		emit(h, p, n);
		break;
	case V_STYLE:
		css_put(&h->css, p, n);
		break;
	case V_SIZE:
		/* <font size>: an optional sign, then a digit, is a size of
		 * its own (has_size: 1 before the sign, 2 after, 3 read). */
		for (size_t i = 0; i < n && h->has_size < 3; i++) {
			char c = p[i];
			if (h->has_size == 1 && is_space(c))
				continue;
			if (h->has_size == 1 && (c == '+' || c == '-')) {
				h->has_size = 2;
				continue;
			}
			h->size_ok = c >= '0' && c <= '9';
			h->has_size = 3;
		}
		break;
	}
}

/* A decoded character reference: text, or part of an attribute value. */
static void ref_out(struct html_sink *h, const char *p, size_t n)
{
	if (h->ref_return == S_ATTRS)
		value_put(h, p, n);
	else
		text(h, p, n);
}

/* HTML's replacements for numeric references to 0x80-0x9F. */
static unsigned numeric_fixup(unsigned cp)
{
	static const unsigned short c1[32] = {
		0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
		0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
		0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
		0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
	};
	if (cp >= 0x80 && cp < 0xa0)
		return c1[cp - 0x80];
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return 0xfffd;
	return cp;
}

/* The numeric reference read so far ends: its character, or what was
 * written if no digit came ("&#", "&#x"). */
static void finish_num(struct html_sink *h)
{
	char u[4];

	if (h->num_digits == 0) {
		char w[3] = { '&', '#', h->num_x };
		ref_out(h, w, h->num_x ? 3 : 2);
		return;
	}
	ref_out(h, u, utf8_encode(numeric_fixup((unsigned)h->num), u));
}

/* Decodes the named reference in h->ref (without '&'); next is the byte
 * that ended it (';' is part of it), or -1 at the end of the text.
 * Emits the text, or the reference as written. */
static void finish_ref(struct html_sink *h, int next)
{
	const char *r = h->ref;
	size_t n = h->nref;
	int terminated = next == ';';
	/* In an attribute value HTML leaves a legacy name without ';' as it
	 * is when a letter, a digit or '=' follows: "?a=1&copy=2" in a URL. */
	int in_value = h->ref_return == S_ATTRS;

	if (n > 0) {
		const struct entity *e = entity_find(r, (unsigned)n);
		if (e && (terminated || (e->legacy && !(in_value && next == '=')))) {
			ref_out(h, e->utf8, strlen(e->utf8));
			return;
		}
		/* "&notit;": the longest legacy prefix ("not"), then text;
		 * in a value a letter follows that prefix, so it stays. */
		for (size_t k = n - 1; k >= 2 && !in_value; k--) {
			e = entity_find(r, (unsigned)k);
			if (e && e->legacy) {
				ref_out(h, e->utf8, strlen(e->utf8));
				ref_out(h, r + k, n - k);
				if (terminated)
					ref_out(h, ";", 1);
				return;
			}
		}
	}
	ref_out(h, "&", 1);
	ref_out(h, r, n);
	if (terminated)
		ref_out(h, ";", 1);
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The first bytes of a comment or of "<!...>", kept to tell conditional
 * sections by. */
static void cbuf_put(struct html_sink *h, char c)
{
	if (h->ncbuf < sizeof h->cbuf)
		h->cbuf[h->ncbuf++] = lower(c);
	h->cprev = c;
}

static int cbuf_starts(const struct html_sink *h, const char *s)
{
	size_t k = strlen(s);
	return h->ncbuf >= k && memcmp(h->cbuf, s, k) == 0;
}

/* "[endif]" (or "<![endif]" inside a comment) closes a section. */
static void cond_end(struct html_sink *h, const char *mark)
{
	if (h->cond && cbuf_starts(h, mark))
		h->cond--;
}

static int attr_is(const struct html_sink *h, const char *name)
{
	return h->nattr == strlen(name) && memcmp(h->attr, name, h->nattr) == 0;
}

/* The attribute whose '=' was just read: what is its value?  Only start
 * tags have attributes that count, and not <script> or <style>; of two
 * style or size attributes HTML keeps the first. */
static int value_kind(struct html_sink *h)
{
	if (h->end_tag || h->skip)
		return V_NONE;
	if (attr_is(h, "alt") || attr_is(h, "title"))
		return V_TEXT;
	if (attr_is(h, "style") && !h->has_style) {
		h->has_style = 1;
		return V_STYLE;
	}
	if (attr_is(h, "size") && !h->has_size && strcmp(h->tag, "font") == 0) {
		h->has_size = 1;
		return V_SIZE;
	}
	return V_NONE;
}

/* An attribute's name ends (at '=', white space, '/' or '>'). */
static void name_done(struct html_sink *h)
{
	if (h->in_name && attr_is(h, "hidden") && !h->end_tag)
		h->has_hidden = 1;
	h->in_name = 0;
}

/* An attribute's value ends. */
static void value_done(struct html_sink *h)
{
	if (h->value == V_TEXT)
		value_put(h, "\n", 1);
	else if (h->value == V_STYLE)
		css_end(&h->css);
	h->value = V_NONE;
}

static int element_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct element *)e)->name);
}

/* A tag's name is complete. */
static void tag_done(struct html_sink *h)
{
	const struct element *e;
	uint32_t hash = 2166136261u;    /* FNV-1a: compares open elements fast */

	h->tag[h->ntag < sizeof h->tag ? h->ntag : sizeof h->tag - 1] = '\0';
	for (const char *t = h->tag; *t; t++)
		hash = (hash ^ (unsigned char)*t) * 16777619u;
	h->tag_hash = hash;
	e = bsearch(h->tag, elements, sizeof elements / sizeof elements[0], sizeof elements[0],
	    element_cmp);
	h->tag_is = e ? e->is : 0;
	h->tag_group = e ? e->group : 0;
	h->tag_ends = e ? e->ends : 0;
	if (!h->end_tag) {
		int s = in_list(skipped, h->tag);
		if (s)
			h->skip = s;
	}
	h->has_hidden = h->has_style = h->has_size = h->size_ok = 0;
	css_init(&h->css);
}

static void attrs_start(struct html_sink *h)
{
	h->quote = 0;
	h->after_eq = 0;
	h->unquoted = 0;
	h->in_name = 0;
	h->value = V_NONE;
	h->nattr = 0;
}

/* The open element nearest the current node that is in group (or, if
 * group is 0, has the tag's name), or -1 if one of a kind in stop comes
 * first. */
static int find_open(const struct html_sink *h, unsigned group, unsigned stop)
{
	for (size_t i = h->depth; i-- > 0; ) {
		const struct html_open *o = &h->open[i];
		if (group ? (o->group & group) != 0
		    : o->hash == h->tag_hash && strcmp(o->name, h->tag) == 0)
			return (int)i;
		if (o->is & stop)
			return -1;
	}
	return -1;
}

/* Why the element of the start tag just read is hidden: its parent's
 * reasons, less those it undoes, and its own. */
static unsigned char hidden_by(struct html_sink *h)
{
	const unsigned char *e = h->css.effect;
	unsigned char hide = h->depth ? h->open[h->depth - 1].hide : 0, own = 0;

	if (e[CSS_VISIBILITY] == CSS_SHOW)
		hide &= (unsigned char)~H_VIS;
	/* <font size> is a size of its own, unless the style says otherwise. */
	if (e[CSS_FONT_SIZE] == CSS_SHOW || (e[CSS_FONT_SIZE] == CSS_KEEP && h->size_ok))
		hide &= (unsigned char)~H_SIZE;
	if (e[CSS_MSO_HIDE] == CSS_SHOW)
		hide &= (unsigned char)~H_MSO;
	/* The hidden attribute is display:none, which any display overrides. */
	if (e[CSS_DISPLAY] == CSS_HIDE || e[CSS_OPACITY] == CSS_HIDE ||
	    (h->has_hidden && e[CSS_DISPLAY] != CSS_SHOW))
		own |= H_GONE;
	if (e[CSS_VISIBILITY] == CSS_HIDE)
		own |= H_VIS;
	if (e[CSS_FONT_SIZE] == CSS_HIDE)
		own |= H_SIZE;
	if (e[CSS_MSO_HIDE] == CSS_HIDE)
		own |= H_MSO;
	if (own)
		h->hides = 1;
	return hide | own;
}

/* A start tag is complete: end what it ends, then open its element. */
static void start_tag(struct html_sink *h)
{
	for (size_t g = 0; g < sizeof group_stop / sizeof group_stop[0]; g++) {
		if (h->tag_ends & (1u << g)) {
			int k = find_open(h, 1u << g, group_stop[g]);
			if (k >= 0)
				h->depth = (size_t)k;
		}
	}
	unsigned char hide = hidden_by(h);
	if (h->tag_is & E_BLOCK) {
		/* A hidden block is no line break on the screen. */
		to(h, hide ? h->aside : h->next);
		emitc(h, '\n');
	}
	if (h->skip || (h->tag_is & E_VOID))
		return;
	/*
	 * Past the stack, which text is hidden can no longer be told.
	 * Neither guess is safe: text taken for shown lets hidden junk split
	 * a term in the flow, text taken for hidden takes half a term out of
	 * it, and an attacker nests as deep as he likes to get either.  So
	 * the element is not tracked (its text reads as its parent's), and
	 * if the part hides text anywhere, the caller stamps it uninspectable
	 * (too_deep): never passed as clean.  A part that hides nothing reads
	 * as it always did, whatever its depth.
	 */
	if (h->depth == HTML_DEPTH) {
		h->lost = 1;
		return;
	}
	struct html_open *o = &h->open[h->depth++];
	memcpy(o->name, h->tag, sizeof o->name);
	o->hash = h->tag_hash;
	o->is = (unsigned short)(h->tag_is | E_ANY);
	if ((o->is & E_SPECIAL) && !(o->is & E_ADP))
		o->is |= E_LIST;
	o->group = h->tag_group;
	o->hide = hide;
}

/* An end tag is complete: it closes its element and those opened inside
 * it, if HTML finds it.  An unknown element's end tag does not look past
 * a special one ("<span><div></span>" leaves both open); a special or
 * formatting one looks as far as its scope. */
static void end_tag(struct html_sink *h)
{
	struct sink *s = flow(h);
	unsigned stop = h->tag_is & E_TABLE_PART ? E_TSCOPE
	    : h->tag_is & (E_SPECIAL | E_FORMAT) ? E_SCOPE : E_SPECIAL;
	int k = find_open(h, 0, stop);

	if (k >= 0) {
		s = h->open[k].hide ? h->aside : h->next;
		h->depth = (size_t)k;
	}
	if (h->tag_is & E_BLOCK) {
		to(h, s);
		emitc(h, '\n');
	}
}

static void put(struct sink *self, const char *p, size_t n)
{
	struct html_sink *h = (struct html_sink *)self;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		switch (h->state) {
		case S_TEXT: {
			/* Copy the run up to the next '<' or '&' at once. */
			size_t j = i;
			while (j < n && p[j] != '<' && p[j] != '&')
				j++;
			if (j > i)
				text(h, p + i, j - i);
			i = j;
			if (i == n)
				break;
			if (p[i] == '<')
				h->state = S_LT;
			else {
				h->state = S_REF;
				h->ref_return = S_TEXT;
				h->nref = 0;
			}
			break;
		}
		case S_LT:
			h->end_tag = 0;
			h->ntag = 0;
			if (c == '!')
				h->state = S_BANG;
			else if (c == '?')
				h->state = S_BOGUS;
			else if (c == '/')
				h->end_tag = 1, h->state = S_TAG;
			else if (is_alpha(c)) {
				h->tag[h->ntag++] = lower(c);
				h->state = S_TAG;
			} else {
				text(h, "<", 1);
				h->state = S_TEXT;
				i--;
			}
			break;
		case S_TAG:
			if (is_alpha(c) || is_digit(c) || c == '-' || c == ':') {
				if (h->ntag < sizeof h->tag - 1)
					h->tag[h->ntag++] = lower(c);
				else
					h->ntag = sizeof h->tag;        /* too long: no match */
			} else if (h->ntag == 0 && h->end_tag) {
				/* "</>" or "</ x>": a bogus comment in HTML. */
				h->state = c == '>' ? S_TEXT : S_BOGUS;
			} else {
				tag_done(h);
				attrs_start(h);
				h->state = S_ATTRS;
				i--;
			}
			break;
		case S_ATTRS:
			if (h->quote || h->unquoted) {
				int closes = h->quote ? c == h->quote : is_space(c) || c == '>';
				if (closes) {
					value_done(h);
					h->quote = 0;
					if (h->unquoted) {
						h->unquoted = 0;
						i--;    /* the space or '>' is read again */
					}
				} else if (h->value != V_NONE && c == '&') {
					h->state = S_REF;
					h->ref_return = S_ATTRS;
					h->nref = 0;
				} else {
					value_put(h, &c, 1);
				}
			} else if ((c == '"' || c == '\'') && h->after_eq) {
				h->quote = c;
				h->after_eq = 0;
				if (h->value == V_TEXT)
					value_put(h, "\n", 1);
			} else if (c == '>') {
				name_done(h);
				if (h->end_tag)
					end_tag(h);
				else
					start_tag(h);
				h->state = h->skip ? S_RAW : S_TEXT;
			} else if (c == '=') {
				name_done(h);
				h->after_eq = 1;
				h->value = value_kind(h);
			} else if (is_space(c)) {
				name_done(h);
			} else if (h->after_eq) {
				h->after_eq = 0;
				h->unquoted = 1;
				if (h->value == V_TEXT)
					value_put(h, "\n", 1);
				i--;            /* the value's first character */
			} else if (c == '/') {
				name_done(h);   /* "<b/hidden>", "<br/>" */
			} else {
				if (!h->in_name)
					h->nattr = 0;
				h->in_name = 1;
				if (h->nattr < sizeof h->attr)
					h->attr[h->nattr++] = lower(c);
			}
			break;
		case S_BANG:
			h->ncbuf = 0;
			if (c == '-')
				h->state = S_BANG_DASH;
			else if (c == '>')
				h->state = S_TEXT;
			else {
				cbuf_put(h, c);
				h->state = S_BOGUS_BANG;
			}
			break;
		case S_BANG_DASH:
			if (c == '-') {
				h->state = S_COMMENT;
				h->dashes = 0;
				h->ncbuf = 0;
				h->ntag = 0;    /* counts characters: "<!-->" ends at once */
			} else
				h->state = c == '>' ? S_TEXT : S_BOGUS;
			break;
		case S_COMMENT:
			if (c == '>' && h->ntag > 0 && h->cprev == ']' && cbuf_starts(h, "[if")) {
				/* "<!--[if mso]>": what follows is Outlook's. */
				h->cond++;      /* 13 bytes each: no message overflows it */
				h->hides = 1;
				h->state = S_TEXT;
				break;
			}
			if (c == '>' && (h->dashes >= 2 || h->ntag == 0 ||
			    (h->ntag == 1 && h->dashes == 1))) {
				cond_end(h, "<![endif]");
				h->state = S_TEXT;
			} else if (c == '-') {
				h->dashes++;
			} else if (c == '!' && h->dashes >= 2) {
				/* "--!>" also closes */
				if (i + 1 < n && p[i + 1] == '>') {
					h->state = S_TEXT;
					i++;
				}
			} else {
				h->dashes = 0;
			}
			cbuf_put(h, c);
			h->ntag++;
			break;
		case S_BOGUS_BANG:
			if (c == '>') {
				cond_end(h, "[endif]");
				h->state = S_TEXT;
			} else {
				cbuf_put(h, c);
			}
			break;
		case S_BOGUS:
			if (c == '>')
				h->state = S_TEXT;
			break;
		case S_REF:
			if (c == '#' && h->nref == 0) {
				h->state = S_NUM;
				h->num_x = 0;
				h->num_digits = 0;
				h->num = 0;
			} else if ((is_alpha(c) || is_digit(c)) && h->nref < sizeof h->ref) {
				h->ref[h->nref++] = c;
			} else {
				finish_ref(h, (unsigned char)c);
				h->state = h->ref_return;
				if (c != ';')
					i--;
			}
			break;
		case S_NUM: {
			/* HTML5: the digits end at the first non-digit, and the
			 * ';' is optional: "&#91RESTRICTED&#93" is "[RESTRICTED]". */
			int hex = h->num_x != 0, d = -1;
			if (is_digit(c))
				d = c - '0';
			else if (hex && lower(c) >= 'a' && lower(c) <= 'f')
				d = lower(c) - 'a' + 10;
			if (d >= 0) {
				h->num = h->num * (hex ? 16 : 10) + (unsigned long)d;
				if (h->num > 0x10ffff)
					h->num = 0x110000;      /* no overflow, still too big */
				h->num_digits = 1;
			} else if (!hex && h->num_digits == 0 && (c == 'x' || c == 'X')) {
				h->num_x = c;
			} else {
				finish_num(h);
				h->state = h->ref_return;
				if (c != ';' || h->num_digits == 0)
					i--;
			}
			break;
		}
		case S_RAW: {
			const char *lt = memchr(p + i, '<', n - i);
			if (lt == NULL) {
				i = n;
				break;
			}
			i = (size_t)(lt - p);
			h->state = S_RAW_LT;
			break;
		}
		case S_RAW_LT:
			if (c == '/') {
				h->ntag = 0;
				h->state = S_RAW_TAG;
			} else {
				h->state = S_RAW;
				i--;
			}
			break;
		case S_RAW_TAG: {
			/* h->tag still names the element: its end tag closes
			 * nothing, as it was never opened on the stack. */
			const char *want = skipped[h->skip - 1];
			if (h->ntag < strlen(want) && lower(c) == want[h->ntag]) {
				h->ntag++;
			} else if (h->ntag == strlen(want) && (is_space(c) || c == '>' || c == '/')) {
				h->skip = 0;
				h->end_tag = 1;
				attrs_start(h);
				h->state = S_ATTRS;
				i--;
			} else {
				h->state = S_RAW;
				i--;
			}
			break;
		}
		}
	}
	flush(h);
}

static void end(struct sink *self)
{
	struct html_sink *h = (struct html_sink *)self;

	if (h->state == S_REF)
		finish_ref(h, -1);
	else if (h->state == S_NUM)
		finish_num(h);
	else if (h->state == S_LT)
		text(h, "<", 1);
	flush(h);
	h->too_deep = h->lost && h->hides;
	sink_end(h->next);
	sink_end(h->aside);
}

void html_sink_init(struct html_sink *h, struct sink *next, struct sink *aside)
{
	memset(h, 0, offsetof(struct html_sink, open));
	h->base.put = put;
	h->base.end = end;
	h->next = next;
	h->aside = aside;
	h->to = next;
	h->nout = 0;
}
