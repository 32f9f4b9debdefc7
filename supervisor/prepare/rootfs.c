/* SPDX-License-Identifier: MIT */
/*
 * rootfs.h: the parent checks paths for clear messages; the child's safety does not rest
 * on them: it resolves every destination again with RESOLVE_IN_ROOT and mounts onto the
 * descriptor it got, so a symlink swapped in meanwhile still cannot lead outside the root.
 */
#include "rootfs.h"
#include "client.h"
#include "device.h"
#include "fd.h"
#include "fmt.h"
#include "log.h"
#include "proc.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *dup_range(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* A destination must be absolute and free of "..": a clear error instead of a clamp. */
static bool dst_ok(const char *dst)
{
	const char *p = dst;

	if (dst[0] != '/')
		return false;
	while ((p = strstr(p, "..")) != NULL) {
		if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
			return false;
		p += 2;
	}
	return true;
}

void rootfs_mount_free(struct rootfs_mount *m)
{
	free(m->src);
	free(m->dst);
	free(m->data);
	m->src = m->dst = m->data = NULL;
}

int rootfs_parse_bind(const char *spec, struct rootfs_mount *m)
{
	const char *c1 = strchr(spec, ':'), *c2;

	memset(m, 0, sizeof(*m));
	m->kind = ROOTFS_MOUNT_BIND;
	m->spec = spec;
	if (!c1 || c1 == spec)
		return -EINVAL;
	c2 = strchr(c1 + 1, ':');
	if (c2) {
		if (strcmp(c2 + 1, "ro") == 0)
			m->ro = true;
		else if (strcmp(c2 + 1, "rw") != 0)
			return -EINVAL;
	} else {
		c2 = c1 + strlen(c1);
	}
	m->src = dup_range(spec, (size_t) (c1 - spec));
	m->dst = dup_range(c1 + 1, (size_t) (c2 - c1 - 1));
	if (!m->src || !m->dst)
		return -ENOMEM;
	return m->dst[0] ? 0 : -EINVAL;
}

int rootfs_parse_tmpfs(const char *spec, struct rootfs_mount *m)
{
	const char *c = strchr(spec, ':');
	char data[64];

	memset(m, 0, sizeof(*m));
	m->kind = ROOTFS_MOUNT_TMPFS;
	m->spec = spec;
	m->dst = dup_range(spec, c ? (size_t) (c - spec) : strlen(spec));
	if (!m->dst)
		return -ENOMEM;
	if (!m->dst[0])
		return -EINVAL;
	if (c) {
		size_t n = strspn(c + 1, "0123456789");
		const char *unit = c + 1 + n;

		/* tmpfs's own syntax: digits with an optional k, m, g or %. */
		if (n == 0 || n > 20 ||
		    (unit[0] && (strchr("kmgKMG%", unit[0]) == NULL || unit[1])))
			return -EINVAL;
		fmt_buf(data, sizeof(data), "mode=1777,size=%s", c + 1);
	} else {
		fmt_buf(data, sizeof(data), "%s", "mode=1777");
	}
	m->data = strdup(data);
	return m->data ? 0 : -ENOMEM;
}

/*
 * Parent: walks dst under root as RESOLVE_IN_ROOT would, but says -EXDEV where a ".." (of
 * dst or of a relative symlink) would climb above the root: the message names the input
 * instead of mounting on a clamped path the user did not mean. An absolute symlink is
 * followed inside the root, as the container sees it. -ENOENT: a component is missing.
 */
static int walk_in_root(int rfd, const char *dst)
{
	char cur[PATH_MAX] = ".", rest[PATH_MAX], link[PATH_MAX], tmp[PATH_MAX];
	size_t depth = 0, cur_len = 1;
	int links = 0;

	if (fmt_buf(rest, sizeof(rest), "%s", dst) >= sizeof(rest) - 1)
		return -ENAMETOOLONG;
	for (char *p = rest; *p;) {
		char *end = strchrnul(p, '/'), comp[NAME_MAX + 1];
		size_t n = (size_t) (end - p);
		struct stat st;
		ssize_t ln;

		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, p, n);
		comp[n] = '\0';
		p = *end ? end + 1 : end;
		if (n == 0 || strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth == 0)
				return -EXDEV;
			depth--;
			cur_len = (size_t) (strrchr(cur, '/') - cur);
			cur[cur_len] = '\0';
			continue;
		}
		if (cur_len + 1 + n >= sizeof(cur))
			return -ENAMETOOLONG;
		fmt_buf(cur + cur_len, sizeof(cur) - cur_len, "/%s", comp);
		if (fstatat(rfd, cur, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return -errno;
		if (!S_ISLNK(st.st_mode)) {
			cur_len += 1 + n;
			depth++;
			continue;
		}
		if (++links > 40)
			return -ELOOP;
		ln = readlinkat(rfd, cur, link, sizeof(link) - 1);
		if (ln < 0)
			return -errno;
		link[ln] = '\0';
		cur[cur_len] = '\0';
		if (link[0] == '/') {
			cur_len = 1;
			cur[1] = '\0';
			depth = 0;
		}
		if (fmt_buf(tmp, sizeof(tmp), "%s/%s", link, p) >= sizeof(tmp) - 1)
			return -ENAMETOOLONG;
		memcpy(rest, tmp, sizeof(rest));
		p = rest;
	}
	return 0;
}

/* Is COMMAND there, in the rootfs, as an executable file? Searches PATH for a bare name. */
static bool has_command(int rfd, const char *cmd, const char *path)
{
	struct tether_open_how how = {O_PATH | O_CLOEXEC, 0,
				      RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	char buf[PATH_MAX];
	struct stat st;
	int fd;

	if (strchr(cmd, '/')) {
		fd = sys_openat2(rfd, cmd, &how);
		if (fd < 0)
			return false;
		if (fstat(fd, &st) < 0)
			st.st_mode = 0;
		fd_close(fd);
		return S_ISREG(st.st_mode) && (st.st_mode & 0111);
	}
	for (const char *p = path; *p;) {
		const char *end = strchrnul(p, ':');

		size_t n = (size_t) (end - p), c = strlen(cmd);

		if (n > 0 && n + 1 + c < sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = '/';
			memcpy(buf + n + 1, cmd, c + 1);
			if (has_command(rfd, buf, ""))
				return true;
		}
		p = *end ? end + 1 : end;
	}
	return false;
}

static int check_mount(int rfd, struct rootfs_mount *m)
{
	struct stat st;
	char *real;
	int r;

	if (!dst_ok(m->dst)) {
		return client_usage_error(
			"run", "%s '%s': destination must be an absolute path without '..'",
			m->kind == ROOTFS_MOUNT_BIND ? "--bind" : "--tmpfs", m->spec);
	}
	r = walk_in_root(rfd, m->dst);
	if (r == -EXDEV) {
		log_error(0, "%s %s: destination %s leads outside the root filesystem",
			  m->kind == ROOTFS_MOUNT_BIND ? "--bind" : "--tmpfs", m->spec, m->dst);
		return PROC_EXIT_SETUP;
	}
	if (r < 0) {
		log_error(r, "%s %s: destination %s in the root filesystem",
			  m->kind == ROOTFS_MOUNT_BIND ? "--bind" : "--tmpfs", m->spec, m->dst);
		return PROC_EXIT_SETUP;
	}
	if (m->kind != ROOTFS_MOUNT_BIND)
		return 0;
	real = realpath(m->src, NULL);
	if (!real || stat(real, &st) < 0) {
		log_error(errno, "--bind %s: source %s", m->spec, m->src);
		free(real);
		return PROC_EXIT_SETUP;
	}
	free(m->src);
	m->src = real;
	m->src_dev = st.st_dev;
	m->src_ino = st.st_ino;
	return 0;
}

int rootfs_check_command(const struct run_config *cfg)
{
	const struct isolate_config *iso = &cfg->iso;
	const char *path = NULL;
	int rfd, r = 0;

	/* The PATH the container gets (--env PATH= included), not the launcher's. */
	for (char **e = iso->envp; e && *e; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			path = *e + 5;
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	rfd = open(iso->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0 || !has_command(rfd, cfg->command[0], path)) {
		log_error(0, "rootfs %s: no command %s in it", iso->rootfs_arg, cfg->command[0]);
		r = PROC_EXIT_SETUP;
	}
	fd_close(rfd);
	return r;
}

int rootfs_check(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	struct stat st;
	int rfd, r = 0;

	iso->rootfs = realpath(iso->rootfs_arg, NULL);
	if (!iso->rootfs || stat(iso->rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) {
		log_error(iso->rootfs ? ENOTDIR : errno, "rootfs %s", iso->rootfs_arg);
		return PROC_EXIT_SETUP;
	}
	if (strcmp(iso->rootfs, "/") == 0) {
		log_error(0, "rootfs %s: is the host's root", iso->rootfs_arg);
		return PROC_EXIT_SETUP;
	}
	rfd = open(iso->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0 || fstat(rfd, &st) < 0) {
		log_error(errno, "rootfs %s", iso->rootfs_arg);
		fd_close(rfd);
		return PROC_EXIT_SETUP;
	}
	iso->rootfs_dev = st.st_dev;
	iso->rootfs_ino = st.st_ino;
	for (const char *const *d = (const char *const[]){"dev", "proc", NULL}; !r && *d; d++)
		if (fstatat(rfd, *d, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
			log_error(0, "rootfs %s: no /%s directory in it", iso->rootfs_arg, *d);
			r = PROC_EXIT_SETUP;
		}
	for (size_t i = 0; !r && i < iso->n_mounts; i++)
		r = check_mount(rfd, &iso->mounts[i]);
	fd_close(rfd);
	return r;
}

/* ---- the child from here: no heap, no stdio ---- */

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

static int op_bind_root(const struct run_config *cfg, int *root_fd)
{
	const struct isolate_config *iso = &cfg->iso;
	char p[64];
	int fd, r;

	fd = open_same(iso->rootfs, O_DIRECTORY, iso->rootfs_dev, iso->rootfs_ino);
	if (fd < 0)
		return fd;
	/* pivot_root needs a mount point; a bind of the directory on itself is one. */
	r = rootfs_mount_on(fd_path(p, sizeof(p), fd), fd, NULL, MS_BIND | MS_REC, NULL);
	fd_close(fd);
	if (r < 0)
		return r;
	/* By name again: a descriptor from before the bind names what lies under it. */
	*root_fd = open_same(iso->rootfs, O_DIRECTORY, iso->rootfs_dev, iso->rootfs_ino);
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

static int op_mount(int root_fd, const struct rootfs_mount *m)
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

static int op_dev(int root_fd)
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

static int op_proc(int root_fd)
{
	int fd = resolve(root_fd, "/proc"), r;

	if (fd < 0)
		return fd;
	r = rootfs_mount_on("proc", fd, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	fd_close(fd);
	return r < 0 ? r : guard_proc(root_fd);
}

static int op_sys(const struct run_config *cfg, int root_fd)
{
	int fd = resolve(root_fd, "/sys"), r;

	if (fd == -ENOENT)
		return 0; /* a rootfs without /sys gets none */
	if (fd < 0)
		return fd;
	/* sysfs shows the net namespace of its mounter: a fresh one only for a new netns. */
	if (cfg->clone_flags & CLONE_NEWNET) {
		r = rootfs_mount_on("sysfs", fd, "sysfs",
				    MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL);
		fd_close(fd);
		return r;
	}
	r = rootfs_mount_on("/sys", fd, NULL, MS_BIND | MS_REC, NULL);
	fd_close(fd);
	return r < 0 ? r : remount_ro(root_fd, "/sys", true, true);
}

static int op_pivot(int *root_fd)
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

int rootfs_run_op(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;

	switch (op->kind) {
	case SETUP_ROOTFS_BIND:
		return op_bind_root(cfg, &ctx->root_fd);
	case SETUP_ROOTFS_MOUNT:
		return op_mount(ctx->root_fd, op->data);
	case SETUP_ROOTFS_DEV:
		return op_dev(ctx->root_fd);
	case SETUP_ROOTFS_DEVICE:
		return device_bind(op->data, ctx->root_fd);
	case SETUP_ROOTFS_PROC:
		return op_proc(ctx->root_fd);
	case SETUP_ROOTFS_SYS:
		return op_sys(cfg, ctx->root_fd);
	case SETUP_ROOTFS_PIVOT:
		return op_pivot(&ctx->root_fd);
	case SETUP_ROOTFS_READONLY:
		return remount_ro(-1, "/", false, false);
	default:
		return -EINVAL;
	}
}
