/*
 * seem-sign: not implemented yet.
 */
#include "log.h"
#include "options.h"
#include "status.h"

static const struct tool tool = {
	"seem-sign", "",
	"Not implemented yet.",
	NULL,
	"  69  not implemented yet\n",
};

int main(int argc, char **argv)
{
	struct common_opts common;
	int first, st;

	tool_init(&tool, LOG_TARGET_STDERR);
	st = options_parse(argc, argv, &tool, &common, NULL, NULL, &first);
	if (st)
		return st < 0 ? 0 : st;
	log_msg(LOG_ERR, "not implemented yet");
	return EX_UNAVAILABLE;
}
