/* SPDX-License-Identifier: MIT */
/*
 * Signals tether-init's descendants when it is not PID 1 and so must never kill(-1), which
 * would reach processes outside the container. Fixed capacity, no heap.
 *
 * Why a walk of /proc: being a subreaper, tether-init inherits every orphan among its
 * descendants, but a process whose parent is alive is not its child, and process groups
 * and sessions can be left at will. The parent links in /proc/PID/stat are the one view
 * that cannot be escaped: a process is ours when its parent is ours. Each process is
 * signalled through a pidfd opened before its parent link is read a second time, so a pid
 * reused by a stranger between the two reads is never signalled.
 */
#include "init.h"
#include "dir.h"
#include "fd.h"
#include "fmt.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define KIN_MAX 8192

static pid_t kin[KIN_MAX]; /* tether-init and the descendants found so far */
static size_t kin_len;

static bool is_kin(pid_t pid)
{
	for (size_t i = 0; i < kin_len; i++)
		if (kin[i] == pid)
			return true;
	return false;
}

/* The 4th field of /proc/PID/stat; comm (2nd) may hold blanks and ')', so go from the last. */
static pid_t read_ppid(pid_t pid)
{
	char path[32], buf[512];
	char *p;
	ssize_t n;
	int fd;

	fmt_buf(path, sizeof(path), "/proc/%d/stat", (int) pid);
	fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	fd_close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || strlen(p) < 5)
		return -1;
	p += 4; /* ") S " */
	pid = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		pid = pid * 10 + (*p - '0');
	return pid;
}

static void signal_one(pid_t pid, int sig)
{
	int pidfd = sys_pidfd_open(pid, 0);

	if (pidfd == -ENOSYS) {
		kill(pid, sig);
		return;
	}
	if (pidfd < 0)
		return;
	if (is_kin(read_ppid(pid)))
		sys_pidfd_send_signal(pidfd, sig, NULL, 0);
	fd_close(pidfd);
}

struct kin_pass {
	int sig;
	size_t added;
};

/* For each pid of /proc: add and signal it when its parent is known kin. */
static void kin_visit(int pid, void *arg)
{
	struct kin_pass *pass = arg;

	if (pid <= 0 || is_kin(pid) || !is_kin(read_ppid(pid)))
		return;
	signal_one(pid, pass->sig);
	if (kin_len < KIN_MAX) {
		kin[kin_len++] = pid;
		pass->added++;
	}
}

/* One pass over /proc: adds and signals processes whose parent is known kin. */
static int kin_pass(int sig, size_t *added)
{
	struct kin_pass pass = {sig, 0};
	int dir = openat(AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (dir < 0)
		return -errno;
	r = dir_for_each_number(dir, kin_visit, &pass);
	fd_close(dir);
	*added = pass.added;
	return r;
}

int kin_signal_all(int sig)
{
	char self[16];
	ssize_t n;
	size_t added, total = 0;
	int r;

	/* /proc must show our own pid namespace, or its pids are not ours. */
	n = readlink("/proc/self", self, sizeof(self) - 1);
	if (n <= 0)
		return -ENOENT;
	self[n] = '\0';
	kin[0] = getpid();
	if (dir_parse_number(self) != kin[0])
		return -EXDEV;
	kin_len = 1;
	/* Repeat while new kin turn up: /proc lists by pid, and a child may have a lower pid. */
	do {
		added = 0;
		r = kin_pass(sig, &added);
		if (r < 0)
			return r;
		total += added;
	} while (added);
	return (int) total;
}
