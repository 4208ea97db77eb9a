/*
 * tnef_priv.h: the MAPI property lists inside TNEF records (attMsgProps,
 * attAttachment, [MS-OXTNEF] section 2.1.3.4), for tnef.c.
 *
 * A list is a count and then properties: a tag (type, id), a name for
 * named properties (GUID, then a number or a UTF-16 string), and the
 * values: fixed-size ones padded to 4 bytes; strings, binaries and
 * objects as a count of values, each a length, the bytes and padding to
 * 4.  An object's bytes begin with the interface identifier of what it
 * holds.
 */
#ifndef SEEMAIL_TNEF_PRIV_H
#define SEEMAIL_TNEF_PRIV_H

#include <stddef.h>
#include <stdint.h>

#define PT_SHORT        0x0002
#define PT_LONG         0x0003
#define PT_BOOLEAN      0x000b
#define PT_OBJECT       0x000d
#define PT_STRING8      0x001e
#define PT_UNICODE      0x001f
#define PT_BINARY       0x0102
#define PT_MV           0x1000

struct tnef_value {
	uint16_t type;                  /* without PT_MV */
	uint16_t id;
	int named;                      /* a named property (id >= 0x8000) */
	uint32_t index;                 /* the value's place in a multi-value */
	const unsigned char *p;         /* its bytes (an object's after its IID) */
	size_t n;
	const unsigned char *iid;       /* objects: the 16-byte IID, else NULL */
	uint32_t u32;                   /* PT_SHORT, PT_LONG, PT_BOOLEAN */
};

typedef void (*tnef_value_fn)(void *ctx, const struct tnef_value *v);

/* Calls fn for each value of the list p[0..n).  Returns NULL, or why it
 * stopped before the end (the values before were delivered). */
const char *tnef_props(const unsigned char *p, size_t n, size_t max_props,
    tnef_value_fn fn, void *ctx);

static inline uint32_t tnef_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint16_t tnef_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

#endif
