// pdf_shim.cc: placeholder until the PDF reader lands.
#include "pdf_shim.h"

enum pdf_status pdf_open(const char *, size_t, struct pdf_doc **out) { *out = nullptr; return PDF_BROKEN; }
int pdf_pages(struct pdf_doc *) { return 0; }
int pdf_page_text(struct pdf_doc *, int, void (*)(const char *, size_t, void *), void *) { return -1; }
void pdf_info(struct pdf_doc *, void (*)(const char *, const char *, size_t, void *), void *) {}
void pdf_close(struct pdf_doc *) {}
