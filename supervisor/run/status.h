/* SPDX-License-Identifier: MIT */
/*
 * --status-fd: one JSON object per line as things happen (started, exec, restart, exit),
 * in the spirit of bwrap's --json-status-fd, but exec failures are reported too. A reader
 * that went away never stops the container: write errors are ignored after one warning.
 */
#ifndef TETHER_STATUS_H
#define TETHER_STATUS_H

#include "exit.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct status {
	int fd; /* -1: no status output */
	bool broken;
};

/* ino: the container's namespace inodes as ns_table orders them, or NULL to read them from
 * /proc/PID/ns (only while the process is certainly alive). */
void status_started(struct status *st, pid_t pid, uint64_t ns_flags, bool clone3,
		    const long long *ino);
/* step < 0: exec succeeded; else the failed step with its errno and detail. */
void status_exec(struct status *st, int step, int err, const char *detail);
void status_restart(struct status *st, unsigned int count, unsigned int delay_ms);
void status_exit(struct status *st, const struct exit_outcome *o);
/* tether ended the run itself (setup failure, interrupted start-up): its exit code. */
void status_abort(struct status *st, int code);

#endif
