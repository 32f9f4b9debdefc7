/* SPDX-License-Identifier: MIT */
/*
 * detach.h: fork before anything else is opened (no signalfd, no epoll yet), so that the
 * monitor starts from a clean slate. The monitor must not keep the caller's pipes open
 * (a shell's $(...) or a test runner would wait for their EOF forever): everything from 3
 * up is closed but the descriptors that --preserve-fds and --status-fd hand on.
 */
#include "detach.h"
#include "control.h"
#include "fd.h"
#include "log.h"
#include "logs.h"
#include "proc.h"
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct keep {
	const struct run_config *cfg;
	int pipe_fd;
};

static void close_unless_kept(int fd, void *arg)
{
	const struct keep *k = arg;

	if (fd == k->pipe_fd || fd == k->cfg->status_fd ||
	    (unsigned int) fd < 3 + k->cfg->preserve_fds)
		return;
	close(fd);
}

/* The parent: the name once the container runs, else the monitor's own status. */
static int wait_ready(int fd, pid_t pid)
{
	char buf[STATE_NAME_MAX + 2];
	ssize_t n, len = 0;
	int status;

	while ((n = read(fd, buf + len, sizeof(buf) - 1 - (size_t) len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += n;
		if ((size_t) len == sizeof(buf) - 1)
			break;
	}
	fd_close(fd);
	if (len > 0) {
		buf[len] = '\0';
		fputs(buf, stdout);
		return 0;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return PROC_EXIT_SETUP;
	status = proc_exit_code(status);
	return status == 0 ? PROC_EXIT_SETUP : status;
}

/* stdout and stderr: --log-file, else a pipe to the monitor, which keeps it (logs.h). */
static int redirect(const char *log_file, int *out_pipe)
{
	int in, out;

	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = log_file ? open(log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)
		       : logs_pipe(out_pipe);
	if (out < 0) {
		int r = log_file ? -errno : out;

		fd_close(in);
		return r;
	}
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) {
		fd_close(in);
		fd_close(out);
		return -errno;
	}
	fd_close(in);
	fd_close(out);
	return 0;
}

int detach_start(const struct run_config *cfg, struct control *ctl)
{
	struct keep k = {cfg, -1};
	int p[2], r;
	pid_t pid;

	fflush(NULL);
	if (pipe2(p, O_CLOEXEC) < 0) {
		log_error(errno, "create detach pipe");
		return PROC_EXIT_SETUP;
	}
	pid = fork();
	if (pid < 0) {
		log_error(errno, "fork monitor");
		fd_close(p[0]);
		fd_close(p[1]);
		return PROC_EXIT_SETUP;
	}
	if (pid > 0) {
		fd_close(p[1]);
		return wait_ready(p[0], pid);
	}
	fd_close(p[0]);
	setsid();
	k.pipe_fd = p[1];
	fd_for_each(3, close_unless_kept, &k);
	ctl->ready_fd = p[1];
	/* Until the container runs, messages go where the user is looking. */
	ctl->saved_err = fcntl(2, F_DUPFD_CLOEXEC, 3);
	if (ctl->saved_err >= 0)
		log_set_fd(ctl->saved_err);
	r = redirect(cfg->log_file, &ctl->out_pipe);
	if (r < 0) {
		if (cfg->log_file)
			log_error(r, "open log file %s", cfg->log_file);
		else
			log_error(r, "create output pipe");
		_exit(PROC_EXIT_SETUP);
	}
	return -1;
}

void detach_ready(struct container *c)
{
	struct control *ctl = &c->ctl;
	char buf[STATE_NAME_MAX + 2];
	int n;

	if (ctl->ready_fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%s\n", ctl->rec.name);
	if (write(ctl->ready_fd, buf, (size_t) n) != n)
		log_warning(errno, "tell the waiting parent");
	fd_close(ctl->ready_fd);
	ctl->ready_fd = -1;
	logs_sink(c);
	fd_close(ctl->saved_err);
	ctl->saved_err = -1;
}
