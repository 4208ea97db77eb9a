/*
 * fuzz_file.c: classify_file, the reading of an attachment's decoded
 * bytes: sniffing, then text in any charset, HTML, messages, and the
 * containers (read in this process, see extract_fuzz.h).  The first byte
 * picks the declared type and file name; the rest is the file.
 */
#include "extract_fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fx_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { const char *ctype, *name, *charset; } decl[] = {
		{ "application/octet-stream", "", NULL },
		{ "text/plain", "a.txt", "utf-8" },
		{ "text/html", "a.html", "windows-1252" },
		{ "text/enriched", "", "iso-8859-1" },
		{ "text/calendar", "invite.ics", "utf-8" },
		{ "message/rfc822", "fwd.eml", NULL },
		{ "application/pdf", "a.pdf", NULL },
		{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx", NULL },
		{ "application/msword", "a.doc", NULL },
		{ "application/rtf", "a.rtf", NULL },
		{ "application/ms-tnef", "winmail.dat", NULL },
		{ "application/gzip", "a.gz", NULL },
		{ "text/plain", "", "utf-16" },
		{ "text/plain", "", "iso-2022-jp" },
		{ "image/png", "a.png", NULL },
		{ "", "", NULL },
	};
	struct findings fs;
	struct classify c;
	int where;

	if (size < 1)
		return 0;
	unsigned k = data[0] % (sizeof decl / sizeof decl[0]);
	findings_init(&fs);
	classify_init(&c, &fx_cfg, fx_pat, &fs);
	c.extract = fx_dispatch;
	where = findings_where(&fs, "attachment (part 2)", "2", decl[k].ctype, decl[k].name, "", "");
	if (where == 0) {
		classify_file(&c, (const char *)data + 1, size - 1, decl[k].name, decl[k].ctype,
		    decl[k].charset, where);
		FUZZ_CHECK(c.depth == 0);
		FUZZ_CHECK(c.status == 0 || c.status == EX_TEMPFAIL);
	}
	findings_free(&fs);
	return 0;
}
