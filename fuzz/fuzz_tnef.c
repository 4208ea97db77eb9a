/*
 * fuzz_tnef.c: TNEF streams, winmail.dat (extract_tnef), with nested
 * containers read in this process (see extract_fuzz.h).
 */
#include "extract_fuzz.h"

FUZZ_EXTRACTOR(extract_tnef)
