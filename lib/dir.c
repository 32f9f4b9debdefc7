/* SPDX-License-Identifier: MIT */
/* dir.h: getdents64 by hand, since readdir(3) allocates its DIR. */
#include "dir.h"

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int dir_parse_number(const char *name)
{
	int v = 0;

	if (!*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*name - '0');
	}
	return v;
}

int dir_for_each_number(int dirfd, void (*fn)(int n, void *arg), void *arg)
{
	char buf[4096] __attribute__((aligned(8)));
	long n;

	while ((n = syscall(SYS_getdents64, dirfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *) (buf + off);
			int num = dir_parse_number(d->d_name);

			off += d->d_reclen;
			if (num >= 0)
				fn(num, arg);
		}
	}
	return n < 0 ? -errno : 0;
}
