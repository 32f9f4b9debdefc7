/* SPDX-License-Identifier: MIT */
/*
 * The child's setup as an ordered list of operations, each with its parameters, built
 * from the prepared config. Every module adds its own with these helpers.
 */
#ifndef TETHER_SETUP_H
#define TETHER_SETUP_H

#include "config.h"

/*
 * The prepare step, after the options are parsed: checks and resolves them with the
 * parent's I/O (paths, passwd, capability sets, the seccomp filter), then builds the list.
 * 0, or the exit status after saying why (2 for a usage error, 125).
 */
int setup_prepare(struct run_config *cfg);
/* Fills cfg->ops from the options, in the order the child must execute them. 0 or -errno. */
int setup_build(struct run_config *cfg);
/* A new operation at the end (or at index at), its parameters zeroed; NULL when full. */
struct setup_op *setup_add(struct run_config *cfg, enum setup_kind kind, const char *arg);
struct setup_op *setup_insert(struct run_config *cfg, size_t at, enum setup_kind kind,
			      const char *arg);
/* The index of the first operation of kind, or cfg->n_ops. */
size_t setup_index_of(const struct run_config *cfg, enum setup_kind kind);
/* SETUP_FDS with cfg's --preserve-fds. 0 or -E2BIG. */
int setup_add_fds(struct run_config *cfg);

#endif
