/*
 * rtf_text.c: the text the RTF reader produces, to UTF-8, per place.
 *
 * Bytes of a single-byte code page are mapped through a table of its
 * upper half, built once per code page with charset.h; bytes of a
 * multibyte page (Shift_JIS, GBK, Big5, UTF-8...) are gathered in runs
 * and converted together, a DBCS lead byte waiting for its trail byte
 * even when that comes as plain text.  \uN values are UTF-16 units: a
 * high surrogate waits for its low half, and a lone half becomes U+FFFD.
 * Output is buffered and handed out when the place changes or the
 * buffer fills, so each place reads as one stream.  Fixed memory: a few
 * tables, the buffers, and one conversion buffer with a ceiling.
 */
#include <errno.h>
#include <string.h>

#include "charset.h"
#include "rtf_cp.h"
#include "rtf_priv.h"
#include "utf8.h"

void rtf_out_init(struct rtf_out *o, const struct rtf_handler *h, void *ctx)
{
	memset(o, 0, sizeof *o);
	o->h = h;
	o->ctx = ctx;
	o->place = RTF_BODY;
	o->tmp.max = 1 << 16;
}

void rtf_out_fini(struct rtf_out *o)
{
	buf_free(&o->tmp);
}

static void flush_out(struct rtf_out *o)
{
	if (o->nout)
		o->h->text(o->ctx, (enum rtf_place)o->place, o->out, o->nout);
	o->nout = 0;
}

static void put_utf8(struct rtf_out *o, const char *p, size_t n)
{
	while (n > 0) {
		if (o->nout == sizeof o->out)
			flush_out(o);
		size_t k = sizeof o->out - o->nout;
		if (k > n)
			k = n;
		memcpy(o->out + o->nout, p, k);
		o->nout += k;
		p += k;
		n -= k;
	}
}

static void put_cp(struct rtf_out *o, unsigned cp)
{
	char u[4];
	size_t k = utf8_encode(cp, u);

	if (k == 0)
		k = utf8_encode(0xfffd, u);
	if (o->nout + k > sizeof o->out)
		flush_out(o);
	memcpy(o->out + o->nout, u, k);
	o->nout += k;
}

/* The upper half of a code page; a multibyte page, or one whose upper
 * half does not come out as 128 characters, is converted in runs. */
static void map_build(struct rtf_out *o, struct rtf_map *m, unsigned cp)
{
	char label[CP_LABEL_MAX];
	unsigned char high[128];

	m->cp = cp;
	m->multibyte = cp_is_multibyte(cp);
	if (m->multibyte)
		return;
	if (cp == 1252) {
		for (unsigned i = 0; i < 128; i++)
			m->high[i] = charset_cp1252((unsigned char)(0x80 + i));
		return;
	}
	for (unsigned i = 0; i < 128; i++)
		high[i] = (unsigned char)(0x80 + i);
	buf_reset(&o->tmp);
	cp_label(cp, label);
	charset_to_utf8(label, strlen(label), (const char *)high, sizeof high, &o->tmp);
	if (o->tmp.err == ENOMEM)
		o->nomem = 1;
	size_t i = 0, k = 0;
	const unsigned char *p = (const unsigned char *)o->tmp.p;
	while (!o->tmp.err && p && k < o->tmp.len && i < 128) {
		unsigned c;
		size_t len = utf8_decode(p + k, o->tmp.len - k, &c);
		if (len == 0)
			break;
		m->high[i++] = c;
		k += len;
	}
	if (i != 128 || k != o->tmp.len)
		m->multibyte = 1;
}

static const struct rtf_map *map_for(struct rtf_out *o, unsigned cp)
{
	for (size_t i = 0; i < o->nmaps && i < RTF_MAPS; i++)
		if (o->maps[i].cp == cp)
			return &o->maps[i];
	/* A document rarely uses more pages than there are slots; past
	 * them, slots are reused in turn. */
	struct rtf_map *m = &o->maps[o->nmaps % RTF_MAPS];
	o->nmaps++;
	map_build(o, m, cp);
	return m;
}

static void flush_run(struct rtf_out *o)
{
	char label[CP_LABEL_MAX];

	if (o->nrun == 0)
		return;
	cp_label(o->run_cp, label);
	buf_reset(&o->tmp);
	charset_to_utf8(label, strlen(label), (const char *)o->run, o->nrun, &o->tmp);
	if (o->tmp.err == ENOMEM)
		o->nomem = 1;
	else if (!o->tmp.err && o->tmp.p)
		put_utf8(o, o->tmp.p, o->tmp.len);
	o->nrun = 0;
	o->need_trail = 0;
}

static void flush_high(struct rtf_out *o)
{
	if (o->high) {
		o->high = 0;
		put_cp(o, 0xfffd);
	}
}

static void to_place(struct rtf_out *o, int place)
{
	if (place == o->place)
		return;
	flush_run(o);
	flush_high(o);
	flush_out(o);
	/* Hidden text on either side of visible text is not one word. */
	if (o->place == RTF_HIDDEN)
		o->hidden_gap = 1;
	o->place = place;
	if (place == RTF_HIDDEN && o->hidden_gap) {
		o->hidden_gap = 0;
		put_utf8(o, "\n", 1);
	}
}

void rtf_out_char(struct rtf_out *o, int place, unsigned cp)
{
	to_place(o, place);
	flush_run(o);
	flush_high(o);
	put_cp(o, cp);
}

void rtf_out_unit(struct rtf_out *o, int place, unsigned u)
{
	to_place(o, place);
	flush_run(o);
	if (u >= 0xd800 && u < 0xdc00) {
		flush_high(o);
		o->high = u;
	} else if (u >= 0xdc00 && u < 0xe000) {
		unsigned hi = o->high;
		o->high = 0;
		put_cp(o, hi ? 0x10000 + ((hi - 0xd800) << 10) + (u - 0xdc00) : 0xfffd);
	} else {
		flush_high(o);
		put_cp(o, u);
	}
}

void rtf_out_ascii(struct rtf_out *o, int place, const char *p, size_t n)
{
	to_place(o, place);
	flush_run(o);
	flush_high(o);
	put_utf8(o, p, n);
}

void rtf_out_byte(struct rtf_out *o, int place, unsigned cp, unsigned char b)
{
	to_place(o, place);
	flush_high(o);
	if (cp == 0)
		cp = 1252;
	if (o->nrun && o->run_cp != cp)
		flush_run(o);
	const struct rtf_map *m = map_for(o, cp);
	if (!m->multibyte) {
		flush_run(o);
		put_cp(o, b < 0x80 ? b : m->high[b - 0x80]);
		return;
	}
	if (o->nrun == sizeof o->run)
		flush_run(o);   /* a pair cut here is read as two bad bytes */
	o->run[o->nrun++] = b;
	o->run_cp = cp;
	o->need_trail = o->need_trail ? 0 : cp_is_lead(cp, b);
}

int rtf_out_wants_trail(const struct rtf_out *o, int place, unsigned cp)
{
	return o->nrun && o->need_trail && o->place == place && o->run_cp == (cp ? cp : 1252);
}

void rtf_out_flush(struct rtf_out *o)
{
	flush_run(o);
	flush_high(o);
	flush_out(o);
}
