/*
 * css.c: the declarations of a style attribute, as far as they can hide
 * text (see css.h).  Three layers, one byte at a time: comments and
 * escapes; strings and nesting; declarations ("name : value ;").
 *
 * A value that does not parse is no declaration, as in a browser: the
 * text stays where it is.  That is what keeps a clever style from moving
 * visible text out of the flow; see html.c for the other direction.
 */
#include <string.h>

#include "css.h"

enum { D_BEFORE, D_NAME, D_AFTER, D_VALUE, D_SKIP };

/* Stands for an escaped character that is not a letter: it is never part
 * of a keyword or a number ("\30" is an identifier, not a zero). */
#define OPAQUE '\x01'

void css_init(struct css *c)
{
	memset(c, 0, sizeof *c);
}

static int is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static int is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int hex_value(int ch)
{
	if (is_digit(ch))
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Is the n bytes at w one of the space-separated words of list? */
static int word_in(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p; ) {
		size_t k = strcspn(p, " ");
		if (k == n && memcmp(p, w, n) == 0)
			return 1;
		p += k;
		p += *p == ' ';
	}
	return 0;
}

static int is(const char *v, const char *list)
{
	return word_in(list, v, strlen(v));
}

/* A CSS number at the start of the n bytes at w: returns its length (0 if
 * there is none) and says whether it is negative and whether it is zero. */
static size_t number(const char *w, size_t n, int *neg, int *zero)
{
	size_t i = 0;
	int digits = 0, nonzero = 0;

	*neg = n > 0 && w[0] == '-';
	if (n > 0 && (w[0] == '-' || w[0] == '+'))
		i++;
	for (; i < n && is_digit(w[i]); i++, digits++)
		nonzero |= w[i] != '0';
	if (i + 1 < n && w[i] == '.' && is_digit(w[i + 1]))
		for (i++; i < n && is_digit(w[i]); i++, digits++)
			nonzero |= w[i] != '0';
	if (!digits)
		return 0;
	/* An exponent, but not the 'e' of "em" or "ex". */
	size_t e = i + 1 + (i + 1 < n && (w[i + 1] == '-' || w[i + 1] == '+'));
	if (i < n && w[i] == 'e' && e < n && is_digit(w[e]))
		for (i = e; i < n && is_digit(w[i]); i++)
			;
	*zero = !nonzero;
	return i;
}

/* A font size (a length, a percentage or a keyword) in the n bytes at w:
 * its effect, or -1 if it is not one.  Relative sizes keep the parent's
 * zero; sizes relative to the root or the window, which are not zero,
 * show text again. */
static int size_effect(const char *w, size_t n)
{
	int neg, zero;
	size_t k = number(w, n, &neg, &zero);
	const char *unit = w + k;
	size_t nu = n - k;

	if (word_in("xx-small x-small small medium large x-large xx-large xxx-large", w, n))
		return CSS_SHOW;
	if (word_in("smaller larger math", w, n))
		return CSS_KEEP;
	if (k == 0 || (neg && !zero))
		return -1;
	int relative = word_in("em ex ch cap ic lh %", unit, nu);
	int absolute = word_in("px pt pc in cm mm q rem rex rch ric rcap rlh vw vh vi vb vmin vmax "
	    "svw svh lvw lvh dvw dvh cqw cqh cqi cqb cqmin cqmax", unit, nu);
	if (zero && (nu == 0 || relative || absolute))
		return CSS_HIDE;
	/* A size without its unit is no size outside quirks mode. */
	if (relative)
		return CSS_KEEP;
	return absolute ? CSS_SHOW : -1;
}

/* "font": [style variant weight stretch] size [/ line-height] family. */
static int font_effect(const char *v)
{
	if (is(v, "caption icon menu message-box small-caption status-bar"))
		return CSS_SHOW;
	for (const char *p = v; *p; ) {
		size_t n = strcspn(p, " /");
		int e = size_effect(p, n);
		p += n;
		if (e >= 0) {
			while (*p == ' ')
				p++;
			if (*p == '/') {
				for (p++; *p == ' '; p++)
					;
				p += strcspn(p, " ");
				while (*p == ' ')
					p++;
			}
			return *p ? e : -1;     /* without a family, no font */
		}
		if (*p == '/')
			return -1;
		while (*p == ' ')
			p++;
	}
	return -1;
}

/* A display value other than none: one keyword of the old syntax, or up
 * to one each of outside, inside and list-item. */
static int display_valid(const char *v)
{
	static const char *const kind[] = {
		"block inline run-in",
		"flow flow-root table flex grid ruby math",
		"list-item",
	};
	int seen[3] = { 0, 0, 0 };

	if (is(v, "contents inline-block inline-table inline-flex inline-grid "
	    "table-row-group table-header-group table-footer-group table-row table-cell "
	    "table-column-group table-column table-caption ruby-base ruby-text "
	    "ruby-base-container ruby-text-container -webkit-box -webkit-inline-box "
	    "-webkit-flex -webkit-inline-flex -moz-box -moz-inline-box -ms-flexbox "
	    "-ms-inline-flexbox -ms-grid -ms-inline-grid"))
		return 1;
	for (const char *p = v; *p; ) {
		size_t n = strcspn(p, " ");
		int k = 0;
		while (k < 3 && !word_in(kind[k], p, n))
			k++;
		if (k == 3 || seen[k]++)
			return 0;
		p += n;
		p += *p == ' ';
	}
	return 1;
}

/* The effect of a declaration of property prop with value v (lower
 * case, squeezed, without !important), or -1 if it is invalid. */
static int effect(int prop, int font, const char *v)
{
	int neg, zero;
	size_t k;

	if (is(v, "inherit unset revert revert-layer"))
		return prop == CSS_DISPLAY && !is(v, "revert revert-layer") ? CSS_SHOW : CSS_KEEP;
	if (strcmp(v, "initial") == 0)
		return prop == CSS_OPACITY ? CSS_KEEP : CSS_SHOW;
	switch (prop) {
	case CSS_DISPLAY:
		if (strcmp(v, "none") == 0)
			return CSS_HIDE;
		return *v && display_valid(v) ? CSS_SHOW : -1;
	case CSS_VISIBILITY:
		if (is(v, "hidden collapse"))
			return CSS_HIDE;
		return strcmp(v, "visible") == 0 ? CSS_SHOW : -1;
	case CSS_OPACITY:
		/* Opacity multiplies down the tree: nothing shows again. */
		k = number(v, strlen(v), &neg, &zero);
		if (k == 0 || !(v[k] == '\0' || strcmp(v + k, "%") == 0))
			return -1;
		return zero || neg ? CSS_HIDE : CSS_KEEP;
	case CSS_FONT_SIZE:
		return font ? font_effect(v) : size_effect(v, strlen(v));
	case CSS_MSO_HIDE:
		if (strcmp(v, "all") == 0)
			return CSS_HIDE;
		return strcmp(v, "none") == 0 ? CSS_SHOW : -1;
	}
	return -1;
}

static void declaration_done(struct css *c)
{
	static const struct { const char *name; int prop; } props[] = {
		{ "display", CSS_DISPLAY }, { "visibility", CSS_VISIBILITY },
		{ "opacity", CSS_OPACITY }, { "font-size", CSS_FONT_SIZE },
		{ "font", CSS_FONT_SIZE }, { "mso-hide", CSS_MSO_HIDE },
	};
	char *v = c->val;
	size_t n = c->nval;
	int imp = 0;

	if (c->state == D_VALUE && !c->val_cut) {
		v[n] = '\0';
		if (n >= 9 && strcmp(v + n - 9, "important") == 0) {
			size_t k = n - 9;
			k -= k > 0 && v[k - 1] == ' ';
			if (k > 0 && v[k - 1] == '!') {
				k--;
				k -= k > 0 && v[k - 1] == ' ';
				v[k] = '\0';
				imp = 1;
			}
		}
		for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
			if (c->nname != strlen(props[i].name) || memcmp(c->name, props[i].name, c->nname))
				continue;
			int p = props[i].prop;
			int e = effect(p, props[i].name[4] == '\0', v);
			if (e >= 0 && (imp || !c->important[p])) {
				c->effect[p] = (unsigned char)e;
				c->important[p] = (unsigned char)imp;
			}
		}
	}
	c->state = D_BEFORE;
	c->nname = 0;
	c->nval = 0;
	c->val_cut = 0;
	c->space = 0;
	c->depth = 0;
}

static void add_name(struct css *c, char ch)
{
	if (c->nname < sizeof c->name)
		c->name[c->nname++] = ch;
	else
		c->state = D_SKIP;      /* no property we read is this long */
}

/* Runs of white space and comments in a value become one space. */
static void add_value(struct css *c, char ch)
{
	int sp = c->space && c->nval > 0;

	c->space = 0;
	if (c->nval + (size_t)sp < CSS_VALUE_MAX) {
		if (sp)
			c->val[c->nval++] = ' ';
		c->val[c->nval++] = ch;
	} else {
		c->val_cut = 1;
	}
}

static char lower(unsigned ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : (char)ch;
}

/* An escaped character: part of a name or a value, never syntax. */
static void escaped(struct css *c, unsigned cp)
{
	char ch = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ? lower(cp) : OPAQUE;

	if (c->quote)
		return;
	if (c->state == D_BEFORE)
		c->state = D_NAME;
	if (c->state == D_NAME)
		add_name(c, ch);
	else if (c->state == D_VALUE)
		add_value(c, ch);
	else if (c->state == D_AFTER)
		c->state = D_SKIP;
}

/* One character after comments and escapes. */
static void syntax(struct css *c, unsigned char ch)
{
	if (c->quote) {
		if (ch == c->quote || ch == '\n')
			c->quote = 0;
		if (c->state == D_VALUE)
			add_value(c, (char)ch);
		return;
	}
	if (ch == ';' && c->depth == 0) {
		declaration_done(c);
		return;
	}
	if (ch == '"' || ch == '\'')
		c->quote = (char)ch;
	else if (ch == '(' || ch == '[' || ch == '{')
		c->depth++;
	else if ((ch == ')' || ch == ']' || ch == '}') && c->depth > 0)
		c->depth--;
	switch (c->state) {
	case D_BEFORE:
	case D_NAME:
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) ||
		    ch == '-' || ch == '_' || ch >= 0x80) {
			c->state = D_NAME;
			add_name(c, lower(ch));
		} else if (is_space(ch)) {
			if (c->state == D_NAME)
				c->state = D_AFTER;
		} else if (ch == ':' && c->state == D_NAME) {
			c->state = D_VALUE;
		} else {
			c->state = D_SKIP;
		}
		break;
	case D_AFTER:
		if (ch == ':')
			c->state = D_VALUE;
		else if (!is_space(ch))
			c->state = D_SKIP;
		break;
	case D_VALUE:
		if (is_space(ch))
			c->space = 1;
		else
			add_value(c, lower(ch));
		break;
	case D_SKIP:
		break;
	}
}

/* A comment is gone, but it still separates what is on either side:
 * "0", a comment, "px" is not "0px". */
static void comment_done(struct css *c)
{
	if (c->state == D_NAME)
		c->state = D_AFTER;
	else if (c->state == D_VALUE)
		c->space = 1;
}

static void byte(struct css *c, unsigned char ch)
{
	if (c->star) {
		/* In a comment, which its opening slash does not close. */
		if (c->star > 0 && ch == '/') {
			c->star = 0;
			comment_done(c);
		} else {
			c->star = ch == '*' ? 1 : -1;
		}
		return;
	}
	if (c->esc == 1) {
		int h = hex_value(ch);
		c->esc = 0;
		if (h >= 0) {
			c->esc = 2;
			c->esc_cp = (unsigned)h;
		} else if (ch == '\n' || ch == '\r' || ch == '\f') {
			/* In a string, a continued line; elsewhere '\' is itself. */
			if (!c->quote) {
				syntax(c, '\\');
				syntax(c, ch);
			}
		} else {
			escaped(c, ch);
		}
		return;
	}
	if (c->esc >= 2) {
		int h = hex_value(ch);
		if (h >= 0 && c->esc < 7) {     /* up to six hex digits */
			c->esc++;
			c->esc_cp = c->esc_cp * 16 + (unsigned)h;
			return;
		}
		c->esc = 0;
		escaped(c, c->esc_cp);
		if (is_space(ch))
			return;         /* one white space ends a hex escape */
	}
	if (c->slash) {
		c->slash = 0;
		if (ch == '*') {
			c->star = -1;
			return;
		}
		syntax(c, '/');
	}
	if (ch == '\\')
		c->esc = 1;
	else if (ch == '/' && !c->quote)
		c->slash = 1;
	else
		syntax(c, ch);
}

void css_put(struct css *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		byte(c, (unsigned char)p[i]);
}

void css_end(struct css *c)
{
	if (c->esc == 1)
		escaped(c, 0xfffd);
	else if (c->esc >= 2)
		escaped(c, c->esc_cp);
	if (c->slash)
		syntax(c, '/');
	c->esc = 0;
	c->slash = 0;
	c->star = 0;
	c->quote = 0;
	declaration_done(c);
}
