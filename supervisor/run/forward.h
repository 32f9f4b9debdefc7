/* SPDX-License-Identifier: MIT */
/*
 * The signal table of the launcher: what a signal received by tether does to the
 * container. SIGINT and SIGTERM ask for a graceful halt (the halt signal, SIGPWR, to
 * init), a second one kills (SIGKILL); SIGCHLD is ignored (init's end is read from its
 * pidfd); every other signal goes to init unchanged.
 */
#ifndef TETHER_FORWARD_H
#define TETHER_FORWARD_H

#include <stdbool.h>

enum forward_action {
	FORWARD_IGNORE,
	FORWARD_SAME, /* the signal itself */
	FORWARD_HALT, /* the halt signal */
	FORWARD_KILL, /* SIGKILL */
};

/* What one container run has been asked so far. Zeroed for each run. */
struct forward_state {
	unsigned int halt_requests;
	bool halt_by_ctrl_c; /* the first halt request was a SIGINT */
};

/* Looks sig up in the table and updates st. */
enum forward_action forward_action(struct forward_state *st, int sig);
/*
 * Acts on sig for the init behind pidfd; returns the signal sent (0 if none) or -errno.
 * ESRCH (init already gone) is not an error: its exit is on the way.
 */
int forward_signal(struct forward_state *st, int pidfd, int sig, int halt_signal);

#endif
