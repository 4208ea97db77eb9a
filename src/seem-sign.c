/*
 * seem-sign: sign a message with the agency's gateway key and encrypt it
 * to the gateway of every destination agency (S/MIME), or pass it
 * on, not signed or encrypted, when no recipient is a SEEMail member that
 * takes S/MIME; either way our X-SEEMail-* stamps are removed first.
 */
#include <stdio.h>
#include <unistd.h>

#include "config.h"
#include "input.h"
#include "log.h"
#include "options.h"
#include "smime_sign.h"
#include "status.h"

enum { OPT_HIDE_SUBJECT = 256 };

static const struct toolopt opts[] = {
	{ "hide-subject", 0, NULL, "a neutral outer Subject (hidden_subject); the real one "
	  "travels encrypted", OPT_HIDE_SUBJECT },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct tool tool = {
	"seem-sign", "[--] RCPT...",
	"Reads a message on standard input.  When every envelope recipient RCPT\n"
	"belongs to a SEEMail member agency, writes it signed with the gateway key\n"
	"and encrypted to every destination agency's gateway certificate (S/MIME);\n"
	"when none does, writes it unchanged but for the internal X-SEEMail-* stamps,\n"
	"which never leave the agency.",
	opts,
	"  0   signed and encrypted, or passed unchanged\n"
	"  64  bad usage, or recipients that mix members and others (split the batch)\n"
	"  65  the input is not a message\n"
	"  75  transient failure (memory, I/O, our key or certificate unreadable, our certificate\n"
	"      expired, a destination without a certificate): retry later\n"
	"  77  refused: seem-policy blocked it for a recipient, or content that could\n"
	"      not be inspected (code cannot-sign)\n"
	"  78  configuration error (the key's file mode or owner, a certificate or key that\n"
	"      is not one, the directory)\n",
};

static int hide_subject;

static int handle(void *ctx, int id, const char *arg)
{
	(void)ctx;
	(void)arg;
	if (id == OPT_HIDE_SUBJECT)
		hide_subject = 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct common_opts common;
	struct config cfg;
	struct input in = { 0 };
	int first, st;

	st = tool_start(argc, argv, &tool, LOG_TARGET_STDERR, handle, NULL, &common, &cfg, &first, -1);
	if (st)
		return st < 0 ? 0 : st;
	if (first >= argc) {
		log_msg(LOG_ERR, "no recipients: give the envelope recipients as arguments");
		fprintf(stderr, "Try '%s --help'.\n", tool.name);
		st = EX_USAGE;
		goto done;
	}
	if ((st = input_read_fd(&in, STDIN_FILENO, "stdin", cfg.lim.max_message_size)) != 0)
		goto done;
	struct sign_request r = { argv + first, (size_t)(argc - first), hide_subject,
		STDOUT_FILENO };
	st = smime_sign(&cfg, &r, &in);
done:
	input_free(&in);
	config_free(&cfg);
	return st;
}
