/* SPDX-License-Identifier: MIT */
/* ns.h: the namespace table. */
#include "ns.h"
#include "fmt.h"
#include "syscall.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>

const struct ns_info ns_table[NS_COUNT] = {
	{"pid", "pid", CLONE_NEWPID, 1},    {"mount", "mnt", CLONE_NEWNS, 1},
	{"uts", "uts", CLONE_NEWUTS, 1},    {"ipc", "ipc", CLONE_NEWIPC, 1},
	{"net", "net", CLONE_NEWNET, 0},    {"cgroup", "cgroup", CLONE_NEWCGROUP, 0},
	{"time", "time", CLONE_NEWTIME, 0}, {"user", "user", CLONE_NEWUSER, 0},
};
const size_t ns_table_len = sizeof(ns_table) / sizeof(ns_table[0]);

const struct ns_info *ns_by_name(const char *name)
{
	for (size_t i = 0; i < ns_table_len; i++)
		if (strcmp(name, ns_table[i].name) == 0 || strcmp(name, ns_table[i].proc_name) == 0)
			return &ns_table[i];
	return NULL;
}

const char *ns_flags_str(uint64_t flags, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ns_table_len; i++)
		if (flags & ns_table[i].flag)
			n += fmt_buf(buf + n, size - n, "%s%s", n ? "," : "", ns_table[i].name);
	return buf;
}

long long ns_inode(pid_t pid, const struct ns_info *ns)
{
	char path[64];
	struct stat st;

	if (pid == 0)
		fmt_buf(path, sizeof(path), "/proc/self/ns/%s", ns->proc_name);
	else
		fmt_buf(path, sizeof(path), "/proc/%d/ns/%s", (int) pid, ns->proc_name);
	if (stat(path, &st) < 0)
		return -errno;
	return (long long) st.st_ino;
}
