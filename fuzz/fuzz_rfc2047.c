/*
 * fuzz_rfc2047.c: encoded words (rfc2047_decode), and rfc2047_encode of
 * what was decoded.  Invariants: the encoder's output never holds a line
 * break that is not a fold (nl followed by a blank), and it decodes back
 * to the text it was given, with control characters as spaces and, where
 * the text was folded without encoding, runs of white space counted as
 * one and white space at either end ignored (a fold may come first).
 */
#include "fuzz.h"
#include "mime.h"
#include "rfc2047.h"
#include "utf8.h"

FUZZ_QUIET_INIT

/* Every CR or LF is part of nl, and every nl is followed by a blank. */
static void check_folds(const struct buf *b, const char *nl)
{
	size_t nll = strlen(nl);
	for (size_t i = 0; i < b->len; i++) {
		if (b->p[i] != '\r' && b->p[i] != '\n')
			continue;
		FUZZ_CHECK(b->len - i > nll && memcmp(b->p + i, nl, nll) == 0);
		FUZZ_CHECK(b->p[i + nll] == ' ' || b->p[i + nll] == '\t');
		i += nll - 1;
	}
}

/* Copies s with control characters as spaces, each run of blanks as one
 * space and none at either end (the forms that folding may change). */
static void canonical(const char *s, size_t n, struct buf *out)
{
	int blank = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 32 || c == 127 || c == ' ') {
			if (!blank)
				buf_putc(out, ' ');
			blank = 1;
			continue;
		}
		blank = 0;
		buf_putc(out, c);
	}
	if (out->len && out->p[out->len - 1] == ' ')
		out->len--;
}

static void roundtrip(const char *s, size_t n, size_t col, const char *nl)
{
	struct buf enc = BUF_INIT_MAX(0), unf = BUF_INIT_MAX(0), dec = BUF_INIT_MAX(0);
	struct buf want = BUF_INIT_MAX(0), got = BUF_INIT_MAX(0);

	rfc2047_encode(s, n, col, nl, &enc);
	if (enc.err)
		goto out;
	check_folds(&enc, nl);
	hdr_unfold(enc.p ? enc.p : "", enc.len, &unf);
	rfc2047_decode(unf.p ? unf.p : "", unf.len, &dec);
	canonical(s, n, &want);
	canonical(dec.p ? dec.p : "", dec.len, &got);
	if (!unf.err && !dec.err && !want.err && !got.err) {
		FUZZ_CHECK(want.len == got.len);
		FUZZ_CHECK(want.len == 0 || memcmp(want.p, got.p, want.len) == 0);
	}
out:
	buf_free(&enc);
	buf_free(&unf);
	buf_free(&dec);
	buf_free(&want);
	buf_free(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf dec = BUF_INIT_MAX(0);

	rfc2047_decode((const char *)data, size, &dec);
	if (!dec.err) {
		/* Everything comes out as UTF-8. */
		FUZZ_CHECK(utf8_valid(dec.p ? dec.p : "", dec.len));
		roundtrip(dec.p ? dec.p : "", dec.len, size % 40, size & 1 ? "\r\n" : "\n");
	}
	buf_free(&dec);
	return 0;
}
