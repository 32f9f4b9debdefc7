/* SPDX-License-Identifier: MIT */
/*
 * mounts.h: the root filesystem's operations in the child. Every destination is resolved
 * again with RESOLVE_IN_ROOT under the context's root fd and mounted onto the descriptor
 * it got, so a symlink swapped in since the parent's checks cannot lead outside the root.
 * Runs between clone and exec: no heap, no stdio.
 */
#include "mounts.h"
#include "fd.h"
#include "fmt.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static int resolve(int root_fd, const char *path)
{
	struct tether_open_how how = {O_PATH | O_CLOEXEC, 0,
				      RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};

	return sys_openat2(root_fd, path, &how);
}

static const char *fd_path(char *buf, size_t size, int fd)
{
	fmt_buf(buf, size, "/proc/self/fd/%d", fd);
	return buf;
}

/* mount(2) onto what fd names: the kernel follows the magic link to that very object. */
int rootfs_mount_on(const char *src, int fd, const char *type, unsigned long flags,
		    const char *data)
{
	char p[64];

	return mount(src, fd_path(p, sizeof(p), fd), type, flags, data) < 0 ? -errno : 0;
}

#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif
#define TETHER_AT_RECURSIVE 0x8000

/* struct mount_attr of linux/mount.h (Linux 5.12). */
struct tether_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

/*
 * Adds a flag (read-only or nodev) to the mount fd names, keeping the flags a user ns has
 * locked. recursive: its submounts too (a bound /sys carries the host's cgroup mounts),
 * with mount_setattr(2); the old remount, which only reaches the top mount, where it is
 * missing.
 */
int rootfs_mount_flag(int fd, bool recursive, uint64_t attr)
{
	unsigned long flags = MS_REMOUNT | MS_BIND;
	struct statvfs sv;
	char p[64];
	int r;

	if (recursive) {
		struct tether_mount_attr ma = {attr, 0, 0, 0};

		r = syscall(__NR_mount_setattr, fd, "", AT_EMPTY_PATH | TETHER_AT_RECURSIVE, &ma,
			    sizeof(ma)) < 0
			    ? -errno
			    : 0;
		if (r != -ENOSYS)
			return r;
	}
	if (fstatvfs(fd, &sv) < 0)
		return -errno;
	if (attr == ROOTFS_ATTR_RDONLY || (sv.f_flag & ST_RDONLY))
		flags |= MS_RDONLY;
	if (attr == ROOTFS_ATTR_NODEV || (sv.f_flag & ST_NODEV))
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return mount(NULL, fd_path(p, sizeof(p), fd), NULL, flags, NULL) < 0 ? -errno : 0;
}

/* Read-only, what is now mounted at path (in the rootfs, or as we see it). */
static int remount_ro(int root_fd, const char *path, bool in_root, bool recursive)
{
	int fd, r;

	/* Reopened: a descriptor from before the mount names what lies under it. */
	fd = in_root ? resolve(root_fd, path) : open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return fd < 0 && !in_root ? -errno : fd;
	r = rootfs_mount_flag(fd, recursive, ROOTFS_ATTR_RDONLY);
	fd_close(fd);
	return r;
}

/*
 * Opens path and checks it is still what the parent checked: a path component swapped
 * for a symlink since then (by whoever owns one) gives -ESTALE instead of another tree.
 */
static int open_same(const char *path, int flags, dev_t dev, ino_t ino)
{
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW | flags);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_dev != dev || st.st_ino != ino) {
		fd_close(fd);
		return -ESTALE;
	}
	return fd;
}

static int bind_root(const char *rootfs, dev_t dev, ino_t ino, int *root_fd)
{
	char p[64];
	int fd, r;

	fd = open_same(rootfs, O_DIRECTORY, dev, ino);
	if (fd < 0)
		return fd;
	/* pivot_root needs a mount point; a bind of the directory on itself is one. */
	r = rootfs_mount_on(fd_path(p, sizeof(p), fd), fd, NULL, MS_BIND | MS_REC, NULL);
	fd_close(fd);
	if (r < 0)
		return r;
	/* By name again: a descriptor from before the bind names what lies under it. */
	*root_fd = open_same(rootfs, O_DIRECTORY, dev, ino);
	if (*root_fd < 0)
		return *root_fd;
	/*
	 * nodev, submounts included: a device node in the image, or one made inside with
	 * CAP_MKNOD, is only a name. Devices come in as binds of the host's nodes (op_dev,
	 * --device), which carry their own mount's flags.
	 */
	return rootfs_mount_flag(*root_fd, true, ROOTFS_ATTR_NODEV);
}

static int set_nodev(int root_fd, const char *path)
{
	int fd = resolve(root_fd, path), r;

	if (fd < 0)
		return fd;
	r = rootfs_mount_flag(fd, true, ROOTFS_ATTR_NODEV);
	fd_close(fd);
	return r;
}

static int mount_one(int root_fd, const struct rootfs_mount *m)
{
	int fd, r;

	fd = resolve(root_fd, m->dst);
	if (fd < 0)
		return fd;
	if (m->kind == ROOTFS_MOUNT_BIND) {
		char p[64];
		int src = open_same(m->src, 0, m->src_dev, m->src_ino);

		if (src < 0) {
			fd_close(fd);
			return src;
		}
		r = rootfs_mount_on(fd_path(p, sizeof(p), src), fd, NULL, MS_BIND | MS_REC, NULL);
		fd_close(src);
		/* A host directory's nodes are no way in either: devices only with --device. */
		if (r == 0)
			r = set_nodev(root_fd, m->dst);
	} else
		r = rootfs_mount_on("tmpfs", fd, "tmpfs", MS_NOSUID | MS_NODEV, m->data);
	fd_close(fd);
	if (r == 0 && m->ro)
		r = remount_ro(root_fd, m->dst, true, true);
	return r;
}

static int populate_dev(int root_fd)
{
	static const char *const nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
	static const char *const links[][2] = {
		{"fd", "/proc/self/fd"},       {"stdin", "/proc/self/fd/0"},
		{"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"},
		{"ptmx", "pts/ptmx"},
	};
	static const char *const dirs[] = {"pts", "shm", "mqueue"};
	static const char *const dev_fs[][3] = {
		{"devpts", "devpts", "newinstance,ptmxmode=0666,mode=0620"},
		{"shm", "tmpfs", "mode=1777,size=65536k"},
		{"mqueue", "mqueue", NULL},
	};
	static const unsigned long dev_fs_flags[] = {
		MS_NOSUID | MS_NOEXEC,
		MS_NOSUID | MS_NODEV,
		MS_NOSUID | MS_NODEV | MS_NOEXEC,
	};
	char host[32];
	int fd, dev, r;

	fd = resolve(root_fd, "/dev");
	if (fd < 0)
		return fd;
	r = rootfs_mount_on("tmpfs", fd, "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV,
			    "mode=755,size=64k");
	fd_close(fd);
	if (r < 0)
		return r;
	dev = resolve(root_fd, "/dev");
	if (dev < 0)
		return dev;
	/*
	 * Bound, not mknod'ed: that also works in a user namespace, and each bind keeps the
	 * flags of the host's /dev while this tmpfs is nodev.
	 */
	for (size_t i = 0; !r && i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		fd = openat(dev, nodes[i], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0) {
			r = -errno;
			break;
		}
		fmt_buf(host, sizeof(host), "/dev/%s", nodes[i]);
		r = rootfs_mount_on(host, fd, NULL, MS_BIND, NULL);
		fd_close(fd);
	}
	for (size_t i = 0; !r && i < sizeof(links) / sizeof(links[0]); i++)
		if (symlinkat(links[i][1], dev, links[i][0]) < 0)
			r = -errno;
	for (size_t i = 0; !r && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(dev, dirs[i], 0755) < 0)
			r = -errno;
	/*
	 * Mounted here rather than left to tether-init: the default capability set has no
	 * CAP_SYS_ADMIN, so the init could not. It finds them mounted and leaves them.
	 */
	for (size_t i = 0; !r && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		fd = openat(dev, dirs[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = -errno;
			break;
		}
		r = rootfs_mount_on(dev_fs[i][0], fd, dev_fs[i][1], dev_fs_flags[i], dev_fs[i][2]);
		fd_close(fd);
	}
	fd_close(dev);
	return r;
}

/*
 * The parts of /proc that act on the whole machine, not on the container: root inside
 * (without a user namespace) could write kernel tunables or /proc/sysrq-trigger, or read
 * kernel memory. Made read-only or hidden, as docker and runc do.
 */
static int guard_proc(int root_fd)
{
	static const char *const ro[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
					 "/proc/bus", "/proc/fs"};
	static const char *const masked[] = {
		"/proc/kcore",       "/proc/keys", "/proc/timer_list", "/proc/latency_stats",
		"/proc/sched_debug", "/proc/acpi", "/proc/scsi"};
	struct stat st;
	char p[64];
	int fd, r = 0;

	for (size_t i = 0; !r && i < sizeof(ro) / sizeof(ro[0]); i++) {
		fd = resolve(root_fd, ro[i]);
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		r = rootfs_mount_on(fd_path(p, sizeof(p), fd), fd, NULL, MS_BIND | MS_REC, NULL);
		fd_close(fd);
		if (!r)
			r = remount_ro(root_fd, ro[i], true, true);
	}
	for (size_t i = 0; !r && i < sizeof(masked) / sizeof(masked[0]); i++) {
		fd = resolve(root_fd, masked[i]);
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		if (fstat(fd, &st) < 0)
			r = -errno;
		else if (S_ISDIR(st.st_mode))
			r = rootfs_mount_on("tmpfs", fd, "tmpfs",
					    MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
					    "size=0,mode=555");
		else
			r = rootfs_mount_on("/dev/null", fd, NULL, MS_BIND, NULL);
		fd_close(fd);
	}
	return r;
}

static int mount_proc(int root_fd)
{
	int fd = resolve(root_fd, "/proc"), r;

	if (fd < 0)
		return fd;
	r = rootfs_mount_on("proc", fd, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	fd_close(fd);
	return r < 0 ? r : guard_proc(root_fd);
}

static int mount_sys(bool new_net, int root_fd)
{
	int fd = resolve(root_fd, "/sys"), r;

	if (fd == -ENOENT)
		return 0; /* a rootfs without /sys gets none */
	if (fd < 0)
		return fd;
	/* sysfs shows the net namespace of its mounter: a fresh one only for a new netns. */
	if (new_net) {
		r = rootfs_mount_on("sysfs", fd, "sysfs",
				    MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL);
		fd_close(fd);
		return r;
	}
	r = rootfs_mount_on("/sys", fd, NULL, MS_BIND | MS_REC, NULL);
	fd_close(fd);
	return r < 0 ? r : remount_ro(root_fd, "/sys", true, true);
}

static int pivot(int *root_fd)
{
	/*
	 * pivot_root(".", "."): the old root ends up on top of the new one and is detached
	 * at once, so no path to the host's tree is left (no put_old directory in the rootfs).
	 */
	if (fchdir(*root_fd) < 0)
		return -errno;
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -errno;
	if (umount2(".", MNT_DETACH) < 0)
		return -errno;
	if (chdir("/") < 0)
		return -errno;
	fd_close(*root_fd);
	*root_fd = -1;
	return 0;
}

static int op_bind_root(const struct setup_op *op, struct child_ctx *ctx)
{
	return bind_root(op->u.root.path, op->u.root.dev, op->u.root.ino, &ctx->root_fd);
}

static int op_proc(const struct setup_op *op, struct child_ctx *ctx)
{
	return mount_proc(ctx->root_fd);
}

static int op_dev(const struct setup_op *op, struct child_ctx *ctx)
{
	return populate_dev(ctx->root_fd);
}

static int op_sys(const struct setup_op *op, struct child_ctx *ctx)
{
	return mount_sys(op->u.new_net, ctx->root_fd);
}

static int op_mount(const struct setup_op *op, struct child_ctx *ctx)
{
	return mount_one(ctx->root_fd, op->u.mount);
}

static int op_pivot(const struct setup_op *op, struct child_ctx *ctx)
{
	return pivot(&ctx->root_fd);
}

static int op_readonly(const struct setup_op *op, struct child_ctx *ctx)
{
	return remount_ro(-1, "/", false, false);
}

SETUP_KIND(rootfs_bind, SETUP_ROOTFS_BIND, "rootfs", "bind rootfs", op_bind_root);
SETUP_KIND(rootfs_proc, SETUP_ROOTFS_PROC, "rootfs-proc", "mount proc in rootfs on", op_proc);
SETUP_KIND(rootfs_dev, SETUP_ROOTFS_DEV, "rootfs-dev", "populate rootfs", op_dev);
SETUP_KIND(rootfs_sys, SETUP_ROOTFS_SYS, "rootfs-sys", "mount sysfs in rootfs on", op_sys);
SETUP_KIND(rootfs_mount, SETUP_ROOTFS_MOUNT, "rootfs-mount", "mount", op_mount);
SETUP_KIND(rootfs_pivot, SETUP_ROOTFS_PIVOT, "pivot-root", "pivot_root into", op_pivot);
SETUP_KIND(rootfs_readonly, SETUP_ROOTFS_READONLY, "read-only", "remount read-only", op_readonly);
