/* SPDX-License-Identifier: MIT */
/*
 * `tether run ARGS`: parse (options.h), prepare (setup.h: the parent's I/O and the list of
 * operations), then run (run.h). argv[0] is "run"; returns the exit status.
 */
#include "commands.h"
#include "log.h"
#include "options.h"
#include "run.h"
#include "setup.h"
#include "tty.h"

int run_main(int argc, char **argv)
{
	struct run_config cfg;
	int level = LOG_LEVEL_WARNING, r;

	r = options_parse(&cfg, argc, argv, &level);
	if (r)
		return r < 0 ? 0 : r;
	log_set_level(level);
	r = setup_prepare(&cfg);
	if (r == 0)
		r = tty_check(&cfg);
	if (r == 0)
		r = run_container(&cfg);
	options_free(&cfg);
	return r;
}
