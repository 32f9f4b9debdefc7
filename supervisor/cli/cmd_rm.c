/* SPDX-License-Identifier: MIT */
/*
 * `tether rm [-f] NAME...`: removes stopped entries from the state directory, with their
 * kept output. A running container is refused unless -f, which stops it first as
 * `tether stop` does (its halt signal, SIGKILL after the time-out). The entry is removed
 * under its lock, so a monitor that starts with the same name meanwhile is never undone.
 */
#include "client.h"
#include "commands.h"
#include "entry.h"
#include "fd.h"
#include "log.h"
#include "proc.h"
#include "state.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define RM_MONITOR_END_MS 10000 /* after stop answered: the monitor only closes its files */

enum { OPT_STATE_DIR = 256 };

static const char rm_usage[] = "usage: tether rm [-f] NAME... [--state-dir DIR]\n"
			       "Removes stopped containers and their kept output.\n"
			       "  -f, --force  stop a running one first (as tether stop)\n";

/* The monitor that answered stop is ending: wait for it to be gone, a bounded time. */
static void wait_monitor(pid_t pid)
{
	struct pollfd p = {.events = POLLIN};

	if (pid <= 0)
		return;
	p.fd = sys_pidfd_open(pid, 0);
	if (p.fd < 0)
		return;
	while (poll(&p, 1, RM_MONITOR_END_MS) < 0 && errno == EINTR)
		;
	fd_close(p.fd);
}

/* The lock DIR/NAME, taken exclusively; -EBUSY while a monitor holds it. */
static int take_lock(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat held, now;
	int fd, r;

	r = state_path(path, sizeof(path), dir, name, NULL);
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		r = errno == EWOULDBLOCK ? -EBUSY : -errno;
		fd_close(fd);
		return r;
	}
	/* Removed and made again meanwhile: that one is someone else's. */
	if (fstat(fd, &held) < 0 || stat(path, &now) < 0 || held.st_ino != now.st_ino ||
	    held.st_dev != now.st_dev) {
		fd_close(fd);
		return -ENOENT;
	}
	return fd;
}

static int remove_one(const char *dir, const char *name, bool force)
{
	struct state_rec rec;
	pid_t monitor;
	int fd, r;

	if (!state_name_ok(name) || (r = state_read(dir, name, &rec)) == -ENOENT) {
		log_error(0, "rm %s: no such container", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	/* Records are 0600: another user's cannot even be read. */
	if (r == -EACCES || r == -EPERM ||
	    (r == 0 && getuid() != 0 && rec.monitor_pid > 0 && rec.uid != getuid())) {
		if (r == 0)
			state_rec_free(&rec);
		log_error(0, "rm %s: permission denied (not root, not its owner)", name);
		return CMD_EXIT_REFUSED;
	}
	if (r < 0) {
		log_error(r, "rm %s: read state", name);
		return PROC_EXIT_SETUP;
	}
	state_rec_free(&rec);
	monitor = rec.monitor_pid;
	if (rec.is_live && !force) {
		log_error(0, "rm %s: still running (stop it first, or rm -f)", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	if (rec.is_live) {
		char *args[] = {(char *) "stop", (char *) "--state-dir", (char *) dir,
				(char *) name, NULL};

		/* Its status is the container's, not ours: the lock below says if it ended. */
		stop_main(4, args);
		wait_monitor(monitor);
	}
	fd = take_lock(dir, name);
	if (fd == -EBUSY) {
		log_error(0, "rm %s: still running", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	if (fd == -ENOENT)
		return 0; /* gone already, or taken by a new monitor: nothing of ours to remove */
	if (fd < 0) {
		log_error(fd, "rm %s: lock", name);
		return fd == -EACCES ? CMD_EXIT_REFUSED : PROC_EXIT_SETUP;
	}
	r = entry_remove(dir, name);
	fd_close(fd);
	if (r < 0) {
		log_error(r, "rm %s: remove from %s", name, dir);
		return r == -EACCES || r == -EPERM ? CMD_EXIT_REFUSED : PROC_EXIT_SETUP;
	}
	printf("%s\n", name);
	return 0;
}

int rm_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir_opt = NULL;
	char *names[64];
	int n = 0, c, r, worst = 0;
	struct client cl;
	bool force = false;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:hf", opts, NULL)) != -1) {
		if (c == 1) {
			if (n == (int) (sizeof(names) / sizeof(names[0])))
				return client_usage_error("rm", "too many names");
			names[n++] = optarg;
		} else if (c == 'f') {
			force = true;
		} else if (c == OPT_STATE_DIR) {
			dir_opt = optarg;
		} else {
			r = client_option_other("rm", c, argv, rm_usage);
			return r < 0 ? 0 : r;
		}
	}
	if (n == 0)
		return client_usage_error("rm", "%s", "missing NAME");
	r = client_init(&cl, "rm", dir_opt);
	if (r)
		return r;
	for (int i = 0; i < n; i++) {
		fflush(stdout);
		r = remove_one(cl.dir, names[i], force);
		if (r && !worst)
			worst = r;
	}
	return worst;
}
