/* SPDX-License-Identifier: MIT */
/* proc.h: exit-status decoding. */
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

int proc_exec_failure_code(int err)
{
	if (err < 0)
		err = -err;
	/* a name too long to be a file is not found, as when a PATH search skips it */
	return err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG ? PROC_EXIT_NOTFOUND
								      : PROC_EXIT_NOEXEC;
}
