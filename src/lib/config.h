/*
 * config.h: seemail.conf, shared by every tool.
 *
 * Lookup: -c FILE, else $SEEMAIL_CONF, else SYSCONFDIR/seemail/seemail.conf,
 * else the built-in defaults (the files of share/seemail compiled in).
 * Lines are "key = value"; '#' starts a comment; relative paths are
 * relative to the directory of the file.  Every key is in one table with
 * its type, default and range; an unknown key or a bad value is an error
 * that names file:line, and config_load() returns EX_CONFIG.
 */
#ifndef SEEMAIL_CONFIG_H
#define SEEMAIL_CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_LIST 64

struct strlist {
	size_t n;
	char *v[CONFIG_MAX_LIST];
};

/* A sensitivity label (MSIP_Label_<id>_...) mapped to a level. */
struct label_map {
	char *id;               /* GUID or label name, compared case-insensitively */
	int level;
};

struct limits {
	size_t max_message_size;        /* bytes a tool reads at most */
	size_t mime_depth;              /* nesting of multiparts and messages */
	size_t max_parts;               /* MIME parts in one message */
	size_t extract_depth;           /* containers inside containers */
	size_t max_expanded_size;       /* bytes extracted from one attachment */
	size_t max_expansion_ratio;     /* expanded : compressed, per entry */
	size_t max_archive_entries;     /* entries in one archive */
	size_t xml_depth;               /* element nesting in XML */
	size_t extract_cpu;             /* CPU seconds of one extractor child */
	size_t extract_timeout;         /* wall-clock seconds of one child */
	size_t extract_memory;          /* address space of a child, bytes */
	size_t max_findings;            /* stamps written per kind */
};

struct config {
	char *path;             /* the file read, or NULL for built-in defaults */
	char *dir;              /* its directory, for relative paths */

	char *agency;           /* our agency, as named in the directory */
	struct strlist local_domains;
	char *directory;        /* path, or NULL: the built-in directory */
	char *triggers;         /* path, or NULL: none beyond the built-in */
	int builtin_triggers;   /* use the default triggers (yes) */
	struct strlist marking_headers;  /* beyond the built-in ones */
	size_t nlabels;
	struct label_map labels[CONFIG_MAX_LIST];

	char *ca_file, *cert, *key;
	int cipher;             /* CIPHER_* */
	int rsa_padding;        /* PADDING_* */
	int digest;             /* DIGEST_* */
	int hide_subject;
	char *hidden_subject;

	int on_block;           /* ON_BLOCK_* */
	char *authserv_id;

	char *notify_from;
	char *templates;        /* directory, or NULL: the built-in templates */
	char *warning_prefix;
	size_t notice_max_original;     /* above: attach headers only */

	char *log;              /* stderr, syslog or none; NULL: the tool's default */
	struct limits lim;
};

enum { CIPHER_AES256_CBC, CIPHER_AES256_GCM };
enum { PADDING_PKCS1, PADDING_PSS };
enum { DIGEST_SHA256, DIGEST_SHA384, DIGEST_SHA512 };
enum { ON_BLOCK_ALL, ON_BLOCK_UNCLEARED };

/* Loads the configuration named on the command line (or NULL).  Returns
 * 0, EX_CONFIG (errors logged with file:line) or EX_TEMPFAIL (a file that
 * exists could not be read). */
int config_load(struct config *c, const char *cmdline_path);

/* Parses configuration text as if read from name, for tests. */
int config_parse(struct config *c, const char *text, size_t len,
    const char *name, const char *dir);

/* Sets every key to its default: 0, or EX_TEMPFAIL out of memory. */
int config_defaults(struct config *c);
void config_free(struct config *c);

/* 1 if the domain is one of local_domains (exact, or a leading-dot rule
 * for its subdomains). */
int config_is_local(const struct config *c, const char *domain);

/* Resolves a path from the file against its directory (malloc'd). */
char *config_path(const struct config *c, const char *p);

/* Reads a file the configuration names ("directory", "triggers"), or the
 * built-in text when path is NULL.  Returns 0, EX_CONFIG (missing or
 * unreadable), EX_TEMPFAIL. */
int config_read_file(const char *path, const char *builtin, char **text,
    size_t *len);

/* Parses "10M", "512k", "1G", "1000".  0 or -1. */
int config_parse_size(const char *s, size_t *out);

/* Prints every key with its value, as a valid seemail.conf. */
void config_dump(const struct config *c, void *file);

#endif
