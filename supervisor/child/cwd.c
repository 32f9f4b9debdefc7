/* SPDX-License-Identifier: MIT */
/* cwd.h: the environment and the working directory in the child. No heap, no stdio. */
#include "cwd.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

/* Child: cwd after pivot_root, checked to be under the new root (CVE-2024-21626). */
static int op_cwd(const char *dir)
{
	char buf[PATH_MAX];

	if (chdir(dir) < 0)
		return -errno;
	/* A directory outside the root shows as "(unreachable)/..." or fails: refuse it. */
	if (!getcwd(buf, sizeof(buf)))
		return -errno;
	return buf[0] == '/' ? 0 : -EXDEV;
}

int identity_run_op(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;

	switch (op->kind) {
	case SETUP_ENV:
		/* For execve: environ is the launcher's, which a borrowing child must not write. */
		ctx->envp = cfg->iso.envp;
		return 0;
	case SETUP_CWD:
		return op_cwd(op->arg);
	default:
		return -EINVAL;
	}
}
