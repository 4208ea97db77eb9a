/*
 * options.c: getopt_long over the common options and a tool's table.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "input.h"
#include "options.h"
#include "status.h"

enum { OPT_LOG = 1, OPT_HELP = 'h', OPT_VERSION = 'V', OPT_CONFIG = 'c' };

static const struct toolopt common[] = {
	{ "config", 'c', "FILE", "use FILE instead of $SEEMAIL_CONF, "
	  SEEMAIL_SYSCONFDIR "/seemail/seemail.conf or the built-in defaults", OPT_CONFIG },
	{ "log", 0, "TARGET", "where informational lines go: stderr, syslog or none", OPT_LOG },
	{ "help", 'h', NULL, "show this help and exit", OPT_HELP },
	{ "version", 'V', NULL, "show the version and exit", OPT_VERSION },
	{ NULL, 0, NULL, NULL, 0 },
};

void tool_init(const struct tool *t, enum log_target default_log)
{
	signal(SIGPIPE, SIG_IGN);
	/* Likewise a write past a file size limit (RLIMIT_FSIZE, which an MTA
	 * may set): EFBIG makes out_finish exit 75 and truncate the output
	 * back, where SIGXFSZ would kill the tool with half a message
	 * written (issue 8, hardening_faults.sh). */
	signal(SIGXFSZ, SIG_IGN);
	log_init(t->name, default_log);
}

static void print_opt(FILE *f, const struct toolopt *o)
{
	char left[64];

	if (o->short_name)
		snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name,
		    o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(left, sizeof left, "    --%s%s%s", o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	if (strlen(left) > 24)
		fprintf(f, "  %s\n  %-24s  %s\n", left, "", o->help);
	else
		fprintf(f, "  %-24s  %s\n", left, o->help);
}

static void usage(FILE *f, const struct tool *t)
{
	fprintf(f, "usage: %s [OPTION]... %s\n", t->name, t->operands);
}

static void help(const struct tool *t)
{
	usage(stdout, t);
	printf("%s\n\nOptions:\n", t->summary);
	for (const struct toolopt *o = t->opts; o && o->name; o++)
		print_opt(stdout, o);
	for (const struct toolopt *o = common; o->name; o++)
		print_opt(stdout, o);
	printf("\nExit status:\n%s", t->exit_status);
	printf("\nSee %s(1), seemail.conf(5) and seemail(7).\n", t->name);
}

static size_t count(const struct toolopt *o)
{
	size_t n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

int options_parse(int argc, char **argv, const struct tool *t,
    struct common_opts *c, int (*handler)(void *, int, const char *),
    void *ctx, int *first_operand)
{
	size_t nt = count(t->opts), nc = count(common), k = 0;
	struct option lopts[64];
	char shorts[128] = "+:";
	size_t sl = 2;
	int st = 0;

	memset(c, 0, sizeof *c);
	if (nt + nc + 1 > sizeof lopts / sizeof lopts[0])
		abort();        /* a programming error: the table is fixed */
	for (size_t pass = 0; pass < 2; pass++) {
		const struct toolopt *tab = pass ? common : t->opts;
		for (size_t i = 0; tab && tab[i].name; i++) {
			lopts[k].name = tab[i].name;
			lopts[k].has_arg = tab[i].arg ? required_argument : no_argument;
			lopts[k].flag = NULL;
			lopts[k].val = tab[i].short_name ? tab[i].short_name : tab[i].id;
			k++;
			if (tab[i].short_name) {
				shorts[sl++] = (char)tab[i].short_name;
				if (tab[i].arg)
					shorts[sl++] = ':';
			}
		}
	}
	memset(&lopts[k], 0, sizeof lopts[k]);
	shorts[sl] = '\0';

	opterr = 0;
	optind = 1;
	for (;;) {
		int ch = getopt_long(argc, argv, shorts, lopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case OPT_CONFIG:
			c->config = optarg;
			continue;
		case OPT_LOG:
			if (log_parse_target(optarg, &c->log) < 0) {
				log_msg(LOG_ERR, "--log: expected stderr, syslog or none, not \"%s\"", optarg);
				st = EX_USAGE;
			}
			c->log_given = 1;
			continue;
		case OPT_HELP:
			help(t);
			return tool_flush_stdout() ? EX_TEMPFAIL : -1;
		case OPT_VERSION:
			printf("%s (seemail) %s\n", t->name, SEEMAIL_VERSION);
			return tool_flush_stdout() ? EX_TEMPFAIL : -1;
		case '?':
			if (optopt)
				log_msg(LOG_ERR, "unknown option -%c", optopt);
			else
				log_msg(LOG_ERR, "unknown option %s", argv[optind - 1]);
			st = EX_USAGE;
			continue;
		case ':':
			log_msg(LOG_ERR, "option %s needs an argument", argv[optind - 1]);
			st = EX_USAGE;
			continue;
		}
		/* A tool option: map a short name back to its id. */
		int id = ch;
		for (size_t i = 0; i < nt; i++)
			if (t->opts[i].short_name && t->opts[i].short_name == ch)
				id = t->opts[i].id;
		int hst = handler ? handler(ctx, id, optarg) : EX_USAGE;
		if (hst)
			st = hst;
	}
	if (st) {
		usage(stderr, t);
		fprintf(stderr, "Try '%s --help'.\n", t->name);
		return EX_USAGE;
	}
	if (c->log_given)
		log_set_target(c->log);
	*first_operand = optind;
	return 0;
}

int tool_load_config(const struct common_opts *c, struct config *cfg)
{
	int st = config_load(cfg, c->config);
	enum log_target t;

	if (st) {
		config_free(cfg);
		return st;
	}
	if (!c->log_given && cfg->log) {
		if (log_parse_target(cfg->log, &t) < 0) {
			log_msg(LOG_ERR, "%s: log: expected stderr, syslog or none",
			    cfg->path ? cfg->path : "configuration");
			config_free(cfg);
			return EX_CONFIG;
		}
		log_set_target(t);
	}
	return 0;
}

int tool_flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	log_errno(LOG_ERR, "writing to standard output");
	return EX_TEMPFAIL;
}

int tool_start(int argc, char **argv, const struct tool *t, enum log_target default_log,
    int (*handler)(void *ctx, int id, const char *arg), void *ctx,
    struct common_opts *c, struct config *cfg, int *first, int max_operands)
{
	int st;

	tool_init(t, default_log);
	st = options_parse(argc, argv, t, c, handler, ctx, first);
	if (st)
		return st;
	if (max_operands >= 0 && argc - *first > max_operands) {
		log_msg(LOG_ERR, max_operands == 1 ? "at most one FILE" : "too many operands");
		fprintf(stderr, "Try '%s --help'.\n", t->name);
		return EX_USAGE;
	}
	return tool_load_config(c, cfg);
}

int tool_read_message(const struct config *cfg, int argc, char **argv, int first,
    struct input *in)
{
	return input_read_path(in, first < argc ? argv[first] : "-", cfg->lim.max_message_size);
}

int option_mode(int *mode, int id)
{
	if (*mode && *mode != id) {
		log_msg(LOG_ERR, "two output options given: they are alternatives, give one");
		return EX_USAGE;
	}
	*mode = id;
	return 0;
}
