/* SPDX-License-Identifier: MIT */
/*
 * tty.h. The design: the child opens the pty itself, inside the container after its
 * mounts, pivot and change of user (SETUP_TTY), and sends the master over a console
 * socket (SCM_RIGHTS), as runc does. So the slave lives in the container's own devpts,
 * belongs to the container's user, and no path inside the container is ever opened by a
 * process that still holds the host's root; the launcher only ever holds a master.
 */
#include "tty.h"
#include "fd.h"
#include "fdpass.h"
#include "log.h"
#include "proc.h"
#include "ptyfd.h"
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

int tty_check(const struct run_config *cfg)
{
	if (!cfg->tty.is_tty || !cfg->tty.is_interactive || cfg->detach || isatty(0))
		return 0;
	log_error(0, "use standard input as a terminal: the input device is not a TTY (drop -i "
		     "or -t)");
	return PROC_EXIT_SETUP;
}

int tty_prepare(struct container *c)
{
	const struct run_config *cfg = c->cfg;
	int fds[2], r;

	if (!cfg->tty.is_tty)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0) {
		log_error(errno, "create console socket");
		return -1;
	}
	c->tty_sock = fds[0];
	c->tty->sock = fds[1];
	relay_init(&c->relay, cfg->tty.is_interactive && !cfg->detach ? 0 : -1, 1);
	c->relay.is_logging = cfg->detach;
	r = relay_open(&c->relay);
	if (r == 0)
		r = loop_add(&c->loop, c->relay.ep, LOOP_TTY);
	if (r < 0) {
		log_error(r, "set up terminal relay");
		return -1;
	}
	return 0;
}

void tty_before_start(struct container *c)
{
	int fds[2] = {0, 1};

	if (c->cfg->tty.is_tty)
		c->tty->has_size = pty_outer_size(fds, 2, &c->tty->ws);
}

int tty_started(struct container *c)
{
	char byte;
	ssize_t n;
	int master, r;

	if (!c->cfg->tty.is_tty)
		return 0;
	/* Sent before the exec, which we have seen: it is queued or it never comes. */
	n = fdpass_recv(c->tty_sock, &byte, 1, &master, MSG_DONTWAIT);
	if (n != 1 || master < 0) {
		fd_close(master);
		log_error(n < 0 ? (int) n : -EPROTO, "receive the container's terminal");
		return PROC_EXIT_SETUP;
	}
	control_detach(&c->ctl); /* a client attached to the last run has a dead master */
	r = relay_set_master(&c->relay, master, true);
	if (r < 0) {
		log_error(r, "relay the container's terminal");
		return PROC_EXIT_SETUP;
	}
	return 0;
}

void tty_dispatch(struct container *c)
{
	relay_dispatch(&c->relay);
}

void tty_ended(struct container *c)
{
	if (!c->cfg->tty.is_tty)
		return;
	relay_drain(&c->relay);
	relay_restore(&c->relay);
}

bool tty_signal(struct container *c, int sig)
{
	if (!c->cfg->tty.is_tty || sig != SIGWINCH)
		return false;
	relay_resize(&c->relay);
	return true;
}

int tty_attach(struct container *c)
{
	int fd;

	if (!c->cfg->tty.is_tty)
		return -ENOTTY;
	if (c->relay.master < 0)
		return -ESRCH;
	fd = fcntl(c->relay.master, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -errno;
	relay_pause(&c->relay);
	return fd;
}

void tty_close(struct container *c)
{
	if (!c->cfg->tty.is_tty)
		return;
	relay_close(&c->relay);
	fd_close(c->tty_sock);
	fd_close(c->tty->sock);
	c->tty_sock = c->tty->sock = -1;
}
