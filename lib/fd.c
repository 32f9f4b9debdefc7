/* SPDX-License-Identifier: MIT */
/* fd.h: close_range with fallbacks that need neither heap nor stdio. */
#include "fd.h"
#include "syscall.h"

#include <dirent.h>
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

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int parse_fd_name(const char *s)
{
	int v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int fd_for_each(unsigned int first, void (*fn)(int fd, void *arg), void *arg)
{
	/*
	 * Collect first, act after, a batch at a time. Acting on a full batch before reading
	 * on is safe: /proc/self/fd positions are descriptor numbers, so closing those below
	 * the position skips nothing.
	 */
	int fds[1024];
	char buf[4096] __attribute__((aligned(8)));
	size_t count = 0;
	long n;
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return -errno;
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *) (buf + off);
			int fd = parse_fd_name(d->d_name);

			off += d->d_reclen;
			if (fd < 0 || (unsigned int) fd < first || fd == dir)
				continue;
			if (count == sizeof(fds) / sizeof(fds[0])) {
				for (size_t i = 0; i < count; i++)
					fn(fds[i], arg);
				count = 0;
			}
			fds[count++] = fd;
		}
	}
	fd_close(dir);
	if (n < 0)
		return -errno;
	for (size_t i = 0; i < count; i++)
		fn(fds[i], arg);
	return 0;
}

static void close_or_mark(int fd, void *arg)
{
	if (*(bool *) arg)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
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
