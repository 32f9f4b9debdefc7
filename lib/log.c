/* SPDX-License-Identifier: MIT */
/* log.h: the only place in lib/ that prints. Keeps errno for the caller. */
#include "log.h"
#include "fmt.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static ssize_t write_nointr(int fd, const char *s, size_t n);

static struct {
	const char *program;
	int level;
	int fd;
	ssize_t (*write)(int fd, const char *s, size_t n);
} log_state = {"tether", LOG_LEVEL_WARNING, STDERR_FILENO, write_nointr};

void log_init(const char *program, int level)
{
	log_state.program = program;
	log_state.level = level;
}

void log_set_level(int level)
{
	log_state.level = level;
}

int log_level(void)
{
	return log_state.level;
}

void log_set_fd(int fd)
{
	log_state.fd = fd;
}

static ssize_t write_nointr(int fd, const char *s, size_t n)
{
	ssize_t r;

	do
		r = write(fd, s, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/*
 * The write with SIGPIPE held back: a reader that went away costs the line, never the
 * process nor a signal that looks like someone else's (tether forwards those). One
 * already pending is another's (standard signals do not queue): it stays.
 */
static ssize_t write_guarded(int fd, const char *s, size_t n)
{
	sigset_t pipe_set, old, pending;
	bool was_pending;
	ssize_t r;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
	r = write_nointr(fd, s, n);
	if (r < 0 && errno == EPIPE && !was_pending)
		sigtimedwait(&pipe_set, NULL, &(struct timespec){0, 0});
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

void log_guard_sigpipe(void)
{
	log_state.write = write_guarded;
}

/* After EPIPE nothing more is written: a broken stderr changes no outcome, no timing. */
static void write_line(const char *line, size_t n)
{
	if (log_state.fd >= 0 && log_state.write(log_state.fd, line, n) < 0 && errno == EPIPE)
		log_state.fd = -1;
}

void log_vmsg(int level, int err, const char *fmt, va_list ap)
{
	char line[1024], raw[1024];
	size_t n;
	int saved = errno;

	if (level > log_state.level)
		return;
	n = fmt_buf(line, sizeof(line) - 1, "%s: ", log_state.program);
	/* inputs echoed in the message: one line, no terminal escapes */
	fmt_vbuf(raw, sizeof(raw), fmt, ap);
	n += fmt_escape(line + n, sizeof(line) - 1 - n, raw);
	if (err)
		n += fmt_buf(line + n, sizeof(line) - 1 - n, ": %s",
			     strerror(err < 0 ? -err : err));
	line[n++] = '\n';
	write_line(line, n);
	errno = saved;
}

void log_msg(int level, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, err, fmt, ap);
	va_end(ap);
}
