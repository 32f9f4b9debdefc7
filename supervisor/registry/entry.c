/* SPDX-License-Identifier: MIT */
/* entry.h: one pass over DIR for NAME's files: the record, socket, kept output and more. */
#include "entry.h"
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int entry_remove(const char *dir, const char *name)
{
	size_t len = strlen(name);
	struct dirent *e;
	int dfd, r = 0;
	DIR *d;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		r = -errno;
		close(dfd);
		return r;
	}
	while ((e = readdir(d)))
		if (strncmp(e->d_name, name, len) == 0 && e->d_name[len] == ':' &&
		    unlinkat(dfd, e->d_name, 0) < 0 && errno != ENOENT && r == 0)
			r = -errno;
	if (unlinkat(dfd, name, 0) < 0 && errno != ENOENT && r == 0)
		r = -errno;
	closedir(d);
	return r;
}
