/* SPDX-License-Identifier: MIT */
/* proc.h: exit-status decoding and reaping. */
#include "proc.h"

#include <errno.h>
#include <stddef.h>
#include <sys/wait.h>

int proc_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return PROC_EXIT_SIGNAL + WTERMSIG(wstatus);
	return -EINVAL;
}

int proc_exit_code_si(const siginfo_t *si)
{
	switch (si->si_code) {
	case CLD_EXITED:
		return si->si_status & 0xff;
	case CLD_KILLED:
	case CLD_DUMPED:
		return PROC_EXIT_SIGNAL + si->si_status;
	default:
		return -EINVAL;
	}
}

int proc_exec_failure_code(int err)
{
	if (err < 0)
		err = -err;
	/* a name too long to be a file is not found, as when a PATH search skips it */
	return err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG ? PROC_EXIT_NOTFOUND
								      : PROC_EXIT_NOEXEC;
}

int proc_reap_all_nohang(void)
{
	int n = 0;

	for (;;) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);

		if (pid > 0) {
			n++;
			continue;
		}
		if (pid == 0 || errno == ECHILD)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}
