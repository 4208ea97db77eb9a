/*
 * cms_ber.c: a bounded BER reader and the EnvelopedData split.
 */
#include <stdlib.h>
#include <string.h>

#include "cms_ber.h"

#define MAX_DEPTH 32

static int read_at(const unsigned char *p, size_t n, struct ber *t, int depth)
{
	size_t hl, vlen = 0;

	if (depth > MAX_DEPTH || n < 2 || (p[0] & 0x1f) == 0x1f)
		return -1;      /* CMS's structures use low tag numbers only */
	memset(t, 0, sizeof *t);
	t->tag = p[0];
	t->p = p;
	if (p[1] < 0x80) {
		hl = 2;
		vlen = p[1];
	} else if (p[1] == 0x80) {
		if (!(p[0] & BER_CONSTRUCTED))
			return -1;
		t->indefinite = 1;
		hl = 2;
	} else {
		size_t k = p[1] & 0x7f;
		if (k > 4 || n < 2 + k)
			return -1;      /* 4 GB is more than any message we read */
		for (size_t i = 0; i < k; i++)
			vlen = vlen << 8 | p[2 + i];
		hl = 2 + k;
	}
	t->val = p + hl;
	if (!t->indefinite) {
		if (vlen > n - hl)
			return -1;
		t->vlen = vlen;
		t->len = hl + vlen;
		return 0;
	}
	/* Indefinite: the children run up to an end-of-contents. */
	const unsigned char *q = t->val, *end = p + n;
	for (;;) {
		struct ber c;
		if (end - q < 2)
			return -1;
		if (q[0] == 0 && q[1] == 0)
			break;
		if (read_at(q, (size_t)(end - q), &c, depth + 1) < 0)
			return -1;
		q += c.len;
	}
	t->vlen = (size_t)(q - t->val);
	t->len = hl + t->vlen + 2;
	return 0;
}

int ber_read(const unsigned char *p, size_t n, struct ber *t)
{
	return read_at(p, n, t, 0);
}

int ber_next(const struct ber *t, const unsigned char **pos, struct ber *child)
{
	const unsigned char *end = t->val + t->vlen;

	if (*pos >= end)
		return 0;
	if (read_at(*pos, (size_t)(end - *pos), child, 1) < 0)
		return -1;
	*pos += child->len;
	return 1;
}

static const unsigned char oid_signed[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const unsigned char oid_enveloped[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03 };
static const unsigned char oid_auth_enveloped[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17 };

static int oid_is(const struct ber *t, const unsigned char *oid, size_t n)
{
	return t->tag == 0x06 && t->vlen == n && memcmp(t->val, oid, n) == 0;
}

/* Reads a ContentInfo's outer SEQUENCE, its OID and its [0]. */
static int content_info(const unsigned char *p, size_t n, struct ber *ci, struct ber *oid,
    struct ber *explicit)
{
	const unsigned char *pos;

	if (ber_read(p, n, ci) < 0 || ci->tag != 0x30)
		return -1;
	pos = ci->val;
	if (ber_next(ci, &pos, oid) != 1 || oid->tag != 0x06 ||
	    ber_next(ci, &pos, explicit) != 1 || explicit->tag != 0xa0)
		return -1;
	return 0;
}

int cms_content_type(const unsigned char *p, size_t n)
{
	struct ber ci, oid, ex;

	if (content_info(p, n, &ci, &oid, &ex) < 0)
		return -1;
	if (oid_is(&oid, oid_signed, sizeof oid_signed))
		return CMS_TYPE_SIGNED;
	if (oid_is(&oid, oid_enveloped, sizeof oid_enveloped))
		return CMS_TYPE_ENVELOPED;
	if (oid_is(&oid, oid_auth_enveloped, sizeof oid_auth_enveloped))
		return CMS_TYPE_AUTH_ENVELOPED;
	return CMS_TYPE_OTHER;
}

static size_t hdr_size(size_t n)
{
	return 1 + (n < 0x80 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : n <= 0xffffff ? 4 : 5);
}

static unsigned char *put_hdr(unsigned char *o, unsigned char tag, size_t n)
{
	*o++ = tag;
	if (n < 0x80) {
		*o++ = (unsigned char)n;
		return o;
	}
	size_t k = hdr_size(n) - 2;
	*o++ = (unsigned char)(0x80 | k);
	for (size_t i = k; i > 0; i--)
		*o++ = (unsigned char)(n >> (8 * (i - 1)));
	return o;
}

/* Moves the contents of the OCTET STRINGs inside a constructed string
 * to *dst, in order.  Each move goes backwards over bytes already read. */
static int gather(const struct ber *s, unsigned char **dst, int depth)
{
	const unsigned char *pos = s->val;
	struct ber c;
	int r;

	if (depth > MAX_DEPTH)
		return -1;
	while ((r = ber_next(s, &pos, &c)) == 1) {
		if (c.tag == 0x04) {
			memmove(*dst, c.val, c.vlen);
			*dst += c.vlen;
		} else if (c.tag == 0x24) {
			if (gather(&c, dst, depth + 1) < 0)
				return -1;
		} else {
			return -1;
		}
	}
	return r;
}

int cms_env_split(unsigned char *buf, size_t n, struct cms_env_parts *out)
{
	struct ber ci, oid, ex, env, c, eci = { 0 }, ect, alg, algoid, enc = { 0 };
	const unsigned char *pos, *before_end = NULL, *after = NULL;
	int seen_set = 0, r;

	memset(out, 0, sizeof *out);
	if (content_info(buf, n, &ci, &oid, &ex) < 0)
		return -1;
	pos = ex.val;
	if (ber_next(&ex, &pos, &env) != 1 || env.tag != 0x30)
		return -1;
	/* version, [0] originatorInfo, SET recipientInfos, the SEQUENCE of
	 * the (auth)EncryptedContentInfo, then attributes (and the MAC). */
	pos = env.val;
	while ((r = ber_next(&env, &pos, &c)) == 1) {
		if (c.tag == 0x31)
			seen_set = 1;
		else if (c.tag == 0x30 && seen_set) {
			eci = c;
			before_end = c.p;
			after = pos;
			break;
		}
	}
	if (r < 0 || eci.p == NULL)
		return -1;
	pos = eci.val;
	if (ber_next(&eci, &pos, &ect) != 1 || ect.tag != 0x06 ||
	    ber_next(&eci, &pos, &alg) != 1 || alg.tag != 0x30)
		return -1;
	const unsigned char *ap = alg.val;
	if (ber_next(&alg, &ap, &algoid) != 1 || algoid.tag != 0x06)
		return -1;
	if ((r = ber_next(&eci, &pos, &enc)) < 0 || r == 0 || (enc.tag != 0x80 && enc.tag != 0xa0))
		return -1;      /* no encrypted content here: nothing to decrypt */

	/* The ContentInfo again, without the encrypted content. */
	const unsigned char *env_end = env.val + env.vlen;
	size_t head = (size_t)(before_end - env.val), tail = (size_t)(env_end - after);
	size_t eci_in = ect.len + alg.len;
	size_t env_in = head + hdr_size(eci_in) + eci_in + tail;
	size_t ex_in = hdr_size(env_in) + env_in;
	size_t ci_in = oid.len + hdr_size(ex_in) + ex_in;
	size_t total = hdr_size(ci_in) + ci_in;
	unsigned char *d = malloc(total), *o = d;
	if (d == NULL)
		return -2;
	o = put_hdr(o, 0x30, ci_in);
	memcpy(o, oid.p, oid.len);
	o += oid.len;
	o = put_hdr(o, 0xa0, ex_in);
	o = put_hdr(o, 0x30, env_in);
	memcpy(o, env.val, head);
	o += head;
	o = put_hdr(o, 0x30, eci_in);
	memcpy(o, ect.p, ect.len);
	o += ect.len;
	memcpy(o, alg.p, alg.len);
	o += alg.len;
	memcpy(o, after, tail);
	o += tail;
	out->detached = d;
	out->detached_len = (size_t)(o - d);
	/* The algorithm's OID lies before the content: gathering, which
	 * only writes inside the content's element, leaves it alone. */
	out->alg = algoid.p;
	out->alg_len = algoid.len;

	/* Now gather the content where its element begins. */
	unsigned char *dst = (unsigned char *)enc.p;
	if (enc.tag == 0x80) {
		memmove(dst, enc.val, enc.vlen);
		dst += enc.vlen;
	} else if (gather(&enc, &dst, 0) < 0) {
		free(d);
		memset(out, 0, sizeof *out);
		return -1;
	}
	out->content = (unsigned char *)enc.p;
	out->content_len = (size_t)(dst - enc.p);
	return 0;
}
