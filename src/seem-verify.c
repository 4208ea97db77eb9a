/*
 * seem-verify: decrypt and verify an incoming S/MIME message, restore the
 * signed message and stamp it with X-SEEMail-Verified.
 */
#include <unistd.h>

#include "config.h"
#include "input.h"
#include "log.h"
#include "options.h"
#include "smime_verify.h"
#include "status.h"

static const struct tool tool = {
	"seem-verify", "[FILE]",
	"Reads a message (FILE, or standard input), removes every X-SEEMail-*\n"
	"field, decrypts it with the gateway key if it is encrypted, verifies its\n"
	"signature against the CA and the directory of agencies, and writes the\n"
	"signed message with X-SEEMail-Verified: pass, fail or none.",
	NULL,
	"  0   written with its verdict (pass, fail or none)\n"
	"  64  bad usage\n"
	"  65  the input is not a message\n"
	"  66  FILE cannot be opened\n"
	"  75  transient failure (memory, I/O, the gateway key or certificate unreadable):\n"
	"      retry later\n"
	"  78  configuration error (ca_file, the key's file mode or owner, a certificate\n"
	"      or key that is not one, the directory)\n",
};

int main(int argc, char **argv)
{
	struct common_opts common;
	struct config cfg;
	struct input in = { 0 };
	int first, st;

	st = tool_start(argc, argv, &tool, LOG_TARGET_STDERR, NULL, NULL, &common, &cfg, &first, 1);
	if (st)
		return st < 0 ? 0 : st;
	st = tool_read_message(&cfg, argc, argv, first, &in);
	if (st == 0)
		st = smime_verify(&cfg, &in, STDOUT_FILENO);
	input_free(&in);
	config_free(&cfg);
	return st;
}
