/*
 * rtf_cp.h: Windows code page numbers, as RTF (\ansicpgN, \fcharsetN,
 * \cpgN) and TNEF (attOemCodepage, PR_INTERNET_CPID) give them.
 *
 * Numbers become charset labels that charset.h converts to UTF-8; an
 * unknown number gets "cp<N>", which charset.h reads as best it can.
 * Nothing here fails.
 */
#ifndef SEEMAIL_RTF_CP_H
#define SEEMAIL_RTF_CP_H

#include <stddef.h>

#define CP_LABEL_MAX 24

/* Writes the label of code page cp into out (CP_LABEL_MAX bytes) and
 * returns out; code page 0 is Windows-1252. */
const char *cp_label(unsigned cp, char out[CP_LABEL_MAX]);

/* The code page of a font's \fcharsetN, or 0 when the font takes the
 * document's (DEFAULT_CHARSET, SYMBOL_CHARSET and unknown values). */
unsigned cp_of_fcharset(long charset);

/* 1 if a byte opens a two-byte character in code page cp (Shift_JIS,
 * GBK, UHC, Big5, Johab, and the EUC forms); 0 in single-byte pages. */
int cp_is_lead(unsigned cp, unsigned char b);

/* 1 if cp is a multibyte code page (the DBCS pages above, GB18030,
 * UTF-8, UTF-7, ISO-2022), whose bytes must be converted in runs. */
int cp_is_multibyte(unsigned cp);

#endif
