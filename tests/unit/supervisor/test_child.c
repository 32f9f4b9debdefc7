/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the child's start (child.h, clone.h) with real processes: a child that
 * borrows the launcher's memory (CLONE_VM | CLONE_VFORK) leaves the launcher's environ
 * and dumpability as they were, and still execs with the environment it was given.
 */
#include "check.h"
#include "child.h"
#include "clone.h"
#include "fd.h"
#include "proc.h"
#include "sync.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

extern char **environ;

struct start {
	const struct run_config *cfg;
	int child_end;
	struct child_signals sigs;
};

static int borrowing(void *arg)
{
	const struct start *s = arg;

	child_run(s->cfg, s->child_end, -1, &s->sigs, -1, true);
}

static char stack[64 * 1024] __attribute__((aligned(16)));

/* Starts argv with env through the borrowed path; returns its exit code. */
static int start_borrowed(char **argv, char **env)
{
	static struct run_config cfg;
	struct start s;
	int fds[2], pidfd, status;
	bool clone3;
	pid_t pid;

	cfg.pause_at = -1;
	cfg.no_init = true;
	cfg.exec_argv = argv;
	cfg.ops[0] = (struct setup_op){.kind = SETUP_ENV, .u.envp = env};
	cfg.n_ops = 1;
	CHECK(sync_pair(fds) == 0);
	s.cfg = &cfg;
	s.child_end = fds[1];
	sigprocmask(SIG_SETMASK, NULL, &s.sigs.mask);
	s.sigs.ignored = sig_ignored_or_all();
	pid = clone_vm_with_pidfd(0, false, &pidfd, &clone3, stack, sizeof(stack), borrowing, &s,
				  -1, NULL);
	CHECK(pid > 0);
	fd_close(fds[1]);
	fd_close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	fd_close(pidfd);
	return proc_exit_code(status);
}

TEST(borrowed_start_leaves_environ)
{
	char *mine[] = {(char *) "TETHER_UNIT_SIDE=launcher", NULL};
	char *theirs[] = {(char *) "TETHER_UNIT_SIDE=container", (char *) "PATH=/bin:/usr/bin",
			  NULL};
	char *argv[] = {(char *) "sh", (char *) "-c",
			(char *) "test \"$TETHER_UNIT_SIDE\" = container", NULL};

	environ = mine;
	CHECK_EQ(start_borrowed(argv, theirs), 0);
	CHECK(environ == mine);
	CHECK_STR(getenv("TETHER_UNIT_SIDE"), "launcher");
}

TEST(borrowed_start_leaves_dumpable)
{
	char *env[] = {(char *) "PATH=/bin:/usr/bin", NULL};
	char *argv[] = {(char *) "true", NULL};

	CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0);
	CHECK_EQ(start_borrowed(argv, env), 0);
	CHECK_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
}

TEST(borrowed_start_searches_the_given_path)
{
	char *env[] = {(char *) "PATH=/nonexistent-tether-unit", NULL};
	char *argv[] = {(char *) "sh", (char *) "-c", (char *) "exit 0", NULL};

	CHECK_EQ(start_borrowed(argv, env), 127);
}

CHECK_MAIN(T(borrowed_start_leaves_environ), T(borrowed_start_leaves_dumpable),
	   T(borrowed_start_searches_the_given_path))
