/*
 * config.c: seemail.conf, one table of keys (after Postfix's mail_params).
 *
 * Every key has a type, a default and, for numbers, a range.  A file is
 * read line by line; each error is logged as "file:line: what" and the
 * load fails with EX_CONFIG after the whole file has been read, so that an
 * administrator sees every mistake at once.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "buf.h"
#include "config.h"
#include "embedded.h"
#include "level.h"
#include "log.h"
#include "status.h"

enum type { T_STR, T_PATH, T_BOOL, T_SIZE, T_NUM, T_LIST, T_ENUM, T_LABEL };

struct key {
	const char *name;
	enum type type;
	size_t off;
	const char *def;                /* default, as it would be written */
	size_t min, max;                /* T_SIZE, T_NUM */
	const char *const *words;       /* T_ENUM: values, in enum order */
};

static const char *const ciphers[] = { "aes-256-cbc", "aes-256-gcm", NULL };
static const char *const paddings[] = { "pkcs1", "pss", NULL };
static const char *const digests[] = { "sha256", "sha384", "sha512", NULL };
static const char *const on_blocks[] = { "all", "uncleared", NULL };

#define K(name, type, field, def) { name, type, offsetof(struct config, field), def, 0, 0, NULL }
#define E(name, field, def, words) { name, T_ENUM, offsetof(struct config, field), def, 0, 0, words }
#define L(name, type, field, def, min, max) \
	{ name, type, offsetof(struct config, lim.field), def, min, max, NULL }

static const struct key keys[] = {
	K("agency", T_STR, agency, ""),
	K("local_domains", T_LIST, local_domains, ""),
	K("directory", T_PATH, directory, ""),
	K("triggers", T_PATH, triggers, ""),
	K("builtin_triggers", T_BOOL, builtin_triggers, "yes"),
	K("marking_headers", T_LIST, marking_headers, ""),
	K("label", T_LABEL, labels, ""),
	K("ca_file", T_PATH, ca_file, ""),
	K("cert", T_PATH, cert, ""),
	K("key", T_PATH, key, ""),
	E("cipher", cipher, "aes-256-cbc", ciphers),
	E("rsa_padding", rsa_padding, "pkcs1", paddings),
	E("digest", digest, "sha256", digests),
	K("hide_subject", T_BOOL, hide_subject, "no"),
	K("hidden_subject", T_STR, hidden_subject, "SEEMail message"),
	E("on_block", on_block, "all", on_blocks),
	K("authserv_id", T_STR, authserv_id, ""),
	K("notify_from", T_STR, notify_from, "MAILER-DAEMON"),
	K("templates", T_PATH, templates, ""),
	K("warning_prefix", T_STR, warning_prefix, "[SEEMail warning]"),
	{ "notice_max_original", T_SIZE, offsetof(struct config, notice_max_original),
	  "10M", 0, (size_t)1 << 40, NULL },
	K("log", T_STR, log, ""),
	L("max_message_size", T_SIZE, max_message_size, "256M", 1024, (size_t)1 << 40),
	L("mime_depth", T_NUM, mime_depth, "32", 1, 1000),
	L("max_parts", T_NUM, max_parts, "10000", 1, 1000000),
	L("extract_depth", T_NUM, extract_depth, "8", 1, 100),
	L("max_expanded_size", T_SIZE, max_expanded_size, "256M", 1024, (size_t)1 << 40),
	L("max_expansion_ratio", T_NUM, max_expansion_ratio, "250", 2, 100000),
	L("max_archive_entries", T_NUM, max_archive_entries, "10000", 1, 10000000),
	L("xml_depth", T_NUM, xml_depth, "256", 8, 100000),
	L("extract_cpu", T_NUM, extract_cpu, "20", 1, 3600),
	L("extract_timeout", T_NUM, extract_timeout, "60", 1, 3600),
	L("extract_memory", T_SIZE, extract_memory, "1G", 16 << 20, (size_t)1 << 40),
	L("max_findings", T_NUM, max_findings, "50", 1, 100000),
};

#define NKEYS (sizeof keys / sizeof keys[0])

int config_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end != '\0' || (shift && v > (~0ULL >> shift)))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };

	for (int i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

char *config_path(const struct config *c, const char *p)
{
	struct buf b = BUF_INIT_MAX(0);

	if (p[0] != '/' && c->dir) {
		buf_puts(&b, c->dir);
		buf_putc(&b, '/');
	}
	buf_puts(&b, p);
	return b.err ? NULL : buf_take(&b, NULL);
}

static void list_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/* Sets one key from its textual value; returns NULL or what is wrong. */
static const char *set(struct config *c, const struct key *k, const char *v)
{
	void *field = (char *)c + k->off;
	static char why[160];

	switch (k->type) {
	case T_STR:
	case T_PATH: {
		char **s = field;
		free(*s);
		*s = NULL;
		if (*v == '\0')
			return NULL;
		*s = k->type == T_PATH ? config_path(c, v) : strdup(v);
		return *s ? NULL : "out of memory";
	}
	case T_BOOL:
		return parse_bool(v, field) < 0 ? "expected yes or no" : NULL;
	case T_SIZE:
	case T_NUM: {
		size_t n;
		if (k->type == T_SIZE ? config_parse_size(v, &n) < 0
		    : (config_parse_size(v, &n) < 0 || !isdigit((unsigned char)v[strlen(v) - 1])))
			return k->type == T_SIZE ? "expected a size such as 512K, 10M or 1G"
			    : "expected a whole number";
		if (n < k->min || n > k->max) {
			snprintf(why, sizeof why, "%s is out of range (%zu to %zu)", v, k->min, k->max);
			return why;
		}
		*(size_t *)field = n;
		return NULL;
	}
	case T_ENUM:
		for (int i = 0; k->words[i]; i++)
			if (strcasecmp(v, k->words[i]) == 0) {
				*(int *)field = i;
				return NULL;
			}
		snprintf(why, sizeof why, "\"%s\" is not one of:", v);
		for (int i = 0; k->words[i]; i++) {
			size_t l = strlen(why);
			snprintf(why + l, sizeof why - l, " %s", k->words[i]);
		}
		return why;
	case T_LIST: {
		struct strlist *l = field;
		const char *p = v;
		list_clear(l);
		while (*p) {
			size_t n;
			while (*p == ',' || isspace((unsigned char)*p))
				p++;
			n = strcspn(p, ", \t");
			if (n == 0)
				break;
			if (l->n == CONFIG_MAX_LIST)
				return "too many values";
			if ((l->v[l->n++] = strndup(p, n)) == NULL)
				return "out of memory";
			p += n;
		}
		return NULL;
	}
	case T_LABEL: {
		/* "label = ID LEVEL", repeatable; the ID (a GUID or a label's
		 * name) may hold spaces: the level is the last word. */
		const char *lv = v + strlen(v);
		while (lv > v && !isspace((unsigned char)lv[-1]))
			lv--;
		const char *idend = lv;
		while (idend > v && isspace((unsigned char)idend[-1]))
			idend--;
		int level = level_parse(lv, strlen(lv));
		if (idend == v || level < 0)
			return "expected: label = LABEL-ID LEVEL";
		if (c->nlabels == CONFIG_MAX_LIST)
			return "too many labels";
		c->labels[c->nlabels].id = strndup(v, (size_t)(idend - v));
		c->labels[c->nlabels].level = level;
		c->nlabels++;
		return NULL;
	}
	}
	return "unknown type";
}

int config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < NKEYS; i++) {
		const char *err = keys[i].type == T_LABEL ? NULL : set(c, &keys[i], keys[i].def);
		/* Copying a default can fail for want of memory, which is
		 * transient (EX_TEMPFAIL); only a default that does not parse
		 * is a bug (issue 8: SIGABRT under ulimit -v,
		 * hardening_faults.sh). */
		if (err && strcmp(err, "out of memory") == 0)
			return EX_TEMPFAIL;
		if (err)
			abort();
	}
	return 0;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < NKEYS; i++) {
		void *field = (char *)c + keys[i].off;
		if (keys[i].type == T_STR || keys[i].type == T_PATH)
			free(*(char **)field);
		else if (keys[i].type == T_LIST)
			list_clear(field);
	}
	for (size_t i = 0; i < c->nlabels; i++)
		free(c->labels[i].id);
	free(c->path);
	free(c->dir);
	memset(c, 0, sizeof *c);
}

/* Strips white space at both ends, and one pair of double quotes, which
 * lets a value keep leading or trailing spaces. */
static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	if (e - s >= 2 && s[0] == '"' && e[-1] == '"') {
		e[-1] = '\0';
		s++;
	}
	return s;
}

int config_parse(struct config *c, const char *text, size_t len,
    const char *name, const char *dir)
{
	const char *p = text, *end = text + len;
	unsigned lineno = 0;
	int errors = 0;
	char seen[NKEYS] = { 0 };

	if (dir != c->dir) {
		free(c->dir);
		c->dir = dir ? strdup(dir) : NULL;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[4096], *k, *v, *eq;
		const char *why = NULL;
		size_t i;

		lineno++;
		if (n >= sizeof line) {
			log_msg(LOG_ERR, "%s:%u: line too long", name, lineno);
			errors++;
			goto next;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (memchr(line, '\0', n)) {
			log_msg(LOG_ERR, "%s:%u: NUL byte in line", name, lineno);
			errors++;
			goto next;
		}
		k = trim(line);
		if (*k == '#' || *k == '\0')
			goto next;
		eq = strchr(k, '=');
		if (eq == NULL) {
			log_msg(LOG_ERR, "%s:%u: expected \"key = value\"", name, lineno);
			errors++;
			goto next;
		}
		*eq = '\0';
		v = eq + 1;
		/* A comment after a value needs white space before the '#'; a
		 * value in double quotes runs to the last quote of the line,
		 * so it may hold " #". */
		char *from = v;
		while (isspace((unsigned char)*from))
			from++;
		if (*from == '"' && strrchr(from, '"') == from) {
			log_msg(LOG_ERR, "%s:%u: the value's double quote is not closed", name, lineno);
			errors++;
			goto next;
		}
		if (*from == '"')
			from = strrchr(from, '"');
		for (char *h = from; (h = strchr(h, '#')) != NULL; h++)
			if (h == v || isspace((unsigned char)h[-1])) {
				*h = '\0';
				break;
			}
		k = trim(k);
		v = trim(v);
		for (i = 0; i < NKEYS && strcmp(keys[i].name, k) != 0; i++)
			;
		if (i == NKEYS) {
			char safe[80];
			log_msg(LOG_ERR, "%s:%u: unknown key \"%s\"", name, lineno,
			    log_sanitize(safe, sizeof safe, k, strlen(k)));
			errors++;
			goto next;
		}
		if (seen[i] && keys[i].type != T_LABEL)
			log_msg(LOG_WARNING, "%s:%u: %s set again; the last value wins",
			    name, lineno, k);
		seen[i] = 1;
		why = set(c, &keys[i], v);
		if (why) {
			log_msg(LOG_ERR, "%s:%u: %s: %s", name, lineno, k, why);
			errors++;
		}
next:
		p += n + (nl != NULL);
	}
	if (errors == 0 && c->lim.extract_timeout < c->lim.extract_cpu)
		c->lim.extract_timeout = c->lim.extract_cpu;
	return errors ? EX_CONFIG : 0;
}

int config_read_file(const char *path, const char *builtin, char **text, size_t *len)
{
	struct buf b = BUF_INIT_MAX(64u << 20);
	char chunk[65536];
	int fd;

	if (path == NULL) {
		size_t n = 0;
		const char *t = builtin ? embedded_get(builtin, &n) : "";
		*text = strndup(t ? t : "", n);
		*len = n;
		return *text ? 0 : EX_TEMPFAIL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_errno(LOG_ERR, "%s: open", path);
		return errno == ENOENT || errno == EACCES || errno == ENOTDIR ? EX_CONFIG : EX_TEMPFAIL;
	}
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			log_errno(LOG_ERR, "%s: read", path);
			close(fd);
			buf_free(&b);
			return errno == EISDIR ? EX_CONFIG : EX_TEMPFAIL;
		}
		if (r == 0)
			break;
		buf_put(&b, chunk, (size_t)r);
	}
	close(fd);
	if (b.err) {
		log_msg(LOG_ERR, "%s: too large or out of memory", path);
		buf_free(&b);
		return b.err == EFBIG ? EX_CONFIG : EX_TEMPFAIL;
	}
	*text = buf_take(&b, len);
	return 0;
}

int config_load(struct config *c, const char *cmdline_path)
{
	const char *path = cmdline_path;
	char *text, *slash;
	size_t len;
	int st;

	if ((st = config_defaults(c)) != 0) {
		log_msg(LOG_ERR, "out of memory loading the configuration");
		return st;
	}
	if (path == NULL || *path == '\0')
		path = getenv("SEEMAIL_CONF");
	if (path == NULL || *path == '\0') {
		path = SEEMAIL_SYSCONFDIR "/seemail/seemail.conf";
		if (access(path, F_OK) != 0 && errno == ENOENT)
			return 0;       /* nothing installed: built-in defaults */
	}
	st = config_read_file(path, NULL, &text, &len);
	if (st)
		return st;
	c->path = strdup(path);
	slash = strrchr(c->path, '/');
	if (slash) {
		c->dir = strndup(c->path, (size_t)(slash - c->path));
		if (c->dir && c->dir[0] == '\0') {
			free(c->dir);
			c->dir = strdup("/");
		}
	} else {
		c->dir = strdup(".");
	}
	st = config_parse(c, text, len, path, c->dir);
	free(text);
	return st;
}

/* Writes a value as the parser reads it back: in double quotes when it
 * has white space at either end, a '#', or a quote at the start. */
static void dump_value(FILE *f, const char *s)
{
	size_t n = strlen(s);
	int quote = n && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1]) ||
	    strchr(s, '#') || s[0] == '"');

	fprintf(f, "%s%s%s\n", quote ? "\"" : "", s, quote ? "\"" : "");
}

void config_dump(const struct config *c, void *file)
{
	FILE *f = file;

	fprintf(f, "# %s\n", c->path ? c->path : "built-in defaults");
	for (size_t i = 0; i < NKEYS; i++) {
		const struct key *k = &keys[i];
		const void *field = (const char *)c + k->off;
		switch (k->type) {
		case T_STR:
		case T_PATH: {
			const char *s = *(char *const *)field;
			fprintf(f, "%s = ", k->name);
			dump_value(f, s ? s : "");
			break;
		}
		case T_BOOL:
			fprintf(f, "%s = %s\n", k->name, *(const int *)field ? "yes" : "no");
			break;
		case T_SIZE:
		case T_NUM:
			fprintf(f, "%s = %zu\n", k->name, *(const size_t *)field);
			break;
		case T_ENUM:
			fprintf(f, "%s = %s\n", k->name, k->words[*(const int *)field]);
			break;
		case T_LIST: {
			/* Through dump_value too: an element may begin with '#'
			 * ("a,#b" reads as two), which after ", " would start a
			 * comment.  (Found by fuzz_config.) */
			const struct strlist *l = field;
			struct buf line = BUF_INIT_MAX(0);
			for (size_t j = 0; j < l->n; j++) {
				buf_puts(&line, j ? ", " : "");
				buf_puts(&line, l->v[j]);
			}
			fprintf(f, "%s =%s", k->name, l->n ? " " : "\n");
			if (l->n)
				dump_value(f, line.p ? line.p : "");
			buf_free(&line);
			break;
		}
		case T_LABEL:
			/* Not in a fixed buffer: an ID can be as long as a line,
			 * and cut short it would lose the level.  (Found by
			 * fuzz_config.) */
			for (size_t j = 0; j < c->nlabels; j++) {
				struct buf line = BUF_INIT_MAX(0);
				buf_printf(&line, "%s %s", c->labels[j].id,
				    level_name(c->labels[j].level));
				fprintf(f, "label = ");
				dump_value(f, line.p ? line.p : "");
				buf_free(&line);
			}
			break;
		}
	}
}

int config_is_local(const struct config *c, const char *domain)
{
	for (size_t i = 0; i < c->local_domains.n; i++)
		if (domain_match(domain, c->local_domains.v[i]))
			return 1;
	return 0;
}
