/* SPDX-License-Identifier: MIT */
/*
 * The device filter: a BPF_PROG_TYPE_CGROUP_DEVICE program, written as instructions here
 * (no libbpf), attached to the container's cgroup. It allows mknod of any node (as
 * docker: the nodev mounts and the missing capability are what stop its use) and reading
 * and writing only the standard nodes (null, zero, full, random, urandom, tty, console,
 * ptmx, pts/N, net/tun) and the entries of devices_allow. Parent only.
 */
#ifndef TETHER_DEVICES_H
#define TETHER_DEVICES_H

#include <stdint.h>

struct confine_config;
struct cgroup;

struct device_rule {
	char type;            /* 'c', 'b', or 'a' for both */
	int32_t major, minor; /* -1: any */
	unsigned int access;  /* BPF_DEVCG_ACC_MKNOD | _READ | _WRITE */
};

/* Extra rules (--device), at most DEVICES_EXTRA_MAX: 0 or -E2BIG. */
#define DEVICES_EXTRA_MAX 32
int devices_allow(const struct device_rule *rule);
/* Loads and attaches the filter when conf->devices asks for it: 0, or -1 after saying why. */
int devices_attach(const struct confine_config *conf, const struct cgroup *cg);

#endif
