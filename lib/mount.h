/* SPDX-License-Identifier: MIT */
/*
 * "Is something mounted here" and "mount it unless it is". A mount point is found by
 * comparing st_dev (and st_ino, for a root) with the parent directory: statfs magic is no
 * help, since devtmpfs reports TMPFS_MAGIC. Never creates directories.
 */
#ifndef LIB_MOUNT_H
#define LIB_MOUNT_H

/* 1 when path is the root of a mount, 0 when not, -errno when it cannot be told. */
int mount_is_mountpoint(const char *path);
/*
 * Mounts fstype at path unless a file system is mounted there already. Returns 1 when it
 * mounted, 0 when something was there, -errno when stat or mount(2) failed.
 */
int mount_if_missing(const char *source, const char *path, const char *fstype, unsigned long flags,
		     const char *data);

#endif
