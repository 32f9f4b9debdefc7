/* SPDX-License-Identifier: MIT */
/*
 * The launcher's side of a container's terminal: copies between its own terminal (or the
 * monitor's log) and the pty master without busy-waiting. One epoll descriptor of its own
 * (ep) wakes the caller's loop; relay_dispatch then does what is ready and never blocks
 * on the master (non-blocking, input kept while it is full). Output is written out in
 * full as it comes. The caller's terminal goes raw while a master is attached and is
 * restored by relay_restore, which every exit path calls (relay_close does).
 */
#ifndef TETHER_RELAY_H
#define TETHER_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#define RELAY_BUF 4096

enum relay_event {
	RELAY_NONE,
	RELAY_DETACH,   /* the detach keys were typed (attach only) */
	RELAY_EOF,      /* every holder of the slave has closed it */
	RELAY_OUT_GONE, /* the output side refused a write: the master was closed (a hangup) */
};

struct relay {
	int ep;                       /* epoll over in_fd and master */
	int in_fd;                    /* -1: no input (-t without -i, a detached monitor) */
	int out_fd;                   /* where the container's output goes */
	int master;                   /* -1 while none */
	int term_fd;                  /* the terminal put in raw mode, -1 */
	int in_events, master_events; /* what epoll watches on each, -1: not registered */
	struct termios saved;
	bool is_paused;   /* an attached client holds the master: hands off */
	bool is_logging;  /* out_fd is a log: a failed write drops output, never hangs up */
	bool is_out_dead; /* the log refused a write: output is read and dropped */
	bool has_detach;  /* Ctrl-P Ctrl-Q detaches */
	bool held_ctrl_p;
	bool is_in_done;        /* input reached its end */
	char in_buf[RELAY_BUF]; /* input not yet taken by the master */
	size_t in_len, in_off;
};

void relay_init(struct relay *r, int in_fd, int out_fd);
/* The epoll descriptor. 0 or -errno. */
int relay_open(struct relay *r);
/*
 * Takes master (made non-blocking; closed on failure too); puts in_fd's terminal in raw
 * mode when raw. 0 or -errno.
 */
int relay_set_master(struct relay *r, int master, bool raw);
/* Copies whatever is ready, without blocking on the master. */
enum relay_event relay_dispatch(struct relay *r);
/* The outer terminal's size (from in_fd or out_fd) onto the master. */
void relay_resize(struct relay *r);
/* Every byte the container wrote (until EAGAIN or EIO), then the master is closed. */
void relay_drain(struct relay *r);
/* An attached client takes over the master (pause) or gives it back (resume). */
void relay_pause(struct relay *r);
void relay_resume(struct relay *r);
/* The terminal's modes as they were. Safe to call at any time, more than once. */
void relay_restore(struct relay *r);
void relay_close(struct relay *r);

#endif
