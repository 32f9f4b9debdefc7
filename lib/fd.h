/* SPDX-License-Identifier: MIT */
/* Descriptor helpers: close that keeps errno, and closing or marking ranges. */
#ifndef LIB_FD_H
#define LIB_FD_H

#include <stdbool.h>

/* Closes fd if >= 0 and keeps errno; returns 0 or -errno (EINTR counts as closed). */
int fd_close(int fd);
/*
 * Closes (or, with cloexec, marks close-on-exec) every descriptor from first up. Uses
 * close_range, and walks /proc/self/fd (or, without /proc, up to RLIMIT_NOFILE) on older
 * kernels. Returns 0 or -errno.
 */
int fd_close_from(unsigned int first, bool cloexec);
/*
 * Calls fn(fd, arg) for each open descriptor >= first, read from /proc/self/fd with a
 * stack buffer (no heap). Returns 0, or -errno when /proc/self/fd cannot be read.
 */
int fd_for_each(unsigned int first, void (*fn)(int fd, void *arg), void *arg);

#endif
