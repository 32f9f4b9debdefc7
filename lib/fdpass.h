/* SPDX-License-Identifier: MIT */
/*
 * One descriptor with a message over a unix socket (SCM_RIGHTS). No heap, no stdio: the
 * child sends a pty master with it between clone and exec.
 */
#ifndef LIB_FDPASS_H
#define LIB_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Sends len bytes of buf, carrying fd when fd >= 0. flags are added to MSG_NOSIGNAL
 * (a closed peer is EPIPE, never SIGPIPE). 0 or -errno.
 */
int fdpass_send(int sock, const void *buf, size_t len, int fd, int flags);
/*
 * Receives up to len bytes into buf; with fd not NULL, *fd is the descriptor that came
 * with them (close-on-exec) or -1, and any further descriptor is closed. flags are added
 * to MSG_CMSG_CLOEXEC; EINTR is retried. The byte count or -errno.
 */
ssize_t fdpass_recv(int sock, void *buf, size_t len, int *fd, int flags);

#endif
