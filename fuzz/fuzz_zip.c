/*
 * fuzz_zip.c: ZIP archives, OOXML and OpenDocument files (extract_zip: the ZIP
 * walk and the XML of the documents), with nested containers read in
 * this process (see extract_fuzz.h).
 */
#include "extract_fuzz.h"

FUZZ_EXTRACTOR(extract_zip)
