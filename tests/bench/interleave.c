/* SPDX-License-Identifier: MIT */
/*
 * Times several commands run by run, in turn: run 1 of each, then run 2 of each, ... so
 * that the machine's drift (this VM's speed moves by 15% from one second to the next)
 * falls on every command alike, where hyperfine runs one command's runs in a block. The
 * order within a turn is drawn anew each time: what a run leaves the kernel to finish
 * (a namespace's or a cgroup's release) then falls on every command alike too, not always
 * on the one after it.
 * Each run: spawn with stdin, stdout and stderr on /dev/null, wait; the time from before
 * the spawn to after the wait. Writes each command's times in seconds as hyperfine's
 * --export-json does ({"results":[{"times":[...]}]}), so that the bench merges both alike.
 * Usage: interleave RUNS WARMUPS OUT.json CMD [ARG...] [';' OUT.json CMD [ARG...]]...
 * Exits 1 when a run fails (its command and status on stderr), 2 on bad usage.
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

#define CMDS_MAX 32

extern char **environ;

struct cmd {
	const char *out;
	char **argv; /* NULL-terminated in place of the ';' that followed it */
	double *times;
};

/* xorshift64: the order of a turn needs no better randomness. */
static unsigned long long next_random(unsigned long long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* One run of c: its time in seconds, or a negative value when it did not exit 0. */
static double run_once(const struct cmd *c, const posix_spawn_file_actions_t *fa)
{
	double t0 = now();
	pid_t pid;
	int status;

	if (posix_spawnp(&pid, c->argv[0], fa, NULL, c->argv, environ) != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "interleave: %s: status %d\n", c->argv[0], status);
		return -1;
	}
	return now() - t0;
}

static int write_times(const struct cmd *c, long runs)
{
	FILE *f = fopen(c->out, "w");

	if (!f)
		return -1;
	fputs("{\"results\":[{\"times\":[", f);
	for (long i = 0; i < runs; i++)
		fprintf(f, "%s%.9f", i ? "," : "", c->times[i]);
	fputs("]}]}\n", f);
	return fclose(f);
}

int main(int argc, char **argv)
{
	struct cmd cmds[CMDS_MAX];
	int order[CMDS_MAX];
	unsigned long long seed = (unsigned long long) (now() * 1e9) | 1;
	posix_spawn_file_actions_t fa;
	long runs, warm;
	int n = 0;

	if (argc < 5)
		goto usage;
	runs = strtol(argv[1], NULL, 10);
	warm = strtol(argv[2], NULL, 10);
	if (runs < 1 || warm < 0)
		goto usage;
	for (int i = 3; i < argc;) {
		if (n == CMDS_MAX || i + 1 >= argc)
			goto usage;
		cmds[n].out = argv[i];
		cmds[n].argv = &argv[i + 1];
		cmds[n].times = calloc((size_t) runs, sizeof(double));
		if (!cmds[n].times)
			return 1;
		for (i++; i < argc && strcmp(argv[i], ";") != 0; i++)
			;
		if (i < argc)
			argv[i++] = NULL;
		n++;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (int k = 0; k < n; k++)
		order[k] = k;
	for (long r = -warm; r < runs; r++) {
		for (int k = n - 1; k > 0; k--) {
			int j = (int) (next_random(&seed) % (unsigned long long) (k + 1)),
			    tmp = order[k];

			order[k] = order[j];
			order[j] = tmp;
		}
		for (int k = 0; k < n; k++) {
			const struct cmd *c = &cmds[order[k]];
			double t = run_once(c, &fa);

			if (t < 0)
				return 1;
			if (r >= 0)
				c->times[r] = t;
		}
	}
	for (int k = 0; k < n; k++) {
		if (write_times(&cmds[k], runs) != 0) {
			perror(cmds[k].out);
			return 1;
		}
	}
	return 0;
usage:
	fprintf(stderr, "usage: interleave RUNS WARMUPS OUT.json CMD [ARG...] [';' OUT.json CMD "
			"[ARG...]]...\n");
	return 2;
}
