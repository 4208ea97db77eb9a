/*
 * fuzz_gzip.c: gzip files (extract_gzip), with nested
 * containers read in this process (see extract_fuzz.h).
 */
#include "extract_fuzz.h"

FUZZ_EXTRACTOR(extract_gzip)
