/* SPDX-License-Identifier: MIT */
/* The parts of `tether exec` that enter a running container and wait for COMMAND. */
#ifndef TETHER_EXEC_ENTER_H
#define TETHER_EXEC_ENTER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct relay;

/* What the init lives with, to hand the same limits to COMMAND. */
struct limits {
	uint64_t cap_bnd, cap_amb;
	bool no_new_privs;
	char cgroup[512]; /* the init's cgroup v2 directory, "" when the same as ours */
};

/* The init's bounding and ambient sets, no_new_privs and cgroup, from /proc. */
void exec_read_limits(pid_t pid, struct limits *lim);
/* Moves us (and so the child to come) into the init's cgroup. Before setns(mnt). */
int exec_join_cgroup(const struct limits *lim);
/* setns into every namespace of pid that differs from ours; *what names a failure. */
int exec_enter_ns(int pidfd, pid_t pid, const char **what);
/* Forwards signals (sfd) to pid until it ends, with rl's terminal; its exit status. */
int exec_supervise(pid_t pid, int sfd, struct relay *rl);
/* 0 when we run from a sealed copy of ourselves; else re-execs into one, or says why. */
int exec_reexec_sealed(int argc, char **argv);

#endif
