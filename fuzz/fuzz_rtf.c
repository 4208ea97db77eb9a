/*
 * fuzz_rtf.c: RTF documents (extract_rtf), with nested
 * containers read in this process (see extract_fuzz.h).
 */
#include "extract_fuzz.h"

FUZZ_EXTRACTOR(extract_rtf)
