/* SPDX-License-Identifier: MIT */
/*
 * userns.h: runs in the parent only. The maps are written by the launcher, never by the
 * child: a process inside cannot be trusted with the outside ids, and /proc/PID/uid_map
 * is reached from a descriptor of a real procfs root, not a path anyone else can remount.
 */
#include "userns.h"
#include "usage.h"
#include "passwd.h"
#include "fd.h"
#include "fmt.h"
#include "log.h"
#include "parse.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int userns_parse_map(const char *spec, struct id_map *maps, size_t *n)
{
	unsigned long long v[3];
	char buf[64], *p = buf, *field;

	if (*n >= USERNS_MAPS_MAX)
		return -E2BIG;
	if (fmt_buf(buf, sizeof(buf), "%s", spec) >= sizeof(buf) - 1)
		return -EINVAL;
	for (int i = 0; i < 3; i++) {
		field = strsep(&p, ":");
		if (!field || parse_uint(field, UINT32_MAX - 1, &v[i]) < 0)
			return -EINVAL;
	}
	if (p || v[2] == 0 || v[0] + v[2] > UINT32_MAX || v[1] + v[2] > UINT32_MAX)
		return -EINVAL;
	maps[*n].inside = (uint32_t) v[0];
	maps[*n].outside = (uint32_t) v[1];
	maps[*n].count = (uint32_t) v[2];
	(*n)++;
	return 0;
}

static bool overlap(uint32_t a, uint32_t b, uint32_t count_a, uint32_t count_b)
{
	return a < b + count_b && b < a + count_a;
}

static int check_maps(const struct id_map *m, size_t n, const char *opt)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (overlap(m[i].inside, m[j].inside, m[i].count, m[j].count) ||
			    overlap(m[i].outside, m[j].outside, m[i].count, m[j].count)) {
				return client_usage_error("run", "%s %u:%u:%u: overlaps %u:%u:%u",
							  opt, m[j].inside, m[j].outside,
							  m[j].count, m[i].inside, m[i].outside,
							  m[i].count);
			}
	return 0;
}

/* The first range of name (or of the uid as a number) in /etc/subuid or /etc/subgid. */
bool userns_sub_range(const char *file, const char *name, unsigned int id, uint32_t *start,
		      uint32_t *count)
{
	FILE *f = fopen(file, "re");
	char *line = NULL, idbuf[16];
	size_t cap = 0;
	bool found = false;

	if (!f)
		return false;
	fmt_buf(idbuf, sizeof(idbuf), "%u", id);
	while (!found && getline(&line, &cap, f) > 0) {
		char *p = line, *who = strsep(&p, ":"), *s = strsep(&p, ":"), *c = strsep(&p, "\n");
		unsigned long long vs, vc;

		if (!who || !s || !c || (strcmp(who, name ? name : "") && strcmp(who, idbuf)))
			continue;
		if (parse_uint(s, UINT32_MAX - 1, &vs) < 0 || parse_uint(c, UINT32_MAX, &vc) < 0 ||
		    vc == 0 || vs + vc > UINT32_MAX)
			continue;
		*start = (uint32_t) vs;
		*count = (uint32_t) vc;
		found = true;
	}
	free(line);
	fclose(f);
	return found;
}

static bool find_helper(const char *name)
{
	char path[64];

	for (const char *const *d = (const char *const[]){"/usr/bin", "/bin", "/usr/sbin", NULL};
	     *d; d++) {
		fmt_buf(path, sizeof(path), "%s/%s", *d, name);
		if (access(path, X_OK) == 0)
			return true;
	}
	return false;
}

int userns_prepare(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	struct passwd_entry pw;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	uint32_t us, uc, gs, gc;
	int r;

	if (!iso->userns) {
		if (iso->n_uid_maps || iso->n_gid_maps) {
			return client_usage_error("run", "%s",
						  "--uid-map/--gid-map: need --userns");
		}
		return 0;
	}
	cfg->clone_flags |= CLONE_NEWUSER;
	r = check_maps(iso->uid_maps, iso->n_uid_maps, "--uid-map");
	if (!r)
		r = check_maps(iso->gid_maps, iso->n_gid_maps, "--gid-map");
	if (r)
		return r;
	if (uid != 0) {
		char key[24];
		bool ranged;

		snprintf(key, sizeof(key), "%u", (unsigned int) uid);
		passwd_lookup(AT_FDCWD, "/etc/passwd", key, true, true, &pw);
		/* Ranges of others' ids need the setuid helpers; one's own id does not. */
		iso->use_helpers = find_helper("newuidmap") && find_helper("newgidmap");
		ranged = iso->use_helpers && !iso->n_uid_maps && !iso->n_gid_maps &&
			 userns_sub_range("/etc/subuid", pw.name, uid, &us, &uc) &&
			 userns_sub_range("/etc/subgid", pw.name, uid, &gs, &gc);
		passwd_entry_free(&pw);
		if (ranged) {
			iso->uid_maps[0] = (struct id_map){0, uid, 1};
			iso->uid_maps[1] = (struct id_map){1, us, uc};
			iso->gid_maps[0] = (struct id_map){0, gid, 1};
			iso->gid_maps[1] = (struct id_map){1, gs, gc};
			iso->n_uid_maps = iso->n_gid_maps = 2;
			return 0;
		}
		if (!iso->n_uid_maps && !iso->n_gid_maps)
			iso->use_helpers = false;
	}
	/* Without maps: the caller is root inside, as `unshare -r` does. */
	if (!iso->n_uid_maps)
		iso->uid_maps[iso->n_uid_maps++] = (struct id_map){0, uid, 1};
	if (!iso->n_gid_maps)
		iso->gid_maps[iso->n_gid_maps++] = (struct id_map){0, gid, 1};
	/* An unprivileged gid_map is only accepted once setgroups(2) is denied for good. */
	iso->setgroups_deny = uid != 0 && !iso->use_helpers;
	return 0;
}

static size_t format_maps(char *buf, size_t size, const struct id_map *m, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		len += fmt_buf(buf + len, size - len, "%u %u %u\n", m[i].inside, m[i].outside,
			       m[i].count);
	return len;
}

static int write_at(int dirfd, const char *name, const char *data, size_t len)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CLOEXEC | O_NOFOLLOW), r = 0;

	if (fd < 0)
		return -errno;
	/* One write: the kernel takes a map only whole, and only once. */
	if (write(fd, data, len) != (ssize_t) len)
		r = -errno;
	fd_close(fd);
	return r;
}

static int run_helper(const char *name, pid_t pid, const struct id_map *m, size_t n)
{
	char nums[USERNS_MAPS_MAX * 3 + 1][16], *argv[USERNS_MAPS_MAX * 3 + 3];
	posix_spawnattr_t attr;
	sigset_t none, all;
	pid_t hp;
	int status, r, k = 0;

	argv[k++] = (char *) name;
	fmt_buf(nums[0], sizeof(nums[0]), "%d", (int) pid);
	argv[k++] = nums[0];
	for (size_t i = 0; i < n; i++) {
		fmt_buf(nums[3 * i + 1], 16, "%u", m[i].inside);
		fmt_buf(nums[3 * i + 2], 16, "%u", m[i].outside);
		fmt_buf(nums[3 * i + 3], 16, "%u", m[i].count);
		argv[k++] = nums[3 * i + 1];
		argv[k++] = nums[3 * i + 2];
		argv[k++] = nums[3 * i + 3];
	}
	argv[k] = NULL;
	/* The launcher blocks every signal for its signalfd: the helper starts clean. */
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	r = posix_spawnp(&hp, name, NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (r) {
		log_error(r, "run %s", name);
		return -1;
	}
	while (waitpid(hp, &status, 0) < 0)
		if (errno != EINTR) {
			log_error(errno, "wait for %s", name);
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		char line[256];
		size_t len = 0;

		for (int i = 0; argv[i]; i++)
			len += fmt_buf(line + len, sizeof(line) - len, "%s%s", i ? " " : "",
				       argv[i]);
		if (WIFEXITED(status))
			log_error(0, "%s: exited with %d", line, WEXITSTATUS(status));
		else
			log_error(0, "%s: killed by signal %d", line, WTERMSIG(status));
		return -1;
	}
	return 0;
}

int userns_configure(const struct run_config *cfg, pid_t pid)
{
	const struct isolate_config *iso = &cfg->iso;
	char buf[USERNS_MAPS_MAX * 40], name[16];
	struct statfs sfs;
	struct stat st;
	int proc, dir, r;

	if (!iso->userns)
		return 0;
	if (iso->use_helpers)
		return run_helper("newuidmap", pid, iso->uid_maps, iso->n_uid_maps) < 0 ||
				       run_helper("newgidmap", pid, iso->gid_maps,
						  iso->n_gid_maps) < 0
			       ? -1
			       : 0;
	/* The root of a real procfs: not a directory someone mounted or linked in its place. */
	proc = open("/proc", O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (proc < 0 || fstatfs(proc, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC ||
	    fstat(proc, &st) < 0 || st.st_ino != 1) {
		log_error(proc < 0 ? errno : EXDEV, "open /proc to write the id maps");
		fd_close(proc);
		return -1;
	}
	fmt_buf(name, sizeof(name), "%d", (int) pid);
	dir = openat(proc, name, O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	fd_close(proc);
	if (dir < 0) {
		log_error(errno, "open /proc/%d", (int) pid);
		return -1;
	}
	r = 0;
	if (iso->setgroups_deny) {
		r = write_at(dir, "setgroups", "deny", 4);
		if (r < 0)
			log_error(r, "write /proc/%d/setgroups", (int) pid);
	}
	if (r == 0) {
		r = write_at(dir, "uid_map", buf,
			     format_maps(buf, sizeof(buf), iso->uid_maps, iso->n_uid_maps));
		if (r < 0)
			log_error(r, "write /proc/%d/uid_map", (int) pid);
	}
	if (r == 0) {
		r = write_at(dir, "gid_map", buf,
			     format_maps(buf, sizeof(buf), iso->gid_maps, iso->n_gid_maps));
		if (r < 0)
			log_error(r, "write /proc/%d/gid_map", (int) pid);
	}
	fd_close(dir);
	return r < 0 ? -1 : 0;
}
