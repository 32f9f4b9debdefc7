/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/proc.c against real processes: exit codes and signal deaths read
 * through waitpid, and the exit code of a failed exec.
 */
#include "check.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
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

/* Core dumps cannot be asked for portably (core_pattern); the encodings are fixed by ABI. */
TEST(core_dumped_statuses)
{
	CHECK_EQ(proc_exit_code(SIGSEGV | 0x80), 128 + SIGSEGV);
	CHECK_EQ(proc_exit_code(SIGABRT | 0x80), 128 + SIGABRT);
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

CHECK_MAIN(T(exit_code_from_waitpid), T(core_dumped_statuses),
	   T(stopped_and_continued_are_not_exits), T(exec_failure_codes),
	   T(exec_failure_codes_from_real_execs))
