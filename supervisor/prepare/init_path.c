/* SPDX-License-Identifier: MIT */
/* init_path.h: locate the init, copy it into a sealed memfd. Runs in the parent only. */
#include "init_path.h"
#include "fd.h"
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int init_find(const char *explicit, char *buf, size_t size)
{
	char self[4096];
	ssize_t n;
	char *slash;

	if (explicit) {
		fmt_buf(buf, size, "%s", explicit);
		return 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			fmt_buf(buf, size, "%s/tether-init", self);
			if (is_file(buf))
				return 0;
		}
	}
	fmt_buf(buf, size, "%s/tether-init", TETHER_LIBEXECDIR);
	return is_file(buf) ? 0 : -ENOENT;
}

static int copy_all(int to, int from, off_t size)
{
	off_t done = 0;

	while (done < size) {
		ssize_t n = sendfile(to, from, NULL, (size_t) (size - done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO; /* the file shrank under us */
		done += n;
	}
	return 0;
}

int init_memfd(const char *path, const char **what)
{
	return exe_memfd(path, "tether-init", what);
}

int exe_memfd(const char *path, const char *name, const char **what)
{
	struct stat st;
	int src, mfd, r;

	*what = "open init";
	src = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (src < 0)
		return -errno;
	if (fstat(src, &st) < 0) {
		r = -errno;
		fd_close(src);
		return r;
	}
	/* The copy would be executable whatever the original's mode: check it here. */
	if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
		fd_close(src);
		return -EACCES;
	}
	*what = "create memfd for init";
	/* MFD_EXEC: say so where vm.memfd_noexec would otherwise make it non-executable. */
	mfd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL)
		mfd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0) {
		r = -errno;
		fd_close(src);
		return r;
	}
	*what = "copy init into memfd";
	r = copy_all(mfd, src, st.st_size);
	fd_close(src);
	if (r == 0) {
		*what = "seal init memfd";
		if (fcntl(mfd, F_ADD_SEALS,
			  F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
			r = -errno;
	}
	if (r < 0) {
		fd_close(mfd);
		return r;
	}
	return mfd;
}
