/*
 * fuzz_lzfu.c: compressed RTF ([MS-OXRTFCP], lzfu_decompress), the RTF
 * body of a TNEF stream or an Outlook .msg.  Decompressed with a cap of
 * 64 KB after one byte of the input picks where the output starts (an
 * empty buffer, or one holding text already).  Invariants: what is added
 * never passes the cap, what was there stays, the status is one of the
 * enum, and a "MELA" (uncompressed) stream gives its bytes as they are.
 */
#include "fuzz.h"
#include "lzfu.h"

#define CAP (64u << 10)

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT_MAX(0);
	size_t before = 0;
	int st;

	if (size > 0 && (data[0] & 1)) {
		buf_puts(&out, "{\\rtf1 before ");
		before = out.len;
	}
	st = lzfu_decompress(data, size, CAP, &out);
	FUZZ_CHECK(st >= LZFU_OK && st <= LZFU_NOMEM);
	FUZZ_CHECK(lzfu_strerror(st) != NULL);
	if (!out.err) {
		FUZZ_CHECK(out.len >= before && out.len - before <= CAP);
		FUZZ_CHECK(before == 0 || memcmp(out.p, "{\\rtf1 before ", before) == 0);
		if (st == LZFU_OK && size >= LZFU_HEADER &&
		    memcmp(data + 8, "MELA", 4) == 0) {
			size_t got = out.len - before;
			FUZZ_CHECK(got <= size - LZFU_HEADER);
			FUZZ_CHECK(got == 0 || memcmp(out.p + before, data + LZFU_HEADER, got) == 0);
		}
	}
	(void)lzfu_crc(data, size);
	buf_free(&out);
	return 0;
}
