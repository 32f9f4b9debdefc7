/* SPDX-License-Identifier: MIT */
/*
 * Pseudo-terminals from the container's own devpts instance. pty_open and
 * pty_make_controlling run in the child between clone and exec (and in exec's child):
 * no heap, no stdio. The master travels to the launcher over a unix socket (SCM_RIGHTS),
 * as runc's console socket does.
 */
#ifndef TETHER_PTY_H
#define TETHER_PTY_H

#include "config.h"

#include <stdbool.h>
#include <sys/ioctl.h>

/* A devpts instance of the container's own on /dev/pts (new mount namespace, no rootfs). */
int pty_mount_devpts(void);
/* The master of a new pty from /dev/ptmx as the caller sees it, checked and unlocked. */
int pty_open(void);
/*
 * Makes the master's slave the controlling terminal of the caller (a session leader with
 * none) and its 0, 1 and 2; sets its size when ws is not NULL. 0 or -errno.
 */
int pty_make_controlling(int master, const struct winsize *ws);
/* A new session with master's slave as above; master is closed. 0 or -errno. */
int pty_session(int master, const struct winsize *ws);
/* The size of the first of fds that is a terminal; false when none is. */
bool pty_outer_size(const int *fds, int n, struct winsize *ws);

#endif
