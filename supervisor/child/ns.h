/* SPDX-License-Identifier: MIT */
/*
 * The namespaces tether knows: their option names, CLONE_NEW* flags and /proc/PID/ns
 * names. A table, so that options, messages and the status output never disagree.
 */
#ifndef TETHER_NS_H
#define TETHER_NS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ns_info {
	const char *name;      /* as options and messages spell it: "pid", "mount" */
	const char *proc_name; /* under /proc/PID/ns: "pid", "mnt" */
	uint64_t flag;         /* CLONE_NEW* */
	int shareable;         /* accepted by --share */
};

#define NS_COUNT 8

extern const struct ns_info ns_table[NS_COUNT];
extern const size_t ns_table_len;

/* The entry named name (option spelling or /proc spelling), or NULL. */
const struct ns_info *ns_by_name(const char *name);
/* "pid,mount,uts,ipc" for the flags set in flags, into buf. Returns buf. */
const char *ns_flags_str(uint64_t flags, char *buf, size_t size);
/* The inode of /proc/PID/ns/<proc_name> (PID 0: /proc/self), or -errno. */
long long ns_inode(pid_t pid, const struct ns_info *ns);

#endif
