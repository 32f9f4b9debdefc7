/* SPDX-License-Identifier: MIT */
/*
 * The container's root filesystem: checks in the parent (the directory, COMMAND in it,
 * every mount destination), then the child's operations between clone and exec: bind the
 * rootfs on itself, mount binds, tmpfs, /dev, /proc and /sys into it through descriptors
 * resolved with openat2(RESOLVE_IN_ROOT), pivot_root, read-only. The child half never
 * allocates and never prints. Nothing is ever written into the rootfs directory itself.
 */
#ifndef TETHER_ROOTFS_H
#define TETHER_ROOTFS_H

#include "config.h"

/* Parent: parses "SRC:DST[:ro]" or "DST[:SIZE]" into m. 0 or -EINVAL. */
int rootfs_parse_bind(const char *spec, struct rootfs_mount *m);
int rootfs_parse_tmpfs(const char *spec, struct rootfs_mount *m);
/* Frees what the parsers allocated in m. */
void rootfs_mount_free(struct rootfs_mount *m);
/* Parent: checks the rootfs and every mount; prints why and returns 125 on failure. */
int rootfs_check(struct run_config *cfg);
/* Parent, once the environment is built: COMMAND is in the rootfs. 0, or 125 said. */
int rootfs_check_command(const struct run_config *cfg);
/* Child: mount(2) of src onto what fd names (through /proc/self/fd). 0 or -errno. */
int rootfs_mount_on(const char *src, int fd, const char *type, unsigned long flags,
		    const char *data);
/* mount_attr bits of linux/mount.h: what rootfs_mount_flag adds to a mount. */
#define ROOTFS_ATTR_RDONLY 0x1ULL
#define ROOTFS_ATTR_NODEV  0x4ULL
/*
 * Child: adds one of them to the mount fd names (recursive: its submounts too), keeping
 * every flag it has. 0 or -errno.
 */
int rootfs_mount_flag(int fd, bool recursive, uint64_t attr);
/* Child: one rootfs operation. 0 or -errno. */
int rootfs_run_op(const struct setup_op *op, struct child_ctx *ctx);

#endif
