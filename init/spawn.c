/* SPDX-License-Identifier: MIT */
/*
 * Starts COMMAND as tether-init's only direct child. The code after fork runs in the child
 * up to exec: no stdio, no heap, no logging. An exec failure travels back as an errno on a
 * close-on-exec pipe (as musl's posix_spawn does); EOF on the pipe means exec succeeded.
 */
#include "init.h"
#include "fd.h"
#include "fmt.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

/*
 * The terminal: when stdin is our controlling terminal, the child gets its own process
 * group and makes it the foreground group, so Ctrl-C and job control reach it. It must stay
 * in our session for that (a new session has no controlling terminal, and taking the
 * terminal from our session needs CAP_SYS_ADMIN). Without a controlling terminal the child
 * gets a new session; a terminal that no session controls is taken as its own.
 * SIGTTOU is still ignored here (inherited from tether-init): tcsetpgrp from a background
 * group would otherwise stop the child.
 */
static void child_terminal(void)
{
	if (tcgetpgrp(STDIN_FILENO) >= 0) {
		setpgid(0, 0);
		tcsetpgrp(STDIN_FILENO, getpid());
	} else {
		setsid();
		if (isatty(STDIN_FILENO))
			ioctl(STDIN_FILENO, TIOCSCTTY, 0);
	}
}

/* systemd's sd_listen_fds() wants LISTEN_PID to be the pid of the process that reads them. */
static void child_listen_pid(void)
{
	static char entry[32];

	for (char **e = environ; *e; e++)
		if (strncmp(*e, "LISTEN_PID=", 11) == 0) {
			fmt_buf(entry, sizeof(entry), "LISTEN_PID=%d", (int) getpid());
			*e = entry;
		}
}

static void __attribute__((noreturn)) child_exec(const struct init_config *cfg, int errfd)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};
	sigset_t none;
	int err;

	child_terminal();
	child_listen_pid();
	/* Default dispositions (tether-init reset all but these) and an empty mask. */
	sigaction(SIGTTIN, &dfl, NULL);
	sigaction(SIGTTOU, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(cfg->argv[0], cfg->argv);
	err = errno;
	while (write(errfd, &err, sizeof(err)) < 0 && errno == EINTR)
		;
	_exit(proc_exec_failure_code(err));
}

pid_t init_spawn(const struct init_config *cfg)
{
	int pipefd[2], err = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	/*
	 * A raw clone with SIGCHLD is fork without musl's atfork locks, which a single-threaded
	 * init does not need and which cost a kilobyte. The child uses no thread data.
	 */
	pid = (pid_t) syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) {
		err = errno;
		fd_close(pipefd[0]);
		fd_close(pipefd[1]);
		return -err;
	}
	if (pid == 0)
		child_exec(cfg, pipefd[1]);
	fd_close(pipefd[1]);
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	fd_close(pipefd[0]);
	if (n != (ssize_t) sizeof(err))
		return pid;
	/* Exec failed: reap the child before the caller reports it. */
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return -(err ? err : EIO);
}
