/* SPDX-License-Identifier: MIT */
/* mount.h: mount-point detection with statx(2); no heap, no printing. */
#include "mount.h"
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_statx
#define __NR_statx 332
#endif
#define MOUNT_STATX_INO       0x100U
#define MOUNT_ATTR_MOUNT_ROOT 0x2000ULL /* STATX_ATTR_MOUNT_ROOT, Linux 5.8 */

/*
 * struct statx of linux/stat.h, the same on every architecture (unlike struct stat), up to
 * the fields used here, and padded to its full 256 bytes.
 */
struct mount_statx {
	uint32_t mask;
	uint32_t blksize;
	uint64_t attributes;
	uint32_t nlink;
	uint32_t uid;
	uint32_t gid;
	uint16_t mode;
	uint16_t pad0;
	uint64_t ino;
	uint64_t size;
	uint64_t blocks;
	uint64_t attributes_mask;
	uint64_t times[8];
	uint32_t rdev_major;
	uint32_t rdev_minor;
	uint32_t dev_major;
	uint32_t dev_minor;
	uint64_t spare[14];
};

_Static_assert(sizeof(struct mount_statx) == 256, "struct statx is 256 bytes");

static int statx_path(const char *path, struct mount_statx *st)
{
	if (syscall(__NR_statx, AT_FDCWD, path, 0, MOUNT_STATX_INO, st) < 0)
		return -errno;
	return 0;
}

int mount_is_mountpoint(const char *path)
{
	char up[512];
	struct mount_statx st, parent;
	int r = statx_path(path, &st);

	if (r < 0)
		return r;
	/* The kernel says so directly since 5.8, bind mounts of the same device included. */
	if (st.attributes_mask & MOUNT_ATTR_MOUNT_ROOT)
		return (st.attributes & MOUNT_ATTR_MOUNT_ROOT) != 0;
	if (fmt_buf(up, sizeof(up), "%s/..", path) >= sizeof(up) - 1)
		return -ENAMETOOLONG;
	r = statx_path(up, &parent);
	if (r < 0)
		return r;
	/* A different device is a mount; the same inode as ".." is the root of one. */
	return st.dev_major != parent.dev_major || st.dev_minor != parent.dev_minor ||
	       st.ino == parent.ino;
}

int mount_if_missing(const char *source, const char *path, const char *fstype, unsigned long flags,
		     const char *data)
{
	int r = mount_is_mountpoint(path);

	if (r != 0)
		return r < 0 ? r : 0;
	if (mount(source, path, fstype, flags, data) < 0)
		return -errno;
	return 1;
}
