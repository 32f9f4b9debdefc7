/* SPDX-License-Identifier: MIT */
/*
 * Signal names and numbers. Names are accepted with or without "SIG", in any case, as a
 * decimal number, or as RTMIN+n / RTMAX-n. RTMIN is 34 whichever libc built the program
 * (glibc and systemd count that way; musl's own SIGRTMIN is 35), so that "SIGRTMIN+3"
 * means the same signal to tether and to tether-init.
 */
#ifndef LIB_SIG_H
#define LIB_SIG_H

#include <stdbool.h>
#include <stddef.h>

#define SIG_RTMIN    34
#define SIG_RTMAX    64
#define SIG_NAME_MAX 16 /* "SIGRTMIN+15" and the NUL, with room */

/* The signal number, or -EINVAL for an unknown name or a number out of 1..64. */
int sig_from_name(const char *name);
/* Writes "SIGTERM" or "SIGRTMIN+3" into buf (SIG_NAME_MAX bytes); returns buf, or NULL. */
const char *sig_name(int sig, char *buf);
/* True for the signals a process can catch and so have forwarded (not KILL, STOP). */
bool sig_is_catchable(int sig);
/* Synchronous fault signals: SEGV, BUS, ILL, FPE, TRAP, SYS. They stay unblocked. */
bool sig_is_fault(int sig);
/*
 * A SIGPIPE the kernel raised for one of our own writes (si_code SI_USER, si_pid our pid):
 * ours alone, never to forward. One sent by another process is not.
 */
bool sig_is_own_pipe(int sig, int code, int pid);

#endif
