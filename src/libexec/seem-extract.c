/*
 * seem-extract: the child that reads documents and archives for
 * seem-classify (see extract.h).  Not meant to be run by hand.
 *
 *   seem-extract [-c CONF] --type zip|ole2|rtf|tnef|gzip|tar --depth N
 *                --name NAME --where TEXT [--part P --ctype T ...] <part
 */
#include <stdio.h>

#include "extract.h"
#include "extractors.h"
#include "log.h"
#include "status.h"

int main(int argc, char **argv)
{
	struct extract_child x;
	int st;

	log_init("seem-extract", LOG_TARGET_STDERR);
	st = extract_child_start(&x, argc, argv);
	if (st)
		return st;
	/* Nested containers are read here, in this process, except PDFs. */
	x.c.extract = extract_dispatch;
	/* The part itself was sniffed by the parent; its depth is counted
	 * there, so it is read at this depth. */
	x.c.depth--;
	extract_dispatch(&x.c, x.type, x.data, x.n, 0, x.name);
	return extract_child_finish(&x);
}
