/* SPDX-License-Identifier: MIT */
/* Child: the cgroup join, one --ulimit, the seccomp filter. 0 or -errno. */
#ifndef TETHER_LIMIT_OPS_H
#define TETHER_LIMIT_OPS_H

#include "config.h"

int rlimit_apply(const struct ulimit *u);
int seccomp_prog_load(const void *prog);
int confine_run_op(const struct setup_op *op, struct child_ctx *ctx);

#endif
