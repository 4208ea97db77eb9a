/*
 * template.c: parsing and rendering notice templates (see template.h).
 *
 * A parsed template is a list of segments per section: literal text
 * (offsets into the template's own copy, with "{{" already collapsed), a
 * placeholder, or a paragraph break.  Parsing is linear in the text and
 * bounded by TEMPLATE_MAX; rendering is linear in the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "status.h"
#include "template.h"
#include "utf8.h"

#define SEG_TEXT (-1)
#define SEG_PARA (-2)

struct seg {
	int var;                /* enum tpl_var, SEG_TEXT or SEG_PARA */
	size_t off, len;        /* SEG_TEXT: in t->text */
};

struct section {
	struct seg *s;
	size_t n, cap;
	int present;
};

struct template {
	struct buf text;
	struct section sec[TPL_SEC_COUNT];
};

static const char *const var_names[TPL_VAR_COUNT] = {
	"code", "title", "level", "subject", "date", "sender", "from", "agency",
	"recipients", "refused", "delivered", "findings", "uninspectable", "others",
};

const char *template_var_name(enum tpl_var v)
{
	return (unsigned)v < TPL_VAR_COUNT ? var_names[v] : "?";
}

struct parser {
	struct template *t;
	const char *name;
	size_t line;
	int st;                 /* first error: EX_CONFIG or EX_TEMPFAIL */
};

static void perr(struct parser *p, const char *what, const char *arg)
{
	if (p->st)
		return;
	log_msg(LOG_ERR, "%s:%zu: %s%s", p->name, p->line, what, arg ? arg : "");
	p->st = EX_CONFIG;
}

static void add_seg(struct parser *p, struct section *sec, int var, size_t off, size_t len)
{
	if (p->st)
		return;
	if (var == SEG_TEXT && sec->n && sec->s[sec->n - 1].var == SEG_TEXT &&
	    sec->s[sec->n - 1].off + sec->s[sec->n - 1].len == off) {
		sec->s[sec->n - 1].len += len;  /* adjacent text: one segment */
		return;
	}
	if (sec->n == sec->cap) {
		size_t nc = sec->cap ? sec->cap * 2 : 16;
		struct seg *s = realloc(sec->s, nc * sizeof *s);
		if (s == NULL) {
			p->st = EX_TEMPFAIL;
			return;
		}
		sec->s = s;
		sec->cap = nc;
	}
	sec->s[sec->n++] = (struct seg){ var, off, len };
}

static void add_text(struct parser *p, struct section *sec, const char *s, size_t n)
{
	size_t off = p->t->text.len;

	if (n == 0)
		return;
	buf_put(&p->t->text, s, n);
	if (p->t->text.err)
		p->st = p->st ? p->st : EX_TEMPFAIL;
	add_seg(p, sec, SEG_TEXT, off, n);
}

static int lookup(const char *s, size_t n)
{
	for (int v = 0; v < TPL_VAR_COUNT; v++)
		if (strlen(var_names[v]) == n && memcmp(var_names[v], s, n) == 0)
			return v;
	return -1;
}

/* One line of text (no line end) into segments. */
static void tokenize(struct parser *p, struct section *sec, const char *s, size_t n)
{
	size_t i = 0, lit = 0;

	while (i < n && !p->st) {
		if (s[i] != '{') {
			i++;
			continue;
		}
		add_text(p, sec, s + lit, i - lit);
		if (i + 1 < n && s[i + 1] == '{') {
			add_text(p, sec, "{", 1);
			i += 2;
			lit = i;
			continue;
		}
		const char *close = memchr(s + i + 1, '}', n - i - 1);
		if (close == NULL) {
			perr(p, "a \"{\" with no \"}\" on its line (write \"{{\" for a "
			    "literal \"{\")", NULL);
			return;
		}
		size_t nl = (size_t)(close - (s + i + 1));
		int v = lookup(s + i + 1, nl);
		if (v < 0) {
			char shown[64];
			char msg[96];
			log_sanitize(shown, sizeof shown, s + i + 1, nl);
			/* snprintf truncation only shortens the shown name. */
			(void)!snprintf(msg, sizeof msg, "{%s}", shown);
			perr(p, "unknown placeholder ", msg);
			return;
		}
		add_seg(p, sec, v, 0, 0);
		i = (size_t)(close - s) + 1;
		lit = i;
	}
	add_text(p, sec, s + lit, n - lit);
}

/* Checks a line: UTF-8, no control characters but tab. */
static int line_ok(struct parser *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0) {
			perr(p, "not UTF-8", NULL);
			return 0;
		}
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			perr(p, "a control character", NULL);
			return 0;
		}
		i += k;
	}
	return 1;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* "Subject:" / "Summary:" at the start of a line: the section, else -1. */
static int header_line(const char *s, size_t n, size_t *vstart)
{
	static const struct { const char *name; int sec; } h[] = {
		{ "Subject:", TPL_SEC_SUBJECT }, { "Summary:", TPL_SEC_SUMMARY },
	};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
		size_t l = strlen(h[i].name);
		if (n >= l && strncasecmp(s, h[i].name, l) == 0) {
			*vstart = l;
			return h[i].sec;
		}
	}
	return -1;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

int template_parse(const char *text, size_t n, const char *name, struct template **out)
{
	struct parser p = { NULL, name, 0, 0 };
	int in_header = 1, cur = -1;       /* header section being read */
	int para_open = 0, para_pending = 0;
	struct section *body;

	*out = NULL;
	if (n > TEMPLATE_MAX) {
		log_msg(LOG_ERR, "%s: larger than %d bytes", name, TEMPLATE_MAX);
		return EX_CONFIG;
	}
	p.t = calloc(1, sizeof *p.t);
	if (p.t == NULL)
		return EX_TEMPFAIL;
	p.t->text = (struct buf)BUF_INIT_MAX(2 * TEMPLATE_MAX);
	body = &p.t->sec[TPL_SEC_BODY];
	body->present = 1;

	for (size_t i = 0; i < n && !p.st;) {
		const char *s = text + i, *e = memchr(s, '\n', n - i);
		size_t len = e ? (size_t)(e - s) : n - i;
		i += len + (e != NULL);
		p.line++;
		if (len && s[len - 1] == '\r')
			len--;
		if (!line_ok(&p, s, len))
			break;

		size_t vs;
		int h;
		if (in_header) {
			if (cur >= 0 && len && (s[0] == ' ' || s[0] == '\t') && !blank(s, len)) {
				const char *v = s;
				size_t vn = len;
				trim(&v, &vn);
				add_text(&p, &p.t->sec[cur], " ", 1);
				tokenize(&p, &p.t->sec[cur], v, vn);
				continue;
			}
			if ((h = header_line(s, len, &vs)) >= 0) {
				if (p.t->sec[h].present) {
					perr(&p, "a second ", h == TPL_SEC_SUBJECT ? "Subject:" : "Summary:");
					break;
				}
				const char *v = s + vs;
				size_t vn = len - vs;
				trim(&v, &vn);
				p.t->sec[h].present = 1;
				cur = h;
				tokenize(&p, &p.t->sec[h], v, vn);
				continue;
			}
			if (cur >= 0 && !blank(s, len)) {
				perr(&p, "expected a blank line after the Subject: and "
				    "Summary: lines", NULL);
				break;
			}
			in_header = 0;
			if (cur >= 0)
				continue;       /* the blank line after the header */
		}
		if (blank(s, len)) {
			if (para_open)
				para_pending = 1;
			para_open = 0;
			continue;
		}
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (para_pending)
			add_seg(&p, body, SEG_PARA, 0, 0);
		else if (para_open)
			add_text(&p, body, "\n", 1);
		para_pending = 0;
		para_open = 1;
		tokenize(&p, body, s, len);
	}
	if (p.st) {
		template_free(p.t);
		return p.st;
	}
	*out = p.t;
	return 0;
}

void template_free(struct template *t)
{
	if (t == NULL)
		return;
	for (int s = 0; s < TPL_SEC_COUNT; s++)
		free(t->sec[s].s);
	buf_free(&t->text);
	free(t);
}

int template_has(const struct template *t, enum tpl_section s)
{
	return (unsigned)s < TPL_SEC_COUNT && t->sec[s].present;
}

int template_uses(const struct template *t, enum tpl_section s, enum tpl_var v)
{
	if ((unsigned)s >= TPL_SEC_COUNT)
		return 0;
	for (size_t i = 0; i < t->sec[s].n; i++)
		if (t->sec[s].s[i].var == (int)v)
			return 1;
	return 0;
}

/* Appends a value: without trailing line ends; each further line starts
 * with indent (oneline: lines joined with ", "). */
static void put_value(struct buf *out, const char *v, const char *indent, size_t il,
    int oneline)
{
	size_t n = strlen(v);

	while (n && v[n - 1] == '\n')
		n--;
	for (size_t i = 0; i < n;) {
		const char *e = memchr(v + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (v + i)) : n - i;
		buf_put(out, v + i, len);
		i += len;
		if (i < n) {
			i++;
			if (oneline) {
				buf_puts(out, ", ");
			} else {
				buf_putc(out, '\n');
				if (i < n && v[i] != '\n')
					buf_put(out, indent, il);
			}
		}
	}
}

/* The state of the paragraph being rendered. */
struct para {
	struct buf b;
	size_t line_start;      /* offset of the current template line */
	size_t vars, full;      /* placeholders in the paragraph, non-empty ones */
	size_t line_vars, line_full;
};

/* Ends the current template line: it is left out if it had placeholders
 * and all came out empty. */
static void end_line(struct para *pa, int more)
{
	if (pa->line_vars && !pa->line_full) {
		pa->b.len = pa->line_start;
		if (!more && pa->b.len && pa->b.p[pa->b.len - 1] == '\n')
			pa->b.len--;    /* the line before is now the last */
	} else if (more) {
		buf_putc(&pa->b, '\n');
	}
	if (pa->b.p)
		pa->b.p[pa->b.len] = '\0';
	pa->line_start = pa->b.len;
	pa->line_vars = pa->line_full = 0;
}

void template_render(const struct template *t, enum tpl_section s, tpl_value_fn fn,
    void *ctx, struct buf *out)
{
	const struct section *sec;
	struct para pa = { BUF_INIT_MAX(0), 0, 0, 0, 0, 0 };
	int body = s == TPL_SEC_BODY, wrote = 0;

	if ((unsigned)s >= TPL_SEC_COUNT || !t->sec[s].present)
		return;
	sec = &t->sec[s];
	for (size_t i = 0; i <= sec->n; i++) {
		const struct seg *g = i < sec->n ? &sec->s[i] : NULL;
		if (g == NULL || g->var == SEG_PARA) {
			/* End of a paragraph: left out if all its placeholders came
			 * out empty (one-line sections are always kept). */
			if (body)
				end_line(&pa, 0);
			if (pa.b.len && (!body || pa.vars == 0 || pa.full > 0)) {
				if (wrote)
					buf_puts(out, "\n\n");
				buf_put(out, pa.b.p, pa.b.len);
				wrote = 1;
			}
			buf_reset(&pa.b);
			pa.line_start = pa.vars = pa.full = pa.line_vars = pa.line_full = 0;
			continue;
		}
		if (g->var == SEG_TEXT) {
			const char *p = t->text.p + g->off, *e = p + g->len;
			while (p < e) {
				const char *q = body ? memchr(p, '\n', (size_t)(e - p)) : NULL;
				buf_put(&pa.b, p, q ? (size_t)(q - p) : (size_t)(e - p));
				if (q == NULL)
					break;
				end_line(&pa, 1);
				p = q + 1;
			}
			continue;
		}
		const char *v = fn ? fn(ctx, (enum tpl_var)g->var) : NULL;
		pa.vars++;
		pa.line_vars++;
		if (v == NULL || *v == '\0')
			continue;
		pa.full++;
		pa.line_full++;
		/* The indentation of the placeholder, if only blanks precede it. */
		size_t ls = pa.b.len;
		while (ls && pa.b.p[ls - 1] != '\n')
			ls--;
		size_t il = pa.b.len - ls;
		char ind[256];
		if (il >= sizeof ind || !blank(pa.b.p + ls, il))
			il = 0;
		if (il)
			memcpy(ind, pa.b.p + ls, il);
		put_value(&pa.b, v, ind, il, !body);
	}
	if (wrote && body)
		buf_putc(out, '\n');
	if (pa.b.err)
		out->err = pa.b.err;
	buf_free(&pa.b);
}
