/* SPDX-License-Identifier: MIT */
/*
 * The floor of the launch benchmark: one clone3 into new pid, mount, uts and ipc
 * namespaces (and a network namespace with -n), exec, wait. With -r DIR the child also
 * pivots into DIR, the least any --rootfs can do. With -c DIR the child starts in a cgroup
 * of its own, made in DIR before the clone (CLONE_INTO_CGROUP) and removed after the wait;
 * with -p it mounts a /proc of its pid namespace: the kernel's share of what every
 * `tether run` does. No checks beyond what it needs: it is the physical limit of the
 * machine, not a launcher.
 * Usage: floor [-n] [-p] [-c DIR] [-r DIR] COMMAND [ARG...]; exits with the command's status.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "syscall.h"

static void die_child(const char *op, const char *obj)
{
	int err = errno;

	fprintf(stderr, "floor: %s %s: %s\n", op, obj, strerror(err));
	_exit(PROC_EXIT_SETUP);
}

/* Runs in the child: the pivot_root(".", ".") trick keeps no old root around. */
static void enter_root(const char *dir)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die_child("make private", "/");
	if (mount(dir, dir, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_child("bind", dir);
	if (chdir(dir) < 0)
		die_child("chdir", dir);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die_child("pivot_root", dir);
	if (umount2(".", MNT_DETACH) < 0)
		die_child("detach", "old root");
	if (chdir("/") < 0)
		die_child("chdir", "/");
}

/* Runs in the child: the /proc of its own pid namespace, as a container has. */
static void mount_proc(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die_child("make private", "/");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die_child("mount", "/proc");
}

int main(int argc, char **argv)
{
	struct tether_clone_args args = {
		.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC,
		.exit_signal = SIGCHLD,
	};
	const char *root = NULL, *cg_parent = NULL;
	char cg_name[32];
	int opt, status, parent_fd = -1, cg_fd = -1;
	bool proc = false;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+npc:r:")) != -1) {
		switch (opt) {
		case 'n':
			args.flags |= CLONE_NEWNET;
			break;
		case 'p':
			proc = true;
			break;
		case 'c':
			cg_parent = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		default:
			return PROC_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: floor [-n] [-p] [-c DIR] [-r DIR] COMMAND [ARG...]\n");
		return PROC_EXIT_USAGE;
	}
	if (cg_parent) {
		snprintf(cg_name, sizeof(cg_name), "floor-%d", (int) getpid());
		parent_fd = open(cg_parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (parent_fd < 0 || mkdirat(parent_fd, cg_name, 0755) < 0 ||
		    (cg_fd = openat(parent_fd, cg_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			fprintf(stderr, "floor: cgroup in %s: %s\n", cg_parent, strerror(errno));
			return PROC_EXIT_SETUP;
		}
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t) cg_fd;
	}

	pid = sys_clone3(&args,
			 cg_parent ? TETHER_CLONE_ARGS_SIZE_VER2 : TETHER_CLONE_ARGS_SIZE_VER0);
	if (pid < 0) {
		fprintf(stderr, "floor: clone3 child: %s\n", strerror(-pid));
		if (cg_parent)
			unlinkat(parent_fd, cg_name, AT_REMOVEDIR);
		return PROC_EXIT_SETUP;
	}
	if (pid == 0) {
		if (proc)
			mount_proc();
		if (root)
			enter_root(root);
		execv(argv[optind], argv + optind);
		_exit(proc_exec_failure_code(errno));
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "floor: wait child: %s\n", strerror(errno));
			return PROC_EXIT_SETUP;
		}
	}
	if (cg_parent && unlinkat(parent_fd, cg_name, AT_REMOVEDIR) < 0) {
		fprintf(stderr, "floor: remove cgroup %s: %s\n", cg_name, strerror(errno));
		return PROC_EXIT_SETUP;
	}
	return proc_exit_code(status);
}
