/*
 * sniff.c: magic numbers.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sniff.h"
#include "tarhdr.h"

static const char *const names[DOC_COUNT] = {
	"text", "HTML", "binary", "media", "PDF", "ZIP", "OLE2 compound file",
	"RTF", "TNEF", "gzip", "tar", "message", "S/MIME", "OpenPGP", "archive",
};

const char *doctype_name(enum doctype t)
{
	return t < DOC_COUNT ? names[t] : "?";
}

int doctype_is_container(enum doctype t)
{
	return t == DOC_PDF || t == DOC_ZIP || t == DOC_OLE2 || t == DOC_RTF ||
	    t == DOC_TNEF || t == DOC_GZIP || t == DOC_TAR;
}

static int starts(const char *p, size_t n, const void *magic, size_t m)
{
	return n >= m && memcmp(p, magic, m) == 0;
}

static unsigned long le32(const unsigned char *p)
{
	return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
	    (unsigned long)p[3] << 24;
}

static const char *ext(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	return dot ? dot + 1 : "";
}

/* Case-insensitive search for an ASCII needle in the first n bytes. */
static int has(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}

/* A DER PKCS #7 / CMS ContentInfo: SEQUENCE, then the OID 1.2.840.113549.1.7.x. */
static int is_cms(const unsigned char *p, size_t n)
{
	static const unsigned char oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07 };
	if (n < 16 || p[0] != 0x30)
		return 0;
	for (size_t i = 1; i < 8 && i + sizeof oid <= n; i++)
		if (memcmp(p + i, oid, sizeof oid) == 0)
			return 1;
	return 0;
}

/* A binary OpenPGP message (what "gpg -e" and "gpg -c" write): its first
 * packet is a public-key or symmetric-key encrypted session key, or
 * encrypted data, in the old or the new packet format, with a version
 * byte that such a packet has (RFC 4880 and RFC 9580). */
static int is_openpgp(const unsigned char *p, size_t n)
{
	size_t hdr;
	int tag;

	if (n < 4 || !(p[0] & 0x80))
		return 0;
	if (p[0] & 0x40) {              /* new format: tag, then a length */
		tag = p[0] & 0x3f;
		hdr = p[1] < 192 ? 2 : p[1] < 224 ? 3 : p[1] == 255 ? 6 : 0;
	} else {                        /* old format: tag and length type */
		tag = (p[0] >> 2) & 0x0f;
		hdr = (p[0] & 3) == 0 ? 2 : (p[0] & 3) == 1 ? 3 : (p[0] & 3) == 2 ? 5 : 0;
	}
	if (hdr == 0 || hdr + 2 > n)
		return 0;
	int version = p[hdr];
	switch (tag) {
	case 1:  return version == 3 || version == 6;                   /* PKESK */
	case 3:  return (version >= 4 && version <= 6) && p[hdr + 1] >= 1 &&
		    p[hdr + 1] <= 13;                                       /* SKESK */
	case 18: return version == 1 || version == 2;                   /* SEIPD */
	case 20: return version == 1;                                   /* AEAD */
	default: return 0;
	}
}

enum doctype sniff_declared(const char *ctype, const char *filename)
{
	const char *e = ext(filename);
	static const struct { const char *ext; enum doctype t; } exts[] = {
		{ "pdf", DOC_PDF }, { "docx", DOC_ZIP }, { "xlsx", DOC_ZIP }, { "pptx", DOC_ZIP },
		{ "docm", DOC_ZIP }, { "xlsm", DOC_ZIP }, { "pptm", DOC_ZIP }, { "zip", DOC_ZIP },
		{ "odt", DOC_ZIP }, { "ods", DOC_ZIP }, { "odp", DOC_ZIP }, { "doc", DOC_OLE2 },
		{ "xls", DOC_OLE2 }, { "ppt", DOC_OLE2 }, { "pub", DOC_OLE2 }, { "msg", DOC_OLE2 },
		{ "rtf", DOC_RTF }, { "txt", DOC_TEXT }, { "csv", DOC_TEXT }, { "htm", DOC_HTML },
		{ "html", DOC_HTML }, { "eml", DOC_MESSAGE }, { "p7m", DOC_CMS }, { "gz", DOC_GZIP }, { "tar", DOC_TAR },
		{ "7z", DOC_ARCHIVE }, { "rar", DOC_ARCHIVE }, { "dat", DOC_COUNT },
		{ "gpg", DOC_PGP }, { "pgp", DOC_PGP }, { "mht", DOC_MESSAGE }, { "mhtml", DOC_MESSAGE },
		/* XML that office software opens as a document: its text is
		 * read through the markup, as HTML's is. */
		{ "xml", DOC_HTML }, { "svg", DOC_HTML }, { "fodt", DOC_HTML }, { "fods", DOC_HTML },
		{ "fodp", DOC_HTML }, { "fodg", DOC_HTML },
	};
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(e, exts[i].ext) == 0)
			return exts[i].t;
	if (strcasecmp(filename ? filename : "", "winmail.dat") == 0)
		return DOC_TNEF;
	if (!ctype || !*ctype)
		return DOC_COUNT;
	if (strcmp(ctype, "text/html") == 0 || strcmp(ctype, "text/xml") == 0 ||
	    strcmp(ctype, "application/xml") == 0 || strcmp(ctype, "image/svg+xml") == 0 ||
	    strcmp(ctype, "application/xhtml+xml") == 0)
		return DOC_HTML;
	if (strncmp(ctype, "text/", 5) == 0)
		return DOC_TEXT;
	if (strcmp(ctype, "application/pdf") == 0)
		return DOC_PDF;
	if (strcmp(ctype, "application/zip") == 0 || strstr(ctype, "openxmlformats") ||
	    strstr(ctype, "opendocument"))
		return DOC_ZIP;
	if (strcmp(ctype, "application/msword") == 0 || strcmp(ctype, "application/vnd.ms-excel") == 0 ||
	    strcmp(ctype, "application/vnd.ms-powerpoint") == 0 ||
	    strcmp(ctype, "application/vnd.ms-publisher") == 0 ||
	    strcmp(ctype, "application/x-mspublisher") == 0 ||
	    strcmp(ctype, "application/vnd.ms-outlook") == 0)
		return DOC_OLE2;
	if (strcmp(ctype, "application/rtf") == 0)
		return DOC_RTF;
	if (strcmp(ctype, "application/ms-tnef") == 0 || strcmp(ctype, "application/vnd.ms-tnef") == 0)
		return DOC_TNEF;
	if (strstr(ctype, "pkcs7-mime"))
		return DOC_CMS;
	if (strcmp(ctype, "application/pgp-encrypted") == 0)
		return DOC_PGP;
	if (strncmp(ctype, "image/", 6) == 0 || strncmp(ctype, "audio/", 6) == 0 ||
	    strncmp(ctype, "video/", 6) == 0)
		return DOC_MEDIA;
	if (strcmp(ctype, "message/rfc822") == 0)
		return DOC_MESSAGE;
	return DOC_COUNT;
}

enum doctype sniff(const char *p, size_t n, const char *ctype, const char *filename)
{
	const unsigned char *u = (const unsigned char *)p;
	enum doctype declared = sniff_declared(ctype, filename);

	if (starts(p, n, "%PDF-", 5))
		return DOC_PDF;
	if (starts(p, n, "PK\3\4", 4) || starts(p, n, "PK\5\6", 4) || starts(p, n, "PK\7\x08", 4))
		return DOC_ZIP;
	if (starts(p, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return DOC_OLE2;
	/* Publisher 1.0 files predate compound files: E7 AC, a version
	 * byte, 00, and the offsets of its text zones (after libmspub's
	 * findings); extract_ole2 reads them too. */
	if (n >= 0x2c && u[0] == 0xe7 && u[1] == 0xac && u[3] == 0 && le32(u + 0x10) &&
	    le32(u + 0x18) && le32(u + 0x1c) && le32(u + 0x20))
		return DOC_OLE2;
	if (starts(p, n, "{\\rtf", 5))
		return DOC_RTF;
	if (starts(p, n, "\x78\x9f\x3e\x22", 4))
		return DOC_TNEF;
	if (starts(p, n, "\x1f\x8b", 2))
		return DOC_GZIP;
	if ((n >= 263 && memcmp(p + 257, "ustar", 5) == 0) || tar_header_at(u, n))
		return DOC_TAR;
	if (starts(p, n, "7z\xbc\xaf\x27\x1c", 6) || starts(p, n, "Rar!\x1a\x07", 6) ||
	    starts(p, n, "BZh", 3) || starts(p, n, "\xfd" "7zXZ\0", 6) ||
	    starts(p, n, "MSCF\0\0\0\0", 8) || starts(p, n, "\x28\xb5\x2f\xfd", 4))
		return DOC_ARCHIVE;
	/* PDF allows junk before its header; but a magic number at the start
	 * wins (a ZIP storing a PDF is a ZIP), and text that merely mentions
	 * "%PDF-" is still text. */
	if (declared != DOC_TEXT && declared != DOC_HTML && has(p, n < 1024 ? n : 1024, "%PDF-"))
		return DOC_PDF;
	if (is_cms(u, n) || has(p, n < 200 ? n : 200, "-----BEGIN PKCS7-----") ||
	    has(p, n < 200 ? n : 200, "-----BEGIN CMS-----"))
		return DOC_CMS;
	if (has(p, n < 200 ? n : 200, "-----BEGIN PGP MESSAGE-----") || is_openpgp(u, n))
		return DOC_PGP;
	if (declared == DOC_CMS || declared == DOC_PGP)
		return declared;        /* a declared opaque object stays opaque */
	/* Declared text is read as text whatever its first bytes: a reader
	 * shows it as text, so "GIF8" in front must not make it media. */
	if (declared == DOC_HTML || declared == DOC_TEXT)
		return declared;
	if (starts(p, n, "\x89PNG", 4) || starts(p, n, "\xff\xd8\xff", 3) ||
	    starts(p, n, "GIF8", 4) || starts(p, n, "ID3", 3) || starts(p, n, "RIFF", 4) ||
	    (n > 8 && memcmp(p + 4, "ftyp", 4) == 0))
		return DOC_MEDIA;
	if (declared == DOC_MESSAGE)
		return DOC_MESSAGE;
	/* Text or binary: HTML by its first tag, text by its bytes. */
	size_t i = 0;
	while (i < n && (isspace(u[i]) || u[i] == 0xef || u[i] == 0xbb || u[i] == 0xbf))
		i++;
	if (declared == DOC_HTML || (n - i > 5 && (strncasecmp(p + i, "<html", 5) == 0 ||
	    strncasecmp(p + i, "<?xml", 5) == 0 || strncasecmp(p + i, "<svg", 4) == 0 ||
	    strncasecmp(p + i, "<!doctype html", n - i < 14 ? n - i : 14) == 0)))
		return DOC_HTML;
	if (declared == DOC_TEXT)
		return DOC_TEXT;
	if (declared == DOC_MEDIA)
		return DOC_MEDIA;
	/* Undeclared: text if it has no control bytes other than white
	 * space (UTF-16 has zeros, but the scanner drops those). */
	size_t ctl = 0;
	for (size_t k = 0; k < n; k++)
		if (u[k] < 32 && !isspace(u[k]) && u[k] != 0)
			ctl++;
	return ctl * 50 <= n ? DOC_TEXT : DOC_BINARY;
}

int sniff_zip_end(const char *p, size_t n, size_t *start)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t lo = n > 65535 + 22 ? n - 65535 - 22 : 0;

	for (size_t i = n >= 22 ? n - 22 + 1 : 0; i-- > lo;)
		if (memcmp(p + i, "PK\5\6", 4) == 0) {
			size_t size = le32(u + i + 12), off = le32(u + i + 16);
			*start = 0;
			if (size <= i && off <= i - size && i - size - off > 0 &&
			    memcmp(p + (i - size - off), "PK\3\4", 4) == 0)
				*start = i - size - off;
			return 1;
		}
	return 0;
}
