/* SPDX-License-Identifier: MIT */
/*
 * `tether run`: one container's life in the launcher: start it (spawn.c), watch it from
 * the main loop (signals in, exit status out), restart it when it reboots.
 */
#ifndef TETHER_RUN_H
#define TETHER_RUN_H

#include "child.h"
#include "config.h"
#include "control.h"
#include "forward.h"
#include "logs.h"
#include "loop.h"
#include "relay.h"
#include "status.h"

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* The launcher's state for one container, across its restarts. */
struct container {
	const struct run_config *cfg;
	struct loop loop;
	struct status status;
	int sigfd;                 /* signalfd for every blocked signal, made before any clone */
	int exec_fd;               /* sealed memfd of the init, -1 with --no-init */
	struct child_signals sigs; /* the mask and ignored signals tether started with */
	pid_t pid;                 /* init's pid as the host sees it (for messages and status) */
	int pidfd;                 /* init's pidfd: every signal and wait goes through it */
	unsigned int restarts;     /* restarts in a row (reset after a long enough run) */
	struct forward_state fwd;
	struct control ctl; /* the name, state entry and control socket (control.h) */
	sigset_t pending;   /* non-halt signals received while the container was starting */
	int exit_pipe;      /* read end: tether-init's --exit-fd line, -1 with --no-init */
	int app_status;     /* what that line said for the last run, -1 unknown */
	bool is_halted;     /* the last run ended in a halt (stop and wait report app_status) */
	bool is_oom_killed; /* the last run had an out-of-memory kill */
	struct logs logs;   /* -d: the output kept for `tether logs` */
	/* -t (tty.h): the console socket's launcher end, the relay, the options it fills. */
	int tty_sock;
	struct relay relay;
	struct tty_config *tty;
	/* The namespace inodes a borrowing child read for us before its exec (ns.h order). */
	long long ns_ino[8];
	bool has_ns_ino;
};

/*
 * Runs the parsed and prepared cfg (cmd_run.c): registers it, starts it, watches it,
 * restarts it; returns the exit status. cfg stays the caller's to free.
 */
int run_container(struct run_config *cfg);

#endif
