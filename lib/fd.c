/* SPDX-License-Identifier: MIT */
/* fd.h: close_range with fallbacks that need neither heap nor stdio. */
#include "fd.h"
#include "dir.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

int fd_close(int fd)
{
	int saved = errno, r = 0;

	if (fd < 0)
		return 0;
	if (close(fd) < 0 && errno != EINTR)
		r = -errno;
	errno = saved;
	return r;
}

struct fd_batch {
	int fds[1024];
	size_t count;
	unsigned int first;
	int dir;
	void (*fn)(int fd, void *arg);
	void *arg;
};

static void batch_flush(struct fd_batch *b)
{
	for (size_t i = 0; i < b->count; i++)
		b->fn(b->fds[i], b->arg);
	b->count = 0;
}

/*
 * Collect first, act after, a batch at a time. Acting on a full batch before reading on is
 * safe: /proc/self/fd positions are descriptor numbers, so closing those below the
 * position skips nothing.
 */
static void batch_add(int fd, void *arg)
{
	struct fd_batch *b = arg;

	if ((unsigned int) fd < b->first || fd == b->dir)
		return;
	if (b->count == sizeof(b->fds) / sizeof(b->fds[0]))
		batch_flush(b);
	b->fds[b->count++] = fd;
}

int fd_for_each(unsigned int first, void (*fn)(int fd, void *arg), void *arg)
{
	struct fd_batch b = {.first = first, .fn = fn, .arg = arg};
	int r;

	b.dir = openat(AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (b.dir < 0)
		return -errno;
	r = dir_for_each_number(b.dir, batch_add, &b);
	fd_close(b.dir);
	if (r < 0)
		return r;
	batch_flush(&b);
	return 0;
}

static void close_or_mark(int fd, void *arg)
{
	if (*(bool *) arg)
		sys_set_cloexec(fd);
	else
		fd_close(fd);
}

int fd_close_from(unsigned int first, bool cloexec)
{
	struct rlimit rl;

	if (sys_close_range(first, ~0U, cloexec ? CLOSE_RANGE_CLOEXEC : 0) == 0)
		return 0;
	if (fd_for_each(first, close_or_mark, &cloexec) == 0)
		return 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	for (rlim_t fd = first; fd < rl.rlim_cur && fd < 65536; fd++)
		close_or_mark((int) fd, &cloexec);
	return 0;
}
