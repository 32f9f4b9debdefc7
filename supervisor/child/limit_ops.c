/* SPDX-License-Identifier: MIT */
/*
 * limit_ops.h: the confinement operations in the child: join the cgroup (when the clone
 * could not place us), resource limits, the seccomp filter the parent built. No heap, no
 * stdio.
 */
#include "limit_ops.h"
#include "cgroup.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int rlimit_apply(const struct ulimit *u)
{
	return setrlimit((__rlimit_resource_t) u->resource, &u->lim) < 0 ? -errno : 0;
}

int seccomp_prog_load(const void *prog)
{
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) == 0)
		return 0;
	if (errno != ENOSYS)
		return -errno;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) < 0 ? -errno : 0;
}

int confine_run_op(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct confine_config *conf = &ctx->cfg->conf;

	switch (op->kind) {
	case SETUP_CGROUP:
		/* The clone placed us, or there is no cgroup: nothing to do. */
		if (!conf->cg || conf->cg->procs_fd < 0 || conf->cg->placed)
			return 0;
		return write(conf->cg->procs_fd, "0", 1) == 1 ? 0 : -errno;
	case SETUP_RLIMITS:
		return rlimit_apply(op->data);
	case SETUP_SECCOMP:
		return seccomp_prog_load(conf->seccomp_prog);
	default:
		return -EINVAL;
	}
}
