/*
 * rtf.c: reading RTF (see rtf.h).
 *
 * One pass over the bytes.  Each group pushes a copy of the state that
 * matters to the text: the destination (text in a place, skipped, the
 * font table, object data), the \ucN count and the font (for its code
 * page); a closing brace pops it.  A destination control word changes
 * the state of the group it opens.  After \uN the next \ucN characters
 * are its fallback for old readers and are skipped (a \'hh escape, a
 * character or a control word each counts one; a brace ends the skip).
 * \binN skips N bytes, which may be anything, braces included.
 *
 * Fonts map numbers to code pages through a fixed hash table (FONTS
 * slots); a font past it takes the document's code page.  Failure:
 * only memory (-1); everything else is read leniently or reported to
 * the handler's problem callback.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "rtf_cp.h"
#include "rtf_priv.h"

enum dest { D_TEXT, D_SKIP, D_FONTTBL, D_OBJDATA };

struct group {
	unsigned char dest;
	unsigned char place;
	unsigned char root;     /* this group opened a place or property */
	unsigned char hidden;   /* \v in effect */
	unsigned short uc;
	long font;              /* \fN in effect; -1: the default font */
};

#define FONTS 1024              /* hash slots; at most FONTS / 2 fonts */

struct font {
	long num;
	unsigned cp;            /* 0: the document's */
	int used;
};

struct rtf {
	const unsigned char *p;
	size_t n, i;
	const struct rtf_limits *lim;
	const struct rtf_handler *h;
	void *ctx;
	struct group *g;        /* the stack: g[0..depth] */
	size_t depth;
	int star;               /* \* seen: the next word is an optional destination */
	size_t skip;            /* fallback characters left after \uN */
	unsigned doc_cp;
	long deff;
	struct font fonts[FONTS];
	size_t nfonts;
	long font_def;          /* the font the font table is defining */
	struct buf obj;         /* \objdata being decoded */
	size_t obj_depth;       /* its group's depth, 0: none */
	int obj_nibble;         /* a first hex digit, or -1 */
	struct rtf_out out;
	int stop;
};

const char *rtf_place_name(enum rtf_place place)
{
	static const char *const names[RTF_PLACES] = {
		"body", "header", "footer", "footnote", "comment", "properties", "hidden",
	};
	return (unsigned)place < RTF_PLACES ? names[place] : "text";
}

/* ---- fonts ---- */

static struct font *font_slot(struct rtf *r, long num, int create)
{
	size_t h = ((unsigned long)num * 2654435761u) % FONTS;

	for (size_t k = 0; k < FONTS; k++, h = (h + 1) % FONTS) {
		struct font *f = &r->fonts[h];
		if (f->used && f->num == num)
			return f;
		if (!f->used) {
			if (!create || r->nfonts >= FONTS / 2)
				return NULL;
			f->used = 1;
			f->num = num;
			f->cp = 0;
			r->nfonts++;
			return f;
		}
	}
	return NULL;
}

/* The code page of the text in group g. */
static unsigned text_cp(struct rtf *r, const struct group *g)
{
	struct font *f = font_slot(r, g->font >= 0 ? g->font : r->deff, 0);
	return f && f->cp ? f->cp : r->doc_cp;
}

/* The place the text of group g goes to.  Hidden text (\v) is a place
 * of its own, so that the text on either side of it reads on as one, as
 * the reader sees it. */
static int place_of(const struct group *g)
{
	return g->hidden ? RTF_HIDDEN : g->place;
}

/* ---- groups ---- */

static struct group *top(struct rtf *r)
{
	return &r->g[r->depth];
}

static void object_end(struct rtf *r)
{
	if (r->obj.err == EFBIG)
		r->h->problem(r->ctx, "an embedded object larger than max_expanded_size");
	else if (r->obj.err)
		r->stop = -1;
	else if (r->obj.len)
		r->h->object(r->ctx, r->obj.p, r->obj.len);
	buf_free(&r->obj);
	r->obj_depth = 0;
}

static void open_group(struct rtf *r)
{
	if (r->depth >= r->lim->max_depth) {
		r->h->problem(r->ctx, "RTF groups nested too deeply");
		r->stop = 1;
		return;
	}
	r->g[r->depth + 1] = r->g[r->depth];
	r->depth++;
	top(r)->root = 0;
	r->star = 0;
	r->skip = 0;
}

static void close_group(struct rtf *r)
{
	struct group *g = top(r);

	r->star = 0;
	r->skip = 0;
	if (r->depth == 0)
		return;         /* an extra brace: nothing to close */
	if (g->root && g->dest == D_TEXT)
		rtf_out_char(&r->out, g->place, '\n');  /* places do not run together */
	if (r->obj_depth == r->depth)
		object_end(r);
	r->depth--;
}

/* ---- text ---- */

/* A character of text (a byte of the document's or font's code page). */
static void text_byte(struct rtf *r, unsigned char b)
{
	struct group *g = top(r);

	if (r->skip) {
		r->skip--;
		return;
	}
	if (g->dest != D_TEXT)
		return;
	if (b == '\t')
		rtf_out_char(&r->out, place_of(g), '\t');
	else if (b >= 0x80 || rtf_out_wants_trail(&r->out, place_of(g), text_cp(r, g)))
		rtf_out_byte(&r->out, place_of(g), text_cp(r, g), b);
	else if (b >= 0x20)
		rtf_out_ascii(&r->out, place_of(g), (const char *)&b, 1);
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Plain text from r->i: runs of ASCII go out in one piece. */
static void text(struct rtf *r)
{
	struct group *g = top(r);
	size_t start = r->i;

	if (g->dest == D_OBJDATA) {
		while (r->i < r->n && r->p[r->i] != '\\' && r->p[r->i] != '{' &&
		    r->p[r->i] != '}') {
			int v = hexval(r->p[r->i++]);
			if (v < 0)
				continue;
			if (r->obj_nibble < 0) {
				r->obj_nibble = v;
			} else {
				buf_putc(&r->obj, r->obj_nibble << 4 | v);
				r->obj_nibble = -1;
			}
		}
		return;
	}
	if (g->dest != D_TEXT || r->skip) {
		unsigned char c = r->p[r->i++];
		if (c != '\r' && c != '\n')
			text_byte(r, c);
		return;
	}
	unsigned cp = text_cp(r, g);
	if (!rtf_out_wants_trail(&r->out, place_of(g), cp)) {
		while (r->i < r->n && r->p[r->i] >= 0x20 && r->p[r->i] < 0x80 &&
		    r->p[r->i] != '\\' && r->p[r->i] != '{' && r->p[r->i] != '}')
			r->i++;
		if (r->i > start) {
			rtf_out_ascii(&r->out, place_of(g), (const char *)r->p + start, r->i - start);
			return;
		}
	}
	unsigned char c = r->p[r->i++];
	if (c != '\r' && c != '\n')
		text_byte(r, c);
}

/* ---- control words ---- */

static void set_dest(struct rtf *r, int dest, int place, int root)
{
	struct group *g = top(r);

	/* What a skipped group holds stays skipped. */
	if (g->dest == D_SKIP || g->dest == D_OBJDATA)
		return;
	if (dest == D_OBJDATA) {
		if (r->obj_depth) {
			dest = D_SKIP;  /* one object at a time */
		} else {
			r->obj_depth = r->depth;
			r->obj_nibble = -1;
			buf_free(&r->obj);
			r->obj.max = r->lim->max_object;
		}
	}
	g->dest = (unsigned char)dest;
	if (place >= 0)
		g->place = (unsigned char)place;
	g->root = (unsigned char)root;
}

static void bin(struct rtf *r, long len)
{
	size_t k = len < 0 ? 0 : (size_t)len;

	if (k > r->n - r->i)
		k = r->n - r->i;
	if (top(r)->dest == D_OBJDATA && !r->skip)
		buf_put(&r->obj, r->p + r->i, k);
	if (r->skip)
		r->skip--;
	r->i += k;
}

static void word(struct rtf *r, const char *name, long arg, int has_arg)
{
	const struct rtf_word *w = rtf_word(name);
	struct group *g = top(r);
	int star = r->star;

	r->star = 0;
	if (w && w->kind == W_BIN) {
		bin(r, has_arg ? arg : 0);
		return;
	}
	if (r->skip) {
		r->skip--;      /* part of a \uN fallback */
		return;
	}
	if (star && (!w || (w->kind != W_STAR_TEXT && w->kind != W_STAR_PLACE &&
	    w->kind != W_STAR_ITEM && w->kind != W_OBJDATA))) {
		set_dest(r, D_SKIP, -1, 0);
		return;
	}
	if (!w)
		return;
	switch (w->kind) {
	case W_CHAR:
		if (g->dest == D_TEXT)
			rtf_out_char(&r->out, place_of(g), w->arg);
		break;
	case W_SKIP:
		set_dest(r, D_SKIP, -1, 0);
		break;
	case W_PLACE:
	case W_STAR_PLACE:
		set_dest(r, D_TEXT, (int)w->arg, 1);
		break;
	case W_ITEM:
	case W_STAR_ITEM:
		set_dest(r, D_TEXT, RTF_INFO, 1);
		break;
	case W_STAR_TEXT:
		break;          /* text where it is */
	case W_FONTTBL:
		set_dest(r, D_FONTTBL, -1, 0);
		break;
	case W_OBJDATA:
		set_dest(r, D_OBJDATA, -1, 0);
		break;
	case W_U:
		if (!has_arg)
			break;
		if (g->dest == D_TEXT)
			rtf_out_unit(&r->out, place_of(g), (unsigned)(arg < 0 ? arg + 65536 : arg) & 0xffff);
		r->skip = g->uc;
		break;
	case W_UC:
		g->uc = (unsigned short)(has_arg && arg >= 0 && arg <= 255 ? arg : 1);
		break;
	case W_CODEPAGE:
		r->doc_cp = w->arg;
		break;
	case W_ANSICPG:
		if (has_arg && arg > 0)
			r->doc_cp = (unsigned)arg;
		break;
	case W_DEFF:
		r->deff = arg;
		break;
	case W_F:
		if (g->dest == D_FONTTBL) {
			r->font_def = arg;
			font_slot(r, arg, 1);
		} else {
			g->font = arg;
		}
		break;
	case W_FCHARSET:
		if (g->dest == D_FONTTBL) {
			struct font *f = font_slot(r, r->font_def, 1);
			if (f && !f->cp)
				f->cp = cp_of_fcharset(arg);
		}
		break;
	case W_CPG:
		if (g->dest == D_FONTTBL && has_arg && arg > 0) {
			struct font *f = font_slot(r, r->font_def, 1);
			if (f)
				f->cp = (unsigned)arg;
		}
		break;
	case W_PLAIN:
		g->font = -1;
		g->hidden = 0;
		break;
	case W_HIDDEN:
		g->hidden = !(has_arg && arg == 0);
		break;
	default:
		break;
	}
}

/* A control symbol: a backslash and one character that is not a letter. */
static void symbol(struct rtf *r, unsigned char c)
{
	struct group *g = top(r);
	unsigned cp = 0;

	if (c == '*') {
		r->star = 1;
		return;
	}
	r->star = 0;
	if (r->skip) {
		r->skip--;
		return;
	}
	switch (c) {
	case '\\': case '{': case '}':
		if (g->dest == D_TEXT)
			rtf_out_ascii(&r->out, place_of(g), (const char *)&c, 1);
		return;
	case '~': cp = 0xa0; break;
	case '_': cp = 0x2011; break;
	case '-': cp = 0xad; break;
	case '\r': case '\n': cp = '\n'; break;
	case '\t': cp = '\t'; break;
	default: return;        /* \: \| and unknown symbols */
	}
	if (g->dest == D_TEXT)
		rtf_out_char(&r->out, place_of(g), cp);
}

#define NAME_MAX_LEN 32

/* A backslash at r->i. */
static void control(struct rtf *r)
{
	char name[NAME_MAX_LEN + 1];
	size_t k = 0;

	r->i++;
	if (r->i >= r->n)
		return;
	unsigned char c = r->p[r->i];
	if (c == '\'') {
		int hi = r->i + 1 < r->n ? hexval(r->p[r->i + 1]) : -1;
		int lo = r->i + 2 < r->n ? hexval(r->p[r->i + 2]) : -1;
		r->star = 0;
		if (hi < 0 || lo < 0) {
			r->i++;
			return;
		}
		r->i += 3;
		if (top(r)->dest == D_TEXT || r->skip)
			text_byte(r, (unsigned char)(hi << 4 | lo));
		return;
	}
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
		r->i++;
		symbol(r, c);
		return;
	}
	/* A word is letters, then maybe a signed number, then maybe one
	 * space that belongs to it.  Names past 32 letters are nobody's. */
	while (r->i < r->n && ((r->p[r->i] >= 'a' && r->p[r->i] <= 'z') ||
	    (r->p[r->i] >= 'A' && r->p[r->i] <= 'Z'))) {
		if (k < NAME_MAX_LEN)
			name[k] = (char)r->p[r->i];
		k++;
		r->i++;
	}
	if (k > NAME_MAX_LEN)
		k = 0;          /* matches no word */
	name[k] = '\0';
	long arg = 0;
	int neg = 0, has_arg = 0;
	if (r->i < r->n && r->p[r->i] == '-' && r->i + 1 < r->n &&
	    r->p[r->i + 1] >= '0' && r->p[r->i + 1] <= '9') {
		neg = 1;
		r->i++;
	}
	while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') {
		if (arg < LONG_MAX / 20)
			arg = arg * 10 + (r->p[r->i] - '0');
		has_arg = 1;
		r->i++;
	}
	if (neg)
		arg = -arg;
	if (r->i < r->n && r->p[r->i] == ' ')
		r->i++;
	word(r, name, arg, has_arg);
}

int rtf_read(const char *data, size_t n, const struct rtf_limits *lim,
    const struct rtf_handler *h, void *ctx)
{
	struct rtf *r = calloc(1, sizeof *r);
	int ret;

	if (r == NULL)
		return -1;
	r->g = calloc(lim->max_depth + 1, sizeof *r->g);
	if (r->g == NULL) {
		free(r);
		return -1;
	}
	r->p = (const unsigned char *)data;
	r->n = n;
	r->lim = lim;
	r->h = h;
	r->ctx = ctx;
	r->doc_cp = 1252;
	r->g[0].dest = D_TEXT;
	r->g[0].place = RTF_BODY;
	r->g[0].uc = 1;
	r->g[0].font = -1;
	r->obj_nibble = -1;
	rtf_out_init(&r->out, h, ctx);

	while (r->i < r->n && !r->stop && !r->out.nomem) {
		switch (r->p[r->i]) {
		case '{':
			r->i++;
			open_group(r);
			break;
		case '}':
			r->i++;
			close_group(r);
			break;
		case '\\':
			control(r);
			break;
		default:
			text(r);
			break;
		}
	}
	/* Groups left open at the end are closed, an object among them
	 * still handed out. */
	while (r->depth > 0 && r->stop >= 0 && !r->out.nomem)
		close_group(r);
	rtf_out_flush(&r->out);
	ret = r->stop < 0 || r->out.nomem ? -1 : 0;
	rtf_out_fini(&r->out);
	buf_free(&r->obj);
	free(r->g);
	free(r);
	return ret;
}
