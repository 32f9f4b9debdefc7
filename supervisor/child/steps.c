/* SPDX-License-Identifier: MIT */
/*
 * steps.h: the names of the child's steps, the vocabulary of the sync socket. Read by the
 * child (the test hook) and the parent (messages, status): no heap, no stdio.
 */
#include "steps.h"

#include <string.h>

static const struct {
	const char *id;
	const char *verb;
} step_names[STEP_COUNT] = {
	[SETUP_MOUNT_PRIVATE] = {"mount-private", "make mounts private"},
	[SETUP_MOUNT_PROC] = {"mount-proc", "mount proc on"},
	[SETUP_NET_LO] = {"net-lo", "bring up"},
	[SETUP_HOSTNAME] = {"hostname", "sethostname"},
	[SETUP_SESSION] = {"session", "setsid"},
	[SETUP_ROOTFS_BIND] = {"rootfs", "bind rootfs"},
	[SETUP_ROOTFS_PROC] = {"rootfs-proc", "mount proc in rootfs on"},
	[SETUP_ROOTFS_DEV] = {"rootfs-dev", "populate rootfs"},
	[SETUP_ROOTFS_DEVICE] = {"rootfs-device", "bind device"},
	[SETUP_ROOTFS_SYS] = {"rootfs-sys", "mount sysfs in rootfs on"},
	[SETUP_ROOTFS_MOUNT] = {"rootfs-mount", "mount"},
	[SETUP_ROOTFS_PIVOT] = {"pivot-root", "pivot_root into"},
	[SETUP_ROOTFS_READONLY] = {"read-only", "remount read-only"},
	[SETUP_ENV] = {"env", "set environment"},
	[SETUP_CWD] = {"cwd", "change directory to"},
	[SETUP_CREDS] = {"creds", "set user and capabilities"},
	[SETUP_NO_NEW_PRIVS] = {"no-new-privs", "set no_new_privs"},
	[SETUP_FDS] = {"fds", "close descriptors"},
	[SETUP_TTY_DEVPTS] = {"tty-devpts", "mount devpts on"},
	[SETUP_TTY] = {"tty", "open the container's terminal"},
	[SETUP_CGROUP] = {"cgroup", "join the container's cgroup"},
	[SETUP_RLIMITS] = {"rlimits", "set resource limit"},
	[SETUP_SECCOMP] = {"seccomp", "load the seccomp filter"},
	[STEP_START] = {"start", "start container process"},
	[STEP_BARRIER] = {"configure", "configure container"},
	[STEP_EXEC] = {"exec", "exec"},
};

const char *setup_step_id(int step)
{
	return step >= 0 && step < STEP_COUNT ? step_names[step].id : "unknown";
}

const char *setup_step_verb(int step)
{
	return step >= 0 && step < STEP_COUNT ? step_names[step].verb : "unknown step";
}

int setup_step_by_id(const char *id)
{
	for (int i = 0; i < STEP_COUNT; i++)
		if (strcmp(id, step_names[i].id) == 0)
			return i;
	return -1;
}
