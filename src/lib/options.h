/*
 * options.h: the command line every tool shares.
 *
 * Common options: -c/--config FILE, --log stderr|syslog|none, -h/--help,
 * -V/--version.  Each tool adds its own in a table.  Parsing stops at the
 * first operand (recipients are operands: an address that starts with
 * '-' after one cannot become an option), and "--" ends the options.
 */
#ifndef SEEMAIL_OPTIONS_H
#define SEEMAIL_OPTIONS_H

#include "log.h"

struct toolopt {
	const char *name;       /* long name, without "--" */
	int short_name;         /* 0 for none */
	const char *arg;        /* name of its argument, NULL for a flag */
	const char *help;
	int id;                 /* passed to the handler; > 255 */
};

struct tool {
	const char *name;       /* "seem-classify" */
	const char *operands;   /* "[FILE]" or "RCPT..." */
	const char *summary;    /* what the tool does, one sentence */
	const struct toolopt *opts;     /* ends with a zeroed entry */
	const char *exit_status;        /* the EXIT STATUS lines of --help */
};

struct common_opts {
	const char *config;     /* -c, or NULL */
	enum log_target log;
	int log_given;
};

/* Sets the program name, ignores SIGPIPE and SIGXFSZ (write errors are
 * reported instead) and sets the default log target. */
void tool_init(const struct tool *t, enum log_target default_log);

/* Returns 0 with *first_operand set; -1 after printing --help or
 * --version (exit 0); EX_USAGE after printing a usage error.  The
 * handler returns 0, or EX_USAGE after logging what is wrong. */
int options_parse(int argc, char **argv, const struct tool *t,
    struct common_opts *c, int (*handler)(void *ctx, int id, const char *arg),
    void *ctx, int *first_operand);

struct config;

/* Loads the configuration the options name and applies its log setting
 * unless --log was given.  Returns 0, EX_CONFIG or EX_TEMPFAIL (and then
 * has already freed cfg). */
int tool_load_config(const struct common_opts *c, struct config *cfg);

/* The start every tool shares: tool_init, the options, at most
 * max_operands operands (-1: any number), the configuration.  Returns 0;
 * -1 after --help or --version (exit 0); else the exit status (the
 * configuration is then freed). */
int tool_start(int argc, char **argv, const struct tool *t, enum log_target default_log,
    int (*handler)(void *ctx, int id, const char *arg), void *ctx,
    struct common_opts *c, struct config *cfg, int *first, int max_operands);

/* Flushes standard output written with stdio (--help, --check): 0, or
 * EX_TEMPFAIL when the write failed (logged). */
int tool_flush_stdout(void);

struct input;

/* Reads the message: the operand at first, or standard input. */
int tool_read_message(const struct config *cfg, int argc, char **argv, int first,
    struct input *in);

/* Sets *mode to id, an output option (--explain, --json, and seem-policy's
 * --routes) of which one may be given: 0, or EX_USAGE (logged) for a
 * second, other one. */
int option_mode(int *mode, int id);

#endif
