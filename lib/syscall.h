/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls that libc does not wrap (or musl-gcc cannot see the UAPI headers for):
 * clone3, pidfd_open, pidfd_send_signal, close_range, openat2. Numbers from 424 on are the
 * same on every architecture but alpha; the fallbacks below are used only when the libc
 * headers are older than the kernel. Every wrapper returns the result or -errno.
 */
#ifndef LIB_SYSCALL_H
#define LIB_SYSCALL_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_close_range
#define __NR_close_range 436
#endif
#ifndef __NR_openat2
#define __NR_openat2 437
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#ifndef RESOLVE_NO_XDEV
#define RESOLVE_NO_XDEV       0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS   0x04
#define RESOLVE_BENEATH       0x08
#define RESOLVE_IN_ROOT       0x10
#endif

/* struct clone_args of linux/sched.h; its size names the version (64, 80, 88 bytes). */
struct tether_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};
#define TETHER_CLONE_ARGS_SIZE_VER0 64
#define TETHER_CLONE_ARGS_SIZE_VER1 80
#define TETHER_CLONE_ARGS_SIZE_VER2 88

/* struct open_how of linux/openat2.h. */
struct tether_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

static inline long sys_result(long r)
{
	return r < 0 ? -errno : r;
}

/*
 * Fork-like clone3: no new stack, so the child returns here as from fork(). The child must
 * not rely on libc's cached thread data (raise, abort): it only sets up and execs.
 */
static inline pid_t sys_clone3(struct tether_clone_args *args, size_t size)
{
	return (pid_t) sys_result(syscall(__NR_clone3, args, size));
}

static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int) sys_result(syscall(__NR_pidfd_open, pid, flags));
}

static inline int sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags)
{
	return (int) sys_result(syscall(__NR_pidfd_send_signal, pidfd, sig, info, flags));
}

static inline int sys_close_range(unsigned int first, unsigned int last, unsigned int flags)
{
	return (int) sys_result(syscall(__NR_close_range, first, last, flags));
}

static inline int sys_openat2(int dirfd, const char *path, struct tether_open_how *how)
{
	return (int) sys_result(syscall(__NR_openat2, dirfd, path, how, sizeof(*how)));
}

static inline int sys_pidfd_getfd(int pidfd, int fd, unsigned int flags)
{
	return (int) sys_result(syscall(__NR_pidfd_getfd, pidfd, fd, flags));
}

/*
 * SIG_DFL or SIG_IGN for sig, through rt_sigaction itself: libc's sigaction costs the static
 * init 0.6 KiB and refuses the signals it keeps for itself. The kernel's struct starts with
 * the handler on every architecture built here (not on mips); flags, restorer and mask stay
 * zero, whatever their order, and no restorer is needed for these two handlers.
 */
static inline int sys_sigaction_simple(int sig, void (*handler)(int))
{
	unsigned long ksa[4] = {(unsigned long) handler};

	return (int) sys_result(
		syscall(SYS_rt_sigaction, sig, ksa, NULL, 8 /* sigset_t of the kernel */));
}

/* fcntl(fd, F_SETFD, FD_CLOEXEC) without musl's 0.4 KiB fcntl. */
static inline int sys_set_cloexec(int fd)
{
	return (int) sys_result(syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC));
}

#endif
