/* SPDX-License-Identifier: MIT */
/*
 * ptyfd.h: the container's terminal. Opened inside the container, after its mounts and its
 * change of user, so that the slave belongs to the container's devpts and its user; only
 * the master leaves, over the console socket. Runs in the child: no heap, no stdio.
 */
#include "ptyfd.h"
#include "fd.h"
#include "fdpass.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int pty_mount_devpts(void)
{
	/*
	 * The host's /dev/ptmx node finds the devpts mounted at "pts" next to it (Linux 4.7):
	 * with this instance on /dev/pts, the container's ptys are its own, numbered from 0.
	 */
	if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  "newinstance,ptmxmode=0666,mode=0620") < 0)
		return -errno;
	return 0;
}

int pty_open(void)
{
	struct stat st;
	int fd, unlock = 0;

	fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* In a running container /dev/ptmx is the container's to replace: check what it is. */
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 ||
	    minor(st.st_rdev) != 2 || ioctl(fd, TIOCSPTLCK, &unlock) < 0) {
		fd_close(fd);
		return -ENOTTY;
	}
	return fd;
}

int pty_make_controlling(int master, const struct winsize *ws)
{
	int slave, r = 0;

	/* The peer through the master, never a path: nothing can be swapped in between. */
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return -errno;
	if (ws && ioctl(slave, TIOCSWINSZ, ws) < 0)
		r = -errno;
	if (r == 0 && ioctl(slave, TIOCSCTTY, 0) < 0)
		r = -errno;
	for (int fd = 0; r == 0 && fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			r = -errno;
	if (slave > 2)
		fd_close(slave);
	return r;
}

int pty_session(int master, const struct winsize *ws)
{
	int r = setsid() < 0 ? -errno : pty_make_controlling(master, ws);

	fd_close(master);
	return r;
}

static int op_devpts(const struct setup_op *op, struct child_ctx *ctx)
{
	return pty_mount_devpts();
}

static int op_tty(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct tty_config *tty = op->u.tty;
	int master, r;

	master = pty_open();
	if (master < 0)
		return master;
	r = pty_make_controlling(master, tty->has_size ? &tty->ws : NULL);
	if (r == 0)
		r = fdpass_send(tty->sock, "T", 1, master, 0);
	fd_close(master);
	return r;
}

SETUP_KIND(tty_devpts, SETUP_TTY_DEVPTS, "tty-devpts", "mount devpts on", op_devpts);
SETUP_KIND(tty, SETUP_TTY, "tty", "open the container's terminal", op_tty);

bool pty_outer_size(const int *fds, int n, struct winsize *ws)
{
	for (int i = 0; i < n; i++)
		if (isatty(fds[i]) && ioctl(fds[i], TIOCGWINSZ, ws) == 0)
			return true;
	return false;
}
