/*
 * seem-classify: find trigger terms and protective markings in a message
 * and stamp it with what was found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "classify.h"
#include "config.h"
#include "emit.h"
#include "extract.h"
#include "input.h"
#include "options.h"
#include "report.h"
#include "stamp.h"
#include "status.h"
#include "triggers.h"

enum { OPT_EXPLAIN = 256, OPT_JSON };

static const struct toolopt opts[] = {
	{ "explain", 0, NULL, "instead of the message, write every finding with "
	  "where it was found, for a person", OPT_EXPLAIN },
	{ "json", 0, NULL, "the same as --explain, as JSON for a script", OPT_JSON },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct tool tool = {
	"seem-classify", "[FILE]",
	"Reads a message (FILE, or standard input) and writes it back with\n"
	"X-SEEMail-Classification, X-SEEMail-Trigger and X-SEEMail-Uninspectable\n"
	"stamps prepended.",
	opts,
	"  0   classified (whatever the level)\n"
	"  65  the input is not a message\n"
	"  66  FILE cannot be opened\n"
	"  75  transient failure (memory, I/O, an extractor could not run)\n"
	"  78  configuration error\n",
};

static int mode;

static int handle(void *ctx, int id, const char *arg)
{
	(void)ctx;
	(void)arg;
	return option_mode(&mode, id);
}

/* The stamps owned by seem-classify, removed from the input. */
static const char *const own_stamps[] = {
	"X-SEEMail-Classification", "X-SEEMail-Trigger", "X-SEEMail-Uninspectable", NULL,
};

static int write_result(const struct input *in, const struct findings *fs,
    const struct config *cfg)
{
	struct buf b = BUF_INIT_MAX(0);
	int st;

	if (mode == OPT_EXPLAIN)
		report_explain(&b, fs);
	else if (mode == OPT_JSON) {
		report_json(&b, fs);
		buf_putc(&b, '\n');
	} else {
		stamp_classification(&b, fs, cfg->lim.max_findings, stamp_newline(in->p, in->len));
		st = emit_stamped(in->p, in->len, &b, own_stamps);
		buf_free(&b);
		return st;
	}
	st = emit_buf(&b);
	buf_free(&b);
	return st;
}

int main(int argc, char **argv)
{
	struct common_opts common;
	struct config cfg;
	struct patterns *pat = NULL;
	struct input in = { 0 };
	struct findings fs;
	struct classify c;
	int first, st;

	st = tool_start(argc, argv, &tool, LOG_TARGET_STDERR, handle, NULL, &common, &cfg, &first, 1);
	if (st)
		return st < 0 ? 0 : st;
	if ((st = triggers_load(&cfg, &pat)) != 0)
		goto done;
	st = tool_read_message(&cfg, argc, argv, first, &in);
	if (st)
		goto done;
	findings_init(&fs);
	classify_init(&c, &cfg, pat, &fs);
	extract_attach(&c, &common);
	st = classify_message(&c, in.p, in.len);
	if (st == EX_DATAERR)
		log_msg(LOG_ERR, "%s: not a message (%s)", in.name,
		    in.len ? "no header fields" : "empty");
	else if (st == 0)
		st = write_result(&in, &fs, &cfg);
	findings_free(&fs);
	extract_detach(&c);
done:
	input_free(&in);
	patterns_free(pat);
	config_free(&cfg);
	return st;
}
