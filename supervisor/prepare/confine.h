/* SPDX-License-Identifier: MIT */
/*
 * Resource limits and confinement (cgroup v2, device filter, seccomp, rlimits) as the
 * shared launcher files see them: getopt entries, parsing, the checks after parsing, the
 * setup operations, and the hooks of the container's life. Kept apart so that each shared
 * file only gets a hook.
 */
#ifndef TETHER_CONFINE_H
#define TETHER_CONFINE_H

#include "config.h"

#include <getopt.h>
#include <stdio.h>

enum {
	OPT_CONF_MEMORY = 0x1100,
	OPT_CONF_MEMORY_SWAP,
	OPT_CONF_PIDS_LIMIT,
	OPT_CONF_CPUS,
	OPT_CONF_CPU_WEIGHT,
	OPT_CONF_IO_WEIGHT,
	OPT_CONF_CGROUP_PARENT,
	OPT_CONF_SECURITY_OPT,
	OPT_CONF_ULIMIT,
	OPT_CONF_NO_CGROUP,
	OPT_CONF_END,
};

/* clang-format off */
#define CONFINE_LONG_OPTS                                                  \
	{"memory", required_argument, OPT_CONF_MEMORY, 0, NULL, 0},              \
	{"memory-swap", required_argument, OPT_CONF_MEMORY_SWAP, 0, NULL, 0},    \
	{"pids-limit", required_argument, OPT_CONF_PIDS_LIMIT, 0, NULL, 0},      \
	{"cpus", required_argument, OPT_CONF_CPUS, 0, NULL, 0},                  \
	{"cpu-weight", required_argument, OPT_CONF_CPU_WEIGHT, 0, NULL, 0},      \
	{"io-weight", required_argument, OPT_CONF_IO_WEIGHT, 0, NULL, 0},        \
	{"cgroup-parent", required_argument, OPT_CONF_CGROUP_PARENT, 0, NULL, 0},\
	{"security-opt", required_argument, OPT_CONF_SECURITY_OPT, 0, NULL, 0},  \
	{"ulimit", required_argument, OPT_CONF_ULIMIT, 0, NULL, 0},              \
	{"no-cgroup", no_argument, OPT_CONF_NO_CGROUP, 0, NULL, 0}
/* clang-format on */

#define CONFINE_USAGE                                                                           \
	"  --memory SIZE         memory.max of the container's cgroup (64m, 1g, bytes)\n"       \
	"  --memory-swap SIZE    memory and swap together (-1: unlimited swap)\n"               \
	"  --pids-limit N        at most N processes (pids.max; 0 or -1: unlimited)\n"          \
	"  --cpus N.N            at most N.N CPUs (cpu.max)\n"                                  \
	"  --cpu-weight N        cpu.weight, 1-10000 (default 100)\n"                           \
	"  --io-weight N         io.weight, 1-10000 (default 100)\n"                            \
	"  --cgroup-parent PATH  the cgroup to make the container's under (/: from the root)\n" \
	"  --no-cgroup           no cgroup of its own: the container stays in the launcher's\n" \
	"  --security-opt seccomp=unconfined|default\n"                                         \
	"                        no seccomp filter, or the default one even without --rootfs\n" \
	"  --ulimit NAME=SOFT[:HARD]  a resource limit (nofile, nproc, core, ...; repeatable)\n"

static inline bool confine_is_opt(int c)
{
	return c >= OPT_CONF_MEMORY && c < OPT_CONF_END;
}

/* One option: 0, or 2 after printing why. */
int confine_parse_opt(struct run_config *cfg, int c, const char *arg);
/* After isolate_finish: checks, builds the seccomp filter; 0, or 2/125 after printing why. */
int confine_finish(struct run_config *cfg);
/* Setup operations (setup_build, after everything else): 0 or -E2BIG. */
int confine_add_ops(struct run_config *cfg);
void confine_free(struct run_config *cfg);

/* The launcher, once per run (after -d): makes the cgroup. 0, or 125 after saying why. */
int confine_prepare(const struct run_config *cfg);
/* Once the container has run a while: the orphan cgroups beside its own removed. */
void confine_settle(const struct run_config *cfg);
/* After the init died: leftovers killed; true after saying so when memory ran out. */
bool confine_after_exit(const struct run_config *cfg);
/* SIGKILL to every process of the container through cgroup.kill: 0, or -errno to fall
 * back on the init's pidfd. */
int confine_kill(const struct run_config *cfg);
/* The end of the run: the cgroup emptied and removed. */
void confine_end(const struct run_config *cfg);

#endif
