/* SPDX-License-Identifier: MIT */
/*
 * The confinement operations in the child: join the cgroup (when the clone
 * could not place us), resource limits, the seccomp filter the parent built. No heap, no
 * stdio.
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int op_cgroup(const struct setup_op *op, struct child_ctx *ctx)
{
	/* The clone placed us, or there is no cgroup: nothing to do. */
	if (!op->u.cgroup.procs_fd || *op->u.cgroup.procs_fd < 0 || *op->u.cgroup.placed)
		return 0;
	return write(*op->u.cgroup.procs_fd, "0", 1) == 1 ? 0 : -errno;
}

static int op_cgroup_ns(const struct setup_op *op, struct child_ctx *ctx)
{
	/* Placed by the clone: the namespace it made is rooted there already. */
	if (!op->u.cgroup.procs_fd || *op->u.cgroup.procs_fd < 0 || *op->u.cgroup.placed)
		return 0;
	return unshare(CLONE_NEWCGROUP) < 0 ? -errno : 0;
}

static int op_rlimit(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct ulimit *u = op->u.ulimit;

	return setrlimit((__rlimit_resource_t) u->resource, &u->lim) < 0 ? -errno : 0;
}

static int op_seccomp(const struct setup_op *op, struct child_ctx *ctx)
{
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, op->u.seccomp) == 0)
		return 0;
	if (errno != ENOSYS)
		return -errno;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, op->u.seccomp, 0, 0) < 0 ? -errno : 0;
}

SETUP_KIND(cgroup, SETUP_CGROUP, "cgroup", "join the container's cgroup", op_cgroup);
SETUP_KIND(cgroup_ns, SETUP_CGROUP_NS, "cgroup-ns", "unshare the cgroup namespace", op_cgroup_ns);
SETUP_KIND(rlimits, SETUP_RLIMITS, "rlimits", "set resource limit", op_rlimit);
SETUP_KIND(seccomp, SETUP_SECCOMP, "seccomp", "load the seccomp filter", op_seccomp);
