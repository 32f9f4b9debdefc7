/* SPDX-License-Identifier: MIT */
/*
 * tether-init's command line (init/options.c): the input is argv, NUL-separated, after
 * "tether-init". A command line that parses gives signals and a descriptor in range (the
 * reboot signal may be -1, decided later) and, unless --pause, a command inside argv. Its
 * usage messages go to a closed stderr (libFuzzer's -close_fd_mask=3, as make fuzz runs it).
 */
#include "fuzz.h"
#include "init.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct init_config cfg;
	char *s = fuzz_str(data, size), *args[66];
	int argc, r;

	args[0] = (char *) "tether-init";
	argc = 1 + (int) fuzz_split(s, size, '\0', args + 1, 64);
	args[argc] = NULL;
	r = init_parse(&cfg, argc, args);
	if (r == INIT_PARSE_RUN) {
		if (cfg.pause ? cfg.argv != NULL
			      : (!cfg.argv || cfg.argv < args + 1 || cfg.argv >= args + argc))
			abort();
		if (cfg.halt_sig < 1 || cfg.halt_sig > SIG_RTMAX || cfg.stop_sig < 1 ||
		    cfg.stop_sig > SIG_RTMAX || cfg.reboot_sig < -1 || cfg.reboot_sig > SIG_RTMAX ||
		    cfg.pdeath_sig < 0 || cfg.pdeath_sig > SIG_RTMAX || cfg.level < 0 ||
		    cfg.level > LOG_LEVEL_DEBUG || (cfg.exit_fd != -1 && cfg.exit_fd < 3) ||
		    cfg.exit_grace_ms == ~0ULL)
			abort();
		for (int i = 0; i <= SIG_RTMAX; i++)
			if (cfg.rewrite[i] > SIG_RTMAX)
				abort();
	} else if (r != INIT_PARSE_DONE && r != INIT_PARSE_USAGE) {
		abort();
	}
	free(s);
	return 0;
}
