/* SPDX-License-Identifier: MIT */
/*
 * Scale benchmark driver: runs COMMAND N times, back to back or (-p) all at once, and
 * times the whole batch. No shell in between, so the figure is the command's own cost.
 * The children's stdout goes to /dev/null; their stderr is kept for diagnosis.
 * Usage: repeat [-p] N -- COMMAND [ARG...]
 * Prints: "n=N total_ms=T per_ms=T failed=F"; exits 0 only when every run exited 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Waits for one child; returns 1 when it failed (or could not be waited for). */
static int reap_one(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	int parallel = 0, failed = 0, opt;
	long n, started = 0;
	pid_t *pids;
	double t0, t1;

	while ((opt = getopt(argc, argv, "+p")) != -1) {
		if (opt != 'p')
			return 2;
		parallel = 1;
	}
	if (argc - optind < 2 || (n = strtol(argv[optind], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: repeat [-p] N -- COMMAND [ARG...]\n");
		return 2;
	}
	optind++;
	if (strcmp(argv[optind], "--") == 0)
		optind++;
	pids = calloc((size_t) n, sizeof(*pids));
	if (!pids || posix_spawn_file_actions_init(&fa) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0) != 0)
		return 1;

	t0 = now_ms();
	for (long i = 0; i < n; i++) {
		int err = posix_spawn(&pids[i], argv[optind], &fa, NULL, argv + optind, environ);

		if (err) {
			fprintf(stderr, "repeat: spawn %s: %s\n", argv[optind], strerror(err));
			failed++;
			continue;
		}
		started++;
		if (!parallel)
			failed += reap_one(pids[i]);
	}
	if (parallel)
		for (long i = 0; i < n; i++)
			if (pids[i] > 0)
				failed += reap_one(pids[i]);
	t1 = now_ms();
	printf("n=%ld total_ms=%.1f per_ms=%.3f failed=%d\n", n, t1 - t0, (t1 - t0) / n, failed);
	return failed ? 1 : 0;
}
