/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/sig.c: signal names parsed strictly, printed names that parse back to
 * the same number, and real signals delivered by the numbers the parser returns. Each test
 * runs in a forked child (check.h).
 */
#include "check.h"
#include "sig.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

struct name_case {
	const char *name;
	int sig; /* expected number, or -EINVAL */
};

static const struct name_case good_names[] = {
	{"TERM", SIGTERM},
	{"SIGTERM", SIGTERM},
	{"sigterm", SIGTERM},
	{"SigTerm", SIGTERM},
	{"15", SIGTERM},
	{"1", SIGHUP},
	{"64", 64},
	{"HUP", SIGHUP},
	{"INT", SIGINT},
	{"KILL", SIGKILL},
	{"USR1", SIGUSR1},
	{"USR2", SIGUSR2},
	{"WINCH", SIGWINCH},
	{"PWR", SIGPWR},
	{"SIGCHLD", SIGCHLD},
	{"CLD", SIGCHLD},
	{"IOT", SIGABRT},
	{"POLL", SIGIO},
	{"STKFLT", SIGSTKFLT},
	{"VTALRM", SIGVTALRM},
	{"SYS", SIGSYS},
	{"RTMIN", 34},
	{"SIGRTMIN", 34},
	{"rtmin", 34},
	{"RTMIN+3", 37},
	{"SIGRTMIN+3", 37},
	{"sigrtmin+3", 37},
	{"RTMIN+0", 34},
	{"RTMIN+30", 64},
	{"RTMAX", 64},
	{"SIGRTMAX-1", 63},
	{"RTMAX-30", 34},
	{"RTMAX-0", 64},
	{"SIG32", 32},
	{"SIG33", 33},
	{"sig15", SIGTERM},
};

static const char *const bad_names[] = {
	"",           "0",
	"65",         "RTMIN+31",
	"RTMIN+",     "RTMAX-",
	"RTMAX-31",   "RTMIN-1",
	"RTMAX+1",    "RTMIN3",
	"RTMIN+-3",   "RTMIN++3",
	"RTMIN+ 3",   "SIGFOO",
	"15x",        " 15",
	"15 ",        "-1",
	"+15",        "SIG",
	"SIGSIGTERM", "TERM ",
	"SIG TERM",   "0x0f",
	"1.5",        "99999999999999999999999",
	"TERMINATE",  "TER",
	"SIG-15",     "SIG0",
	"SIG65",      "SIG 15",
};

TEST(parses_names_numbers_and_realtime)
{
	for (size_t i = 0; i < sizeof(good_names) / sizeof(good_names[0]); i++) {
		int got = sig_from_name(good_names[i].name);

		if (got != good_names[i].sig) {
			fprintf(stderr, "# sig_from_name(\"%s\") = %d, expected %d\n",
				good_names[i].name, got, good_names[i].sig);
			_exit(1);
		}
	}
}

TEST(rejects_malformed_names)
{
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		int got = sig_from_name(bad_names[i]);

		if (got != -EINVAL) {
			fprintf(stderr, "# sig_from_name(\"%s\") = %d, expected -EINVAL\n",
				bad_names[i], got);
			_exit(1);
		}
	}
	CHECK_EQ(sig_from_name(NULL), -EINVAL);
}

/* glibc counts SIGRTMIN from 34 too: the parser's convention must match the host's. */
TEST(rtmin_matches_glibc)
{
	CHECK_EQ(sig_from_name("RTMIN"), SIGRTMIN);
	CHECK_EQ(sig_from_name("RTMAX"), SIGRTMAX);
	CHECK_EQ(SIG_RTMIN, SIGRTMIN);
	CHECK_EQ(SIG_RTMAX, SIGRTMAX);
}

TEST(canonical_names)
{
	char buf[SIG_NAME_MAX];

	CHECK_STR(sig_name(SIGTERM, buf), "SIGTERM");
	CHECK_STR(sig_name(SIGABRT, buf), "SIGABRT"); /* not IOT */
	CHECK_STR(sig_name(SIGCHLD, buf), "SIGCHLD"); /* not CLD */
	CHECK_STR(sig_name(SIGIO, buf), "SIGIO");     /* not POLL */
	CHECK_STR(sig_name(SIGPWR, buf), "SIGPWR");
	CHECK_STR(sig_name(34, buf), "SIGRTMIN");
	CHECK_STR(sig_name(37, buf), "SIGRTMIN+3");
	CHECK_STR(sig_name(63, buf), "SIGRTMAX-1");
	CHECK_STR(sig_name(64, buf), "SIGRTMAX");
	CHECK(sig_name(0, buf) == NULL);
	CHECK(sig_name(65, buf) == NULL);
	CHECK(sig_name(-1, buf) == NULL);
}

/* Every name that sig_name prints is one that sig_from_name accepts, for the same number. */
TEST(name_round_trip_1_to_64)
{
	char buf[SIG_NAME_MAX];

	for (int sig = 1; sig <= 64; sig++) {
		const char *name = sig_name(sig, buf);

		if (!name || sig_from_name(name) != sig) {
			fprintf(stderr, "# signal %d: name \"%s\" parses as %d\n", sig,
				name ? name : "(null)", name ? sig_from_name(name) : 0);
			_exit(1);
		}
		if (strlen(name) >= SIG_NAME_MAX) {
			fprintf(stderr, "# signal %d: name \"%s\" too long\n", sig, name);
			_exit(1);
		}
	}
}

TEST(catchable_and_fault)
{
	CHECK(!sig_is_catchable(SIGKILL));
	CHECK(!sig_is_catchable(SIGSTOP));
	CHECK(!sig_is_catchable(0));
	CHECK(!sig_is_catchable(65));
	CHECK(sig_is_catchable(SIGTERM));
	CHECK(sig_is_catchable(SIGCHLD));
	CHECK(sig_is_catchable(64));
	for (int sig = 1; sig <= 64; sig++) {
		bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
			     sig == SIGTRAP || sig == SIGSYS;

		CHECK_EQ(sig_is_fault(sig), fault);
	}
}

/*
 * The numbers are the kernel's: a child killed by the signal that "RTMIN+3" or "WINCH"
 * names reports that very number.
 */
TEST(parsed_numbers_are_the_kernels)
{
	static const char *const names[] = {"TERM", "SIGRTMIN+3", "RTMAX", "USR1", "HUP"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int sig = sig_from_name(names[i]), status = 0;
		pid_t pid;

		CHECK(sig > 0);
		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0) {
			sigset_t set;

			/* The test may inherit the signal ignored or blocked (nohup, a runner). */
			signal(sig, SIG_DFL);
			sigemptyset(&set);
			sigaddset(&set, sig);
			sigprocmask(SIG_UNBLOCK, &set, NULL);
			kill(getpid(), sig);
			_exit(0);
		}
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		CHECK(WIFSIGNALED(status));
		CHECK_EQ(WTERMSIG(status), sig);
	}
}

CHECK_MAIN(T(parses_names_numbers_and_realtime), T(rejects_malformed_names), T(rtmin_matches_glibc),
	   T(canonical_names), T(name_round_trip_1_to_64), T(catchable_and_fault),
	   T(parsed_numbers_are_the_kernels))
