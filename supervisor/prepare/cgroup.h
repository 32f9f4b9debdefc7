/* SPDX-License-Identifier: MIT */
/*
 * The container's own cgroup v2: made by the launcher under its own cgroup (or
 * --cgroup-parent) before the clone, limits written before anything runs in it, entered at
 * clone time (CLONE_INTO_CGROUP; else the child writes its own pid to cgroup.procs), and
 * emptied with cgroup.kill and removed when the container ends. The directory is named
 * tether-PID after the launcher that holds an flock on it: one nobody holds and that holds
 * no process is an orphan, removed by a launcher whose container has run a while
 * (cgroup_sweep_beside) or by `tether list` (cgroup_sweep).
 */
#ifndef TETHER_CGROUP_H
#define TETHER_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct confine_config;

struct cgroup {
	int dir_fd;   /* the container's cgroup directory (holds our flock), -1 without one */
	int procs_fd; /* its cgroup.procs, for the child's fallback */
	bool placed;  /* set before each clone: the clone itself places the child */
	char path[600];
};

/*
 * Makes the container's cgroup and writes the limits. 0 with cg->dir_fd >= 0; 0 with
 * cg->dir_fd == -1 when no writable cgroup v2 exists and no limit asks for one; or 125
 * after saying which controller or step failed and why.
 */
int cgroup_create(const struct confine_config *conf, struct cgroup *cg);
/* SIGKILL to every process in it (cgroup.kill, or each pid of cgroup.procs): 0 or -errno. */
int cgroup_kill(const struct cgroup *cg);
/* cgroup.kill, then waits (bounded) until nothing is left in it. */
void cgroup_empty(const struct cgroup *cg);
/* memory.events' oom_kill count (0 without the memory controller). */
unsigned long long cgroup_oom_kills(const struct cgroup *cg);
/* Empties and removes it, closes the descriptors. */
void cgroup_remove(struct cgroup *cg);
/* Removes the orphans among the tether-* children of the parent we would use. */
void cgroup_sweep(const char *parent);
/* The same beside cg, our own container's cgroup (which is held, so never removed). */
void cgroup_sweep_beside(const struct cgroup *cg);
/* The cgroup v2 directory of process pid (0: ours) into buf: 0 or -errno. */
int cgroup_of(int pid, char *buf, unsigned long size);
/* Where the cgroup v2 hierarchy is mounted, into buf: 0 or -ENOENT (cgroup_path.c). */
int cgroup_v2_root(char *buf, size_t size);
/* pid's (0: ours) cgroup under the hierarchy mounted at root, into buf: 0 or -errno. */
int cgroup_under(const char *root, int pid, char *buf, unsigned long size);

#endif
