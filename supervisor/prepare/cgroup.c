/* SPDX-License-Identifier: MIT */
/* cgroup.h: the container's cgroup v2, from its creation to its removal. Parent only. */
#include "cgroup.h"
#include "confine_config.h"
#include "devices.h"
#include "fd.h"
#include "log.h"
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EMPTY_WAIT_MS 5000 /* after cgroup.kill the end is the kernel's: a bound only */

static int write_at(int dir, const char *file, const char *val)
{
	ssize_t n, len = (ssize_t) strlen(val);
	int fd = openat(dir, file, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, val, (size_t) len);
	if (n != len)
		r = n < 0 ? -errno : -EIO;
	fd_close(fd);
	return r;
}

static ssize_t read_at(int dir, const char *file, char *buf, size_t size)
{
	int fd = openat(dir, file, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	fd_close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/* Whether word is one of the space-separated words of list. */
static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += len)
		if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\n' || !p[len]))
			return true;
	return false;
}

struct need {
	const char *ctl, *opt;
};

/* The controllers the limits need, each with the first option that asked for it. */
static size_t needed(const struct confine_config *conf, struct need *out)
{
	size_t n = 0;

	if (conf->memory || conf->memory_swap)
		out[n++] = (struct need){"memory", conf->memory ? "--memory" : "--memory-swap"};
	if (conf->pids)
		out[n++] = (struct need){"pids", "--pids-limit"};
	if (conf->cpu_quota_us || conf->cpu_weight)
		out[n++] = (struct need){"cpu", conf->cpu_quota_us ? "--cpus" : "--cpu-weight"};
	if (conf->io_weight)
		out[n++] = (struct need){"io", "--io-weight"};
	return n;
}

/* Each needed controller available in parent and enabled for its children. */
static int enable(int parent, const char *path, const struct need *need, size_t n)
{
	char avail[512], on[512], plus[32];
	ssize_t r;

	if (n == 0)
		return 0; /* no limit asked for: nothing to read */
	r = read_at(parent, "cgroup.controllers", avail, sizeof(avail));
	if (r < 0)
		avail[0] = '\0';
	r = read_at(parent, "cgroup.subtree_control", on, sizeof(on));
	if (r < 0)
		on[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!has_word(avail, need[i].ctl)) {
			log_error(0, "%s: %s controller not available on the cgroup v2 hierarchy",
				  need[i].opt, need[i].ctl);
			return -1;
		}
		if (has_word(on, need[i].ctl))
			continue;
		snprintf(plus, sizeof(plus), "+%s", need[i].ctl);
		r = write_at(parent, "cgroup.subtree_control", plus);
		if (r < 0) {
			log_error((int) r, "%s: enable the %s controller in %s%s", need[i].opt,
				  need[i].ctl, path,
				  r == -EBUSY ? " (it holds processes: use --cgroup-parent)" : "");
			return -1;
		}
	}
	return 0;
}

static int write_limit(const struct cgroup *cg, const char *opt, const char *file, const char *fmt,
		       ...) __attribute__((format(printf, 4, 5)));

static int write_limit(const struct cgroup *cg, const char *opt, const char *file, const char *fmt,
		       ...)
{
	char val[64];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	r = write_at(cg->dir_fd, file, val);
	if (r < 0)
		log_error(r, "%s: write %s to %s/%s", opt, val, cg->path, file);
	return r;
}

static int write_limits(const struct confine_config *conf, const struct cgroup *cg)
{
	int r = 0;

	if (conf->memory)
		r = write_limit(cg, "--memory", "memory.max", "%lld", conf->memory);
	/* As docker: --memory-swap is memory and swap together; unset, swap as much again. */
	if (!r && conf->memory_swap) {
		if (conf->memory_swap < 0)
			r = write_limit(cg, "--memory-swap", "memory.swap.max", "max");
		else
			r = write_limit(cg, "--memory-swap", "memory.swap.max", "%lld",
					conf->memory_swap - conf->memory);
	} else if (!r && conf->memory && faccessat(cg->dir_fd, "memory.swap.max", W_OK, 0) == 0) {
		r = write_limit(cg, "--memory", "memory.swap.max", "%lld", conf->memory);
	}
	if (!r && conf->pids > 0)
		r = write_limit(cg, "--pids-limit", "pids.max", "%lld", conf->pids);
	if (!r && conf->cpu_quota_us)
		r = write_limit(cg, "--cpus", "cpu.max", "%" PRIu64 " 100000", conf->cpu_quota_us);
	if (!r && conf->cpu_weight)
		r = write_limit(cg, "--cpu-weight", "cpu.weight", "%u", conf->cpu_weight);
	if (!r && conf->io_weight)
		r = write_limit(cg, "--io-weight", "io.weight", "default %u", conf->io_weight);
	return r < 0 ? -1 : 0;
}

/* mkdir -p under root for --cgroup-parent. */
static int make_parent(const char *path, size_t root_len)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + root_len + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

static int parent_path(const struct confine_config *conf, char *buf, size_t size)
{
	char root[512], own[512];
	const char *p = conf->cgroup_parent;
	int r;

	r = cgroup_v2_root(root, sizeof(root));
	if (r < 0)
		return r;
	if (p && *p == '/') {
		snprintf(buf, size, "%s%s", root, p);
	} else {
		r = cgroup_under(root, 0, own, sizeof(own)); /* mountinfo is read once */
		if (r < 0)
			return r;
		if ((size_t) snprintf(buf, size, "%s%s%s", own, p ? "/" : "", p ? p : "") >= size)
			return -ENAMETOOLONG;
	}
	/* .. would climb out of the hierarchy. */
	if (p && (strstr(p, "/../") || strncmp(p, "../", 3) == 0 || strcmp(p, "..") == 0 ||
		  (strlen(p) >= 3 && strcmp(p + strlen(p) - 3, "/..") == 0)))
		return -EINVAL;
	if (p) {
		r = make_parent(buf, strlen(root));
		if (r < 0)
			return r;
	}
	return 0;
}

/* Removes one tether-* child nobody holds and that holds no process. */
static void sweep_one(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && unlinkat(parent, name, AT_REMOVEDIR) == 0)
		log_debug(0, "removed orphan cgroup %s", name);
	fd_close(fd);
}

static void sweep_fd(int parent)
{
	int fd = fcntl(parent, F_DUPFD_CLOEXEC, 0);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		fd_close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (strncmp(e->d_name, "tether-", 7) == 0 && e->d_type == DT_DIR)
			sweep_one(parent, e->d_name);
	closedir(d);
}

/* The directory at path (relative to dir), swept if it opens. */
static void sweep_at(int dir, const char *path)
{
	int fd = openat(dir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		sweep_fd(fd);
		fd_close(fd);
	}
}

void cgroup_sweep(const char *parent)
{
	char path[512];

	if (parent)
		snprintf(path, sizeof(path), "%s", parent);
	else if (cgroup_of(0, path, sizeof(path)) < 0)
		return;
	sweep_at(AT_FDCWD, path);
}

void cgroup_sweep_beside(const struct cgroup *cg)
{
	if (cg && cg->dir_fd >= 0)
		sweep_at(cg->dir_fd, "..");
}

/* mkdir, open, lock; again when a sweep removed it between two of those. */
static int make_own(int parent, const char *name, struct cgroup *cg)
{
	struct stat st;

	for (int tries = 0; tries < 5; tries++) {
		if (mkdirat(parent, name, 0755) < 0) {
			if (errno != EEXIST)
				return -errno;
			/* A launcher that had our pid left it behind. */
			sweep_one(parent, name);
			continue;
		}
		cg->dir_fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->dir_fd < 0)
			continue;
		if (flock(cg->dir_fd, LOCK_EX) == 0 &&
		    fstatat(cg->dir_fd, "cgroup.procs", &st, 0) == 0)
			return 0;
		fd_close(cg->dir_fd);
		cg->dir_fd = -1;
	}
	return -EAGAIN;
}

int cgroup_create(const struct confine_config *conf, struct cgroup *cg)
{
	struct need need[4];
	size_t n_need = needed(conf, need);
	char parent[512], name[32];
	int pfd, r;

	cg->dir_fd = cg->procs_fd = -1;
	cg->placed = false;
	r = parent_path(conf, parent, sizeof(parent));
	if (r < 0) {
		if (n_need == 0 && !conf->cgroup_parent) {
			log_debug(r, "no cgroup v2 hierarchy: the container gets no cgroup");
			return 0;
		}
		log_error(r, "%s: find the cgroup v2 hierarchy",
			  n_need ? need[0].opt : "--cgroup-parent");
		return PROC_EXIT_SETUP;
	}
	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		log_error(errno, "open cgroup %s", parent);
		return PROC_EXIT_SETUP;
	}
	if (enable(pfd, parent, need, n_need) < 0) {
		fd_close(pfd);
		return PROC_EXIT_SETUP;
	}
	snprintf(name, sizeof(name), "tether-%d", (int) getpid());
	r = make_own(pfd, name, cg);
	fd_close(pfd);
	if (r < 0) {
		/* Not ours to write (a user without a delegated cgroup): no cgroup, unless asked.
		 */
		if (n_need == 0 && !conf->cgroup_parent &&
		    (r == -EACCES || r == -EPERM || r == -EROFS)) {
			log_debug(r, "create cgroup in %s: the container gets no cgroup", parent);
			return 0;
		}
		log_error(r, "create cgroup %s/%s", parent, name);
		return PROC_EXIT_SETUP;
	}
	snprintf(cg->path, sizeof(cg->path), "%s/%s", parent, name);
	cg->procs_fd = openat(cg->dir_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (cg->procs_fd < 0) {
		log_error(errno, "open %s/cgroup.procs", cg->path);
		cgroup_remove(cg);
		return PROC_EXIT_SETUP;
	}
	if (write_limits(conf, cg) < 0 || devices_attach(conf, cg) < 0) {
		cgroup_remove(cg);
		return PROC_EXIT_SETUP;
	}
	log_debug(0, "cgroup %s", cg->path);
	return 0;
}

/* Before cgroup.kill (Linux 5.14): freeze, SIGKILL each pid, thaw. */
static int kill_each(const struct cgroup *cg)
{
	char buf[4096], *p, *end;
	bool frozen = write_at(cg->dir_fd, "cgroup.freeze", "1") == 0;
	ssize_t n;

	n = read_at(cg->dir_fd, "cgroup.procs", buf, sizeof(buf));
	for (p = buf; n > 0 && *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0)
			kill((pid_t) pid, SIGKILL);
		while (*end == '\n')
			end++;
	}
	if (frozen)
		write_at(cg->dir_fd, "cgroup.freeze", "0");
	return n < 0 ? (int) n : 0;
}

int cgroup_kill(const struct cgroup *cg)
{
	int r;

	if (!cg || cg->dir_fd < 0)
		return -ENOENT;
	r = write_at(cg->dir_fd, "cgroup.kill", "1");
	if (r == -ENOENT)
		r = kill_each(cg);
	return r;
}

static bool is_populated(int events_fd)
{
	char buf[256];
	ssize_t n = pread(events_fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	return !strstr(buf, "populated 0");
}

void cgroup_empty(const struct cgroup *cg)
{
	struct pollfd pfd;
	struct timespec t0, t;
	long ms = 0;

	if (!cg || cg->dir_fd < 0)
		return;
	pfd.fd = openat(cg->dir_fd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	pfd.events = POLLPRI;
	if (pfd.fd < 0 || !is_populated(pfd.fd)) {
		fd_close(pfd.fd);
		return;
	}
	cgroup_kill(cg);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* cgroup.events signals every change with POLLPRI (cgroup-v2.rst). */
	while (is_populated(pfd.fd) && ms < EMPTY_WAIT_MS) {
		poll(&pfd, 1, 100);
		if (ms >= 1000)
			cgroup_kill(
				cg); /* pids forked past the kill on kernels without cgroup.kill */
		clock_gettime(CLOCK_MONOTONIC, &t);
		ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
	}
	fd_close(pfd.fd);
}

unsigned long long cgroup_oom_kills(const struct cgroup *cg)
{
	char buf[512], *p;

	if (!cg || cg->dir_fd < 0 || read_at(cg->dir_fd, "memory.events", buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "oom_kill ");
	return p ? strtoull(p + 9, NULL, 10) : 0;
}

void cgroup_remove(struct cgroup *cg)
{
	if (!cg || cg->dir_fd < 0)
		return;
	cgroup_empty(cg);
	if (rmdir(cg->path) < 0 && errno != ENOENT)
		log_warning(errno, "remove cgroup %s", cg->path);
	fd_close(cg->procs_fd);
	fd_close(cg->dir_fd);
	cg->dir_fd = cg->procs_fd = -1;
}
