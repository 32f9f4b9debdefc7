/* SPDX-License-Identifier: MIT */
/*
 * exec_enter.h: `tether exec`'s way in: the init's limits and cgroup read from /proc, the
 * namespaces entered through its pidfd, the sealed copy of ourselves, and the wait for
 * COMMAND with its signals forwarded.
 */
#include "exec_enter.h"
#include "cgroup.h"
#include "fd.h"
#include "init_path.h"
#include "log.h"
#include "ns.h"
#include "proc.h"
#include "relay.h"
#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
/* after sys/wait.h, whose P_PIDFD enum its fallback macro would break */
#include "syscall.h"

extern char **environ;

void exec_read_limits(pid_t pid, struct limits *lim)
{
	char path[64], line[600], self[512] = "";
	FILE *f;

	memset(lim, 0, sizeof(*lim));
	snprintf(path, sizeof(path), "/proc/%d/status", (int) pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long v;
		int n;

		if (sscanf(line, "CapBnd: %llx", &v) == 1)
			lim->cap_bnd = v;
		else if (sscanf(line, "CapAmb: %llx", &v) == 1)
			lim->cap_amb = v;
		else if (sscanf(line, "NoNewPrivs: %d", &n) == 1)
			lim->no_new_privs = n != 0;
	}
	if (f)
		fclose(f);
	/* Ours first, to join theirs only when it differs. */
	if (cgroup_of((int) pid, lim->cgroup, sizeof(lim->cgroup)) < 0 ||
	    (cgroup_of(0, self, sizeof(self)) == 0 && strcmp(self, lim->cgroup) == 0))
		lim->cgroup[0] = '\0';
}

/* Moves us (and so the child to come) into the init's cgroup. Before setns(mnt). */
int exec_join_cgroup(const struct limits *lim)
{
	char path[600];
	int fd, r = 0;

	if (!lim->cgroup[0])
		return 0;
	snprintf(path, sizeof(path), "%s/cgroup.procs", lim->cgroup);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1)
		r = -errno;
	fd_close(fd);
	return r;
}

/* setns through the pidfd; or, refused, through each /proc/PID/ns file (user first). */
int exec_enter_ns(int pidfd, pid_t pid, const char **what)
{
	int fds[16], n = 0, flags = 0, r = 0;
	size_t order[16], k = 0;

	for (size_t i = 0; i < ns_table_len; i++)
		if (strcmp(ns_table[i].name, "user") == 0)
			order[k++] = i;
	for (size_t i = 0; i < ns_table_len; i++)
		if (strcmp(ns_table[i].name, "user") != 0)
			order[k++] = i;
	for (size_t j = 0; j < k && n < 16; j++) {
		const struct ns_info *ns = &ns_table[order[j]];
		long long theirs = ns_inode(pid, ns), ours = ns_inode(getpid(), ns);
		char path[64];

		if (theirs < 0 || theirs == ours)
			continue;
		flags |= (int) ns->flag;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int) pid, ns->proc_name);
		fds[n] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[n] < 0) {
			r = -errno;
			*what = ns->name;
			break;
		}
		n++;
	}
	if (r == 0 && flags && setns(pidfd, flags) < 0) {
		r = -errno;
		*what = "namespaces through the pidfd";
		if (r == -EINVAL) {
			r = 0;
			for (int i = 0; i < n && r == 0; i++)
				if (setns(fds[i], 0) < 0) {
					r = -errno;
					*what = "namespace";
				}
		}
	}
	for (int i = 0; i < n; i++)
		fd_close(fds[i]);
	return r;
}

/*
 * Forwards every signal to the child until it ends; returns its exit status. With a relay
 * (-t), copies the terminal meanwhile, turns SIGWINCH into the pty's size, and drains the
 * pty before returning.
 */
int exec_supervise(pid_t pid, int sfd, struct relay *rl)
{
	int pidfd = sys_pidfd_open(pid, 0), status;
	struct pollfd p[3] = {{.fd = sfd, .events = POLLIN},
			      {.fd = pidfd, .events = POLLIN},
			      {.fd = rl ? rl->ep : -1, .events = POLLIN}};
	struct signalfd_siginfo ssi;

	while (pidfd >= 0) {
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN)
			while (read(sfd, &ssi, sizeof(ssi)) == (ssize_t) sizeof(ssi)) {
				if (rl && ssi.ssi_signo == SIGWINCH)
					relay_resize(rl);
				else if (ssi.ssi_signo != SIGCHLD &&
					 !sig_is_own_pipe((int) ssi.ssi_signo, ssi.ssi_code,
							  (int) ssi.ssi_pid))
					sys_pidfd_send_signal(pidfd, (int) ssi.ssi_signo, NULL, 0);
			}
		if (p[2].revents)
			relay_dispatch(rl);
		if (p[1].revents)
			break;
	}
	fd_close(pidfd);
	if (rl) {
		relay_drain(rl);
		relay_close(rl);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return PROC_EXIT_SETUP;
	return proc_exit_code(status);
}

/*
 * CVE-2019-5736: run again from a sealed memfd copy of ourselves, unless we are that copy
 * already (its seals say so). 0 when we are; otherwise the exit status after saying why.
 */
int exec_reexec_sealed(int argc, char **argv)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), seals, mfd;
	const char *what = "open /proc/self/exe";
	char **v;

	seals = fd < 0 ? -1 : fcntl(fd, F_GET_SEALS);
	fd_close(fd);
	if (seals >= 0 && (seals & F_SEAL_WRITE))
		return 0;
	mfd = exe_memfd("/proc/self/exe", "tether", &what);
	v = calloc((size_t) argc + 2, sizeof(*v));
	if (mfd >= 0 && v) {
		v[0] = (char *) "tether";
		memcpy(v + 1, argv, (size_t) argc * sizeof(*v));
		syscall(SYS_execveat, mfd, "", v, environ, AT_EMPTY_PATH);
		what = "execute the sealed copy of tether";
		mfd = -errno;
	}
	log_error(mfd < 0 ? mfd : -ENOMEM, "exec: %s", what);
	free(v);
	return PROC_EXIT_SETUP;
}
