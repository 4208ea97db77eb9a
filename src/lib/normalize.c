/*
 * normalize.c: the character map of normalize.h, as a sorted table of
 * ranges so that it can also be enumerated backwards (norm_sources).
 * ASCII never reaches the table; other characters cost one binary search.
 */
#include <string.h>

#include "charset.h"
#include "normalize.h"
#include "utf8.h"

enum how { DROP, SPACE, OFFSET, EVEN_UP, ODD_UP, TO, MATH_ALPHA, MATH_DIGIT, ROMAN };

/* The letters of the Roman numerals U+2160..U+216F (and of their small
 * forms, U+2170..U+217F): a numeral of several letters is a NORM_SEQ. */
#define NROMAN 16
static const char roman[NROMAN][5] = {
	"i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
	"ix", "x", "xi", "xii", "l", "c", "d", "m",
};

struct range {
	unsigned lo, hi;
	enum how how;
	int arg;                /* OFFSET: delta; TO: target */
};

/* Sorted by lo, not overlapping.  Characters not listed map to
 * themselves (ASCII letters are lower-cased before the table). */
static const struct range table[] = {
	{ 0x0000, 0x0008, DROP, 0 }, { 0x0009, 0x000d, SPACE, 0 },
	{ 0x000e, 0x001f, DROP, 0 }, { 0x007f, 0x0084, DROP, 0 },
	{ 0x0085, 0x0085, SPACE, 0 }, { 0x0086, 0x009f, DROP, 0 },
	{ 0x00a0, 0x00a0, SPACE, 0 }, { 0x00ad, 0x00ad, DROP, 0 },
	{ 0x00c0, 0x00d6, OFFSET, 0x20 }, { 0x00d8, 0x00de, OFFSET, 0x20 },
	{ 0x0100, 0x012f, EVEN_UP, 0 }, { 0x0130, 0x0131, TO, 'i' },
	{ 0x0132, 0x0137, EVEN_UP, 0 }, { 0x0139, 0x0148, ODD_UP, 0 },
	{ 0x014a, 0x0177, EVEN_UP, 0 }, { 0x0178, 0x0178, TO, 0x00ff },
	{ 0x0179, 0x017e, ODD_UP, 0 }, { 0x017f, 0x017f, TO, 's' },
	{ 0x0262, 0x0262, TO, 'g' }, { 0x026a, 0x026a, TO, 'i' },
	{ 0x0274, 0x0274, TO, 'n' }, { 0x0280, 0x0280, TO, 'r' },
	{ 0x028f, 0x028f, TO, 'y' }, { 0x0299, 0x0299, TO, 'b' },
	{ 0x029c, 0x029c, TO, 'h' }, { 0x029f, 0x029f, TO, 'l' },
	{ 0x0300, 0x036f, DROP, 0 },
	/* Greek capitals and small letters that look Latin. */
	{ 0x0391, 0x0391, TO, 'a' }, { 0x0392, 0x0392, TO, 'b' },
	{ 0x0395, 0x0395, TO, 'e' }, { 0x0396, 0x0396, TO, 'z' },
	{ 0x0397, 0x0397, TO, 'h' }, { 0x0399, 0x0399, TO, 'i' },
	{ 0x039a, 0x039a, TO, 'k' }, { 0x039c, 0x039c, TO, 'm' },
	{ 0x039d, 0x039d, TO, 'n' }, { 0x039f, 0x039f, TO, 'o' },
	{ 0x03a1, 0x03a1, TO, 'p' }, { 0x03a4, 0x03a4, TO, 't' },
	{ 0x03a5, 0x03a5, TO, 'y' }, { 0x03a7, 0x03a7, TO, 'x' },
	{ 0x03b9, 0x03b9, TO, 'i' }, { 0x03bf, 0x03bf, TO, 'o' },
	{ 0x03f2, 0x03f2, TO, 'c' }, { 0x03f9, 0x03f9, TO, 'c' },
	/* Cyrillic letters that look Latin. */
	{ 0x0405, 0x0405, TO, 's' }, { 0x0406, 0x0406, TO, 'i' },
	{ 0x0408, 0x0408, TO, 'j' }, { 0x0410, 0x0410, TO, 'a' },
	{ 0x0412, 0x0412, TO, 'b' }, { 0x0415, 0x0415, TO, 'e' },
	{ 0x041a, 0x041a, TO, 'k' }, { 0x041c, 0x041c, TO, 'm' },
	{ 0x041d, 0x041d, TO, 'h' }, { 0x041e, 0x041e, TO, 'o' },
	{ 0x0420, 0x0420, TO, 'p' }, { 0x0421, 0x0421, TO, 'c' },
	{ 0x0422, 0x0422, TO, 't' }, { 0x0423, 0x0423, TO, 'y' },
	{ 0x0425, 0x0425, TO, 'x' }, { 0x0430, 0x0430, TO, 'a' },
	{ 0x0435, 0x0435, TO, 'e' }, { 0x043e, 0x043e, TO, 'o' },
	{ 0x0440, 0x0440, TO, 'p' }, { 0x0441, 0x0441, TO, 'c' },
	{ 0x0443, 0x0443, TO, 'y' }, { 0x0445, 0x0445, TO, 'x' },
	{ 0x0455, 0x0455, TO, 's' }, { 0x0456, 0x0456, TO, 'i' },
	{ 0x0458, 0x0458, TO, 'j' }, { 0x04bb, 0x04bb, TO, 'h' },
	/* Palochka: the capital looks like I, the small letter like l. */
	{ 0x04c0, 0x04c0, TO, 'i' }, { 0x04cf, 0x04cf, TO, 'l' },
	{ 0x0500, 0x0501, TO, 'd' },
	{ 0x061c, 0x061c, DROP, 0 }, { 0x115f, 0x1160, DROP, 0 },
	{ 0x1680, 0x1680, SPACE, 0 }, { 0x17b4, 0x17b5, DROP, 0 },
	{ 0x180b, 0x180f, DROP, 0 }, { 0x1ab0, 0x1aff, DROP, 0 },
	/* Small capitals. */
	{ 0x1d00, 0x1d00, TO, 'a' }, { 0x1d04, 0x1d04, TO, 'c' },
	{ 0x1d05, 0x1d05, TO, 'd' }, { 0x1d07, 0x1d07, TO, 'e' },
	{ 0x1d0a, 0x1d0a, TO, 'j' }, { 0x1d0b, 0x1d0b, TO, 'k' },
	{ 0x1d0d, 0x1d0d, TO, 'm' }, { 0x1d0f, 0x1d0f, TO, 'o' },
	{ 0x1d18, 0x1d18, TO, 'p' }, { 0x1d1b, 0x1d1b, TO, 't' },
	{ 0x1d1c, 0x1d1c, TO, 'u' }, { 0x1d20, 0x1d20, TO, 'v' },
	{ 0x1d21, 0x1d21, TO, 'w' }, { 0x1d22, 0x1d22, TO, 'z' },
	{ 0x1dc0, 0x1dff, DROP, 0 },
	{ 0x2000, 0x200a, SPACE, 0 }, { 0x200b, 0x200f, DROP, 0 },
	{ 0x2010, 0x2015, TO, '-' }, { 0x2028, 0x2029, SPACE, 0 },
	{ 0x202a, 0x202e, DROP, 0 }, { 0x202f, 0x202f, SPACE, 0 },
	{ 0x2043, 0x2043, TO, '-' }, { 0x2045, 0x2045, TO, '[' },
	{ 0x2046, 0x2046, TO, ']' }, { 0x205f, 0x205f, SPACE, 0 },
	{ 0x2060, 0x206f, DROP, 0 }, { 0x20d0, 0x20ff, DROP, 0 },
	/* Letterlike symbols: the letters the mathematical alphabets
	 * leave out (U+1D455 is U+210E), and the Kelvin sign. */
	{ 0x2102, 0x2102, TO, 'c' }, { 0x210a, 0x210a, TO, 'g' },
	{ 0x210b, 0x210f, TO, 'h' }, { 0x2110, 0x2111, TO, 'i' },
	{ 0x2112, 0x2113, TO, 'l' }, { 0x2115, 0x2115, TO, 'n' },
	{ 0x2119, 0x2119, TO, 'p' }, { 0x211a, 0x211a, TO, 'q' },
	{ 0x211b, 0x211d, TO, 'r' }, { 0x2124, 0x2124, TO, 'z' },
	{ 0x2128, 0x2128, TO, 'z' }, { 0x212a, 0x212a, TO, 'k' },
	{ 0x212c, 0x212c, TO, 'b' }, { 0x212d, 0x212d, TO, 'c' },
	{ 0x212f, 0x2130, TO, 'e' }, { 0x2131, 0x2131, TO, 'f' },
	{ 0x2133, 0x2133, TO, 'm' }, { 0x2134, 0x2134, TO, 'o' },
	{ 0x2139, 0x2139, TO, 'i' }, { 0x2145, 0x2146, TO, 'd' },
	{ 0x2147, 0x2147, TO, 'e' }, { 0x2148, 0x2148, TO, 'i' },
	{ 0x2149, 0x2149, TO, 'j' }, { 0x2160, 0x217f, ROMAN, 0 },
	{ 0x2212, 0x2212, TO, '-' }, { 0x2236, 0x2236, TO, ':' },
	/* Circled letters. */
	{ 0x24b6, 0x24cf, OFFSET, 'a' - 0x24b6 }, { 0x24d0, 0x24e9, OFFSET, 'a' - 0x24d0 },
	{ 0x27e6, 0x27e6, TO, '[' }, { 0x27e7, 0x27e7, TO, ']' },
	{ 0x298b, 0x298b, TO, '[' }, { 0x298c, 0x298c, TO, ']' },
	{ 0x298d, 0x298d, TO, '[' }, { 0x298e, 0x298e, TO, ']' },
	{ 0x298f, 0x298f, TO, '[' }, { 0x2990, 0x2990, TO, ']' },
	{ 0x3000, 0x3000, SPACE, 0 }, { 0x3010, 0x3010, TO, '[' },
	{ 0x3011, 0x3011, TO, ']' }, { 0x3014, 0x3014, TO, '[' },
	{ 0x3015, 0x3015, TO, ']' }, { 0x301a, 0x301a, TO, '[' },
	{ 0x301b, 0x301b, TO, ']' }, { 0x3164, 0x3164, DROP, 0 },
	{ 0xa730, 0xa730, TO, 'f' }, { 0xa731, 0xa731, TO, 's' },
	{ 0xfe00, 0xfe0f, DROP, 0 }, { 0xfe20, 0xfe2f, DROP, 0 },
	/* Small form variants of the punctuation of a term, as the
	 * full-width ones: tortoise shells are square-bracket look-alikes
	 * (above), parentheses stay parentheses. */
	{ 0xfe50, 0xfe50, TO, ',' }, { 0xfe54, 0xfe54, TO, ';' },
	{ 0xfe55, 0xfe55, TO, ':' }, { 0xfe58, 0xfe58, TO, '-' },
	{ 0xfe59, 0xfe59, TO, '(' }, { 0xfe5a, 0xfe5a, TO, ')' },
	{ 0xfe5d, 0xfe5d, TO, '[' }, { 0xfe5e, 0xfe5e, TO, ']' },
	{ 0xfe63, 0xfe63, TO, '-' }, { 0xfe66, 0xfe66, TO, '=' },
	{ 0xfeff, 0xfeff, DROP, 0 },
	/* Full-width ASCII: letters are lower-cased below. */
	{ 0xff01, 0xff5e, OFFSET, -0xfee0 },
	{ 0xffa0, 0xffa0, DROP, 0 }, { 0xfff0, 0xfff8, DROP, 0 },
	{ 0x1bca0, 0x1bca3, DROP, 0 }, { 0x1d173, 0x1d17a, DROP, 0 },
	{ 0x1d400, 0x1d6a3, MATH_ALPHA, 0 }, { 0x1d6a4, 0x1d6a4, TO, 'i' },
	{ 0x1d6a5, 0x1d6a5, TO, 'j' }, { 0x1d7ce, 0x1d7ff, MATH_DIGIT, 0 },
	/* Squared and negative squared capitals. */
	{ 0x1f130, 0x1f149, OFFSET, 'a' - 0x1f130 }, { 0x1f150, 0x1f169, OFFSET, 'a' - 0x1f150 },
	{ 0x1f170, 0x1f189, OFFSET, 'a' - 0x1f170 },
	/* Tags, variation selectors and the rest of the plane's ignorables. */
	{ 0xe0000, 0xe0fff, DROP, 0 },
};

#define NTABLE (sizeof table / sizeof table[0])

static unsigned lower_ascii(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static const struct range *find(unsigned cp)
{
	size_t lo = 0, hi = NTABLE;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < table[mid].lo)
			hi = mid;
		else if (cp > table[mid].hi)
			lo = mid + 1;
		else
			return &table[mid];
	}
	return NULL;
}

static unsigned apply(const struct range *r, unsigned cp)
{
	switch (r->how) {
	case DROP: return NORM_DROP;
	case SPACE: return NORM_SPACE;
	case OFFSET: return lower_ascii((unsigned)((int)cp + r->arg));
	case EVEN_UP: return cp % 2 == 0 ? cp + 1 : cp;
	case ODD_UP: return cp % 2 == 1 ? cp + 1 : cp;
	case TO: return (unsigned)r->arg;
	case MATH_ALPHA: {
		unsigned k = (cp - 0x1d400) % 52;
		return k < 26 ? 'a' + k : 'a' + (k - 26);
	}
	case MATH_DIGIT: return '0' + (cp - 0x1d7ce) % 10;
	case ROMAN: {
		unsigned k = (cp - 0x2160) % NROMAN;
		return roman[k][1] ? NORM_SEQ + k : (unsigned char)roman[k][0];
	}
	}
	return cp;
}

unsigned norm_char(unsigned cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return cp + 32;
		if (cp >= 0x20 && cp < 0x7f)
			return cp;
	}
	const struct range *r = find(cp);
	return r ? apply(r, cp) : cp;
}

int norm_is_word(unsigned c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
	if (c < 0xc0 || c == 0xd7 || c == 0xf7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xfe30 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff65) || c == NORM_DROP)
		return 0;
	return 1;
}

int norm_is_tight(unsigned char c)
{
	return c == '[' || c == ']' || c == ':' || c == '=' || c == ',' || c == ';';
}

size_t norm_encode(unsigned c, char u[4])
{
	if (c >= NORM_SEQ && c < NORM_SEQ + NROMAN) {
		size_t n = strlen(roman[c - NORM_SEQ]);
		memcpy(u, roman[c - NORM_SEQ], n);
		return n;
	}
	return utf8_encode(c, u);
}

/* 1 if the normalised c is ncp or a sequence of letters holding it: a
 * term can begin inside a sequence. */
static int yields(unsigned c, unsigned ncp)
{
	if (c >= NORM_SEQ && c < NORM_SEQ + NROMAN)
		return ncp != 0 && ncp < 0x80 && strchr(roman[c - NORM_SEQ], (int)ncp) != NULL;
	return c == ncp;
}

void norm_sources(unsigned ncp, void (*fn)(unsigned, void *), void *ctx)
{
	if (ncp >= 'a' && ncp <= 'z')
		fn(ncp - 32, ctx);
	for (size_t i = 0; i < NTABLE; i++) {
		if (table[i].how == DROP || table[i].how == SPACE)
			continue;
		for (unsigned cp = table[i].lo; cp <= table[i].hi; cp++)
			if (cp != ncp && yields(apply(&table[i], cp), ncp))
				fn(cp, ctx);
	}
}

void norm_string(const char *s, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	int space = 0;
	unsigned char prev = 0;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			cp = charset_cp1252(p[i]);
			k = 1;
		}
		i += k;
		unsigned c = norm_char(cp);
		if (c == NORM_DROP)
			continue;
		if (c == NORM_SPACE) {
			space = 1;
			continue;
		}
		char u[4];
		size_t ul = norm_encode(c, u);
		if (ul == 0)
			continue;
		if (space && prev && !norm_is_tight(prev) && !norm_is_tight((unsigned char)u[0]))
			buf_putc(out, ' ');
		space = 0;
		buf_put(out, u, ul);
		prev = (unsigned char)u[ul - 1];
	}
}
