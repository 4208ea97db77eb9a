/*
 * entities.h: the table of HTML5 named character references.
 */
#ifndef SEEMAIL_ENTITIES_H
#define SEEMAIL_ENTITIES_H

struct entity {
	const char *name;       /* without '&' and ';' */
	const char *utf8;       /* its value */
	int legacy;             /* also valid without the ';' */
};

extern const struct entity entities[];
extern const unsigned entities_count;

/* The entity called name (n bytes, case-sensitive), or NULL. */
const struct entity *entity_find(const char *name, unsigned n);

#endif
