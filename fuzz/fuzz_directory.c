/*
 * fuzz_directory.c: the agency directory (directory_parse), and lookups
 * of the domains and addresses it names.  Invariant: every domain of a
 * directory that parses is found again by directory_lookup.
 */
#include "address.h"
#include "directory.h"
#include "fuzz.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct directory d = { 0 };
	int st;

	st = directory_parse(&d, (const char *)data, size, "fuzz-directory", "/etc/seemail");
	if (st == 0) {
		for (size_t i = 0; i < d.n; i++) {
			const struct dir_entry *e = d.e[i].domain[0] == '.' ?
			    NULL : directory_lookup(&d, d.e[i].domain);
			if (d.e[i].domain[0] != '.')
				FUZZ_CHECK(e == &d.e[i]);
			char addr[300];
			if (snprintf(addr, sizeof addr, "Someone <x@%s>", d.e[i].domain) < (int)sizeof addr)
				(void)directory_lookup_addr(&d, addr);
			(void)directory_lookup(&d, "sub.dia.govt.nz");
		}
	}
	directory_free(&d);
	return 0;
}
