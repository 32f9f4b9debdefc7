/* SPDX-License-Identifier: MIT */
/*
 * --bind SRC:DST[:ro|rw] and --tmpfs DST[:SIZE] (supervisor/prepare/rootfs.c): an accepted spec
 * has a non-empty destination, a bind a non-empty source, and a tmpfs mount data with
 * no option but mode and size (a comma in SIZE would add mount options).
 */
#include "fuzz.h"
#include "rootfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct rootfs_mount m;

	if (rootfs_parse_bind(s, &m) == 0 &&
	    (!m.src || !m.src[0] || !m.dst || !m.dst[0] || strchr(m.src, ':')))
		abort();
	rootfs_mount_free(&m);
	if (rootfs_parse_tmpfs(s, &m) == 0 &&
	    (!m.dst || !m.dst[0] || strchr(m.dst, ':') || !m.data ||
	     strchr(strchr(m.data, ',') ? strchr(m.data, ',') + 1 : m.data, ',')))
		abort();
	rootfs_mount_free(&m);
	free(s);
	return 0;
}
