/* SPDX-License-Identifier: MIT */
/*
 * clone.h: clone3, then clone(2), as the seeds' lxc_raw_clone. The child returns like
 * from fork() on the parent's stack copy; it must only set up and exec.
 */
#include "clone.h"
#include "syscall.h"

#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

/* Into the cgroup when there is one: the bigger clone_args, and the flag. */
static size_t with_cgroup(struct tether_clone_args *args, int cgroup_fd, bool *placed)
{
	if (cgroup_fd < 0)
		return TETHER_CLONE_ARGS_SIZE_VER0;
	args->flags |= CLONE_INTO_CGROUP;
	args->cgroup = (uint64_t) cgroup_fd;
	*placed = true;
	return TETHER_CLONE_ARGS_SIZE_VER2;
}

static void without_cgroup(struct tether_clone_args *args, bool *placed)
{
	args->flags &= ~(uint64_t) CLONE_INTO_CGROUP;
	args->cgroup = 0;
	if (placed)
		*placed = false;
}

static pid_t raw_clone2(unsigned long flags, int *parent_tid)
{
	/*
	 * The parent_tid pointer is the third argument on every ABI but s390's, which swaps
	 * the first two; child_tid and tls are unused (0) so their order does not matter.
	 */
#if defined(__s390__) || defined(__CRIS__)
	return (pid_t) sys_result(syscall(SYS_clone, 0UL, flags, parent_tid, NULL, 0UL));
#else
	return (pid_t) sys_result(syscall(SYS_clone, flags, 0UL, parent_tid, NULL, 0UL));
#endif
}

static pid_t clone2_with_pidfd(uint64_t ns_flags, int *pidfd)
{
	unsigned long flags = (unsigned long) ns_flags | SIGCHLD;
	pid_t pid;
	int r;

	/*
	 * CLONE_NEWTIME shares its bit with the exit-signal byte of clone(2), so it cannot be
	 * passed here: unshare it in the parent, which then only affects the parent's
	 * children (time_for_children), and our only children are containers.
	 */
	if (ns_flags & CLONE_NEWTIME) {
		if (unshare(CLONE_NEWTIME) < 0)
			return -errno;
		flags &= ~(unsigned long) CLONE_NEWTIME;
	}
	pid = raw_clone2(flags | CLONE_PIDFD, pidfd);
	if (pid != -EINVAL)
		return pid;
	/*
	 * Before Linux 5.2 there is no CLONE_PIDFD: open the pidfd right after. That is not a
	 * pid-reuse race: the child stays our unreaped child (a zombie at worst, SIGCHLD is
	 * never SIG_IGN here and nothing waits before this) so its pid cannot be recycled.
	 */
	pid = raw_clone2(flags, NULL);
	if (pid <= 0)
		return pid;
	r = sys_pidfd_open(pid, 0);
	if (r < 0) {
		kill(pid, SIGKILL);
		return r;
	}
	*pidfd = r;
	return pid;
}

pid_t clone_with_pidfd(uint64_t ns_flags, bool force_clone2, int *pidfd, bool *used_clone3,
		       int cgroup_fd, bool *placed)
{
	struct tether_clone_args args;
	size_t size;
	pid_t pid;

	*pidfd = -1;
	*used_clone3 = false;
	if (!force_clone2) {
		memset(&args, 0, sizeof(args));
		args.flags = ns_flags | CLONE_PIDFD;
		args.pidfd = (uint64_t) (uintptr_t) pidfd;
		args.exit_signal = SIGCHLD;
		size = with_cgroup(&args, cgroup_fd, placed);
		pid = sys_clone3(&args, size);
		/* E2BIG: a kernel before 5.7, which knows no clone_args of that size. */
		if (pid == -E2BIG && cgroup_fd >= 0) {
			without_cgroup(&args, placed);
			pid = sys_clone3(&args, TETHER_CLONE_ARGS_SIZE_VER0);
		}
		/* Missing, or refused by a seccomp filter that cannot look into clone_args. */
		if (pid >= 0 || (pid != -ENOSYS && pid != -EPERM)) {
			*used_clone3 = pid >= 0;
			return pid;
		}
	}
	if (placed)
		*placed = false;
	return clone2_with_pidfd(ns_flags, pidfd);
}

/*
 * clone3 with the child on its own stack, calling fn(arg) there. glibc has no clone3
 * wrapper: the child starts on an empty stack, so it must not return into C code, hence
 * the few instructions. fn and arg ride in callee-saved registers, which syscall keeps.
 */
#if defined(__x86_64__)
#define HAVE_CLONE3_RUN 1
static long clone3_run(struct tether_clone_args *args, size_t size, int (*fn)(void *), void *arg)
{
	register long rax __asm__("rax") = __NR_clone3;
	register struct tether_clone_args *rdi __asm__("rdi") = args;
	register size_t rsi __asm__("rsi") = size;
	register int (*r12)(void *) __asm__("r12") = fn;
	register void *r13 __asm__("r13") = arg;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "mov %%r13, %%rdi\n\t"
			 "call *%%r12\n\t"
			 "mov %%eax, %%edi\n\t"
			 "mov $60, %%eax\n\t" /* SYS_exit, should fn ever return */
			 "syscall\n\t"
			 "hlt\n"
			 "1:"
			 : "+r"(rax)
			 : "r"(rdi), "r"(rsi), "r"(r12), "r"(r13)
			 : "rcx", "r11", "memory");
	return rax;
}
#endif

static pid_t clone_vm(uint64_t ns_flags, bool force_clone2, int *pidfd, bool *used_clone3,
		      void *stack, size_t stack_size, int (*fn)(void *), void *arg, int cgroup_fd,
		      bool *placed)
{
	const uint64_t vm = CLONE_VM | CLONE_VFORK;
	unsigned long flags;
	char *top = (char *) stack + stack_size;
	pid_t pid;
	int r;

	*pidfd = -1;
	*used_clone3 = false;
#ifdef HAVE_CLONE3_RUN
	if (!force_clone2) {
		struct tether_clone_args args;

		memset(&args, 0, sizeof(args));
		args.flags = ns_flags | vm | CLONE_PIDFD;
		args.pidfd = (uint64_t) (uintptr_t) pidfd;
		args.exit_signal = SIGCHLD;
		args.stack = (uint64_t) (uintptr_t) stack;
		args.stack_size = stack_size;
		pid = (pid_t) clone3_run(&args, with_cgroup(&args, cgroup_fd, placed), fn, arg);
		if (pid == -E2BIG && cgroup_fd >= 0) { /* before 5.7 */
			without_cgroup(&args, placed);
			pid = (pid_t) clone3_run(&args, TETHER_CLONE_ARGS_SIZE_VER0, fn, arg);
		}
		if (pid >= 0 || (pid != -ENOSYS && pid != -EPERM)) {
			*used_clone3 = pid >= 0;
			return pid;
		}
	}
#endif
	/* clone(2) through glibc, which runs fn on the new stack for us. */
	if (placed)
		*placed = false;
	flags = (unsigned long) (ns_flags | vm) | SIGCHLD;
	if (ns_flags & CLONE_NEWTIME) {
		if (unshare(CLONE_NEWTIME) < 0)
			return -errno;
		flags &= ~(unsigned long) CLONE_NEWTIME;
	}
	pid = clone(fn, top, (int) (flags | CLONE_PIDFD), arg, pidfd);
	if (pid >= 0)
		return pid;
	if (errno != EINVAL)
		return -errno;
	/* Before Linux 5.2: no CLONE_PIDFD (see clone2_with_pidfd). */
	pid = clone(fn, top, (int) flags, arg);
	if (pid < 0)
		return -errno;
	r = sys_pidfd_open(pid, 0);
	if (r < 0) {
		kill(pid, SIGKILL);
		return r;
	}
	*pidfd = r;
	return pid;
}

pid_t clone_vm_with_pidfd(uint64_t ns_flags, bool force_clone2, int *pidfd, bool *used_clone3,
			  void *stack, size_t stack_size, int (*fn)(void *), void *arg,
			  int cgroup_fd, bool *placed)
{
	/*
	 * Dumpability is a flag of the address space, and the child clears it in ours until
	 * its exec: restored here, once that exec has given it an address space of its own.
	 */
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	pid_t pid = clone_vm(ns_flags, force_clone2, pidfd, used_clone3, stack, stack_size, fn, arg,
			     cgroup_fd, placed);

	if (dumpable > 0)
		prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0);
	return pid;
}
