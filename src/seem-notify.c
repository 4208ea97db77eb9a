/*
 * seem-notify: turn a message stamped by seem-policy into what should be
 * sent: the message itself (deliver), a block notice to its sender, or a
 * warning to its recipients (see notice.h).
 *
 * Exit status: 0 whenever the tool did its job, including when it writes
 * nothing (a block whose sender is null or that is auto-submitted: the
 * MTA glue sends nothing when stdout is empty); 64 usage; 65 an input
 * with no header fields; 75 any failure, malformed policy stamps
 * included (stdout empty, the MTA keeps the message); 78 configuration
 * (a template or notify_from).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "input.h"
#include "notice.h"
#include "options.h"
#include "output.h"
#include "status.h"

enum { OPT_SENDER = 256, OPT_CHECK };

static const struct toolopt opts[] = {
	{ "sender", 'f', "SENDER", "the envelope sender: who gets a block notice "
	  "(\"\" or \"<>\": no one)", OPT_SENDER },
	{ "check", 0, NULL, "load and check the templates and notify_from, and exit",
	  OPT_CHECK },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct tool tool = {
	"seem-notify", "[FILE]",
	"Reads a message stamped by seem-policy (FILE, or standard input) and writes\n"
	"it unchanged (deliver, or no stamp), a block notice to its sender\n"
	"(multipart/report, RFC 6522 and 3464), or a warning to its recipients with\n"
	"the message attached (inbound).  Writes nothing for a block whose sender is\n"
	"null or that is itself auto-submitted.",
	opts,
	"  0   done: the message, a notice, a warning, or nothing to send (empty output)\n"
	"  64  usage error\n"
	"  65  the input is not a message\n"
	"  66  FILE cannot be opened\n"
	"  75  transient or internal failure (malformed policy stamps too): retry\n"
	"  78  configuration error (a template, notify_from)\n",
};

struct args {
	const char *sender;
	int check;
};

static int handle(void *ctx, int id, const char *arg)
{
	struct args *a = ctx;

	if (id == OPT_SENDER)
		a->sender = arg;
	else
		a->check = 1;
	return 0;
}

static int write_all(const char *p, size_t n)
{
	struct output out;

	out_init(&out, STDOUT_FILENO);
	out_put(&out, p, n);
	return out_finish(&out);
}

int main(int argc, char **argv)
{
	struct common_opts common;
	struct args a = { 0 };
	struct config cfg;
	struct notice_set *ns = NULL;
	struct input in = { 0 };
	struct buf out = BUF_INIT_MAX(0);
	enum notice_result res;
	int first, st;

	st = tool_start(argc, argv, &tool, LOG_TARGET_SYSLOG, handle, &a, &common, &cfg, &first, 1);
	if (st)
		return st < 0 ? 0 : st;
	if ((st = notice_load(&cfg, &ns)) != 0 || a.check) {
		if (st == 0) {
			printf("%s: OK: templates and notify_from\n",
			    cfg.path ? cfg.path : "built-in configuration");
			st = tool_flush_stdout();
		}
		goto done;
	}
	st = tool_read_message(&cfg, argc, argv, first, &in);
	if (st)
		goto done;
	struct notice_args na = { a.sender, time(NULL) };
	st = notice_build(ns, &na, in.p, in.len, &out, &res);
	if (st == 0 && res == NOTICE_PASS)
		st = write_all(in.p, in.len);
	else if (st == 0 && res != NOTICE_NONE)
		st = write_all(out.p, out.len);
done:
	buf_free(&out);
	input_free(&in);
	notice_set_free(ns);
	config_free(&cfg);
	return st;
}
