/* SPDX-License-Identifier: MIT */
/*
 * The line tether-init writes to --exit-fd, as the launcher reads it (spawn_app_status):
 * the input is what the pipe holds. Whatever it is, the status is -1 (none) or 0..255.
 */
#include "fuzz.h"
#include "run.h"
#include "spawner.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct container c;
	int p[2], code;

	if (size > 4096)
		return 0;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0 || write(p[1], data, size) != (ssize_t) size)
		abort();
	close(p[1]);
	memset(&c, 0, sizeof(c));
	c.exit_pipe = p[0];
	code = spawn_app_status(&c);
	if (code < -1 || code > 255 || c.exit_pipe != -1)
		abort();
	return 0;
}
