/*
 * template.h: the texts of notices, as plain text with named placeholders.
 *
 * A template is UTF-8 text.  It may open with header lines, then a blank
 * line, then the body:
 *
 *   Subject: Not sent (SEEMail {code}): {subject}
 *   Summary: One sentence that stands for this code when another code
 *     is the primary one (a line that starts with white space continues
 *     the one above).
 *
 * Only "Subject:" and "Summary:" are header lines; a file that starts
 * with anything else is all body.  In the text, {name} is replaced by a
 * value (enum tpl_var lists the names) and "{{" is a literal "{".  An
 * unknown name, a "{" without its "}" on the same line, a control
 * character, invalid UTF-8 or a file over TEMPLATE_MAX bytes is an error
 * that names file:line; template_parse then returns EX_CONFIG.
 *
 * Rendering the body: a value of several lines keeps, on each line, the
 * indentation that its placeholder had.  A line whose placeholders all
 * come out empty is left out ("Sent: {date}" when there is no Date), and
 * so is a paragraph (lines between blank lines) whose placeholders all
 * come out empty ("The marking was found here:" above "{findings}" when
 * nothing was found).  Paragraphs are separated by one blank line and the
 * text ends with "\n".  The
 * Subject and Summary render on one line (line breaks in values become
 * ", ").  Values are inserted as they are: the caller sanitises them.
 */
#ifndef SEEMAIL_TEMPLATE_H
#define SEEMAIL_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

#define TEMPLATE_MAX (64 * 1024)

enum tpl_var {
	TPL_CODE,               /* "1A" */
	TPL_TITLE,              /* "NOT SEEMail" */
	TPL_LEVEL,              /* the classification: "RESTRICTED" */
	TPL_SUBJECT,            /* the original's Subject, decoded */
	TPL_DATE,               /* the original's Date */
	TPL_SENDER,             /* who the notice goes to (block) */
	TPL_FROM,               /* the original's From address */
	TPL_AGENCY,             /* the agency the From address belongs to */
	TPL_RECIPIENTS,         /* the recipients this code concerns */
	TPL_REFUSED,            /* every recipient the message did not go to */
	TPL_DELIVERED,          /* external recipients it still went to */
	TPL_FINDINGS,           /* one line per trigger term: what and where */
	TPL_UNINSPECTABLE,      /* one line per part that could not be read */
	TPL_OTHERS,             /* one line per other code that applies */
	TPL_VAR_COUNT
};

enum tpl_section { TPL_SEC_SUBJECT, TPL_SEC_SUMMARY, TPL_SEC_BODY, TPL_SEC_COUNT };

struct template;

/* Parses text; name is used in error messages ("name:line: what").
 * Returns 0 with *out set, EX_CONFIG (logged) or EX_TEMPFAIL (memory). */
int template_parse(const char *text, size_t n, const char *name, struct template **out);
void template_free(struct template *t);

/* 1 if the template has that section (the body always exists). */
int template_has(const struct template *t, enum tpl_section s);

/* 1 if the section uses the placeholder. */
int template_uses(const struct template *t, enum tpl_section s, enum tpl_var v);

/* A value: UTF-8 text, lines separated by "\n"; NULL counts as empty. */
typedef const char *(*tpl_value_fn)(void *ctx, enum tpl_var v);

/* Appends the rendered section to out (nothing for an absent one). */
void template_render(const struct template *t, enum tpl_section s, tpl_value_fn fn,
    void *ctx, struct buf *out);

const char *template_var_name(enum tpl_var v);  /* "recipients" */

#endif
