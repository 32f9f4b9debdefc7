/* SPDX-License-Identifier: MIT */
/*
 * The container's first process between clone and exec. It runs on a copy of the
 * launcher's memory, or in that memory itself while the launcher waits (CLONE_VM |
 * CLONE_VFORK): no heap, no stdio, no exit handlers, nothing of the launcher's written;
 * every failure goes back to the launcher as {step, errno, detail} over the sync socket,
 * then _exit().
 */
#ifndef TETHER_CHILD_H
#define TETHER_CHILD_H

#include "config.h"

#include "sigreset.h"
#include "sync.h"

#include <signal.h>
#include <stdint.h>

/* What the launcher's signals were, for the container's first process before its exec. */
struct child_signals {
	sigset_t mask;    /* the mask the launcher started with: a bare COMMAND gets it back */
	uint64_t ignored; /* what the launcher inherited as SIG_IGN: sig_ignored_or_all() */
};

/*
 * sync_fd: the child's end of the sync socket. exec_fd: the sealed init memfd, or -1 with
 * --no-init. sigs: the launcher's signals before its own set-up. exit_fd: the write end
 * of the pipe for tether-init's --exit-fd (placed at 3 + preserve_fds), or -1.
 * borrowed: we run in the launcher's memory and it is suspended until our exec, so we do
 * not wait for its go-ahead (it has nothing to configure: no user namespace).
 */
__attribute__((noreturn)) void child_run(const struct run_config *cfg, int sync_fd, int exec_fd,
					 const struct child_signals *sigs, int exit_fd,
					 bool borrowed);

/*
 * The steps every way into a container shares (`run`'s child, `exec`'s waiter): cfg's
 * operations in order (environment, directory, credentials, capabilities, descriptors);
 * a failure is reported on chan as {step, errno, detail} and ends the process.
 */
void child_run_ops(const struct run_config *cfg, struct child_ctx *ctx);
/* The context before the first operation: no root yet, the launcher's environ for execve. */
void child_ctx_init(struct child_ctx *ctx, struct sync_chan *chan);
/* The row of a setup kind or step (SETUP_KIND), NULL for none. */
const struct setup_kind_info *setup_kind(int step);
/*
 * Then the exec: the sealed init (exec_fd) or COMMAND searched on the new environment's
 * PATH, with the ignored signals of sigs reset, and its mask restored for a bare COMMAND.
 * A failure goes to chan; the exit code is 125, or 126/127 for COMMAND.
 */
__attribute__((noreturn)) void child_exec(const struct run_config *cfg, struct child_ctx *ctx,
					  int exec_fd, const struct child_signals *sigs);

#endif
