/* SPDX-License-Identifier: MIT */
/* device.h: --device. The child half (device_bind) never allocates and never prints. */
#include "device.h"
#include "client.h"
#include "fd.h"
#include "fmt.h"
#include "log.h"
#include "proc.h"
#include "rootfs.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Docker's rule: a non-empty subset of "rwm", each letter once. */
static bool mode_ok(const char *s, size_t n)
{
	bool seen[3] = {false, false, false};

	if (n == 0 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *p = memchr("rwm", s[i], 3);

		if (!p || seen[p - "rwm"])
			return false;
		seen[p - "rwm"] = true;
	}
	return true;
}

/* Under /dev, absolute, no "." or ".." component, no empty one: a name we create. */
static bool dst_ok(const char *dst)
{
	if (strncmp(dst, "/dev/", 5) != 0 || !dst[5])
		return false;
	for (const char *p = dst + 5; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p)
			p++;
		if (!*p && p[-1] == '/')
			return false;
	}
	return true;
}

static int bad(const char *spec, const char *why)
{
	return client_usage_error("run", "--device '%s': %s", spec, why);
}

int device_parse(const char *spec, struct rootfs_device *d)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *dst = NULL, *mode = "rwm";
	size_t dst_len = 0, mode_len = 3;

	memset(d, 0, sizeof(*d));
	d->spec = spec;
	if (!spec[0] || spec[0] != '/' || c1 == spec)
		return bad(spec, "expected HOST[:CONTAINER][:rwm] with an absolute HOST");
	if (c2 && strchr(c2 + 1, ':'))
		return bad(spec, "expected HOST[:CONTAINER][:rwm]");
	if (c2) {
		dst = c1 + 1;
		dst_len = (size_t) (c2 - dst);
		mode = c2 + 1;
		mode_len = strlen(mode);
	} else if (c1 && mode_ok(c1 + 1, strlen(c1 + 1))) {
		mode = c1 + 1;
		mode_len = strlen(mode);
	} else if (c1) {
		dst = c1 + 1;
		dst_len = strlen(dst);
	}
	if (!mode_ok(mode, mode_len))
		return bad(spec, "the mode is a subset of rwm");
	if (!dst) {
		dst = spec;
		dst_len = c1 ? (size_t) (c1 - spec) : strlen(spec);
	}
	if (dst_len >= sizeof(d->dst))
		return bad(spec, "CONTAINER is too long");
	memcpy(d->dst, dst, dst_len);
	d->dst[dst_len] = '\0';
	memcpy(d->mode, mode, mode_len);
	d->mode[mode_len] = '\0';
	if (!dst_ok(d->dst))
		return bad(spec, "CONTAINER must be a path under /dev without '.' or '..'");
	return 0;
}

int device_check(struct rootfs_device *d)
{
	const char *host = d->spec;
	size_t n = strcspn(d->spec, ":");
	char path[PATH_MAX];
	struct stat st;

	if (n >= sizeof(path))
		return bad(d->spec, "HOST is too long");
	memcpy(path, host, n);
	path[n] = '\0';
	d->src = realpath(path, NULL);
	if (!d->src || stat(d->src, &st) < 0) {
		log_error(errno, "--device %s: %s", d->spec, path);
		return PROC_EXIT_SETUP;
	}
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
		log_error(0, "--device %s: %s is not a device node", d->spec, path);
		return PROC_EXIT_SETUP;
	}
	d->rdev = st.st_rdev;
	d->type = st.st_mode & S_IFMT;
	return 0;
}

void device_free(struct rootfs_device *d)
{
	free(d->src);
	d->src = NULL;
}

/* ---- the child from here: no heap, no stdio ---- */

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
