/*
 * fuzz_config.c: seemail.conf (config_parse).  Invariant: a text that
 * parses is dumped (config_dump) as a seemail.conf that parses again to
 * the same dump.
 */
#include "config.h"
#include "fuzz.h"

FUZZ_QUIET_INIT

static char *dump(const struct config *c, size_t *len)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, len);
	if (f == NULL)
		abort();
	config_dump(c, f);
	if (fclose(f) != 0)
		abort();
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c, again;
	char *d1, *d2;
	size_t n1, n2;

	config_defaults(&c);
	if (config_parse(&c, (const char *)data, size, "fuzz.conf", "/etc/seemail") != 0) {
		config_free(&c);
		return 0;
	}
	d1 = dump(&c, &n1);
	config_defaults(&again);
	FUZZ_CHECK(config_parse(&again, d1, n1, "dump.conf", "/etc/seemail") == 0);
	d2 = dump(&again, &n2);
	FUZZ_CHECK(n1 == n2 && memcmp(d1, d2, n1) == 0);
	free(d1);
	free(d2);
	config_free(&again);
	config_free(&c);
	return 0;
}
