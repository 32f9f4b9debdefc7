/* SPDX-License-Identifier: MIT */
/*
 * relay.h: a level-triggered epoll set of two descriptors. Input is read only when the
 * previous piece has gone into the master (EPOLLOUT on the master meanwhile), so a
 * container that does not read its terminal slows the typist down, never the launcher.
 * The caller's descriptors keep their flags: O_NONBLOCK on a shared terminal would reach
 * the shell that started us.
 */
#include "relay.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define TAG_IN     1
#define TAG_MASTER 2
#define CTRL_P     0x10
#define CTRL_Q     0x11

void relay_init(struct relay *r, int in_fd, int out_fd)
{
	memset(r, 0, sizeof(*r));
	r->ep = r->master = r->term_fd = -1;
	r->in_fd = in_fd;
	r->out_fd = out_fd;
	r->in_events = r->master_events = -1;
}

int relay_open(struct relay *r)
{
	r->ep = epoll_create1(EPOLL_CLOEXEC);
	return r->ep < 0 ? -errno : 0;
}

static void watch(struct relay *r, int fd, int tag, int want, int *have)
{
	struct epoll_event ev = {.events = (uint32_t) want, .data.u32 = (uint32_t) tag};

	if (want == *have)
		return;
	if (want < 0)
		epoll_ctl(r->ep, EPOLL_CTL_DEL, fd, NULL);
	else if (epoll_ctl(r->ep, *have < 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) < 0)
		want = -1; /* a descriptor epoll refuses (a regular file) is simply not read */
	*have = want;
}

/* The epoll set as the state says it should be. */
static void update(struct relay *r)
{
	bool live = r->master >= 0 && !r->is_paused;

	if (r->in_fd >= 0)
		watch(r, r->in_fd, TAG_IN,
		      live && !r->is_in_done && r->in_len == r->in_off ? EPOLLIN : -1,
		      &r->in_events);
	if (r->master >= 0)
		watch(r, r->master, TAG_MASTER,
		      live ? (int) (EPOLLIN | (r->in_len > r->in_off ? EPOLLOUT : 0)) : -1,
		      &r->master_events);
}

static void forget_master(struct relay *r)
{
	if (r->master < 0)
		return;
	watch(r, r->master, TAG_MASTER, -1, &r->master_events);
	fd_close(r->master);
	r->master = -1;
	r->in_len = r->in_off = 0;
}

int relay_set_master(struct relay *r, int master, bool raw)
{
	struct termios t;

	forget_master(r);
	if (fcntl(master, F_SETFL, O_NONBLOCK | O_RDWR) < 0) {
		int err = -errno;

		fd_close(master);
		return err;
	}
	r->master = master;
	if (raw && r->term_fd < 0 && r->in_fd >= 0 && tcgetattr(r->in_fd, &r->saved) == 0) {
		t = r->saved;
		cfmakeraw(&t);
		if (tcsetattr(r->in_fd, TCSANOW, &t) == 0)
			r->term_fd = r->in_fd;
	}
	relay_resize(r);
	update(r);
	return 0;
}

void relay_resize(struct relay *r)
{
	struct winsize ws;

	if (r->master < 0)
		return;
	if ((r->in_fd >= 0 && ioctl(r->in_fd, TIOCGWINSZ, &ws) == 0) ||
	    ioctl(r->out_fd, TIOCGWINSZ, &ws) == 0)
		ioctl(r->master, TIOCSWINSZ, &ws);
}

static int write_full(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t) n;
	}
	return 0;
}

/* Reads a piece of the master; 1 when more may follow, 0 at its end (EAGAIN or EIO). */
static int copy_out(struct relay *r, enum relay_event *ev)
{
	char buf[16384];
	ssize_t n;

	do
		n = read(r->master, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0) {
		/* EIO: no slave is open any more (the container's end, or its stdio closed). */
		forget_master(r);
		*ev = RELAY_EOF;
		return 0;
	}
	if (r->is_out_dead || write_full(r->out_fd, buf, (size_t) n) == 0)
		return 1;
	if (r->is_logging) {
		/* A detached container runs on whatever its log does: output is dropped. */
		r->is_out_dead = true;
		return 1;
	}
	/* Nobody reads us: hang the container's terminal up, as a closed window does. */
	forget_master(r);
	*ev = RELAY_OUT_GONE;
	return 0;
}

static void flush_in(struct relay *r)
{
	ssize_t n;

	while (r->in_off < r->in_len) {
		n = write(r->master, r->in_buf + r->in_off, r->in_len - r->in_off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0)
			break; /* EIO: nobody reads the terminal any more; drop it */
		r->in_off += (size_t) n;
	}
	r->in_len = r->in_off = 0;
}

/* Reads what was typed; the detach keys are held until the key after Ctrl-P is known. */
static enum relay_event copy_in(struct relay *r)
{
	char buf[RELAY_BUF];
	ssize_t n;

	do
		n = read(r->in_fd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return RELAY_NONE;
	if (n <= 0) {
		r->is_in_done = true;
		return RELAY_NONE;
	}
	r->in_len = r->in_off = 0;
	for (ssize_t i = 0; i < n; i++) {
		char c = buf[i];

		if (r->has_detach && r->held_ctrl_p) {
			r->held_ctrl_p = false;
			if (c == CTRL_Q)
				return RELAY_DETACH;
			r->in_buf[r->in_len++] = CTRL_P;
		}
		if (r->has_detach && c == CTRL_P) {
			r->held_ctrl_p = true;
			continue;
		}
		r->in_buf[r->in_len++] = c;
	}
	flush_in(r);
	return RELAY_NONE;
}

enum relay_event relay_dispatch(struct relay *r)
{
	struct epoll_event evs[2];
	enum relay_event ev = RELAY_NONE;
	int n;

	if (r->ep < 0)
		return RELAY_NONE;
	n = epoll_wait(r->ep, evs, 2, 0);
	for (int i = 0; i < n && ev == RELAY_NONE; i++) {
		if (evs[i].data.u32 == TAG_IN && r->master >= 0 && !r->is_paused) {
			ev = copy_in(r);
		} else if (evs[i].data.u32 == TAG_MASTER && r->master >= 0) {
			if (evs[i].events & EPOLLOUT)
				flush_in(r);
			/* A few pieces per wake-up: signals and the control socket get a turn. */
			for (int k = 0; k < 16 && r->master >= 0 && copy_out(r, &ev); k++)
				;
		}
	}
	update(r);
	return ev;
}

void relay_drain(struct relay *r)
{
	enum relay_event ev = RELAY_NONE;

	if (r->master < 0)
		return;
	if (!r->is_paused)
		while (r->master >= 0 && copy_out(r, &ev))
			;
	forget_master(r);
}

void relay_pause(struct relay *r)
{
	r->is_paused = true;
	update(r);
}

void relay_resume(struct relay *r)
{
	r->is_paused = false;
	update(r);
}

void relay_restore(struct relay *r)
{
	if (r->term_fd < 0)
		return;
	/*
	 * TCSANOW: our output was processed as it was written, and a stopped terminal must
	 * not keep us waiting for its drain.
	 */
	tcsetattr(r->term_fd, TCSANOW, &r->saved);
	r->term_fd = -1;
}

void relay_close(struct relay *r)
{
	forget_master(r);
	if (r->in_fd >= 0)
		watch(r, r->in_fd, TAG_IN, -1, &r->in_events);
	relay_restore(r);
	fd_close(r->ep);
	r->ep = -1;
}
