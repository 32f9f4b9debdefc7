/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/proc.c against real processes: exit codes and signal deaths read
 * through waitpid and waitid, the exit code of a failed exec, and reaping of real zombies,
 * orphans included. Waits use WNOWAIT rather than sleeps to know a child has ended.
 */
#include "check.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* How a child ends: exit with code, or (code < 0) die of signal -code. */
static pid_t spawn_ending(int code)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (code >= 0)
			_exit(code);
		/* no core files in the working directory */
		setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
		signal(-code, SIG_DFL);
		kill(getpid(), -code);
		_exit(99);
	}
	return pid;
}

struct end_case {
	int how;
	int code;
};

static const struct end_case end_cases[] = {
	{0, 0},
	{1, 1},
	{255, 255},
	{126, 126},
	{-SIGTERM, 128 + SIGTERM},
	{-SIGKILL, 128 + SIGKILL},
	{-SIGINT, 128 + SIGINT},
	{-SIGSEGV, 128 + SIGSEGV},
	{-SIGABRT, 128 + SIGABRT},
	{-37, 128 + 37},
	{-64, 128 + 64},
};

TEST(exit_code_from_waitpid)
{
	for (size_t i = 0; i < sizeof(end_cases) / sizeof(end_cases[0]); i++) {
		int status = 0, code;
		pid_t pid = spawn_ending(end_cases[i].how);

		CHECK(pid > 0);
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		code = proc_exit_code(status);
		if (code != end_cases[i].code) {
			fprintf(stderr, "# case %d: proc_exit_code(%#x) = %d, expected %d\n",
				end_cases[i].how, status, code, end_cases[i].code);
			_exit(1);
		}
	}
}

TEST(exit_code_from_waitid)
{
	for (size_t i = 0; i < sizeof(end_cases) / sizeof(end_cases[0]); i++) {
		siginfo_t si = {0};
		int code;
		pid_t pid = spawn_ending(end_cases[i].how);

		CHECK(pid > 0);
		CHECK_EQ(waitid(P_PID, (id_t) pid, &si, WEXITED), 0);
		CHECK_EQ(si.si_pid, pid);
		code = proc_exit_code_si(&si);
		if (code != end_cases[i].code) {
			fprintf(stderr, "# case %d: proc_exit_code_si(code %d, status %d) = %d\n",
				end_cases[i].how, si.si_code, si.si_status, code);
			_exit(1);
		}
	}
}

/* Core dumps cannot be asked for portably (core_pattern); the encodings are fixed by ABI. */
TEST(core_dumped_statuses)
{
	siginfo_t si = {0};

	CHECK_EQ(proc_exit_code(SIGSEGV | 0x80), 128 + SIGSEGV);
	CHECK_EQ(proc_exit_code(SIGABRT | 0x80), 128 + SIGABRT);
	si.si_code = CLD_DUMPED;
	si.si_status = SIGQUIT;
	CHECK_EQ(proc_exit_code_si(&si), 128 + SIGQUIT);
}

/* A stopped or continued child has no exit code yet. */
TEST(stopped_and_continued_are_not_exits)
{
	siginfo_t si = {0};
	int status = 0, gate[2];
	char c;
	pid_t pid;

	/*
	 * The child may exit only once the parent has seen it continue: an exit first
	 * discards the "continued" report and waitid(WCONTINUED) fails with ECHILD.
	 */
	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(gate[1]);
		raise(SIGSTOP);
		_exit(read(gate[0], &c, 1) == 0 ? 7 : 1);
	}
	close(gate[0]);
	CHECK_EQ(waitpid(pid, &status, WUNTRACED), pid);
	CHECK(WIFSTOPPED(status));
	CHECK_EQ(proc_exit_code(status), -EINVAL);
	CHECK_EQ(kill(pid, SIGCONT), 0);
	CHECK_EQ(waitid(P_PID, (id_t) pid, &si, WCONTINUED), 0);
	CHECK_EQ(si.si_code, CLD_CONTINUED);
	CHECK_EQ(proc_exit_code_si(&si), -EINVAL);
	close(gate[1]);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(proc_exit_code(status), 7);
}

TEST(exec_failure_codes)
{
	CHECK_EQ(proc_exec_failure_code(ENOENT), 127);
	CHECK_EQ(proc_exec_failure_code(-ENOENT), 127);
	CHECK_EQ(proc_exec_failure_code(ENOTDIR), 127);
	CHECK_EQ(proc_exec_failure_code(-ENAMETOOLONG), 127);
	CHECK_EQ(proc_exec_failure_code(EACCES), 126);
	CHECK_EQ(proc_exec_failure_code(-EACCES), 126);
	CHECK_EQ(proc_exec_failure_code(ENOEXEC), 126);
	CHECK_EQ(proc_exec_failure_code(EPERM), 126);
	CHECK_EQ(proc_exec_failure_code(E2BIG), 126);
}

/* The errno of real failed execs maps to the shell's codes. */
TEST(exec_failure_codes_from_real_execs)
{
	char dir[] = "/tmp/tether-test-proc-XXXXXX", file[64];
	char *argv[] = {file, NULL};
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(file, sizeof(file), "%s/plain", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);

	execv(file, argv); /* not executable */
	CHECK_EQ(proc_exec_failure_code(errno), 126);
	execv(dir, argv); /* a directory */
	CHECK_EQ(proc_exec_failure_code(errno), 126);
	snprintf(file, sizeof(file), "%s/missing", dir);
	execv(file, argv);
	CHECK_EQ(proc_exec_failure_code(errno), 127);
	snprintf(file, sizeof(file), "%s/plain/below", dir);
	execv(file, argv); /* a path through a regular file */
	CHECK_EQ(proc_exec_failure_code(errno), 127);

	snprintf(file, sizeof(file), "%s/plain", dir);
	unlink(file);
	CHECK_EQ(rmdir(dir), 0);
}

TEST(reap_nothing_without_children)
{
	CHECK_EQ(proc_reap_all_nohang(), 0);
	CHECK_EQ(proc_reap_all_nohang(), 0);
}

/* Waits until pid has ended, without reaping it. */
static void wait_ended(pid_t pid)
{
	siginfo_t si = {0};

	CHECK_EQ(waitid(P_PID, (id_t) pid, &si, WEXITED | WNOWAIT), 0);
}

TEST(reap_all_zombies)
{
	enum { N = 50 };
	pid_t pids[N];

	for (int i = 0; i < N; i++) {
		pids[i] = spawn_ending(i % 3 ? i : -SIGTERM);
		CHECK(pids[i] > 0);
	}
	for (int i = 0; i < N; i++)
		wait_ended(pids[i]);
	CHECK_EQ(proc_reap_all_nohang(), N);
	CHECK_EQ(proc_reap_all_nohang(), 0);
	errno = 0;
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	CHECK_EQ(errno, ECHILD);
}

/* A running child is left alone: the call does not block and reaps only the dead. */
TEST(reap_leaves_running_children)
{
	int gate[2];
	pid_t alive, dead;

	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	alive = fork();
	CHECK(alive >= 0);
	if (alive == 0) {
		char c;

		close(gate[1]);
		_exit(read(gate[0], &c, 1) == 0 ? 0 : 1);
	}
	close(gate[0]);
	dead = spawn_ending(3);
	wait_ended(dead);
	CHECK_EQ(proc_reap_all_nohang(), 1);
	CHECK_EQ(kill(alive, 0), 0);
	CHECK_EQ(proc_reap_all_nohang(), 0);
	close(gate[1]); /* EOF: the child exits */
	wait_ended(alive);
	CHECK_EQ(proc_reap_all_nohang(), 1);
	CHECK_EQ(kill(alive, 0), -1);
}

/* As a subreaper, orphaned grandchildren become ours and are reaped too. */
TEST(reap_orphans_as_subreaper)
{
	enum { N = 20 };
	int gate[2], pids[2];
	pid_t mid, orphans[N];
	int status = 0;

	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	CHECK_EQ(pipe2(gate, O_CLOEXEC), 0);
	CHECK_EQ(pipe2(pids, O_CLOEXEC), 0);
	mid = fork();
	CHECK(mid >= 0);
	if (mid == 0) {
		close(gate[1]);
		close(pids[0]);
		for (int i = 0; i < N; i++) {
			pid_t p = fork();

			if (p == 0) {
				char c;

				_exit(read(gate[0], &c, 1) == 0 ? 0 : 1);
			}
			if (p < 0 || write(pids[1], &p, sizeof(p)) != sizeof(p))
				_exit(1);
		}
		_exit(0);
	}
	close(gate[0]);
	close(pids[1]);
	for (int i = 0; i < N; i++)
		CHECK_EQ(read(pids[0], &orphans[i], sizeof(orphans[i])), sizeof(orphans[i]));
	CHECK_EQ(waitpid(mid, &status, 0), mid);
	CHECK_EQ(proc_exit_code(status), 0);
	/* The middle process is gone: its children are now ours. */
	for (int i = 0; i < N; i++) {
		char path[64], line[256];
		int fd;
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/stat", orphans[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		CHECK(fd >= 0);
		n = read(fd, line, sizeof(line) - 1);
		close(fd);
		CHECK(n > 0);
		line[n] = '\0';
		int ppid = 0;
		CHECK_EQ(sscanf(strrchr(line, ')') + 2, "%*c %d", &ppid), 1);
		CHECK_EQ(ppid, getpid());
	}
	close(gate[1]);
	for (int i = 0; i < N; i++)
		wait_ended(orphans[i]);
	CHECK_EQ(proc_reap_all_nohang(), N);
	for (int i = 0; i < N; i++)
		CHECK_EQ(kill(orphans[i], 0), -1);
}

CHECK_MAIN(T(exit_code_from_waitpid), T(exit_code_from_waitid), T(core_dumped_statuses),
	   T(stopped_and_continued_are_not_exits), T(exec_failure_codes),
	   T(exec_failure_codes_from_real_execs), T(reap_nothing_without_children),
	   T(reap_all_zombies), T(reap_leaves_running_children), T(reap_orphans_as_subreaper))
