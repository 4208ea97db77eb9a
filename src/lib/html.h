/*
 * html.h: the text a reader of an HTML part sees, streaming.
 *
 * Tags are removed (block-level ones become line breaks); comments,
 * <script>, <style> and processing instructions are skipped; and
 * character references are decoded as HTML5 does: every named one, the
 * legacy ones also without their ';' (but not in an attribute value
 * before a letter, a digit or '='), and decimal and hexadecimal numeric
 * ones, with or without ';', with the code points HTML maps for
 * 0x80-0x9F.  A reference HTML would not decode is kept as written.
 * Unterminated constructs end at the end of the text: a '<' that starts
 * no tag is text.
 *
 * Two outputs.  next gets the flow: the text as it reads on the screen,
 * where a term is one run of characters.  aside gets the text a reader
 * sees elsewhere or not at all, so that a term written there is still
 * found but cannot split one in the flow: elements hidden by the hidden
 * attribute or by their style (display:none, visibility:hidden,
 * font-size zero, opacity zero, mso-hide:all; see css.h), and the values
 * of alt (shown for a blocked image) and title (a tooltip) attributes,
 * each on a line of its own, and Outlook's conditional sections, which
 * one kind of client shows and the other takes for a comment.  Every character goes to exactly one of
 * them.  Hidden elements are tracked on a stack of open elements that
 * follows HTML's rules for end tags closely enough: an end tag closes
 * the elements opened inside it, and the start tags that end an open
 * <p>, <li>, <td> and the like do.  The stack is HTML_DEPTH deep; a part
 * that nests deeper and hides text sets too_deep (see html.c for why
 * that part cannot be read).
 */
#ifndef SEEMAIL_HTML_H
#define SEEMAIL_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "css.h"
#include "sink.h"

#define HTML_DEPTH 256
#define HTML_DEPTH_TEXT "256"

struct html_open {
	char name[16];          /* lower case, truncated */
	uint32_t hash;          /* of name */
	unsigned short is;      /* what HTML makes of it (html.c E_*) */
	unsigned short group;   /* which start tags end it (html.c G_*) */
	unsigned char hide;     /* why it is hidden (html.c H_*), 0 if shown */
};

struct html_sink {
	struct sink base;
	struct sink *next;      /* the flow */
	struct sink *aside;     /* hidden text, alt and title */
	struct sink *to;        /* where out goes when it is flushed */
	int state;
	int skip;               /* inside <script> or <style>: its name index */
	int end_tag;            /* the tag being read is an end tag */
	char quote;             /* inside a quoted attribute value */
	int after_eq;           /* an attribute's '=' was the last thing seen */
	int unquoted;           /* inside an unquoted attribute value */
	int in_name;            /* inside an attribute's name */
	int value;              /* what the attribute value being read is (V_*) */
	int ref_return;         /* the state a character reference returns to */
	size_t nattr;
	char attr[8];           /* attribute name, lower case, truncated */
	size_t ntag;
	char tag[16];           /* tag name, lower case, truncated */
	uint32_t tag_hash;
	unsigned short tag_is, tag_group, tag_ends;     /* its element (html.c) */
	size_t nref;
	char ref[40];           /* a named character reference being read */
	char num_x;             /* a numeric reference: its 'x' or 'X', 0 if decimal */
	int num_digits;
	unsigned long num;
	int dashes;             /* '-' seen at the end of a comment */
	/* The start tag being read: what its attributes say. */
	int has_hidden, has_style, has_size, size_ok;
	struct css css;
	/* Open elements, and how the part went. */
	size_t depth;
	int lost;               /* an element did not fit on the stack */
	int hides;              /* some element hides its text */
	unsigned cond;          /* open Outlook conditional sections (html.c) */
	char cbuf[12];          /* the start of a comment or <!...>, lower case */
	size_t ncbuf;
	char cprev;             /* the comment's last character */
	int too_deep;           /* at the end: lost && hides */
	struct html_open open[HTML_DEPTH];
	size_t nout;
	char out[8192];
};

void html_sink_init(struct html_sink *h, struct sink *next, struct sink *aside);

#endif
