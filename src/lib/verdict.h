/*
 * verdict.h: the codes of SPEC.md and the X-SEEMail-Policy stamp.
 *
 * seem-policy writes one X-SEEMail-Policy field per code, the primary
 * (first in the code table) first:
 *
 *   X-SEEMail-Policy: deliver
 *   X-SEEMail-Policy: block; code=1C; recipients="bob@ea.govt.nz";
 *       refused="bob@ea.govt.nz, eve@example.com"
 *   X-SEEMail-Policy: block; code=1A; recipients="eve@example.com"
 *   X-SEEMail-Policy: deliver; recipients="ann@dia.govt.nz"
 *   X-SEEMail-Policy: warn; code=unsigned-agency; from="x@dia.govt.nz";
 *       agency="Department of Internal Affairs"
 *
 * recipients= are the recipients a code concerns; refused= (on the first
 * block field) every recipient the message will not go to; a "deliver"
 * field with recipients= (on_block = uncleared) those it still goes to.
 * Values are quoted stamp strings (stamp.h); lists are ", "-separated.
 */
#ifndef SEEMAIL_VERDICT_H
#define SEEMAIL_VERDICT_H

#include <stddef.h>

#include "buf.h"

/* In the order of SPEC's table: the first that applies is primary. */
enum code {
	CODE_ABOVE_SEEMAIL, CODE_1A, CODE_1C, CODE_CANNOT_SIGN,
	CODE_4A, CODE_UNSIGNED_AGENCY, CODE_OWN_DOMAIN, CODE_COUNT
};

enum verdict_kind { VERDICT_DELIVER, VERDICT_BLOCK, VERDICT_WARN };

const char *code_name(int code);        /* "1C" */
const char *code_title(int code);       /* "Contains RESTRICTED" */
int code_parse(const char *s, size_t n); /* -1 if unknown */
int code_is_inbound(int code);

#define VERDICT_MAX_FIELDS (CODE_COUNT + 1)

struct verdict_field {
	int kind;
	int code;               /* -1 for deliver */
	char *recipients;       /* ", "-separated, decoded; may be NULL */
	char *refused;
	char *from;
	char *agency;
};

struct verdict {
	size_t n;
	struct verdict_field f[VERDICT_MAX_FIELDS];
};

/* Appends the fields, with nl line ends. */
void verdict_write(struct buf *out, const struct verdict *v, const char *nl);

/* Reads the X-SEEMail-Policy fields of a message.  Returns the number
 * read (0: none), or -1 if one is malformed. */
int verdict_read(const char *msg, size_t n, struct verdict *v);

/* 1 if the list (as in a field: ", "-separated, each item trimmed) has
 * the item a, an (ASCII case-insensitive). */
int verdict_list_has(const char *list, const char *a, size_t an);

/* The overall kind: block if any field blocks, else warn if any warns. */
int verdict_kind(const struct verdict *v);

void verdict_free(struct verdict *v);

#endif
