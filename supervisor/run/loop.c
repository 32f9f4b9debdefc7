/* SPDX-License-Identifier: MIT */
/* loop.h: epoll, one event at a time (a handful of descriptors, no starvation to fear). */
#include "loop.h"
#include "fd.h"

#include <errno.h>
#include <stddef.h>
#include <sys/epoll.h>

int loop_init(struct loop *lp)
{
	lp->epfd = epoll_create1(EPOLL_CLOEXEC);
	return lp->epfd < 0 ? -errno : 0;
}

int loop_add(struct loop *lp, int fd, uint32_t tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = tag};

	return epoll_ctl(lp->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int loop_del(struct loop *lp, int fd)
{
	return epoll_ctl(lp->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 ? -errno : 0;
}

int loop_wait(struct loop *lp, int timeout_ms, uint32_t *tag)
{
	struct epoll_event ev;
	int n;

	n = epoll_wait(lp->epfd, &ev, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 1)
		*tag = ev.data.u32;
	return n;
}

void loop_close(struct loop *lp)
{
	fd_close(lp->epfd);
	lp->epfd = -1;
}
