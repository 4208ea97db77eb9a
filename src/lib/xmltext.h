/*
 * xmltext.h: the text of an XML document as its reader sees it, for the
 * scanner, parsed safely with expat.
 *
 * All character data is text, except in the vocabularies whose text
 * lives only in known elements (WordprocessingML w:t, DrawingML a:t,
 * SpreadsheetML t/v/f and header/footer), where white space between
 * elements means nothing.  Inside a paragraph or cell (w:p, a:p, text:p,
 * si, c...) runs are joined, so a term split across differently
 * formatted runs is found; paragraphs, cells and the elements of any
 * other vocabulary are set apart by a line break when they hold text;
 * tabs and breaks (w:tab, w:br, text:s, text:tab, text:line-break) are
 * spaces; SpreadsheetML header/footer &-codes are removed.  A few
 * attributes that people write are text too: name, descr, title,
 * tooltip, prompt... (sheet names, alternative text), the string of a
 * VML v:textpath (Word's watermark), and the literal text of a number
 * format (formatCode), which every cell using it shows.
 *
 * Text a reader does not see between the words around it goes to a
 * second sink, aside: hidden runs (w:vanish, w:specVanish in a run's
 * w:rPr), OpenDocument text with text:display="none" or an automatic
 * style of the same part that says so, field codes (w:instrText), and
 * phonetic and ruby guides (rPh, w:rt, text:ruby-text).  So the visible
 * words on either side join as the reader sees them, and the hidden text
 * is still read; hidden pieces with visible text between are set apart.
 * A paragraph whose mark is hidden runs on into the next, as Word shows it.
 *
 * Safety: a DTD may not declare entities (the document is refused as
 * soon as one is declared), no external entity or DTD is ever read, an
 * entity expat skips stops the parse, and elements nest at most
 * lim->xml_depth deep; at most 512 hidden styles (8 KB of names) are
 * kept per part (past that it stops).  The output goes to the sinks
 * in chunks, never whole.
 * A document that breaks a rule or is malformed keeps the text read
 * before the problem; xmltext_problem() then says why.
 */
#ifndef SEEMAIL_XMLTEXT_H
#define SEEMAIL_XMLTEXT_H

#include <stddef.h>

#include "config.h"
#include "sink.h"

/* Watches the parse (a package's properties, a manifest).  ns is the
 * element's namespace URI ("" for none), local its local name; atts
 * as expat gives them (see xmltext_attr).  Any hook may be NULL. */
struct xml_observer {
	void (*start)(void *ctx, const char *ns, const char *local, const char **atts);
	void (*end)(void *ctx, const char *ns, const char *local);
	void (*text)(void *ctx, const char *s, size_t n);       /* all character data */
	void *ctx;
};

struct xmltext;

/* A parser writing text to out, and what is not seen in line to aside
 * (a sink of its own, not out).  NULL when memory runs out. */
struct xmltext *xmltext_new(struct sink *out, struct sink *aside, const struct limits *lim,
    const struct xml_observer *obs);

/* Parses the next n bytes; last marks the end of the document.  Returns
 * 0, or -1 once the parse has stopped for good (see xmltext_problem).
 * Text is flushed to the sinks when last is set or the parse stops. */
int xmltext_feed(struct xmltext *x, const char *p, size_t n, int last);

/* Hands on the text gathered so far (before the sink ends, when the
 * document was cut short). */
void xmltext_flush(struct xmltext *x);

/* Why the document could not be read to its end, or NULL. */
const char *xmltext_problem(const struct xmltext *x);
/* 1 if memory ran out (a transient failure, not the document's). */
int xmltext_nomem(const struct xmltext *x);

void xmltext_free(struct xmltext *x);

/* The value of attribute name (a local name without namespace, or
 * "URI\001local" for a namespaced one) in expat's atts, or NULL. */
const char *xmltext_attr(const char **atts, const char *name);

#endif
