/* SPDX-License-Identifier: MIT */
/*
 * One line per message, written with a single write(2) from a stack buffer so that lines
 * never interleave: "<program>: <message>[: <strerror(err)>]\n" on stderr. Formats follow
 * fmt.h. Never call from a signal handler (tether has none) or between clone and exec.
 */
#ifndef LIB_LOG_H
#define LIB_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_LEVEL_ERROR = 0,
	LOG_LEVEL_WARNING = 1,
	LOG_LEVEL_INFO = 2,
	LOG_LEVEL_DEBUG = 3,
};

/* The program name and level are the one piece of state in lib/: set once at start. */
void log_init(const char *program, int level);
void log_set_level(int level);
int log_level(void);
void log_set_fd(int fd);
/*
 * Each line written with SIGPIPE blocked and a SIGPIPE of its own taken back, for a
 * program whose signals are not all blocked from the start (tether; tether-init blocks
 * them and drops its own SIGPIPE in its loop). Either way logging stops after EPIPE.
 */
void log_guard_sigpipe(void);

void log_vmsg(int level, int err, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void log_msg(int level, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* err is an errno value (positive or negative); 0 adds no reason. */
#define log_error(err, ...)   log_msg(LOG_LEVEL_ERROR, (err), __VA_ARGS__)
#define log_warning(err, ...) log_msg(LOG_LEVEL_WARNING, (err), __VA_ARGS__)
#define log_info(err, ...)    log_msg(LOG_LEVEL_INFO, (err), __VA_ARGS__)
#define log_debug(err, ...)   log_msg(LOG_LEVEL_DEBUG, (err), __VA_ARGS__)

#endif
