/* SPDX-License-Identifier: MIT */
/*
 * The floor of the launch benchmark: one clone3 into new pid, mount, uts and ipc
 * namespaces (and a network namespace with -n), exec, wait. With -r DIR the child also
 * pivots into DIR, the least any --rootfs can do. No checks beyond what it needs: it is
 * the physical limit of the machine, not a launcher.
 * Usage: floor [-n] [-r DIR] COMMAND [ARG...]; exits with the command's status.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
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

int main(int argc, char **argv)
{
	struct tether_clone_args args = {
		.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC,
		.exit_signal = SIGCHLD,
	};
	const char *root = NULL;
	int opt, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+nr:")) != -1) {
		switch (opt) {
		case 'n':
			args.flags |= CLONE_NEWNET;
			break;
		case 'r':
			root = optarg;
			break;
		default:
			return PROC_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: floor [-n] [-r DIR] COMMAND [ARG...]\n");
		return PROC_EXIT_USAGE;
	}

	pid = sys_clone3(&args, TETHER_CLONE_ARGS_SIZE_VER0);
	if (pid < 0) {
		fprintf(stderr, "floor: clone3 child: %s\n", strerror(-pid));
		return PROC_EXIT_SETUP;
	}
	if (pid == 0) {
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
	return proc_exit_code(status);
}
