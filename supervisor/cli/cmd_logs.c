/* SPDX-License-Identifier: MIT */
/*
 * `tether logs [-f] NAME`: the output a detached container's monitor keeps (logs.h), the
 * rotated files first, oldest first. -f follows a running container until it ends: the
 * directory is watched with inotify (a write, a rotation) and the end comes from the
 * monitor's "wait" answer, which it sends only once the pipe is drained into the file.
 */
#include "client.h"
#include "commands.h"
#include "fd.h"
#include "log.h"
#include "logs.h"
#include "proc.h"
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_STATE_DIR = 256 };

static const char logs_usage[] =
	"usage: tether logs [-f] NAME [--state-dir DIR]\n"
	"Prints the output kept for NAME (run -d without --log-file keeps it).\n"
	"  -f, --follow  keep printing what comes until the container ends\n";

struct follow {
	char path[PATH_MAX];
	int fd; /* the current file, read up to its end */
	ino_t ino;
};

/* Copies fd from where it stands to its end onto stdout. 0 or -errno. */
static int copy_out(int fd)
{
	char buf[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : 0;
		for (char *p = buf; n > 0;) {
			ssize_t w = write(STDOUT_FILENO, p, (size_t) n);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -errno;
			p += w;
			n -= w;
		}
	}
}

static int open_ro(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
}

static ino_t fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

static ino_t path_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/*
 * NAME:log.1, .2, ... opened in one look that no rotation crossed: NAME:log kept its
 * inode while they were opened (each rotation makes a new one). fds[i] is NAME:log.i+1.
 * A few tries; the last look is taken as it is if the monitor keeps rotating.
 */
static unsigned int open_rotated(const char *path, int *fds)
{
	char p[PATH_MAX];
	unsigned int n = 0;

	for (int round = 0; round < 8; round++) {
		ino_t before = path_ino(path);

		while (n > 0)
			fd_close(fds[--n]);
		while (n < LOGS_FILES_MAX &&
		       snprintf(p, sizeof(p), "%s.%u", path, n + 1) < (int) sizeof(p) &&
		       (fds[n] = open_ro(p)) >= 0)
			n++;
		if (before != 0 && path_ino(path) == before)
			break;
	}
	return n;
}

/*
 * Copies fds[from-1] down to fds[to] (older to newer), each file once: while the monitor
 * rotates, two neighbouring names may be one file. 0 or -errno.
 */
static int copy_range(int *fds, unsigned int from, unsigned int to)
{
	ino_t last = 0;
	int r = 0;

	for (unsigned int i = from; r == 0 && i > to; i--) {
		ino_t ino = fd_ino(fds[i - 1]);

		if (ino != last)
			r = copy_out(fds[i - 1]);
		last = ino;
	}
	return r;
}

/* The first of fds[0..n) that is the file ino, or n. */
static unsigned int find_ino(const int *fds, unsigned int n, ino_t ino)
{
	unsigned int i;

	for (i = 0; i < n && fd_ino(fds[i]) != ino; i++)
		;
	return i;
}

/*
 * Our file was rotated since we looked (maybe more than once): the rotated files newer
 * than ours and older than the new current one (new_ino, itself rotated meanwhile or not)
 * come first. Their descriptors keep them whatever is renamed after.
 */
static int copy_between(struct follow *f, ino_t new_ino)
{
	int fds[LOGS_FILES_MAX], r;
	unsigned int n = open_rotated(f->path, fds), ours = find_ino(fds, n, f->ino);
	unsigned int newest = find_ino(fds, ours, new_ino);

	/* ours == n: dropped by max-file meanwhile; all that is left is newer (a gap) */
	r = copy_range(fds, ours, newest == ours ? 0 : newest + 1);
	while (n > 0)
		fd_close(fds[--n]);
	return r;
}

/* The current file, from where we stand; newer ones (rotations) after the old one's end. */
static int follow_step(struct follow *f)
{
	struct stat cur;
	ino_t ino;
	int fd, r = 0;

	if (f->fd >= 0) {
		/* max-file=1 truncates in place: start again from its beginning. */
		if (fstat(f->fd, &cur) == 0 && cur.st_size < lseek(f->fd, 0, SEEK_CUR))
			lseek(f->fd, 0, SEEK_SET);
		r = copy_out(f->fd);
		if (r < 0)
			return r;
	}
	fd = open_ro(f->path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	ino = fd_ino(fd);
	if (f->fd >= 0 && ino == f->ino) {
		fd_close(fd);
		return 0;
	}
	if (f->fd >= 0) {
		/* Renamed before the new one was made: ours is complete now. */
		r = copy_out(f->fd);
		if (r == 0)
			r = copy_between(f, ino);
	}
	fd_close(f->fd);
	f->fd = fd;
	f->ino = ino;
	return r < 0 ? r : copy_out(fd);
}

/*
 * The rotated files older than the current one (f->fd, which may have been rotated since
 * it was opened), oldest first. 1 when there was one, 0 when none, or -errno.
 */
static int print_rotated(struct follow *f)
{
	int fds[LOGS_FILES_MAX], r;
	unsigned int n = open_rotated(f->path, fds);
	unsigned int ours = f->fd >= 0 ? find_ino(fds, n, f->ino) : n;

	/* ours < n: the current file was rotated after we opened it; older ones only */
	r = copy_range(fds, n, ours < n ? ours + 1 : 0);
	while (n > 0)
		fd_close(fds[--n]);
	return r < 0 ? r : n > 0;
}

/* Reads answers until the monitor says the container ended, or goes away. */
static void wait_end(struct client *cl, struct follow *f, int ino_fd)
{
	struct pollfd p[2] = {{.fd = ino_fd, .events = POLLIN}, {.fd = cl->fd, .events = POLLIN}};
	char buf[4096];

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[0].revents) {
			while (read(ino_fd, buf, sizeof(buf)) > 0)
				;
			if (follow_step(f) < 0)
				return;
		}
		if (p[1].revents) {
			if (client_recv(cl, buf, sizeof(buf), NULL, 0) == 1 &&
			    strncmp(buf, "exit ", 5) != 0)
				continue; /* not the end */
			return;
		}
	}
}

static int show(struct client *cl, bool follow)
{
	struct follow f = {.fd = -1};
	struct state_rec rec;
	int ino_fd = -1, r, had_rotated;

	r = state_name_ok(cl->name) ? state_read(cl->dir, cl->name, &rec) : -ENOENT;
	if (r == -ENOENT) {
		log_error(0, "logs %s: no such container", cl->name);
		return CMD_EXIT_NOT_RUNNING;
	}
	if (r == -EACCES || r == -EPERM) { /* records are 0600: another user's */
		log_error(0, "logs %s: permission denied", cl->name);
		return CMD_EXIT_REFUSED;
	}
	if (r < 0) {
		log_error(r, "logs %s: read state", cl->name);
		return PROC_EXIT_SETUP;
	}
	state_rec_free(&rec);
	if (logs_path(f.path, sizeof(f.path), cl->dir, cl->name, 0) < 0)
		return PROC_EXIT_SETUP;
	/* Watch and ask for the end before reading: nothing can slip in between. */
	if (follow && rec.is_live) {
		ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
		if (ino_fd < 0 ||
		    inotify_add_watch(ino_fd, cl->dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0) {
			log_error(errno, "logs %s: watch %s", cl->name, cl->dir);
			fd_close(ino_fd);
			return PROC_EXIT_SETUP;
		}
		if (client_connect(cl) != 0 || client_send(cl, "wait") < 0) {
			client_close(cl); /* it ended meanwhile: print what it left */
			fd_close(ino_fd);
			ino_fd = -1;
		}
	}
	/* The current file first: what was current when the rotated ones were read. */
	f.fd = open_ro(f.path);
	r = f.fd < 0 ? errno : 0;
	f.ino = f.fd >= 0 ? fd_ino(f.fd) : 0;
	had_rotated = print_rotated(&f);
	if (f.fd < 0 && (r != ENOENT || had_rotated <= 0)) {
		fd_close(ino_fd);
		client_close(cl);
		if (r == EACCES) {
			log_error(0, "logs %s: permission denied", cl->name);
			return CMD_EXIT_REFUSED;
		}
		if (had_rotated < 0)
			log_error(had_rotated, "logs %s", cl->name);
		else
			log_error(
				0,
				"logs %s: no output kept (only run -d without --log-file keeps it)",
				cl->name);
		return had_rotated < 0 ? PROC_EXIT_SETUP : CMD_EXIT_NOT_RUNNING;
	}
	r = f.fd >= 0 ? copy_out(f.fd) : 0;
	if (ino_fd >= 0 && r == 0) {
		wait_end(cl, &f, ino_fd);
		r = follow_step(&f); /* the last words, drained before the answer */
	}
	fd_close(ino_fd);
	fd_close(f.fd);
	client_close(cl);
	if (r < 0) {
		log_error(r, "logs %s: write output", cl->name);
		return PROC_EXIT_SETUP;
	}
	return 0;
}

int logs_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"follow", no_argument, NULL, 'f'},
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir_opt = NULL, *name = NULL;
	struct client cl;
	bool follow = false;
	int c, r;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:hf", opts, NULL)) != -1) {
		if (c == 1 && !name) {
			name = optarg;
		} else if (c == 1) {
			return client_usage_error("logs", "unexpected argument '%s'", optarg);
		} else if (c == 'f') {
			follow = true;
		} else if (c == OPT_STATE_DIR) {
			dir_opt = optarg;
		} else {
			r = client_option_other("logs", c, argv, logs_usage);
			return r < 0 ? 0 : r;
		}
	}
	if (!name)
		return client_usage_error("logs", "%s", "missing NAME");
	r = client_init(&cl, "logs", dir_opt);
	if (r)
		return r;
	cl.name = name;
	return show(&cl, follow);
}
