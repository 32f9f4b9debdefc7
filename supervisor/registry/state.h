/* SPDX-License-Identifier: MIT */
/*
 * The state directory of named containers: per NAME, the empty file DIR/NAME (the lock),
 * the record DIR/NAME:state and the control socket DIR/NAME:ctl (':' is no name's, so no
 * entry's file is another's name). The monitor (the `tether run` that owns NAME) holds an
 * exclusive flock on DIR/NAME for its whole life; a record whose lock nobody holds is
 * stale (its monitor died) and is never trusted. The lock of a chosen name is never
 * removed, so two launchers can never lock two different inodes. Each file operation
 * counts when /run is not a tmpfs: no directory per entry (freeing its block took 0.1 to
 * 0.45 ms on ext4, more than all the rest), and the record is first written once init
 * runs; until then a held entry reads as starting.
 */
#ifndef TETHER_STATE_H
#define TETHER_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * The first line of every lock and record file: tether touches no file without it,
 * whatever its name (a state directory may hold anything).
 */
#define STATE_MARKER "# tether state entry\n"

#define STATE_NAME_MAX 64
#define STATE_ARGS_MAX 64
#define STATE_NS_MAX   8

/* Exit codes of the container commands (list, status, stop, reboot, kill, exec, wait). */
#define CMD_EXIT_NOT_RUNNING 1 /* no such container, or it is not running */
#define CMD_EXIT_REFUSED     4 /* the control socket refused us (not root, not the owner) */

struct state_ns {
	char name[16];
	long long inode;
	bool is_new;
};

/* One record, as the monitor writes it at every change of state. */
struct state_rec {
	char name[STATE_NAME_MAX + 1];
	char state[16]; /* starting, running, stopping, rebooting, stopped */
	pid_t pid;      /* the init's pid as the host sees it, 0 when none */
	pid_t monitor_pid;
	uid_t uid;             /* who started it: with root, the only one the socket obeys */
	unsigned int restarts; /* restarts since the monitor started */
	int exit_status;       /* of the last run, -1 while none ended */
	int app_exit_status;   /* the application's own, from tether-init; -1 unknown */
	bool is_halted;        /* the last run ended in a halt */
	bool is_oom_killed;    /* the last run had an out-of-memory kill (memory.events) */
	long long started_at;  /* start of the current run, unix seconds */
	long long changed_at;  /* last change of state */
	long long grace_ms;    /* the init's grace, for stop's default timeout */
	char halt_signal[16];
	char reboot_signal[16];
	size_t argc;
	char *argv[STATE_ARGS_MAX]; /* the command, owned by the record (state_rec_free) */
	size_t n_ns;
	struct state_ns ns[STATE_NS_MAX];
	bool is_generated; /* nobody chose the name: a stale entry is removed whole */
	bool is_stale;     /* read back: the record said alive, but no monitor holds it */
	bool is_live;      /* read back: a monitor holds the lock */
};

/* DIR: --state-dir, TETHER_STATE_DIR, /run/tether for root, $XDG_RUNTIME_DIR/tether. */
int state_dir(const char *opt, char *buf, size_t size);
/* A name is [A-Za-z0-9][A-Za-z0-9_.-]*, at most STATE_NAME_MAX long. */
bool state_name_ok(const char *name);
/* DIR/NAME:leaf (DIR/NAME, the lock, for NULL) into buf; -ENAMETOOLONG if it does not fit. */
int state_path(char *buf, size_t size, const char *dir, const char *name, const char *leaf);
/*
 * Creates DIR and the lock DIR/NAME as needed and takes it. Returns the lock descriptor,
 * -EBUSY when a live monitor holds it (*holder: its pid, from its record), or -errno.
 * fresh: the entry must not exist yet (a generated name), else -EADDRINUSE.
 */
int state_lock(const char *dir, const char *name, pid_t *holder, bool fresh);
/* Atomically replaces DIR/NAME:state with rec. 0 or -errno. */
int state_write(const char *dir, const struct state_rec *rec);
/*
 * Reads DIR/NAME:state and checks the lock: a record that claims to run but whose lock is
 * free is marked stale, reported as stopped, and cleaned (rewritten as stopped, its socket
 * removed) when we may. 0, -ENOENT for no such container, or -errno.
 */
int state_read(const char *dir, const char *name, struct state_rec *rec);
void state_rec_free(struct state_rec *rec);
/* One "key=value" line of a record (no newline) into rec; unknown keys are skipped. */
void state_parse_line(struct state_rec *rec, char *line);
/*
 * What stop and wait report for an ended container: the application's status when the
 * container halted and tether-init told it, else the run's exit status (-1: none yet).
 */
int state_rec_result(const struct state_rec *rec);
/*
 * Reads every record under DIR, so that stale ones are cleaned: those with made-up names
 * (launchers killed before they could say goodbye) go entirely. For each new registration.
 */
void state_sweep(const char *dir);
/* The names under DIR, sorted, in a NULL-terminated array (free each, then the array). */
int state_names(const char *dir, char ***names);

/* Within the registry: the marker check, removing a file of ours, a bounded copy. */
bool state_has_marker(int fd);
void state_remove_own(const char *dir, const char *name, const char *leaf);
void state_copy(char *dst, size_t size, const char *src);

#endif
