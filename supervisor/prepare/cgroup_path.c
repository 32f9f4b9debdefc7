/* SPDX-License-Identifier: MIT */
/* cgroup.h: where the cgroup v2 hierarchy is, and where a process is in it. */
#include "cgroup.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>

/*
 * Where cgroup v2 is mounted: where systemd and the engines mount it (unified, or hybrid's
 * unified), told by one statfs each, else the first cgroup2 mount point of our mount
 * table (reading it costs more than the rest of the cgroup's making).
 */
int cgroup_v2_root(char *buf, size_t size)
{
	static const char *const usual[] = {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"};
	char line[1024], mnt[512];
	struct statfs sfs;
	FILE *f;
	int r = -ENOENT;

	for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
		if (statfs(usual[i], &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC) {
			snprintf(buf, size, "%s", usual[i]);
			return 0;
		}
	f = fopen("/proc/self/mountinfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " - cgroup2 ") &&
		    sscanf(line, "%*s %*s %*s %*s %511s", mnt) == 1) {
			snprintf(buf, size, "%s", mnt);
			r = 0;
			break;
		}
	if (f)
		fclose(f);
	return r;
}

int cgroup_under(const char *root, int pid, char *buf, unsigned long size)
{
	char path[64], line[1024];
	FILE *f;
	int r = -ENOENT;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/cgroup");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			/* The root cgroup is "/": no trailing slash after the mount point. */
			snprintf(buf, size, "%s%s", root, strcmp(line + 3, "/") ? line + 3 : "");
			r = 0;
			break;
		}
	fclose(f);
	return r;
}

int cgroup_of(int pid, char *buf, unsigned long size)
{
	char root[512];

	if (cgroup_v2_root(root, sizeof(root)) < 0)
		return -ENOENT;
	return cgroup_under(root, pid, buf, size);
}
