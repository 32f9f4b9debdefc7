/* SPDX-License-Identifier: MIT */
/*
 * rootfs.h: the parent checks paths for clear messages; the child's safety does not rest
 * on them: it resolves every destination again with RESOLVE_IN_ROOT and mounts onto the
 * descriptor it got, so a symlink swapped in meanwhile still cannot lead outside the root.
 */
#include "rootfs.h"
#include "setup.h"
#include "usage.h"
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

/* Adds an operation whose parameters are all in the context (the root fd). */
static int add_plain(struct run_config *cfg, enum setup_kind kind, const char *arg)
{
	return setup_add(cfg, kind, arg) ? 0 : -E2BIG;
}

int rootfs_add_ops(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	struct setup_op *op;
	int r;

	if (!iso->rootfs)
		return 0;
	op = setup_add(cfg, SETUP_ROOTFS_BIND, iso->rootfs);
	if (!op)
		return -E2BIG;
	op->u.root.path = iso->rootfs;
	op->u.root.dev = iso->rootfs_dev;
	op->u.root.ino = iso->rootfs_ino;
	/* The system mounts first, the user's after: a --bind onto /dev/x lands in our /dev. */
	r = add_plain(cfg, SETUP_ROOTFS_PROC, "/proc");
	if (!r)
		r = add_plain(cfg, SETUP_ROOTFS_DEV, "/dev");
	for (size_t i = 0; !r && i < iso->n_devices; i++) {
		op = setup_add(cfg, SETUP_ROOTFS_DEVICE, iso->devices[i].spec);
		if (op)
			op->u.device = &iso->devices[i];
		r = op ? 0 : -E2BIG;
	}
	if (!r) {
		op = setup_add(cfg, SETUP_ROOTFS_SYS, "/sys");
		if (op)
			op->u.new_net = cfg->clone_flags & CLONE_NEWNET;
		r = op ? 0 : -E2BIG;
	}
	for (size_t i = 0; !r && i < iso->n_mounts; i++) {
		op = setup_add(cfg, SETUP_ROOTFS_MOUNT, iso->mounts[i].spec);
		if (op)
			op->u.mount = &iso->mounts[i];
		r = op ? 0 : -E2BIG;
	}
	if (!r)
		r = add_plain(cfg, SETUP_ROOTFS_PIVOT, iso->rootfs);
	if (!r && iso->read_only)
		r = add_plain(cfg, SETUP_ROOTFS_READONLY, "/");
	return r;
}
