/*
 * tnef_props.c: MAPI property lists of TNEF records (see tnef_priv.h).
 *
 * Every count and length is checked against the bytes left, so the walk
 * is linear in the list and stops at the first value that would run past
 * its end.  A type whose size is unknown stops the walk too: the values
 * after it cannot be found.
 */
#include "tnef_priv.h"

struct cursor {
	const unsigned char *p;
	size_t n;
};

static int take(struct cursor *c, size_t k, const unsigned char **at)
{
	if (k > c->n)
		return -1;
	*at = c->p;
	c->p += k;
	c->n -= k;
	return 0;
}

static int take32(struct cursor *c, uint32_t *v)
{
	const unsigned char *at;
	if (take(c, 4, &at) < 0)
		return -1;
	*v = tnef_le32(at);
	return 0;
}

/* Skips the padding to a multiple of 4 after k bytes; short padding at
 * the very end is forgiven. */
static void pad(struct cursor *c, size_t k)
{
	size_t extra = (4 - k % 4) % 4;
	if (extra > c->n)
		extra = c->n;
	c->p += extra;
	c->n -= extra;
}

/* Bytes of a fixed-size value before padding, 0 for variable-length
 * types, (size_t)-1 for unknown types. */
static size_t fixed_size(uint16_t type)
{
	switch (type) {
	case 0x0001:                    /* PT_NULL */
	case PT_SHORT: case PT_LONG: case 0x0004: case 0x000a: case PT_BOOLEAN:
		return 4;
	case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
		return 8;
	case 0x0048:                    /* PT_CLSID */
		return 16;
	case PT_OBJECT: case PT_STRING8: case PT_UNICODE: case PT_BINARY:
	case 0x00fb:                    /* PT_SVREID */
		return 0;
	default:
		return (size_t)-1;
	}
}

static const char *values(struct cursor *c, struct tnef_value *v, int mv,
    tnef_value_fn fn, void *ctx)
{
	size_t fixed = fixed_size(v->type);
	uint32_t count = 1;

	if (fixed == (size_t)-1)
		return "a MAPI property of an unknown type";
	if ((mv || fixed == 0) && take32(c, &count) < 0)
		return "a MAPI property runs past the end of its record";
	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *at;
		uint32_t len = (uint32_t)fixed;
		if (fixed == 0 && take32(c, &len) < 0)
			return "a MAPI property runs past the end of its record";
		if (take(c, len, &at) < 0)
			return "a MAPI property runs past the end of its record";
		pad(c, len);
		v->index = i;
		v->p = at;
		v->n = len;
		v->iid = NULL;
		v->u32 = fixed >= 4 ? tnef_le32(at) : 0;
		if (v->type == PT_SHORT || v->type == PT_BOOLEAN)
			v->u32 &= 0xffff;
		if (v->type == PT_OBJECT) {
			if (len < 16)
				continue;       /* no room for its IID: nothing in it */
			v->iid = at;
			v->p = at + 16;
			v->n = len - 16;
		}
		fn(ctx, v);
	}
	return NULL;
}

const char *tnef_props(const unsigned char *p, size_t n, size_t max_props,
    tnef_value_fn fn, void *ctx)
{
	struct cursor c = { p, n };
	uint32_t count;

	if (take32(&c, &count) < 0)
		return "a MAPI property list without its count";
	if (count > max_props)
		return "more MAPI properties in one record than seemail reads";
	for (uint32_t i = 0; i < count; i++) {
		struct tnef_value v = { 0 };
		uint32_t tag;
		const unsigned char *at;

		if (take32(&c, &tag) < 0)
			return "a MAPI property runs past the end of its record";
		v.type = (uint16_t)(tag & 0xffff);
		v.id = (uint16_t)(tag >> 16);
		int mv = (v.type & PT_MV) != 0;
		v.type &= (uint16_t)~PT_MV;
		if (v.id >= 0x8000) {
			uint32_t kind, len;
			v.named = 1;
			if (take(&c, 16, &at) < 0 || take32(&c, &kind) < 0)
				return "a MAPI property name runs past the end of its record";
			if (kind == 0) {
				if (take32(&c, &len) < 0)
					return "a MAPI property name runs past the end of its record";
			} else if (kind == 1) {
				if (take32(&c, &len) < 0 || take(&c, len, &at) < 0)
					return "a MAPI property name runs past the end of its record";
				pad(&c, len);
			} else {
				return "a MAPI property name of an unknown kind";
			}
		}
		const char *why = values(&c, &v, mv, fn, ctx);
		if (why)
			return why;
	}
	return NULL;
}
