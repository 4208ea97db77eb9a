/*
 * rtf_cp.c: Windows code page numbers to charset labels (see rtf_cp.h).
 */
#include <stdio.h>

#include "rtf_cp.h"

static const struct {
	unsigned cp;
	const char *label;
} labels[] = {
	{ 874, "windows-874" }, { 932, "cp932" }, { 936, "gbk" }, { 949, "cp949" },
	{ 950, "big5" }, { 1200, "utf-16le" }, { 1201, "utf-16be" }, { 1361, "johab" },
	{ 10000, "macintosh" }, { 10001, "shift_jis" }, { 10002, "big5" },
	{ 10003, "euc-kr" }, { 10007, "mac-cyrillic" }, { 10008, "gb2312" },
	{ 10017, "macukrainian" }, { 10029, "mac-centraleurope" }, { 10079, "mac-is" },
	{ 12000, "utf-32le" }, { 12001, "utf-32be" }, { 20127, "us-ascii" },
	{ 20866, "koi8-r" }, { 20932, "euc-jp" }, { 21866, "koi8-u" },
	{ 50220, "iso-2022-jp" }, { 50221, "iso-2022-jp" }, { 50222, "iso-2022-jp" },
	{ 50225, "iso-2022-kr" }, { 51932, "euc-jp" }, { 51936, "gb2312" },
	{ 51949, "euc-kr" }, { 52936, "gb2312" }, { 54936, "gb18030" },
	{ 65000, "utf-7" }, { 65001, "utf-8" },
};

const char *cp_label(unsigned cp, char out[CP_LABEL_MAX])
{
	if (cp == 0)
		cp = 1252;
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (labels[i].cp == cp) {
			snprintf(out, CP_LABEL_MAX, "%s", labels[i].label);
			return out;
		}
	if (cp >= 1250 && cp <= 1258)
		snprintf(out, CP_LABEL_MAX, "windows-%u", cp);
	else if (cp >= 28591 && cp <= 28599)
		snprintf(out, CP_LABEL_MAX, "iso-8859-%u", cp - 28590);
	else if (cp == 28603 || cp == 28605)
		snprintf(out, CP_LABEL_MAX, "iso-8859-%u", cp - 28590);
	else if (cp > 10000 && cp < 10100)
		snprintf(out, CP_LABEL_MAX, "macintosh");
	else
		snprintf(out, CP_LABEL_MAX, "cp%u", cp);
	return out;
}

unsigned cp_of_fcharset(long charset)
{
	static const struct { short charset; unsigned short cp; } map[] = {
		{ 0, 1252 }, { 77, 10000 }, { 78, 10001 }, { 79, 10003 }, { 80, 10008 },
		{ 81, 10002 }, { 83, 10005 }, { 84, 10004 }, { 85, 10006 }, { 86, 10081 },
		{ 87, 10021 }, { 88, 10029 }, { 89, 10007 }, { 128, 932 }, { 129, 949 },
		{ 130, 1361 }, { 134, 936 }, { 136, 950 }, { 161, 1253 }, { 162, 1254 },
		{ 163, 1258 }, { 177, 1255 }, { 178, 1256 }, { 179, 1256 }, { 180, 1256 },
		{ 181, 1255 }, { 186, 1257 }, { 204, 1251 }, { 222, 874 }, { 238, 1250 },
		{ 254, 437 }, { 255, 850 },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].charset == charset)
			return map[i].cp;
	return 0;
}

int cp_is_lead(unsigned cp, unsigned char b)
{
	switch (cp) {
	case 932: case 10001:
		return (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
	case 936: case 949: case 950: case 1361: case 10002: case 10003:
	case 10008: case 20932: case 51932: case 51936: case 51949: case 54936:
		return b >= 0x81 && b <= 0xfe;
	default:
		return 0;
	}
}

int cp_is_multibyte(unsigned cp)
{
	return cp_is_lead(cp, 0x81) || cp == 1200 || cp == 1201 || cp == 12000 ||
	    cp == 12001 || cp == 65000 || cp == 65001 || (cp >= 50220 && cp <= 50225) ||
	    cp == 52936;
}
