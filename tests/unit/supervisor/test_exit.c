/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the launcher's pure tables: how init's end becomes tether's exit status
 * (exit.h) and what each signal to the launcher becomes for the container (forward.h).
 */
#include "check.h"
#include "exit.h"
#include "forward.h"

static siginfo_t ended(int code, int status)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_code = code;
	si.si_status = status;
	return si;
}

TEST(exit_table)
{
	static const struct {
		int si_code, status;
		bool ctrl_c;
		enum exit_kind kind;
		int code, signal;
	} cases[] = {
		{CLD_EXITED, 0, false, EXIT_KIND_EXITED, 0, 0},
		{CLD_EXITED, 42, false, EXIT_KIND_EXITED, 42, 0},
		{CLD_EXITED, 300, false, EXIT_KIND_EXITED, 300 & 0xff, 0},
		{CLD_KILLED, SIGINT, false, EXIT_KIND_HALTED, 0, SIGINT},
		{CLD_KILLED, SIGINT, true, EXIT_KIND_HALTED, 130, SIGINT},
		{CLD_KILLED, SIGHUP, false, EXIT_KIND_REBOOTED, EXIT_REBOOT_NOT_RESTARTED, SIGHUP},
		{CLD_KILLED, SIGKILL, false, EXIT_KIND_KILLED, 137, SIGKILL},
		{CLD_DUMPED, SIGSEGV, true, EXIT_KIND_KILLED, 139, SIGSEGV},
		{CLD_KILLED, SIGUSR2, false, EXIT_KIND_KILLED, 128 + SIGUSR2, SIGUSR2},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		siginfo_t si = ended(cases[i].si_code, cases[i].status);
		struct exit_outcome o = exit_classify(&si, cases[i].ctrl_c);

		CHECK_EQ(o.kind, cases[i].kind);
		CHECK_EQ(o.code, cases[i].code);
		CHECK_EQ(o.signal, cases[i].signal);
		CHECK_EQ(o.app_code, -1);
		CHECK(!o.oom_killed);
	}
}

TEST(exit_kind_names)
{
	CHECK_STR(exit_kind_name(EXIT_KIND_EXITED), "exited");
	CHECK_STR(exit_kind_name(EXIT_KIND_HALTED), "halted");
	CHECK_STR(exit_kind_name(EXIT_KIND_REBOOTED), "rebooted");
	CHECK_STR(exit_kind_name(EXIT_KIND_KILLED), "killed");
	CHECK_STR(exit_kind_name((enum exit_kind) 99), "unknown");
}

TEST(forward_table)
{
	struct forward_state st = {0, false};

	CHECK_EQ(forward_action(&st, SIGCHLD), FORWARD_IGNORE);
	CHECK_EQ(forward_action(&st, SIGUSR1), FORWARD_SAME);
	CHECK_EQ(forward_action(&st, SIGWINCH), FORWARD_SAME);
	CHECK_EQ(forward_action(&st, SIGHUP), FORWARD_SAME);
	/* the first halt request halts, the next one kills, whichever signal it is */
	CHECK_EQ(forward_action(&st, SIGTERM), FORWARD_HALT);
	CHECK(!st.halt_by_ctrl_c);
	CHECK_EQ(forward_action(&st, SIGINT), FORWARD_KILL);
	CHECK(!st.halt_by_ctrl_c);
	CHECK_EQ(forward_action(&st, SIGTERM), FORWARD_KILL);
	CHECK_EQ(st.halt_requests, 3);
}

TEST(forward_ctrl_c_first)
{
	struct forward_state st = {0, false};

	CHECK_EQ(forward_action(&st, SIGINT), FORWARD_HALT);
	CHECK(st.halt_by_ctrl_c);
	CHECK_EQ(forward_action(&st, SIGINT), FORWARD_KILL);
}

CHECK_MAIN(T(exit_table), T(exit_kind_names), T(forward_table), T(forward_ctrl_c_first))
