/* SPDX-License-Identifier: MIT */
/* forward.h: the signal table, always through the pidfd (no pid-reuse race). */
#include "forward.h"
#include "syscall.h"

#include <errno.h>
#include <signal.h>

enum forward_action forward_action(struct forward_state *st, int sig)
{
	switch (sig) {
	case SIGCHLD:
		return FORWARD_IGNORE;
	case SIGINT:
	case SIGTERM:
		if (st->halt_requests++ == 0) {
			st->halt_by_ctrl_c = sig == SIGINT;
			return FORWARD_HALT;
		}
		return FORWARD_KILL;
	default:
		return FORWARD_SAME;
	}
}

int forward_signal(struct forward_state *st, int pidfd, int sig, int halt_signal)
{
	int to, r;

	switch (forward_action(st, sig)) {
	case FORWARD_IGNORE:
		return 0;
	case FORWARD_HALT:
		to = halt_signal;
		break;
	case FORWARD_KILL:
		to = SIGKILL;
		break;
	default:
		to = sig;
		break;
	}
	r = sys_pidfd_send_signal(pidfd, to, NULL, 0);
	if (r < 0 && r != -ESRCH)
		return r;
	return to;
}
