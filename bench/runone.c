/*
 * runone: runs a command N times with stdin from a file and reports, on
 * stdout, the total user+system CPU seconds of the runs and the largest
 * peak RSS in KB.  It is small, so the peak it reports for its children
 * is theirs, not the memory of whatever started the benchmark.
 *
 *   runone N FILE|- CMD [ARG...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	double cpu = 0;
	long peak = 0;

	if (argc < 4)
		return 64;
	int n = atoi(argv[1]);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return 71;
		if (pid == 0) {
			int in = argv[2][0] == '-' && !argv[2][1] ? open("/dev/null", O_RDONLY)
			    : open(argv[2], O_RDONLY);
			int out = open("/dev/null", O_WRONLY);
			if (in < 0 || out < 0)
				_exit(66);
			dup2(in, 0);
			dup2(out, 1);
			dup2(out, 2);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) < 0)
			return 71;
		if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)) {
			fprintf(stderr, "runone: %s failed (status %d)\n", argv[3], status);
			return 1;
		}
		cpu += ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
	}
	printf("%.6f %ld\n", cpu, peak);
	return 0;
}
