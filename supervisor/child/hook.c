/* SPDX-License-Identifier: MIT */
/* hook.h: the start-up pause used by the tests. Runs in the child too: no heap, no stdio. */
#include "hook.h"
#include "fmt.h"
#include "steps.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

void hook_pause(const struct run_config *cfg, int step)
{
	struct timespec tick = {0, 20 * 1000 * 1000};
	char line[128];
	size_t n;

	if (cfg->pause_at != step)
		return;
	n = fmt_buf(line, sizeof(line), "tether: test hook: paused at %s\n", setup_step_id(step));
	if (write(STDERR_FILENO, line, n) < 0) {
		/* nothing to do: the hook only ever delays */
	}
	for (int i = 0; i < 500; i++) {
		if (cfg->resume_path && access(cfg->resume_path, F_OK) == 0)
			return;
		nanosleep(&tick, NULL);
	}
}
