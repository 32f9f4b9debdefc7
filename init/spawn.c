/* SPDX-License-Identifier: MIT */
/*
 * Starts COMMAND as tether-init's only direct child, with vfork: the child borrows our
 * memory until it execs, so no page table is copied and none of our pages turns
 * copy-on-write (a plain fork cost 0.6 ms more per start on the benchmark machine). The
 * code after vfork runs in the child up to exec: no stdio, no heap, no logging, and it
 * writes nothing of ours but the exec error it leaves for us.
 */
#include "init.h"
#include "fmt.h"
#include "proc.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
/* After sys/wait.h, whose P_PIDFD it would otherwise redefine. */
#include "syscall.h"

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

/*
 * systemd's sd_listen_fds() wants LISTEN_PID to be the pid of the process that reads them.
 * Our environ is shared with the vfork child: the entry changes for us too, harmless as we
 * never read the environment again.
 */
static void child_listen_pid(void)
{
	static char entry[32];

	for (char **e = environ; *e; e++)
		if (strncmp(*e, "LISTEN_PID=", 11) == 0) {
			fmt_buf(entry, sizeof(entry), "LISTEN_PID=%d", (int) getpid());
			*e = entry;
		}
}

static void __attribute__((noreturn))
child_exec(const struct init_config *cfg, volatile int *exec_err)
{
	sigset_t none;

	child_terminal();
	child_listen_pid();
	/* Default dispositions (tether-init reset all but these) and an empty mask. */
	sys_sigaction_simple(SIGTTIN, SIG_DFL);
	sys_sigaction_simple(SIGTTOU, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(cfg->argv[0], cfg->argv);
	*exec_err = errno;
	_exit(proc_exec_failure_code(errno));
}

pid_t init_spawn(const struct init_config *cfg)
{
	volatile int exec_err = 0;
	pid_t pid;

	/* We are single-threaded and block every signal: nothing runs while the child borrows. */
	pid = vfork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		child_exec(cfg, &exec_err);
	/* Here the child has exec'd or exited. */
	if (!exec_err)
		return pid;
	/* Exec failed: reap the child before the caller reports it. */
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return -exec_err;
}
