/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/fd.c on real descriptors: fd_close keeps errno, fd_close_from closes
 * or marks exactly the descriptors from its first one up, and fd_for_each lists the open
 * ones. Each test runs in its own forked child, so closing descriptors is harmless.
 */
#include "check.h"
#include "fd.h"

#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static bool is_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags >= 0 && (flags & FD_CLOEXEC);
}

/* Opens /dev/null at exactly fd, without close-on-exec. */
static void open_at(int fd)
{
	int tmp = open("/dev/null", O_RDONLY);

	CHECK(tmp >= 0);
	if (tmp != fd) {
		CHECK_EQ(dup2(tmp, fd), fd);
		close(tmp);
	}
	CHECK(!is_cloexec(fd));
}

TEST(close_keeps_errno)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0);
	errno = ENOTTY;
	CHECK_EQ(fd_close(fd), 0);
	CHECK_EQ(errno, ENOTTY);
	CHECK(!is_open(fd));

	/* Closing it again fails with EBADF, reported but not left in errno. */
	errno = EAGAIN;
	CHECK_EQ(fd_close(fd), -EBADF);
	CHECK_EQ(errno, EAGAIN);

	/* A negative descriptor is "nothing to close", as after a failed open. */
	errno = EIO;
	CHECK_EQ(fd_close(-1), 0);
	CHECK_EQ(fd_close(-EBADF), 0);
	CHECK_EQ(errno, EIO);
}

static const int high_fds[] = {40, 41, 57, 300};

TEST(close_from_closes_from_first_up)
{
	open_at(20);
	open_at(39);
	for (size_t i = 0; i < sizeof(high_fds) / sizeof(high_fds[0]); i++)
		open_at(high_fds[i]);
	CHECK_EQ(fd_close_from(40, false), 0);
	for (size_t i = 0; i < sizeof(high_fds) / sizeof(high_fds[0]); i++)
		CHECK(!is_open(high_fds[i]));
	CHECK(is_open(20));
	CHECK(is_open(39));
	CHECK(is_open(2)); /* check.h's pipe to the runner */
}

TEST(close_from_marks_cloexec)
{
	open_at(39);
	for (size_t i = 0; i < sizeof(high_fds) / sizeof(high_fds[0]); i++)
		open_at(high_fds[i]);
	CHECK_EQ(fd_close_from(40, true), 0);
	for (size_t i = 0; i < sizeof(high_fds) / sizeof(high_fds[0]); i++) {
		CHECK(is_open(high_fds[i]));
		CHECK(is_cloexec(high_fds[i]));
	}
	CHECK(is_open(39));
	CHECK(!is_cloexec(39));
}

/* Marked descriptors really are closed by an exec, and the others are not. */
TEST(close_from_cloexec_survives_exec_test)
{
	int status = 0;
	pid_t pid;

	open_at(39);
	open_at(40);
	open_at(41);
	CHECK_EQ(fd_close_from(40, true), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c",
		      "[ -e /proc/self/fd/39 ] && ! [ -e /proc/self/fd/40 ] && "
		      "! [ -e /proc/self/fd/41 ]",
		      (char *) NULL);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}

struct seen {
	int fds[64];
	int n;
};

static void collect(int fd, void *arg)
{
	struct seen *s = arg;

	if (s->n < 64)
		s->fds[s->n++] = fd;
}

static bool seen_has(const struct seen *s, int fd)
{
	for (int i = 0; i < s->n; i++)
		if (s->fds[i] == fd)
			return true;
	return false;
}

TEST(for_each_lists_open_fds)
{
	struct seen s = {.n = 0};

	fd_close_from(3, false);
	open_at(5);
	open_at(9);
	open_at(63);
	CHECK_EQ(fd_for_each(0, collect, &s), 0);
	/* 0, 1 and 2 may be closed by whoever ran us; 2 is the pipe to the runner. */
	CHECK(seen_has(&s, 2));
	CHECK(seen_has(&s, 5));
	CHECK(seen_has(&s, 9));
	CHECK(seen_has(&s, 63));
	for (int i = 0; i < s.n; i++) {
		/* nothing else, and not the directory descriptor it read /proc/self/fd with */
		CHECK(s.fds[i] <= 2 || s.fds[i] == 5 || s.fds[i] == 9 || s.fds[i] == 63);
		CHECK(is_open(s.fds[i]));
	}

	s.n = 0;
	CHECK_EQ(fd_for_each(6, collect, &s), 0);
	CHECK_EQ(s.n, 2);
	CHECK(seen_has(&s, 9));
	CHECK(seen_has(&s, 63));

	s.n = 0;
	CHECK_EQ(fd_for_each(64, collect, &s), 0);
	CHECK_EQ(s.n, 0);
}

/* The callback may close what it is given: the list is read before acting on it. */
static void close_it(int fd, void *arg)
{
	(*(int *) arg)++;
	fd_close(fd);
}

TEST(for_each_callback_may_close)
{
	int calls = 0;

	fd_close_from(3, false);
	for (int fd = 10; fd < 200; fd++)
		open_at(fd);
	CHECK_EQ(fd_for_each(10, close_it, &calls), 0);
	CHECK_EQ(calls, 190);
	for (int fd = 10; fd < 200; fd++)
		CHECK(!is_open(fd));
}

/*
 * Makes close_range fail with ENOSYS, as on kernels before 5.9 or under a container
 * runtime's seccomp profile, so that fd_close_from takes its /proc/self/fd fallback.
 */
static void deny_close_range(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_close_range, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};

	CHECK_EQ(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	CHECK_EQ(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0), 0);
	CHECK_EQ(sys_close_range(100, 200, 0), -ENOSYS);
}

/* Raises the soft descriptor limit to at least want, or skips. */
static void want_nofile(rlim_t want)
{
	struct rlimit rl;

	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < want) {
		if (rl.rlim_max < want)
			SKIP("RLIMIT_NOFILE hard limit too low");
		rl.rlim_cur = want;
		CHECK_EQ(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
}

TEST(close_from_without_close_range)
{
#ifndef __x86_64__
	SKIP("seccomp filter written for x86-64");
#endif
	open_at(39);
	open_at(40);
	open_at(57);
	open_at(60);
	deny_close_range();
	CHECK_EQ(fd_close_from(60, true), 0);
	CHECK(is_cloexec(60));
	CHECK(!is_cloexec(57));
	CHECK_EQ(fd_close_from(40, false), 0);
	CHECK(is_open(39));
	CHECK(!is_open(40));
	CHECK(!is_open(57));
	CHECK(!is_open(60));
}

/* More descriptors than fd_for_each's stack buffer holds: none may be left open. */
TEST(close_from_fallback_many_fds)
{
	enum { FIRST = 10, LAST = 3000 };

#ifndef __x86_64__
	SKIP("seccomp filter written for x86-64");
#endif
	want_nofile(LAST + 1);
	for (int fd = FIRST; fd <= LAST; fd++)
		open_at(fd);
	deny_close_range();
	CHECK_EQ(fd_close_from(FIRST, false), 0);
	for (int fd = FIRST; fd <= LAST; fd++)
		if (is_open(fd)) {
			fprintf(stderr, "# fd %d still open\n", fd);
			_exit(1);
		}
}

TEST(for_each_many_fds)
{
	enum { FIRST = 10, LAST = 3000 };
	int calls = 0;

	want_nofile(LAST + 1);
	fd_close_from(3, false);
	for (int fd = FIRST; fd <= LAST; fd++)
		open_at(fd);
	CHECK_EQ(fd_for_each(FIRST, close_it, &calls), 0);
	CHECK_EQ(calls, LAST - FIRST + 1);
}

CHECK_MAIN(T(close_keeps_errno), T(close_from_closes_from_first_up), T(close_from_marks_cloexec),
	   T(close_from_cloexec_survives_exec_test), T(for_each_lists_open_fds),
	   T(for_each_callback_may_close), T(close_from_without_close_range),
	   T(close_from_fallback_many_fds), T(for_each_many_fds))
