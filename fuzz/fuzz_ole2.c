/*
 * fuzz_ole2.c: OLE2 compound files (extract_ole2: .doc .xls .ppt
 * .pub .msg), with nested containers read in this process (see extract_fuzz.h).
 */
#include "extract_fuzz.h"

FUZZ_EXTRACTOR(extract_ole2)
