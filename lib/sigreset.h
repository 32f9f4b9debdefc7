/* SPDX-License-Identifier: MIT */
/*
 * Default dispositions before exec. exec itself resets caught signals; only SIG_IGN
 * survives it (nohup's SIGHUP, a shell's SIGPIPE), so only the ignored ones need a call.
 */
#ifndef LIB_SIGRESET_H
#define LIB_SIGRESET_H

#include <stdint.h>

/*
 * The ignored signals as a mask (bit n-1 for signal n), from the SigIgn line of
 * /proc/self/status: one read instead of a sigaction per signal. Returns 0, or -errno
 * when /proc is not there (or says nothing of it).
 */
int sig_ignored_mask(uint64_t *mask);
/*
 * Gives every ignored signal its default disposition again; a handler is left alone.
 * Without /proc, every catchable signal is set to SIG_DFL, handlers included.
 */
void sig_reset_ignored(void);

#endif
