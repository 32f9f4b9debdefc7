/* SPDX-License-Identifier: MIT */
/* log.h: the only place in lib/ that prints. Keeps errno for the caller. */
#include "log.h"
#include "fmt.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static struct {
	const char *program;
	int level;
	int fd;
} log_state = {"tether", LOG_LEVEL_WARNING, STDERR_FILENO};

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

void log_vmsg(int level, int err, const char *fmt, va_list ap)
{
	char line[1024];
	size_t n;
	int saved = errno;

	if (level > log_state.level)
		return;
	n = fmt_buf(line, sizeof(line) - 1, "%s: ", log_state.program);
	n += fmt_vbuf(line + n, sizeof(line) - 1 - n, fmt, ap);
	if (err)
		n += fmt_buf(line + n, sizeof(line) - 1 - n, ": %s",
			     strerror(err < 0 ? -err : err));
	line[n++] = '\n';
	while (write(log_state.fd, line, n) < 0 && errno == EINTR)
		;
	errno = saved;
}

void log_msg(int level, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, err, fmt, ap);
	va_end(ap);
}
