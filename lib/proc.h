/* SPDX-License-Identifier: MIT */
/*
 * Exit statuses in the shell's convention: the code a process exited with, or 128+N when
 * signal N killed it. Shared by tether-init and tether so that both report alike.
 */
#ifndef LIB_PROC_H
#define LIB_PROC_H

#include <signal.h>
#include <stdbool.h>

#define PROC_EXIT_USAGE    2
#define PROC_EXIT_SETUP    125
#define PROC_EXIT_NOEXEC   126
#define PROC_EXIT_NOTFOUND 127
#define PROC_EXIT_SIGNAL   128

/* From a wait(2) status: the exit code, 128+N for a signal, or -EINVAL if still alive. */
int proc_exit_code(int wstatus);
/* The exit code for an exec that failed with errno err: 127 for ENOENT, else 126. */
int proc_exec_failure_code(int err);

#endif
