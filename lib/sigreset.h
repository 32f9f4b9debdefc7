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
 * The ignored signals, or every signal when /proc cannot tell: what sig_reset_mask needs.
 * A launcher reads it once, where its /proc entry is already there (10 us), instead of
 * its child in a fresh process (40-80 us on the benchmark machine, mostly the lookup).
 */
uint64_t sig_ignored_or_all(void);
/*
 * Gives every signal in mask (bit n-1 for signal n) that can be caught its default
 * disposition: a handler of one is lost, but exec resets those anyway.
 */
void sig_reset_mask(uint64_t mask);

#endif
