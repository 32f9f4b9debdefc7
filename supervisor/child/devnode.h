/* SPDX-License-Identifier: MIT */
/*
 * --device in the child: binds the very node the parent checked (same device number)
 * onto a file it makes in the container's /dev tmpfs.
 */
#ifndef TETHER_DEVNODE_H
#define TETHER_DEVNODE_H

#include "config.h"

/* After SETUP_ROOTFS_DEV and before pivot_root; root_fd: the rootfs. 0 or -errno. */
int device_bind(const struct rootfs_device *d, int root_fd);

#endif
