/* SPDX-License-Identifier: MIT */
/*
 * The default seccomp filter, with the semantics of docker's default profile: a denied
 * call fails with EPERM (clone3 with ENOSYS, so that libc falls back to clone, whose
 * namespace flags the filter can see), never a kill. Built with libseccomp in the parent
 * and exported as classic BPF; the child loads that program with seccomp(2) alone (no
 * heap, no library call between clone and exec).
 */
#ifndef TETHER_SECCOMP_H
#define TETHER_SECCOMP_H

#include <stdint.h>

/*
 * The filter for a container whose bounding set is caps (bit N: capability N): calls a
 * capability allows are denied only without it. Returns a struct sock_fprog * (free with
 * seccomp_prog_free), or NULL after saying why.
 */
void *seccomp_prog_build(uint64_t caps);
void seccomp_prog_free(void *prog);

#endif
