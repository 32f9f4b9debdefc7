/* SPDX-License-Identifier: MIT */
/*
 * `tether run -d`: the launcher forks; the child becomes the container's monitor in its
 * own session with stdio on --log-file (or on a pipe it reads and keeps, logs.h); the
 * parent waits on a pipe until the container has started, prints its name and exits 0,
 * or, when the start failed, exits with the monitor's status (125) after the monitor said
 * why on the original stderr.
 */
#ifndef TETHER_DETACH_H
#define TETHER_DETACH_H

#include "config.h"

struct container;
struct control;

/* In the parent: the exit status to end with. In the monitor: -1, carry on. */
int detach_start(const struct run_config *cfg, struct control *ctl);
/* The container runs: tell the parent (once), and send messages to the log from now on. */
void detach_ready(struct container *c);

#endif
