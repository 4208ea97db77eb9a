/*
 * lzfu.c: compressed RTF (see lzfu.h).
 *
 * Each control byte says, bit by bit from the lowest, whether the next
 * token is a literal byte (0) or a two-byte big-endian reference (1): a
 * 12-bit dictionary offset and a 4-bit length less 2.  A reference to the
 * current write position ends the stream.  Every byte produced is also
 * written to the dictionary, so a reference may copy what it is writing.
 */
#include <string.h>

#include "lzfu.h"

const char lzfu_prefix[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman "
    "\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New "
    "RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

_Static_assert(sizeof lzfu_prefix - 1 == LZFU_PREFIX_LEN, "the dictionary prefix is 207 bytes");

#define DICT 4096u

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

const char *lzfu_strerror(int status)
{
	switch (status) {
	case LZFU_OK: return "no error";
	case LZFU_SHORT: return "compressed RTF shorter than its header";
	case LZFU_BAD_TYPE: return "compressed RTF of an unknown type";
	case LZFU_TRUNCATED: return "compressed RTF cut short";
	case LZFU_TOO_BIG: return "compressed RTF expands past max_expanded_size";
	case LZFU_NOMEM: return "out of memory";
	default: return "compressed RTF error";
	}
}

/* Output goes through a small buffer; 0, or a status once max is passed
 * or memory runs out. */
struct out {
	struct buf *b;
	size_t room;            /* bytes this call may still add */
	size_t n;
	char chunk[4096];
};

static int flush(struct out *o)
{
	buf_put(o->b, o->chunk, o->n);
	o->n = 0;
	return o->b->err ? LZFU_NOMEM : LZFU_OK;
}

static int emit(struct out *o, unsigned char c)
{
	if (o->room == 0)
		return LZFU_TOO_BIG;
	o->room--;
	o->chunk[o->n++] = (char)c;
	return o->n == sizeof o->chunk ? flush(o) : LZFU_OK;
}

static int inflate(const unsigned char *p, size_t n, struct out *o)
{
	unsigned char dict[DICT];
	unsigned w = LZFU_PREFIX_LEN;
	size_t i = 0;

	memcpy(dict, lzfu_prefix, LZFU_PREFIX_LEN);
	memset(dict + LZFU_PREFIX_LEN, 0, DICT - LZFU_PREFIX_LEN);
	while (i < n) {
		unsigned ctl = p[i++];
		for (int bit = 0; bit < 8; bit++, ctl >>= 1) {
			int st;
			if (!(ctl & 1)) {
				if (i >= n)
					return LZFU_TRUNCATED;
				dict[w] = p[i++];
				if ((st = emit(o, dict[w])) != LZFU_OK)
					return st;
				w = (w + 1) % DICT;
				continue;
			}
			if (i + 2 > n)
				return LZFU_TRUNCATED;
			unsigned ref = (unsigned)p[i] << 8 | p[i + 1];
			unsigned off = ref >> 4, len = (ref & 15) + 2;
			i += 2;
			if (off == w)
				return LZFU_OK;         /* the end mark */
			for (unsigned k = 0; k < len; k++) {
				unsigned char c = dict[(off + k) % DICT];
				dict[w] = c;
				w = (w + 1) % DICT;
				if ((st = emit(o, c)) != LZFU_OK)
					return st;
			}
		}
	}
	return LZFU_TRUNCATED;
}

int lzfu_decompress(const void *in, size_t n, size_t max, struct buf *out)
{
	const unsigned char *p = in;
	struct out o;
	int st;

	if (n < LZFU_HEADER)
		return LZFU_SHORT;
	uint32_t compsize = le32(p), rawsize = le32(p + 4), type = le32(p + 8);
	/* compsize counts from the raw size field: 12 bytes of header, then
	 * the data.  Trust the smaller of it and what is there. */
	size_t avail = n - LZFU_HEADER, len = avail;
	if (compsize >= 12 && compsize - 12 < avail)
		len = compsize - 12;

	o.b = out;
	o.room = max;
	o.n = 0;
	if (type == LZFU_UNCOMPRESSED) {
		size_t take = rawsize < avail ? rawsize : avail;
		st = LZFU_OK;
		for (size_t k = 0; k < take && st == LZFU_OK; k++)
			st = emit(&o, p[LZFU_HEADER + k]);
		if (st == LZFU_OK && rawsize > avail)
			st = LZFU_TRUNCATED;
	} else if (type == LZFU_COMPRESSED) {
		/* A stream cut short shows as a missing end mark. */
		st = inflate(p + LZFU_HEADER, len, &o);
	} else {
		return LZFU_BAD_TYPE;
	}
	int fs = flush(&o);
	return fs != LZFU_OK ? fs : st;
}

uint32_t lzfu_crc(const void *data, size_t n)
{
	static uint32_t table[256];
	static int ready;
	const unsigned char *p = data;
	uint32_t crc = 0;

	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc;
}
