/* SPDX-License-Identifier: MIT */
/* devnode.h: --device in the child. Never allocates, never prints. */
#include "devnode.h"
#include "fd.h"
#include "fmt.h"
#include "mounts.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* The node to mount onto: made in our /dev tmpfs, parents included, no symlink followed. */
static int make_target(int root_fd, const char *dst)
{
	struct tether_open_how how = {O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
				      RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS};
	char comp[NAME_MAX + 1];
	const char *p = dst + 5;
	int dir, fd;

	dir = sys_openat2(root_fd, "/dev", &how);
	for (;;) {
		size_t n = strcspn(p, "/");

		if (dir < 0)
			return dir;
		if (n > NAME_MAX) {
			fd_close(dir);
			return -ENAMETOOLONG;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		if (!*p)
			break;
		p++;
		if (mkdirat(dir, comp, 0755) < 0 && errno != EEXIST) {
			fd = -errno;
			fd_close(dir);
			return fd;
		}
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV;
		fd = sys_openat2(dir, comp, &how);
		fd_close(dir);
		dir = fd;
	}
	/* Never opened for I/O: an existing name (--device X:/dev/null) is covered, not opened. */
	fd = openat(dir, comp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST) {
		struct stat st;

		fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && (fstat(fd, &st) < 0 || S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode))) {
			fd_close(fd);
			fd = -ENOTBLK;
			errno = ENOTBLK;
		}
	}
	if (fd < 0)
		fd = -errno;
	fd_close(dir);
	return fd;
}

int device_bind(const struct rootfs_device *d, int root_fd)
{
	struct tether_open_how how = {O_PATH | O_CLOEXEC, 0, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS};
	char p[64];
	struct stat st;
	int src, dst, r;

	/* The node the parent checked, not whatever is at that path now. */
	src = open(d->src, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0)
		return -errno;
	if (fstat(src, &st) < 0 || (st.st_mode & S_IFMT) != d->type || st.st_rdev != d->rdev) {
		fd_close(src);
		return -ESTALE;
	}
	dst = make_target(root_fd, d->dst);
	if (dst < 0) {
		fd_close(src);
		return dst;
	}
	fmt_buf(p, sizeof(p), "/proc/self/fd/%d", src);
	r = rootfs_mount_on(p, dst, NULL, MS_BIND, NULL);
	fd_close(src);
	fd_close(dst);
	if (r < 0 || strchr(d->mode, 'w'))
		return r;
	/* Reopened: the descriptor from before the bind names the file under it. */
	dst = sys_openat2(root_fd, d->dst, &how);
	if (dst < 0)
		return dst;
	r = rootfs_mount_flag(dst, false, ROOTFS_ATTR_RDONLY);
	fd_close(dst);
	return r;
}

static int op_device(const struct setup_op *op, struct child_ctx *ctx)
{
	return device_bind(op->u.device, ctx->root_fd);
}

SETUP_KIND(rootfs_device, SETUP_ROOTFS_DEVICE, "rootfs-device", "bind device", op_device);
