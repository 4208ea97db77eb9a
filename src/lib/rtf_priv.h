/*
 * rtf_priv.h: the parts of the RTF reader (rtf.c), shared by its files.
 *
 *   rtf_words.c   what each control word means (one sorted table)
 *   rtf_text.c    text out: code pages and \uN to UTF-8, per place
 */
#ifndef SEEMAIL_RTF_PRIV_H
#define SEEMAIL_RTF_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rtf.h"

/* ---- control words ---- */

enum rtf_kind {
	W_NONE,                 /* formatting: no effect on the text */
	W_CHAR,                 /* a character (arg: its code point) */
	W_SKIP,                 /* a destination a reader never sees */
	W_PLACE,                /* a destination of text in place arg */
	W_ITEM,                 /* a property in \info: text, then a break */
	W_STAR_TEXT,            /* a \* destination that holds visible text */
	W_STAR_PLACE,           /* a \* destination of text in place arg */
	W_STAR_ITEM,            /* a \* property in \info */
	W_FONTTBL,
	W_OBJDATA,
	W_U, W_UC, W_BIN,
	W_CODEPAGE,             /* \ansi \mac \pc \pca (arg: the code page) */
	W_ANSICPG, W_DEFF, W_F, W_FCHARSET, W_CPG, W_PLAIN,
	W_HIDDEN,               /* \v: hidden text; \v0 ends it */
};

struct rtf_word {
	const char *name;
	unsigned char kind;
	unsigned arg;
};

/* The meaning of a control word, or NULL for one without any. */
const struct rtf_word *rtf_word(const char *name);
/* The whole table and its size, for tests. */
const struct rtf_word *rtf_words_table(size_t *n);

/* ---- text out ---- */

#define RTF_MAPS 4

struct rtf_map {
	unsigned cp;
	int multibyte;          /* convert in runs, not byte by byte */
	uint32_t high[128];     /* code points of bytes 0x80..0xff */
};

struct rtf_out {
	const struct rtf_handler *h;
	void *ctx;
	int place;              /* of what out and run hold */
	int hidden_gap;         /* text elsewhere since the last hidden text */
	char out[4096];
	size_t nout;
	unsigned char run[256]; /* bytes waiting for their code page */
	size_t nrun;
	unsigned run_cp;
	int need_trail;         /* the run ends with a DBCS lead byte */
	unsigned high;          /* a \uN high surrogate waiting for its pair */
	struct rtf_map maps[RTF_MAPS];
	size_t nmaps;
	struct buf tmp;
	int nomem;
};

void rtf_out_init(struct rtf_out *o, const struct rtf_handler *h, void *ctx);
void rtf_out_fini(struct rtf_out *o);
/* A Unicode character (from \uN: UTF-16 units, surrogates paired). */
void rtf_out_unit(struct rtf_out *o, int place, unsigned u);
void rtf_out_char(struct rtf_out *o, int place, unsigned cp);
/* ASCII text (no byte of 0x80 or more). */
void rtf_out_ascii(struct rtf_out *o, int place, const char *p, size_t n);
/* A byte of text in code page cp (\'hh, or raw 8-bit text). */
void rtf_out_byte(struct rtf_out *o, int place, unsigned cp, unsigned char b);
/* 1 if the next ASCII byte in code page cp is the second half of a
 * double-byte character. */
int rtf_out_wants_trail(const struct rtf_out *o, int place, unsigned cp);
/* Hands out everything held. */
void rtf_out_flush(struct rtf_out *o);

#endif
