/* SPDX-License-Identifier: MIT */
/*
 * setup.h: from options to operations, in the order the child runs them. Each module
 * builds its own operations with their parameters; this file only says where they go.
 * Runs in the parent only.
 */
#include "setup.h"
#include "caps.h"
#include "confine.h"
#include "identity.h"
#include "isolate.h"
#include "log.h"
#include "proc.h"
#include "rootfs.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

struct setup_op *setup_insert(struct run_config *cfg, size_t at, enum setup_kind kind,
			      const char *arg)
{
	if (cfg->n_ops >= SETUP_OPS_MAX || at > cfg->n_ops)
		return NULL;
	memmove(&cfg->ops[at + 1], &cfg->ops[at], (cfg->n_ops - at) * sizeof(cfg->ops[0]));
	cfg->ops[at] = (struct setup_op){.kind = kind, .arg = arg};
	cfg->n_ops++;
	return &cfg->ops[at];
}

struct setup_op *setup_add(struct run_config *cfg, enum setup_kind kind, const char *arg)
{
	return setup_insert(cfg, cfg->n_ops, kind, arg);
}

size_t setup_index_of(const struct run_config *cfg, enum setup_kind kind)
{
	size_t i;

	for (i = 0; i < cfg->n_ops; i++)
		if (cfg->ops[i].kind == kind)
			break;
	return i;
}

/* An operation whose one parameter is a path or a name. */
static int add_path(struct run_config *cfg, enum setup_kind kind, const char *path)
{
	struct setup_op *op = setup_add(cfg, kind, path);

	if (!op)
		return -E2BIG;
	op->u.path = path;
	return 0;
}

int setup_add_fds(struct run_config *cfg)
{
	struct setup_op *op = setup_add(cfg, SETUP_FDS, NULL);

	if (!op)
		return -E2BIG;
	op->u.preserve_fds = cfg->preserve_fds;
	return 0;
}

static int add_tty(struct run_config *cfg)
{
	struct setup_op *op = setup_add(cfg, SETUP_TTY, NULL);

	if (!op)
		return -E2BIG;
	op->u.tty = &cfg->tty;
	return 0;
}

int setup_prepare(struct run_config *cfg)
{
	int r;

	r = isolate_finish(cfg); /* rootfs, user, userns, capabilities */
	if (!r)
		r = confine_finish(cfg); /* cgroup limits, seccomp filter, rlimits */
	if (r)
		return r;
	if (setup_build(cfg) < 0) {
		log_error(0, "too many setup operations");
		return PROC_EXIT_SETUP;
	}
	return 0;
}

int setup_build(struct run_config *cfg)
{
	bool new_mnt = cfg->clone_flags & CLONE_NEWNS;
	int r = 0;

	cfg->n_ops = 0;
	/* Private first: every later mount stays in the container's mount namespace. */
	if (new_mnt && !setup_add(cfg, SETUP_MOUNT_PRIVATE, NULL))
		r = -E2BIG;
	/* A fresh /proc only where it cannot touch the host: new pid and new mount ns. */
	if (!r && new_mnt && (cfg->clone_flags & CLONE_NEWPID) && !cfg->iso.rootfs)
		r = add_path(cfg, SETUP_MOUNT_PROC, "/proc");
	/* -t: the container's ptys in a devpts of its own (--rootfs mounts one in its /dev). */
	if (!r && new_mnt && cfg->tty.is_tty && !cfg->iso.rootfs &&
	    !setup_add(cfg, SETUP_TTY_DEVPTS, "/dev/pts"))
		r = -E2BIG;
	if (!r)
		r = rootfs_add_ops(cfg); /* --rootfs: its own /proc, mounts, pivot */
	if (!r && (cfg->clone_flags & CLONE_NEWNET))
		r = add_path(cfg, SETUP_NET_LO, "lo");
	if (!r && cfg->hostname)
		r = add_path(cfg, SETUP_HOSTNAME, cfg->hostname);
	if (!r && !setup_add(cfg, SETUP_SESSION, NULL))
		r = -E2BIG;
	if (!r)
		r = identity_add_ops(cfg); /* environment, directory */
	if (!r)
		r = caps_add_ops(cfg); /* user, capabilities, no_new_privs */
	/* After the change of user: the slave is the user's, from the container's devpts. */
	if (!r && cfg->tty.is_tty)
		r = add_tty(cfg);
	/* Last: earlier operations (the rootfs's mounts) may still need their descriptors. */
	if (!r)
		r = setup_add_fds(cfg);
	if (!r)
		r = confine_add_ops(cfg); /* cgroup join, rlimits, seccomp: each in its place */
	return r;
}
