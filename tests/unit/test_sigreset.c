/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/sigreset.c: the SigIgn mask agrees with what sigaction says of every
 * signal, and an ignored signal is deadly again in the program exec'd after the reset.
 * Each test runs in a forked child (check.h).
 */
#include "check.h"
#include "sigreset.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>

static void set_disposition(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(sig, &sa, NULL); /* EINVAL for KILL, STOP and libc's own: skipped */
}

static void on_signal(int sig)
{
	(void) sig;
}

/* Starts from a known state: whatever ran the tests may have ignored something. */
static void all_default(void)
{
	for (int sig = 1; sig <= 64; sig++)
		set_disposition(sig, SIG_DFL);
}

/* 32 and 33 belong to glibc: sigaction refuses them, whatever the kernel has. */
static int libc_owns(int sig)
{
	struct sigaction old;

	return sigaction(sig, NULL, &old) < 0;
}

static int is_ignored(int sig)
{
	struct sigaction old;

	return sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN;
}

/* The mask without the signals libc keeps to itself (and may have inherited ignored). */
static uint64_t ours(uint64_t mask)
{
	for (int sig = 1; sig <= 64; sig++)
		if (libc_owns(sig))
			mask &= ~((uint64_t) 1 << (sig - 1));
	return mask;
}

TEST(mask_matches_sigaction_for_every_signal)
{
	uint64_t mask = 0;

	all_default();
	set_disposition(SIGHUP, SIG_IGN);
	set_disposition(SIGPIPE, SIG_IGN);
	set_disposition(40, SIG_IGN);
	set_disposition(64, SIG_IGN);
	set_disposition(SIGUSR1, on_signal);
	CHECK_EQ(sig_ignored_mask(&mask), 0);
	for (int sig = 1; sig <= 64; sig++)
		if (!libc_owns(sig))
			CHECK_EQ(mask >> (sig - 1) & 1, is_ignored(sig));
	CHECK(mask & 1); /* SIGHUP is bit 0 */
	CHECK(mask >> 63 & 1);
}

TEST(reset_clears_ignored_and_keeps_handlers)
{
	struct sigaction old;
	uint64_t mask = ~(uint64_t) 0;

	all_default();
	set_disposition(SIGHUP, SIG_IGN);
	set_disposition(SIGCHLD, SIG_IGN);
	set_disposition(50, SIG_IGN);
	set_disposition(SIGUSR1, on_signal);
	sig_reset_mask(sig_ignored_or_all());
	CHECK_EQ(sig_ignored_mask(&mask), 0);
	CHECK_EQ(ours(mask), 0);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
	CHECK(old.sa_handler == on_signal);
}

enum reset_mode {
	RESET_NONE,
	RESET_CHILD_READS,  /* the child reads its own mask, as tether-init does */
	RESET_PARENT_READS, /* the parent reads it before the fork, as tether does */
};

/* With SIGUSR2 ignored, forks a shell that sends itself SIGUSR2; returns its wait status. */
static int self_usr2_status(enum reset_mode mode)
{
	uint64_t mask;
	int status;
	pid_t pid;

	all_default();
	set_disposition(SIGUSR2, SIG_IGN);
	mask = sig_ignored_or_all();
	CHECK(mask >> (SIGUSR2 - 1) & 1);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (mode == RESET_CHILD_READS)
			sig_reset_mask(sig_ignored_or_all());
		else if (mode == RESET_PARENT_READS)
			sig_reset_mask(mask);
		execl("/bin/sh", "sh", "-c", "kill -USR2 $$; exit 0", (char *) NULL);
		_exit(127);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	return status;
}

TEST(ignored_signal_kills_the_exec_after_reset)
{
	int status = self_usr2_status(RESET_CHILD_READS);

	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGUSR2);
}

TEST(mask_read_before_the_fork_resets_the_child)
{
	int status = self_usr2_status(RESET_PARENT_READS);

	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGUSR2);
}

/* The control: the test above fails for the right reason when the reset is missing. */
TEST(without_reset_the_ignored_signal_survives_exec)
{
	int status = self_usr2_status(RESET_NONE);

	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}

int main(void)
{
	static const struct check_test tests[] = {
		{"mask_matches_sigaction_for_every_signal",
		 mask_matches_sigaction_for_every_signal},
		{"reset_clears_ignored_and_keeps_handlers",
		 reset_clears_ignored_and_keeps_handlers},
		{"ignored_signal_kills_the_exec_after_reset",
		 ignored_signal_kills_the_exec_after_reset},
		{"mask_read_before_the_fork_resets_the_child",
		 mask_read_before_the_fork_resets_the_child},
		{"without_reset_the_ignored_signal_survives_exec",
		 without_reset_the_ignored_signal_survives_exec},
	};

	return check_run(tests, sizeof(tests) / sizeof(tests[0]));
}
