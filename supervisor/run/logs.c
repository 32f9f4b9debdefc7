/* SPDX-License-Identifier: MIT */
/*
 * logs.h: the pump from the container's output pipe to DIR/NAME:log. Runs in the
 * monitor's main loop: the read end is non-blocking and a turn moves at most
 * LOGS_TURN_MAX bytes, so that signals and the control socket are never starved. A write
 * that fails drops the data (the container must never block on a full disk).
 */
#include "logs.h"
#include "fd.h"
#include "log.h"
#include "parse.h"
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOGS_CHUNK    65536
#define LOGS_TURN_MAX (16 * LOGS_CHUNK)

/* "10m", "512k", "1g" or bytes; 1024-based as Docker's units. */
static int parse_size(const char *s, unsigned long long *out)
{
	char num[32];
	size_t n = strlen(s);
	unsigned long long mult = 1, v;

	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k':
	case 'K':
		mult = 1024;
		break;
	case 'm':
	case 'M':
		mult = 1024 * 1024;
		break;
	case 'g':
	case 'G':
		mult = 1024 * 1024 * 1024;
		break;
	default:
		break;
	}
	if (mult > 1)
		num[n - 1] = '\0';
	if (parse_uint(num, (1ULL << 40) / mult, &v) < 0 || v == 0)
		return -EINVAL;
	*out = v * mult;
	return 0;
}

int logs_parse_opt(struct run_config *cfg, const char *arg)
{
	unsigned long long n;

	if (strncmp(arg, "max-size=", 9) == 0)
		return parse_size(arg + 9, &cfg->log_max_size);
	if (strncmp(arg, "max-file=", 9) == 0) {
		if (parse_uint(arg + 9, LOGS_FILES_MAX, &n) < 0 || n == 0)
			return -EINVAL;
		cfg->log_max_files = (unsigned int) n;
		return 0;
	}
	return -EINVAL;
}

int logs_path(char *buf, size_t size, const char *dir, const char *name, unsigned int n)
{
	int len = n ? snprintf(buf, size, "%s/%s:log.%u", dir, name, n)
		    : snprintf(buf, size, "%s/%s:log", dir, name);

	return len < 0 || (size_t) len >= size ? -ENAMETOOLONG : 0;
}

int logs_pipe(int *read_fd)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
		int r = -errno;

		fd_close(p[0]);
		fd_close(p[1]);
		return r;
	}
	*read_fd = p[0];
	return p[1];
}

static int open_log(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
}

/* Removes DIR/NAME:log.1 and up, as far as they go (rotations are numbered without gaps). */
static void remove_rotated(const char *dir, const char *name)
{
	char path[PATH_MAX];

	for (unsigned int i = 1; i <= LOGS_FILES_MAX; i++)
		if (logs_path(path, sizeof(path), dir, name, i) < 0 || unlink(path) < 0)
			break;
}

void logs_open(struct container *c)
{
	struct logs *l = &c->logs;
	struct control *ctl = &c->ctl;

	l->fd = -1;
	l->pipe_fd = ctl->out_pipe;
	ctl->out_pipe = -1;
	l->max_size = c->cfg->log_max_size;
	l->max_files = c->cfg->log_max_files;
	if (l->pipe_fd < 0 || !ctl->is_registered)
		return; /* nothing kept, or nowhere to keep it: the pump drops it */
	if (logs_path(l->path, sizeof(l->path), ctl->dir, ctl->rec.name, 0) < 0)
		return;
	remove_rotated(ctl->dir, ctl->rec.name);
	l->fd = open_log(l->path);
	if (l->fd < 0)
		log_warning(errno, "open %s: the container's output is not kept", l->path);
}

/* from becomes to, replacing it, while from stays: readers never see a gap in the names. */
static void shift(const char *from, const char *to, const char *tmp)
{
	if (link(from, tmp) == 0) {
		if (rename(tmp, to) == 0)
			return;
		unlink(tmp);
	} else if (errno == ENOENT) {
		return;
	}
	if (rename(from, to) < 0 && errno != ENOENT) /* no hard links here: a brief gap */
		log_warning(errno, "rotate %s", from);
}

/*
 * Starts a new file; false when none could be started (the data is then dropped). Every
 * name is replaced atomically and none ever missing (`logs -f` reads the names while we
 * rotate): log.N-2 is linked as log.N-1, ..., log as log.1, then a new log replaces it.
 */
static bool rotate(struct logs *l)
{
	char from[PATH_MAX], to[PATH_MAX], tmp[PATH_MAX];
	int fd;

	if (l->max_files == 1) {
		if (ftruncate(l->fd, 0) == 0)
			return true;
		log_warning(errno, "truncate %s", l->path);
		return false;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", l->path) >= (int) sizeof(tmp))
		return false;
	for (unsigned int i = l->max_files - 1; i >= 1; i--) {
		int n = i == 1 ? snprintf(from, sizeof(from), "%s", l->path)
			       : snprintf(from, sizeof(from), "%s.%u", l->path, i - 1);

		if (n >= (int) sizeof(from) ||
		    snprintf(to, sizeof(to), "%s.%u", l->path, i) >= (int) sizeof(to))
			return false;
		shift(from, to, tmp);
	}
	fd = open_log(tmp);
	if (fd >= 0 && rename(tmp, l->path) < 0) {
		log_warning(errno, "rotate %s", l->path);
		fd_close(fd);
		unlink(tmp);
		fd = -1;
	} else if (fd < 0) {
		log_warning(errno, "open %s: the container's output is not kept", tmp);
	}
	if (fd >= 0 && l->is_sink)
		log_set_fd(fd);
	/* The old file is log.1 now, complete: nothing more is written to it. */
	fd_close(l->fd);
	l->fd = fd;
	if (fd < 0 && l->is_sink) {
		log_set_fd(-1); /* not stderr: that is the pipe (logs_sink) */
		l->is_sink = false;
	}
	return fd >= 0;
}

static void write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* dropped: see the file's comment */
		buf += w;
		n -= (size_t) w;
	}
}

/* buf into the file, starting a new one (at a line's end when it can) before max-size. */
static void put(struct logs *l, const char *buf, size_t n)
{
	struct stat st;
	size_t room, k;

	while (n > 0 && l->fd >= 0) {
		/* The size from the file: the monitor's own messages are appended to it too. */
		if (fstat(l->fd, &st) < 0)
			return;
		room = (unsigned long long) st.st_size >= l->max_size
			       ? 0
			       : (size_t) (l->max_size - (unsigned long long) st.st_size);
		if (n <= room) {
			write_all(l->fd, buf, n);
			return;
		}
		for (k = room; k > 0 && buf[k - 1] != '\n'; k--)
			;
		if (k == 0 && st.st_size == 0)
			k = room; /* a line longer than a whole file: cut it */
		write_all(l->fd, buf, k);
		buf += k;
		n -= k;
		if (!rotate(l))
			return;
	}
}

static void pump(struct logs *l, size_t limit)
{
	char buf[LOGS_CHUNK];
	size_t moved = 0;
	ssize_t n;

	while (l->pipe_fd >= 0 && moved < limit) {
		n = read(l->pipe_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		put(l, buf, (size_t) n);
		moved += (size_t) n;
	}
}

void logs_pump(struct container *c)
{
	pump(&c->logs, LOGS_TURN_MAX);
}

void logs_watch(struct container *c, bool on)
{
	struct logs *l = &c->logs;
	int r;

	if (l->pipe_fd < 0)
		return;
	r = on ? loop_add(&c->loop, l->pipe_fd, LOOP_LOGS) : loop_del(&c->loop, l->pipe_fd);
	if (r < 0 && on)
		log_warning(r, "watch the container's output");
}

void logs_sink(struct container *c)
{
	struct logs *l = &c->logs;

	l->is_sink = l->fd >= 0;
	/*
	 * Never the pipe we read ourselves (stderr is its write end): a message written
	 * while the container has filled it would block the monitor for good. Without a
	 * file, the messages are dropped as the output is.
	 */
	log_set_fd(l->is_sink ? l->fd : l->pipe_fd >= 0 ? -1 : 2);
}

void logs_drain(struct container *c)
{
	/* Not even pump's frame without a pipe: its buffer's pages are faults of their own. */
	if (c->logs.pipe_fd >= 0)
		pump(&c->logs, (size_t) -1);
}

void logs_close(struct container *c, bool remove)
{
	struct logs *l = &c->logs;

	if (l->is_sink)
		log_set_fd(-1); /* stderr is the pipe's write end, with no reader now */
	l->is_sink = false;
	fd_close(l->pipe_fd);
	fd_close(l->fd);
	l->pipe_fd = l->fd = -1;
	if (remove && l->path[0]) {
		unlink(l->path);
		remove_rotated(c->ctl.dir, c->ctl.rec.name);
	}
}
