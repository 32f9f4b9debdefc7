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
pid_t clone_with_pidfd(uint64_t ns_flags, bool force_clone2, int *pidfd, bool *used_clone3);

#endif
