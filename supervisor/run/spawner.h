/* SPDX-License-Identifier: MIT */
/*
 * One start of the container: clone into the namespaces, then the sync handshake with
 * the child up to its exec. Leaves nothing behind on failure: the child is killed and
 * reaped through its pidfd before returning.
 */
#ifndef TETHER_SPAWN_H
#define TETHER_SPAWN_H

#include "run.h"

/*
 * Returns 0 with c->pid and c->pidfd set when the init (or COMMAND) has been executed, or
 * the exit status to end with after printing why (125 setup, 126/127 exec of COMMAND,
 * 128+N when signal N stopped the start-up).
 */
int spawn_start(struct container *c);
/* SIGKILL through the pidfd, reap, close it. For every early return. */
void spawn_kill(struct container *c);
/* For a variable that holds the container while its process must not outlive the scope. */
void spawn_kill_ptr(struct container **c);
#define cleanup_spawn __attribute__((cleanup(spawn_kill_ptr)))
/*
 * Once the init has died: the application's status that tether-init wrote to its
 * --exit-fd pipe (0-255), or -1 when it wrote none. Closes the pipe.
 */
int spawn_app_status(struct container *c);
/* Once the child has executed: the pages of the stack a borrowing child ran on go back. */
void spawn_release(void);

#endif
