/*
 * check_main.h: the main() of a Check test program.  A test file
 * defines its suite and ends with CHECK_MAIN(name_suite).
 * SEEMAIL_SOURCE is the source tree (for fixtures), from the environment
 * or the working directory.
 */
#ifndef SEEMAIL_CHECK_MAIN_H
#define SEEMAIL_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#include "log.h"

/* Assertions that hold under NDEBUG (Check's own macros do). */
#define CHECK_MAIN(suite_fn)                                            \
	int main(void)                                                  \
	{                                                               \
		SRunner *sr = srunner_create(suite_fn());               \
		int failed;                                             \
		log_init("test", LOG_TARGET_NONE);                      \
		log_silence(getenv("SEEMAIL_TEST_VERBOSE") == NULL);    \
		srunner_run_all(sr, CK_NORMAL);                         \
		failed = srunner_ntests_failed(sr);                     \
		srunner_free(sr);                                       \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;            \
	}

/* The directory of the source tree, for reading fixtures. */
static inline const char *source_dir(void)
{
	const char *s = getenv("SEEMAIL_SOURCE");
	return s && *s ? s : ".";
}

#endif
