/*
 * html.c: HTML to text as a small state machine over bytes, so that a
 * part of any size streams through it.  It follows the HTML tokenizer
 * closely enough for the text: what a browser shows, this emits.
 */
#include <string.h>

#include "entities.h"
#include "html.h"
#include "utf8.h"

enum {
	S_TEXT, S_LT, S_TAG, S_ATTRS, S_BANG, S_BANG_DASH, S_COMMENT,
	S_BOGUS, S_REF, S_RAW, S_RAW_LT, S_RAW_TAG,
};

/* Elements whose content is never shown. */
static const char *const skipped[] = { "script", "style", NULL };

/* Elements that start a new line (or cell) in what a reader sees. */
static const char *const blocks[] = {
	"address", "article", "aside", "blockquote", "br", "caption", "center",
	"dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
	"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
	"main", "nav", "ol", "p", "pre", "section", "table", "td", "th",
	"tr", "ul", NULL,
};

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
	sink_put(h->next, h->out, h->nout);
	h->nout = 0;
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

/* Decodes the reference in h->ref (without '&'); terminated says whether
 * a ';' ended it.  Emits the text, or the reference as written. */
static void finish_ref(struct html_sink *h, int terminated)
{
	const char *r = h->ref;
	size_t n = h->nref;
	char u[4];

	if (n >= 2 && r[0] == '#') {
		int hex = r[1] == 'x' || r[1] == 'X';
		size_t i = hex ? 2 : 1;
		unsigned long v = 0;
		int digits = 0;
		for (; i < n; i++) {
			int d;
			char c = r[i];
			if (c >= '0' && c <= '9') d = c - '0';
			else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
			else break;
			v = v * (hex ? 16 : 10) + (unsigned long)d;
			if (v > 0x10ffff)
				v = 0x110000;
			digits++;
		}
		if (digits && i == n) {
			size_t k = utf8_encode(numeric_fixup((unsigned)v), u);
			emit(h, u, k);
			return;
		}
	} else if (n > 0) {
		const struct entity *e = entity_find(r, (unsigned)n);
		if (e && (terminated || e->legacy)) {
			emit(h, e->utf8, strlen(e->utf8));
			return;
		}
		/* "&notit;": the longest legacy prefix ("not"), then text. */
		for (size_t k = n - 1; k >= 2; k--) {
			e = entity_find(r, (unsigned)k);
			if (e && e->legacy) {
				emit(h, e->utf8, strlen(e->utf8));
				emit(h, r + k, n - k);
				if (terminated)
					emitc(h, ';');
				return;
			}
		}
	}
	emitc(h, '&');
	emit(h, r, n);
	if (terminated)
		emitc(h, ';');
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The attribute whose '=' was just read: is its value text a reader
 * sees?  Not in an end tag, nor in <script> or <style>. */
static int attr_shown(const struct html_sink *h)
{
	if (h->end_tag || h->skip)
		return 0;
	return (h->nattr == 3 && memcmp(h->attr, "alt", 3) == 0) ||
	       (h->nattr == 5 && memcmp(h->attr, "title", 5) == 0);
}

/* A tag's name is complete: act on it. */
static void tag_done(struct html_sink *h)
{
	h->tag[h->ntag < sizeof h->tag ? h->ntag : sizeof h->tag - 1] = '\0';
	if (in_list(blocks, h->tag))
		emitc(h, '\n');
	if (!h->end_tag) {
		int s = in_list(skipped, h->tag);
		if (s)
			h->skip = s;
	}
}

static void attrs_start(struct html_sink *h)
{
	h->quote = 0;
	h->after_eq = 0;
	h->unquoted = 0;
	h->in_name = 0;
	h->shown = 0;
	h->nattr = 0;
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
			emit(h, p + i, j - i);
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
				emitc(h, '<');
				h->state = S_TEXT;
				i--;
			}
			break;
		case S_TAG:
			if (is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':') {
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
					if (h->shown)
						emitc(h, '\n');
					h->quote = 0;
					h->shown = 0;
					if (h->unquoted) {
						h->unquoted = 0;
						i--;    /* the space or '>' is read again */
					}
				} else if (h->shown && c == '&') {
					h->state = S_REF;
					h->ref_return = S_ATTRS;
					h->nref = 0;
				} else if (h->shown) {
					emitc(h, c);
				}
			} else if ((c == '"' || c == '\'') && h->after_eq) {
				h->quote = c;
				h->after_eq = 0;
				if (h->shown)
					emitc(h, '\n');
			} else if (c == '>') {
				h->state = h->skip ? S_RAW : S_TEXT;
			} else if (c == '=') {
				h->after_eq = 1;
				h->in_name = 0;
				h->shown = attr_shown(h);
			} else if (is_space(c)) {
				h->in_name = 0;
			} else if (h->after_eq) {
				h->after_eq = 0;
				h->unquoted = 1;
				if (h->shown)
					emitc(h, '\n');
				i--;            /* the value's first character */
			} else {
				if (!h->in_name)
					h->nattr = 0;
				h->in_name = 1;
				if (h->nattr < sizeof h->attr)
					h->attr[h->nattr++] = lower(c);
			}
			break;
		case S_BANG:
			if (c == '-')
				h->state = S_BANG_DASH;
			else if (c == '>')
				h->state = S_TEXT;
			else
				h->state = S_BOGUS;
			break;
		case S_BANG_DASH:
			if (c == '-') {
				h->state = S_COMMENT;
				h->dashes = 0;
				h->ntag = 0;    /* counts characters: "<!-->" ends at once */
			} else
				h->state = c == '>' ? S_TEXT : S_BOGUS;
			break;
		case S_COMMENT:
			if (c == '>' && (h->dashes >= 2 || h->ntag == 0 ||
			    (h->ntag == 1 && h->dashes == 1))) {
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
			h->ntag++;
			break;
		case S_BOGUS:
			if (c == '>')
				h->state = S_TEXT;
			break;
		case S_REF:
			if ((is_alpha(c) || (c >= '0' && c <= '9') || (c == '#' && h->nref == 0)) &&
			    h->nref < sizeof h->ref) {
				h->ref[h->nref++] = c;
			} else {
				int term = c == ';';
				finish_ref(h, term);
				h->state = h->ref_return;
				if (!term)
					i--;
			}
			break;
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
		finish_ref(h, 0);
	else if (h->state == S_LT)
		emitc(h, '<');
	flush(h);
	sink_end(h->next);
}

void html_sink_init(struct html_sink *h, struct sink *next)
{
	memset(h, 0, offsetof(struct html_sink, out));
	h->base.put = put;
	h->base.end = end;
	h->next = next;
}
