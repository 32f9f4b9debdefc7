/* SPDX-License-Identifier: MIT */
/*
 * passwd.h: colon files parsed line by line; passwd: name:x:uid:gid:gecos:home:shell.
 * The file is the container's: opened inside its root without following a last symlink
 * (one to /dev/zero would be read for ever), without blocking (a FIFO), a regular file
 * of at most PASSWD_FILE_MAX bytes, read once into memory.
 */
#include "passwd.h"
#include "fd.h"
#include "parse.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_db(int root_fd, const char *path, char **out)
{
	struct tether_open_how how = {O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0,
				      RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	struct stat st;
	size_t len = 0, cap = 0;
	char *buf;
	int fd, r = 0;

	/* AT_FDCWD: the host's own file, from our root, not the working directory's. */
	if (root_fd == AT_FDCWD)
		how.resolve = RESOLVE_NO_MAGICLINKS;
	fd = sys_openat2(root_fd, path, &how);
	if (fd < 0)
		return fd == -ELOOP ? PASSWD_ERR_SYMLINK : fd;
	if (fstat(fd, &st) < 0) {
		r = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		r = PASSWD_ERR_NOT_FILE;
	} else if (st.st_size > PASSWD_FILE_MAX) {
		r = PASSWD_ERR_TOO_BIG;
	}
	/*
	 * The size may change under us: read one byte more than fstat said to see it grow
	 * (and past the bound if it did), never more than the bound plus one.
	 */
	if (!r)
		cap = (size_t) st.st_size + 1;
	buf = r ? NULL : malloc(cap + 1);
	if (!r && !buf)
		r = -ENOMEM;
	while (!r && len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = -errno;
		else if (n == 0)
			break;
		else
			len += (size_t) n;
	}
	if (!r && len > PASSWD_FILE_MAX)
		r = PASSWD_ERR_TOO_BIG;
	else if (!r && len == cap)
		r = PASSWD_ERR_CHANGED;
	fd_close(fd);
	if (r) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

int passwd_lookup(int root_fd, const char *path, const char *key, bool by_id, bool want_strings,
		  struct passwd_entry *out)
{
	const char *base = strrchr(path, '/');
	bool is_group = strcmp(base ? base + 1 : path, "group") == 0;
	char *buf = NULL, *line, *next;
	int found = 0, r;

	memset(out, 0, sizeof(*out));
	r = read_db(root_fd, path, &buf);
	if (r == -ENOENT)
		return 0; /* no file: no entry */
	if (r < 0)
		return r;
	for (line = buf; !found && line; line = next) {
		char *fields[7] = {0}, *p = line;
		size_t n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (n < 7 && p) {
			fields[n++] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (n < 3 || parse_uint(fields[2], UINT32_MAX - 1, &out->id) < 0)
			continue;
		if (strcmp(by_id ? fields[2] : fields[0], key) != 0)
			continue;
		/*
		 * passwd lines have 7 fields and a gid; group lines 4, the last a member list.
		 * A passwd line without its gid is no entry, never one with gid 0.
		 */
		found = is_group ||
			(n >= 4 && parse_uint(fields[3], UINT32_MAX - 1, &out->gid) == 0);
		if (found && want_strings) {
			out->name = strdup(fields[0]);
			if (n >= 6 && fields[5][0] == '/')
				out->home = strdup(fields[5]);
		}
	}
	free(buf);
	return found;
}

const char *passwd_strerror(int r)
{
	switch (r) {
	case PASSWD_ERR_SYMLINK:
		return "is a symbolic link";
	case PASSWD_ERR_NOT_FILE:
		return "is not a regular file";
	case PASSWD_ERR_TOO_BIG:
		return "is larger than 1 MiB";
	case PASSWD_ERR_CHANGED:
		return "changed while being read";
	default:
		return strerror(-r);
	}
}

void passwd_entry_free(struct passwd_entry *e)
{
	free(e->name);
	free(e->home);
	e->name = e->home = NULL;
}
