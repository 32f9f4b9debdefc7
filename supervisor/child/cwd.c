/* SPDX-License-Identifier: MIT */
/* The environment and the working directory in the child. No heap, no stdio. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

/* For execve: environ is the launcher's, which a borrowing child must not write. */
static int op_env(const struct setup_op *op, struct child_ctx *ctx)
{
	ctx->envp = op->u.envp;
	return 0;
}

/* After pivot_root, checked to be under the new root (CVE-2024-21626). */
static int op_cwd(const struct setup_op *op, struct child_ctx *ctx)
{
	char buf[PATH_MAX];

	if (chdir(op->u.path) < 0)
		return -errno;
	/* A directory outside the root shows as "(unreachable)/..." or fails: refuse it. */
	if (!getcwd(buf, sizeof(buf)))
		return -errno;
	return buf[0] == '/' ? 0 : -EXDEV;
}

SETUP_KIND(env, SETUP_ENV, "env", "set environment", op_env);
SETUP_KIND(cwd, SETUP_CWD, "cwd", "change directory to", op_cwd);
