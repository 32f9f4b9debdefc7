/* SPDX-License-Identifier: MIT */
/*
 * The monitor's side of a named container: its entry in the state directory (kept up to
 * date at start, restart and end) and the control socket DIR/NAME:ctl, served from the
 * launcher's main loop. Only root and the uid that started the container are obeyed
 * (SO_PEERCRED); anyone else gets "denied" and nothing else happens.
 *
 * Protocol: SOCK_SEQPACKET, one text record per request and per answer.
 *   halt | reboot | kill SIGNO | wait | pidfd | exec | attach
 *   -> ok [PID] (pidfd: the init's pidfd in SCM_RIGHTS) | err ERRNO | denied | exit CODE
 *   exec: "ok PID UID:GID" (or "ok PID -") with the pidfd, then "env" with a sealed memfd
 *   holding the init's environment
 * "attach" (run -t) is answered with the pty master in SCM_RIGHTS; the monitor stops
 * reading it until that client's connection closes (one attached client at a time).
 * "wait" is answered with "exit CODE" when the container has ended for good.
 */
#ifndef TETHER_CONTROL_H
#define TETHER_CONTROL_H

#include "state.h"

#include <limits.h>
#include <stdbool.h>

#define CONTROL_CLIENTS_MAX 16
#define CONTROL_MSG_MAX     256

struct container;

struct control {
	char dir[PATH_MAX];
	struct state_rec rec;
	bool is_registered;
	bool is_generated; /* the name was made up: the entry goes when the container ends */
	bool init_runs;    /* from the init's exec to its end: it may be signalled or entered */
	bool is_swept;     /* the other entries were checked for debris (once per monitor) */
	bool is_deferred;  /* anonymous, in the foreground: registered once it has run a while */
	bool has_pidfile;  /* --pidfile written: removed at the end */
	int lock_fd;
	int listen_fd;
	int ep; /* epoll over the listener and the clients, one fd in the main loop */
	int clients[CONTROL_CLIENTS_MAX];
	bool waiting[CONTROL_CLIENTS_MAX];
	int ready_fd;        /* -d: the pipe to the waiting parent, until the container started */
	int saved_err;       /* -d: the original stderr, for messages until then */
	struct relay *relay; /* -t: paused while a client is attached */
	int attached;        /* the attached client's slot, -1 */
	int out_pipe;        /* -d: read end of the container's output, until logs_open takes it */
};

/* Before anything opens: every descriptor -1. */
void control_init(struct control *ctl);
/*
 * Registers the container's name and serves its socket, or, for an anonymous container in
 * the foreground, leaves that to control_settle. 0, or the exit status (125).
 */
int control_open(struct container *c);
/* The registration itself (register.c): control_open's, or control_settle's when late. */
int control_register(struct container *c);
/*
 * Hooks of the supervision: the init runs (0, or 125 when --pidfile cannot be written);
 * a restart is coming; the end (its status).
 */
int control_started(struct container *c);
/*
 * Once the container has run a while (the main loop calls it): a deferred registration
 * happens, with the record of the running init; the entries of launchers killed without a
 * word are cleaned, once.
 */
void control_settle(struct container *c);
void control_restarting(struct container *c);
void control_ended(struct container *c, int code);
/* The main loop saw LOOP_CONTROL: accept and answer without blocking. */
void control_dispatch(struct container *c);
/* One request read from client slot (NUL-terminated), answered on its socket. */
void control_request(struct container *c, int slot, char *req);
void control_close(struct control *ctl);
/* Drops the attached client, if any (its master belongs to an ended run). */
void control_detach(struct control *ctl);

/* The listening socket's tag in the control epoll set; clients are their slot + 1. */
#define CONTROL_TAG_LISTEN 0

#endif
