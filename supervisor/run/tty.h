/* SPDX-License-Identifier: MIT */
/*
 * `tether run -t`: the hooks that tie the container's terminal (pty.h, made in the child)
 * to the launcher's relay (relay.h). Without -t every hook returns at once and nothing
 * is opened: the container shares the caller's stdio as before.
 */
#ifndef TETHER_TTY_H
#define TETHER_TTY_H

#include "config.h"

#include <stdbool.h>

struct container;

/* Before anything exists: -i -t needs a terminal on stdin. 0, or the exit status (125). */
int tty_check(const struct run_config *cfg);
/* The console socket and the relay, in the main loop. 0 or -1 after saying why. */
int tty_prepare(struct container *c);
/* Before each start: the outer terminal's size, for the child to set. */
void tty_before_start(struct container *c);
/* The container runs: take the master it sent. 0, or the exit status (125). */
int tty_started(struct container *c);
/* The main loop saw LOOP_TTY. */
void tty_dispatch(struct container *c);
/* Init has ended: every byte out, the terminal as it was. */
void tty_ended(struct container *c);
/* true when the terminal handles sig (SIGWINCH): it is not forwarded to the init. */
bool tty_signal(struct container *c, int sig);
/* For `tether attach`: a copy of the master, the monitor's relay paused; or -errno. */
int tty_attach(struct container *c);
void tty_close(struct container *c);

#endif
