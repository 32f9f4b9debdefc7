/* SPDX-License-Identifier: MIT */
/* device.h: --device. The child half (device_bind) never allocates and never prints. */
#include "device.h"
#include "usage.h"
#include "fd.h"
#include "fmt.h"
#include "log.h"
#include "proc.h"
#include "rootfs.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Docker's rule: a non-empty subset of "rwm", each letter once. */
static bool mode_ok(const char *s, size_t n)
{
	bool seen[3] = {false, false, false};

	if (n == 0 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *p = memchr("rwm", s[i], 3);

		if (!p || seen[p - "rwm"])
			return false;
		seen[p - "rwm"] = true;
	}
	return true;
}

/* Under /dev, absolute, no "." or ".." component, no empty one: a name we create. */
static bool dst_ok(const char *dst)
{
	if (strncmp(dst, "/dev/", 5) != 0 || !dst[5])
		return false;
	for (const char *p = dst + 5; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p)
			p++;
		if (!*p && p[-1] == '/')
			return false;
	}
	return true;
}

static int bad(const char *spec, const char *why)
{
	return client_usage_error("run", "--device '%s': %s", spec, why);
}

int device_parse(const char *spec, struct rootfs_device *d)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *dst = NULL, *mode = "rwm";
	size_t dst_len = 0, mode_len = 3;

	memset(d, 0, sizeof(*d));
	d->spec = spec;
	if (!spec[0] || spec[0] != '/' || c1 == spec)
		return bad(spec, "expected HOST[:CONTAINER][:rwm] with an absolute HOST");
	if (c2 && strchr(c2 + 1, ':'))
		return bad(spec, "expected HOST[:CONTAINER][:rwm]");
	if (c2) {
		dst = c1 + 1;
		dst_len = (size_t) (c2 - dst);
		mode = c2 + 1;
		mode_len = strlen(mode);
	} else if (c1 && mode_ok(c1 + 1, strlen(c1 + 1))) {
		mode = c1 + 1;
		mode_len = strlen(mode);
	} else if (c1) {
		dst = c1 + 1;
		dst_len = strlen(dst);
	}
	if (!mode_ok(mode, mode_len))
		return bad(spec, "the mode is a subset of rwm");
	if (!dst) {
		dst = spec;
		dst_len = c1 ? (size_t) (c1 - spec) : strlen(spec);
	}
	if (dst_len >= sizeof(d->dst))
		return bad(spec, "CONTAINER is too long");
	memcpy(d->dst, dst, dst_len);
	d->dst[dst_len] = '\0';
	memcpy(d->mode, mode, mode_len);
	d->mode[mode_len] = '\0';
	if (!dst_ok(d->dst))
		return bad(spec, "CONTAINER must be a path under /dev without '.' or '..'");
	return 0;
}

int device_check(struct rootfs_device *d)
{
	const char *host = d->spec;
	size_t n = strcspn(d->spec, ":");
	char path[PATH_MAX];
	struct stat st;

	if (n >= sizeof(path))
		return bad(d->spec, "HOST is too long");
	memcpy(path, host, n);
	path[n] = '\0';
	d->src = realpath(path, NULL);
	if (!d->src || stat(d->src, &st) < 0) {
		log_error(errno, "--device %s: %s", d->spec, path);
		return PROC_EXIT_SETUP;
	}
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
		log_error(0, "--device %s: %s is not a device node", d->spec, path);
		return PROC_EXIT_SETUP;
	}
	d->rdev = st.st_rdev;
	d->type = st.st_mode & S_IFMT;
	return 0;
}

void device_free(struct rootfs_device *d)
{
	free(d->src);
	d->src = NULL;
}
