/* SPDX-License-Identifier: MIT */
/*
 * tether-init: the static PID 1 for containers. The command line becomes one struct
 * init_config (no option globals); main.c sets up, spawn.c starts the child, loop.c waits
 * in sigtimedwait until everything has ended. Nothing here may use the heap or stdio.
 */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include "sig.h"

#include <stdbool.h>
#include <sys/types.h>

#define INIT_PROGRAM "tether-init"

struct init_config {
	char **argv;                      /* COMMAND and its arguments; NULL in pause mode */
	unsigned long long grace_ms;      /* --grace: halt and reboot */
	unsigned long long exit_grace_ms; /* --exit-grace: what is left once the child ended */
	int level;                        /* log level: 0 error .. 3 debug */
	int pdeath_sig;
	int halt_sig;
	int reboot_sig; /* 0: none */
	int stop_sig;
	int exit_fd;     /* --exit-fd: gets the final status as a decimal line; -1 for none */
	bool is_machine; /* PID 1 of the initial pid namespace: never exits */
	bool is_pid1;    /* PID 1 of its pid namespace (asked once: musl's getpid is a syscall) */
	bool kill_group;
	bool warn_reap;
	bool no_mount;
	bool keep_fds;
	bool keep_signals; /* --keep-signals: what the caller ignores stays ignored for the child */
	bool pause;
	unsigned char rewrite[SIG_RTMAX + 1]; /* the signal forwarded for each; 0 drops it */
	unsigned char exit_zero[256 / 8];     /* -e: exit codes mapped to 0 */
};

enum init_parse_result {
	INIT_PARSE_RUN = 0,
	INIT_PARSE_DONE = 1,   /* --help, --version, -l printed: exit 0 */
	INIT_PARSE_USAGE = -1, /* message printed: exit 2 */
};

/* options.c: environment first, then argv (so -v adds to TINI_VERBOSITY). */
int init_parse(struct init_config *cfg, int argc, char **argv);

/* spawn.c: starts COMMAND; returns its pid, or -errno when exec failed (child reaped). */
pid_t init_spawn(const struct init_config *cfg);

/* kin.c: signals every descendant of this process; returns how many, or -errno. */
int kin_signal_all(int sig);

/* pid1.c: true (and Ctrl-Alt-Del made SIGINT, stdio opened) for the init of a machine. */
bool init_is_machine(bool is_pid1);
/* pid1.c: mounts what is missing, where that cannot reach the parent's mount namespace. */
void init_mount(bool is_machine);
/* pid1.c: a machine's end: sync, the status on the console, power off or reboot. */
void init_machine_end(int code, bool is_reboot) __attribute__((noreturn));

/* main.c: the signals tether-init blocks from its start and takes with sigtimedwait. */
void init_signal_set(sigset_t *set);

/* loop.c: the one wait point. Returns the exit code of tether-init. */
int init_loop(const struct init_config *cfg, pid_t child);
/* loop.c: the child's final status (after -e) to --exit-fd, before halt, reboot or exit. */
void init_report_exit(const struct init_config *cfg, int code);

#endif
