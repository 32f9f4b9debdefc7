/* SPDX-License-Identifier: MIT */
/*
 * The exit table: how the death of the container's init becomes tether's exit status,
 * or a restart. Pure: no I/O, so the table reads in one place.
 */
#ifndef TETHER_EXIT_H
#define TETHER_EXIT_H

#include <signal.h>
#include <stdbool.h>

/* systemd-nspawn's code for "the container asked for a reboot" that was not restarted. */
#define EXIT_REBOOT_NOT_RESTARTED 133

enum exit_kind {
	EXIT_KIND_EXITED,   /* init exited with a code */
	EXIT_KIND_HALTED,   /* killed by SIGINT: reboot(RB_POWER_OFF) in its pid namespace */
	EXIT_KIND_REBOOTED, /* killed by SIGHUP: reboot(RB_AUTOBOOT) */
	EXIT_KIND_KILLED,   /* killed by any other signal */
};

struct exit_outcome {
	enum exit_kind kind;
	int signal;      /* the signal that ended init, 0 when it exited */
	int code;        /* tether's exit status (for a reboot: when it is not restarted) */
	int app_code;    /* the application's own status, told by tether-init; -1 unknown */
	bool oom_killed; /* the cgroup's memory.events counted an out-of-memory kill */
};

/*
 * si: from waitid() on init (app_code is left -1: the caller knows it, or not).
 * halt_by_ctrl_c: the halt was asked by a SIGINT to tether itself (a Ctrl-C), which ends
 * with 130 rather than 0, as a shell expects.
 */
struct exit_outcome exit_classify(const siginfo_t *si, bool halt_by_ctrl_c);
const char *exit_kind_name(enum exit_kind kind);

#endif
