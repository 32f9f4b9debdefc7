/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the launcher's spec parsers: --bind, --tmpfs (rootfs.h), --device
 * (device.h, syntax only) and --ulimit (rlimit.h), as tables of inputs.
 */
#include "check.h"
#include "device.h"
#include "rlimit.h"
#include "rootfs.h"

#include <errno.h>

TEST(bind_specs)
{
	static const struct {
		const char *spec, *src, *dst;
		bool ro;
		int r;
	} cases[] = {
		{"/srv/data:/data", "/srv/data", "/data", false, 0},
		{"/srv/data:/data:ro", "/srv/data", "/data", true, 0},
		{"rel:/x:rw", "rel", "/x", false, 0},
		{"/a:/b:rx", NULL, NULL, false, -EINVAL},
		{"/a", NULL, NULL, false, -EINVAL},
		{":/b", NULL, NULL, false, -EINVAL},
		{"/a:", NULL, NULL, false, -EINVAL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rootfs_mount m;
		int r = rootfs_parse_bind(cases[i].spec, &m);

		CHECK_EQ(r, cases[i].r);
		if (r == 0) {
			CHECK_EQ(m.kind, ROOTFS_MOUNT_BIND);
			CHECK_STR(m.src, cases[i].src);
			CHECK_STR(m.dst, cases[i].dst);
			CHECK_EQ(m.ro, cases[i].ro);
		}
		rootfs_mount_free(&m);
	}
}

TEST(tmpfs_specs)
{
	static const struct {
		const char *spec, *dst, *data;
		int r;
	} cases[] = {
		{"/scratch", "/scratch", "mode=1777", 0},
		{"/scratch:64m", "/scratch", "mode=1777,size=64m", 0},
		{"/run:50%", "/run", "mode=1777,size=50%", 0},
		{"/run:12", "/run", "mode=1777,size=12", 0},
		{"/run:", NULL, NULL, -EINVAL},
		{"/run:64mb", NULL, NULL, -EINVAL},
		{"/run:x", NULL, NULL, -EINVAL},
		{":64m", NULL, NULL, -EINVAL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rootfs_mount m;
		int r = rootfs_parse_tmpfs(cases[i].spec, &m);

		CHECK_EQ(r, cases[i].r);
		if (r == 0) {
			CHECK_EQ(m.kind, ROOTFS_MOUNT_TMPFS);
			CHECK_STR(m.dst, cases[i].dst);
			CHECK_STR(m.data, cases[i].data);
		}
		rootfs_mount_free(&m);
	}
}

TEST(device_specs)
{
	static const struct {
		const char *spec, *dst, *mode;
		bool ok;
	} cases[] = {
		{"/dev/fuse", "/dev/fuse", "rwm", true},
		{"/dev/fuse:r", "/dev/fuse", "r", true},
		{"/dev/fuse:/dev/myfuse", "/dev/myfuse", "rwm", true},
		{"/dev/fuse:/dev/myfuse:rw", "/dev/myfuse", "rw", true},
		{"fuse", NULL, NULL, false},
		{"/dev/fuse:/dev/x:rwx", NULL, NULL, false},
		{"/dev/fuse:/dev/x:rr", NULL, NULL, false},
		{"/dev/fuse:/etc/x", NULL, NULL, false},
		{"/dev/fuse:/dev/../x", NULL, NULL, false},
		{"/dev/a:/dev/b:r:w", NULL, NULL, false},
	};

	/* errors are printed: keep them out of the TAP stream's reason line */
	CHECK(freopen("/dev/null", "w", stderr) != NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rootfs_device d;
		int r = device_parse(cases[i].spec, &d);

		if (!cases[i].ok) {
			if (r == 0)
				_exit(10 + (int) i);
			continue;
		}
		if (r != 0 || strcmp(d.dst, cases[i].dst) != 0 || strcmp(d.mode, cases[i].mode))
			_exit(10 + (int) i);
	}
}

TEST(ulimit_specs)
{
	static const struct {
		const char *spec;
		int resource;
		rlim_t cur, max;
		bool ok;
	} cases[] = {
		{"nofile=64", RLIMIT_NOFILE, 64, 64, true},
		{"nofile=64:128", RLIMIT_NOFILE, 64, 128, true},
		{"core=unlimited", RLIMIT_CORE, RLIM_INFINITY, RLIM_INFINITY, true},
		{"nproc=-1:-1", RLIMIT_NPROC, RLIM_INFINITY, RLIM_INFINITY, true},
		{"nofile=128:64", 0, 0, 0, false},
		{"bogus=1", 0, 0, 0, false},
		{"nofile=", 0, 0, 0, false},
		{"nofile", 0, 0, 0, false},
		{"nofile=1x", 0, 0, 0, false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ulimit u;
		const char *why = NULL;
		int r = rlimit_parse(cases[i].spec, &u, &why);

		if (!cases[i].ok) {
			CHECK(r < 0);
			continue;
		}
		CHECK_EQ(r, 0);
		CHECK_EQ(u.resource, cases[i].resource);
		CHECK(u.lim.rlim_cur == cases[i].cur);
		CHECK(u.lim.rlim_max == cases[i].max);
	}
}

CHECK_MAIN(T(bind_specs), T(tmpfs_specs), T(device_specs), T(ulimit_specs))
