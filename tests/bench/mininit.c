/* SPDX-License-Identifier: MIT */
/*
 * The least an init can be, for the bound rows of the benchmark: vfork, exec COMMAND, wait
 * until it ends, exit with its status. No signals, no reaping of others, no stop: not an
 * init anyone should use, only the cost of one more exec and one more process, which every
 * exec'd init pays.
 * Usage: mininit COMMAND [ARG...]
 */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2)
		return PROC_EXIT_USAGE;
	pid = vfork();
	if (pid < 0)
		return PROC_EXIT_SETUP;
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(proc_exec_failure_code(errno));
	}
	for (pid_t r; (r = wait(&status)) != pid;)
		if (r < 0 && errno != EINTR)
			return PROC_EXIT_SETUP;
	return proc_exit_code(status);
}
