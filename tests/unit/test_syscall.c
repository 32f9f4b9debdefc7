/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/syscall.h, the raw system calls: a table of clone3 arguments against
 * the result the kernel must give, each row in its own forked child; pidfds from clone3 and
 * pidfd_open used with waitid(P_PIDFD), poll and pidfd_send_signal; close_range; openat2
 * with RESOLVE_IN_ROOT in a scratch tree; and the header's fallback numbers and structs
 * against the system's UAPI headers. Rows that need root are a separate test that SKIPs.
 */
/* The system's UAPI headers first, so that their definitions, not the fallbacks, win here. */
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <linux/sched.h>

#include "check.h"
#include "proc.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>

static bool is_root(void)
{
	return geteuid() == 0;
}

static bool fd_is_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags >= 0 && (flags & FD_CLOEXEC);
}

static ino_t ns_inode(const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* ---- clone3: a table of arguments and the result each must give ---- */

enum clone_extra {
	X_NONE,
	X_TAIL_ZERO,    /* size past the struct, zero bytes there */
	X_TAIL_NONZERO, /* size past the struct, a nonzero byte there */
	X_STACK_SIZE_NO_STACK,
	X_SET_TID_SIZE_NO_TID,
	X_SET_TID_TOO_MANY, /* more levels than the kernel nests PID namespaces */
	X_SET_TID_IN_USE,   /* our own pid */
	X_SET_TID_ONE,      /* pid 1 in the new PID namespace */
	X_CGROUP_ABOVE_INT,
	X_PARENT_SETTID,
};

enum clone_verify {
	V_NONE,
	V_PID1,          /* child is pid 1, parent pid 0 */
	V_NEW_NS,        /* every namespace named in the row differs from the parent's */
	V_CLEAR_SIGHAND, /* handlers reset to default, ignored signals still ignored */
};

struct clone_case {
	const char *name;
	uint64_t flags;
	size_t size;
	uint64_t exit_signal;
	enum clone_extra extra;
	int expect; /* 0: a child is created; else -errno */
	enum clone_verify verify;
};

#define VER0 TETHER_CLONE_ARGS_SIZE_VER0
#define VER1 TETHER_CLONE_ARGS_SIZE_VER1
#define VER2 TETHER_CLONE_ARGS_SIZE_VER2

static const struct clone_case clone_unprivileged[] = {
	{"fork-like, VER0 size", 0, VER0, SIGCHLD, X_NONE, 0, V_NONE},
	{"VER1 size", 0, VER1, SIGCHLD, X_NONE, 0, V_NONE},
	{"VER2 size", 0, VER2, SIGCHLD, X_NONE, 0, V_NONE},
	{"exit_signal 0", 0, VER0, 0, X_NONE, 0, V_NONE},
	{"larger struct, zero tail", 0, VER2 + 8, SIGCHLD, X_TAIL_ZERO, 0, V_NONE},
	{"larger struct, nonzero tail", 0, VER2 + 8, SIGCHLD, X_TAIL_NONZERO, -E2BIG, V_NONE},
	{"size above a page", 0, 4097, SIGCHLD, X_NONE, -E2BIG, V_NONE},
	{"size below VER0", 0, VER0 - 8, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"size 0", 0, 0, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"unknown flag bit 34", 1ULL << 34, VER2, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"unknown flag bit 63", 1ULL << 63, VER2, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"exit signal in flags (CSIGNAL)", SIGCHLD, VER0, 0, X_NONE, -EINVAL, V_NONE},
	{"CLONE_DETACHED", 0x00400000, VER0, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"exit_signal 65", 0, VER0, 65, X_NONE, -EINVAL, V_NONE},
	{"exit_signal beyond CSIGNAL", 0, VER0, 0x100 | SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"CLONE_THREAD without CLONE_SIGHAND", CLONE_THREAD, VER0, 0, X_NONE, -EINVAL, V_NONE},
	{"CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND, VER0, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"CLONE_CLEAR_SIGHAND with CLONE_SIGHAND", CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM,
	 VER0, SIGCHLD, X_NONE, -EINVAL, V_NONE},
	{"CLONE_CLEAR_SIGHAND", CLONE_CLEAR_SIGHAND, VER0, SIGCHLD, X_NONE, 0, V_CLEAR_SIGHAND},
	{"CLONE_NEWUSER with CLONE_FS", CLONE_NEWUSER | CLONE_FS, VER0, SIGCHLD, X_NONE, -EINVAL,
	 V_NONE},
	{"CLONE_NEWNS with CLONE_FS", CLONE_NEWNS | CLONE_FS, VER0, SIGCHLD, X_NONE, -EINVAL,
	 V_NONE},
	{"stack_size without stack", 0, VER0, SIGCHLD, X_STACK_SIZE_NO_STACK, -EINVAL, V_NONE},
	{"set_tid_size without set_tid", 0, VER1, SIGCHLD, X_SET_TID_SIZE_NO_TID, -EINVAL, V_NONE},
	{"set_tid_size above 32 levels", 0, VER1, SIGCHLD, X_SET_TID_TOO_MANY, -EINVAL, V_NONE},
	{"CLONE_INTO_CGROUP with VER1 size", CLONE_INTO_CGROUP, VER1, SIGCHLD, X_NONE, -EINVAL,
	 V_NONE},
	{"CLONE_INTO_CGROUP, cgroup above INT_MAX", CLONE_INTO_CGROUP, VER2, SIGCHLD,
	 X_CGROUP_ABOVE_INT, -EINVAL, V_NONE},
	{"CLONE_PARENT_SETTID", CLONE_PARENT_SETTID, VER0, SIGCHLD, X_PARENT_SETTID, 0, V_NONE},
	{"CLONE_PIDFD", CLONE_PIDFD, VER0, SIGCHLD, X_NONE, 0, V_NONE},
	{"CLONE_PIDFD with CLONE_DETACHED", CLONE_PIDFD | 0x00400000, VER0, SIGCHLD, X_NONE,
	 -EINVAL, V_NONE},
};

static const struct clone_case clone_root[] = {
	{"CLONE_NEWPID", CLONE_NEWPID, VER0, SIGCHLD, X_NONE, 0, V_PID1},
	{"CLONE_NEWUTS", CLONE_NEWUTS, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"CLONE_NEWIPC", CLONE_NEWIPC, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"CLONE_NEWNS", CLONE_NEWNS, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"CLONE_NEWNET", CLONE_NEWNET, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"CLONE_NEWCGROUP", CLONE_NEWCGROUP, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"CLONE_NEWUSER", CLONE_NEWUSER, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"CLONE_NEWTIME", CLONE_NEWTIME, VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"all namespaces with CLONE_PIDFD",
	 CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWCGROUP |
		 CLONE_NEWUSER | CLONE_PIDFD,
	 VER0, SIGCHLD, X_NONE, 0, V_NEW_NS},
	{"set_tid 1 in a new PID namespace", CLONE_NEWPID, VER1, SIGCHLD, X_SET_TID_ONE, 0, V_PID1},
	{"set_tid of a pid in use", 0, VER1, SIGCHLD, X_SET_TID_IN_USE, -EEXIST, V_NONE},
};

static const struct {
	uint64_t flag;
	const char *ns;
} ns_files[] = {
	{CLONE_NEWPID, "pid_for_children"},
	{CLONE_NEWUTS, "uts"},
	{CLONE_NEWIPC, "ipc"},
	{CLONE_NEWNS, "mnt"},
	{CLONE_NEWNET, "net"},
	{CLONE_NEWCGROUP, "cgroup"},
	{CLONE_NEWUSER, "user"},
	{CLONE_NEWTIME, "time_for_children"},
};

static void ignore_signal(int sig)
{
	(void) sig;
}

/* In the clone3 child: returns the exit code that says whether the row held. */
static int verify_child(const struct clone_case *c, const ino_t *parent_ns)
{
	struct sigaction sa;

	switch (c->verify) {
	case V_NONE:
		return 0;
	case V_PID1:
		return getpid() == 1 && getppid() == 0 ? 0 : 10;
	case V_NEW_NS:
		for (size_t i = 0; i < sizeof(ns_files) / sizeof(ns_files[0]); i++) {
			const char *ns = ns_files[i].ns;

			/* the child itself is not in its new PID and time namespaces */
			if (ns_files[i].flag == CLONE_NEWPID)
				ns = "pid";
			if (ns_files[i].flag == CLONE_NEWTIME)
				ns = "time";
			if ((c->flags & ns_files[i].flag) && ns_inode(ns) == parent_ns[i])
				return 20 + (int) i;
		}
		return 0;
	case V_CLEAR_SIGHAND:
		if (sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
			return 30;
		if (sigaction(SIGUSR2, NULL, &sa) < 0 || sa.sa_handler != SIG_IGN)
			return 31;
		return 0;
	}
	return 99;
}

/* Runs one row; returns 0 when it held, else prints why and returns 1. */
static int run_clone_case(const struct clone_case *c)
{
	struct {
		struct tether_clone_args a;
		uint64_t tail[8];
	} args;
	ino_t parent_ns[sizeof(ns_files) / sizeof(ns_files[0])];
	pid_t tids[40] = {0}, parent_tid = 0;
	int pidfd = -1, status = 0;
	pid_t pid;

	memset(&args, 0, sizeof(args));
	args.a.flags = c->flags;
	args.a.exit_signal = c->exit_signal;
	if (c->flags & CLONE_PIDFD)
		args.a.pidfd = (uint64_t) (uintptr_t) &pidfd;
	switch (c->extra) {
	case X_NONE:
		break;
	case X_TAIL_ZERO:
		break;
	case X_TAIL_NONZERO:
		args.tail[0] = 1;
		break;
	case X_STACK_SIZE_NO_STACK:
		args.a.stack_size = 65536;
		break;
	case X_SET_TID_SIZE_NO_TID:
		args.a.set_tid_size = 1;
		break;
	case X_SET_TID_TOO_MANY:
		args.a.set_tid = (uint64_t) (uintptr_t) tids;
		args.a.set_tid_size = 33;
		for (int i = 0; i < 33; i++)
			tids[i] = 1;
		break;
	case X_SET_TID_IN_USE:
		tids[0] = getpid();
		args.a.set_tid = (uint64_t) (uintptr_t) tids;
		args.a.set_tid_size = 1;
		break;
	case X_SET_TID_ONE:
		tids[0] = 1;
		args.a.set_tid = (uint64_t) (uintptr_t) tids;
		args.a.set_tid_size = 1;
		break;
	case X_CGROUP_ABOVE_INT:
		args.a.cgroup = (uint64_t) INT_MAX + 1;
		break;
	case X_PARENT_SETTID:
		args.a.parent_tid = (uint64_t) (uintptr_t) &parent_tid;
		break;
	}
	for (size_t i = 0; i < sizeof(ns_files) / sizeof(ns_files[0]); i++)
		parent_ns[i] = ns_inode(ns_files[i].ns);

	pid = sys_clone3(&args.a, c->size);
	if (pid == 0)
		_exit(verify_child(c, parent_ns));
	if (pid < 0 || c->expect < 0) {
		if (pid >= 0)
			waitpid(pid, NULL, __WALL);
		if (pid != c->expect) {
			fprintf(stderr, "# clone3 %s: got %d (%s), expected %d\n", c->name, pid,
				pid < 0 ? strerror(-pid) : "a child", c->expect);
			return 1;
		}
		return 0;
	}
	/* exit_signal 0: no SIGCHLD, so only __WALL finds the child */
	if (waitpid(pid, &status, __WALL) != pid || proc_exit_code(status) != 0) {
		fprintf(stderr, "# clone3 %s: child check failed, exit %d\n", c->name,
			proc_exit_code(status));
		return 1;
	}
	if (c->extra == X_PARENT_SETTID && parent_tid != pid) {
		fprintf(stderr, "# clone3 %s: parent_tid %d, child %d\n", c->name, parent_tid, pid);
		return 1;
	}
	if ((c->flags & CLONE_PIDFD) && (pidfd < 0 || !fd_is_cloexec(pidfd))) {
		fprintf(stderr, "# clone3 %s: pidfd %d missing or not close-on-exec\n", c->name,
			pidfd);
		return 1;
	}
	if (pidfd >= 0)
		close(pidfd);
	return 0;
}

/* Each row in a forked child of its own, so one row cannot disturb the next. */
static void run_clone_table(const struct clone_case *cases, size_t n)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		int status = 0;
		pid_t pid = fork();

		CHECK(pid >= 0);
		if (pid == 0) {
			/* for V_CLEAR_SIGHAND: one handler to clear, one ignored signal to keep */
			signal(SIGUSR1, ignore_signal);
			signal(SIGUSR2, SIG_IGN);
			_exit(run_clone_case(&cases[i]));
		}
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "# clone3 row \"%s\" failed (status %#x)\n", cases[i].name,
				status);
			failed++;
		}
	}
	CHECK_EQ(failed, 0);
}

TEST(clone3_table)
{
	run_clone_table(clone_unprivileged,
			sizeof(clone_unprivileged) / sizeof(clone_unprivileged[0]));
}

TEST(clone3_namespace_table)
{
	if (!is_root())
		SKIP("clone3 namespace rows need root");
	run_clone_table(clone_root, sizeof(clone_root) / sizeof(clone_root[0]));
}

/* ---- pidfds ---- */

/* A child that waits for EOF on gate, then exits with code; returns its pid. */
static pid_t spawn_waiting(const int gate[2], int code)
{
	pid_t pid = fork();

	if (pid == 0) {
		char c;

		close(gate[1]);
		while (read(gate[0], &c, 1) > 0)
			;
		_exit(code);
	}
	return pid;
}

TEST(clone3_pidfd_signal_poll_waitid)
{
	struct tether_clone_args args;
	struct pollfd pfd;
	siginfo_t si;
	int pidfd = -1, gate[2];
	pid_t pid;

	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD;
	args.pidfd = (uint64_t) (uintptr_t) &pidfd;
	args.exit_signal = SIGCHLD;
	pid = sys_clone3(&args, sizeof(args));
	CHECK(pid >= 0);
	if (pid == 0) {
		char c;

		close(gate[1]);
		while (read(gate[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(gate[0]);
	CHECK(pidfd >= 0);
	CHECK(fd_is_cloexec(pidfd));

	/* alive: not readable */
	pfd = (struct pollfd){.fd = pidfd, .events = POLLIN};
	CHECK_EQ(poll(&pfd, 1, 0), 0);

	/* a siginfo-less signal with unknown flags is refused */
	CHECK_EQ(sys_pidfd_send_signal(pidfd, SIGTERM, NULL, 1U << 30), -EINVAL);
	CHECK_EQ(sys_pidfd_send_signal(pidfd, SIGTERM, NULL, 0), 0);
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK(pfd.revents & POLLIN);

	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid((idtype_t) P_PIDFD, (id_t) pidfd, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGTERM);

	/* reaped: the pidfd stays valid, the process is gone */
	CHECK_EQ(sys_pidfd_send_signal(pidfd, SIGTERM, NULL, 0), -ESRCH);
	CHECK_EQ(waitid((idtype_t) P_PIDFD, (id_t) pidfd, &si, WEXITED | WNOHANG), -1);
	CHECK_EQ(errno, ECHILD);
	close(pidfd);
	close(gate[1]);
}

TEST(pidfd_open_child)
{
	siginfo_t si;
	int gate[2], pidfd;
	pid_t pid;

	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	pid = spawn_waiting(gate, 0);
	CHECK(pid > 0);
	close(gate[0]);
	pidfd = sys_pidfd_open(pid, 0);
	CHECK(pidfd >= 0);
	CHECK(fd_is_cloexec(pidfd));
	CHECK_EQ(sys_pidfd_send_signal(pidfd, SIGKILL, NULL, 0), 0);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid((idtype_t) P_PIDFD, (id_t) pidfd, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGKILL);
	close(pidfd);
	close(gate[1]);
}

/* A child that already exited but is not reaped yet still has a pidfd, and it is ready. */
TEST(pidfd_open_zombie)
{
	siginfo_t si;
	struct pollfd pfd;
	int pidfd;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(42);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, (id_t) pid, &si, WEXITED | WNOWAIT), 0);
	pidfd = sys_pidfd_open(pid, 0);
	CHECK(pidfd >= 0);
	pfd = (struct pollfd){.fd = pidfd, .events = POLLIN};
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(waitid((idtype_t) P_PIDFD, (id_t) pidfd, &si, WEXITED), 0);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 42);
	close(pidfd);
}

TEST(pidfd_open_errors)
{
	pid_t pid = fork();
	int fd;

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(0);
	CHECK_EQ(waitpid(pid, NULL, 0), pid);
	/* reaped: no such process (pids are not reused this fast: pid_max is far away) */
	CHECK_EQ(sys_pidfd_open(pid, 0), -ESRCH);
	CHECK_EQ(sys_pidfd_open(-1, 0), -EINVAL);
	CHECK_EQ(sys_pidfd_open(0, 0), -EINVAL);
	CHECK_EQ(sys_pidfd_open(getpid(), 1U << 20), -EINVAL);

	/* signalling through something that is not a pidfd */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_EQ(sys_pidfd_send_signal(fd, SIGTERM, NULL, 0), -EBADF);
	CHECK_EQ(sys_pidfd_send_signal(-1, SIGTERM, NULL, 0), -EBADF);
	close(fd);
}

/* PIDFD_NONBLOCK (O_NONBLOCK): waitid on a running child says EAGAIN, not "nothing". */
TEST(pidfd_nonblock_waitid)
{
	siginfo_t si;
	int gate[2], pidfd;
	pid_t pid;

	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	pid = spawn_waiting(gate, 5);
	CHECK(pid > 0);
	close(gate[0]);
	pidfd = sys_pidfd_open(pid, O_NONBLOCK);
	CHECK(pidfd >= 0);
	memset(&si, 0, sizeof(si));
	errno = 0;
	CHECK_EQ(waitid((idtype_t) P_PIDFD, (id_t) pidfd, &si, WEXITED), -1);
	CHECK_EQ(errno, EAGAIN);
	close(gate[1]);
	CHECK_EQ(waitpid(pid, NULL, 0), pid);
	close(pidfd);
}

TEST(pidfd_getfd_copies_a_childs_descriptor)
{
	char dir[] = "/tmp/tether-test-getfd-XXXXXX", path[64];
	int gate[2], report[2], pidfd, child_fd = -1, fd;
	struct stat want, got;
	pid_t pid;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/file", dir);
	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	CHECK_EQ(pipe2(report, O_CLOEXEC), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char c;
		int own = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

		close(gate[1]);
		if (own < 0 || write(report[1], &own, sizeof(own)) != sizeof(own))
			_exit(1);
		while (read(gate[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(gate[0]);
	close(report[1]);
	CHECK_EQ(read(report[0], &child_fd, sizeof(child_fd)), sizeof(child_fd));
	pidfd = sys_pidfd_open(pid, 0);
	CHECK(pidfd >= 0);

	CHECK_EQ(sys_pidfd_getfd(pidfd, child_fd, 1), -EINVAL);
	CHECK_EQ(sys_pidfd_getfd(pidfd, 1000, 0), -EBADF);
	fd = sys_pidfd_getfd(pidfd, child_fd, 0);
	if (fd == -EPERM)
		SKIP("pidfd_getfd not permitted (ptrace restrictions)");
	CHECK(fd >= 0);
	CHECK(fd_is_cloexec(fd));
	CHECK_EQ(stat(path, &want), 0);
	CHECK_EQ(fstat(fd, &got), 0);
	CHECK_EQ(got.st_ino, want.st_ino);
	CHECK_EQ(got.st_dev, want.st_dev);

	close(gate[1]);
	CHECK_EQ(waitpid(pid, NULL, 0), pid);
	close(fd);
	unlink(path);
	CHECK_EQ(rmdir(dir), 0);
}

/* ---- close_range ---- */

static void open_at(int fd)
{
	int tmp = open("/dev/null", O_RDONLY);

	CHECK(tmp >= 0);
	if (tmp != fd) {
		CHECK_EQ(dup2(tmp, fd), fd);
		close(tmp);
	}
}

TEST(close_range_cloexec_and_close)
{
	open_at(49);
	open_at(50);
	open_at(51);
	open_at(52);
	CHECK(!fd_is_cloexec(50));
	CHECK_EQ(sys_close_range(50, 51, CLOSE_RANGE_CLOEXEC), 0);
	CHECK(fd_is_cloexec(50));
	CHECK(fd_is_cloexec(51));
	CHECK(!fd_is_cloexec(49));
	CHECK(!fd_is_cloexec(52));
	CHECK_EQ(sys_close_range(50, 51, 0), 0);
	CHECK_EQ(fcntl(50, F_GETFD), -1);
	CHECK_EQ(fcntl(51, F_GETFD), -1);
	CHECK(fcntl(49, F_GETFD) >= 0);
	CHECK(fcntl(52, F_GETFD) >= 0);
	/* an empty stretch is fine; a reversed one or an unknown flag is not */
	CHECK_EQ(sys_close_range(1000, 2000, 0), 0);
	CHECK_EQ(sys_close_range(60, 50, 0), -EINVAL);
	CHECK_EQ(sys_close_range(50, 60, 1U << 10), -EINVAL);
}

/*
 * With a descriptor table shared through CLONE_FILES, a plain close_range in the child
 * closes the parent's descriptors too; CLOSE_RANGE_UNSHARE gives the child its own table
 * first, as a child between clone and exec needs.
 */
static int close_in_shared_child(unsigned int fd, unsigned int flags)
{
	struct tether_clone_args args;
	int status = 0;
	pid_t pid;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_FILES;
	args.exit_signal = SIGCHLD;
	pid = sys_clone3(&args, sizeof(args));
	if (pid == 0)
		_exit(sys_close_range(fd, fd, flags) == 0 && fcntl((int) fd, F_GETFD) < 0 ? 0 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return proc_exit_code(status);
}

TEST(close_range_unshare)
{
	open_at(70);
	open_at(71);
	CHECK_EQ(close_in_shared_child(70, 0), 0);
	CHECK_EQ(fcntl(70, F_GETFD), -1); /* gone here too: the table is shared */
	CHECK_EQ(close_in_shared_child(71, CLOSE_RANGE_UNSHARE), 0);
	CHECK(fcntl(71, F_GETFD) >= 0); /* still ours */
}

/* ---- openat2 ---- */

struct tree {
	char root[64];
	int rootfd;
};

static void make_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, text, strlen(text)), (ssize_t) strlen(text));
	close(fd);
}

/*
 * root/etc/passwd says "inside"; root/abs -> /etc/passwd and root/rel -> ../../../etc/passwd
 * point at the host's file unless resolution is confined to root.
 */
static void make_tree(struct tree *t)
{
	char p[128];

	snprintf(t->root, sizeof(t->root), "/tmp/tether-test-openat2-XXXXXX");
	CHECK(mkdtemp(t->root) != NULL);
	snprintf(p, sizeof(p), "%s/etc", t->root);
	CHECK_EQ(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/sub", t->root);
	CHECK_EQ(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/etc/passwd", t->root);
	make_file(p, "inside\n");
	snprintf(p, sizeof(p), "%s/abs", t->root);
	CHECK_EQ(symlink("/etc/passwd", p), 0);
	snprintf(p, sizeof(p), "%s/sub/rel", t->root);
	CHECK_EQ(symlink("../../../../../../etc/passwd", p), 0);
	t->rootfd = open(t->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	CHECK(t->rootfd >= 0);
}

static void remove_tree(struct tree *t)
{
	static const char *const entries[] = {"etc/passwd", "abs", "sub/rel"};
	char p[128];

	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", t->root, entries[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/etc", t->root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/sub", t->root);
	rmdir(p);
	close(t->rootfd);
	CHECK_EQ(rmdir(t->root), 0);
}

struct open_case {
	const char *path;
	uint64_t flags, mode, resolve;
	int expect; /* 1: opens root/etc/passwd; 2: opens the host's; else -errno */
};

static const struct open_case open_cases[] = {
	{"etc/passwd", O_RDONLY, 0, RESOLVE_IN_ROOT, 1},
	{"abs", O_RDONLY, 0, RESOLVE_IN_ROOT, 1},
	{"sub/rel", O_RDONLY, 0, RESOLVE_IN_ROOT, 1},
	{"../../../../etc/passwd", O_RDONLY, 0, RESOLVE_IN_ROOT, 1},
	{"sub/../../etc/passwd", O_RDONLY, 0, RESOLVE_IN_ROOT, 1},
	{"/etc/passwd", O_RDONLY, 0, RESOLVE_IN_ROOT, 1},
	{"abs", O_RDONLY, 0, 0, 2},
	{"sub/rel", O_RDONLY, 0, 0, 2},
	{"abs", O_RDONLY, 0, RESOLVE_BENEATH, -EXDEV},
	{"../etc/passwd", O_RDONLY, 0, RESOLVE_BENEATH, -EXDEV},
	{"etc/passwd", O_RDONLY, 0, RESOLVE_BENEATH, 1},
	{"abs", O_RDONLY, 0, RESOLVE_NO_SYMLINKS | RESOLVE_IN_ROOT, -ELOOP},
	{"etc/passwd", O_RDONLY, 0, 1ULL << 40, -EINVAL},
	{"etc/passwd", O_RDONLY, 0644, RESOLVE_IN_ROOT, -EINVAL}, /* mode without O_CREAT */
	{"etc/passwd", 1ULL << 40, 0, RESOLVE_IN_ROOT, -EINVAL},
	{"missing", O_RDONLY, 0, RESOLVE_IN_ROOT, -ENOENT},
};

static void run_open_cases(const struct tree *t)
{
	for (size_t i = 0; i < sizeof(open_cases) / sizeof(open_cases[0]); i++) {
		const struct open_case *c = &open_cases[i];
		struct tether_open_how how = {c->flags | O_CLOEXEC, c->mode, c->resolve};
		char text[64] = "";
		int fd = sys_openat2(t->rootfd, c->path, &how), got = fd;

		if (fd >= 0) {
			ssize_t n = read(fd, text, sizeof(text) - 1);

			text[n > 0 ? n : 0] = '\0';
			got = strcmp(text, "inside\n") == 0 ? 1 : 2;
			close(fd);
		}
		if (got != c->expect) {
			fprintf(stderr, "# openat2(\"%s\", resolve %#llx) = %d, expected %d\n",
				c->path, (unsigned long long) c->resolve, got, c->expect);
			_exit(1);
		}
	}
}

TEST(openat2_resolve_in_root)
{
	struct tree t;
	int status = 0;
	pid_t pid;

	make_tree(&t);
	/* the rows in a child, so that the tree is removed whichever row fails */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		run_open_cases(&t);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	remove_tree(&t);
	CHECK_EQ(proc_exit_code(status), 0);
}

/* The size argument names the struct version: below the first one is refused. */
TEST(openat2_size)
{
	struct tether_open_how how = {O_RDONLY | O_CLOEXEC, 0, 0};
	struct {
		struct tether_open_how how;
		uint64_t tail;
	} big = {{O_RDONLY | O_CLOEXEC, 0, 0}, 1};
	long r;

	r = syscall(__NR_openat2, AT_FDCWD, "/", &how, 16);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EINVAL);
	r = syscall(__NR_openat2, AT_FDCWD, "/", &big, sizeof(big));
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, E2BIG);
	big.tail = 0;
	r = syscall(__NR_openat2, AT_FDCWD, "/", &big, sizeof(big));
	CHECK(r >= 0);
	close((int) r);
}

/* ---- the header's fallbacks against the system's UAPI headers ---- */

struct uapi_value {
	const char *name;
	unsigned long long value;
};

/* What the kernel's headers say; every fallback in lib/syscall.h must be listed here. */
static const struct uapi_value uapi_values[] = {
#ifdef SYS_pidfd_send_signal
	{"__NR_pidfd_send_signal", SYS_pidfd_send_signal},
#endif
#ifdef SYS_pidfd_open
	{"__NR_pidfd_open", SYS_pidfd_open},
#endif
#ifdef SYS_clone3
	{"__NR_clone3", SYS_clone3},
#endif
#ifdef SYS_close_range
	{"__NR_close_range", SYS_close_range},
#endif
#ifdef SYS_openat2
	{"__NR_openat2", SYS_openat2},
#endif
#ifdef SYS_pidfd_getfd
	{"__NR_pidfd_getfd", SYS_pidfd_getfd},
#endif
	{"CLONE_PIDFD", CLONE_PIDFD},
	{"CLONE_NEWTIME", CLONE_NEWTIME},
	{"CLONE_NEWCGROUP", CLONE_NEWCGROUP},
	{"CLONE_CLEAR_SIGHAND", CLONE_CLEAR_SIGHAND},
	{"CLONE_INTO_CGROUP", CLONE_INTO_CGROUP},
	{"CLOSE_RANGE_UNSHARE", CLOSE_RANGE_UNSHARE},
	{"CLOSE_RANGE_CLOEXEC", CLOSE_RANGE_CLOEXEC},
	{"P_PIDFD", 3}, /* linux/wait.h clashes with glibc's sys/wait.h; waitid(2) says 3 */
	{"RESOLVE_NO_XDEV", RESOLVE_NO_XDEV},
	{"RESOLVE_NO_MAGICLINKS", RESOLVE_NO_MAGICLINKS},
	{"RESOLVE_NO_SYMLINKS", RESOLVE_NO_SYMLINKS},
	{"RESOLVE_BENEATH", RESOLVE_BENEATH},
	{"RESOLVE_IN_ROOT", RESOLVE_IN_ROOT},
	{"TETHER_CLONE_ARGS_SIZE_VER0", CLONE_ARGS_SIZE_VER0},
	{"TETHER_CLONE_ARGS_SIZE_VER1", CLONE_ARGS_SIZE_VER1},
	{"TETHER_CLONE_ARGS_SIZE_VER2", CLONE_ARGS_SIZE_VER2},
};

/* "0x10", "424", "0x100000000ULL" or "(1U << 2)"; returns false for anything else. */
static bool parse_define_value(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long shift;

	if (sscanf(s, "(1U << %llu)", &shift) == 1 && shift < 64) {
		*out = 1ULL << shift;
		return true;
	}
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	end += strspn(end, "ULul");
	return *end == '\0' || *end == ' ' || *end == '\t' || *end == '\n' || *end == '/';
}

/* lib/syscall.h beside our binary's tree: $TETHER_TOP, else build/tests/unit/../../.. */
static FILE *open_header(void)
{
	char path[PATH_MAX + 32], exe[PATH_MAX];
	const char *top = getenv("TETHER_TOP");
	ssize_t n;

	if (top) {
		snprintf(path, sizeof(path), "%s/lib/syscall.h", top);
		return fopen(path, "re");
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');

		if (!slash)
			return NULL;
		*slash = '\0';
	}
	snprintf(path, sizeof(path), "%s/lib/syscall.h", exe);
	return fopen(path, "re");
}

TEST(fallback_numbers_match_uapi)
{
	bool found[sizeof(uapi_values) / sizeof(uapi_values[0])] = {false};
	char line[256];
	int checked = 0;
	FILE *f = open_header();

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f)) {
		char name[64], value[64];
		unsigned long long v;
		size_t i;

		if (sscanf(line, " #define %63s %63[^\n]", name, value) != 2 ||
		    strcmp(name, "LIB_SYSCALL_H") == 0)
			continue;
		if (!parse_define_value(value, &v)) {
			fprintf(stderr, "# lib/syscall.h: cannot read %s = %s\n", name, value);
			_exit(1);
		}
		for (i = 0; i < sizeof(uapi_values) / sizeof(uapi_values[0]); i++)
			if (strcmp(uapi_values[i].name, name) == 0)
				break;
		if (i == sizeof(uapi_values) / sizeof(uapi_values[0])) {
			/* a system call number the libc headers here do not know yet */
			if (strncmp(name, "__NR_", 5) == 0)
				continue;
			fprintf(stderr, "# lib/syscall.h: %s has no UAPI value to check\n", name);
			_exit(1);
		}
		if (v != uapi_values[i].value) {
			fprintf(stderr, "# lib/syscall.h: %s is %#llx, the UAPI says %#llx\n", name,
				v, uapi_values[i].value);
			_exit(1);
		}
		found[i] = true;
		checked++;
	}
	fclose(f);
	for (size_t i = 0; i < sizeof(uapi_values) / sizeof(uapi_values[0]); i++)
		if (!found[i]) {
			fprintf(stderr, "# lib/syscall.h: no definition of %s\n",
				uapi_values[i].name);
			_exit(1);
		}
	CHECK(checked >= 20);
}

#define SAME_FIELD(ours, theirs, field)                                                 \
	do {                                                                            \
		CHECK_EQ(offsetof(struct ours, field), offsetof(struct theirs, field)); \
		CHECK_EQ(sizeof(((struct ours *) 0)->field),                            \
			 sizeof(((struct theirs *) 0)->field));                         \
	} while (0)

TEST(structs_match_uapi)
{
	CHECK_EQ(sizeof(struct tether_clone_args), sizeof(struct clone_args));
	CHECK_EQ(sizeof(struct tether_clone_args), TETHER_CLONE_ARGS_SIZE_VER2);
	SAME_FIELD(tether_clone_args, clone_args, flags);
	SAME_FIELD(tether_clone_args, clone_args, pidfd);
	SAME_FIELD(tether_clone_args, clone_args, child_tid);
	SAME_FIELD(tether_clone_args, clone_args, parent_tid);
	SAME_FIELD(tether_clone_args, clone_args, exit_signal);
	SAME_FIELD(tether_clone_args, clone_args, stack);
	SAME_FIELD(tether_clone_args, clone_args, stack_size);
	SAME_FIELD(tether_clone_args, clone_args, tls);
	SAME_FIELD(tether_clone_args, clone_args, set_tid);
	SAME_FIELD(tether_clone_args, clone_args, set_tid_size);
	SAME_FIELD(tether_clone_args, clone_args, cgroup);
	CHECK_EQ(offsetof(struct tether_clone_args, set_tid), CLONE_ARGS_SIZE_VER0);
	CHECK_EQ(offsetof(struct tether_clone_args, cgroup), CLONE_ARGS_SIZE_VER1);

	CHECK_EQ(sizeof(struct tether_open_how), sizeof(struct open_how));
	SAME_FIELD(tether_open_how, open_how, flags);
	SAME_FIELD(tether_open_how, open_how, mode);
	SAME_FIELD(tether_open_how, open_how, resolve);
}

/* The wrappers return -errno and leave the plain value alone. */
TEST(wrappers_return_minus_errno)
{
	errno = 0;
	CHECK_EQ(sys_pidfd_open(-5, 0), -EINVAL);
	CHECK_EQ(sys_close_range(5, 4, 0), -EINVAL);
	CHECK_EQ(sys_clone3(&(struct tether_clone_args){0}, 8), -EINVAL);
	CHECK_EQ(sys_result(7), 7);
}

CHECK_MAIN(T(clone3_table), T(clone3_namespace_table), T(clone3_pidfd_signal_poll_waitid),
	   T(pidfd_open_child), T(pidfd_open_zombie), T(pidfd_open_errors),
	   T(pidfd_nonblock_waitid), T(pidfd_getfd_copies_a_childs_descriptor),
	   T(close_range_cloexec_and_close), T(close_range_unshare), T(openat2_resolve_in_root),
	   T(openat2_size), T(fallback_numbers_match_uapi), T(structs_match_uapi),
	   T(wrappers_return_minus_errno))
