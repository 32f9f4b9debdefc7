/* SPDX-License-Identifier: MIT */
/*
 * The launcher's main loop: one epoll set over tagged descriptors (the signalfd, the
 * init's pidfd, later the control socket). Handlers live with their owners; the loop
 * only says which tag is ready.
 */
#ifndef TETHER_LOOP_H
#define TETHER_LOOP_H

#include <stdint.h>

enum loop_tag {
	LOOP_SIGNAL = 1,
	LOOP_PIDFD = 2,
	LOOP_SYNC = 3,
	LOOP_CONTROL = 4, /* the control socket's epoll (control.h) */
	LOOP_TTY = 5,     /* the terminal relay's epoll (relay.h) */
	LOOP_LOGS = 6,    /* the container's output pipe, with -d (logs.h) */
};

struct loop {
	int epfd;
};

int loop_init(struct loop *lp);
int loop_add(struct loop *lp, int fd, uint32_t tag);
int loop_del(struct loop *lp, int fd);
/* Waits up to timeout_ms (-1: forever). Returns 1 with *tag set, 0 on time-out, or -errno. */
int loop_wait(struct loop *lp, int timeout_ms, uint32_t *tag);
void loop_close(struct loop *lp);

#endif
