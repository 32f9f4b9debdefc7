/* SPDX-License-Identifier: MIT */
/*
 * Test helper: runs a command as PID 1 of a new pid and mount namespace (mounts made
 * private, a fresh /proc), waits for it and prints how it ended: "exit N" or "signal NAME".
 * That is how a container manager learns of halt (SIGINT) and reboot (SIGHUP).
 * Usage: nsrun [-n] [-p PIDFILE] [-b SIG] -- COMMAND [ARG...]
 *   -n  no new namespaces: a plain child     -p  write the child's pid to PIDFILE
 *   -b  start the command with SIG blocked and pending
 */
#include "fmt.h"
#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "nsrun: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void write_pidfile(const char *path, pid_t pid)
{
	char tmp[4096], buf[32];
	int fd, n;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("open pidfile");
	n = snprintf(buf, sizeof(buf), "%d\n", (int) pid);
	if (write(fd, buf, (size_t) n) != n || close(fd) < 0 || rename(tmp, path) < 0)
		die("write pidfile");
}

int main(int argc, char **argv)
{
	const char *pidfile = NULL;
	bool new_ns = true;
	int block = 0, opt, status;
	unsigned long flags;
	char name[SIG_NAME_MAX];
	pid_t pid;

	while ((opt = getopt(argc, argv, "+np:b:")) != -1) {
		switch (opt) {
		case 'n':
			new_ns = false;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'b':
			block = sig_from_name(optarg);
			if (block < 0) {
				fprintf(stderr, "nsrun: bad signal %s\n", optarg);
				return 2;
			}
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: nsrun [-n] [-p PIDFILE] [-b SIG] -- COMMAND [ARG...]\n");
		return 2;
	}
	flags = SIGCHLD | (new_ns ? CLONE_NEWPID | CLONE_NEWNS : 0);
	pid = (pid_t) syscall(SYS_clone, flags, 0, 0, 0, 0);
	if (pid < 0)
		die("clone");
	if (pid == 0) {
		if (new_ns) {
			if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
				die("make / private");
			unsigned long fl = MS_NOSUID | MS_NODEV | MS_NOEXEC;

			if (mount("proc", "/proc", "proc", fl, NULL) < 0)
				die("mount /proc");
		}
		if (block) {
			sigset_t set;

			sigemptyset(&set);
			sigaddset(&set, block);
			sigprocmask(SIG_BLOCK, &set, NULL);
			kill(getpid(), block);
		}
		execvp(argv[optind], argv + optind);
		die("exec");
	}
	if (pidfile)
		write_pidfile(pidfile, pid);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (WIFSIGNALED(status))
		printf("signal %s\n", sig_name(WTERMSIG(status), name));
	else
		printf("exit %d\n", WEXITSTATUS(status));
	return 0;
}
