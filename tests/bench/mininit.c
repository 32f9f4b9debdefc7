/* SPDX-License-Identifier: MIT */
/*
 * The least an init can be, for the bound rows of the benchmark: vfork, exec COMMAND, wait
 * until it ends, exit with its status. No signals, no reaping of others, no stop: not an
 * init anyone should use, only the cost of one more exec and one more process, which every
 * exec'd init pays. Options before a "--" (what `tether run` passes its init) are
 * skipped, so that `tether run --init mininit` shows what tether-init adds.
 * Usage: mininit [OPTION... --] COMMAND [ARG...]
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

/* vfork, exec, wait: on its own, where vfork can clobber nothing of main's. */
static int run(char *const *cmd)
{
	int status;
	pid_t pid = vfork();

	if (pid < 0)
		return PROC_EXIT_SETUP;
	if (pid == 0) {
		execv(cmd[0], cmd);
		_exit(proc_exec_failure_code(errno));
	}
	for (pid_t r; (r = wait(&status)) != pid;)
		if (r < 0 && errno != EINTR)
			return PROC_EXIT_SETUP;
	return proc_exit_code(status);
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 1 && argv[1][0] == '-') {
		while (i < argc && strcmp(argv[i], "--") != 0)
			i++;
		if (i == argc)
			return PROC_EXIT_USAGE;
	} else {
		i = 0;
	}
	if (!argv[i + 1]) /* argv[argc] is NULL */
		return PROC_EXIT_USAGE;
	return run(argv + i + 1);
}
