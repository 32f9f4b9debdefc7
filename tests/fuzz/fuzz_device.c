/* SPDX-License-Identifier: MIT */
/*
 * --device HOST[:CONTAINER][:rwm] (supervisor/prepare/device.c), syntax only: an accepted spec
 * has an absolute HOST, a CONTAINER under /dev/ with no "." or ".." component, and a
 * mode that is a non-empty subset of "rwm", each letter once. Before --device is there
 * (supervisor/prepare/device.h), the target is built but tests nothing.
 */
#include "fuzz.h"

#if __has_include("device.h")
#include "device.h"

/* Every component after /dev/ is a name: not empty, not "." or "..". */
static bool names_only(const char *p)
{
	for (;;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct rootfs_device d;

	if (device_parse(s, &d) == 0) {
		size_t m = strlen(d.mode);

		if (s[0] != '/' || strncmp(d.dst, "/dev/", 5) != 0 || !names_only(d.dst + 5) ||
		    m == 0 || m > 3 || strspn(d.mode, "rwm") != m)
			abort();
		for (size_t i = 0; i < m; i++)
			if (strchr(d.mode + i + 1, d.mode[i]))
				abort();
	}
	device_free(&d);
	free(s);
	return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return 0;
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}
