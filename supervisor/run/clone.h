/* SPDX-License-Identifier: MIT */
/*
 * Fork-like process creation into new namespaces with a pidfd: clone3, or clone(2) when
 * clone3 is missing (ENOSYS), refused (EPERM from a seccomp profile) or TETHER_NO_CLONE3=1.
 */
#ifndef TETHER_CLONE_H
#define TETHER_CLONE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Returns 0 in the child, the child's pid in the parent (with *pidfd set), or -errno.
 * *used_clone3 says which path created it. No handlers run in the child (no atfork).
 */
pid_t clone_with_pidfd(uint64_t ns_flags, bool force_clone2, int *pidfd, bool *used_clone3,
		       int cgroup_fd, bool *placed);
/*
 * The same with CLONE_VM | CLONE_VFORK: the child runs fn(arg) on stack (stack_size
 * bytes), in our memory, and we resume once it has exec'd or exited; fn must never
 * return. Nothing is copied, so nothing turns copy-on-write and the child's exec tears
 * down no copy of our address space: the start-up is cheaper by the cost of a fork.
 * Only for a child that needs nothing from us before its exec.
 */
pid_t clone_vm_with_pidfd(uint64_t ns_flags, bool force_clone2, int *pidfd, bool *used_clone3,
			  void *stack, size_t stack_size, int (*fn)(void *), void *arg,
			  int cgroup_fd, bool *placed);

/*
 * cgroup_fd >= 0: the child starts in that cgroup (clone3's CLONE_INTO_CGROUP, Linux 5.7).
 * *placed is written before each attempt, so the child reads whether its clone placed it
 * (true) or whether it must join the cgroup itself (false: clone(2), an older kernel).
 */

#endif
