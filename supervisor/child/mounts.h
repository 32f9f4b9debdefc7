/* SPDX-License-Identifier: MIT */
/*
 * The --rootfs operations in the child: self-bind, /proc, /dev, devices, /sys, the user's
 * mounts, pivot_root, read-only. The root fd lives in the child's context, never in a
 * global: a borrowing child shares the launcher's memory.
 */
#ifndef TETHER_MOUNTS_H
#define TETHER_MOUNTS_H

#include "config.h"

/* mount(2) onto what fd names (through /proc/self/fd). 0 or -errno. */
int rootfs_mount_on(const char *src, int fd, const char *type, unsigned long flags,
		    const char *data);
#define ROOTFS_ATTR_RDONLY 0x1ULL
#define ROOTFS_ATTR_NODEV  0x4ULL
/* Adds attr to the mount fd names (its submounts too when recursive). 0 or -errno. */
int rootfs_mount_flag(int fd, bool recursive, uint64_t attr);

#endif
