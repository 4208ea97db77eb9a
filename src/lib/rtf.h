/*
 * rtf.h: the text of an RTF document, as a reader sees it.
 *
 * Control words are dropped; \'hh escapes are decoded in the code page of
 * the document (\ansicpgN) or of the font in use (\fcharsetN, \cpgN),
 * \uN escapes (with their \ucN fallbacks skipped) and the control words
 * and symbols that stand for characters (\par, \tab, \~, \_, \- ...)
 * become those characters, all as UTF-8.  Text is handed out by place:
 * the body, headers, footers, footnotes, comments (annotations), the
 * document properties (\info, \userprops) and hidden text (\v until \v0
 * or \plain), each place one stream, so a term split across groups,
 * formatting or hidden text is whole again, and hidden text is still
 * read.  Destinations a reader never sees (font and colour tables, style
 * sheets, pictures, field instructions, unknown \* groups...) are
 * skipped.  \binN data is skipped by its count, and
 * \objdata (embedded OLE objects) is decoded and handed out whole.
 *
 * Bounded: groups nest at most max_depth deep (past it the reading stops
 * with a problem, and what was read still counts), an object holds at
 * most max_object bytes; time is linear in the input.
 */
#ifndef SEEMAIL_RTF_H
#define SEEMAIL_RTF_H

#include <stddef.h>

enum rtf_place {
	RTF_BODY, RTF_HEADER, RTF_FOOTER, RTF_NOTE, RTF_COMMENT, RTF_INFO, RTF_HIDDEN,
	RTF_PLACES
};

/* "body", "header", "footer", "footnote", "comment", "properties",
 * "hidden". */
const char *rtf_place_name(enum rtf_place place);

struct rtf_handler {
	/* UTF-8 text of a place, in document order. */
	void (*text)(void *ctx, enum rtf_place place, const char *p, size_t n);
	/* The decoded bytes of an \objdata group (see rtf_object.h). */
	void (*object)(void *ctx, const char *data, size_t n);
	/* Something could not be read, and why. */
	void (*problem)(void *ctx, const char *why);
};

struct rtf_limits {
	size_t max_depth;
	size_t max_object;
};

/* Reads a document.  Returns 0, or -1 when memory ran out (the caller
 * must fail transiently). */
int rtf_read(const char *data, size_t n, const struct rtf_limits *lim,
    const struct rtf_handler *h, void *ctx);

#endif
