/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/log.c: the one-line message format, levels, errno kept for the caller,
 * and a message too long for the buffer that still ends in exactly one newline, written
 * with a single write(2) (read here as one pipe read).
 */
#include "check.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>

static int out[2];

static void capture(const char *program, int level)
{
	CHECK_EQ(pipe2(out, O_CLOEXEC | O_NONBLOCK), 0);
	log_init(program, level);
	log_set_fd(out[1]);
}

/* One read: what one write(2) put in the pipe (empty when nothing was written). */
static const char *written(void)
{
	static char buf[4096];
	ssize_t n = read(out[0], buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

TEST(format_with_and_without_reason)
{
	capture("tether-init", LOG_LEVEL_WARNING);
	log_error(0, "usage: %s", "no command");
	CHECK_STR(written(), "tether-init: usage: no command\n");
	log_error(ENOENT, "exec %s", "/bin/x");
	CHECK_STR(written(), "tether-init: exec /bin/x: No such file or directory\n");
	log_warning(-EPERM, "mount %s", "/dev/shm"); /* -errno works the same */
	CHECK_STR(written(), "tether-init: mount /dev/shm: Operation not permitted\n");
}

TEST(levels_filter)
{
	capture("tether", LOG_LEVEL_WARNING);
	CHECK_EQ(log_level(), LOG_LEVEL_WARNING);
	log_info(0, "hidden");
	log_debug(0, "hidden");
	CHECK_STR(written(), "");
	log_warning(0, "shown");
	CHECK_STR(written(), "tether: shown\n");
	log_set_level(LOG_LEVEL_DEBUG);
	log_debug(0, "now shown %d", 3);
	CHECK_STR(written(), "tether: now shown 3\n");
	log_set_level(LOG_LEVEL_ERROR);
	log_warning(0, "hidden");
	CHECK_STR(written(), "");
}

TEST(errno_is_kept)
{
	capture("tether", LOG_LEVEL_DEBUG);
	errno = EXDEV;
	log_error(EACCES, "x");
	CHECK_EQ(errno, EXDEV);
	/* even when the write fails */
	log_set_fd(-1);
	errno = ECHILD;
	log_error(0, "nowhere");
	CHECK_EQ(errno, ECHILD);
}

TEST(long_message_is_one_truncated_line)
{
	char big[3000];
	const char *line;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	capture("tether", LOG_LEVEL_WARNING);
	log_error(ENOENT, "%s", big);
	line = written();
	CHECK(strlen(line) <= 1024);
	CHECK(strlen(line) > 1000);
	CHECK_EQ(line[strlen(line) - 1], '\n');
	CHECK(strchr(line, '\n') == line + strlen(line) - 1);
	CHECK(strncmp(line, "tether: aaaa", 12) == 0);
	CHECK_STR(written(), ""); /* nothing more: it was a single write */
}

/*
 * A reader gone: SIGPIPE at its default action does not kill, none is left pending, one
 * that another process sent before stays pending, and after EPIPE nothing is written.
 */
TEST(broken_pipe_is_quiet)
{
	sigset_t pipe_set, pending;

	signal(SIGPIPE, SIG_DFL);
	log_guard_sigpipe();
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	capture("tether", LOG_LEVEL_WARNING);
	close(out[0]);
	errno = ENOSPC;
	log_warning(0, "first");
	CHECK_EQ(errno, ENOSPC);
	log_warning(0, "second");
	/* held back, then let go: a pending SIGPIPE would end us here */
	CHECK_EQ(sigprocmask(SIG_BLOCK, &pipe_set, NULL), 0);
	CHECK_EQ(sigpending(&pending), 0);
	CHECK_EQ(sigismember(&pending, SIGPIPE), 0);

	capture("tether", LOG_LEVEL_WARNING);
	close(out[0]);
	CHECK_EQ(kill(getpid(), SIGPIPE), 0); /* another's, as far as log can tell */
	log_warning(0, "third");
	CHECK_EQ(sigpending(&pending), 0);
	CHECK_EQ(sigismember(&pending, SIGPIPE), 1);
}

CHECK_MAIN(T(format_with_and_without_reason), T(levels_filter), T(errno_is_kept),
	   T(long_message_is_one_truncated_line), T(broken_pipe_is_quiet))
