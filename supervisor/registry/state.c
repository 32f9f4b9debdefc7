/* SPDX-License-Identifier: MIT */
/*
 * state.h: the record as "key=value" lines (command arguments and values escaped: \n and
 * \\), written to a temporary file and renamed over the old one, so that a reader sees a
 * whole record or the previous one. Never prints: callers say what failed.
 */
#include "state.h"
#include "entry.h"
#include "fd.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int state_dir(const char *opt, char *buf, size_t size)
{
	const char *env = getenv("TETHER_STATE_DIR"), *xdg;
	int n;

	if (opt && *opt)
		n = snprintf(buf, size, "%s", opt);
	else if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if (geteuid() == 0)
		n = snprintf(buf, size, "/run/tether");
	else if ((xdg = getenv("XDG_RUNTIME_DIR")) && *xdg)
		n = snprintf(buf, size, "%s/tether", xdg);
	else
		return -ENOENT;
	return n < 0 || (size_t) n >= size ? -ENAMETOOLONG : 0;
}

bool state_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > STATE_NAME_MAX || !isalnum((unsigned char) name[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char) name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

int state_path(char *buf, size_t size, const char *dir, const char *name, const char *leaf)
{
	int n = snprintf(buf, size, "%s/%s%s%s", dir, name, leaf ? ":" : "", leaf ? leaf : "");

	return n < 0 || (size_t) n >= size ? -ENAMETOOLONG : 0;
}

/* mkdir -p, the last component with mode; the others 0755. */
static int make_dirs(const char *path, mode_t mode)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	/* Mostly there already: one mkdir says so, the walk is for the first time only. */
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -errno;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* True when fd's file begins with the marker: only then is it a file of ours. */
bool state_has_marker(int fd)
{
	char buf[sizeof(STATE_MARKER) - 1];

	return pread(fd, buf, sizeof(buf), 0) == (ssize_t) sizeof(buf) &&
	       memcmp(buf, STATE_MARKER, sizeof(buf)) == 0;
}

/*
 * Creates path with the marker already in it (an unnamed file linked in once written), so
 * that no SIGKILL can leave a file of ours that we would not know again. 0 or -errno
 * (-EEXIST when something is there).
 */
static int create_marked(const char *dir, const char *path, const char *content)
{
	char proc[64];
	size_t n = strlen(content);
	int fd, r = 0;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* No O_TMPFILE on this file system: a file that is empty for an instant. */
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		if (write(fd, content, n) != (ssize_t) n)
			r = -EIO;
		fd_close(fd);
		return r;
	}
	if (fd < 0)
		return -errno;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (write(fd, content, n) != (ssize_t) n)
		r = -EIO;
	else if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0)
		r = -errno;
	fd_close(fd);
	return r;
}

/*
 * The lock DIR/NAME, opened (created with create, then read-write) to be locked. Anything
 * but a regular file of ours there (the marker) is no entry: -ENOENT, or with create
 * -EEXIST, as the file is someone else's and stays untouched.
 */
enum { ENTRY_READ, ENTRY_WRITE, ENTRY_CREATE };

static int open_entry(const char *dir, const char *name, int how)
{
	bool create = how == ENTRY_CREATE;
	char path[4096];
	struct stat st;
	int fd, r;

	r = state_path(path, sizeof(path), dir, name, NULL);
	if (r < 0)
		return r;
	if (create) {
		r = create_marked(dir, path, STATE_MARKER);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	/* O_NONBLOCK: a FIFO of that name must not hang us. */
	fd = open(path,
		  (how == ENTRY_READ ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return errno == ELOOP || errno == EISDIR || errno == ENXIO
			       ? (create ? -EEXIST : -ENOENT)
			       : -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !state_has_marker(fd)) {
		fd_close(fd);
		return create ? -EEXIST : -ENOENT;
	}
	return fd;
}

/* An exclusive lock on fd's file, not waiting: 0, -EBUSY or -errno. */
static int lock_take(int fd)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return 0;
	return errno == EAGAIN || errno == EACCES ? -EBUSY : -errno;
}

static void lock_drop(int fd)
{
	struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET};

	fcntl(fd, F_OFD_SETLK, &fl);
}

/* Whether anyone holds the lock, asked without taking it (readers never block a monitor). */
static bool lock_is_held(int fd)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

	return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

/* Removes DIR/NAME:leaf if it is ours: a socket for ctl, a marked regular file else. */
void state_remove_own(const char *dir, const char *name, const char *leaf)
{
	char path[4096];
	struct stat st;
	int fd;

	if (state_path(path, sizeof(path), dir, name, leaf) < 0 || lstat(path, &st) < 0)
		return;
	if (leaf && strcmp(leaf, "ctl") == 0) {
		if (S_ISSOCK(st.st_mode))
			unlink(path);
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && state_has_marker(fd))
		unlink(path);
	fd_close(fd);
}

/* True while fd is still the lock at DIR/NAME: a sweep may have removed it meanwhile. */
static bool still_linked(int fd, const char *path)
{
	struct stat held, now;

	return fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_ino == now.st_ino &&
	       held.st_dev == now.st_dev;
}

/* The holder of a busy lock, from its record; 0 when none says. */
static pid_t holder_of(const char *dir, const char *name)
{
	struct state_rec rec;
	pid_t pid = 0;

	if (state_read(dir, name, &rec) == 0) {
		pid = rec.monitor_pid;
		state_rec_free(&rec);
	}
	return pid;
}

int state_lock(const char *dir, const char *name, pid_t *holder, bool fresh)
{
	char path[4096];
	int fd = -1, r;

	*holder = 0;
	/* Readable by all: other users may list; the files themselves are 0600. */
	r = make_dirs(dir, 0755);
	if (r == 0)
		r = state_path(path, sizeof(path), dir, name, NULL);
	/* A name nobody chose never takes over an entry, not even a stopped one. */
	if (r == 0 && fresh) {
		r = create_marked(dir, path, STATE_MARKER);
		if (r == -EEXIST)
			return -EADDRINUSE;
	}
	if (r < 0)
		return r;
	/*
	 * Bounded: a sweep removes a free entry without a record (debris) as we take it, and a
	 * cleaner holds the lock for the few calls of its work; a monitor holds it for good.
	 */
	for (int round = 0; round < 50; round++) {
		if (round > 0)
			nanosleep(&(struct timespec){0, 2000000}, NULL);
		fd = open_entry(dir, name, ENTRY_CREATE);
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		r = lock_take(fd);
		if (r == 0 && still_linked(fd, path)) {
			/* A name's reuse: nothing of the last run may be read as this one's. */
			state_remove_own(dir, name, "state");
			state_remove_own(dir, name, "state.tmp");
			state_remove_own(dir, name, "ctl");
			return fd;
		}
		fd_close(fd);
		if (r < 0 && r != -EBUSY)
			return r;
		if (r == -EBUSY && round >= 3 && (*holder = holder_of(dir, name)) > 0)
			return -EBUSY;
	}
	return -EBUSY;
}

/* Rewrites a stale record as stopped and removes its socket, under the lock. */
static void clean_stale(const char *dir, struct state_rec *rec)
{
	int fd = open_entry(dir, rec->name, ENTRY_WRITE);

	if (fd < 0)
		return; /* not ours to write: another user's entry */
	if (lock_take(fd) < 0) {
		fd_close(fd);
		return; /* a new monitor just took it: its record is the truth now */
	}
	state_copy(rec->state, sizeof(rec->state), "stopped");
	rec->pid = 0;
	state_remove_own(dir, rec->name, "ctl");
	state_remove_own(dir, rec->name, "state.tmp");
	if (rec->is_generated) {
		/* Nobody can name it: nothing to keep (the runs of `tether run` without --name). */
		state_remove_own(dir, rec->name, "state");
		state_remove_own(dir, rec->name, NULL);
		entry_remove(dir, rec->name); /* what else it kept: its output */
	} else {
		state_write(dir, rec);
	}
	lock_drop(fd);
	fd_close(fd);
}

/*
 * An entry nobody holds and without a record: its monitor died before init ran, so there
 * is nothing to report, named or not. Removed under the lock (state_lock copes).
 */
static void remove_debris(const char *dir, const char *name)
{
	int fd = open_entry(dir, name, ENTRY_WRITE);

	if (fd < 0)
		return;
	if (lock_take(fd) == 0) {
		state_remove_own(dir, name, "ctl");
		state_remove_own(dir, name, "state.tmp");
		state_remove_own(dir, name, NULL);
		lock_drop(fd);
	}
	fd_close(fd);
}

int state_read(const char *dir, const char *name, struct state_rec *rec)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	struct stat st;
	int lock_fd, fd, r;

	memset(rec, 0, sizeof(*rec));
	rec->exit_status = -1;
	rec->app_exit_status = -1;
	state_copy(rec->name, sizeof(rec->name), name);
	lock_fd = open_entry(dir, name, ENTRY_READ);
	if (lock_fd < 0)
		return lock_fd;
	r = state_path(path, sizeof(path), dir, name, "state");
	fd = r < 0 ? r : open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	f = fd < 0 ? NULL : fdopen(fd, "r");
	if (f && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !state_has_marker(fd))) {
		fclose(f);
		f = NULL;
		fd = -1;
		errno = ENOENT; /* not ours: as if there were none */
	}
	if (!f) {
		r = r < 0 ? r : -errno;
		fd_close(fd);
		rec->is_live = lock_is_held(lock_fd);
		fd_close(lock_fd);
		/* No record yet, but a monitor holds the entry: it writes one once init runs. */
		if (r == -ENOENT && rec->is_live) {
			state_copy(rec->state, sizeof(rec->state), "starting");
			r = 0;
		} else if (r == -ENOENT) {
			remove_debris(dir, name);
		}
		return r;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		state_parse_line(rec, line);
	}
	free(line);
	fclose(f);
	state_copy(rec->name, sizeof(rec->name), name);

	/* After the record: a monitor that ended meanwhile wrote "stopped" before it let go. */
	rec->is_live = lock_is_held(lock_fd);
	fd_close(lock_fd);
	if (!rec->is_live && strcmp(rec->state, "stopped") != 0) {
		/* Its monitor is gone without a word (SIGKILL): whatever it said is void. */
		rec->is_stale = true;
		clean_stale(dir, rec);
		state_copy(rec->state, sizeof(rec->state), "stopped");
		rec->pid = 0;
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

int state_names(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, cap = 8;
	char **v;

	*names = NULL;
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	v = calloc(cap + 1, sizeof(*v));
	if (!v) {
		closedir(d);
		return -ENOMEM;
	}
	while ((e = readdir(d))) {
		/* The locks: every other file of an entry has a ':' in its name. */
		int fd;

		if (!state_name_ok(e->d_name) || (e->d_type != DT_REG && e->d_type != DT_UNKNOWN))
			continue;
		/* Whatever else is there is not ours, whatever its name. */
		fd = open_entry(dir, e->d_name, ENTRY_READ);
		if (fd < 0)
			continue;
		fd_close(fd);
		if (n == cap) {
			char **nv = realloc(v, (cap * 2 + 1) * sizeof(*v));

			if (!nv)
				break;
			v = nv;
			cap *= 2;
		}
		v[n] = strdup(e->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_names);
	*names = v;
	return 0;
}

void state_sweep(const char *dir)
{
	struct state_rec rec;
	char **names;

	if (state_names(dir, &names) < 0 || !names)
		return;
	for (size_t i = 0; names[i]; i++) {
		int fd = open_entry(dir, names[i], ENTRY_READ);
		/* A held lock is a live monitor: nothing to clean, no record to read. */
		bool is_free = fd >= 0 && !lock_is_held(fd);

		fd_close(fd);
		if (is_free && state_read(dir, names[i], &rec) == 0)
			state_rec_free(&rec);
		free(names[i]);
	}
	free(names);
}
