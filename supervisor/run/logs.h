/* SPDX-License-Identifier: MIT */
/*
 * The output of a detached container, kept for `tether logs`: the container's stdout and
 * stderr are one pipe, which the monitor reads from its main loop and writes to
 * DIR/NAME:log. Bounded as Docker's json-file driver with max-size and max-file: a file
 * that would grow past max-size is renamed NAME:log.1 (older ones move up to
 * NAME:log.N-1, the oldest is dropped) and a new one started, at a line's end when the
 * data has one. --log-file keeps its old meaning: the container writes that file itself.
 */
#ifndef TETHER_LOGS_H
#define TETHER_LOGS_H

#include "config.h"

#include <limits.h>
#include <stdbool.h>

#define LOGS_MAX_SIZE  (1024ULL * 1024) /* bytes per file: /run is memory */
#define LOGS_MAX_FILES 3U
#define LOGS_FILES_MAX 100U

struct container;

struct logs {
	int pipe_fd; /* read end, non-blocking; -1 when nothing is kept */
	int fd;      /* DIR/NAME:log, -1 when it could not be made (the output is dropped) */
	char path[PATH_MAX];
	unsigned long long max_size;
	unsigned int max_files;
	bool is_sink; /* the monitor's own messages go to fd as well */
};

/* --log-opt KEY=VALUE into cfg. 0 or -EINVAL. */
int logs_parse_opt(struct run_config *cfg, const char *arg);
/* -d without --log-file, in the monitor: a pipe whose write end is returned (for stdout
 * and stderr); the read end goes to *read_fd. -errno on failure. */
int logs_pipe(int *read_fd);
/* Once the name is registered: starts DIR/NAME:log afresh (older rotations removed). */
void logs_open(struct container *c);
/* The main loop: the pipe is readable. Moves what it holds to the file. */
void logs_pump(struct container *c);
/* Adds (on) or removes the pipe from the main loop while the container runs. */
void logs_watch(struct container *c, bool on);
/* The monitor's messages: to the kept output when there is one, else stderr. */
void logs_sink(struct container *c);
/* Everything in the pipe to the file: before `wait` is answered with the end. */
void logs_drain(struct container *c);
/* Closes; with remove, the files go too (an entry that goes). */
void logs_close(struct container *c, bool remove);
/* DIR/NAME:log, or with n > 0 DIR/NAME:log.n, into buf. 0 or -ENAMETOOLONG. */
int logs_path(char *buf, size_t size, const char *dir, const char *name, unsigned int n);

#endif
