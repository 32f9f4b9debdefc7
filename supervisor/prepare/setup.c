/* SPDX-License-Identifier: MIT */
/* setup.h: from options to operations. Runs in the parent only. */
#include "setup.h"
#include "confine.h"
#include "isolate.h"

#include <errno.h>
#include <sched.h>

static int add(struct run_config *cfg, enum setup_kind kind, const char *arg)
{
	if (cfg->n_ops >= SETUP_OPS_MAX)
		return -E2BIG;
	cfg->ops[cfg->n_ops].kind = kind;
	cfg->ops[cfg->n_ops].arg = arg;
	cfg->ops[cfg->n_ops].data = NULL;
	cfg->n_ops++;
	return 0;
}

int setup_build(struct run_config *cfg)
{
	bool new_mnt = cfg->clone_flags & CLONE_NEWNS;
	int r = 0;

	cfg->n_ops = 0;
	/* Private first: every later mount stays in the container's mount namespace. */
	if (new_mnt)
		r = add(cfg, SETUP_MOUNT_PRIVATE, NULL);
	/* A fresh /proc only where it cannot touch the host: new pid and new mount ns. */
	if (!r && new_mnt && (cfg->clone_flags & CLONE_NEWPID) && !cfg->iso.rootfs)
		r = add(cfg, SETUP_MOUNT_PROC, "/proc");
	/* -t: the container's ptys in a devpts of its own (--rootfs mounts one in its /dev). */
	if (!r && new_mnt && cfg->tty.is_tty && !cfg->iso.rootfs)
		r = add(cfg, SETUP_TTY_DEVPTS, "/dev/pts");
	if (!r)
		r = isolate_add_mount_ops(cfg); /* --rootfs: its own /proc, mounts, pivot */
	if (!r && (cfg->clone_flags & CLONE_NEWNET))
		r = add(cfg, SETUP_NET_LO, "lo");
	if (!r && cfg->hostname)
		r = add(cfg, SETUP_HOSTNAME, cfg->hostname);
	if (!r)
		r = add(cfg, SETUP_SESSION, NULL);
	if (!r)
		r = isolate_add_late_ops(cfg); /* env, cwd, user, capabilities */
	/* After the change of user: the slave is the user's, from the container's devpts. */
	if (!r && cfg->tty.is_tty) {
		r = add(cfg, SETUP_TTY, NULL);
		if (!r)
			cfg->ops[cfg->n_ops - 1].data = &cfg->tty;
	}
	/* Last: later operations (issue 4's mounts) may still need their descriptors. */
	if (!r)
		r = add(cfg, SETUP_FDS, NULL);
	if (!r)
		r = confine_add_ops(cfg); /* cgroup join, rlimits, seccomp: each in its place */
	return r;
}
