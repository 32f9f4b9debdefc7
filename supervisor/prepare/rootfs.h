/* SPDX-License-Identifier: MIT */
/*
 * The container's root filesystem, the parent's half: the directory, COMMAND in it, every
 * mount destination, checked for clear messages. The child's operations are in
 * child/mounts.h. Nothing is ever written into the rootfs directory itself.
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

/* The --rootfs operations, in their order; none without one. 0 or -E2BIG. */
int rootfs_add_ops(struct run_config *cfg);

#endif
