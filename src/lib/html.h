/*
 * html.h: the text a reader of an HTML part sees, streaming.
 *
 * Tags are removed (block-level ones become line breaks); comments,
 * <script>, <style> and processing instructions are skipped; the values
 * of alt and title attributes are text, on lines of their own, because a
 * mail client shows them (alt in place of a blocked image, title as a
 * tooltip); and character references are decoded: every HTML5 named one
 * (with the legacy forms that need no ';'), and decimal and hexadecimal
 * numeric ones, with the code points HTML maps for 0x80-0x9F.  A
 * reference HTML would not decode is kept as written.  Unterminated
 * constructs end at the end of the text: a '<' that starts no tag is text.
 */
#ifndef SEEMAIL_HTML_H
#define SEEMAIL_HTML_H

#include <stddef.h>

#include "sink.h"

struct html_sink {
	struct sink base;
	struct sink *next;
	int state;
	int skip;               /* inside <script> or <style>: its name index */
	int end_tag;            /* the tag being read is an end tag */
	char quote;             /* inside a quoted attribute value */
	int after_eq;           /* an attribute's '=' was the last thing seen */
	int unquoted;           /* inside an unquoted attribute value */
	int in_name;            /* inside an attribute's name */
	int shown;              /* the attribute value being read is shown text */
	int ref_return;         /* the state a character reference returns to */
	size_t nattr;
	char attr[8];           /* attribute name, lower case, truncated */
	size_t ntag;
	char tag[16];           /* tag name, lower case, truncated */
	size_t nref;
	char ref[40];           /* a character reference being read */
	int dashes;             /* '-' seen at the end of a comment */
	size_t nout;
	char out[8192];
};

void html_sink_init(struct html_sink *h, struct sink *next);

#endif
