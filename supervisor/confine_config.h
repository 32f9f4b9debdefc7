/* SPDX-License-Identifier: MIT */
/*
 * Resource limits and confinement as they sit in struct run_config: the cgroup and its
 * limits, seccomp, rlimits. Parsed and prepared in the parent (confine.c); the child only
 * reads them between clone and exec, so nothing here may need the heap there.
 */
#ifndef TETHER_CONFINE_CONFIG_H
#define TETHER_CONFINE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#define ULIMITS_MAX 16

enum confine_seccomp {
	SECCOMP_MODE_AUTO,       /* the default filter with the default capability set */
	SECCOMP_MODE_DEFAULT,    /* --security-opt seccomp=default: always */
	SECCOMP_MODE_UNCONFINED, /* --security-opt seccomp=unconfined */
};

struct ulimit {
	int resource;
	struct rlimit lim;
	const char *spec; /* as given, for messages */
};

struct confine_config {
	/* cgroup v2 (cgroup.c): 0 is "not asked" (the zeroed config) */
	const char *cgroup_parent;
	bool no_cgroup;        /* --no-cgroup */
	long long memory;      /* --memory, bytes */
	long long memory_swap; /* --memory-swap, memory + swap in bytes; -1 unlimited swap */
	long long pids;        /* --pids-limit (0 or -1 given: unlimited, nothing to write) */
	uint64_t cpu_quota_us; /* --cpus as microseconds per 100 ms period; 0 unset */
	unsigned int cpu_weight, io_weight;
	struct cgroup *cg; /* the container's cgroup, owned by confine.c; NULL without one */
	bool devices;      /* attach the device filter (with the default capability set) */

	/* seccomp (seccomp.c): the filter is built in the parent, loaded by the child */
	enum confine_seccomp seccomp;
	void *seccomp_prog; /* struct sock_fprog *, NULL for none */

	/* --ulimit (rlimit.c) */
	struct ulimit ulimits[ULIMITS_MAX];
	size_t n_ulimits;
};

#endif
