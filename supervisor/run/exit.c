/* SPDX-License-Identifier: MIT */
/* exit.h: the exit table. */
#include "exit.h"
#include "proc.h"

struct exit_outcome exit_classify(const siginfo_t *si, bool halt_by_ctrl_c)
{
	struct exit_outcome o = {EXIT_KIND_EXITED, 0, 0, -1, false};

	if (si->si_code == CLD_EXITED) {
		o.code = si->si_status & 0xff;
		return o;
	}
	o.signal = si->si_status;
	switch (o.signal) {
	case SIGINT:
		o.kind = EXIT_KIND_HALTED;
		o.code = halt_by_ctrl_c ? PROC_EXIT_SIGNAL + SIGINT : 0;
		break;
	case SIGHUP:
		o.kind = EXIT_KIND_REBOOTED;
		o.code = EXIT_REBOOT_NOT_RESTARTED;
		break;
	default:
		o.kind = EXIT_KIND_KILLED;
		o.code = PROC_EXIT_SIGNAL + o.signal;
		break;
	}
	return o;
}

const char *exit_kind_name(enum exit_kind kind)
{
	switch (kind) {
	case EXIT_KIND_EXITED:
		return "exited";
	case EXIT_KIND_HALTED:
		return "halted";
	case EXIT_KIND_REBOOTED:
		return "rebooted";
	case EXIT_KIND_KILLED:
		return "killed";
	}
	return "unknown";
}
