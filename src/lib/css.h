/*
 * css.h: what an element's style attribute does to the visibility of its
 * text, read as a stream.
 *
 * The attribute's value (character references already decoded) goes in
 * as it is read; out comes, for each property that can hide text, the
 * effect of its winning declaration: the last valid one, unless an
 * earlier one was !important and it is not.  Declarations are read as
 * CSS reads them: names and keywords in any case, comments, escapes,
 * strings, and blocks and functions whose ';' does not end a
 * declaration.  An invalid declaration is ignored, as a browser ignores
 * it.  Memory is fixed: a value longer than CSS_VALUE_MAX after comments
 * and runs of white space are squeezed is no hiding value, and only its
 * start is read.
 */
#ifndef SEEMAIL_CSS_H
#define SEEMAIL_CSS_H

#include <stddef.h>

enum css_prop {
	CSS_DISPLAY,            /* none hides; another value undoes the hidden attribute */
	CSS_VISIBILITY,         /* hidden or collapse hides; visible shows again */
	CSS_OPACITY,            /* zero (or less) hides */
	CSS_FONT_SIZE,          /* zero hides; an absolute size shows again (also "font") */
	CSS_MSO_HIDE,           /* Outlook's: all hides; none shows again */
	CSS_NPROPS,
};

enum css_effect {
	CSS_KEEP,               /* no declaration, or one that keeps the parent's state */
	CSS_HIDE,
	CSS_SHOW,
};

#define CSS_NAME_MAX 16
#define CSS_VALUE_MAX 96

struct css {
	int state;
	size_t depth;           /* open ( [ { in the current declaration */
	char quote;             /* inside a string */
	int slash;              /* a '/' that may open a comment */
	int star;               /* in a comment: the last byte was '*' */
	int esc;                /* 1 after '\', then 1 + the number of hex digits read */
	unsigned esc_cp;
	int space;              /* white space is pending in the value */
	size_t nname;
	char name[CSS_NAME_MAX];
	size_t nval;
	int val_cut;            /* the value was longer than val */
	char val[CSS_VALUE_MAX + 1];
	unsigned char effect[CSS_NPROPS];
	unsigned char important[CSS_NPROPS];
};

void css_init(struct css *c);
void css_put(struct css *c, const char *p, size_t n);
/* After the last byte: the final declaration counts. */
void css_end(struct css *c);

#endif
