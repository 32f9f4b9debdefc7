/* SPDX-License-Identifier: MIT */
/*
 * The client side of the container commands: find NAME in the state directory, reach
 * its monitor over the control socket, and say in one line why not when it cannot.
 *
 * Exit codes of list, status, stop, reboot, kill, exec and wait:
 *   0   done (stop and wait: the container's exit status instead, as `tether run` gives it)
 *   1   no such container, or it is not running (CMD_EXIT_NOT_RUNNING)
 *   2   usage
 *   4   refused by the control socket: neither root nor the uid that started it
 *   125 tether's own failure (state directory, socket)
 * exec: the command's status, 126/127 when it cannot be executed.
 */
#ifndef TETHER_CLIENT_H
#define TETHER_CLIENT_H

#include "state.h"
#include "usage.h"

#include <limits.h>
#include <stdio.h>

struct client {
	const char *cmd; /* "stop", for messages */
	const char *name;
	char dir[PATH_MAX];
	int fd; /* the control socket, -1 */
};

/* Resolves the state directory (opt: --state-dir). 0 or the exit status, said. */
int client_init(struct client *cl, const char *cmd, const char *state_dir);
/* Connects to cl->name's monitor. 0, or the exit status (1 not running), said. */
int client_connect(struct client *cl);
/* Sends req (no answer read). 0 or -errno; a refusal is read by client_recv. */
int client_send(struct client *cl, const char *req);
/*
 * The next answer into buf, waiting up to timeout_ms (-1: for ever); passed: a descriptor
 * that came with it, or -1 (may be NULL). 1, 0 on EOF, -ETIMEDOUT or -errno.
 */
int client_recv(struct client *cl, char *buf, size_t size, int *passed, int timeout_ms);
/* An answer that is not "ok": said in one line; returns the exit status (1, 4 or 125). */
int client_fail(struct client *cl, const char *answer);
/* The monitor went away while we waited: the status its record keeps, or 125. */
int client_final_status(struct client *cl);
void client_close(struct client *cl);
/*
 * The getopt_long cases every command shares: 'h' prints usage and returns -1 (exit 0),
 * ':' and anything unknown are usage errors (2). c is what getopt_long returned.
 */
int client_option_other(const char *cmd, int c, char **argv, const char *usage);
struct option;
/* After getopt_long(..., &li): 0, or the usage error for an abbreviated long option. */
int client_long_exact(const char *cmd, char **argv, const struct option *opts, int li);

#endif
